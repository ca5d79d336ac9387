"""The outlet a statement, event or figure reached the reader through: one rule.

In order: the outlet it was relayed through (``via``); the source itself when the
source is an outlet (its own statement); the outlet the article relays (metadata
``relays``); the article's publisher; else :data:`UNKNOWN`.

>>> outlet(via=None, source="رويترز", source_type="media", publisher="سكاي نيوز")
'رويترز'
>>> outlet(via="", source="الوزير", source_type="official", publisher="سكاي نيوز")
'سكاي نيوز'
>>> outlet()
'(unknown)'
"""

from __future__ import annotations

import pandas as pd

#: The outlet of a row none of whose fields names one.
UNKNOWN = "(unknown)"


def _name(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def outlet(
    via: object = None,
    source: object = None,
    source_type: object = None,
    relays: object = None,
    publisher: object = None,
) -> str:
    """The outlet of one row (see the module docstring); missing values are None, NaN or NA."""
    own = _name(source) if source_type == "media" else None
    return _name(via) or own or _name(relays) or _name(publisher) or UNKNOWN


def outlets(table: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.Series:
    """:func:`outlet` of every row of ``table`` (columns it lacks count as missing).

    ``relays`` and ``publisher`` come from the table, else from ``articles`` by
    ``article_id``.

    >>> t = pd.DataFrame({"article_id": ["a", "b"], "via": ["Reuters", None],
    ...     "source": ["x", "y"], "source_type": ["official", "official"]})
    >>> outlets(t, pd.DataFrame({"article_id": ["a", "b"], "publisher": ["P", "Q"]})).tolist()
    ['Reuters', 'Q']
    """

    def column(name: str) -> list:
        if name in table.columns:
            return table[name].astype("object").tolist()
        if articles is not None and name in articles.columns and "article_id" in table.columns:
            by_id = dict(zip(articles["article_id"], articles[name].astype("object"), strict=True))
            return [by_id.get(a) for a in table["article_id"]]
        return [None] * len(table)

    cols = [column(c) for c in ("via", "source", "source_type", "relays", "publisher")]
    return pd.Series(
        [outlet(*values) for values in zip(*cols, strict=True)], index=table.index, dtype="str"
    )
