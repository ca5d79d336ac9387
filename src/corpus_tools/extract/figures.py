"""Reported figures: every number a report states, with its hedge, unit, what it counts,
who reported it and when.

:func:`extract_figures` reads numbers in digits and words (:mod:`corpus_tools.extract.numbers`),
ranges («بين 20 و30 ألف دولار»: the scale applies to both ends), vague quantities
(«عشرات», «بضعة آلاف»: intervals by the convention in ``data/figures.toml``), duals
(«شخصان»), halves («7 سنوات ونصف السنة»), hedges before or after («نحو», «أكثر من»,
«ما يصل إلى», «على الأقل»), the counted noun and its class, the nationality, the
event, the attribution's source and the time the figure refers to.

Not figures: numbers inside dates and time expressions («منذ عام 2012», «قبل ستة
أشهر»), clock times, «إحدى المراهقات» (one *of*); ages are kept with
``counted_class == "age"``.

Column contract of :func:`extract_figures`:

==============  ==============  ===============================================
article_id      str             the article
sent_id         int64           sentence
start, end      int64           offsets of the figure (hedge to counted noun)
text            str             ``text[start:end]``
value           float64         point estimate: finite, 0 … 1e15 (``MAX_FIGURE``;
                                a larger number is no count and no figure)
low, high       float64         the interval (= value when exact; NaN for an
                                open end: «أكثر من 150» has no ``high``);
                                low ≤ value ≤ high where set
hedge           str             exact, approx, at_least, more_than, at_most,
                                up_to, range, vague
hedge_cue       str             the words that hedge it (``""`` if none)
unit            str             person, usd, eur, gbp, syp, year, month, day,
                                country, mission, percent, attack, ``""``
counted         str             the counted noun as written
counted_class   str             fighters, foreign_fighters, defectors, citizens,
                                persons, killed, smuggling_fee, bribe, money,
                                prison_sentence, duration, age, countries,
                                missions, … or ``unknown``
nationality     str             canonical demonym when the figure is about one
event           str             returned, killed, fled, crossed, joined, paid,
                                sought_help, arrived, defected … (``""``)
source          str             the attribution's source, else the outlet the
                                article relays
via             str             the outlet it came through (``<NA>``)
time_begin      datetime64[s]   the time the figure refers to (NaT if none)
time_end        datetime64[s]
time_text       str             that time expression (``""``)
in_headline     bool            the figure is in the headline
published       datetime64[s]   the article's date
publisher       str             the article's publisher (``<NA>`` when unnamed)
==============  ==============  ===============================================

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a"], "published": [pd.Timestamp("2018-02-05")],
    ...     "text": ["دفع قادة «داعش» رشاوى تتراوح بين 20 و30 ألف دولار للعبور إلى تركيا."]})
    >>> f = extract_figures(arts).iloc[0]
    >>> float(f["low"]), float(f["high"]), f["hedge"], f["unit"], f["counted_class"], f["event"]
    (20000.0, 30000.0, 'range', 'usd', 'bribe', 'paid')
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

import numpy as np
import pandas as pd

from corpus_tools.extract.numbers import TOKEN_RE, read_number
from corpus_tools.extract.timeline import article_tables, find_events, worker_tables
from corpus_tools.pipeline.tables import (
    ArticleInput,
    iter_articles,
    map_articles,
    text_or_none,
    typed_frame,
)
from corpus_tools.resources import load_toml
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
)
from corpus_tools.text.segmenting import split_sentences

FIGURE_DTYPES = {
    "article_id": "str",
    "sent_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "str",
    "value": "float64",
    "low": "float64",
    "high": "float64",
    "hedge": "str",
    "hedge_cue": "str",
    "unit": "str",
    "counted": "str",
    "counted_class": "str",
    "nationality": "str",
    "event": "str",
    "source": "str",
    "via": "str",
    "time_begin": "datetime64[s]",
    "time_end": "datetime64[s]",
    "time_text": "str",
    "in_headline": "bool",
    "published": "datetime64[s]",
    "publisher": "str",
}
#: The largest value a figure may have: beyond it a number is an ID, a serial or a typo.
MAX_FIGURE = 1e15
_PUNCT = re.compile(r"[.،,؛;:!?؟()\n]")
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")
#: At most one word, spaces around it: ``len(gap.split()) <= 1``.
_ONE_WORD_GAP = re.compile(r"\s*\S*\s*")
#: Where a figure's clause ends when looking for its event: punctuation, «أن», a relative.
_CLAUSE_BREAK = re.compile(
    r"[.،,؛;:!?؟()\n]|(?:^|\s)[وف]?(?:ب?[أإا]ن(?:ه|ها|هم)?|الذين|التي|الذي)(?=\s|$)"
)


@dataclass(frozen=True)
class _Noun:
    klass: str
    unit: str
    rest: tuple[str, ...]
    dual: bool


@dataclass
class _Lexicon:
    margin: float
    hedges: dict[str, list[tuple[tuple[str, ...], str]]]  # last token → (phrase, hedge)
    hedges_after: list[tuple[tuple[str, ...], str]]
    vague: dict[str, list[tuple[tuple[str, ...], float, float, float, bool]]]
    nouns: dict[str, list[_Noun]]
    pronouns: frozenset[str]
    refine: list[tuple[str, str, frozenset[str], int, bool]]
    event_names: dict[str, str]
    range_open: frozenset[str] = field(default_factory=frozenset)
    range_join: frozenset[str] = field(default_factory=frozenset)
    singular: frozenset[str] = field(default_factory=frozenset)
    one_of: frozenset[str] = field(default_factory=frozenset)
    time_units: frozenset[str] = field(default_factory=frozenset)
    not_counted: frozenset[str] = field(default_factory=frozenset)


def _toks(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(normalize_for_matching(phrase)))


@cache
def lexicon() -> _Lexicon:
    d = load_toml("figures.toml")
    hedges: dict[str, list] = {}
    for hedge, phrases in d["hedges"].items():
        for p in phrases:
            toks = _toks(p)
            hedges.setdefault(toks[-1], []).append((toks, hedge))
    for entries in hedges.values():
        entries.sort(key=lambda e: -len(e[0]))
    after = [(_toks(p), h) for h, ps in d["hedges_after"].items() for p in ps]
    vague: dict[str, list] = {}
    for v in d["vague"]:
        for w in v["words"]:
            toks = _toks(w)
            vague.setdefault(toks[0], []).append(
                (
                    toks[1:],
                    float(v["low"]),
                    float(v["high"]),
                    float(v["value"]),
                    bool(v.get("scalable")),
                )
            )
    for entries in vague.values():
        entries.sort(key=lambda e: -len(e[0]))
    nouns: dict[str, list[_Noun]] = {}
    for n in d["noun"]:
        for form, dual in [(f, False) for f in n["forms"]] + [(f, True) for f in n.get("dual", [])]:
            toks = _toks(form)
            nouns.setdefault(toks[0], []).append(_Noun(n["class"], n["unit"], toks[1:], dual))
    for entries in nouns.values():
        entries.sort(key=lambda e: -len(e.rest))
    refine = [
        (
            r["from"],
            r["to"],
            frozenset(normalize_for_matching(w) for w in r["near"]),
            int(r["window"]),
            bool(r.get("before")),
        )
        for r in d["refine"]
    ]
    return _Lexicon(
        margin=float(d["approx_margin"]),
        hedges=hedges,
        hedges_after=after,
        vague=vague,
        nouns=nouns,
        pronouns=frozenset(normalize_for_matching(w) for w in d["pronouns"]["forms"]),
        refine=refine,
        event_names=dict(d["event_names"]),
        range_open=frozenset(normalize_for_matching(w) for w in d["ranges"]["open"]),
        range_join=frozenset(normalize_for_matching(w) for w in d["ranges"]["join"]),
        singular=frozenset(normalize_for_matching(w) for w in d["singular_one"]["forms"]),
        one_of=frozenset(normalize_for_matching(w) for w in d["one_of"]),
        time_units=frozenset(normalize_for_matching(w) for w in d["time_units"]),
        not_counted=frozenset(normalize_for_matching(w) for w in d["not_counted"]),
    )


def _stems(token: str) -> list[str]:
    """The token, and without و / ف, ب / ل, and the article."""
    out = [token]
    body = token
    if len(body) > 2 and body[0] in "وف":
        body = body[1:]
        out.append(body)
    if len(body) > 2 and body[0] in "بل" and not body.startswith("لل"):
        out.append(body[1:])
    if body.startswith("لل") and len(body) > 3:
        out.append("ال" + body[2:])
    if body.startswith("ال") and len(body) > 4:
        out.append(body[2:])
    return out


@dataclass
class _Quantity:
    first: int  # token range of the number words
    last: int
    value: float
    low: float
    high: float
    hedge: str
    scale: float = 1.0


class _Text:
    def __init__(self, text: str):
        self.text = text
        self.norm, self.idx = normalize_with_offsets(text)
        self.spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(self.norm)]
        self.tokens = [self.norm[s:e] for s, e in self.spans]
        bounds = [span_to_original(self.idx, s, e, text) for s, e in self.spans]
        self.starts = [b[0] for b in bounds]
        self.ends = [b[1] for b in bounds]
        self._person_nouns: tuple[list[int], list[_Noun]] | None = None

    def gap(self, i: int) -> str:
        return self.text[self.ends[i - 1] if i else 0 : self.starts[i]]

    def person_nouns(self, lex: _Lexicon) -> tuple[list[int], list[_Noun]]:
        """The tokens where a counted person noun starts (:func:`_noun_at`), and the
        nouns: computed once, when a pronoun first needs them."""
        if self._person_nouns is None:
            at: list[int] = []
            nouns: list[_Noun] = []
            for j in range(len(self.tokens)):
                found = _noun_at(self, j, lex)
                if found is not None and found[1].unit == "person":
                    at.append(j)
                    nouns.append(found[1])
            self._person_nouns = (at, nouns)
        return self._person_nouns


class _Spans:
    """Does any of a set of ``(start, end)`` spans cover a position? By binary search
    over the spans sorted by start, with the farthest end reached so far."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def covers(self, pos: int) -> bool:
        """``any(s <= pos < e for s, e in spans)``."""
        k = bisect_right(self.starts, pos)  # spans with s <= pos
        return k > 0 and self.reach[k - 1] > pos


class _Breaks:
    r"""``_CLAUSE_BREAK.search(text[a:b])`` for many ``a``, ``b`` without copying or
    rescanning ``text[a:b]``.

    A break is punctuation or a word between spaces (``(?:^|\s)…(?=\s|$)``).
    Matches never overlap (inside one there are only letters), so every match of
    ``text[a:]`` is one of the text's own matches (found once) or a word right at
    ``a`` (where the slice's ``^`` stands in for a space); and ``text[a:b]`` has a
    match iff ``text[a:]`` has one ending by ``b``, or a word ends right at ``b``
    (where the slice's ``$`` stands in for a space).
    """

    def __init__(self, text: str):
        self.text = text
        matches = list(_CLAUSE_BREAK.finditer(text))
        self._starts = [m.start() for m in matches]
        self._ends = [m.end() for m in matches]

    def first_end(self, a: int) -> float:
        k = bisect_left(self._starts, a)
        end = self._ends[k] if k < len(self._ends) else math.inf
        m = _CLAUSE_BREAK.match(self.text[a : a + 16])  # a word right at ``a``
        return min(end, a + m.end()) if m else end

    def within(self, a: int, b: int) -> bool:
        """``bool(_CLAUSE_BREAK.search(text[a:b]))``."""
        if b - a <= 16:
            return bool(_CLAUSE_BREAK.search(self.text[a:b]))
        if self.first_end(a) <= b:
            return True
        return bool(_CLAUSE_BREAK.search(self.text, b - 12, b))  # a word ending at ``b``


# --- quantities ------------------------------------------------------------------------


def _vague_at(t: _Text, i: int, lex: _Lexicon) -> _Quantity | None:
    for stem in _stems(t.tokens[i]):
        for rest, low, high, value, scalable in lex.vague.get(stem, ()):
            if tuple(t.tokens[i + 1 : i + 1 + len(rest)]) != rest:
                continue
            last = i + len(rest)
            q = _Quantity(i, last, value, low, high, "vague")
            if scalable and last + 1 < len(t.tokens):
                nxt = read_number(t.tokens, last + 1)
                if nxt is not None and nxt[0] >= 1000 and nxt[3] > 1 and nxt[0] == nxt[3]:
                    q = _Quantity(
                        i, nxt[1] - 1, value * nxt[0], low * nxt[0], high * nxt[0], "vague", nxt[0]
                    )
                elif last + 1 < len(t.tokens) and t.tokens[last + 1] in ("عشرات", "مئات"):
                    mult = 10 if t.tokens[last + 1] == "عشرات" else 100
                    q = _Quantity(i, last + 1, value * mult, low * mult, high * mult, "vague", mult)
            return q
    return None


def _number_at(t: _Text, i: int) -> _Quantity | None:
    read = read_number(t.tokens, i)
    if read is None:
        return None
    value, j, _digits, scale = read
    if t.tokens[i] in lexicon().one_of and j == i + 1:
        return None  # «إحدى المراهقات», «أحد أشهر»: one of them, not a count
    return _Quantity(i, j - 1, value, value, value, "exact", scale)


def _range_at(t: _Text, i: int, lex: _Lexicon) -> _Quantity | None:
    """«بين 20 و30 ألف», «من 20 إلى 30 ألفاً», «20 - 30 ألف»."""
    k = i
    if t.tokens[k] == "ما" and k + 1 < len(t.tokens):
        k += 1
    if t.tokens[k] not in lex.range_open:
        return None
    a = read_number(t.tokens, k + 1)
    if a is None:
        return None
    j, n = a[1], len(t.tokens)
    if j < n and t.tokens[j] in lex.range_join:
        j += 1  # «20 و30», «20 إلى 30»
    elif j < n and t.tokens[j].isdigit() and re.search(r"[-–]", t.gap(j)):
        pass  # «20 - 30»
    elif not (j < n and t.tokens[j].startswith("و") and read_number([t.tokens[j][1:]], 0)):
        return None  # «عشرين وثلاثين» reads on; anything else is no range
    b = read_number(t.tokens, j)
    if b is None:
        return None
    low, high = a[0], b[0]
    if b[3] > 1 and a[3] == 1 and low < b[3]:
        low *= b[3]  # «بين 20 و30 ألف»: the scale applies to both ends
    if low > high:
        return None
    return _Quantity(k + 1, b[1] - 1, (low + high) / 2, low, high, "range", b[3])


def _dual_at(t: _Text, i: int, lex: _Lexicon) -> tuple[_Quantity, _Noun] | None:
    for stem in _stems(t.tokens[i]):
        for noun in lex.nouns.get(stem, ()):
            if noun.dual and not noun.rest:
                return _Quantity(i, i, 2.0, 2.0, 2.0, "exact"), noun
    return None


# --- context --------------------------------------------------------------------------------


def _noun_at(t: _Text, j: int, lex: _Lexicon) -> tuple[int, _Noun] | None:
    """The counted noun starting at token ``j`` (after an optional «من»): (last token, noun).

    «31 من الشهر» is a day of the month, not a count of months: a definite unit of
    time after «من» is no counted noun.
    """
    after_min = j < len(t.tokens) and t.tokens[j] == "من" and j + 1 < len(t.tokens)
    if after_min:
        j += 1
    if j >= len(t.tokens):
        return None
    if after_min and t.tokens[j].startswith("ال") and t.tokens[j] in lexicon().time_units:
        return None
    for stem in _stems(t.tokens[j]):
        for noun in lex.nouns.get(stem, ()):
            if tuple(t.tokens[j + 1 : j + 1 + len(noun.rest)]) == noun.rest:
                return j + len(noun.rest), noun
    return None


def _hedge_before(t: _Text, i: int, lex: _Lexicon) -> tuple[str, int] | None:
    """(hedge, first token of its cue) when a hedge phrase ends right before token ``i``."""
    if i == 0:
        return None
    for stem in _stems(t.tokens[i - 1]):
        for phrase, hedge in lex.hedges.get(stem, ()):
            k = len(phrase)
            if i - k < 0:
                continue
            words = [*t.tokens[i - k : i - 1], stem]
            if tuple(words) == phrase and not _PUNCT.search(t.text[t.starts[i - k] : t.starts[i]]):
                return hedge, i - k
    return None


def _hedge_after(t: _Text, j: int, lex: _Lexicon) -> tuple[str, int] | None:
    for phrase, hedge in lex.hedges_after:
        if tuple(t.tokens[j : j + len(phrase)]) == phrase:
            return hedge, j + len(phrase) - 1
    return None


def _pronoun_class(t: _Text, i: int, sent_first: int, lex: _Lexicon) -> tuple[str, str] | None:
    """«المئات من هؤلاء»: the class of the nearest class noun before, in the sentence."""
    at, nouns = t.person_nouns(lex)
    k = bisect_left(at, i) - 1  # the last person noun before token i
    if k >= 0 and at[k] >= sent_first:
        return nouns[k].klass, nouns[k].unit
    return None


def _refine(klass: str, t: _Text, first: int, last: int, lex: _Lexicon) -> str:
    for src, dst, near, window, before in lex.refine:
        if klass != src:
            continue
        lo = max(0, first - window) if before else last + 1
        hi = min(len(t.tokens), last + 1 + window)
        words = set()
        for tok in t.tokens[lo:hi]:
            words.update(_stems(tok))
        if words & near:
            return dst
    return klass


# --- per text ---------------------------------------------------------------------------------


@cache
def _start_words() -> frozenset[str]:
    """Every word that may start a figure, with the clitics it may carry."""
    from corpus_tools.extract.numbers import _words as number_words

    lex = lexicon()
    w = number_words()
    base: set[str] = {"ما", *lex.range_open, *lex.vague}
    for table in (w.ones, w.tens, w.hundreds, w.scales, w.scale_duals):
        base.update(table)
    base.update(k for k, nouns in lex.nouns.items() if any(n.dual for n in nouns))
    out = set()
    for word in base:
        for prefix in ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "ول", "وب"):
            out.add(prefix + word)
    return frozenset(out)


def _quantities(
    t: _Text, excluded: list[tuple[int, int]], lex: _Lexicon
) -> list[tuple[_Quantity, _Noun | None, int]]:
    """Every quantity with its counted noun (or None) and the last token it covers."""
    out = []
    starts = _start_words()
    inside = _Spans(excluded)
    i = 0
    while i < len(t.tokens):
        tok = t.tokens[i]
        if not (tok[0].isdigit() or tok in starts):
            i += 1  # most words cannot start a figure: skip them cheaply
            continue
        pos = t.starts[i]
        if inside.covers(pos):
            i += 1
            continue
        q = _range_at(t, i, lex) or _vague_at(t, i, lex) or _number_at(t, i)
        noun = None
        last = None
        if q is None:
            dual = _dual_at(t, i, lex)
            if dual is None:
                i += 1
                continue
            q, noun = dual
            last = i
        if q is not None and noun is None:
            found = _noun_at(t, q.last + 1, lex)
            last = q.last
            if found is not None:
                last, noun = found
        out.append((q, noun, last))
        i = last + 1
    return out


def figures_for_text(
    text: str,
    published: pd.Timestamp | None = None,
    relays: str | None = None,
    *,
    headline: str | None = None,
    entity_rows: list[dict] | None = None,
    attribution_rows: list[dict] | None = None,
    time_rows: list[dict] | None = None,
) -> list[dict]:
    """Figure rows (dicts, no ``article_id``) of one clean text; pure."""
    if not text:
        return []
    published = None if published is None or pd.isna(published) else pd.Timestamp(published)
    lex = lexicon()
    t = _Text(text)
    ents, attrs, times = article_tables(
        text, published, relays, entity_rows, attribution_rows, time_rows
    )
    excluded = [(r["start"], r["end"]) for r in times if r["kind"] != "duration"]
    excluded += [(m.start(), m.end()) for m in _CLOCK_RE.finditer(text)]
    sentences = split_sentences(text) or [(0, len(text))]
    starts = [s for s, _ in sentences]
    events = _Events(find_events(text), _Breaks(text))
    norp = _Nationalities([e for e in ents if e["label"] == "NORP"])
    groups = _Spans(
        [
            (e["start"], e["end"])
            for e in ents
            if e["label"] == "ORG" and e.get("kind") == "armed_group"
        ]
    )
    times_in = _times_by_sentence(times)
    head_end = len(headline) if headline and text.startswith(headline) else 0
    rows: list[dict] = []
    wanted: list[tuple] = []  # the context each row needs, found once all rows are known

    def context(
        first: int,
        last: int,
        start: int,
        end: int,
        sent_id: int,
        s_start: int,
        s_end: int,
        attr: dict | None,
    ):
        """Nationality, event, source, via and time of a figure."""
        source = text_or_none(attr["source"]) if attr else None
        via = text_or_none(attr["via"]) if attr else None
        if source is None:
            source, via = text_or_none(relays), None
        tm = _time(times_in.get(sent_id, []), sent_id, start, attr)
        return {
            "nationality": _nationality(t, norp, first, last, s_end),
            "event": _event(events, start, end, s_start, s_end, text, lex),
            "source": source,
            "via": via,
            "time_begin": tm["begin"] if tm else None,
            "time_end": tm["until"] if tm else None,
            "time_text": tm["text"] if tm else "",
        }

    for q, noun, last in _quantities(t, excluded, lex):
        first = q.first
        hedge, cue = q.hedge, ""
        hb = _hedge_before(t, q.first, lex)
        if hb is not None and q.hedge in ("exact", "vague"):
            hedge = hb[0] if q.hedge == "exact" else "vague"
            cue = text[t.starts[hb[1]] : t.ends[q.first - 1]]
            first = hb[1]
        elif hb is not None and q.hedge == "range":
            cue = text[t.starts[hb[1]] : t.ends[q.first - 1]]
            first = hb[1]
        elif q.hedge == "range":
            first = q.first - 1 if q.first and t.tokens[q.first - 1] in lex.range_open else q.first
            cue = text[t.starts[first] : t.ends[first]] if first < q.first else ""
        ha = _hedge_after(t, last + 1, lex)
        if ha is not None and hedge == "exact":
            hedge, cue = ha[0], text[t.starts[last + 1] : t.ends[ha[1]]]
            last = ha[1]
        value, low, high = q.value, q.low, q.high
        # «7 سنوات ونصف السنة»: a half of the unit
        if noun is not None and last + 1 < len(t.tokens) and t.tokens[last + 1] == "ونصف":
            value += 0.5
            low, high = low + 0.5, high + 0.5
            last += 1
            if (
                last + 1 < len(t.tokens)
                and _noun_at(t, last + 1, lex)
                and t.tokens[last + 1].startswith("ال")
            ):
                last += 1
        bounds = _bounds(value, *_interval(hedge, value, low, high, lex.margin))
        if bounds is None:
            continue
        value, low, high = bounds
        start, end = t.starts[first], t.ends[last]
        sent_id = max(bisect_right(starts, start) - 1, 0)
        s_start, s_end = sentences[sent_id]
        s_first = bisect_right(t.starts, s_start - 1)
        counted, klass, unit = "", "unknown", ""
        if noun is not None:
            counted = _counted_text(t, q.last, last)
            klass, unit = noun.klass, noun.unit
        else:
            nxt = q.last + 1
            if nxt < len(t.tokens) and t.tokens[nxt] == "من":
                nxt += 1
            if (
                nxt < len(t.tokens)
                and _stems(t.tokens[nxt])[-1] in lex.pronouns | {t.tokens[nxt]} & lex.pronouns
            ):
                found = _pronoun_class(t, q.first, s_first, lex)
                if found:
                    klass, unit = found
                counted = text[t.starts[q.last + 1] : t.ends[nxt]]
                last = nxt
                end = t.ends[last]
            elif nxt < len(t.tokens) and groups.covers(t.starts[nxt]):
                klass, unit = "fighters", "person"  # «الآلاف من «داعش»»
                last = nxt
                end = t.ends[last]
                while end < len(text) and text[end] == "»":
                    end += 1
                opener = t.starts[nxt] - (1 if text[t.starts[nxt] - 1] == "«" else 0)
                counted = text[opener:end]
        if klass == "unknown":
            k = next(
                (
                    k
                    for k in range(q.first - 1, max(s_first, q.first - 2) - 1, -1)
                    if t.tokens[k] in lex.pronouns
                ),
                None,
            )
            found = _pronoun_class(t, k, s_first, lex) if k is not None else None
            if found:  # «يقدرون عددهم ببضعة آلاف»
                klass, unit = found
                counted = text[t.starts[k] : t.ends[k]]
        if klass == "unknown" and q.hedge == "exact" and not _worth_keeping(t, q):
            continue
        if klass == "unknown" and not counted and q.last + 1 < len(t.tokens):
            nxt = q.last + 1  # keep the noun as written, even when we have no class for it
            word = re.fullmatch(r"[^\W\d_]{2,}", t.tokens[nxt]) and not _PUNCT.search(t.gap(nxt))
            if word and t.tokens[nxt] not in lex.not_counted:
                counted = text[t.starts[nxt] : t.ends[nxt]]
                last = nxt
                end = t.ends[last]
        klass = _refine(klass, t, q.first, last, lex)
        if klass == "age":
            unit = "year"
        base = {
            "sent_id": sent_id,
            "start": start,
            "end": end,
            "text": text[start:end],
            "value": value,
            "low": low,
            "high": high,
            "hedge": hedge,
            "hedge_cue": cue,
            "unit": unit,
            "counted": counted,
            "counted_class": klass,
            "in_headline": start < head_end,
            "published": published,
        }
        rows.append(base)
        wanted.append((q.first, last, start, end, sent_id, s_start, s_end))
    for k, _, klass, unit in _singular_ones(t, rows, lex):
        start, end = t.starts[k] + 1, t.ends[k]  # without the «و»
        sent_id = max(bisect_right(starts, start) - 1, 0)
        s_start, s_end = sentences[sent_id]
        base = {
            "sent_id": sent_id,
            "start": start,
            "end": end,
            "text": text[start:end],
            "value": 1.0,
            "low": 1.0,
            "high": 1.0,
            "hedge": "exact",
            "hedge_cue": "",
            "unit": unit,
            "counted": text[start:end],
            "counted_class": klass,
            "in_headline": start < head_end,
            "published": published,
        }
        rows.append(base)
        wanted.append((k, k, start, end, sent_id, s_start, s_end))
    covering = _first_covering(attrs, [w[2] for w in wanted])
    rows = [
        {**base, **context(*w, attr)} for base, w, attr in zip(rows, wanted, covering, strict=True)
    ]
    rows.sort(key=lambda r: r["start"])
    return rows


def _first_covering(attrs: list[dict], positions: list[int]) -> list[dict | None]:
    """For each position, the first attribution (in table order) whose content holds it
    (``content_start <= pos < content_end``), else None.

    A sweep over the positions in order, with the attributions whose content has
    begun in a heap by table order (those that ended are dropped as they surface):
    no position reads every attribution.
    """
    out: list[dict | None] = [None] * len(positions)
    if not attrs:
        return out
    by_start = sorted(range(len(attrs)), key=lambda k: attrs[k]["content_start"])
    heap: list[tuple[int, int]] = []  # (table order, content_end)
    n = 0
    for q in sorted(range(len(positions)), key=lambda q: positions[q]):
        pos = positions[q]
        while n < len(by_start) and attrs[by_start[n]]["content_start"] <= pos:
            k = by_start[n]
            heapq.heappush(heap, (k, attrs[k]["content_end"]))
            n += 1
        while heap and heap[0][1] <= pos:
            heapq.heappop(heap)  # ended before pos, so before every later position too
        if heap:
            out[q] = attrs[heap[0][0]]
    return out


def _times_by_sentence(times: list[dict]) -> dict[int, list[dict]]:
    """The time rows of each sentence, in table order."""
    out: dict[int, list[dict]] = {}
    for r in times:
        out.setdefault(r["sent_id"], []).append(r)
    return out


class _Events:
    """Event triggers (:func:`~corpus_tools.extract.timeline.find_events`: in text order, not
    overlapping) with their starts and ends for binary search."""

    def __init__(self, events: list[tuple[int, int, str]], breaks: _Breaks):
        self.events = events
        self.starts = [e[0] for e in events]
        self.ends = [e[1] for e in events]
        self.breaks = breaks


class _Nationalities:
    """NORP entities by start, keeping their table order."""

    def __init__(self, rows: list[dict]):
        order = sorted(range(len(rows)), key=lambda k: rows[k]["start"])
        self.rows = rows
        self.order = order
        self.starts = [rows[k]["start"] for k in order]
        self.first_at: dict[int, dict] = {}
        for r in rows:
            self.first_at.setdefault(r["start"], r)


def _counted_text(t: _Text, q_last: int, last: int) -> str:
    first = q_last + 1
    if first <= last and t.tokens[first] == "من":
        first += 1
    return (
        t.text[t.starts[first] : t.ends[last]]
        if first <= last
        else t.text[t.starts[q_last] : t.ends[q_last]]
    )


def _worth_keeping(t: _Text, q: _Quantity) -> bool:
    """A bare number with no counted noun: keep digits and scaled numbers, but not a
    four-digit number that reads as a year («في 1877», «2009»)."""
    token = t.tokens[q.first]
    if q.first == q.last and re.fullmatch(r"1[89]\d\d|20\d\d", token):
        return False
    if (
        t.tokens[q.last + 1 : q.last + 2] == ["من"]
        and t.tokens[q.last + 2 : q.last + 3]
        and (t.tokens[q.last + 2] in lexicon().time_units)
    ):
        return False  # «31 من الشهر»: a day of the month
    return q.scale > 1 or bool(re.match(r"\d", token))


def _interval(
    hedge: str, value: float, low: float, high: float, margin: float
) -> tuple[float, float]:
    if hedge == "approx":
        return value * (1 - margin), value * (1 + margin)
    if hedge in ("more_than", "at_least"):
        return value, math.nan
    if hedge in ("at_most", "up_to"):
        return math.nan, value
    return low, high


def _bounds(value: float, low: float, high: float) -> tuple[float, float, float] | None:
    """(value, low, high) with low ≤ value ≤ high (NaN: an open end), or None when
    ``value`` is no count: not finite, negative or above MAX_FIGURE.

    >>> _bounds(150.0, 135.0, math.nan), _bounds(math.inf, math.inf, math.inf)
    ((150.0, 135.0, nan), None)
    """
    if not (math.isfinite(value) and 0 <= value <= MAX_FIGURE):
        return None
    low = min(low, value) if math.isfinite(low) else math.nan
    high = max(high, value) if math.isfinite(high) else math.nan
    return value, low, high


def _nationality(t: _Text, norp: _Nationalities, first: int, last: int, s_end: int) -> str:
    """A demonym just after the counted noun in its clause, or «يحمل(ون) الجنسية X»."""
    window_end = t.ends[min(last + 6, len(t.tokens) - 1)]
    a = bisect_left(norp.starts, t.ends[last])
    b = bisect_left(norp.starts, min(window_end, s_end))
    near = [
        k
        for k in norp.order[a:b]
        if not _PUNCT.search(t.text[t.ends[last] : norp.rows[k]["start"]].replace("_", ""))
    ]
    if near:
        return norp.rows[min(near)]["canonical"]  # the first in table order
    clause = t.text[t.ends[last] : min(s_end, t.ends[last] + 60)]
    m = re.search(r"الجنسي[ةه]\s+(\S+)", clause)
    if m:
        e = norp.first_at.get(t.ends[last] + m.start(1))
        if e is not None:
            return e["canonical"]
    return ""


def _event(
    events: _Events, start: int, end: int, s_start: int, s_end: int, text: str, lex: _Lexicon
) -> str:
    """The event of a figure: the verb right before it («ووصل أربعة»), else the first
    trigger after it in its clause («1700 مسلح … عادوا»), else the last one before it in
    its clause («رشاوى … تتراوح بين»). A clause ends at punctuation, «أن» or a relative."""

    def name(e) -> str:
        return lex.event_names.get(e[2], e[2])

    # triggers are in text order and do not overlap: starts and ends both ascend
    lo = bisect_left(events.starts, s_start)
    hi = bisect_right(events.ends, start)
    last_before = events.events[hi - 1] if hi > lo else None
    if (
        last_before is not None
        and _ONE_WORD_GAP.fullmatch(text, last_before[1], start)
        and not _PUNCT.search(text, last_before[1], start)
    ):
        return name(last_before)
    a = bisect_left(events.starts, end)
    b = bisect_left(events.starts, s_end)
    if a < b:
        first_break = events.breaks.first_end(end)
        for k in range(a, b):
            e = events.events[k]
            if first_break <= e[0]:
                break  # a break before this trigger is before every later one too
            if not events.breaks.within(end, e[0]):
                return name(e)
    if last_before is not None and not events.breaks.within(last_before[1], start):
        return name(last_before)
    return ""


def _time(times: list[dict], sent_id: int, pos: int, attr: dict | None) -> dict | None:
    usable = [
        r
        for r in times
        if r["sent_id"] == sent_id
        and r["kind"] != "duration"
        and (pd.notna(r["begin"]) or pd.notna(r["until"]))
        and (attr is None or attr["content_start"] <= r["start"] < attr["content_end"])
    ]
    if not usable:
        return None
    return min(usable, key=lambda r: min(abs(r["start"] - pos), abs(r["end"] - pos)))


def _singular_ones(t: _Text, rows: list[dict], lex: _Lexicon) -> list[tuple[int, int, str, str]]:
    """«شخصان … وشخص يحمل الجنسية الأمريكية»: a singular noun joined to a figure is one.

    Returns (first token, last token, class, unit) for each such noun: an indefinite
    person noun with «و», within six words after a figure of the same sentence.
    """
    out = []
    ends = sorted(r["end"] for r in rows if r["unit"] == "person")
    for k, tok in enumerate(t.tokens):
        if not (tok.startswith("و") and tok[1:] in lex.singular):
            continue
        pos = t.starts[k]
        near = ends[bisect_right(ends, pos - 60) : bisect_left(ends, pos)]  # 0 < pos - e < 60
        if any(not _PUNCT.search(t.text[e:pos]) for e in near):
            noun = next(n for n in lex.nouns[tok[1:]] if not n.rest)
            out.append((k, k, noun.klass, noun.unit))
    return out


def figure_frame(rows: list[dict]) -> pd.DataFrame:
    """Figure rows as a DataFrame with the module's column contract."""
    return typed_frame(rows, FIGURE_DTYPES)


def _figures_worker(art: ArticleInput) -> list[dict]:
    return figures_for_text(
        art.text,
        art.published,
        art.relays,
        headline=art.headline,
        entity_rows=art.tables["entities"],
        attribution_rows=art.tables["attributions"],
        time_rows=art.tables["times"],
    )


def extract_figures(
    articles: pd.DataFrame,
    *,
    entities: pd.DataFrame | None = None,
    attributions: pd.DataFrame | None = None,
    times: pd.DataFrame | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """One row per reported figure in every article (see the module's column table).

    Tables already computed may be passed in; else they are computed per article.
    ``n_jobs``: worker processes (articles are independent).
    """
    tables = worker_tables(entities, attributions, times)
    inputs = iter_articles(articles, "extract_figures", tables)
    rows = map_articles(
        _figures_worker, inputs, n_jobs=n_jobs, desc="figures", show_progress=show_progress
    )
    out = figure_frame(rows)
    out["publisher"] = _publishers(articles, out["article_id"])
    return out


def _publishers(articles: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """The publisher of each row's article (missing where the corpus names none)."""
    if "publisher" not in articles:
        return pd.Series(pd.NA, index=ids.index, dtype="str")
    pairs = zip(articles["article_id"], articles["publisher"], strict=True)
    names = {a: text_or_none(p) for a, p in pairs}
    return ids.map(names).astype("str")


# --- comparing figures across articles -------------------------------------------------------


def _outlet(row) -> str:
    """The outlet a figure reached the reader through: its ``via``, else the article's
    ``publisher``, else ``(unknown)`` (NaN and NA are missing)."""
    return (
        text_or_none(getattr(row, "via", None))
        or text_or_none(getattr(row, "publisher", None))
        or "(unknown)"
    )


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
    and ``outlet``.

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
    out["outlet"] = [_outlet(r) for r in out.itertuples()]
    keys = list(zip(*(out[c].fillna("").astype("str") for c in by), strict=True))
    group_ids = [-1] * len(out)
    next_id = 0
    by_key: dict[tuple, list[int]] = {}
    for pos, key in enumerate(keys):
        by_key.setdefault(key, []).append(pos)
    begins = out["time_begin"].tolist()
    ends = out["time_end"].tolist()
    for positions in by_key.values():
        undated = [p for p in positions if pd.isna(begins[p])]
        dated = sorted((p for p in positions if pd.notna(begins[p])), key=lambda p: begins[p])
        clusters: list[list[int]] = []
        for p in dated:  # connected components of overlapping time intervals
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
    out["group_id"] = pd.Series(group_ids, index=out.index, dtype="int64")
    out["group"] = [" · ".join(x for x in k if x) for k in keys]
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
    out["group_figures"] = out["group_id"].map(n_figs).astype("int64")
    out["group_articles"] = out["group_id"].map(n_arts).astype("int64")
    out["agreement"] = out["group_id"].map(agreement).astype("str")
    repeated, repeats = _repeats(out, tolerance)
    out["repeated_in"] = pd.Series(repeated, index=out.index, dtype="str")
    out["repeats"] = pd.Series(repeats, index=out.index, dtype="int64")
    return out


#: At most this many article ids in ``repeated_in`` (``repeats`` counts them all).
MAX_REPEATED_IN = 10


def _repeats(out: pd.DataFrame, tolerance: float) -> tuple[list[str], list[int]]:
    """For each figure, the other articles stating the same value (within ``tolerance``)
    and unit: the first :data:`MAX_REPEATED_IN` ids, and how many there are.

    Rows are sorted by value per unit and each distinct value's window is found by
    binary search and read once, so the cost grows with the corpus, not its square.
    """
    repeated = [""] * len(out)
    repeats = [0] * len(out)
    precise = (out["hedge"] != "vague").to_numpy() if "hedge" in out else np.ones(len(out), bool)
    values = out["value"].to_numpy(dtype="float64")
    units = out["unit"].astype("object").fillna("").to_numpy()
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
    return text_or_none(value) or "(unknown)"


def _statement(r) -> str:
    """«قرابة 150 مواطناً (approx, WSJ, 2017-09-13)»; a missing hedge or date left out."""
    published = getattr(r, "published", None)
    parts = [text_or_none(getattr(r, "hedge", None)), _outlet_name(getattr(r, "outlet", None))]
    if published is not None and pd.notna(published):
        parts.append(f"{published.year:04d}-{published.month:02d}-{published.day:02d}")
    return f"{text_or_none(r.text) or ''} ({', '.join(p for p in parts if p)})"


def figure_groups(compared: pd.DataFrame) -> pd.DataFrame:
    """One row per group of :func:`compare_figures`: what each outlet said, and when.

    Columns: ``group_id``, ``group``, ``figures``, ``articles``, ``outlets``,
    ``low`` (smallest lower bound), ``high`` (largest upper bound), ``agreement``,
    ``statements`` (value, hedge, outlet and publication date of each figure).
    """
    rows = []
    ordered = compared.sort_values("published") if "published" in compared else compared
    for gid, g in ordered.groupby("group_id", sort=False):
        rows.append(
            {
                "group_id": gid,
                "group": g["group"].iloc[0],
                "figures": len(g),
                "articles": g["article_id"].nunique(),
                "outlets": ", ".join(dict.fromkeys(_outlet_name(o) for o in g["outlet"])),
                "low": g["low"].min(),
                "high": g["high"].max(),
                "agreement": g["agreement"].iloc[0],
                "statements": "; ".join(_statement(r) for r in g.itertuples()),
            }
        )
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
