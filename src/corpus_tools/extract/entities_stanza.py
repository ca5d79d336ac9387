"""Stanza's Arabic NER as a second entity backend (a recall aid next to the gazetteer).

The real pipeline is ``stanza.Pipeline("ar", processors="tokenize,mwt,ner")``, run
offline (``download_method=None``) from ``$STANZA_RESOURCES_DIR`` (stanza's own
default when unset). Get the models once, on a machine with internet::

    python -c "import stanza; stanza.download('ar', processors='tokenize,mwt,ner')"

Stanza's Arabic NER (AQMAR, trained on Wikipedia) labels PER, LOC, ORG and MISC;
:data:`STANZA_LABELS` maps them to ours, and a span the gazetteer knows takes the
gazetteer's label, canonical name and id. Results are cached on disk (parquet files
under ``$CORPUS_TOOLS_CACHE/stanza-ner``, default ``~/.cache/corpus_tools``) keyed by
the text and the model version, so re-running a notebook does not re-tag. The cache
folder is checked (and created) before tagging; where it cannot be written, one
warning names it and the results are kept in memory for the session instead. A shard
that cannot be read or holds the wrong columns is skipped with a warning naming it.

Example (no model needed: a ``Document`` built by hand)::

    >>> from stanza.models.common.doc import Document
    >>> doc = Document([[
    ...     {"id": 1, "text": "قال", "ner": "O", "misc": "start_char=0|end_char=3"},
    ...     {"id": 2, "text": "ماتيس", "ner": "S-PER", "misc": "start_char=4|end_char=9"},
    ... ]], text="قال ماتيس")
    >>> [(r["text"], r["label"], r["canonical"]) for r in doc_to_rows(doc, "قال ماتيس")]
    [('ماتيس', 'PER', 'Jim Mattis')]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import uuid
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from corpus_tools.extract.gazetteer import Entity, Gazetteer, default_gazetteer, unknown_entity
from corpus_tools.progress import progress
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import PREFIXES, TOKEN_RE, readings

#: Stanza's NER labels (AQMAR for Arabic; OntoNotes-style for others) → ours.
STANZA_LABELS = {
    "PER": "PER",
    "PERS": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "NORP",
    "MISC": "MISC",
}
PROCESSORS = "tokenize,mwt,ner"
CACHE_ENV_VAR = "CORPUS_TOOLS_CACHE"


def how_to_get_models() -> str:
    """The instructions every "models absent" message ends with."""
    return (
        "Download them once, on a machine with internet:\n"
        "    python -c \"import stanza; stanza.download('ar', processors='tokenize,mwt,ner', "
        f"model_dir='{resources_dir()}')\"\n"
        "(or download elsewhere and point $STANZA_RESOURCES_DIR at that folder), "
        "or use backend='gazetteer'."
    )


_said_why = False


class StanzaUnavailable(RuntimeError):
    """Stanza or its Arabic models are not installed."""


def _import_stanza():
    """``import stanza`` without the tqdm notebook-widget warning its import can raise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import stanza
        import stanza.resources.common
    return stanza


def resources_dir() -> Path:
    """Where stanza's models are looked for: ``$STANZA_RESOURCES_DIR`` or stanza's default."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    try:
        stanza = _import_stanza()
    except ImportError:
        return Path("~/stanza_resources").expanduser()
    return Path(stanza.resources.common.DEFAULT_MODEL_DIR)


def missing_models(lang: str = "ar") -> str | None:
    """Why stanza cannot run offline here, or ``None`` when it can."""
    try:
        _import_stanza()
    except ImportError:
        return "stanza is not installed (pip install 'corpus_tools[stanza]')"
    folder = resources_dir()
    if not (folder / "resources.json").is_file():
        return f"no stanza resources.json in {folder}"
    for proc in PROCESSORS.split(","):
        if not any((folder / lang / proc).glob("*.pt")):
            return f"no stanza '{lang}' {proc} model in {folder / lang / proc}"
    return None


def stanza_available_or_say_why() -> bool:
    """True when stanza's models are there; else warn once (per session) and return False."""
    global _said_why
    why = missing_models()
    if why is None:
        return True
    if not _said_why:
        warnings.warn(
            f"entities: using the offline gazetteer only ({why}). {how_to_get_models()}",
            stacklevel=3,
        )
        _said_why = True
    return False


def load_pipeline(lang: str = "ar", use_gpu: bool | None = None) -> Any:
    """The real stanza pipeline, offline; :class:`StanzaUnavailable` with how-to if absent."""
    why = missing_models(lang)
    if why is not None:
        raise StanzaUnavailable(f"stanza NER cannot run: {why}.\n{how_to_get_models()}")
    stanza = _import_stanza()
    kwargs: dict[str, Any] = {}
    if use_gpu is not None:
        kwargs["use_gpu"] = use_gpu
    return stanza.Pipeline(
        lang,
        processors=PROCESSORS,
        dir=str(resources_dir()),
        download_method=None,
        logging_level="WARN",
        **kwargs,
    )


def model_version(lang: str = "ar") -> str:
    """Stanza's version plus the size and mtime of each model file: a cache key part."""
    parts = [_import_stanza().__version__]
    for proc in PROCESSORS.split(","):
        for pt in sorted((resources_dir() / lang / proc).glob("*.pt")):
            st = pt.stat()
            parts.append(f"{proc}/{pt.name}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def doc_to_rows(doc: Any, text: str, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Entity rows (``tag_text``'s dict shape) from a stanza ``Document`` of ``text``."""
    spans = [(int(e.start_char), int(e.end_char), str(e.type)) for e in doc.ents]
    return spans_to_rows(spans, text, gazetteer)


def spans_to_rows(
    spans: Sequence[tuple[int, int, str]], text: str, gazetteer: Gazetteer | None = None
) -> list[dict]:
    """Rows from ``(start, end, stanza_label)`` spans; canonicalised by the gazetteer."""
    gz = gazetteer or default_gazetteer()
    rows = []
    for start, end, kind in spans:
        label = STANZA_LABELS.get(kind.upper(), "MISC")
        surface = text[start:end]
        entity, clitic = _known(surface, gz)
        if entity is None:
            entity = unknown_entity(surface, label)
        rows.append(
            {
                "start": start,
                "end": end,
                "text": surface,
                "clitic": clitic,
                "label": entity.label,
                "canonical": entity.canonical,
                "entity_id": entity.entity_id,
                "kind": entity.kind,
                "country": entity.country,
                "backend": "stanza",
            }
        )
    return rows


def _known(surface: str, gz: Gazetteer) -> tuple[Entity | None, str]:
    """The gazetteer's entity for a mention (its first word read without و ف ب ل ك,
    fewest letters first) and the clitic letters taken off; ``(None, "")`` if unknown."""
    norm = normalize_for_matching(surface)
    first = TOKEN_RE.match(norm)
    if not first:
        return None, ""
    for r in readings(first.group()):
        if not PREFIXES.accepts(r):
            continue
        entity = gz.lookup(r.stem + norm[first.end() :])
        if entity is not None:
            return entity, surface[: r.cut] if r.cut else ""
    return None, ""


def cache_dir() -> Path:
    base = os.environ.get(CACHE_ENV_VAR) or "~/.cache/corpus_tools"
    return Path(base).expanduser() / "stanza-ner"


#: Folders already warned about (one warning per folder and session).
_warned_folders: set[str] = set()
#: In-memory stand-ins for caches whose folder cannot be written, by model version.
_memory_caches: dict[str, SpanCache] = {}


def _warn_once(folder: Path | None, message: str) -> None:
    key = str(folder)
    if key in _warned_folders:
        return
    _warned_folders.add(key)
    warnings.warn(message, stacklevel=3)


def _shard_spans(df: pd.DataFrame) -> dict[str, list[tuple[int, int, str]]]:
    """The spans a shard holds, checked; ValueError saying what is wrong with it."""
    missing = {"key", "spans"} - set(df.columns)
    if missing:
        raise ValueError(
            f"columns {sorted(map(str, df.columns))}, not 'key' and 'spans' "
            f"(missing {sorted(missing)})"
        )
    out: dict[str, list[tuple[int, int, str]]] = {}
    for key, spans in zip(df["key"], df["spans"], strict=True):
        if not isinstance(key, str) or not isinstance(spans, str):
            raise ValueError(f"a row with key {key!r} and spans {spans!r} (both must be text)")
        try:
            parsed = json.loads(spans)
        except json.JSONDecodeError as exc:
            raise ValueError(f"spans that are not JSON ({exc}): {spans[:80]!r}") from exc
        if not isinstance(parsed, list):
            raise ValueError(f"spans that are not a list: {spans[:80]!r}")
        rows = []
        for s in parsed:
            if not (
                isinstance(s, list)
                and len(s) == 3
                and all(isinstance(x, int) and not isinstance(x, bool) for x in s[:2])
                and isinstance(s[2], str)
            ):
                raise ValueError(f"a span that is not [start, end, label]: {s!r}")
            rows.append((s[0], s[1], s[2]))
        out[key] = rows
    return out


class SpanCache:
    """Append-only parquet cache of NER spans keyed by ``sha256(model version, text)``.

    ``folder=None`` keeps the spans in memory only. A folder that cannot be written
    never loses a result: the spans stay in memory and one warning names the folder.
    A shard that cannot be read, or holds the wrong columns or malformed spans, is
    skipped with a warning naming the file.
    """

    def __init__(self, folder: Path | None, version: str):
        self.folder, self.version = folder, version
        self._data: dict[str, list[tuple[int, int, str]]] | None = None
        self._writable: bool | None = None if folder is not None else False

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.version}\0{text}".encode()).hexdigest()

    def unwritable_because(self) -> str | None:
        """Why spans cannot be written to the folder (created if absent), or ``None``."""
        if self.folder is None:
            return "no cache folder"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self.folder.is_dir():
                return "it is not a folder"
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".probe-", suffix=".tmp"):
                pass
        except OSError as exc:
            return f"{type(exc).__name__}: {exc.strerror or exc}"
        return None

    def writable(self) -> bool:
        """True when the folder can be written (checked once); else warns once, naming it."""
        if self._writable is None:
            why = self.unwritable_because()
            self._writable = why is None
            if why is not None:
                self._warn_unwritable(why)
        return self._writable

    def _warn_unwritable(self, why: str) -> None:
        _warn_once(
            self.folder,
            f"stanza cache: cannot write to {self.folder} ({why}); NER results are kept in "
            f"memory for this session only. Set ${CACHE_ENV_VAR} to a writable folder to "
            "keep them.",
        )

    def load(self) -> dict[str, list[tuple[int, int, str]]]:
        if self._data is None:
            self._data = {}
            if self.folder is None or not self.folder.is_dir():
                return self._data
            try:
                paths = sorted(self.folder.glob("*.parquet"))
            except OSError as exc:
                warnings.warn(f"stanza cache: cannot list {self.folder}: {exc}", stacklevel=2)
                paths = []
            for path in paths:
                try:
                    spans = _shard_spans(pd.read_parquet(path))
                except Exception as exc:  # a broken shard is skipped, not fatal
                    warnings.warn(
                        f"stanza cache: skipping unusable shard {path}: {exc}", stacklevel=2
                    )
                    continue
                self._data.update(spans)
        return self._data

    def get(self, text: str) -> list[tuple[int, int, str]] | None:
        return self.load().get(self.key(text))

    def put_many(self, items: dict[str, list[tuple[int, int, str]]]) -> None:
        """Keep ``items`` (in memory always; on disk when the folder can be written)."""
        if not items:
            return
        self.load().update(items)
        if not self.writable():
            return
        assert self.folder is not None
        df = pd.DataFrame(
            {
                "key": list(items),
                "spans": [json.dumps(v, ensure_ascii=False) for v in items.values()],
            }
        )
        tmp = self.folder / f".{uuid.uuid4().hex}.tmp"
        try:
            df.to_parquet(tmp, index=False)
            tmp.rename(self.folder / f"{uuid.uuid4().hex}.parquet")
        except OSError as exc:  # the folder went away or filled up: keep the spans in memory
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            self._writable = False
            self._warn_unwritable(f"{type(exc).__name__}: {exc.strerror or exc}")


def _usable_cache(cache: SpanCache) -> SpanCache:
    """``cache``, or (warned once) an in-memory cache when its folder cannot be written."""
    if cache.writable():
        return cache
    memory = _memory_caches.setdefault(cache.version, SpanCache(None, cache.version))
    memory.load().update(cache.load())  # what the folder holds can still be read
    return memory


def stanza_entities(
    texts: Sequence[str],
    gazetteer: Gazetteer | None = None,
    *,
    pipeline: Callable[[str], Any] | None = None,
    version: str | None = None,
    cache: SpanCache | None = None,
    show_progress: bool | None = None,
    failures: dict[int, BaseException] | None = None,
) -> list[list[dict]]:
    """Stanza's entity rows for each text, from the cache where it has them.

    A text stanza fails on gets no rows (and is not cached); with ``failures``, its
    index and the exception are recorded there, so the caller can report it.

    ``pipeline`` and ``version`` default to the real pipeline and its model version
    (tests pass a stand-in); ``cache`` to the on-disk cache. The cache folder is
    checked (and created) before tagging: where it cannot be written, a warning names
    it and the results are kept in memory, so no tagging is ever lost.
    """
    if pipeline is None:
        pipeline = load_pipeline()
        version = version or model_version()
    version = version or "custom"
    cache = _usable_cache(cache or SpanCache(cache_dir(), version))
    out: list[list[dict]] = []
    new: dict[str, list[tuple[int, int, str]]] = {}
    for text in progress(texts, desc="stanza NER", show=show_progress):
        spans = cache.get(text) if text else []
        if spans is None:
            try:
                doc = pipeline(text)
                spans = [(int(e.start_char), int(e.end_char), str(e.type)) for e in doc.ents]
            except Exception as exc:  # one text must not sink the corpus
                if failures is not None:
                    failures[len(out)] = exc
                out.append([])
                continue
            new[cache.key(text)] = spans
            if len(new) >= 500:
                cache.put_many(new)
                new = {}
        out.append(spans_to_rows(spans, text, gazetteer))
    cache.put_many(new)
    return out
