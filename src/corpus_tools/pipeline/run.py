"""A corpus run: partitions of articles, each cleaned and analysed in one pass.

The unit of work is a **partition** (a frame of loaded articles, a few hundred by
default): :func:`analyse_partition` cleans every article, builds its
:class:`~corpus_tools.text.document.Document` once and runs every step on it
(:mod:`.steps`), and returns the partition's tables. The same function runs

- in this process (``n_jobs=1``), or in ``n_jobs`` worker processes, each receiving a
  partition's raw articles and returning (or writing) its tables;
- on a Dask cluster (:func:`analyse_dask`): a Dask DataFrame or a partitioned Parquet
  dataset in, one task per partition, partitioned Parquet tables out.

Written to a :class:`TableStore` folder, a partition whose tables exist is skipped
when the run starts again (a crashed run resumes), and the parent holds one
partition's tables at a time (bounded memory). The corpus-wide tables (attribution
chains, figure comparison and groups, problems) are made at the end from the stored
per-article tables (:func:`corpus_tables`).
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corpus_tools.contracts import STEP_PROBLEMS_ATTR, contract
from corpus_tools.pipeline.steps import (
    STEPS,
    Resources,
    document_of,
    run_document,
    sentence_rows,
    steps_for,
)
from corpus_tools.pipeline.tables import STEP_PROBLEM_COLUMNS, StepWarning, warn_failed

#: Articles per partition unless told otherwise.
PARTITION_SIZE = 500
#: Tables made per partition (per article), in the order they are made.
PARTITION_TABLES = (
    "articles",
    "cleaning",
    "cleaning_summary",
    "lengths",
    "sentences",
    "entities",
    "attributions",
    "times",
    "timeline",
    "figures",
    "step_problems",
)
#: Columns of the articles table that hold Python objects: kept in memory, never stored.
OBJECT_COLUMNS = ("offsets", "changes")
#: Per-article tables a store keeps under another name: the corpus-wide comparison
#: (:func:`corpus_tools.compare_figures`) makes the ``figures`` table from them.
STORED_AS = {"figures": "extracted_figures"}


@dataclass(frozen=True)
class RunOptions:
    """How every partition is analysed (the same for all of them; picklable).

    ``backend``: the entity backend (:data:`BACKENDS`; checked by
    :func:`resolve_backend`). ``boilerplate`` and ``entity_files``: the user's rule
    and entity files. ``tables``: the per-article tables wanted
    (default: all).
    """

    backend: str = "auto"
    boilerplate: tuple[str, ...] = ()
    entity_files: tuple[str, ...] = ()
    tables: tuple[str, ...] = tuple(s.table for s in STEPS)


#: The entity backends: tagged per document in the workers (``auto``: gazetteer and
#: patterns fused with the trained tagger; ``gazetteer``; ``tagger``), or by stanza for
#: a batch of articles (``stanza``; ``gazetteer+stanza``: the gazetteer's rows plus
#: stanza's mentions it missed).
DOCUMENT_BACKENDS = ("auto", "gazetteer", "tagger")
BACKENDS = (*DOCUMENT_BACKENDS, "stanza", "gazetteer+stanza")


def resolve_backend(backend: str) -> str:
    """``backend`` when it is one of :data:`BACKENDS` (else a ``ValueError``), but
    ``"gazetteer+stanza"`` becomes ``"gazetteer"`` when stanza's models are absent
    (said once)."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; not {backend!r}")
    if backend == "gazetteer+stanza":
        from corpus_tools.extract.entities_stanza import stanza_available_or_say_why

        return backend if stanza_available_or_say_why() else "gazetteer"
    return backend


# --- one partition ---------------------------------------------------------------------
def _clean(raw: pd.DataFrame, options: RunOptions) -> pd.DataFrame:
    from corpus_tools.text.cleaning import clean_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StepWarning)  # said once for the corpus, at the end
        return clean_corpus(raw, boilerplate=list(options.boilerplate) or None)


def _cleaning_tables(arts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    from corpus_tools.text.cleaning import cleaning_report, cleaning_summary, length_table

    return {
        "cleaning": cleaning_report(arts),
        "cleaning_summary": cleaning_summary(arts),
        "lengths": length_table(arts),
    }


def _given_entities(arts: pd.DataFrame, options: RunOptions) -> tuple[dict, list[dict]]:
    """Stanza's entity rows by article (tagged for the whole partition at once)."""
    if options.backend in DOCUMENT_BACKENDS or "entities" not in options.tables:
        return {}, []
    from corpus_tools.extract.entities import tag_entities

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StepWarning)
        ents = tag_entities(
            arts, options.backend, entities=list(options.entity_files) or None, show_progress=False
        )
    by_id: dict[str, list[dict]] = {}
    for row in ents.to_dict("records"):
        by_id.setdefault(row.pop("article_id"), []).append(row)
    return by_id, list(ents.attrs.get(STEP_PROBLEMS_ATTR, []))


def analyse_partition(
    raw: pd.DataFrame, options: RunOptions = RunOptions()
) -> dict[str, pd.DataFrame]:
    """Every per-article table of one partition of loaded articles (see :data:`PARTITION_TABLES`).

    Pure: the result depends only on ``raw`` and ``options``. ``step_problems`` holds
    the articles a step failed on (:data:`~corpus_tools.pipeline.tables.STEP_PROBLEM_COLUMNS`).
    """
    arts = _clean(_plain_strings(raw), options)
    problems = list(arts.attrs.get(STEP_PROBLEMS_ATTR, []))
    out = {"articles": arts, **_cleaning_tables(arts)}
    given, stanza_problems = _given_entities(arts, options)
    problems += stanza_problems
    steps = steps_for(options.tables)
    resources = Resources(options.entity_files, bool(given), options.backend)
    rows: dict[str, list[dict]] = {name: [] for name in ("sentences", *(s.table for s in steps))}
    ids: dict[str, list[str]] = {name: [] for name in rows}
    columns = ["article_id", "text", "published", "relays", "publisher", "headline"]
    records = arts[[c for c in columns if c in arts.columns]].to_dict("records")
    for record in records:
        doc = document_of(record)
        if not doc.text:
            continue
        if given or options.backend not in DOCUMENT_BACKENDS:
            doc.layers["entities"] = given.get(doc.article_id, [])
        result = run_document(doc, resources, steps)
        problems += result.problems
        for table, table_rows in (("sentences", sentence_rows(doc)), *result.rows.items()):
            rows[table].extend(table_rows)  # the layer's own dicts: no copy per row
            ids[table].extend([doc.article_id] * len(table_rows))
    for table, table_rows in rows.items():
        out[table] = _frame(table, table_rows, ids[table])
    out["step_problems"] = pd.DataFrame(problems, columns=STEP_PROBLEM_COLUMNS).astype("str")
    return out


def _plain_strings(raw: pd.DataFrame) -> pd.DataFrame:
    """Text columns as pandas' default ``str`` dtype (Dask hands partitions over with
    ``string[pyarrow]``, whose missing value is ``NA``, not ``NaN``)."""
    nullable = [
        c
        for c in raw.columns
        if isinstance(raw[c].dtype, pd.StringDtype) and raw[c].dtype.na_value is pd.NA
    ]
    return raw.astype({c: "str" for c in nullable}) if nullable else raw


def _frame(table: str, rows: list[dict], ids: list[str]) -> pd.DataFrame:
    """A partition's table from its rows (dicts without ``article_id``) and their ids."""
    df = contract(table).frame(rows)
    df["article_id"] = pd.array(ids, dtype="str")
    return df


# --- many partitions -------------------------------------------------------------------
def partitions(raw: pd.DataFrame, size: int = PARTITION_SIZE) -> list[pd.DataFrame]:
    """``raw`` cut into consecutive partitions of at most ``size`` articles."""
    size = max(int(size), 1)
    return [raw.iloc[i : i + size] for i in range(0, len(raw), size)] or [raw]


def balanced_size(n_articles: int, size: int = PARTITION_SIZE, n_jobs: int = 1) -> int:
    """A partition size of at most ``size`` that gives each of ``n_jobs`` workers
    at least four partitions (so that none waits long for the last one).

    >>> balanced_size(1500, 500, 1), balanced_size(1500, 500, 2), balanced_size(100, 500, 2)
    (500, 188, 50)
    """
    if n_jobs <= 1:
        return size
    return max(min(size, -(-n_articles // (4 * n_jobs))), 50)


def map_partitions(
    parts: Sequence[pd.DataFrame], options: RunOptions, n_jobs: int = 1
) -> Iterator[dict[str, pd.DataFrame]]:
    """:func:`analyse_partition` of each partition, in order (``n_jobs`` processes)."""
    if n_jobs > 1 and len(parts) > 1:
        with ProcessPoolExecutor(min(n_jobs, len(parts))) as pool:
            yield from pool.map(analyse_partition, parts, [options] * len(parts))
    else:
        for part in parts:
            yield analyse_partition(part, options)


def concat_tables(results: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The partitions' tables joined, table by table (contracts kept)."""
    lists: dict[str, list[pd.DataFrame]] = {}
    for result in results:
        for name, df in result.items():
            lists.setdefault(name, []).append(df)
    out = {}
    for name, frames in lists.items():
        nonempty = [f for f in frames if len(f)] or frames[:1]
        df = pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else nonempty[0]
        out[name] = df.reset_index(drop=True)
    return out


def warn_step_failures(problems: pd.DataFrame, n_articles: int) -> None:
    """One :class:`~corpus_tools.pipeline.tables.StepWarning` per step that failed on articles."""
    for step, group in problems.groupby("step", sort=False):
        warn_failed(str(step), group.to_dict("records"), n_articles, stacklevel=4)


# --- a folder of partitioned tables --------------------------------------------------------
class TableStore:
    """Tables written partition by partition: ``<folder>/<table>.parquet/part-00000.parquet``.

    A partition is done when its marker ``_partitions/part-00000.json`` exists; it is
    written last, after every table of the partition, so a run killed half-way
    through a partition redoes that partition and no other.
    """

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)
        self.marks = self.folder / "_partitions"

    def done(self, k: int) -> bool:
        return (self.marks / f"part-{k:05d}.json").is_file()

    def write(self, k: int, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
        """Write one partition's tables, then its marker; returns rows per table."""
        counts = {}
        for table, df in tables.items():
            name = STORED_AS.get(table, table)
            folder = self.folder / f"{name}.parquet"
            folder.mkdir(parents=True, exist_ok=True)
            data = df.drop(columns=[c for c in OBJECT_COLUMNS if c in df.columns])
            tmp = folder / f".part-{k:05d}.parquet.tmp"
            data.to_parquet(tmp, index=False)
            tmp.replace(folder / f"part-{k:05d}.parquet")
            counts[name] = len(df)
        self.marks.mkdir(parents=True, exist_ok=True)
        mark = self.marks / f"part-{k:05d}.json"
        mark.with_suffix(".tmp").write_text(json.dumps(counts))
        mark.with_suffix(".tmp").replace(mark)
        return counts

    def counts(self) -> dict[int, dict[str, int]]:
        """Rows per table of every finished partition, by partition number."""
        out = {}
        for mark in sorted(self.marks.glob("part-*.json")):
            out[int(mark.stem.split("-")[1])] = json.loads(mark.read_text())
        return out

    def totals(self) -> dict[str, int]:
        """Rows per stored table, over every finished partition."""
        out: dict[str, int] = {}
        for counts in self.counts().values():
            for name, n in counts.items():
                out[name] = out.get(name, 0) + n
        return out

    def parts(self, name: str) -> list[Path]:
        """The finished partitions' files of one table, in partition order."""
        done = self.counts()
        folder = self.folder / f"{name}.parquet"
        return [folder / f"part-{k:05d}.parquet" for k in sorted(done)]

    def columns(self, name: str) -> list[str]:
        """The columns of a stored table (from its first part's schema; ``[]`` when none)."""
        import pyarrow.parquet as pq

        files = [f for f in self.parts(name) if f.is_file()]
        return pq.read_schema(files[0]).names if files else []

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """One table, all finished partitions (only ``columns`` when given)."""
        files = self.parts(name)
        frames = [pd.read_parquet(f, columns=columns) for f in files if f.is_file()]
        if not frames:
            table = {v: k for k, v in STORED_AS.items()}.get(name, name)
            return contract(table).empty() if _has_contract(table) else pd.DataFrame()
        return _dates_in_seconds(pd.concat(frames, ignore_index=True))

    def clear(self) -> None:
        """Remove every table and marker (a fresh run)."""
        if self.folder.exists():
            shutil.rmtree(self.folder)


def _dates_in_seconds(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet keeps seconds as milliseconds: give date columns back their contract's unit."""
    dates = [c for c in df.columns if str(df[c].dtype).startswith("datetime64[ms")]
    return df.astype({c: "datetime64[s]" for c in dates}) if dates else df


def _has_contract(name: str) -> bool:
    try:
        contract(name)
    except KeyError:
        return False
    return True


def _write_partition(raw: pd.DataFrame, k: int, folder: str, options: RunOptions) -> dict[str, int]:
    """Analyse partition ``k`` and write it to the store (the task a worker runs)."""
    store = TableStore(folder)
    if store.done(k):
        return store.counts()[k]
    return store.write(k, analyse_partition(raw, options))


def write_partitions(
    parts: Sequence[pd.DataFrame],
    store: TableStore,
    options: RunOptions,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> dict[int, dict[str, int]]:
    """Analyse and store every partition not done yet (``n_jobs`` processes)."""
    from corpus_tools.progress import progress

    todo = [k for k in range(len(parts)) if not store.done(k)]
    folder = str(store.folder)
    if n_jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(min(n_jobs, len(todo))) as pool:
            futures = pool.map(
                _write_partition,
                [parts[k] for k in todo],
                todo,
                [folder] * len(todo),
                [options] * len(todo),
            )
            for _ in progress(futures, total=len(todo), desc="partitions", show=show_progress):
                pass
    else:
        for k in progress(todo, desc="partitions", show=show_progress):
            _write_partition(parts[k], k, folder, options)
    return store.counts()


def write_dask_partitions(
    articles: object,
    store: TableStore,
    options: RunOptions = RunOptions(),
    *,
    client: object | None = None,
) -> dict[int, dict[str, int]]:
    """Analyse and store every partition of a Dask DataFrame not done yet, one task each.

    ``articles``: a Dask DataFrame of loaded articles, or the path of a partitioned
    Parquet dataset of them. ``client``: a ``distributed.Client`` (default: Dask's
    current scheduler). Returns rows per table of every partition.
    """
    import dask
    import dask.dataframe as dd

    ddf = dd.read_parquet(articles) if isinstance(articles, str | os.PathLike) else articles
    store.folder.mkdir(parents=True, exist_ok=True)
    task = dask.delayed(_write_partition, pure=True)
    tasks = [
        task(part, k, str(store.folder), options)
        for k, part in enumerate(ddf.to_delayed())
        if not store.done(k)
    ]
    if client is not None:
        client.gather(client.compute(tasks))
    else:
        dask.compute(*tasks)
    return store.counts()
