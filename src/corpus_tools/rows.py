"""Rows and the problems they carry: shared by every stage.

A per-article step returns row dicts; an article it failed on adds one problem row
(:data:`STEP_PROBLEM_COLUMNS`) instead, and the step says once how many failed (a
:class:`StepWarning`). The problems travel with the table in
``df.attrs["step_problems"]`` (:func:`step_problems` reads them).

>>> step_problems(with_problems(pd.DataFrame(), [problem_row("a", "demo", ValueError("bad"))]))
  article_id  step       error message
0          a  demo  ValueError     bad
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from corpus_tools.contracts import STEP_PROBLEMS_ATTR

#: Columns of :func:`step_problems`: the article, the step, the error's type and message.
STEP_PROBLEM_COLUMNS = ["article_id", "step", "error", "message"]


class CorpusWarning(UserWarning):
    """A file or record that could not be loaded, or metadata that does not match."""


class StepWarning(CorpusWarning):
    """Some articles failed in a per-article step (see :func:`step_problems`)."""


class Rows(list):
    """The rows :func:`map_articles` returns, with the step's ``problems`` (dicts with
    :data:`STEP_PROBLEM_COLUMNS`); :func:`typed_frame` carries them to the table."""

    problems: list[dict]

    def __init__(self, rows: Iterable[dict] = (), problems: list[dict] | None = None):
        super().__init__(rows)
        self.problems = list(problems or [])


def problem_row(article_id: str, step: str, exc: BaseException) -> dict:
    """One problems row for an article whose ``step`` raised ``exc``."""
    message = str(exc).strip().splitlines()[0][:500] if str(exc).strip() else ""
    return {
        "article_id": str(article_id),
        "step": step,
        "error": type(exc).__name__,
        "message": message,
    }


def step_problems(df: pd.DataFrame | None) -> pd.DataFrame:
    """The articles a step skipped because they failed: ``article_id``, ``step``,
    ``error`` (the exception's type) and ``message`` (its first line), all str.

    ``df`` is a table a per-article step returned (``clean_corpus``, ``tag_entities``,
    ``extract_attributions``, ``extract_time_expressions``, ``build_timeline``,
    ``extract_figures``); empty when nothing failed.
    """
    rows = [] if df is None else df.attrs.get(STEP_PROBLEMS_ATTR, [])
    return pd.DataFrame(list(rows), columns=STEP_PROBLEM_COLUMNS).astype("str")


def with_problems(df: pd.DataFrame, problems: Iterable[dict]) -> pd.DataFrame:
    """``df`` with ``problems`` as its step problems (a list of dicts in ``attrs``:
    plain values, so that pandas can compare and copy attrs)."""
    df.attrs[STEP_PROBLEMS_ATTR] = [dict(p) for p in problems]
    return df


def warn_failed(step: str, failed: list[dict], total: int, stacklevel: int = 3) -> None:
    """One :class:`StepWarning` saying how many of ``total`` articles ``step`` skipped."""
    if not failed:
        return
    first = failed[0]
    warnings.warn(
        f"{step}: {len(failed):,} of {total:,} articles failed (see problems): "
        f"{first['error']}: {first['message']}",
        StepWarning,
        stacklevel=stacklevel,
    )


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


def text_or_none(value: object) -> str | None:
    """A non-empty string, else None (NaN and pandas' missing values included)."""
    return value if isinstance(value, str) and value.strip() else None
