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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from corpus_tools.corpus.card import CorpusCard, find_card, load_card_corpus
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
        return len(self.tables["articles"]) if "articles" in self.tables else 0

    @property
    def is_seeds(self) -> bool:
        """True for the seed corpus shipped with the project (its readings apply)."""
        root = project_root()
        return root is not None and Path(self.corpus) == (root / "data" / "seeds").resolve()

    def save(self, folder: str | os.PathLike[str], *, csv: bool = True) -> Path:
        """Write every table (``<name>.parquet``, ``<name>.csv``) and ``manifest.json``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for name, df in self.tables.items():
            data = df.drop(columns=[c for c in _UNSAVED if c in df.columns])
            data.to_parquet(folder / f"{name}.parquet", index=False)
            files[name] = [f"{name}.parquet"]
            if csv:
                data.drop(columns=[c for c in _CSV_SKIP if c in data.columns]).to_csv(
                    folder / f"{name}.csv", index=False
                )
                files[name].append(f"{name}.csv")
        manifest = {
            "corpus": self.corpus,
            "name": self.name,
            "created": self.created,
            "rows": {k: len(v) for k, v in self.tables.items()},
            "files": files,
            "missing": self.missing,
            "notes": self.notes,
            "seconds": self.seconds,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        self.folder = folder
        return folder

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> Analysis:
        """Read tables written by :meth:`save`."""
        folder = Path(folder)
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        tables = {
            name: _dates_in_seconds(pd.read_parquet(folder / f"{name}.parquet"))
            for name in manifest["rows"]
            if (folder / f"{name}.parquet").is_file()
        }
        return cls(
            corpus=manifest["corpus"],
            name=manifest["name"],
            tables=tables,
            missing=manifest.get("missing", {}),
            notes=manifest.get("notes", []),
            created=manifest.get("created", ""),
            seconds=manifest.get("seconds", {}),
            folder=folder,
        )

    def file(self, name: str, kind: str = "csv") -> Path | None:
        """The saved file of a table (``None`` when the tables were not saved)."""
        if self.folder is None:
            return None
        path = self.folder / f"{name}.{kind}"
        return path if path.is_file() else None


def _dates_in_seconds(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet keeps seconds as milliseconds: give date columns back their contract's unit."""
    dates = [c for c in df.columns if str(df[c].dtype).startswith("datetime64[ms")]
    return df.astype({c: "datetime64[s]" for c in dates}) if dates else df


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
        an.missing[name] = f"needs {', '.join(absent)}, which could not be computed"
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
) -> Analysis:
    """Load, clean and extract everything from one corpus.

    ``corpus``: a path (folder, export, or a card ``.toml``), a :class:`CorpusCard`, an
    articles frame from :func:`corpus_tools.load_corpus`, or ``None`` for the default
    corpus. The card's boilerplate and entity files are used. ``backend`` is the
    entity tagger (:func:`corpus_tools.tag_entities`).
    """
    from corpus_tools.aggregate.chains import attribution_chains
    from corpus_tools.corpus.loading import load_problems
    from corpus_tools.extract.attribution import extract_attributions
    from corpus_tools.extract.entities import tag_entities
    from corpus_tools.extract.figures import compare_figures, extract_figures, figure_groups
    from corpus_tools.extract.timeline import build_timeline
    from corpus_tools.extract.timex import extract_time_expressions
    from corpus_tools.text import cleaning, segmenting

    card = corpus if isinstance(corpus, CorpusCard) else None
    if isinstance(corpus, pd.DataFrame):
        raw = corpus
        an = Analysis(
            corpus=str(raw.attrs.get("source", "")), name=str(raw.attrs.get("source", ""))
        )
    else:
        card = card or find_card(corpus)
        an = Analysis(corpus=str(card.data), name=card.label)
        raw = _step(
            an, "articles", lambda: load_card_corpus(card, show_progress=show_progress), store=False
        )
        if raw is None:
            return an
    jobs = {"n_jobs": n_jobs, "show_progress": show_progress}
    # the loader's warnings are among the notes; the steps' failed articles join at the end
    an.tables["problems"] = _all_problems(load_problems(raw), raw, {})
    boiler = list(card.boilerplate) if card else None
    arts = _step(an, "articles", lambda: cleaning.clean_corpus(raw, boilerplate=boiler, **jobs))
    if arts is None:
        return an
    t = an.tables
    _step(an, "cleaning", lambda: cleaning.cleaning_report(arts), "articles")
    _step(an, "cleaning_summary", lambda: cleaning.cleaning_summary(arts), "articles")
    _step(an, "lengths", lambda: cleaning.length_table(arts), "articles")
    _step(an, "sentences", lambda: segmenting.sentences(arts), "articles")
    ent_files = list(card.entities) if card and card.entities else None
    _step(
        an, "entities", lambda: tag_entities(arts, backend, entities=ent_files, **jobs), "articles"
    )
    _step(
        an,
        "attributions",
        lambda: extract_attributions(arts, t["entities"], **jobs),
        "entities",
    )
    _step(an, "chains", lambda: attribution_chains(arts, t["attributions"]), "attributions")
    _step(an, "times", lambda: extract_time_expressions(arts, **jobs), "articles")
    _step(
        an,
        "timeline",
        lambda: build_timeline(
            arts, entities=t["entities"], attributions=t["attributions"], times=t["times"], **jobs
        ),
        "entities",
        "attributions",
        "times",
    )
    _step(
        an,
        "figures",
        lambda: compare_figures(
            extract_figures(
                arts,
                entities=t["entities"],
                attributions=t["attributions"],
                times=t["times"],
                **jobs,
            )
        ),
        "entities",
        "attributions",
        "times",
    )
    _step(an, "figure_groups", lambda: figure_groups(t["figures"]), "figures")
    an.tables["problems"] = _all_problems(load_problems(raw), arts, an.tables)
    return an


#: Columns of the ``problems`` table: the loader's, plus the step that met the problem.
PROBLEMS_COLUMNS = ["path", "article_id", "problem", "detail", "step"]
#: The per-article steps whose tables carry the articles they skipped, by table.
_STEP_TABLES = ("entities", "attributions", "times", "timeline", "figures")


def _all_problems(
    loading: pd.DataFrame, articles: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """The loader's problems (step ``load_corpus``) and every step's failed articles
    (problem ``step_failed``, detail ``Error: message``): what a run skipped, and why."""
    from corpus_tools.pipeline.tables import step_problems

    paths = {}
    if "path" in articles.columns:
        pairs = zip(articles["article_id"].astype("str"), articles["path"], strict=True)
        paths = {a: p for a, p in pairs if isinstance(p, str)}
    frames = [loading.assign(step="load_corpus")]
    for df in [articles, *(tables.get(name) for name in _STEP_TABLES)]:
        sp = step_problems(df)
        if sp.empty:
            continue
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
