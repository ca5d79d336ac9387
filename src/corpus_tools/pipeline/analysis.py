"""One run over a corpus: every table the notebooks and reports read, computed once.

:func:`analyse` loads (through a :mod:`corpus card <corpus_tools.corpus.card>`), cleans
and runs every extractor, and returns an :class:`Analysis`: the tables by name,
what could not be computed and why, and plain notes on fallbacks (the offline
tagger instead of stanza, files that could not be read). A step that fails does
not sink the run: its table is missing, :meth:`Analysis.why` says why, and the
notebooks show "not available for this corpus" instead of a traceback.

:meth:`Analysis.save` writes each table as Parquet (for code) and CSV (for a
spreadsheet) with a ``manifest.json``; :func:`open_analysis` reads them back, so the
reports compute a corpus once and every notebook reads the same tables.

Tables (their columns are in the module that makes each):

============== ==================================================================
articles       one row per article, clean (``loading`` + ``cleaning``)
problems       files or records that could not be read, metadata mismatches, and
               articles a step skipped because it failed on them (``step``)
cleaning       one row per change cleaning made (``cleaning_report``)
cleaning_summary  characters removed per article and kind
lengths        characters and words before and after cleaning
sentences      one row per sentence
entities       one row per entity mention
attributions   one row per attributed statement
chains         publisher → relayed outlet → source edges
times          one row per time expression
timeline       one row per reported event
figures        one row per reported figure, with its comparison group
figure_groups  one row per group of figures about the same quantity
============== ==================================================================

Example:
    >>> arts = pd.DataFrame({"article_id": ["a"], "published": [pd.Timestamp("2017-10-01")],
    ...                      "raw_text": ["قال الوزير إن 150 شخصاً عادوا أمس."]})
    >>> an = analyse(arts, backend="gazetteer", show_progress=False)
    >>> an["figures"]["value"].tolist(), an["times"]["begin"].dt.day.tolist(), an.missing
    ([150.0], [30], {})
"""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from corpus_tools.corpus.card import CorpusCard, find_card, load_card_corpus
from corpus_tools.corpus.loading import load_problems
from corpus_tools.pipeline.run import (
    PARTITION_SIZE,
    RunOptions,
    TableStore,
    _dates_in_seconds,
    balanced_size,
    concat_tables,
    map_partitions,
    partitions,
    resolve_backend,
    warn_step_failures,
    write_dask_partitions,
    write_partitions,
)
from corpus_tools.progress import progress
from corpus_tools.resources import project_root

#: Environment variable naming a folder of saved tables the notebooks read.
TABLES_ENV_VAR = "CORPUS_TOOLS_TABLES"
MANIFEST = "manifest.json"
#: Tables in the order they are computed.
TABLES = (
    "articles",
    "problems",
    "cleaning",
    "cleaning_summary",
    "lengths",
    "sentences",
    "entities",
    "attributions",
    "chains",
    "times",
    "timeline",
    "figures",
    "figure_groups",
)
#: Columns that hold Python objects (offset maps, change logs): never saved.
_UNSAVED = ("offsets", "changes")
#: Long text columns left out of the CSV copies (they stay in the Parquet files).
_CSV_SKIP = ("raw_text", "text")


@dataclass
class Analysis:
    """The tables of one corpus run, what is missing and why, and notes."""

    corpus: str
    name: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M"))
    seconds: dict[str, float] = field(default_factory=dict)
    folder: Path | None = None
    rows: dict[str, int] = field(default_factory=dict)

    def n_rows(self, name: str) -> int:
        """Rows of a table (from the manifest when read from a folder: nothing loaded)."""
        if name in self.rows:
            return self.rows[name]
        return len(self.tables[name]) if name in self.tables else 0

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.tables:
            raise KeyError(f"{name} not available: {self.why(name)}")
        return self.tables[name]

    def __contains__(self, name: object) -> bool:
        return name in self.tables

    def get(self, name: str) -> pd.DataFrame | None:
        """The table, or ``None`` when it could not be computed."""
        return self.tables.get(name)

    def why(self, name: str) -> str:
        """Why a table is missing (empty string when it is there)."""
        if name in self.tables:
            return ""
        return self.missing.get(name, "it was not computed in this run")

    @property
    def n_articles(self) -> int:
        return self.n_rows("articles")

    @property
    def is_seeds(self) -> bool:
        """True for the seed corpus shipped with the project (its readings apply)."""
        root = project_root()
        return root is not None and Path(self.corpus) == (root / "data" / "seeds").resolve()

    def save(self, folder: str | os.PathLike[str], *, csv: bool = True) -> Path:
        """Write every table (``<name>.parquet``, ``<name>.csv``) and ``manifest.json``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, df in self.tables.items():
            data = df.drop(columns=[c for c in _UNSAVED if c in df.columns])
            data.to_parquet(folder / f"{name}.parquet", index=False)
        _write_manifest(self, folder, {k: len(v) for k, v in self.tables.items()}, csv=csv)
        self.folder = folder
        return folder

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> Analysis:
        """The tables written by :meth:`save` or a stored run, each read when first used."""
        folder = Path(folder)
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        names = [n for n in manifest["rows"] if (folder / f"{n}.parquet").exists()]
        return cls(
            corpus=manifest["corpus"],
            name=manifest["name"],
            tables=FolderTables(folder, names),
            missing=manifest.get("missing", {}),
            notes=manifest.get("notes", []),
            created=manifest.get("created", ""),
            seconds=manifest.get("seconds", {}),
            folder=folder,
            rows=dict(manifest["rows"]),
        )

    def file(self, name: str, kind: str = "csv") -> Path | None:
        """The saved file of a table (``None`` when the tables were not saved)."""
        if self.folder is None:
            return None
        path = self.folder / f"{name}.{kind}"
        return path if path.is_file() else None


class FolderTables(MutableMapping):
    """The tables of a saved run, by name, each read from its Parquet file (or
    partitioned dataset folder) the first time it is used."""

    def __init__(self, folder: Path, names: list[str]):
        self.folder = folder
        self._names = list(names)
        self._loaded: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            if name not in self._names:
                raise KeyError(name)
            path = self.folder / f"{name}.parquet"
            self._loaded[name] = _dates_in_seconds(pd.read_parquet(path))
        return self._loaded[name]

    def __setitem__(self, name: str, df: pd.DataFrame) -> None:
        self._loaded[name] = df
        if name not in self._names:
            self._names.append(name)

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


def _write_manifest(an: Analysis, folder: Path, rows: dict[str, int], *, csv: bool = True) -> None:
    """``manifest.json`` (and each table's CSV copy, written one partition at a time)."""
    files = {}
    for name in rows:
        files[name] = [f"{name}.parquet"]
        if csv and _write_csv(folder, name):
            files[name].append(f"{name}.csv")
    manifest = {
        "corpus": an.corpus,
        "name": an.name,
        "created": an.created,
        "rows": rows,
        "files": files,
        "missing": an.missing,
        "notes": an.notes,
        "seconds": an.seconds,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")


def _write_csv(folder: Path, name: str) -> bool:
    """``<name>.csv`` from ``<name>.parquet`` (a file or a folder of parts), without the
    long text columns; one part in memory at a time."""
    source = folder / f"{name}.parquet"
    parts = sorted(source.glob("part-*.parquet")) if source.is_dir() else [source]
    if not parts or not parts[0].exists():
        return False
    target = folder / f"{name}.csv"
    for k, part in enumerate(parts):
        data = pd.read_parquet(part)
        data = data.drop(columns=[c for c in _CSV_SKIP if c in data.columns])
        data.to_csv(target, index=False, mode="w" if k == 0 else "a", header=k == 0)
    return True


#: Paths (absolute, temporary) are not what an analyst needs in a note.
_PATH_RE = re.compile(r"(?:/[\w.\-]+){2,}/?")


def _plain(message: str) -> str:
    """A warning as one plain line: first line only, paths shortened to their last part."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    if first.endswith(":") and ". " in first:  # "… (why). How to fix it:" → "… (why)."
        first = first[: first.rindex(". ") + 1]
    return _PATH_RE.sub(lambda m: "…/" + Path(m.group(0)).name, first)


@contextmanager
def _collect_warnings(notes: list[str]) -> Iterator[None]:
    """Turn warnings raised inside into plain notes (each said once)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        line = _plain(str(w.message))
        if line and line not in notes:
            notes.append(line)


def _step(an: Analysis, name: str, fn: Callable[[], Any], *needs: str, store: bool = True) -> Any:
    """Run one step; a failure (or a missing input) is recorded, never raised."""
    absent = [n for n in needs if n not in an.tables]
    if absent:
        an.missing.setdefault(name, f"needs {', '.join(absent)}, which could not be computed")
        return None
    started = time.perf_counter()
    try:
        with _collect_warnings(an.notes):
            out = fn()
    except Exception as exc:  # one failed step must not sink the others
        an.missing[name] = f"{name} failed: {type(exc).__name__}: {_plain(str(exc))}"
        return None
    an.seconds[name] = round(time.perf_counter() - started, 2)
    if store and isinstance(out, pd.DataFrame):
        an.tables[name] = out
    return out


def analyse(
    corpus: str | os.PathLike[str] | CorpusCard | pd.DataFrame | None = None,
    *,
    n_jobs: int = 1,
    backend: str = "auto",
    show_progress: bool | None = None,
    folder: str | os.PathLike[str] | None = None,
    partition_size: int = PARTITION_SIZE,
    resume: bool = True,
) -> Analysis:
    """Load, clean and extract everything from one corpus, one pass per article.

    ``corpus``: a path (folder, export, or a card ``.toml``), a :class:`CorpusCard`, an
    articles frame from :func:`corpus_tools.load_corpus`, or ``None`` for the default
    corpus. The card's boilerplate and entity files are used. ``backend`` is the
    entity tagger (:func:`corpus_tools.tag_entities`). ``n_jobs``: worker processes,
    each analysing whole partitions of ``partition_size`` articles.

    With ``folder`` the tables are written there partition by partition (Parquet;
    see :class:`~corpus_tools.pipeline.run.TableStore`) and the run holds one
    partition at a time; a partition already written is skipped unless
    ``resume=False``. The returned analysis then reads its tables from ``folder``
    when they are asked for.
    """
    card = corpus if isinstance(corpus, CorpusCard) else None
    if isinstance(corpus, pd.DataFrame):
        raw = corpus
        source = str(raw.attrs.get("source", ""))
        an = Analysis(corpus=source, name=source)
    else:
        card = card or find_card(corpus)
        an = Analysis(corpus=str(card.data), name=card.label)
        raw = _step(
            an, "articles", lambda: load_card_corpus(card, show_progress=show_progress), store=False
        )
        if raw is None:
            return an
    with _collect_warnings(an.notes):
        options = RunOptions(
            backend=resolve_backend(backend),
            boilerplate=tuple(str(p) for p in card.boilerplate) if card else (),
            entity_files=tuple(str(p) for p in card.entities) if card and card.entities else (),
        )
    loader_problems = load_problems(raw)
    parts = partitions(raw, balanced_size(len(raw), partition_size, n_jobs))
    started = time.perf_counter()
    if folder is None:
        results = map_partitions(parts, options, n_jobs)
        tables = concat_tables(
            progress(results, total=len(parts), desc="partitions", show=show_progress)
        )
        an.seconds["articles"] = round(time.perf_counter() - started, 2)
        _finish(an, tables, loader_problems)
        return an
    store = TableStore(folder)
    if not resume:
        store.clear()
    write_partitions(parts, store, options, n_jobs, show_progress)
    an.seconds["articles"] = round(time.perf_counter() - started, 2)
    return _finish_store(an, store, loader_problems)


def analyse_dask(
    articles: object,
    folder: str | os.PathLike[str],
    *,
    client: object | None = None,
    backend: str = "auto",
    boilerplate: tuple[str, ...] = (),
    entities: tuple[str, ...] = (),
    name: str = "",
    resume: bool = True,
) -> Analysis:
    """:func:`analyse` on a Dask cluster: one task per partition of ``articles``.

    ``articles``: a Dask DataFrame of loaded articles (``article_id``, ``raw_text`` and
    the metadata columns, as :func:`corpus_tools.load_corpus` gives them), or the path
    of a partitioned Parquet dataset of them. Each task cleans and analyses its
    partition and writes its tables to ``folder`` (partitioned Parquet, readable from
    every worker); a partition already there is skipped, so a crashed run resumes.
    The corpus-wide tables are made at the end, here. ``client``: a
    ``distributed.Client`` (e.g. ``Client("tcp://scheduler:8786")``; default: Dask's
    current scheduler). ``backend``: the entity tagger on the workers.
    """
    store = TableStore(folder)
    if not resume:
        store.clear()
    source = str(articles) if isinstance(articles, str | os.PathLike) else name or "dask"
    an = Analysis(corpus=source, name=name or Path(source).name)
    with _collect_warnings(an.notes):
        options = RunOptions(resolve_backend(backend), tuple(boilerplate), tuple(entities))
    started = time.perf_counter()
    write_dask_partitions(articles, store, options, client=client)
    an.seconds["articles"] = round(time.perf_counter() - started, 2)
    return _finish_store(an, store, load_problems(pd.DataFrame()))


def _broken_steps(step_problems: pd.DataFrame, n_texts: int) -> dict[str, str]:
    """Tables whose step failed on every article with text (a broken step, not a bad
    article), and the tables that need them: table → why it is missing."""
    from corpus_tools.pipeline.steps import STEPS

    missing: dict[str, str] = {}
    for step in STEPS:
        failed = step_problems[step_problems["step"] == step.table]
        needs = [s.table for s in STEPS if s.layer in step.needs and s.table in missing]
        if needs:
            missing[step.table] = f"needs {', '.join(needs)}, which could not be computed"
        elif n_texts and failed["article_id"].nunique() >= n_texts:
            first = failed.iloc[0]
            missing[step.table] = (
                f"{step.table} failed: {first['error']}: {_plain(first['message'])}"
            )
    return missing


def _drop_broken(an: Analysis, tables: dict, step_problems: pd.DataFrame, n_texts: int) -> None:
    """Leave out the tables of broken steps (:func:`_broken_steps`), saying why."""
    for table, why in _broken_steps(step_problems, n_texts).items():
        tables.pop(table, None)
        an.missing[table] = why


def _finish(an: Analysis, tables: dict[str, pd.DataFrame], loader_problems: pd.DataFrame) -> None:
    """The corpus-wide tables from the per-article ones, and every problem (in memory)."""
    step_problems = tables.pop("step_problems")
    n_texts = int((tables["articles"]["text"].str.len() > 0).sum())
    _drop_broken(an, tables, step_problems, n_texts)
    an.tables.update(tables)
    _corpus_steps(an, an.tables)
    an.tables["problems"] = _problems(loader_problems, step_problems, an.tables["articles"])
    with _collect_warnings(an.notes):
        warn_step_failures(step_problems, an.n_articles)


def _corpus_steps(an: Analysis, t: dict[str, pd.DataFrame]) -> None:
    from corpus_tools.aggregate.chains import attribution_chains
    from corpus_tools.aggregate.compare import compare_figures, figure_groups

    _step(
        an, "chains", lambda: attribution_chains(t["articles"], t["attributions"]), "attributions"
    )
    _step(an, "figures", lambda: compare_figures(t["figures"]), "figures")
    _step(an, "figure_groups", lambda: figure_groups(t["figures"]), "figures")


#: Tables made from the whole corpus's per-article tables, at the end of a run.
CORPUS_TABLES = ("chains", "figures", "figure_groups", "problems")
#: What the corpus-wide steps read of the per-article tables (a stored run reads no more).
_CORPUS_STEP_COLUMNS = {"articles": ["article_id", "publisher", "relays", "path", "published"]}


def _finish_store(an: Analysis, store: TableStore, loader_problems: pd.DataFrame) -> Analysis:
    """The corpus-wide tables of a stored run, written beside the partitions; the
    manifest; the analysis read back lazily from the folder."""
    cols = [c for c in _CORPUS_STEP_COLUMNS["articles"] if c in store.columns("articles")]
    small = {"articles": store.read("articles", columns=cols)}
    step_problems = store.read("step_problems")
    n_texts = int((store.read("lengths", columns=["clean_chars"])["clean_chars"] > 0).sum())
    _drop_broken(an, small, step_problems, n_texts)
    for name, stored in (("attributions", "attributions"), ("figures", "extracted_figures")):
        if name not in an.missing:
            small[name] = store.read(stored)
    corpus_an = Analysis(corpus=an.corpus, name=an.name, tables=small)
    _corpus_steps(corpus_an, small)
    corpus_an.tables["problems"] = _problems(loader_problems, step_problems, small["articles"])
    with _collect_warnings(an.notes):
        warn_step_failures(step_problems, len(small["articles"]))
    an.missing.update(corpus_an.missing)
    an.seconds.update(corpus_an.seconds)
    del small
    for name in CORPUS_TABLES:
        if name in corpus_an.tables:
            corpus_an.tables[name].to_parquet(store.folder / f"{name}.parquet", index=False)
    rows = {
        name: n
        for name, n in store.totals().items()
        if name not in ("step_problems", "extracted_figures", *an.missing)
    }
    rows.update({n: len(corpus_an.tables[n]) for n in CORPUS_TABLES if n in corpus_an.tables})
    _write_manifest(an, store.folder, rows)
    return Analysis.load(store.folder)


#: Columns of the ``problems`` table: the loader's, plus the step that met the problem.
PROBLEMS_COLUMNS = ["path", "article_id", "problem", "detail", "step"]


def _problems(
    loading: pd.DataFrame, step_problems: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """The loader's problems (step ``load_corpus``) and every step's failed articles
    (problem ``step_failed``, detail ``Error: message``): what a run skipped, and why."""
    paths = {}
    if "path" in articles.columns:
        pairs = zip(articles["article_id"].astype("str"), articles["path"], strict=True)
        paths = {a: p for a, p in pairs if isinstance(p, str)}
    frames = [loading.assign(step="load_corpus")]
    if len(step_problems):
        sp = step_problems
        frames.append(
            pd.DataFrame(
                {
                    "path": [str(paths.get(a, "")) for a in sp["article_id"]],
                    "article_id": sp["article_id"],
                    "problem": "step_failed",
                    "detail": sp["error"] + ": " + sp["message"],
                    "step": sp["step"],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out.reindex(columns=PROBLEMS_COLUMNS).fillna("").astype("str")


def open_analysis(
    corpus: str | os.PathLike[str] | None = None,
    *,
    tables: str | os.PathLike[str] | None = None,
    **options: Any,
) -> Analysis:
    """The tables a notebook shows: read from ``tables`` (or ``$CORPUS_TOOLS_TABLES``)
    when that folder holds a saved run of the same corpus, else computed now."""
    folder = tables or os.environ.get(TABLES_ENV_VAR)
    if folder and (Path(folder) / MANIFEST).is_file():
        an = Analysis.load(folder)
        wanted = str(find_card(corpus).data) if corpus else an.corpus
        if wanted == an.corpus:
            return an
    return analyse(corpus, **options)
