"""Calendar words and explicit dates: read «22 نوفمبر 2024», «2017-04-27», «27/4/2017».

The word lists live in ``data/calendar.toml``. Relative expressions
(«أيلول الماضي») are resolved elsewhere; this module reads only explicit dates.

Example:
    >>> parse_date("الجمعة، 22 نوفمبر 2024")
    Timestamp('2024-11-22 00:00:00')
    >>> parse_date("27 أيلول 2015"), parse_date("no date") is None
    (Timestamp('2015-09-27 00:00:00'), True)
    >>> parse_date("9 أكتوبر 1436") is None  # a Hijri year is not read as Gregorian
    True
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from corpus_tools.resources import load_toml
from corpus_tools.text.normalize import normalize_for_matching

#: Years read as Gregorian; others (a Hijri 1436, a typo 20015) are not dates here.
MIN_YEAR, MAX_YEAR = 1800, 2200


@cache
def month_names() -> dict[str, int]:
    """Matching-form month name → month number (both Gregorian series)."""
    table = load_toml("calendar.toml")["months"]
    return {name: int(num) for num, names in table.items() for name in names}


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    names = sorted(month_names(), key=len, reverse=True)
    month = "|".join(re.escape(n) for n in names)
    return (
        re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?!\d)"),
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?:من\s+)?(?P<mn>{month})\s*[،,]?\s*(?:عام\s+|سنه\s+)?(?P<y>\d{{4}})(?!\d)"
        ),
    )


def parse_date(text: str) -> pd.Timestamp | None:
    """The first explicit day-precision date in ``text`` (Arabic or ISO forms), at second
    resolution, else None."""
    norm = normalize_for_matching(text)
    for pattern in _date_patterns():
        m = pattern.search(norm)
        if not m:
            continue
        month = month_names()[m["mn"]] if "mn" in m.groupdict() else int(m["m"])
        if not MIN_YEAR <= int(m["y"]) <= MAX_YEAR:
            continue  # e.g. a Hijri year (1436) next to a Gregorian month name
        try:
            return pd.Timestamp(year=int(m["y"]), month=month, day=int(m["d"])).as_unit("s")
        except ValueError:
            continue
    return None
