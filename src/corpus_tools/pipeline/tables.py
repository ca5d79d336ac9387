"""Small helpers for the tidy tables every step passes along.

Per-article work goes through :func:`map_articles`, which isolates failures: an
article whose worker raises is skipped, with one row in the step's problems
(:data:`STEP_PROBLEM_COLUMNS`), and the step says once how many articles failed
(a :class:`StepWarning`). The rows travel with the table the step returns, in
``df.attrs["step_problems"]``; :func:`step_problems` reads them.

>>> def boom(art):
...     if art.article_id == "b":
...         raise ValueError("bad article")
...     return [{"n": len(art.text)}]
>>> arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["نص", "آخر"]})
>>> import warnings
>>> with warnings.catch_warnings(record=True) as w:
...     warnings.simplefilter("always")
...     rows = map_articles(boom, iter_articles(arts, "demo"))
>>> rows, str(w[0].message)  # doctest: +NORMALIZE_WHITESPACE
([{'article_id': 'a', 'n': 2}],
 'demo: 1 of 2 articles failed (see problems): ValueError: bad article')
>>> step_problems(typed_frame(rows, {"article_id": "str", "n": "int64"})).values.tolist()
[['b', 'demo', 'ValueError', 'bad article']]
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corpus_tools.contracts import STEP_PROBLEMS_ATTR, typed_frame
from corpus_tools.rows import (
    STEP_PROBLEM_COLUMNS,
    Rows,
    StepWarning,
    problem_row,
    rows_by_article,
    step_problems,
    text_or_none,
    warn_failed,
    with_problems,
)

__all__ = [
    "STEP_PROBLEMS_ATTR",
    "STEP_PROBLEM_COLUMNS",
    "ArticleInput",
    "Rows",
    "StepWarning",
    "iter_articles",
    "map_articles",
    "only",
    "positions_by",
    "problem_row",
    "rows_by_article",
    "step_problems",
    "text_or_none",
    "typed_frame",
    "warn_failed",
    "with_problems",
]


def positions_by(keys: pd.Series, positions: np.ndarray):
    """Yield ``(key, positions)`` groups of equal keys (order of first appearance)."""
    codes, uniques = pd.factorize(keys)
    for code, key in enumerate(uniques):
        yield key, positions[codes == code]


@dataclass(frozen=True)
class ArticleInput:
    """One article for a per-article extractor: its clean text, metadata and the rows
    of tables already computed for it (``None`` for a table not given)."""

    article_id: str
    text: str
    published: pd.Timestamp | None
    relays: str | None
    publisher: str | None
    headline: str | None
    tables: dict[str, list[dict] | None]
    step: str = ""


def iter_articles(
    articles: pd.DataFrame, step: str, tables: dict[str, pd.DataFrame | None] | None = None
) -> Iterator[ArticleInput]:
    """The articles with clean text, one :class:`ArticleInput` each.

    ``step`` names the caller in the error raised when ``text`` is missing.
    """
    if "text" not in articles.columns:
        raise KeyError(f"{step} needs clean 'text': run clean_corpus first")
    grouped = {name: rows_by_article(df) for name, df in (tables or {}).items()}
    n = len(articles)

    def col(name: str) -> list:
        return articles[name].tolist() if name in articles.columns else [None] * n

    for aid, text, pub, rel, publisher, head in zip(
        articles["article_id"].tolist(),
        articles["text"].tolist(),
        col("published"),
        col("relays"),
        col("publisher"),
        col("headline"),
        strict=True,
    ):
        if not isinstance(text, str) or not text:
            continue
        yield ArticleInput(
            article_id=str(aid),
            text=text,
            published=None if pub is None or pd.isna(pub) else pd.Timestamp(pub),
            relays=text_or_none(rel),
            publisher=text_or_none(publisher),
            headline=text_or_none(head),
            tables={
                name: None if rows is None else rows.get(aid, []) for name, rows in grouped.items()
            },
            step=step,
        )


class _Failure:
    """An article's failure, as it travels back from a worker process."""

    __slots__ = ("exc", "row")

    def __init__(self, row: dict, exc: BaseException | None):
        self.row = row
        self.exc = exc


def _portable(exc: BaseException) -> BaseException | None:
    """``exc`` when it survives pickling (to re-raise it in the parent), else None."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return None
    return exc


def _article_rows(
    worker: Callable[[ArticleInput], list[dict]], art: ArticleInput, step: str
) -> list[dict] | _Failure:
    try:
        return [{"article_id": art.article_id, **row} for row in worker(art)]
    except Exception as exc:  # one article must not sink the corpus
        return _Failure(problem_row(art.article_id, step, exc), exc)


def _run_chunk(
    worker: Callable[[ArticleInput], list[dict]], chunk: list[ArticleInput], step: str = ""
) -> tuple[list[dict], list[_Failure]]:
    rows: list[dict] = []
    failures: list[_Failure] = []
    for art in chunk:
        out = _article_rows(worker, art, step)
        if isinstance(out, _Failure):
            failures.append(_Failure(out.row, _portable(out.exc) if out.exc else None))
        else:
            rows.extend(out)
    return rows, failures


def map_articles(
    worker: Callable[[ArticleInput], list[dict]],
    inputs: Iterable[ArticleInput],
    *,
    n_jobs: int = 1,
    desc: str = "",
    show_progress: bool | None = None,
    min_parallel: int = 200,
    step: str | None = None,
) -> Rows:
    """Rows of ``worker(article)`` for every article, each with its ``article_id``.

    Per-article work is pure, so with ``n_jobs > 1`` (and more than ``min_parallel``
    articles) it runs in that many processes, in chunks, in order. ``worker`` must
    be a module-level function (or a ``functools.partial`` of one) to be picklable.

    An article whose worker raises is skipped: it adds no rows, one row to the
    returned :class:`Rows`' ``problems``, and the step warns once (a
    :class:`StepWarning`) how many articles failed. ``step`` names the step in both
    (default: the name given to :func:`iter_articles`, else ``desc``). When every
    article fails the error is no article's own: the first one is raised.
    """
    from concurrent.futures import ProcessPoolExecutor

    from corpus_tools.progress import progress

    items = list(inputs)
    name = step or (items[0].step if items and items[0].step else desc) or "map_articles"
    rows = Rows()
    failures: list[_Failure] = []
    if n_jobs > 1 and len(items) > min_parallel:
        size = max(len(items) // (n_jobs * 8), 25)
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        with ProcessPoolExecutor(n_jobs) as pool:
            results = pool.map(_run_chunk, [worker] * len(chunks), chunks, [name] * len(chunks))
            for chunk_rows, chunk_failures in progress(
                results, total=len(chunks), desc=desc, show=show_progress, unit="chunk"
            ):
                rows.extend(chunk_rows)
                failures.extend(chunk_failures)
    else:
        for art in progress(items, desc=desc, show=show_progress):
            out = _article_rows(worker, art, name)
            if isinstance(out, _Failure):
                failures.append(out)
            else:
                rows.extend(out)
    if failures and len(failures) == len(items):
        first = failures[0]
        if first.exc is not None:
            first.exc.add_note(f"{name} failed on every article ({len(items):,})")
            raise first.exc
        raise RuntimeError(
            f"{name} failed on every article ({len(items):,}): "
            f"{first.row['error']}: {first.row['message']}"
        )
    rows.problems = [f.row for f in failures]
    warn_failed(name, rows.problems, len(items))
    return rows


def only(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame | None:
    """``df`` cut to ``columns`` (those it has): less to send to worker processes."""
    if df is None:
        return None
    return df[[c for c in columns if c in df.columns]]
