"""Comparing figures across articles: which report the same quantity, and whether they agree.

:func:`compare_figures` groups the figures of a corpus (:func:`corpus_tools.extract_figures`)
by what they count and when, says whether each group's figures agree, and which
articles repeat the same value; :func:`figure_groups` gives one row per group with what
each outlet said. The outlet is :func:`corpus_tools.extract.outlets.outlet` (with the
figure table's columns: its ``via``, else the article's ``publisher``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from corpus_tools.extract.outlets import UNKNOWN, outlets
from corpus_tools.rows import text_or_none

__all__ = ["MAX_REPEATED_IN", "compare_figures", "figure_groups"]


def compare_figures(
    figures: pd.DataFrame,
    *,
    by: tuple[str, ...] = ("counted_class", "event", "nationality"),
    tolerance: float = 0.01,
) -> pd.DataFrame:
    """The figures with the group each belongs to and how the group's figures relate.

    A group is the figures about one quantity: the same values of ``by`` (default
    ``counted_class``, ``event`` and ``nationality``; pass ``by=("counted_class",)``
    for a coarser view) and overlapping times (figures without a time form one
    group per key). Added columns: ``group_id``, ``group`` (a label),
    ``group_figures``, ``group_articles``, ``agreement`` (``single`` when only one
    article reports it; ``agree`` when all intervals overlap; else ``diverge``),
    ``repeated_in`` (other articles stating the same value and unit, whatever they
    say it counts — one claim travelling through several outlets; vague quantities,
    whose values are conventions, are never counted as repeats; at most
    :data:`MAX_REPEATED_IN` ids, first by id), ``repeats`` (how many such articles)
    and ``outlet`` (:func:`~corpus_tools.extract.outlets.outlet`: ``via``, else the
    source when a ``source_type`` column says it is an outlet, else ``relays``, else
    ``publisher``, with the columns the table has; for the figure table that is
    ``via``, else ``publisher``).

    >>> df = pd.DataFrame({"article_id": ["a", "b"], "counted_class": ["fighters"] * 2,
    ...     "event": ["returned"] * 2, "nationality": ["French"] * 2, "value": [1700.0, 1700.0],
    ...     "low": [1530.0, 1700.0], "high": [1870.0, 1700.0], "unit": ["person"] * 2,
    ...     "time_begin": [pd.NaT] * 2, "time_end": [pd.NaT] * 2, "via": [None, None],
    ...     "source": ["X", "Y"]})
    >>> compare_figures(df)[["group", "agreement", "repeated_in"]].values.tolist()[0]
    ['fighters · returned · French', 'agree', 'b']
    """
    out = figures.copy()
    if out.empty:
        for c in ("group_id", "group_figures", "group_articles"):
            out[c] = pd.Series(dtype="int64")
        for c in ("group", "agreement", "repeated_in", "outlet"):
            out[c] = pd.Series(dtype="str")
        return out
    out["outlet"] = outlets(out).tolist()
    keys = list(zip(*(out[c].fillna("").astype("str") for c in by), strict=True))
    ids = _group_ids(keys, out["time_begin"].tolist(), out["time_end"].tolist())
    out["group_id"] = pd.Series(ids, index=out.index, dtype="int64")
    out["group"] = [" · ".join(x for x in k if x) for k in keys]
    agreement, n_figs, n_arts = _agreement(out)
    out["group_figures"] = out["group_id"].map(n_figs).astype("int64")
    out["group_articles"] = out["group_id"].map(n_arts).astype("int64")
    out["agreement"] = out["group_id"].map(agreement).astype("str")
    repeated, repeats = _repeats(out, tolerance)
    out["repeated_in"] = pd.Series(repeated, index=out.index, dtype="str")
    out["repeats"] = pd.Series(repeats, index=out.index, dtype="int64")
    return out


def _group_ids(keys: list[tuple], begins: list, ends: list) -> list[int]:
    """The group of each figure: per key, the connected components of overlapping time
    intervals, then one group of the undated figures."""
    group_ids = [-1] * len(keys)
    next_id = 0
    by_key: dict[tuple, list[int]] = {}
    for pos, key in enumerate(keys):
        by_key.setdefault(key, []).append(pos)
    for positions in by_key.values():
        undated = [p for p in positions if pd.isna(begins[p])]
        dated = sorted((p for p in positions if pd.notna(begins[p])), key=lambda p: begins[p])
        clusters: list[list] = []
        for p in dated:
            end = ends[p] if pd.notna(ends[p]) else begins[p]
            if clusters and begins[p] <= clusters[-1][1]:
                clusters[-1][0].append(p)
                clusters[-1][1] = max(clusters[-1][1], end)
            else:
                clusters.append([[p], end])
        for members in [c[0] for c in clusters] + ([undated] if undated else []):
            for p in members:
                group_ids[p] = next_id
            next_id += 1
    return group_ids


def _agreement(out: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Per group: its agreement, how many figures and how many articles."""
    agreement, n_figs, n_arts = {}, {}, {}
    for gid, g in out.groupby("group_id"):
        n_figs[gid], n_arts[gid] = len(g), g["article_id"].nunique()
        spans = [
            (lo if pd.notna(lo) else 0.0, hi if pd.notna(hi) else math.inf)
            for lo, hi in zip(g["low"], g["high"], strict=True)
        ]
        if n_arts[gid] < 2:
            agreement[gid] = "single"
        else:  # intervals on a line overlap pairwise iff they share a point
            together = max(lo for lo, _ in spans) <= min(hi for _, hi in spans)
            agreement[gid] = "agree" if together else "diverge"
    return agreement, n_figs, n_arts


#: At most this many article ids in ``repeated_in`` (``repeats`` counts them all).
MAX_REPEATED_IN = 10


def _repeats(out: pd.DataFrame, tolerance: float) -> tuple[list[str], list[int]]:
    """For each figure, the other articles stating the same value (within ``tolerance``)
    and unit (with no unit: the same counted noun): the first :data:`MAX_REPEATED_IN`
    ids, and how many there are.

    Rows are sorted by value per unit and each distinct value's window is found by
    binary search and read once, so the cost grows with the corpus, not its square.
    """
    repeated = [""] * len(out)
    repeats = [0] * len(out)
    precise = (out["hedge"] != "vague").to_numpy() if "hedge" in out else np.ones(len(out), bool)
    values = out["value"].to_numpy(dtype="float64")
    units = out["unit"].astype("object").fillna("").to_numpy()
    if "counted" in out:  # no unit: the same counted noun («3 مكعبات» is no «3 أسابيع»)
        counted = out["counted"].astype("object").fillna("").to_numpy()
        units = np.where(units == "", np.char.add("counted:", counted.astype(str)), units)
    articles = out["article_id"].astype("str").to_numpy()
    ok = precise & np.isfinite(values)
    for unit in pd.unique(units[ok]):
        rows = np.flatnonzero(ok & (units == unit))
        rows = rows[np.argsort(values[rows], kind="stable")]
        vals = values[rows]
        for value in np.unique(vals):
            width = tolerance * max(abs(value), 1.0)
            a = np.searchsorted(vals, value - width, side="left")
            b = np.searchsorted(vals, value + width, side="right")
            ids = np.unique(articles[rows[a:b]])
            first = np.searchsorted(vals, value, "left")
            last = np.searchsorted(vals, value, "right")
            for pos in rows[first:last]:
                others = ids[ids != articles[pos]]
                repeats[pos] = len(others)
                repeated[pos] = ", ".join(others[:MAX_REPEATED_IN])
    return repeated, repeats


def _outlet_name(value: object) -> str:
    return text_or_none(value) or UNKNOWN


def _statement(r: dict) -> str:
    """«قرابة 150 مواطناً (approx, WSJ, 2017-09-13)»; a missing hedge or date left out."""
    published = r.get("published")
    parts = [text_or_none(r.get("hedge")), _outlet_name(r.get("outlet"))]
    if published is not None and pd.notna(published):
        parts.append(f"{published.year:04d}-{published.month:02d}-{published.day:02d}")
    return f"{text_or_none(r.get('text')) or ''} ({', '.join(p for p in parts if p)})"


def _bound(values: list, pick) -> float:
    known = [v for v in values if pd.notna(v)]
    return float(pick(known)) if known else float("nan")


def figure_groups(compared: pd.DataFrame) -> pd.DataFrame:
    """One row per group of :func:`compare_figures`: what each outlet said, and when.

    Columns: ``group_id``, ``group``, ``figures``, ``articles``, ``outlets``,
    ``low`` (smallest lower bound), ``high`` (largest upper bound), ``agreement``,
    ``statements`` (value, hedge, outlet and publication date of each figure).
    """
    ordered = compared.sort_values("published") if "published" in compared else compared
    wanted = ("group_id", "group", "article_id", "outlet", "low", "high", "agreement", "text")
    used = [c for c in (*wanted, "hedge", "published") if c in ordered.columns]
    groups: dict[object, list[dict]] = {}
    for r in ordered[used].to_dict("records"):  # one conversion, not one per group
        groups.setdefault(r["group_id"], []).append(r)
    rows = [
        {
            "group_id": gid,
            "group": g[0]["group"],
            "figures": len(g),
            "articles": len({r["article_id"] for r in g}),
            "outlets": ", ".join(dict.fromkeys(_outlet_name(r["outlet"]) for r in g)),
            "low": _bound([r["low"] for r in g], min),
            "high": _bound([r["high"] for r in g], max),
            "agreement": g[0]["agreement"],
            "statements": "; ".join(_statement(r) for r in g),
        }
        for gid, g in groups.items()
    ]
    cols = [
        "group_id",
        "group",
        "figures",
        "articles",
        "outlets",
        "low",
        "high",
        "agreement",
        "statements",
    ]
    return (
        pd.DataFrame(rows, columns=cols)
        .sort_values(["articles", "figures"], ascending=False)
        .reset_index(drop=True)
    )
