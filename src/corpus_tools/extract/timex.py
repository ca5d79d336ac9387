"""Time expressions: find Arabic dates, periods and durations and resolve them to intervals.

:func:`extract_time_expressions` finds explicit dates («5 شباط 2018», «2018-02-05»),
months in both series and paired («أيلول/سبتمبر»), Hijri months, seasons,
weekdays, «اليوم / أمس / غداً», «الماضي / المقبل / الحالي» on months, seasons,
years and weekdays, the part of a month or year («مطلع», «منتصف», «أواخر»),
counts of units («قبل ستة أشهر», «منذ عامين», «خلال الأشهر القليلة الماضية»),
spans («منذ عام 2012», «بين 2014 و2016») and durations («7 سنوات ونصف»). Word
lists live in ``data/calendar.toml``; counts are read by :mod:`corpus_tools.extract.numbers`.

Relative expressions are resolved against the article's ``published`` date (the
*anchor*). «<month> الماضي» is the latest such month not after the anchor's month;
«<season> الماضي» the latest season that ended before the anchor; a weekday alone
the latest such day not after the anchor. Where an article has no date, relative
expressions are kept with empty dates and ``resolved`` false — never guessed.
A number is a year only after a year word («عام 2012»), a part («أوائل 2014») or
a span word, or inside a date; an age («البالغ من العمر 26 عاماً») is not a time.

Column contract of :func:`extract_time_expressions`:

============  ==============  ====================================================
article_id    str             the article
sent_id       int64           sentence
start, end    int64           offsets into the clean ``text``
text          str             the expression as written
kind          str             date, month, year, season, part_of_period, weekday,
                              duration, relative, since, until, range
value         str             TIMEX3-style: ``2018-02-05``, ``2015-09``, ``2014-SU``,
                              ``2018-W05``, ``P6M``, ``PRESENT_REF``; spans as
                              ``begin/until`` («2012/2016-06-09»)
mod           str             START, MID, END (parts), APPROX (counts back from
                              the anchor), ``""``
begin, until  datetime64[s]   the interval meant, first and last day (inclusive),
                              begin ≤ until; NaT for durations and unresolved
                              expressions (an open span keeps its known end)
granularity   str             day, week, month, season, year
anchored      bool            resolved through the article's date
anchor        datetime64[s]   that date (NaT when the article has none)
resolved      bool            begin and until are both known (false: kept, not
                              guessed; durations, which have no place in time)
note          str             why not resolved: ``no_anchor`` (relative, article
                              undated), ``open`` (one end: «حتى 2016», «منذ 2012»
                              undated), ``out_of_range`` (a date before year 1 or
                              after 9999, or outside the Hijri table 1343–1500
                              AH); ``after_anchor`` for «منذ» a time after the
                              article (resolved as a point at that time); ``""``
============  ==============  ====================================================

Dates are at second resolution, so any year 1 … 9999 fits («منذ 500 عام» is 1517 in
a 2017 article). «بين 2019 و2016» is read in order (2016–2019).

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a"], "published": [pd.Timestamp("2017-09-13")],
    ...     "text": ["وصلوا في مطلع أيلول/سبتمبر الماضي بعد أن غادروا منذ أواخر عام 2015."]})
    >>> t = extract_time_expressions(arts)
    >>> for r in t.itertuples():
    ...     print(r.text, "|", r.kind, r.value, r.mod)
    مطلع أيلول/سبتمبر الماضي | part_of_period 2017-09 START
    منذ أواخر عام 2015 | since 2015/2017-09-13 END
    >>> str(t["begin"][0].date()), str(t["until"][0].date())
    ('2017-09-01', '2017-09-10')
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from corpus_tools.extract.numbers import digits_value, word_value
from corpus_tools.pipeline.tables import ArticleInput, iter_articles, map_articles, typed_frame
from corpus_tools.resources import load_toml
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
)
from corpus_tools.text.segmenting import split_sentences

TIMEX_DTYPES = {
    "article_id": "str",
    "sent_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "str",
    "kind": "str",
    "value": "str",
    "mod": "str",
    "begin": "datetime64[s]",
    "until": "datetime64[s]",
    "granularity": "str",
    "anchored": "bool",
    "anchor": "datetime64[s]",
    "resolved": "bool",
    "note": "str",
}
#: Years a bare four-digit number may be read as (recognition, not representation).
MIN_YEAR, MAX_YEAR = 1900, 2100
#: The Hijri years hijridate's Umm al-Qura table converts.
HIJRI_MIN, HIJRI_MAX = 1343, 1500
#: The years a resolved date may fall in; one outside is kept unresolved (``out_of_range``).
FIRST_YEAR, LAST_YEAR = 1, 9999

_L = r"[^\W\d_]"  # a letter
_B = rf"(?<!{_L})"  # word start
_E = rf"(?!{_L})"  # word end


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]  # word → code
    season_months: dict[str, tuple[int, int]]
    units: dict[str, tuple[str, str]]  # word → (unit code, number: sg/dual/pl)
    parts: dict[str, str]
    rel: dict[str, str]  # word → past/next/current
    recent: tuple[str, ...]
    recent_count: int
    deictic: dict[str, int]
    present: tuple[str, ...]
    spans: dict[str, str]
    year_words: tuple[str, ...]
    age_words: frozenset[str]
    few_words: frozenset[str]
    span_year_words: frozenset[str]
    ambiguous_months: frozenset[str]


def _alt(words) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


@cache
def _words() -> _Words:
    d = load_toml("calendar.toml")
    n = normalize_for_matching

    def table(name: str) -> dict[str, int]:
        return {n(w): int(k) for k, ws in d[name].items() for w in ws}

    units = {}
    for code, forms in d["units"].items():
        for number, ws in forms.items():
            for w in ws:
                units[n(w)] = (code, number)
    rel = {n(w): kind for kind in ("past", "next", "current") for w in d["relative"][kind]}
    return _Words(
        months=table("months"),
        hijri=table("hijri_months"),
        weekdays=table("weekdays"),
        seasons={n(w): code for code, s in d["seasons"].items() for w in s["words"]},
        season_months={code: tuple(s["months"]) for code, s in d["seasons"].items()},
        units=units,
        parts={n(w): mod for mod, ws in d["parts"].items() for w in ws},
        rel=rel,
        recent=tuple(n(w) for w in d["relative"]["recent"]),
        recent_count=int(d["relative"]["recent_count"]),
        deictic={n(w): int(k) for k, ws in d["deictic"].items() if k != "present" for w in ws},
        present=tuple(n(w) for w in d["deictic"]["present"]),
        spans={n(w): kind for kind, ws in d["spans"].items() for w in ws},
        year_words=tuple(n(w) for w in d["words"]["year_words"]),
        age_words=frozenset(n(w) for w in d["words"]["age_words"]),
        few_words=frozenset(n(w) for w in d["words"]["few_words"]),
        span_year_words=frozenset(n(w) for w in d["words"]["span_year_words"]),
        ambiguous_months=frozenset(n(w) for w in d["words"]["ambiguous_months"]),
    )


def _defn(words) -> str:
    """Words that may carry the article and its clitics («العام», «للعام», «بالعام»)."""
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        if w.startswith("ال"):
            alts.append(r"(?:[وف]?(?:ال|بال|لل|كال))" + re.escape(w[2:]).replace(r"\ ", r"\s+"))
        else:
            alts.append(re.escape(w).replace(r"\ ", r"\s+"))
    return "(?:" + "|".join(alts) + ")"


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    w = _words()
    month = _alt(w.months)
    # «أيلول/سبتمبر», «سبتمبر (أيلول)», «أيلول (سبتمبر)»
    mon = rf"(?P<mon>{month})(?:\s*/\s*(?P<mon2>{month})|\s*\(\s*(?P<mon3>{month})\s*\))?"
    hijri = _alt(w.hijri)
    wday = _alt(w.weekdays)
    season = _alt(w.seasons)
    part = rf"(?P<part>{_alt(w.parts)})"
    rel = rf"(?P<rel>{_alt(w.rel)})"
    year4 = r"(?P<year>\d{4})"
    yword = _defn(w.year_words)
    count_words = _alt([*_number_words(), *w.few_words])
    count = rf"(?P<count>\d{{1,3}}|(?:ال)?{count_words})"
    unit_sg = _alt(k for k, v in w.units.items() if v[1] == "sg")
    def_sg = _defn([u for u in w.units if w.units[u][1] == "sg"])
    def_pl = _defn([u for u in w.units if w.units[u][1] == "pl"])
    unit_any = _alt(w.units)
    unit_dual = _alt(k for k, v in w.units.items() if v[1] == "dual")
    unit_pl = _alt(k for k, v in w.units.items() if v[1] == "pl")
    span = rf"(?P<span>{_alt(w.spans)})"
    recent = _alt(w.recent)
    present = _alt(w.present)
    hsuffix = r"(?:\s*(?:هـ|ه|للهجره|هجريه|هجري)(?!\w))"
    pats = [
        ("iso", r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        ("dmy", r"(?<!\d)(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})(?!\d)"),
        (
            "day_month",
            rf"{_B}(?:(?P<wd>{wday})\s*[،,]?\s*)?(?P<day>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?{mon}"
            rf"(?:\s*[،,]?\s*(?:{yword}\s+)?{year4})?{_E}",
        ),
        (
            "hijri",
            rf"{_B}(?:(?P<day>\d{{1,2}})\s+)?(?:شهر\s+)?(?P<hmon>{hijri})"
            rf"(?:\s+(?P<hyear>\d{{4}}){hsuffix}?|\s+{rel})?{_E}",
        ),
        (
            "month",
            rf"{_B}(?:{part}\s+)?(?P<shahr>(?:شهر|الشهر)\s+)?{mon}(?:\s+(?:من\s+)?(?:{yword}\s+)?{year4}|\s+{rel})?{_E}",
        ),
        (
            "season",
            rf"{_B}(?:{part}\s+)?(?P<season>{season})(?:\s+(?:من\s+)?(?:{yword}\s+)?{year4}|\s+{rel})?{_E}",
        ),
        (
            "year",
            rf"(?:{_B}{part}\s+)?(?:{_B}(?P<yw>{yword})\s+)?(?<!\d){year4}(?P<hs>{hsuffix})?(?!\d|\s*%)",
        ),
        (
            "year_rel",
            rf"{_B}(?:{part}\s+)?(?P<unit>{def_sg})\s+{rel}{_E}",
        ),
        (
            "this_unit",
            rf"{_B}(?P<this>هذا|هذه)\s+(?P<unit>{def_sg}){_E}",
        ),
        (
            "count",
            rf"{_B}{span}\s+(?:{count}\s+(?P<unit>{unit_any})|(?P<unit2>{unit_dual})|(?P<unitpl>{unit_pl}))"
            rf"(?:\s+(?P<rec>{recent}))?{_E}",
        ),
        (
            "recent",
            rf"{_B}(?:{span}\s+)?(?P<unitr>{def_pl})\s+(?P<rec>{recent}){_E}",
        ),
        (
            "deictic",
            rf"{_B}(?P<deictic>{_defn(w.deictic)})(?:\s*[«\"]?\s*(?P<wd>{wday})\s*[»\"]?)?{_E}",
        ),
        ("present", rf"{_B}(?P<present>{present}){_E}"),
        ("weekday", rf"{_B}(?:(?:يوم|اليوم)\s+)?(?P<wd>{wday})(?:\s+{rel})?{_E}"),
        (
            "duration",
            rf"{_B}(?:{count}\s+(?P<unit>{unit_any})|(?P<unit2>{unit_dual})|(?:ل|لمده\s+)(?P<unit1>{unit_sg}))"
            rf"(?P<half>\s+ونصف(?:\s+{def_sg})?)?{_E}",
        ),
    ]
    return [(name, re.compile(p)) for name, p in pats]


@cache
def _number_words() -> tuple[str, ...]:
    d = load_toml("numbers.toml")
    words = [
        normalize_for_matching(x) for t in ("ones", "tens") for ws in d[t].values() for x in ws
    ]
    return tuple(words)


# --- resolution helpers -------------------------------------------------------------


def _day(year: int, month: int, day: int) -> pd.Timestamp:
    """Midnight of a day, at second resolution (any year 1 … 9999 fits)."""
    return pd.Timestamp(year, month, day).as_unit("s")


def _in_range(ts: pd.Timestamp | None) -> bool:
    """``ts`` is missing or falls in a year from FIRST_YEAR to LAST_YEAR."""
    return ts is None or FIRST_YEAR <= ts.year <= LAST_YEAR


def _gregorian(hijri) -> pd.Timestamp:
    """A hijridate ``Hijri`` date as a Timestamp."""
    g = hijri.to_gregorian()
    return _day(g.year, g.month, g.day)


def _month_interval(year: int, month: int, mod: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"START": (1, 10), "MID": (11, 20), "END": (21, last)}.get(mod, (1, last))
    return _day(year, month, first_day), _day(year, month, last_day)


def _year_interval(year: int, mod: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    m1, m2 = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}.get(mod, (1, 12))
    return _day(year, m1, 1), _day(year, m2, calendar.monthrange(year, m2)[1])


def _season_interval(year: int, code: str, mod: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    m1, m2 = _words().season_months[code]
    if mod:
        k = {"START": 0, "MID": 1, "END": 2}[mod]
        m1 = m2 = m1 + k
    start = _day(year, 1, 1) + pd.DateOffset(months=m1 - 1)
    last = _day(year, 1, 1) + pd.DateOffset(months=m2 - 1)
    return start, last + pd.offsets.MonthEnd(0)


def _month_year(month: int, anchor: pd.Timestamp, rel: str) -> int:
    if rel == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel == "current":
        return anchor.year
    return anchor.year if month <= anchor.month else anchor.year - 1


def _season_year(code: str, anchor: pd.Timestamp, rel: str) -> int:
    """Year of the season meant: «الماضي» the latest that ended before the anchor."""
    for year in range(anchor.year + 1, anchor.year - 3, -1):
        begin, until = _season_interval(year, code)
        if rel == "next":
            if begin > anchor and _season_interval(year - 1, code)[0] <= anchor:
                return year
        elif (rel == "past" and until < anchor) or (rel in ("", "current") and begin <= anchor):
            return year
    return anchor.year


def _weekday_date(wd: int, anchor: pd.Timestamp, rel: str) -> pd.Timestamp:
    delta = (anchor.isoweekday() - wd) % 7
    if rel == "next":
        return anchor + pd.Timedelta(days=(wd - anchor.isoweekday()) % 7 or 7)
    if rel == "past" and delta == 0:
        delta = 7
    return anchor - pd.Timedelta(days=delta)


_UNIT_OFFSET = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}


def _shift(anchor: pd.Timestamp, unit: str, n: float) -> pd.Timestamp:
    if unit == "DE":
        unit, n = "Y", n * 10
    if unit in ("D", "W"):
        return anchor + pd.Timedelta(**{_UNIT_OFFSET[unit]: n})
    whole = int(n)
    out = anchor + pd.DateOffset(**{_UNIT_OFFSET[unit]: whole})
    if n != whole:
        out += pd.Timedelta(days=(n - whole) * (30.44 if unit == "M" else 365.25))
    return out


def _unit_interval(point: pd.Timestamp, unit: str) -> tuple[pd.Timestamp, pd.Timestamp, str, str]:
    """The calendar unit containing ``point``: (begin, until, value, granularity)."""
    if unit == "D":
        return point, point, _fmt(point), "day"
    if unit == "W":
        start = point - pd.Timedelta(days=point.isoweekday() - 1)
        iso = start.isocalendar()
        return start, start + pd.Timedelta(days=6), f"{iso.year}-W{iso.week:02d}", "week"
    if unit == "M":
        b, u = _month_interval(point.year, point.month)
        return b, u, _fmt(point, "month"), "month"
    b, u = _year_interval(point.year)
    return b, u, _fmt(point, "year"), "year"


def _fmt(ts: pd.Timestamp, gran: str = "day") -> str:
    """``2018-02-05``, ``2018-02`` or ``2018``, years zero-padded (``0950``): no strftime,
    which pads no year below 1000 and refuses dates beyond Python's."""
    day = f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"
    return {"month": day[:7], "year": day[:4]}.get(gran, day)


def _count(text: str | None) -> float | None:
    if not text:
        return None
    if text.isdigit():
        return digits_value(text)
    bare = text[2:] if text.startswith("ال") else text
    if bare in _words().few_words:
        return float(_words().recent_count)
    value = word_value(bare)
    return float(value) if value is not None else None


# --- one expression ------------------------------------------------------------------


@dataclass
class _Timex:
    start: int  # offsets into the normalised text
    end: int
    kind: str
    value: str
    mod: str
    begin: pd.Timestamp | None
    until: pd.Timestamp | None
    granularity: str
    anchored: bool
    note: str = ""  # out_of_range, after_anchor (set while resolving; the rest: _note)


def _resolve(name: str, m: re.Match[str], anchor: pd.Timestamp | None, norm: str) -> _Timex | None:
    w = _words()
    g = m.groupdict()
    part = w.parts.get(g["part"]) if g.get("part") else ""
    part = part or ""
    rel = w.rel.get(re.sub(r"\s+", " ", g["rel"])) if g.get("rel") else ""
    rel = rel or ""
    s, e = m.start(), m.end()

    def out(kind, value, begin, until, gran, anchored, mod=part):
        return _Timex(s, e, kind, value, mod, begin, until, gran, anchored)

    if name in ("iso", "dmy"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        if not (
            MIN_YEAR <= y <= MAX_YEAR and 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]
        ):
            return None
        day = _day(y, mo, d)
        return out("date", _fmt(day), day, day, "day", False)
    if name == "day_month":
        mo = w.months[_mon_key(g["mon"])]
        d = int(g["day"])
        if g.get("year"):
            y = int(g["year"])
            if not MIN_YEAR <= y <= MAX_YEAR:
                return None
            anchored = False
        elif anchor is not None:
            y, anchored = _month_year(mo, anchor, ""), True
        else:
            return out("date", f"XXXX-{mo:02d}-{d:02d}", None, None, "day", False)
        if d > calendar.monthrange(y, mo)[1] or d < 1:
            return None
        day = _day(y, mo, d)
        return out("date", _fmt(day), day, day, "day", anchored)
    if name == "hijri":
        return _resolve_hijri(g, anchor, out)
    if name == "month":
        key = _mon_key(g["mon"])
        paired = g.get("mon2") or g.get("mon3")
        if key in w.ambiguous_months and not (
            paired or g.get("shahr") or g.get("year") or g.get("rel") or part
        ):
            return None
        mo = w.months[key]
        kind = "part_of_period" if part else "month"
        if g.get("year"):
            y = int(g["year"])
            if not MIN_YEAR <= y <= MAX_YEAR:
                return None
            b, u = _month_interval(y, mo, part)
            return out(kind, f"{y}-{mo:02d}", b, u, "month", False)
        if anchor is None:
            return out(kind, f"XXXX-{mo:02d}", None, None, "month", False)
        y = _month_year(mo, anchor, rel)
        b, u = _month_interval(y, mo, part)
        return out(kind, f"{y}-{mo:02d}", b, u, "month", True)
    if name == "season":
        code = w.seasons[g["season"]]
        kind = "part_of_period" if part else "season"
        if g.get("year"):
            y = int(g["year"])
            if not MIN_YEAR <= y <= MAX_YEAR:
                return None
            b, u = _season_interval(y, code, part)
            return out(kind, f"{y}-{code}", b, u, "season", False)
        if not rel and not part:
            return None  # «الربيع» alone is too often not a date («الربيع العربي»)
        if anchor is None:
            return out(kind, f"XXXX-{code}", None, None, "season", False)
        y = _season_year(code, anchor, rel)
        b, u = _season_interval(y, code, part)
        return out(kind, f"{y}-{code}", b, u, "season", True)
    if name == "year":
        y = int(g["year"])
        if g.get("hs"):
            return _hijri_year(y, part, out)
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        if not (g.get("yw") or part or _year_context(norm, s, e)):
            return None
        b, u = _year_interval(y, part)
        return out("part_of_period" if part else "year", str(y), b, u, "year", False)
    if name in ("year_rel", "this_unit"):
        unit = w.units[_undef(g["unit"])][0]
        if unit not in ("Y", "M", "W"):
            return None
        if g.get("this"):
            rel = "current"
        if anchor is None:
            return out(
                "relative",
                f"X-{unit}",
                None,
                None,
                {"Y": "year", "M": "month", "W": "week"}[unit],
                False,
            )
        step = {"past": -1, "next": 1, "current": 0}[rel]
        point = _shift(anchor, unit, step)
        b, u, value, gran = _unit_interval(point, unit)
        if part and unit == "Y":
            b, u = _year_interval(point.year, part)
        elif part and unit == "M":
            b, u = _month_interval(point.year, point.month, part)
        return out("part_of_period" if part else "relative", value, b, u, gran, True)
    if name in ("count", "recent"):
        return _resolve_count(g, anchor, out)
    if name == "deictic":
        offset = w.deictic[_undef(re.sub(r"\s+", " ", g["deictic"]))]
        if re.match(r"\s*(?:التالي|السابق|نفسه|ذاته|الاول|الثاني)", norm[e : e + 12]):
            return None  # «في اليوم التالي»: a day relative to an event
        if anchor is None:
            return out("relative", f"X-D{offset:+d}", None, None, "day", False)
        day = anchor + pd.Timedelta(days=offset)
        return out("date", _fmt(day), day, day, "day", True)
    if name == "present":
        if anchor is None:
            return out("relative", "PRESENT_REF", None, None, "day", False)
        return out("relative", "PRESENT_REF", anchor, anchor, "day", True)
    if name == "weekday":
        wd = w.weekdays[g["wd"]]
        if anchor is None:
            return out("weekday", f"XXXX-WXX-{wd}", None, None, "day", False)
        day = _weekday_date(wd, anchor, rel)
        return out("weekday", _fmt(day), day, day, "day", True)
    if name == "duration":
        return _resolve_duration(g, norm, s, out)
    return None


def _mon_key(mon: str) -> str:
    return re.sub(r"\s+", " ", mon)


def _undef(word: str) -> str:
    """«للعام» → «العام», «بالعام» → «العام», «والعام» → «العام»."""
    word = re.sub(r"\s+", " ", word)
    w = _words()
    for cand in (word, "ال" + word[2:] if word.startswith("لل") else word):
        if cand in w.units or cand in w.deictic:
            return cand
    m = re.match(r"[وف]?(?:بال|كال|ال|لل)(.*)", word)
    if m:
        return "ال" + m.group(1)
    return word


def _year_context(norm: str, s: int, e: int) -> bool:
    """A bare four-digit number is a year after a span word or «في», and not before a noun."""
    before = norm[max(0, s - 12) : s].split()
    after = norm[e : e + 12].split()
    if before and before[-1] == "و":  # «2014 و2016», not «1500 مقاتل و2000 شخص»
        prev = before[-2] if len(before) > 1 else ""
        return prev.isdigit() and MIN_YEAR <= int(prev) <= MAX_YEAR
    if before and before[-1] in _words().span_year_words:
        return True
    if before and before[-1] in ("في", "وفي", "خلال"):
        return (
            not after
            or not re.match(r"[^\W\d_]", after[0])
            or after[0] in ("حين", "عندما", "و", "حيث")
        )
    return False


def _resolve_count(g, anchor, out):
    w = _words()
    span = w.spans.get(g.get("span") or "", "")
    if g.get("unitr"):
        unit_word, n = _undef(g["unitr"]), float(w.recent_count)
    elif g.get("unit2"):
        unit_word, n = g["unit2"], 2.0
    elif g.get("unitpl"):
        unit_word, n = g["unitpl"], float(w.recent_count)
    else:
        unit_word, n = g["unit"], _count(g.get("count"))
    if n is None or (_undef(unit_word) not in w.units and unit_word not in w.units):
        return None
    unit = w.units.get(unit_word, w.units.get(_undef(unit_word)))[0]
    gran = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "year"}[unit]
    vague = bool(g.get("unitr") or g.get("unitpl")) or (
        _count(g.get("count")) is not None
        and ((g.get("count") or "").removeprefix("ال") in w.few_words)
    )
    nval = "X" if vague else f"{n:g}"  # TIMEX3 writes an unknown count as X
    if span == "after" or (span == "during" and not g.get("rec")):
        return out("duration", f"P{nval}{unit}", None, None, gran, False, "APPROX" if vague else "")
    if anchor is None:
        return out("relative", f"P{nval}{unit}", None, None, gran, False, "")
    past = _shift(anchor, unit, -n)
    if span == "before":  # «قبل ستة أشهر»: a point that far back
        b, u, value, gran = _unit_interval(past, unit)
        return out("relative", value, b, u, gran, True, "APPROX")
    # «منذ عامين», «خلال الأشهر الأخيرة»: from that far back until the anchor
    b = _unit_interval(past, unit)[0]
    kind = "since" if span == "since" else "relative"
    value = f"{_fmt(b, gran)}/{_fmt(anchor)}"
    return out(kind, value, b, anchor, gran, True, "APPROX")


def _resolve_duration(g, norm, s, out):
    w = _words()
    before = norm[max(0, s - 25) : s].split()
    if any(t in w.age_words for t in before[-3:]):
        return None  # an age («البالغ من العمر 26 عاماً»)
    if g.get("unit2"):
        unit_word, n = g["unit2"], 2.0
    elif g.get("unit1"):
        unit_word, n = g["unit1"], 1.0
    else:
        unit_word, n = g["unit"], _count(g.get("count"))
    if n is None:
        return None
    unit_word = unit_word if unit_word in w.units else _undef(unit_word)
    if unit_word not in w.units:
        return None
    if g.get("count") and g["count"].isdigit() and len(g["count"]) > 2:
        return None
    if g.get("half"):
        n += 0.5
    unit = w.units[unit_word][0]
    gran = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "year"}[unit]
    return out("duration", f"P{n:g}{unit}", None, None, gran, False, "")


def _resolve_hijri(g, anchor, out):
    from hijridate import Hijri

    w = _words()
    hm = w.hijri[_mon_key(g["hmon"])]
    if g.get("hyear"):
        hy = int(g["hyear"])
        if not HIJRI_MIN <= hy <= HIJRI_MAX:
            return None
        anchored = False
    elif anchor is not None:  # the latest such month not after the anchor («المقبل»: next)
        a_year, a_month = _to_hijri(anchor)
        rel = w.rel.get(re.sub(r"\s+", " ", g["rel"])) if g.get("rel") else ""
        if rel == "next":
            hy = a_year if hm > a_month else a_year + 1
        else:
            hy = a_year if hm <= a_month else a_year - 1
        anchored = True
    else:
        return out("month", f"H-XXXX-{hm:02d}", None, None, "month", False)
    # outside the table (an anchor near 2077) this raises: _resolve_safely keeps it unresolved
    first = Hijri(hy, hm, 1)
    begin = _gregorian(first)
    until = _gregorian(Hijri(hy, hm, first.month_length()))
    if g.get("day"):
        day = int(g["day"])
        try:
            begin = until = _gregorian(Hijri(hy, hm, day))
        except ValueError:
            return None
        return out("date", _fmt(begin), begin, until, "day", anchored, "")
    return out("month", f"{_fmt(begin)}/{_fmt(until)}", begin, until, "month", anchored, "")


def _to_hijri(day: pd.Timestamp) -> tuple[int, int]:
    from hijridate import Gregorian

    h = Gregorian(day.year, day.month, day.day).to_hijri()
    return h.year, h.month


def _hijri_year(hy: int, part: str, out):
    """«1437 هـ»: its Gregorian span; a year outside the converter's table is kept unresolved."""
    from hijridate import Hijri

    if not HIJRI_MIN <= hy <= HIJRI_MAX:
        return replace(out("year", f"H-{hy}", None, None, "year", False), note="out_of_range")
    begin = _gregorian(Hijri(hy, 1, 1))
    until = _gregorian(Hijri(hy, 12, Hijri(hy, 12, 1).month_length()))
    return out("year", f"{_fmt(begin)}/{_fmt(until)}", begin, until, "year", False)


# --- spans over expressions ------------------------------------------------------------


#: What joins the two ends of a range (in the matching form: «إلى» is «الي»).
_RANGE_JOIN = re.compile(r"\s*(?:و|الي|حتي|وحتي|-|–)\s*")
_SINCE_JOIN = re.compile(r"\s*و?(?:حتي|الي)\s*")
#: What a span word stands before: «(منذ|حتى|بين|من) [عامي] <expr>».
_SPAN_WORD = re.compile(r"(?:^|\s)(منذ|حتي|وحتي|بين|من)\s+(?:عامي\s+|سنتي\s+)?$")
#: Kinds that place a point or a period in time (what a span may start or end at).
_POINT_KINDS = frozenset(
    {"date", "month", "year", "season", "part_of_period", "weekday", "relative"}
)


def _range(start: int, a: _Timex, b: _Timex) -> _Timex:
    """«بين 2019 و2016»: from the earlier end to the later (an unknown end stays open)."""
    anchored = a.anchored or b.anchored
    if b.begin is None or b.until is None:
        value = f"{a.value}/{b.value}"
        return _Timex(start, b.end, "range", value, "", a.begin, None, a.granularity, anchored)
    first, last = (a, b) if a.begin <= b.begin else (b, a)
    until = max(a.until, b.until)
    value = f"{first.value}/{last.value}"
    return _Timex(start, b.end, "range", value, "", first.begin, until, a.granularity, anchored)


def _since(start: int, t: _Timex, anchor: pd.Timestamp | None) -> _Timex:
    """«منذ <expr>»: from it to the anchor; one that starts after the anchor is no span
    into the future but a point at ``<expr>`` (note ``after_anchor``)."""
    if anchor is None:
        value = f"{t.value}/PRESENT_REF"
        return _Timex(start, t.end, "since", value, t.mod, t.begin, None, t.granularity, t.anchored)
    if t.begin > anchor:
        return replace(t, start=start, kind="since", note="after_anchor")
    value = f"{t.value}/{_fmt(anchor)}"
    return _Timex(start, t.end, "since", value, t.mod, t.begin, anchor, t.granularity, True)


def _wrap_spans(found: list[_Timex], norm: str, anchor: pd.Timestamp | None) -> list[_Timex]:
    """«منذ <expr>» → since; «حتى <expr>» → until; «بين <expr> و<expr>» → range."""
    out: list[_Timex] = []
    i = 0
    while i < len(found):
        t = found[i]
        before = norm[max(0, t.start - 12) : t.start]
        m = _SPAN_WORD.search(before)
        if not (m and t.kind in _POINT_KINDS and t.begin is not None):
            out.append(t)
            i += 1
            continue
        word = m.group(1)
        start = t.start - (len(before) - m.start(1))
        nxt = found[i + 1] if i + 1 < len(found) else None
        # «بين 2014 و2016», «من 2014 إلى 2016», «منذ 2014 وحتى 2016»
        joins = _RANGE_JOIN if word in ("بين", "من") else _SINCE_JOIN if word == "منذ" else None
        if nxt and nxt.kind in _POINT_KINDS and joins and joins.fullmatch(norm[t.end : nxt.start]):
            out.append(_range(start, t, nxt))
            i += 2
            continue
        if word == "منذ":
            t = _since(start, t, anchor)
        elif word in ("حتي", "وحتي"):
            t = replace(t, start=start, kind="until", value=f"/{t.value}", begin=None)
        out.append(t)
        i += 1
    return out


def _resolve_safely(
    name: str, m: re.Match[str], anchor: pd.Timestamp | None, norm: str
) -> _Timex | None:
    """:func:`_resolve`, where a date no Timestamp or calendar holds (before FIRST_YEAR,
    after LAST_YEAR, outside the Hijri table) leaves the expression as in an undated
    article, noted ``out_of_range``."""
    try:
        t = _resolve(name, m, anchor, norm)
        if t is None or (_in_range(t.begin) and _in_range(t.until)):
            return t
    except (ValueError, OverflowError, NotImplementedError):
        # OutOfBoundsDatetime is a ValueError; Timestamp.isocalendar() raises
        # NotImplementedError for a week outside Python's years 1-9999
        pass
    t = _resolve(name, m, None, norm)
    if t is None:
        return None
    return replace(t, begin=None, until=None, anchored=False, note="out_of_range")


def _find(text: str, anchor: pd.Timestamp | None) -> list[tuple[int, int, _Timex]]:
    norm, idx = normalize_with_offsets(text)
    cands: list[_Timex] = []
    for name, pat in _patterns():
        for m in pat.finditer(norm):
            t = _resolve_safely(name, m, anchor, norm)
            if t is not None:
                cands.append(t)
    cands.sort(key=lambda t: (-(t.end - t.start), t.start))
    taken: list[_Timex] = []
    for t in cands:
        if all(t.end <= o.start or t.start >= o.end for o in taken):
            taken.append(t)
    taken.sort(key=lambda t: t.start)
    spans = _wrap_spans(taken, norm, anchor)
    out = []
    for t in spans:
        start, end = span_to_original(idx, t.start, t.end, text)
        out.append((start, end, t))
    return out


def _note(t: _Timex, far_anchor: bool) -> str:
    """Why ``t`` is not resolved: ``out_of_range``, ``no_anchor`` or ``open`` (one end
    known); else its own note (``after_anchor``) or ``""``."""
    if t.note or t.kind == "duration":
        return t.note
    if t.begin is None and t.until is None:
        return "out_of_range" if far_anchor else "no_anchor"
    return "open" if t.begin is None or t.until is None else ""


def _seconds(ts: pd.Timestamp | None) -> pd.Timestamp | None:
    return None if ts is None else ts.as_unit("s")


def _anchor(published: object) -> pd.Timestamp | None:
    """The article's date as a day at second resolution (None when it has none)."""
    if published is None or pd.isna(published):
        return None
    return pd.Timestamp(published).as_unit("s").normalize()


def time_expressions_for_text(text: str, anchor: pd.Timestamp | None = None) -> list[dict]:
    """Time expression rows (dicts, no ``article_id``) of one clean text; pure.

    An anchor outside the years FIRST_YEAR … LAST_YEAR anchors nothing: its relative
    expressions are kept unresolved, noted ``out_of_range``.

    >>> [(r["text"], r["value"]) for r in time_expressions_for_text(
    ...     "وصل اليوم «الإثنين» بعد أن فر الخريف الماضي", pd.Timestamp("2018-02-05"))]
    [('اليوم «الإثنين»', '2018-02-05'), ('الخريف الماضي', '2017-FA')]
    """
    if not text:
        return []
    anchor = _anchor(anchor)
    usable = anchor if _in_range(anchor) else None
    starts = [s for s, _ in split_sentences(text)] or [0]
    rows = []
    for start, end, t in _find(text, usable):
        rows.append(
            {
                "sent_id": max(bisect_right(starts, start) - 1, 0),
                "start": start,
                "end": end,
                "text": text[start:end],
                "kind": t.kind,
                "value": t.value,
                "mod": t.mod,
                "begin": _seconds(t.begin),
                "until": _seconds(t.until),
                "granularity": t.granularity,
                "anchored": bool(t.anchored),
                "anchor": anchor,
                "resolved": t.begin is not None and t.until is not None,
                "note": _note(t, usable is None and anchor is not None),
            }
        )
    return rows


def timex_frame(rows: list[dict]) -> pd.DataFrame:
    """Time expression rows as a DataFrame with the module's column contract."""
    return typed_frame(rows, TIMEX_DTYPES)


def _timex_worker(art: ArticleInput) -> list[dict]:
    return time_expressions_for_text(art.text, art.published)


def extract_time_expressions(
    articles: pd.DataFrame, *, n_jobs: int = 1, show_progress: bool | None = None
) -> pd.DataFrame:
    """One row per time expression in every article (see the module's column table).

    The anchor is the article's ``published`` date when the articles have that column.
    ``n_jobs``: worker processes (articles are independent).
    """
    inputs = iter_articles(articles, "extract_time_expressions")
    rows = map_articles(
        _timex_worker, inputs, n_jobs=n_jobs, desc="time", show_progress=show_progress
    )
    return timex_frame(rows)
