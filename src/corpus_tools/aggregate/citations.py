"""Across articles: the outlet each statement came through, and how each outlet cites.

>>> df = pd.DataFrame({"via": ["X", "X"], "source": ["a", "b"],
...     "source_type": ["official", "anonymous"], "speech": ["direct", "indirect"]})
>>> citation_profile(df).set_index("measure")["share"].to_dict()
{'direct': 0.5, 'mixed': 0.0, 'indirect': 0.5, 'anonymous or estimate': 0.5}
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.extract.outlets import outlets


def outlet_of(attributions: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.Series:
    """The outlet each statement reaches the reader through, by the one rule of
    :mod:`corpus_tools.extract.outlets`: ``via``, else the source itself when it is
    an outlet (its own statements), else the outlet the article relays, else its
    publisher (columns of the table, else of ``articles``), else ``"(unknown)"``.

    >>> df = pd.DataFrame({"article_id": ["a", "b"], "via": ["Reuters", None],
    ...     "source": ["x", "y"], "source_type": ["official", "official"]})
    >>> outlet_of(df, pd.DataFrame({"article_id": ["a", "b"], "publisher": ["P", "Q"]})).tolist()
    ['Reuters', 'Q']
    """
    return outlets(attributions, articles)


def citation_profile(
    attributions: pd.DataFrame, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per outlet: statements, and the share in direct / mixed / indirect speech and
    from anonymous or unattributed sources (long form: ``outlet``, ``measure``,
    ``share``, plus ``statements``). With ``articles``, a statement with no ``via``
    counts for its article's publisher (see :func:`outlet_of`).

    >>> df = pd.DataFrame({"via": ["X", "X"], "source": ["a", "b"],
    ...     "source_type": ["official", "anonymous"], "speech": ["direct", "indirect"]})
    >>> citation_profile(df).set_index("measure")["share"].to_dict()
    {'direct': 0.5, 'mixed': 0.0, 'indirect': 0.5, 'anonymous or estimate': 0.5}
    """
    if attributions.empty:
        return pd.DataFrame(columns=["outlet", "statements", "measure", "share"])
    df = attributions.assign(outlet=outlet_of(attributions, articles))
    rows = []
    for outlet, g in df.groupby("outlet", sort=True):
        n = len(g)
        for speech in ("direct", "mixed", "indirect"):
            rows.append((outlet, n, speech, float((g["speech"] == speech).mean())))
        anon = g["source_type"].isin(["anonymous", "estimate"]).mean()
        rows.append((outlet, n, "anonymous or estimate", float(anon)))
    out = pd.DataFrame(rows, columns=["outlet", "statements", "measure", "share"])
    return out.astype(
        {"outlet": "str", "statements": "int64", "measure": "str", "share": "float64"}
    )
