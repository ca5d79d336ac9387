"""Time expressions: find Arabic dates, periods and durations and resolve them to intervals.

:func:`extract_time_expressions` finds explicit dates («5 شباط 2018», «2018-02-05»),
months in both series and paired («أيلول/سبتمبر»), Hijri months, seasons,
weekdays, «اليوم / أمس / غداً», «الماضي / المقبل / الحالي» on months, seasons,
years and weekdays, the part of a month or year («مطلع», «منتصف», «أواخر»),
counts of units («قبل ستة أشهر», «منذ عامين», «خلال الأشهر القليلة الماضية»),
spans («منذ عام 2012», «بين 2014 و2016») and durations («7 سنوات ونصف»). Word
lists live in ``data/calendar.toml``; counts are read by :mod:`corpus_tools.extract.numbers`;
the date arithmetic (intervals, weeks, seasons, Hijri) is :mod:`corpus_tools.extract.calendar`.

Each kind of expression is one pattern, tried only where a match can start: at the
document's tokens that begin it (month and weekday names, unit and span words …) and
at its digits. Where two expressions overlap the longest is kept.

Relative expressions are resolved against the article's ``published`` date (the
*anchor*). «<month> الماضي» is the latest such month not after the anchor's month;
«<season> الماضي» the latest season that ended before the anchor; a weekday alone
the latest such day not after the anchor. Where an article has no date, relative
expressions are kept with empty dates and ``resolved`` false — never guessed.
A number is a year only after a year word («عام 2012»), a part («أوائل 2014») or
a span word, or inside a date; an age («البالغ من العمر 26 عاماً») is not a time.

Columns: the ``times`` contract (``data/tables.toml``, ``docs/tables.md``); the
table: :func:`corpus_tools.extract_time_expressions`.

Dates are at second resolution, so any year 1 … 9999 fits («منذ 500 عام» is 1517 in
a 2017 article). «بين 2019 و2016» is read in order (2016–2019).

Example:
    >>> doc = Document("وصلوا في مطلع أيلول/سبتمبر الماضي بعد أن غادروا منذ أواخر عام 2015.",
    ...                published=pd.Timestamp("2017-09-13"))
    >>> rows = document_times(doc)
    >>> for r in rows:
    ...     print(r["text"], "|", r["kind"], r["value"], r["mod"])
    مطلع أيلول/سبتمبر الماضي | part_of_period 2017-09 START
    منذ أواخر عام 2015 | since 2015/2017-09-13 END
    >>> str(rows[0]["begin"].date()), str(rows[0]["until"].date())
    ('2017-09-01', '2017-09-10')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from corpus_tools.extract import calendar as cal
from corpus_tools.extract.calendar import FIRST_YEAR, LAST_YEAR, fmt, in_range
from corpus_tools.extract.numbers import digits_value, number_words, word_value
from corpus_tools.resources import load_toml
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "document_times",
    "time_expressions_for_text",
]

#: Years a bare four-digit number may be read as (recognition, not representation).
MIN_YEAR, MAX_YEAR = 1900, 2100

_L = r"[^\W\d_]"  # a letter
_B = rf"(?<!{_L})"  # word start
_BC = rf"(?:{_B}|(?<=(?<!{_L})[وفبل]))"  # word start, or after a proclitic («و18 أيار»)
_E = rf"(?!{_L})"  # word end
#: What after «اليوم / أمس» makes it a day relative to an event («في اليوم التالي»),
#: the day a relative clause tells of («اليوم الذي أراهما فيه») or a named day
#: («اليوم الوطني», «اليوم العالمي للمرأة»): not the article's day.
_EVENT_DAY = re.compile(
    r"\s*(?:التالي|السابق|نفسه|ذاته|الاول|الثاني|الذي|الذى|التي|الوطني|العالمي|الدولي)"
)
_SPACES = re.compile(r"\s+")


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
    upcoming: frozenset[str]  # «الأسبوعين المقبلين»: a stretch ahead
    recent_count: int
    deictic: dict[str, int]
    present: tuple[str, ...]
    spans: dict[str, str]
    year_words: tuple[str, ...]
    age_words: frozenset[str]
    few_words: frozenset[str]
    span_year_words: frozenset[str]
    ambiguous_months: frozenset[str]
    ordinal_days: dict[str, int]
    approx_words: tuple[str, ...]
    decades: dict[str, int]
    centuries: dict[str, int]
    future_cues: frozenset[str]
    not_future: frozenset[str]
    lately: tuple[str, ...] = ()
    lately_months: int = 3

    def units_of(self, number: str) -> list[str]:
        """The unit words of one number (``sg``, ``dual``, ``pl``)."""
        return [u for u, (_, n) in self.units.items() if n == number]


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
    words = d["words"]
    return _Words(
        months=table("months"),
        hijri=table("hijri_months"),
        weekdays=table("weekdays"),
        seasons={n(w): code for code, s in d["seasons"].items() for w in s["words"]},
        season_months={code: tuple(s["months"]) for code, s in d["seasons"].items()},
        units=units,
        parts={n(w): mod for mod, ws in d["parts"].items() for w in ws},
        rel=rel,
        recent=tuple(n(w) for w in [*d["relative"]["recent"], *d["relative"]["upcoming"]]),
        upcoming=frozenset(n(w) for w in d["relative"]["upcoming"]),
        recent_count=int(d["relative"]["recent_count"]),
        deictic={
            n(w): int(k)
            for k, ws in d["deictic"].items()
            if k not in ("present", "lately", "lately_months")
            for w in ws
        },
        present=tuple(n(w) for w in d["deictic"]["present"]),
        spans={n(w): kind for kind, ws in d["spans"].items() for w in ws},
        year_words=tuple(n(w) for w in words["year_words"]),
        age_words=frozenset(n(w) for w in words["age_words"]),
        few_words=frozenset(n(w) for w in words["few_words"]),
        span_year_words=frozenset(n(w) for w in words["span_year_words"]),
        ambiguous_months=frozenset(n(w) for w in words["ambiguous_months"]),
        ordinal_days={n(w): int(k) for k, ws in d["ordinal_days"].items() for w in ws},
        approx_words=tuple(n(w) for w in words["approx_words"]),
        decades={n(w): int(k) for k, ws in d["decades"].items() for w in ws},
        centuries={n(w): int(k) for k, ws in d["centuries"].items() for w in ws},
        future_cues=frozenset(n(w) for w in words["future_cues"]),
        not_future=frozenset(n(w) for w in words["not_future"]),
        lately=tuple(n(w) for w in d["deictic"]["lately"]),
        lately_months=int(d["deictic"]["lately_months"]),
    )


# --- patterns ---------------------------------------------------------------------------

#: The clitics ``_defn`` puts before a word written with the article.
_CONJ, _DEF = ("", "و", "ف"), ("ال", "بال", "لل", "كال")


def _alt(words) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


def _defn(words) -> str:
    """Words that may carry the article and its clitics («العام», «للعام», «بالعام»)."""
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        if w.startswith("ال"):
            alts.append(r"(?:[وف]?(?:ال|بال|لل|كال))" + re.escape(w[2:]).replace(r"\ ", r"\s+"))
        else:
            alts.append(re.escape(w).replace(r"\ ", r"\s+"))
    return "(?:" + "|".join(alts) + ")"


def _defn_forms(words) -> set[str]:
    """The words :func:`_defn` matches, written out («العام», «بالعام», «وللعام» …)."""
    out = set()
    for w in words:
        if w.startswith("ال"):
            out.update(c + p + w[2:] for c in _CONJ for p in _DEF)
        else:
            out.add(w)
    return out


def _firsts(words) -> set[str]:
    """The first word of each entry: the token a match of :func:`_alt` starts at."""
    return {w.split()[0] for w in words if w.strip()}


@dataclass(frozen=True)
class _Pattern:
    """One kind of time expression and the places in a text where a match can start.

    ``heads``: the tokens (letter runs) a match can start at, written out from the same
    word lists as ``regex``. ``digits``: 0 when no match starts at a digit, -1 when one
    starts where a run of digits starts («(?<!\\d)\\d{4}»), k when it starts within the
    last k digits of a run («\\d{1,3}\\s+»).
    """

    name: str
    regex: re.Pattern[str]
    heads: frozenset[str]
    digits: int = 0


def _pieces(w: _Words) -> dict[str, str]:
    """The regex parts the patterns share."""
    month = _alt(w.months)
    count_words = _alt([*number_words(), *w.few_words])
    return {
        # «أيلول/سبتمبر», «سبتمبر (أيلول)», «أيلول (سبتمبر)»
        "mon": rf"(?P<mon>{month})(?:\s*/\s*(?P<mon2>{month})|\s*\(\s*(?P<mon3>{month})\s*\))?",
        "hijri": _alt(w.hijri),
        "wday": _alt(w.weekdays),
        "season": _alt(w.seasons),
        "part": rf"(?P<part>{_alt(w.parts)})",
        "rel": rf"(?P<rel>{_alt(w.rel)})",
        "ordinal": _alt(w.ordinal_days),
        # a decade written with its article, or without it before «القرن» («ستينيات القرن»)
        "decade": _alt([*w.decades, *(d[2:] for d in w.decades)]),
        "century": _alt(w.centuries),
        "approx": _alt(w.approx_words),
        "unit_one": _alt(u for u in w.units_of("sg") if not u.startswith("ال")),
        "year4": r"(?P<year>\d{4})",
        "yword": _defn(w.year_words),
        "count": rf"(?P<count>\d{{1,3}}|(?:ال)?{count_words})",
        "count_word": count_words,
        "unit_sg": _alt(w.units_of("sg")),
        "def_sg": _defn(w.units_of("sg")),
        "def_pl": _defn(w.units_of("pl")),
        "def_dual": _defn(["ال" + u for u in w.units_of("dual")]),
        "unit_any": _alt(w.units),
        "unit_dual": _alt(w.units_of("dual")),
        "unit_pl": _alt(w.units_of("pl")),
        "span": rf"(?P<span>{_alt(w.spans)})",
        "recent": _alt(w.recent),
        "present": _alt(w.present),
        "lately": _alt(w.lately),
        "deictic": _defn(w.deictic),
        "hsuffix": r"(?:\s*(?:هـ|ه|للهجره|هجريه|هجري)(?!\w))",
    }


def _regexes(w: _Words) -> dict[str, str]:
    """The pattern of each kind of expression, in the order they are tried (a table)."""
    p = _pieces(w)
    mon, part, rel, year4, yword = p["mon"], p["part"], p["rel"], p["year4"], p["yword"]
    wday, def_sg, span, count = p["wday"], p["def_sg"], p["span"], p["count"]
    return {
        "iso": r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)",
        "dmy": r"(?<!\d)(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})(?!\d)",
        # «5 شباط 2018», «و18 كانون الثاني», «25 من شهر يوليو الماضي», «الثاني من مايو»,
        # «الرابع والخامس من أغسطس» (the first day)
        "day_month": rf"(?:{_BC}(?:(?P<wd>{wday})\s*[،,]?\s*)?(?<!\d)(?P<day>\d{{1,2}})\s+"
        rf"(?:من\s+)?|{_BC}(?P<dayw>{p['ordinal']})(?:\s+و(?P<dayw2>{p['ordinal']}))?\s+من\s+)"
        rf"(?:شهر\s+)?{mon}(?:\s*[،,]?\s*(?:{yword}\s+)?{year4}|\s+{rel})?{_E}",
        "hijri": rf"{_B}(?:(?P<day>\d{{1,2}})\s+)?(?:شهر\s+)?(?P<hmon>{p['hijri']})"
        rf"(?:\s+(?P<hyear>\d{{4}}){p['hsuffix']}?|\s+{rel})?{_E}",
        # «يونيو من العام الماضي»: the month of the year before
        "month": rf"{_B}(?:{part}\s+)?(?P<shahr>(?:شهر|الشهر)\s+)?{mon}"
        rf"(?:\s+(?:من\s+)?(?:{yword}\s+)?{year4}|\s+{rel}"
        rf"|\s+من\s+(?:العام|السنه)\s+(?P<yrel>{_alt(w.rel)}))?{_E}",
        "season": rf"{_B}(?:{part}\s+)?(?P<season>{p['season']})"
        rf"(?:\s+(?:من\s+)?(?:{yword}\s+)?{year4}|\s+{rel})?{_E}",
        "year": rf"(?:{_B}{part}\s+)?(?:{_B}(?P<yw>(?:[لب](?=[^\s\d]))?{yword}|لل(?:عام|سنه))\s+)?"
        rf"(?<!\d){year4}"
        rf"(?P<hs>{p['hsuffix']})?(?!\d|\s*%)",
        # «العام الماضي», «الأسبوع قبل الماضي» (two units back)
        "year_rel": rf"{_B}(?:{part}\s+)?(?P<unit>{def_sg})\s+(?:{rel}|(?P<before>قبل\s+الماضيه?))"
        rf"{_E}",
        # «منذ بداية العام», «منتصف الشهر»: a part of the current unit
        "part_unit": rf"{_B}{part}\s+(?P<unit>{def_sg}){_E}",
        # «التسعينيات», «أواخر الثمانينيات من القرن الماضي», «ستينيات القرن العشرين»
        "decade": rf"{_B}(?:{part}\s+)?(?:[وفب]|لل)?(?P<decade>{p['decade']})"
        rf"(?:\s+(?:من\s+)?(?P<century>{p['century']}))?{_E}",
        # «هذا الأسبوع», «في وقت سابق من الشهر» (earlier this month): the current unit
        "this_unit": rf"{_B}(?P<this>هذا|هذه|وقت\s+(?:سابق|لاحق|مبكر|متاخر)\s+من"
        rf"(?:\s+(?:هذا|هذه))?)\s+(?P<unit>{def_sg})(?!\s+(?:{_alt(w.rel)})){_E}",
        # «قبل ستة أشهر», «منذ عامين», «بعد نحو عام», «منذ أكثر من عام ونصف»
        "count": rf"{_B}{span}\s+(?:(?P<approx>{p['approx']})\s+)?(?:{count}\s+(?P<unit>"
        rf"{p['unit_any']})|(?P<unit2>{p['unit_dual']})|(?P<unitpl>{p['unit_pl']})"
        rf"|(?P<unitone>{p['unit_one']})(?!\s*\d))(?P<half>\s+ونصف)?"
        rf"(?:\s+(?P<rec>{p['recent']}))?{_E}",
        "recent": rf"{_B}(?:{span}\s+)?(?:(?P<unitr>{p['def_pl']})"
        rf"(?:\s+ال(?P<rcount>\d{{1,3}}|{p['count_word']}))?"
        rf"|(?P<unitrd>{p['def_dual']}))\s+(?P<rec>{p['recent']}){_E}",
        "deictic": rf"{_B}(?P<deictic>{p['deictic']})(?:\s*[«\"]?\s*(?P<wd>{wday})\s*[»\"]?)?{_E}",
        "present": rf"{_B}(?P<present>{p['present']}){_E}",
        "lately": rf"{_B}(?P<lately>{p['lately']}){_E}",
        "weekday": rf"{_B}(?:(?:يوم|اليوم)\s+)?(?P<wd>{wday})(?:\s+{rel})?{_E}",
        "duration": rf"{_B}(?:{count}\s+(?P<unit>{p['unit_any']})|(?P<unit2>{p['unit_dual']})"
        rf"|(?:ل|لمده\s+)(?P<unit1>{p['unit_sg']})(?!\s+\d{{4}}))"
        rf"(?P<half>\s+ونصف(?:\s+{def_sg})?)?{_E}",
    }


def _heads(w: _Words) -> dict[str, tuple[set[str], int]]:
    """Where a match of each pattern can start: (first tokens, digits; see :class:`_Pattern`).

    Written out from the same word lists as :func:`_regexes`; keep the two in step
    (``tests/test_timex.py`` checks them against a scan of every position).
    """
    parts, shahr = _firsts(w.parts), {"شهر", "الشهر"}
    spans, weekdays = _firsts(w.spans), _firsts(w.weekdays)
    counts = _firsts([*number_words(), *w.few_words])
    deictic = _defn_forms(w.deictic)
    return {
        "iso": (set(), -1),
        "dmy": (set(), -1),
        "day_month": (weekdays | _firsts(w.ordinal_days), 2),
        "hijri": ({"شهر"} | _firsts(w.hijri), 2),
        "month": (parts | shahr | _firsts(w.months), 0),
        "season": (parts | _firsts(w.seasons), 0),
        "year": (
            parts
            | _firsts(_defn_forms(w.year_words))
            | {c + y for c in ("ل", "ب") for y in _firsts(_defn_forms(w.year_words))}
            | {"للعام", "للسنه"},
            -1,
        ),
        "year_rel": (parts | _firsts(_defn_forms(w.units_of("sg"))), 0),
        "part_unit": (parts, 0),
        "decade": (
            parts
            | {c + d for c in ("", "و", "ف", "ب", "لل") for d in w.decades}
            | {d[2:] for d in w.decades}
            | {"و" + d[2:] for d in w.decades},
            0,
        ),
        "this_unit": ({"هذا", "هذه", "وقت"}, 0),
        "count": (spans, 0),
        "recent": (
            spans
            | _firsts(_defn_forms(w.units_of("pl")))
            | _firsts(_defn_forms(["ال" + u for u in w.units_of("dual")])),
            0,
        ),
        # a day and a weekday may be written as one word: «اليومالإثنين»
        "deictic": (
            _firsts(deictic) | {d + wd for d in deictic if " " not in d for wd in weekdays},
            0,
        ),
        "present": (_firsts(w.present), 0),
        "lately": (_firsts(w.lately), 0),
        "weekday": ({"يوم", "اليوم"} | weekdays, 0),
        "duration": (
            counts
            | {"ال" + c for c in counts}
            | _firsts(w.units_of("dual"))
            | {"ل" + u for u in _firsts(w.units_of("sg"))}
            | {"لمده"},
            3,
        ),
    }


@cache
def _patterns() -> tuple[_Pattern, ...]:
    """Every pattern, in the order they are tried, with the places it can start."""
    w = _words()
    heads = _heads(w)
    return tuple(
        _Pattern(name, re.compile(regex), frozenset(heads[name][0]), heads[name][1])
        for name, regex in _regexes(w).items()
    )


@cache
def _head_table() -> dict[str, tuple[int, ...]]:
    """Token → the indexes (in :func:`_patterns`) of the patterns that can start at it."""
    table: dict[str, list[int]] = {}
    for k, pat in enumerate(_patterns()):
        for word in pat.heads:
            table.setdefault(word, []).append(k)
    return {word: tuple(ks) for word, ks in table.items()}


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


@dataclass(frozen=True, slots=True)
class _Hit:
    """A match being resolved: its groups, its span in ``norm``, the anchor, and the
    part (START / MID / END) and relation (past / next / current) it names, or ``""``."""

    g: dict[str, str | None]
    start: int
    end: int
    anchor: pd.Timestamp | None
    norm: str
    part: str
    rel: str

    def out(self, kind, value, begin, until, gran, anchored, mod=None) -> _Timex:
        """A :class:`_Timex` over the match (``mod``: the part unless given)."""
        mod = self.part if mod is None else mod
        return _Timex(self.start, self.end, kind, value, mod, begin, until, gran, anchored)


def _hit(m: re.Match[str], anchor: pd.Timestamp | None, norm: str) -> _Hit:
    """A match with the part and relation its words name, ready to resolve."""
    w = _words()
    g = m.groupdict()
    part = (w.parts.get(g["part"]) if g.get("part") else "") or ""
    rel = (w.rel.get(_spaced(g["rel"])) if g.get("rel") else "") or ""
    return _Hit(g, m.start(), m.end(), anchor, norm, part, rel)


def _spaced(words: str) -> str:
    """A matched phrase with its whitespace as single spaces (as in the word lists)."""
    return _SPACES.sub(" ", words)


def _undef(word: str) -> str:
    """«للعام» → «العام», «بالعام» → «العام», «والعام» → «العام»."""
    word = _spaced(word)
    w = _words()
    for cand in (word, "ال" + word[2:] if word.startswith("لل") else word):
        if cand in w.units or cand in w.deictic:
            return cand
    m = re.match(r"[وف]?(?:بال|كال|ال|لل)(.*)", word)
    if m:
        return "ال" + m.group(1)
    return word


def _count(text: str | None) -> float | None:
    """A count as written: digits, a number word, or a «few» word (``recent_count``)."""
    if not text:
        return None
    if text.isdigit():
        return digits_value(text)
    bare = text[2:] if text.startswith("ال") else text
    if bare in _words().few_words:
        return float(_words().recent_count)
    value = word_value(bare)
    return float(value) if value is not None else None


def _year_number(text: str) -> int | None:
    """A four-digit year as written, when it is one a text may mean (MIN_YEAR … MAX_YEAR)."""
    y = int(text)
    return y if MIN_YEAR <= y <= MAX_YEAR else None


#: Words after «في 2012» that show the number is a year, not a count: a counted noun is
#: indefinite and follows its number directly, these never are one.
_AFTER_YEAR = frozenset(
    {
        "حين",
        "عندما",
        "و",
        "حيث",
        "من",
        "الي",
        "علي",
        "عن",
        "مع",
        "بعد",
        "قبل",
        "حتي",
        "ثم",
        "اي",
        "اذ",
        "لكن",
        "الا",
        "كما",
        "بينما",
        "اثر",
        "عقب",
        "خلال",
    }
)


def _year_context(norm: str, s: int, e: int) -> bool:
    """A bare four-digit number is a year after a span word or «في», and not before a
    counted noun: after «في» the next word must be punctuation, a word with the
    article, a conjunction («والمعروفة») or a function word («في 2013 من …»)."""
    before = norm[max(0, s - 12) : s].split()
    after = norm[e : e + 12].split()
    if before and before[-1] == "و":  # «2014 و2016», not «1500 مقاتل و2000 شخص»
        prev = before[-2] if len(before) > 1 else ""
        return prev.isdigit() and MIN_YEAR <= int(prev) <= MAX_YEAR
    if before and before[-1] in _words().span_year_words:
        return True
    nxt = after[0] if after else ""
    no_noun_after = (
        not nxt
        or not re.match(r"[^\W\d_]", nxt)
        or nxt in _AFTER_YEAR
        or nxt.startswith(("ال", "وال", "و"))
    )
    if before and before[-1] in ("في", "وفي", "خلال"):
        return no_noun_after
    # «نمواً بنسبة 8% في 2017، مقارنة بسابقه 2016»: a year of the same clause just before
    return no_noun_after and _YEAR_BEFORE_RE.search(norm, max(0, s - 40), s) is not None


#: A year earlier in the same clause, at most 40 characters back (no full stop between).
_YEAR_BEFORE_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)[^.؛;\n\d]*$")


# --- resolving each kind -----------------------------------------------------------------


def _date(h: _Hit) -> _Timex | None:
    """«2018-02-05», «5/2/2018»."""
    y, mo, d = int(h.g["y"]), int(h.g["m"]), int(h.g["d"])
    if not (MIN_YEAR <= y <= MAX_YEAR and cal.is_date(y, mo, d)):
        return None
    day = cal.day(y, mo, d)
    return h.out("date", fmt(day), day, day, "day", False)


def _day_month(h: _Hit) -> _Timex | None:
    """«5 شباط 2018», «الإثنين 5 شباط» (the year the anchor's when none is written)."""
    mo = _words().months[_spaced(h.g["mon"])]
    d = int(h.g["day"]) if h.g.get("day") else _words().ordinal_days[_spaced(h.g["dayw"])]
    if h.g.get("year"):
        y = _year_number(h.g["year"])
        if y is None:
            return None
        anchored = False
    elif h.anchor is not None:
        y, anchored = cal.month_year(mo, h.anchor, h.rel), True
    else:
        return h.out("date", f"XXXX-{mo:02d}-{d:02d}", None, None, "day", False)
    if not cal.is_date(y, mo, d):
        return None
    day = cal.day(y, mo, d)
    d2 = _words().ordinal_days[_spaced(h.g["dayw2"])] if h.g.get("dayw2") else None
    if d2 is not None and d2 > d and cal.is_date(y, mo, d2):  # «الرابع والخامس من أغسطس»
        last = cal.day(y, mo, d2)
        return h.out("date", f"{fmt(day)}/{fmt(last)}", day, last, "day", anchored)
    return h.out("date", fmt(day), day, day, "day", anchored)


def _hijri(h: _Hit) -> _Timex | None:
    """«رمضان 1437», «12 ربيع الأول», «شوال المقبل» (Umm al-Qura)."""
    hm = _words().hijri[_spaced(h.g["hmon"])]
    if h.g.get("hyear"):
        hy = int(h.g["hyear"])
        if not cal.in_hijri_table(hy):
            return None
        anchored = False
    elif h.anchor is not None:  # the latest such month not after the anchor («المقبل»: next)
        a_year, a_month = cal.to_hijri(h.anchor)
        if h.rel == "next":
            hy = a_year if hm > a_month else a_year + 1
        else:
            hy = a_year if hm <= a_month else a_year - 1
        anchored = True
    else:
        return h.out("month", f"H-XXXX-{hm:02d}", None, None, "month", False)
    # outside the table (an anchor near 2077) this raises: _resolve_safely keeps it unresolved
    begin, until = cal.hijri_month(hy, hm)
    if h.g.get("day"):
        try:
            begin = until = cal.hijri_day(hy, hm, int(h.g["day"]))
        except ValueError:
            return None
        return h.out("date", fmt(begin), begin, until, "day", anchored, "")
    return h.out("month", f"{fmt(begin)}/{fmt(until)}", begin, until, "month", anchored, "")


def _month(h: _Hit) -> _Timex | None:
    """«أيلول/سبتمبر الماضي», «مطلع شهر آب 2015»; a month alone is the latest one, or the
    next one in a clause about what is ahead (:func:`_ahead`)."""
    w, g = _words(), h.g
    key = _spaced(g["mon"])
    paired = g.get("mon2") or g.get("mon3")
    if key in w.ambiguous_months and not (
        paired or g.get("shahr") or g.get("year") or g.get("rel") or h.part
    ):
        return None
    mo = w.months[key]
    kind = "part_of_period" if h.part else "month"
    if g.get("year"):
        y = _year_number(g["year"])
        if y is None:
            return None
        b, u = cal.month_interval(y, mo, h.part)
        return h.out(kind, f"{y}-{mo:02d}", b, u, "month", False)
    if h.anchor is None:
        return h.out(kind, f"XXXX-{mo:02d}", None, None, "month", False)
    if g.get("yrel"):  # «يونيو من العام الماضي»
        offset = {"past": -1, "next": 1, "current": 0}[w.rel[_spaced(g["yrel"])]]
        y = h.anchor.year + offset
        b, u = cal.month_interval(y, mo, h.part)
        return h.out(kind, f"{y}-{mo:02d}", b, u, "month", True)
    # a month alone in a clause about what is ahead («ستجرى الانتخابات في أبريل»): the next
    rel = h.rel or ("next" if _ahead(h.norm, h.start, _MONTH_AHEAD_WORDS, clause=True) else "")
    y = cal.month_year(mo, h.anchor, rel)
    b, u = cal.month_interval(y, mo, h.part)
    return h.out(kind, f"{y}-{mo:02d}", b, u, "month", True)


def _season(h: _Hit) -> _Timex | None:
    """«صيف 2014», «الخريف الماضي», «أواخر الشتاء الماضي» (never a season alone)."""
    w = _words()
    code = w.seasons[h.g["season"]]
    months = w.season_months[code]
    kind = "part_of_period" if h.part else "season"
    if h.g.get("year"):
        y = _year_number(h.g["year"])
        if y is None:
            return None
        b, u = cal.season_interval(y, months, h.part)
        return h.out(kind, f"{y}-{code}", b, u, "season", False)
    before = h.norm[max(0, h.start - 6) : h.start].split()
    after_fi = bool(before) and before[-1] in ("في", "وفي")  # a word, not «ويكفي»
    then = h.norm[h.end : h.end + 4].lstrip()
    if not h.rel and not h.part and not (after_fi and not then.startswith("ال")):
        return None  # «الربيع» alone is too often not a date («الربيع العربي»)
    if h.anchor is None:
        return h.out(kind, f"XXXX-{code}", None, None, "season", False)
    y = cal.season_year(months, h.anchor, h.rel)
    b, u = cal.season_interval(y, months, h.part)
    return h.out(kind, f"{y}-{code}", b, u, "season", True)


def _year(h: _Hit) -> _Timex | None:
    """«عام 2012», «أوائل 2014», «منذ 2014», «1437 هـ» (a bare number only in context)."""
    y = int(h.g["year"])
    if h.g.get("hs"):
        return _hijri_year(h, y)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    if not (h.g.get("yw") or h.part or _year_context(h.norm, h.start, h.end)):
        return None
    b, u = cal.year_interval(y, h.part)
    return h.out("part_of_period" if h.part else "year", str(y), b, u, "year", False)


def _decade(h: _Hit) -> _Timex | None:
    """«التسعينيات» (1990–1999), «أواخر الثمانينيات» (its last third of years)."""
    w = _words()
    word = h.g["decade"]
    tens = w.decades.get(word, w.decades.get("ال" + word))
    if tens is None:
        return None
    century = w.centuries.get(_spaced(h.g["century"])) if h.g.get("century") else 20
    first = (century - 1) * 100 + tens * 10
    b, u = cal.decade_interval(first, h.part)
    kind = "part_of_period" if h.part else "decade"
    return h.out(kind, f"{first // 10:03d}", b, u, "decade", False)


def _hijri_year(h: _Hit, hy: int) -> _Timex:
    """«1437 هـ»: its Gregorian span; a year outside the converter's table is kept unresolved."""
    if not cal.in_hijri_table(hy):
        return replace(h.out("year", f"H-{hy}", None, None, "year", False), note="out_of_range")
    begin, until = cal.hijri_year_interval(hy)
    return h.out("year", f"{fmt(begin)}/{fmt(until)}", begin, until, "year", False)


def _unit_rel(h: _Hit) -> _Timex | None:
    """«العام الماضي», «أواخر الشهر المقبل», «هذا الأسبوع»."""
    unit = _words().units[_undef(h.g["unit"])][0]
    if unit not in ("Y", "M", "W"):
        return None
    gran = cal.UNIT_GRANULARITY[unit]
    if h.anchor is None:
        return h.out("relative", f"X-{unit}", None, None, gran, False)
    rel = "current" if h.g.get("this") or not h.rel else h.rel  # «بداية العام»: this one
    offset = -2 if h.g.get("before") else {"past": -1, "next": 1, "current": 0}[rel]
    point = cal.shift(h.anchor, unit, offset)
    b, u, value, gran = cal.unit_interval(point, unit)
    if h.part and unit == "Y":
        b, u = cal.year_interval(point.year, h.part)
    elif h.part and unit == "M":
        b, u = cal.month_interval(point.year, point.month, h.part)
    elif h.part and unit == "W":  # «نهاية الأسبوع»: its last two days (Saturday, Sunday)
        first, last = {"START": (0, 1), "MID": (2, 4)}.get(h.part, (5, 6))
        b, u = b + pd.Timedelta(days=first), b + pd.Timedelta(days=last)
    return h.out("part_of_period" if h.part else "relative", value, b, u, gran, True)


def _units_counted(h: _Hit) -> tuple[str, float | None, bool] | None:
    """(unit code, count, vague) of «ستة أشهر», «عامين», «الأشهر الأخيرة»; None: no unit."""
    w, g = _words(), h.g
    if g.get("unitr"):
        unit_word = _undef(g["unitr"])
        n = _count(g["rcount"]) if g.get("rcount") else float(w.recent_count)
        if n is None:
            return None
    elif g.get("unitrd"):
        unit_word, n = _undef(g["unitrd"])[2:], 2.0  # «الشهرين الماضيين»
    elif g.get("unit2"):
        unit_word, n = g["unit2"], 2.0
    elif g.get("unitpl"):
        unit_word, n = g["unitpl"], float(w.recent_count)
    elif g.get("unitone"):
        unit_word, n = g["unitone"], 1.0  # «قبل عام»: one year
    else:
        unit_word, n = g["unit"], _count(g.get("count"))
    if n is None or (_undef(unit_word) not in w.units and unit_word not in w.units):
        return None
    if g.get("half"):
        n += 0.5
    unit = w.units.get(unit_word, w.units.get(_undef(unit_word)))[0]
    vague = bool((g.get("unitr") and not g.get("rcount")) or g.get("unitpl")) or (
        _count(g.get("count")) is not None
        and ((g.get("count") or "").removeprefix("ال") in w.few_words)
    )
    return unit, n, vague


def _count_span(h: _Hit) -> _Timex | None:
    """«قبل ستة أشهر» (the day that far back), «منذ عامين», «خلال الأشهر الأخيرة»
    (from that day to the anchor),
    «بعد عامين», «خلال عامين» (durations)."""
    counted = _units_counted(h)
    if counted is None:
        return None
    unit, n, vague = counted
    span = _words().spans.get(h.g.get("span") or "", "")
    gran = cal.UNIT_GRANULARITY[unit]
    nval = "X" if vague else f"{n:g}"  # TIMEX3 writes an unknown count as X
    if span == "after" or (span == "during" and not h.g.get("rec")):
        approx = vague or bool(h.g.get("approx"))
        return h.out(
            "duration", f"P{nval}{unit}", None, None, gran, False, "APPROX" if approx else ""
        )
    if h.anchor is None:
        return h.out("relative", f"P{nval}{unit}", None, None, gran, False, "")
    if h.g.get("rec") and _spaced(h.g["rec"]) in _words().upcoming:
        ahead = cal.shift(h.anchor, unit, n)  # «في غضون الأسبوعين المقبلين»
        value = f"{fmt(h.anchor)}/{fmt(ahead)}"
        return h.out("relative", value, h.anchor, ahead, gran, True, "APPROX")
    past = cal.shift(h.anchor, unit, -n)
    if span == "before":  # «قبل ستة أشهر»: the day that far back, approximately
        return h.out("relative", fmt(past), past, past, gran, True, "APPROX")
    # «منذ عامين», «خلال الأشهر الأخيرة»: from that far back until the anchor
    kind = "since" if span == "since" else "relative"
    value = f"{fmt(past)}/{fmt(h.anchor)}"
    return h.out(kind, value, past, h.anchor, gran, True, "APPROX")


def _deictic(h: _Hit) -> _Timex | None:
    """«اليوم», «أمس», «غداً» (not «في اليوم التالي», a day relative to an event)."""
    offset = _words().deictic[_undef(_spaced(h.g["deictic"]))]
    if _EVENT_DAY.match(h.norm[h.end : h.end + 12]):
        return None
    if h.anchor is None:
        return h.out("relative", f"X-D{offset:+d}", None, None, "day", False)
    day = h.anchor + pd.Timedelta(days=offset)
    return h.out("date", fmt(day), day, day, "day", True)


def _lately(h: _Hit) -> _Timex:
    """«مؤخراً», «في الآونة الأخيرة»: recently, the ``lately_months`` before the anchor."""
    if h.anchor is None:
        return h.out("relative", "PAST_REF", None, None, "month", False, "APPROX")
    past = h.anchor - pd.DateOffset(months=_words().lately_months)
    value = f"{fmt(past)}/{fmt(h.anchor)}"
    return h.out("relative", value, past, h.anchor, "month", True, "APPROX")


def _present(h: _Hit) -> _Timex:
    """«الآن», «حالياً»: the anchor."""
    if h.anchor is None:
        return h.out("relative", "PRESENT_REF", None, None, "day", False)
    return h.out("relative", "PRESENT_REF", h.anchor, h.anchor, "day", True)


#: س before an imperfect prefix («سيعود», «ستستأنف», «سنواصل»): the first person
#: singular («سأعود» → «ساعود») is left out, it reads as «سافر», «ساعد», «سادس» …; and
#: no word ending in ات («سنوات»): a plural noun.
_FUTURE_VERB = re.compile(r"^[وف]?س[يتن](?![^\W\d_]*ات$)[^\W\d_]{2,}$")
_CLAUSE_END = re.compile(r"[.؟?!؛;:\n]")


#: Words that open another clause: a month's future cue must stand after them
#: («سيزور باريس بعد أن وقع الاتفاق في فبراير»: the signing is past).
_CLAUSE_OPENERS = frozenset({"ان", "بعد", "قبل", "عندما", "حين", "منذ", "لان", "الذي", "التي"})


def _ahead(norm: str, start: int, words: int = 12, clause: bool = False) -> bool:
    """Whether the clause before ``start`` says its event is ahead: a future cue or a
    verb with the future prefix س in the ``words`` words before it (``calendar.toml``).
    ``clause``: only after the last comma or clause opener (:data:`_CLAUSE_OPENERS`)."""
    before = norm[max(0, start - 120) : start]
    stop = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    if clause:
        stop = max(stop, before.rfind("،") + 1, before.rfind(",") + 1)
    toks = before[stop:].split()[-words:]
    if clause:
        cut = max((k + 1 for k, t in enumerate(toks) if t in _CLAUSE_OPENERS), default=0)
        toks = toks[cut:]
    w = _words()
    for tok in toks:
        bare = tok[1:] if tok[:1] in ("و", "ف") and len(tok) > 3 else tok
        if bare in w.future_cues or tok in w.future_cues:
            return True
        if _FUTURE_VERB.match(tok) and bare not in w.not_future and tok not in w.not_future:
            return True
    return False


#: A month alone is ahead only with a future cue in its own clause, this many words back.
_MONTH_AHEAD_WORDS = 6


def _weekday(h: _Hit) -> _Timex:
    """«الثلاثاء», «يوم الجمعة الماضي»; a weekday alone in a clause about what is ahead
    («ستستأنف الأحد») is the next one."""
    wd = _words().weekdays[h.g["wd"]]
    if h.anchor is None:
        return h.out("weekday", f"XXXX-WXX-{wd}", None, None, "day", False)
    rel = h.rel or ("next" if _ahead(h.norm, h.start) or _after_weekday_ahead(h) else "")
    day = cal.weekday_date(wd, h.anchor, rel)
    return h.out("weekday", fmt(day), day, day, "day", True)


@cache
def _weekday_re() -> re.Pattern[str]:
    names = sorted(_words().weekdays, key=len, reverse=True)
    return re.compile(rf"(?<!\w)[وفب]?(?:يوم\s+)?(?:{'|'.join(map(re.escape, names))})(?!\w)")


def _after_weekday_ahead(h: _Hit) -> bool:
    """«… مع الاحتفال بالعيد الوطني السبت ومباراة النهائي الأحد»: a weekday after another
    of its clause (no comma between, 100 characters back at most) that is ahead is ahead
    too."""
    back = max(0, h.start - 100)
    before = h.norm[back : h.start]
    stop = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    stop = max(stop, before.rfind("،") + 1, before.rfind(",") + 1)  # in its own clause
    prev = list(_weekday_re().finditer(before, stop))
    return bool(prev) and _ahead(h.norm, back + prev[-1].start())


def _duration(h: _Hit) -> _Timex | None:
    """«7 سنوات ونصف», «أسبوعين», «لمدة شهر» (not an age: «البالغ من العمر 26 عاماً»)."""
    w, g = _words(), h.g
    before = h.norm[max(0, h.start - 25) : h.start].split()
    if any(t in w.age_words for t in before[-3:]):
        return None
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
    return h.out("duration", f"P{n:g}{unit}", None, None, cal.UNIT_GRANULARITY[unit], False, "")


#: How a match of each pattern becomes an expression (None: not one).
_RESOLVERS = {
    "iso": _date,
    "dmy": _date,
    "day_month": _day_month,
    "hijri": _hijri,
    "month": _month,
    "season": _season,
    "year": _year,
    "year_rel": _unit_rel,
    "part_unit": _unit_rel,
    "decade": _decade,
    "this_unit": _unit_rel,
    "count": _count_span,
    "recent": _count_span,
    "deictic": _deictic,
    "present": _present,
    "lately": _lately,
    "weekday": _weekday,
    "duration": _duration,
}


def _resolve_safely(
    name: str, m: re.Match[str], anchor: pd.Timestamp | None, norm: str
) -> _Timex | None:
    """The match resolved; where a date no Timestamp or calendar holds (before
    FIRST_YEAR, after LAST_YEAR, outside the Hijri table), the expression as in an
    undated article, noted ``out_of_range``."""
    resolve = _RESOLVERS[name]
    try:
        t = resolve(_hit(m, anchor, norm))
        if t is None or (in_range(t.begin) and in_range(t.until)):
            return t
    except (ValueError, OverflowError, NotImplementedError):
        # OutOfBoundsDatetime is a ValueError; Timestamp.isocalendar() raises
        # NotImplementedError for a week outside Python's years 1-9999
        pass
    t = resolve(_hit(m, None, norm))
    if t is None:
        return None
    return replace(t, begin=None, until=None, anchored=False, note="out_of_range")


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
    value = f"{t.value}/{fmt(anchor)}"
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


# --- finding ---------------------------------------------------------------------------


def _digit_runs(doc: Document) -> list[tuple[int, int]]:
    """``(start, end)`` in ``doc.norm`` of each run of digits, from the number tokens
    (one may hold several, «1,500»; two may make one, «1,2345» is «1,234» «5»)."""
    norm, spans = doc.norm, doc.token_spans
    runs: list[list[int]] = []
    for i in [i for i, tok in enumerate(doc.tokens) if tok[0].isdecimal()]:
        s, e = spans[i]
        for p in range(s, e):
            if not norm[p].isdecimal():
                continue  # a separator
            if runs and runs[-1][1] == p:
                runs[-1][1] = p + 1
            else:
                runs.append([p, p + 1])
    return [(s, e) for s, e in runs]


def _starts(doc: Document, patterns: tuple[_Pattern, ...]) -> list[list[int]]:
    """For each pattern, the sorted offsets in ``doc.norm`` where a match can start:
    the tokens among its heads, and the digits it can start at."""
    table = _head_table()
    tokens, spans = doc.tokens, doc.token_spans
    at: list[list[int]] = [[] for _ in patterns]
    for i in [i for i, tok in enumerate(tokens) if tok in table]:
        for k in table[tokens[i]]:
            at[k].append(spans[i][0])
    runs = _digit_runs(doc)
    if not runs:
        return at
    at_digits: dict[int, list[int]] = {-1: [s for s, _ in runs]}
    for k, pat in enumerate(patterns):
        if pat.digits:
            if pat.digits not in at_digits:
                last = pat.digits
                at_digits[last] = [p for s, e in runs for p in range(max(s, e - last), e)]
            at[k] = sorted(at[k] + at_digits[pat.digits])
    return at


def _matches(regex: re.Pattern[str], norm: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches ``regex.finditer(norm)`` gives (left to right, each after the last),
    trying only at ``starts`` (sorted; every place a match can start)."""
    end = 0
    for p in starts:
        if p >= end and (m := regex.match(norm, p)) is not None:
            end = m.end()
            yield m


#: A misspelt month name is read only in names of this many letters or more («أيريل»
#: for «أبريل»; not «ماي», «اب», «مارس»: too many words are one letter from them).
_MENDED_MONTH_LETTERS = 5


@cache
def _month_keys() -> dict[tuple[int, int, str], str]:
    """(length, position, the name with that letter blanked) → month name, for the
    month names of :data:`_MENDED_MONTH_LETTERS` letters or more."""
    out: dict[tuple[int, int, str], str] = {}
    for name in _words().months:
        if " " in name or len(name) < _MENDED_MONTH_LETTERS:
            continue
        for i in range(len(name)):
            out.setdefault((len(name), i, name[:i] + name[i + 1 :]), name)
    return out


def _mended_months(doc: Document) -> str:
    """``doc.norm`` with each word right after a day number (1–31, or «من» after one)
    that is a month name with one letter wrong («17 أيريل الحالي») and no word of the
    tagger's vocabulary (which holds «دولية», «جانبي») written as that month: same
    length, so every offset holds."""
    from corpus_tools.extract.tagger.clusters import load_clusters

    norm, toks, spans = doc.norm, doc.tokens, doc.token_spans
    keys, months = _month_keys(), _words().months
    fixes: list[tuple[int, str]] = []
    known = None  # the words of the unlabelled corpus: «دولية», «جانبي» are no misspelling
    for i in range(1, len(toks)):
        tok = toks[i]
        if len(tok) < _MENDED_MONTH_LETTERS or tok in months or not tok.isalpha():
            continue
        day = toks[i - 1] if toks[i - 1] != "من" or i < 2 else toks[i - 2]
        if not (day.isdigit() and 1 <= int(day) <= 31):
            continue
        if known is None:
            known = load_clusters().ids
        if tok in known:
            continue
        for k in range(len(tok)):
            name = keys.get((len(tok), k, tok[:k] + tok[k + 1 :]))
            if name is not None:
                fixes.append((spans[i][0], name))
                break
    if not fixes:
        return norm
    parts, at = [], 0
    for start, name in fixes:
        parts += [norm[at:start], name]
        at = start + len(name)
    return "".join([*parts, norm[at:]])


def _candidates(doc: Document, anchor: pd.Timestamp | None) -> list[_Timex]:
    """Every pattern's matches, resolved (pattern by pattern, each left to right)."""
    norm = _mended_months(doc)
    patterns = _patterns()
    out: list[_Timex] = []
    for pat, starts in zip(patterns, _starts(doc, patterns), strict=True):
        for m in _matches(pat.regex, norm, starts):
            t = _resolve_safely(pat.name, m, anchor, norm)
            if t is not None:
                out.append(t)
    return out


def _choose(cands: list[_Timex]) -> list[_Timex]:
    """Longest first (then leftmost), each kept when it overlaps none kept; by start."""
    kept: list[_Timex] = []
    starts: list[int] = []
    ends: list[int] = []  # the kept are disjoint, so their ends are in order too
    for t in sorted(cands, key=lambda t: (-(t.end - t.start), t.start)):
        k = bisect_right(ends, t.start)  # the first kept that ends after t starts
        if k < len(kept) and starts[k] < t.end:
            continue
        kept.insert(k, t)
        starts.insert(k, t.start)
        ends.insert(k, t.end)
    return kept


# --- rows ------------------------------------------------------------------------------


def _note(t: _Timex, far_anchor: bool) -> str:
    """Why ``t`` is not resolved: ``out_of_range``, ``no_anchor`` or ``open`` (one end
    known); else its own note (``after_anchor``, ``narrative``) or ``""``."""
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


def _row(doc: Document, t: _Timex, anchor: pd.Timestamp | None, far_anchor: bool) -> dict:
    start, end = doc.original(t.start, t.end)
    return {
        "sent_id": doc.sentence_of(start),
        "start": start,
        "end": end,
        "text": doc.text[start:end],
        "kind": t.kind,
        "value": t.value,
        "mod": cal.PART_MOD.get(t.mod, t.mod),  # FINAL, halves: TIMEX3 has START, MID, END
        "begin": _seconds(t.begin),
        "until": _seconds(t.until),
        "granularity": t.granularity,
        "anchored": bool(t.anchored),
        "anchor": anchor,
        "resolved": t.begin is not None and t.until is not None,
        "note": _note(t, far_anchor),
    }


#: «في الشهر نفسه», «في العام التالي»: a unit of the narrative, the same as or after
#: the one the text last dated.
_NARRATIVE_RE = re.compile(
    rf"{_B}(?:[وف]?في\s+)?(?P<unit>الشهر|العام|السنه|الاسبوع)\s+"
    rf"(?P<rel>نفسه|نفسها|ذاته|ذاتها|عينه|التالي|التاليه|اللاحق|اللاحقه){_E}"
)
_NARRATIVE_STEP = {"التالي": 1, "التاليه": 1, "اللاحق": 1, "اللاحقه": 1}
_NARRATIVE_UNIT = {"الشهر": "M", "العام": "Y", "السنه": "Y", "الاسبوع": "W"}
_FINER = {
    "Y": ("year", "season", "month", "week", "day"),
    "M": ("month", "week", "day"),
    "W": ("week", "day"),
}


def _narrative(norm: str, found: list[_Timex]) -> list[_Timex]:
    """Add «في الشهر نفسه», «في العام التالي» …: the unit of the latest expression before
    it that is at least that fine and was not counted from the article's date
    (``note`` narrative)."""
    if not any(w in norm for w in ("نفس", "ذات", "عين", "التالي", "اللاحق")):
        return found
    out = list(found)
    for m in _NARRATIVE_RE.finditer(norm):
        if any(t.start < m.end() and m.start() < t.end for t in found):
            continue
        unit = _NARRATIVE_UNIT[m.group("unit")]
        prev = [
            t
            for t in found
            if t.end <= m.start()
            and t.begin is not None
            and t.granularity in _FINER[unit]
            and not t.anchored
        ]
        if not prev:
            continue
        point = cal.shift(prev[-1].begin, unit, _NARRATIVE_STEP.get(m.group("rel"), 0))
        b, u, value, gran = cal.unit_interval(point, unit)
        t = _Timex(m.start("unit"), m.end(), "relative", value, "", b, u, gran, False, "narrative")
        out.append(t)
    out.sort(key=lambda t: t.start)
    return out


#: «وبعد ستة أعوام», «بعد عامين» opening a clause: a count after the date the text
#: last gave (the «بعد» inside the expression or right before it).
_AFTER_RE = re.compile(r"(?:^|[.،,؛;:\n]|\s)[وف]?بعد\s+$")
_DURATION_RE = re.compile(r"P(\d+(?:\.\d+)?)([YMWD])")


def _after_narrative(norm: str, found: list[_Timex]) -> list[_Timex]:
    """«وبعد ستة أعوام» (a duration after «بعد» opening its clause) following an
    expression the text gave in the 300 characters before, not counted from the
    article's date: the point that long after it (``mod`` APPROX, ``note`` narrative)."""
    out: list[_Timex] = []
    for t in found:
        m = _DURATION_RE.fullmatch(t.value) if t.kind == "duration" else None
        head = norm[max(0, t.start - 8) : t.start]
        inside = re.match(r"[وف]?بعد\s+", norm[t.start : t.end])
        opens = bool(_AFTER_RE.search(head)) or (
            inside is not None and (t.start == 0 or not norm[t.start - 1].isalpha())
        )
        prev = [
            p
            for p in out
            if p.end <= t.start
            and t.start - p.end <= 300
            and p.begin is not None
            and not p.anchored
        ]
        if m is None or not opens or not prev:
            out.append(t)
            continue
        point = cal.shift(prev[-1].begin, m.group(2), float(m.group(1)))
        gran = cal.UNIT_GRANULARITY[m.group(2)]
        out.append(
            _Timex(
                t.start,
                t.end,
                "relative",
                fmt(point),
                "APPROX",
                point,
                point,
                gran,
                False,
                "narrative",
            )
        )
    return out


def document_times(doc: Document) -> list[dict]:
    """Time expression rows (dicts, no ``article_id``) of one document, resolved against
    ``doc.published``; reads ``doc.norm``, ``doc.tokens`` and the sentences.

    An anchor outside the years FIRST_YEAR … LAST_YEAR anchors nothing: its relative
    expressions are kept unresolved, noted ``out_of_range``.

    >>> doc = Document("عاد أمس بعد أن غادر عام 2015", published=pd.Timestamp("2018-02-05"))
    >>> [(r["text"], r["kind"], r["value"]) for r in document_times(doc)]
    [('أمس', 'date', '2018-02-04'), ('عام 2015', 'year', '2015')]
    """
    if not doc.text:
        return []
    anchor = _anchor(doc.published)
    usable = anchor if in_range(anchor) else None
    far_anchor = usable is None and anchor is not None
    found = _wrap_spans(_choose(_candidates(doc, usable)), doc.norm, usable)
    found = _named_events(doc.norm, found)
    found = _after_narrative(doc.norm, _narrative(doc.norm, found))
    return [_row(doc, t, anchor, far_anchor) for t in found]


@dataclass(frozen=True)
class _NamedEvent:
    year: int
    month: int
    day: int | None
    heads: re.Pattern[str]  # a head right before an expression, at the end of a text
    numeric: re.Pattern[str] | None  # «هجمات 11/9»: a head and a day/month form


@cache
def _named_event_table() -> tuple[_NamedEvent, ...]:
    out = []
    for e in load_toml("calendar.toml").get("named_event", []):
        heads = "|".join(re.escape(normalize_for_matching(h)) for h in e["heads"])
        head_re = rf"(?:^|\s)[وفبل]?(?:ال)?(?:{heads})\s+$"
        nums = "|".join(re.escape(n) for n in e.get("numeric", []))
        num_re = rf"(?:^|\s)[وفبل]?(?:ال)?(?:{heads})\s+({nums})(?!\d)" if nums else None
        out.append(
            _NamedEvent(
                int(e["year"]),
                int(e["month"]),
                int(e["day"]) if e.get("day") else None,
                re.compile(head_re),
                re.compile(num_re) if num_re else None,
            )
        )
    return tuple(out)


_YEAR_IN_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def _named_events(norm: str, found: list[_Timex]) -> list[_Timex]:
    """«هجمات 11 سبتمبر», «أحداث سبتمبر», «هجمات 11/9» (calendar.toml, [[named_event]]):
    a day and month, or the month alone, written with no year right after an event's
    head is the event's date (``note`` named_event)."""
    table = _named_event_table()
    if not table:
        return found
    out = list(found)
    for n, t in enumerate(found):
        if t.kind not in ("date", "month") or t.begin is None:
            continue
        if _YEAR_IN_RE.search(norm, t.start, t.end):
            continue  # «11 سبتمبر 2014»: its own year
        head = norm[max(0, t.start - 20) : t.start]
        for e in table:
            if t.begin.month != e.month or not e.heads.search(head):
                continue
            if t.kind == "date" and t.begin.day != e.day:
                continue
            out[n] = _event_date(t.start, t.end, e, t.kind == "date")
            break
    for e in table:
        if e.numeric is None or e.day is None:
            continue
        for m in e.numeric.finditer(norm):
            s, end = m.span(1)
            if not any(t.start < end and s < t.end for t in out):
                out.append(_event_date(s, end, e, True))
    out.sort(key=lambda t: t.start)
    return out


def _event_date(start: int, end: int, e: _NamedEvent, with_day: bool) -> _Timex:
    if with_day and e.day is not None:
        d = cal.day(e.year, e.month, e.day)
        return _Timex(start, end, "date", fmt(d), "", d, d, "day", False, "named_event")
    b, u = cal.month_interval(e.year, e.month)
    return _Timex(
        start, end, "month", f"{e.year}-{e.month:02d}", "", b, u, "month", False, "named_event"
    )


def time_expressions_for_text(text: str, anchor: pd.Timestamp | None = None) -> list[dict]:
    """Time expression rows (dicts, no ``article_id``) of one clean text; pure.

    Builds a :class:`~corpus_tools.text.document.Document` dated ``anchor`` and reads it
    with :func:`document_times` (no other layer is needed).

    >>> [(r["text"], r["value"]) for r in time_expressions_for_text(
    ...     "وصل اليوم «الإثنين» بعد أن فر الخريف الماضي", pd.Timestamp("2018-02-05"))]
    [('اليوم «الإثنين»', '2018-02-05'), ('الخريف الماضي', '2017-FA')]
    """
    if not text:
        return []
    return document_times(Document(text, published=anchor))
