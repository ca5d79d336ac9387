"""Small helpers for the tidy tables every step passes along."""

from __future__ import annotations

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
