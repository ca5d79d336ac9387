"""Calendar arithmetic for time expressions: pure functions of dates, no text.

Days are midnight :class:`pandas.Timestamp` values at second resolution, so any
year FIRST_YEAR … LAST_YEAR fits. Intervals are ``(begin, until)``, both days
inclusive. Parts of a period (``mod``) are TIMEX3's START / MID / END: a month cut
in thirds (1–10, 11–20, 21–end), a year in thirds (Jan–Apr, May–Aug, Sep–Dec), a
season by its months. Hijri dates use hijridate's Umm al-Qura table.

>>> b, u = month_interval(2017, 9, "START")
>>> fmt(b), fmt(u), fmt(u, "month")
('2017-09-01', '2017-09-10', '2017-09')
>>> [fmt(d) for d in season_interval(2017, (12, 14))]
['2017-12-01', '2018-02-28']
>>> [fmt(d) for d in hijri_month(1438, 12)]
['2017-08-23', '2017-09-20']
"""

from __future__ import annotations

import pandas as pd

#: The years a resolved date may fall in; one outside is kept unresolved (``out_of_range``).
FIRST_YEAR, LAST_YEAR = 1, 9999
#: The Hijri years hijridate's Umm al-Qura table converts.
HIJRI_MIN, HIJRI_MAX = 1343, 1500
#: Granularity of a unit of time (ISO 8601 duration letters; DE a decade).
UNIT_GRANULARITY = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "year"}

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: FIRST_HALF, SECOND_HALF («النصف الأول من العام»): a month's days 1–15 and 16–end, a
#: year's January–June and July–December (written as the mods START and END).
#: The days of a month each part covers (31: the month's last day, however long it is).
_PART_DAYS = {
    "START": (1, 10),
    "MID": (11, 20),
    "END": (21, 31),
    "FINAL": (21, 31),
    "FIRST_HALF": (1, 15),
    "SECOND_HALF": (16, 31),
}
#: FINAL («نهاية 2017»): the very end, a year's last month (written as the mod END).
_PART_MONTHS = {
    "START": (1, 4),
    "MID": (5, 8),
    "END": (9, 12),
    "FINAL": (12, 12),
    "FIRST_HALF": (1, 6),
    "SECOND_HALF": (7, 12),
}
_PART_INDEX = {"START": 0, "MID": 1, "END": 2, "FINAL": 2, "FIRST_HALF": 0, "SECOND_HALF": 2}
#: The years of a decade each part covers («أواخر الثمانينيات»: 1987–1989).
_PART_DECADE_YEARS = {
    "START": (0, 3),
    "MID": (3, 6),
    "END": (7, 9),
    "FINAL": (9, 9),
    "FIRST_HALF": (0, 4),
    "SECOND_HALF": (5, 9),
}
#: How each part is written in the ``mod`` column (TIMEX3 has START, MID and END only).
PART_MOD = {"FINAL": "END", "FIRST_HALF": "START", "SECOND_HALF": "END"}
_UNIT_OFFSET = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}


def day(year: int, month: int, d: int) -> pd.Timestamp:
    """Midnight of a day, at second resolution (any year 1 … 9999 fits)."""
    return pd.Timestamp(year, month, d).as_unit("s")


def in_range(ts: pd.Timestamp | None) -> bool:
    """``ts`` is missing or falls in a year from FIRST_YEAR to LAST_YEAR."""
    return ts is None or FIRST_YEAR <= ts.year <= LAST_YEAR


def month_days(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar.

    >>> month_days(2016, 2), month_days(1900, 2), month_days(2017, 4)
    (29, 28, 30)
    """
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


def is_date(year: int, month: int, d: int) -> bool:
    """``year-month-d`` is a day of the calendar (month 1–12, day within the month)."""
    return 1 <= month <= 12 and 1 <= d <= month_days(year, month)


def fmt(ts: pd.Timestamp, gran: str = "day") -> str:
    """``2018-02-05``, ``2018-02`` or ``2018``, years zero-padded (``0950``): no strftime,
    which pads no year below 1000 and refuses dates beyond Python's."""
    text = f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"
    return {"month": text[:7], "year": text[:4]}.get(gran, text)


# --- periods ---------------------------------------------------------------------------


def month_interval(year: int, month: int, mod: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """A month, or its START / MID / END third, or its FIRST_HALF / SECOND_HALF."""
    last = month_days(year, month)
    first_day, last_day = _PART_DAYS.get(mod, (1, last))
    return day(year, month, first_day), day(year, month, min(last_day, last))


def year_interval(year: int, mod: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """A year, or its START / MID / END third, or its FIRST_HALF / SECOND_HALF."""
    m1, m2 = _PART_MONTHS.get(mod, (1, 12))
    return day(year, m1, 1), day(year, m2, month_days(year, m2))


def decade_interval(first_year: int, mod: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The decade starting in ``first_year``, or the years of its part.

    >>> [str(t.date()) for t in decade_interval(1980, "END")]
    ['1987-01-01', '1989-12-31']
    """
    y1, y2 = _PART_DECADE_YEARS.get(mod, (0, 9))
    return year_interval(first_year + y1)[0], year_interval(first_year + y2)[1]


def season_interval(
    year: int, months: tuple[int, int], mod: str = ""
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A season of ``year`` given its first and last month (13, 14: January, February
    of the next year); with ``mod``, its first, middle or last month."""
    m1, m2 = months
    if mod:
        m1 = m2 = m1 + _PART_INDEX[mod]
    y1, mo1 = year + (m1 - 1) // 12, (m1 - 1) % 12 + 1
    y2, mo2 = year + (m2 - 1) // 12, (m2 - 1) % 12 + 1
    return day(y1, mo1, 1), day(y2, mo2, month_days(y2, mo2))


def unit_interval(point: pd.Timestamp, unit: str) -> tuple[pd.Timestamp, pd.Timestamp, str, str]:
    """The calendar unit containing ``point``: (begin, until, value, granularity)."""
    if unit == "D":
        return point, point, fmt(point), "day"
    if unit == "W":
        start = point - pd.Timedelta(days=point.isoweekday() - 1)
        iso = start.isocalendar()
        return start, start + pd.Timedelta(days=6), f"{iso.year}-W{iso.week:02d}", "week"
    if unit == "M":
        b, u = month_interval(point.year, point.month)
        return b, u, fmt(point, "month"), "month"
    b, u = year_interval(point.year)
    return b, u, fmt(point, "year"), "year"


# --- against an anchor -------------------------------------------------------------------


def month_year(month: int, anchor: pd.Timestamp, rel: str) -> int:
    """Year of ``month`` meant against ``anchor``: the latest not after its month
    (``rel`` ``""`` / ``past``), the next after it (``next``), its own (``current``)."""
    if rel == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel == "current":
        return anchor.year
    return anchor.year if month <= anchor.month else anchor.year - 1


def season_year(months: tuple[int, int], anchor: pd.Timestamp, rel: str) -> int:
    """Year of the season meant: ``past`` the latest that ended before the anchor,
    ``next`` the first that begins after it, else the latest begun by then."""
    for year in range(anchor.year + 1, anchor.year - 3, -1):
        begin, until = season_interval(year, months)
        if rel == "next":
            if begin > anchor and season_interval(year - 1, months)[0] <= anchor:
                return year
        elif (rel == "past" and until < anchor) or (rel in ("", "current") and begin <= anchor):
            return year
    return anchor.year


def weekday_date(wd: int, anchor: pd.Timestamp, rel: str) -> pd.Timestamp:
    """The ISO weekday ``wd`` meant: the latest not after the anchor (``past``: before
    it), or the first after it (``next``)."""
    delta = (anchor.isoweekday() - wd) % 7
    if rel == "next":
        return anchor + pd.Timedelta(days=(wd - anchor.isoweekday()) % 7 or 7)
    if rel == "past" and delta == 0:
        delta = 7
    return anchor - pd.Timedelta(days=delta)


def shift(anchor: pd.Timestamp, unit: str, n: float) -> pd.Timestamp:
    """``anchor`` moved by ``n`` units (D, W, M, Y, DE); a fraction of a month or year
    as days (30.44, 365.25)."""
    if unit == "DE":
        unit, n = "Y", n * 10
    if unit in ("D", "W"):
        return anchor + pd.Timedelta(**{_UNIT_OFFSET[unit]: n})
    whole = int(n)
    out = anchor + pd.DateOffset(**{_UNIT_OFFSET[unit]: whole})
    if n != whole:
        out += pd.Timedelta(days=(n - whole) * (30.44 if unit == "M" else 365.25))
    return out


# --- Hijri -------------------------------------------------------------------------------


def in_hijri_table(hijri_year: int) -> bool:
    """The Hijri year is one hijridate's table converts."""
    return HIJRI_MIN <= hijri_year <= HIJRI_MAX


def _gregorian(hijri) -> pd.Timestamp:
    """A hijridate ``Hijri`` date as a Timestamp."""
    g = hijri.to_gregorian()
    return day(g.year, g.month, g.day)


def to_hijri(d: pd.Timestamp) -> tuple[int, int]:
    """(Hijri year, Hijri month) of a day (``ValueError`` outside the table)."""
    from hijridate import Gregorian

    h = Gregorian(d.year, d.month, d.day).to_hijri()
    return h.year, h.month


def hijri_month(hijri_year: int, month: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A Hijri month's Gregorian days (``ValueError`` outside the table)."""
    from hijridate import Hijri

    first = Hijri(hijri_year, month, 1)
    return _gregorian(first), _gregorian(Hijri(hijri_year, month, first.month_length()))


def hijri_day(hijri_year: int, month: int, d: int) -> pd.Timestamp:
    """A Hijri day as a Gregorian day (``ValueError`` for a day the month lacks)."""
    from hijridate import Hijri

    return _gregorian(Hijri(hijri_year, month, d))


def hijri_year_interval(hijri_year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A Hijri year's Gregorian days (``ValueError`` outside the table)."""
    return hijri_month(hijri_year, 1)[0], hijri_month(hijri_year, 12)[1]
