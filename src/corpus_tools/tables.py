"""Small helpers for the tidy tables every step passes along."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd


def rows_by_article(df: pd.DataFrame | None) -> dict[str, list[dict]] | None:
    """A table's rows as dicts, grouped by ``article_id`` (row order kept).

    One ``to_dict`` for the whole table: per-group conversion costs pandas overhead
    on every article of a large corpus.

    >>> grouped = rows_by_article(pd.DataFrame({"article_id": ["a", "b", "a"], "x": [1, 2, 3]}))
    >>> {aid: [r["x"] for r in rows] for aid, rows in grouped.items()}
    {'a': [1, 3], 'b': [2]}
    """
    if df is None:
        return None
    out: dict[str, list[dict]] = {}
    for row in df.to_dict("records"):
        out.setdefault(row["article_id"], []).append(row)
    return out


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


def text_or_none(value: object) -> str | None:
    """A non-empty string, else None (NaN and pandas' missing values included)."""
    return value if isinstance(value, str) and value.strip() else None


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
        )


def typed_frame(rows: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """``rows`` as a DataFrame with exactly the columns and dtypes of a column contract."""
    cols = list(dtypes)
    df = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame({c: [] for c in cols})
    for c, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
            df[c] = pd.to_datetime(df[c])
    return df.astype(dtypes).reset_index(drop=True)


def _article_rows(worker: Callable[[ArticleInput], list[dict]], art: ArticleInput) -> list[dict]:
    return [{"article_id": art.article_id, **row} for row in worker(art)]


def _run_chunk(
    worker: Callable[[ArticleInput], list[dict]], chunk: list[ArticleInput]
) -> list[dict]:
    return [row for art in chunk for row in _article_rows(worker, art)]


def map_articles(
    worker: Callable[[ArticleInput], list[dict]],
    inputs: Iterable[ArticleInput],
    *,
    n_jobs: int = 1,
    desc: str = "",
    show_progress: bool | None = None,
    min_parallel: int = 200,
) -> list[dict]:
    """Rows of ``worker(article)`` for every article, each with its ``article_id``.

    Per-article work is pure, so with ``n_jobs > 1`` (and more than ``min_parallel``
    articles) it runs in that many processes, in chunks, in order. ``worker`` must
    be a module-level function (or a ``functools.partial`` of one) to be picklable.
    """
    from concurrent.futures import ProcessPoolExecutor

    from .progress import progress

    items = list(inputs)
    if n_jobs > 1 and len(items) > min_parallel:
        size = max(len(items) // (n_jobs * 8), 25)
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        rows: list[dict] = []
        with ProcessPoolExecutor(n_jobs) as pool:
            results = pool.map(_run_chunk, [worker] * len(chunks), chunks)
            for chunk_rows in progress(
                results, total=len(chunks), desc=desc, show=show_progress, unit="chunk"
            ):
                rows.extend(chunk_rows)
        return rows
    return [
        row
        for art in progress(items, desc=desc, show=show_progress)
        for row in _article_rows(worker, art)
    ]


def only(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame | None:
    """``df`` cut to ``columns`` (those it has): less to send to worker processes."""
    if df is None:
        return None
    return df[[c for c in columns if c in df.columns]]
