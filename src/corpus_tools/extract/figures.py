"""Reported figures: every number a report states, with its hedge, unit, what it counts,
who reported it and when.

:func:`document_figures` (one prepared :class:`~corpus_tools.text.document.Document`;
:func:`figures_for_text` one text, :func:`extract_figures` a corpus) reads numbers in
digits and words (:mod:`corpus_tools.extract.numbers`), ranges («بين 20 و30 ألف
دولار»: the scale applies to both ends), vague quantities («عشرات», «بضعة آلاف»:
intervals by the convention in ``data/figures.toml``), duals («شخصان»), halves («7
سنوات ونصف السنة»), hedges before or after («نحو», «أكثر من», «ما يصل إلى», «على
الأقل»), the counted noun and its class, the nationality, the event (the timeline's
triggers), the attribution's source and the time the figure refers to
(:func:`~corpus_tools.extract.anchoring.nearest_time`). Comparing figures across
articles is :mod:`corpus_tools.aggregate.compare` (``compare_figures`` and
``figure_groups`` are re-exported here).

Not figures: numbers inside dates and time expressions («منذ عام 2012», «قبل ستة
أشهر»), clock times, «إحدى المراهقات» (one *of*); ages are kept with
``counted_class == "age"``.

Columns: the ``figures`` contract (``data/tables.toml``, ``docs/tables.md``); the
table: :func:`corpus_tools.extract_figures`.

Example:
    >>> text = "دفع قادة «داعش» رشاوى تتراوح بين 20 و30 ألف دولار للعبور إلى تركيا."
    >>> [f] = figures_for_text(text, pd.Timestamp("2018-02-05"))
    >>> float(f["low"]), float(f["high"]), f["hedge"], f["unit"], f["counted_class"], f["event"]
    (20000.0, 30000.0, 'range', 'usd', 'bribe', 'paid')
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise

import pandas as pd

from corpus_tools.extract.anchoring import Spans, covering, nearest_time
from corpus_tools.extract.attribution.lexicon import lexicon as cue_lexicon
from corpus_tools.extract.attribution.lexicon import without_conjunction
from corpus_tools.extract.events import (
    REPORTING_EVENTS,
    Hit,
    StartIndex,
    StrictClitics,
    find_triggers,
    forms_read_as,
)
from corpus_tools.extract.numbers import read_number
from corpus_tools.extract.timeline import UPSTREAM, as_date, text_document, times_by_sentence
from corpus_tools.resources import load_toml
from corpus_tools.rows import text_or_none
from corpus_tools.text.document import Document
from corpus_tools.text.morphology import without_possessive
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import AS_WRITTEN, phrase_tokens

__all__ = ["MAX_FIGURE", "document_figures", "figures_for_text", "lexicon"]

#: The largest value a figure may have: beyond it a number is an ID, a serial or a typo.
MAX_FIGURE = 1e15
_PUNCT = re.compile(r"[.،,؛;:!?؟()\n]")
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")
#: An adjective ending (nisba, any case): «غربي», «الأممي», «أوروبيا».
_ADJECTIVE_RE = re.compile(r"ي(ه|ون|ين|ات|ا)?$")


def _adjective(token: str) -> bool:
    """``token`` reads as an adjective (a nisba; not a short word such as «في»)."""
    return len(token) > 3 and _ADJECTIVE_RE.search(token) is not None


#: At most one word, spaces around it: ``len(gap.split()) <= 1``.
_ONE_WORD_GAP = re.compile(r"\s*\S*\s*")
#: Where a figure's clause ends when looking for its event: punctuation, «أن», a relative.
_CLAUSE_BREAK = re.compile(
    r"[.،,؛;:!?؟()\n]|(?:^|\s)[وف]?(?:ب?[أإا]ن(?:ه|ها|هم)?|الذين|التي|الذي)(?=\s|$)"
)


#: The readings a figure's words accept: و / ف, ب / ل and the article, strictly
#: (:class:`~corpus_tools.extract.events.StrictClitics`); no pronoun.
FIGURE_CLITICS = StrictClitics(conj=True, prep=True, article=True)


@dataclass(frozen=True)
class _Noun:
    klass: str
    unit: str
    dual: bool


@dataclass(frozen=True)
class _Vague:
    low: float
    high: float
    value: float
    scalable: bool


@dataclass
class _Lexicon:
    margin: float
    hedges: StartIndex[str]  # phrases reversed: read back from the word before the number
    hedges_after: StartIndex[str]
    # ((verb, preposition or "") → hedge, nouns of measure): «تصل قيمتها إلى»
    hedges_over_subject: tuple[dict[tuple[str, str], str], frozenset[str]]
    vague: StartIndex[_Vague]
    nouns: StartIndex[_Noun]
    singular: dict[str, _Noun]  # «وشخص»: the noun of each singular word
    pronouns: frozenset[str]
    pronoun_forms: frozenset[str]  # the tokens read as a pronoun (with clitics)
    refine: list[tuple[str, str, frozenset[str], int, bool]]  # near: tokens read so
    event_names: dict[str, str]
    range_open: frozenset[str]
    range_join: frozenset[str]
    one_of: frozenset[str]
    time_units: frozenset[str]
    not_counted: frozenset[str]
    starts: frozenset[str]  # every word that may start a figure (see _start_words)
    not_after: frozenset[str]  # «القرار 2216»: the number names, it does not count
    clock_words: frozenset[str]  # «11.25 صباحاً»: a time of day


def _words(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_for_matching(w) for w in words)


def _read_as(words: list[str]) -> frozenset[str]:
    """The tokens read as one of ``words`` with the clitics a figure's words accept."""
    return forms_read_as(_words(words), FIGURE_CLITICS)


def _nouns(d: dict) -> StartIndex[_Noun]:
    phrases = []
    for n in d["noun"]:
        for form, dual in [(f, False) for f in n["forms"]] + [(f, True) for f in n.get("dual", [])]:
            phrases.append((form, _Noun(n["class"], n["unit"], dual)))
    return StartIndex(phrases, FIGURE_CLITICS)


def _start_words(d: dict) -> frozenset[str]:
    """Every word that may start a figure, with the clitics it may carry (a quick
    first test: the readers decide)."""
    from corpus_tools.extract.numbers import _words as number_words

    w = number_words()
    base: set[str] = {"ما", *_words(d["ranges"]["open"])}
    base.update(phrase_tokens(p)[0] for v in d["vague"] for p in v["words"])
    base.update(phrase_tokens(p)[0] for n in d["noun"] for p in n.get("dual", []))
    for table in (w.ones, w.tens, w.hundreds, w.scales, w.scale_duals):
        base.update(table)
    prefixes = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "ول", "وب")
    return frozenset(prefix + word for word in base for prefix in prefixes)


def _over_subject(table: dict[str, list[str]]) -> tuple[dict[tuple[str, str], str], frozenset]:
    """(verb words, preposition) → hedge, in matching form, and the nouns of measure a
    subject opens with: the last word is the preposition when the phrase has one
    («يصل إلى»), else "" («يتجاوز»)."""
    preps = {normalize_for_matching(w) for w in ("إلى", "على", "عن")}
    out = {}
    for hedge, phrases in table.items():
        if hedge == "measures":
            continue
        for p in phrases:
            words = phrase_tokens(p)
            prep = words[-1] if len(words) > 1 and words[-1] in preps else ""
            verb = " ".join(words[:-1] if prep else words)
            out[(verb, prep)] = hedge
    measures = _words(table.get("measures", []))
    return out, measures


@cache
def lexicon() -> _Lexicon:
    """The word lists of ``data/figures.toml``."""
    d = load_toml("figures.toml")
    hedges = [(tuple(reversed(phrase_tokens(p))), h) for h, ps in d["hedges"].items() for p in ps]
    after = [(p, h) for h, ps in d["hedges_after"].items() for p in ps]
    vague = [
        (w, _Vague(float(v["low"]), float(v["high"]), float(v["value"]), bool(v.get("scalable"))))
        for v in d["vague"]
        for w in v["words"]
    ]
    nouns = _nouns(d)
    singular = {}
    for w in _words(d["singular_one"]["forms"]):
        singular[w] = next(m.value for m in nouns.matches_at((w,), 0) if m.reading.cut == 0)
    refine = [
        (r["from"], r["to"], _read_as(r["near"]), int(r["window"]), bool(r.get("before")))
        for r in d["refine"]
    ]
    return _Lexicon(
        margin=float(d["approx_margin"]),
        hedges=StartIndex(hedges, FIGURE_CLITICS),
        hedges_after=StartIndex(after, AS_WRITTEN),
        hedges_over_subject=_over_subject(d.get("hedges_over_subject", {})),
        vague=StartIndex(vague, FIGURE_CLITICS),
        nouns=nouns,
        singular=singular,
        pronouns=_words(d["pronouns"]["forms"]),
        pronoun_forms=_read_as(d["pronouns"]["forms"]),
        refine=refine,
        event_names=dict(d["event_names"]),
        range_open=_words(d["ranges"]["open"]),
        range_join=_words(d["ranges"]["join"]),
        one_of=_words(d["one_of"]),
        time_units=_words(d["time_units"]),
        not_counted=_words(d["not_counted"]),
        starts=_start_words(d),
        not_after=_words(d.get("not_after", [])),
        clock_words=_words(d.get("clock_words", [])),
    )


@dataclass
class _Quantity:
    first: int  # token range of the number words
    last: int
    value: float
    low: float
    high: float
    hedge: str
    scale: float = 1.0


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

    def __init__(self, text: str, start: int = 0, stop: int | None = None):
        """The breaks of ``text``, or only those of ``text[start:stop]`` (a sentence):
        enough for every ``a``, ``b`` with ``start <= a <= b <= stop``. (A scan from
        ``start`` finds the text's own matches from there: a match that begins before
        ``start`` and runs on past it holds only letters after its space.)"""
        self.text = text
        stop = len(text) if stop is None else stop
        self._starts: list[int] = []
        self._ends: list[int] = []
        for m in _CLAUSE_BREAK.finditer(text, start):
            if m.start() >= stop:
                break
            self._starts.append(m.start())
            self._ends.append(m.end())

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


class _Events:
    """Event triggers (:func:`~corpus_tools.extract.events.find_triggers`: in text
    order, not overlapping) with their starts and ends for binary search."""

    def __init__(self, events: list[Hit]):
        self.events = events
        self.starts = [e[0] for e in events]
        self.ends = [e[1] for e in events]


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


class _Article:
    """One document as the figure reader sees it: its text views (the document's own),
    its upstream layers, and what is found once per document when first needed."""

    def __init__(self, doc: Document, lex: _Lexicon):
        self.doc = doc
        self.lex = lex
        self.text = doc.text
        self.tokens = doc.tokens
        self.starts = doc.starts
        self.ends = doc.ends
        self.ents, self.attrs, self.times = (doc.layer(name) for name in UPSTREAM)
        self.published = as_date(doc.published)
        self.head_end = doc.headline_end
        self._breaks: dict[int, _Breaks] = {}

    def gap(self, i: int) -> str:
        return self.doc.gap(i)

    def sentence(self, k: int) -> tuple[int, int]:
        """``(start, end)`` of sentence ``k`` (the whole text when it has none)."""
        return self.doc.sentences[k] if self.doc.sentences else (0, len(self.text))

    @cached_property
    def reversed_tokens(self) -> list[str]:
        return self.tokens[::-1]

    @cached_property
    def attrs_by_cue(self) -> tuple[list[dict], list[int]]:
        """The attribution rows in cue order, and their cue offsets (for bisection)."""
        rows = sorted(self.attrs, key=lambda a: a["cue_start"])
        return rows, [a["cue_start"] for a in rows]

    @cached_property
    def events(self) -> _Events:
        return _Events([h for h in find_triggers(self.doc) if h.event not in REPORTING_EVENTS])

    def breaks(self, k: int) -> _Breaks:
        """The clause breaks of sentence ``k`` (found once)."""
        if k not in self._breaks:
            self._breaks[k] = _Breaks(self.text, *self.sentence(k))
        return self._breaks[k]

    @cached_property
    def norp(self) -> _Nationalities:
        return _Nationalities([e for e in self.ents if e["label"] == "NORP"])

    @cached_property
    def groups(self) -> Spans:
        """Where the armed groups are named («الآلاف من «داعش»»)."""
        return Spans(
            (e["start"], e["end"])
            for e in self.ents
            if e["label"] == "ORG" and e.get("kind") == "armed_group"
        )

    @cached_property
    def times_in(self) -> dict[int, list[dict]]:
        return times_by_sentence(self.times)

    @cached_property
    def person_nouns(self) -> tuple[list[int], list[_Noun]]:
        """The tokens where a counted person noun starts (:func:`_noun_at`), and the
        nouns: found once, when a pronoun first needs them."""
        heads = self.lex.nouns.starts_in(self.tokens)
        at: list[int] = []
        nouns: list[_Noun] = []
        for j, token in enumerate(self.tokens):
            if token not in heads and token != "من":
                continue
            found = _noun_at(self, j, self.lex)
            if found is not None and found[1].unit == "person":
                at.append(j)
                nouns.append(found[1])
        return at, nouns


# --- quantities ------------------------------------------------------------------------


def _vague_at(t: _Article, i: int, lex: _Lexicon) -> _Quantity | None:
    m = lex.vague.longest_at(t.tokens, i)
    if m is None:
        return None
    v, last = m.value, m.last
    q = _Quantity(i, last, v.value, v.low, v.high, "vague")
    if v.scalable and last + 1 < len(t.tokens):
        nxt = read_number(t.tokens, last + 1)
        if nxt is not None and nxt[0] >= 1000 and nxt[3] > 1 and nxt[0] == nxt[3]:
            s = nxt[0]
            q = _Quantity(i, nxt[1] - 1, v.value * s, v.low * s, v.high * s, "vague", s)
        elif t.tokens[last + 1] in ("عشرات", "مئات"):
            mult = 10 if t.tokens[last + 1] == "عشرات" else 100
            q = _Quantity(i, last + 1, v.value * mult, v.low * mult, v.high * mult, "vague", mult)
    return q


def _number_at(t: _Article, i: int) -> _Quantity | None:
    read = read_number(t.tokens, i)
    if read is None:
        return None
    value, j, _digits, scale = read
    if t.tokens[i] in t.lex.one_of and j == i + 1:
        return None  # «إحدى المراهقات», «أحد أشهر»: one of them, not a count
    return _Quantity(i, j - 1, value, value, value, "exact", scale)


def _range_at(t: _Article, i: int, lex: _Lexicon) -> _Quantity | None:
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


def _dual_at(t: _Article, i: int, lex: _Lexicon) -> tuple[_Quantity, _Noun] | None:
    for m in lex.nouns.matches_at(t.tokens, i):
        if m.value.dual and m.first == m.last:
            return _Quantity(i, i, 2.0, 2.0, 2.0, "exact"), m.value
    return None


def _quantities(
    t: _Article, excluded: list[tuple[int, int]], lex: _Lexicon
) -> list[tuple[_Quantity, _Noun | None, int]]:
    """Every quantity with its counted noun (or None) and the last token it covers."""
    out = []
    distinct = set(t.tokens)
    can_start = distinct.intersection(lex.starts)
    can_start.update(w for w in distinct if w[0].isdigit())
    inside = Spans(excluded)
    after = -1
    for i in [i for i, w in enumerate(t.tokens) if w in can_start]:
        if i <= after or inside.covers(t.starts[i]):
            continue
        q = _range_at(t, i, lex) or _vague_at(t, i, lex) or _number_at(t, i)
        noun = None
        if q is None:
            dual = _dual_at(t, i, lex)
            if dual is None:
                continue
            q, noun = dual
            last = i
        else:
            found = _noun_at(t, q.last + 1, lex)
            last = q.last
            if found is not None:
                last, noun = found
        out.append((q, noun, last))
        after = last
    return out


# --- context --------------------------------------------------------------------------------


def _noun_at(t: _Article, j: int, lex: _Lexicon) -> tuple[int, _Noun] | None:
    """The counted noun starting at token ``j`` (after an optional «من»): (last token, noun).

    «31 من الشهر» is a day of the month, not a count of months: a definite unit of
    time after «من» is no counted noun.
    """
    n = len(t.tokens)
    after_min = j < n and t.tokens[j] == "من" and j + 1 < n
    if after_min:
        j += 1
    if j >= n:
        return None
    if after_min and t.tokens[j].startswith("ال") and t.tokens[j] in lex.time_units:
        return None
    m = lex.nouns.longest_at(t.tokens, j)
    return None if m is None else (m.last, m.value)


def _hedge_before(t: _Article, i: int, lex: _Lexicon) -> tuple[str, int] | None:
    """(hedge, first token of its cue) when a hedge phrase ends right before token ``i``
    (its last word read without its clitics), with no punctuation inside."""
    if i == 0:
        return None
    n = len(t.tokens)
    for m in lex.hedges.matches_at(t.reversed_tokens, n - i):
        first = n - 1 - m.last
        if not _PUNCT.search(t.text, t.starts[first], t.starts[i]):
            return m.value, first
    return _hedge_over_subject(t, i, lex)


def _hedge_over_subject(t: _Article, i: int, lex: _Lexicon) -> tuple[str, int] | None:
    """«تصل قيمتها إلى 500 ألف», «تصل درجات الحرارة إلى 48», «يتجاوز عددهم 300»: a hedge
    verb, its subject (one or two words opening with a noun of measure, with the article
    or a pronoun), the verb's preposition, then the number."""
    toks = t.tokens
    verbs, measures = lex.hedges_over_subject
    for prep_len in (1, 0):
        prep = toks[i - 1] if prep_len and i > 0 else ""
        for subj_len in (1, 2):
            subj = i - prep_len - subj_len  # the subject's first word
            if subj < 1:
                continue
            head = toks[subj]
            bare = head[2:] if head.startswith("ال") else without_possessive(head)
            if bare not in measures:
                continue
            for n_verb in (1, 2):  # «يصل», «قد يصل»
                v = subj - n_verb
                if v < 0:
                    break
                words = [without_conjunction(toks[v]), *toks[v + 1 : subj]]
                hedge = verbs.get((" ".join(words), prep))
                if hedge is not None and not _PUNCT.search(t.text, t.starts[v], t.starts[i]):
                    return hedge, v
    return None


def _hedge_after_noun(t: _Article, last: int) -> tuple[str, int, int] | None:
    """(hedge, first, last token) of a hedge after the counted noun, over up to two
    adjectives («مواطن غربي على الأقل»), with no punctuation before it."""
    for j in range(last + 1, min(last + 3, len(t.tokens) - 1) + 1):
        if _PUNCT.search(t.gap(j)):
            return None
        m = _hedge_after(t, j, t.lex)
        if m is not None:
            return m[0], j, m[1]
        if not _adjective(t.tokens[j]):
            return None  # only adjectives may stand before it
    return None


def _hedge_after(t: _Article, j: int, lex: _Lexicon) -> tuple[str, int] | None:
    if j >= len(t.tokens):
        return None
    m = lex.hedges_after.longest_at(t.tokens, j)
    return None if m is None else (m.value, m.last)


def _pronoun_class(t: _Article, i: int, sent_first: int) -> tuple[str, str] | None:
    """«المئات من هؤلاء»: the class of the nearest class noun before, in the sentence."""
    at, nouns = t.person_nouns
    k = bisect_left(at, i) - 1  # the last person noun before token i
    if k >= 0 and at[k] >= sent_first:
        return nouns[k].klass, nouns[k].unit
    return None


def _refine(klass: str, t: _Article, first: int, last: int, lex: _Lexicon) -> str:
    for src, dst, near, window, before in lex.refine:
        if klass != src:
            continue
        lo = max(0, first - window) if before else last + 1
        hi = min(len(t.tokens), last + 1 + window)
        if not near.isdisjoint(t.tokens[lo:hi]):
            return dst
    return klass


def _counted_text(t: _Article, q_last: int, last: int) -> str:
    first = q_last + 1
    if first <= last and t.tokens[first] == "من":
        first += 1
    return (
        t.text[t.starts[first] : t.ends[last]]
        if first <= last
        else t.text[t.starts[q_last] : t.ends[q_last]]
    )


def _worth_keeping(t: _Article, q: _Quantity) -> bool:
    """A bare number with no counted noun: keep digits and scaled numbers, but not a
    four-digit number that reads as a year («في 1877», «2009»)."""
    token = t.tokens[q.first]
    if q.first == q.last and re.fullmatch(r"1[89]\d\d|20\d\d", token):
        return False
    if (
        t.tokens[q.last + 1 : q.last + 2] == ["من"]
        and t.tokens[q.last + 2 : q.last + 3]
        and (t.tokens[q.last + 2] in t.lex.time_units)
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


# --- one figure -----------------------------------------------------------------------------


@dataclass
class _Figure:
    """A figure found in the words: its row so far, and the tokens its context reads."""

    row: dict
    first: int  # first token of the number
    last: int  # last token of the figure


def _hedged(t: _Article, q: _Quantity, last: int) -> tuple[str, str, int, int]:
    """(hedge, hedge cue, first token, last token) of a quantity with its hedge words."""
    lex, text = t.lex, t.text
    first, hedge, cue = q.first, q.hedge, ""
    hb = _hedge_before(t, q.first, lex)
    if hb is not None and q.hedge in ("exact", "vague", "range"):
        if q.hedge != "range":
            hedge = hb[0] if q.hedge == "exact" else "vague"
        cue = text[t.starts[hb[1]] : t.ends[q.first - 1]]
        first = hb[1]
    elif q.hedge == "range":
        first = q.first - 1 if q.first and t.tokens[q.first - 1] in lex.range_open else q.first
        cue = text[t.starts[first] : t.ends[first]] if first < q.first else ""
    ha = _hedge_after(t, last + 1, lex)
    if ha is not None and hedge == "exact":
        hedge, cue = ha[0], text[t.starts[last + 1] : t.ends[ha[1]]]
        last = ha[1]
    return hedge, cue, first, last


def _with_half(
    t: _Article, q: _Quantity, noun: _Noun | None, last: int
) -> tuple[float, float, float, int]:
    """(value, low, high, last token): «7 سنوات ونصف السنة» adds a half of the unit."""
    value, low, high = q.value, q.low, q.high
    n = len(t.tokens)
    if noun is not None and last + 1 < n and t.tokens[last + 1] == "ونصف":
        value, low, high, last = value + 0.5, low + 0.5, high + 0.5, last + 1
        if last + 1 < n and _noun_at(t, last + 1, t.lex) and t.tokens[last + 1].startswith("ال"):
            last += 1
    return value, low, high, last


def _by_reference(t: _Article, q: _Quantity, s_first: int) -> tuple[str, str, str, int, int] | None:
    """(counted, class, unit, last token, end) of a figure without a counted noun whose
    next word stands for the counted («المئات من هؤلاء») or names an armed group
    («الآلاف من «داعش»»); None when it has neither."""
    text, n = t.text, len(t.tokens)
    nxt = q.last + 1
    if nxt < n and t.tokens[nxt] == "من":
        nxt += 1
    if nxt >= n:
        return None
    if t.tokens[nxt] in t.lex.pronoun_forms:
        klass, unit = _pronoun_class(t, q.first, s_first) or ("unknown", "")
        return text[t.starts[q.last + 1] : t.ends[nxt]], klass, unit, nxt, t.ends[nxt]
    if t.groups.covers(t.starts[nxt]):
        end = t.ends[nxt]
        while end < len(text) and text[end] == "»":
            end += 1
        opener = t.starts[nxt] - (1 if text[t.starts[nxt] - 1] == "«" else 0)
        return text[opener:end], "fighters", "person", nxt, end
    return None


def _pronoun_before(t: _Article, q: _Quantity, s_first: int) -> tuple[str, str, str] | None:
    """«يقدرون عددهم ببضعة آلاف»: (counted, class, unit) from a pronoun just before."""
    lo = max(s_first, q.first - 2)
    k = next((k for k in range(q.first - 1, lo - 1, -1) if t.tokens[k] in t.lex.pronouns), None)
    found = _pronoun_class(t, k, s_first) if k is not None else None
    if found is None:
        return None
    return t.text[t.starts[k] : t.ends[k]], *found


def _bare_noun(t: _Article, q: _Quantity) -> int | None:
    """The word after a bare number, kept as its counted noun even without a class."""
    nxt = q.last + 1
    if nxt >= len(t.tokens):
        return None
    word = re.fullmatch(r"[^\W\d_]{2,}", t.tokens[nxt]) and not _PUNCT.search(t.gap(nxt))
    return nxt if word and t.tokens[nxt] not in t.lex.not_counted else None


def _counted(
    t: _Article, q: _Quantity, noun: _Noun | None, last: int, s_first: int
) -> tuple[str, str, str, int, int] | None:
    """(counted, class, unit, last token, end) of a figure; None when it is no figure
    (a bare number that reads as a year or a day of the month)."""
    if noun is not None:
        return _counted_text(t, q.last, last), noun.klass, noun.unit, last, t.ends[last]
    counted, klass, unit, end = "", "unknown", "", t.ends[last]
    found = _by_reference(t, q, s_first)
    if found is not None:
        counted, klass, unit, last, end = found
    if klass == "unknown":
        before = _pronoun_before(t, q, s_first)
        if before is not None:
            counted, klass, unit = before
    if (
        klass == "unknown"
        and q.hedge == "exact"
        and not counted
        and not _worth_keeping(t, q)
        and not _word_count(t, q)
    ):
        return None
    if klass == "unknown" and not counted:
        nxt = _bare_noun(t, q)
        if nxt is not None:
            counted, last, end = t.text[t.starts[nxt] : t.ends[nxt]], nxt, t.ends[nxt]
    return counted, klass, unit, last, end


def _word_count(t: _Article, q: _Quantity) -> bool:
    """«ثلاثة محامين», «لأربعة أولاد», «بخمس حالات»: a number word (three or more, no
    digits) right before a noun the lexicon has no class for is a count of it."""
    nxt = _bare_noun(t, q)
    return (
        q.value >= 3
        and not any(ch.isdigit() for ch in t.tokens[q.first])
        and not t.tokens[q.first].startswith(("ال", "بال", "وال"))  # «الدول الخمس دائمة»
        and nxt is not None
        and not t.tokens[nxt].startswith("ال")
        and t.tokens[nxt] not in _NOT_A_COUNT
    )


#: Plurals after a number word that make a fraction or a multiple, not a count.
_NOT_A_COUNT = frozenset({"ارباع", "اثلاث", "اخماس", "اعشار", "اسداس", "اضعاف", "اضعافا"})


def _names_or_clock(t: _Article, q: _Quantity) -> bool:
    """A number that names something («القرار 2216», «القرار الأممي «2216»»), is a
    time of day («11.25 صباحاً») or half of «11/9» (a date, a score, a ratio): no
    figure."""
    toks, lex = t.tokens, t.lex
    if q.last + 1 < len(toks) and toks[q.last + 1] in lex.clock_words:
        return True
    nxt, prv = q.last + 1, q.first - 1  # «11/9», «3/1»: a date, a score or a ratio
    if nxt < len(toks) and t.gap(nxt).strip() == "/" and toks[nxt][:1].isdigit():
        return True
    if prv >= 0 and t.gap(q.first).strip() == "/" and toks[prv][:1].isdigit():
        return True
    counted = nxt < len(toks) and _bare_noun(t, q) is not None and not toks[nxt].startswith("ال")
    if counted and q.value <= 100:
        return False  # «تضمن القرار 15 بنداً» counts; «القرار 2334 فوراً» names
    for back in (1, 2):
        k = q.first - back
        if k < 0 or _PUNCT.search(t.gap(k + 1)):
            return False
        if toks[k] in lex.not_after:
            return True
        if not _adjective(toks[k]):
            return False  # only an adjective may stand between
    return False


def _figure(t: _Article, q: _Quantity, noun: _Noun | None, last: int) -> _Figure | None:
    """The figure a quantity states, or None when it is no figure."""
    if noun is None and q.hedge == "exact" and _names_or_clock(t, q):
        return None
    hedge, cue, first, last = _hedged(t, q, last)
    value, low, high, last = _with_half(t, q, noun, last)
    bounds = _bounds(value, *_interval(hedge, value, low, high, t.lex.margin))
    if bounds is None:
        return None
    start = t.starts[first]
    sent_id = t.doc.sentence_of(start)
    s_first = t.doc.tokens_in(*t.sentence(sent_id)).start
    found = _counted(t, q, noun, last, s_first)
    if found is None:
        return None
    counted, klass, unit, last, end = found
    if hedge == "exact":  # «892 مدنيا على الأقل», «3400 مواطن غربي على الأقل»
        after = _hedge_after_noun(t, last)
        if after is not None:
            hedge, cue, last = after[0], t.text[t.starts[after[1]] : t.ends[after[2]]], after[2]
            end = t.ends[last]
            bounds = _bounds(value, *_interval(hedge, value, low, high, t.lex.margin))
            if bounds is None:
                return None
    klass = _refine(klass, t, q.first, last, t.lex)
    if klass == "age":
        unit = "year"
    hedged = {"value": bounds[0], "low": bounds[1], "high": bounds[2], "hedge": hedge}
    row = _row(t, sent_id, start, end, hedged, cue, unit, counted, klass)
    return _Figure(row, q.first, last)


def _row(t: _Article, sent_id: int, start: int, end: int, hedged: dict, cue: str, *what) -> dict:
    """A figure's row as far as its words say (``what``: unit, counted, class)."""
    unit, counted, klass = what
    return {
        "sent_id": sent_id,
        "start": start,
        "end": end,
        "text": t.text[start:end],
        **hedged,
        "hedge_cue": cue,
        "unit": unit,
        "counted": counted,
        "counted_class": klass,
        "in_headline": start < t.head_end,
        "published": t.published,
    }


#: Hedges a figure joined right after with «و» shares («حوالي 300 امرأة و600 طفل»).
_SHARED_HEDGES = frozenset({"approx", "more_than", "at_least"})


def _shared_hedges(t: _Article, figures: list[_Figure]) -> None:
    """«حوالي 300 امرأة و600 طفل», «أكثر من 46 مليار ين (423 مليون دولار)»: an exact
    figure joined to the one before by «و» or written in brackets right after it shares
    that figure's hedge (an approximate, a more-than or an at-least one)."""
    for prev, f in pairwise(figures):
        p, r = prev.row, f.row
        if r["hedge"] != "exact" or p["hedge"] not in _SHARED_HEDGES:
            continue
        gap = t.text[p["end"] : r["start"]].split()
        joined = gap == ["و"] or (not gap and t.text[r["start"]] == "و")
        # «46 مليار ين ياباني (423 مليون دولار)»: an adjective of the unit may stand between
        bracketed = (
            bool(gap)
            and gap[-1] == "("
            and len(gap) <= 2
            and t.text[r["end"] : r["end"] + 1] == ")"
            and not _PUNCT.search("".join(gap[:-1]))
        )
        if not (joined or bracketed):
            continue
        low, high = _interval(p["hedge"], r["value"], r["low"], r["high"], t.lex.margin)
        bounds = _bounds(r["value"], low, high)
        if bounds is not None:
            r["value"], r["low"], r["high"] = bounds
            r["hedge"], r["hedge_cue"] = p["hedge"], p["hedge_cue"]


def _singular_ones(t: _Article, found: list[_Figure]) -> list[_Figure]:
    """«شخصان … وشخص يحمل الجنسية الأمريكية»: a singular noun joined to a figure is one.

    An indefinite person noun with «و», less than 60 characters after a person figure
    with no punctuation between, counts one.
    """
    lex, out = t.lex, []
    joined = {"و" + w for w in lex.singular}
    if joined.isdisjoint(t.tokens):
        return out
    ends = sorted(f.row["end"] for f in found if f.row["unit"] == "person")
    for k, tok in enumerate(t.tokens):
        if tok not in joined:
            continue
        pos = t.starts[k]
        near = ends[bisect_right(ends, pos - 60) : bisect_left(ends, pos)]  # 0 < pos - e < 60
        if any(not _PUNCT.search(t.text, e, pos) for e in near):
            noun = lex.singular[tok[1:]]
            start, end = pos + 1, t.ends[k]  # without the «و»
            one = {"value": 1.0, "low": 1.0, "high": 1.0, "hedge": "exact"}
            row = _row(t, t.doc.sentence_of(start), start, end, one, "", noun.unit, "", noun.klass)
            row["counted"] = row["text"]
            out.append(_Figure(row, k, k))
    return out


# --- what a figure is about: nationality, event, source, time -------------------------


def _nationality(t: _Article, first: int, last: int, s_end: int) -> str:
    """A demonym just after the counted noun in its clause, or «يحمل(ون) الجنسية X»."""
    norp = t.norp
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


def _event(t: _Article, start: int, end: int, sent_id: int) -> str:
    """The event of a figure: the verb right before it («ووصل أربعة»), else the first
    trigger after it in its clause («1700 مسلح … عادوا»), else the last one before it in
    its clause («رشاوى … تتراوح بين»). A clause ends at punctuation, «أن» or a relative."""
    events, text = t.events, t.text
    s_start, s_end = t.sentence(sent_id)

    def name(e) -> str:
        return t.lex.event_names.get(e[2], e[2])

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
        breaks = t.breaks(sent_id)
        first_break = breaks.first_end(end)
        for k in range(a, b):
            e = events.events[k]
            if first_break <= e[0]:
                break  # a break before this trigger is before every later one too
            if not breaks.within(end, e[0]):
                return name(e)
    if last_before is not None and not t.breaks(sent_id).within(last_before[1], start):
        return name(last_before)
    return ""


#: How many sentence ends an uncued stretch between two statements of one source may
#: hold and still continue that source's report.
_CONTINUED_SENTENCES = 2
#: Sentence openers of the writer's own background («وكان …», «يذكر أن …»): no
#: continuation of anybody's report.
_BACKGROUND_RE = re.compile(r"\s*[«\"(]?\s*و?(?:كان|كانت|كانوا|يذكر|يشار|يُذكر|يُشار)\b")


def _continued_report(t: _Article, f: _Figure) -> dict | None:
    """The statement a figure in an uncued sentence continues: the sentence stands
    between two statements of the same named source, within two sentences, the second
    written as the document again («وأوضح التحالف في بيان …. في المقابل، اعتبرت خمسة
    بلاغات …. وأورد البيان …»: the coalition's report goes on), and it does not open as
    the writer's background. (Between two quotations of one person the writer's own
    narration often stands: no continuation there.)"""
    start = f.row["start"]
    attrs, cues = t.attrs_by_cue
    k = bisect_left(cues, start)
    if k == 0 or k == len(attrs):
        return None
    before, after = attrs[k - 1], attrs[k]
    name = text_or_none(before["source"])
    if name is None or name != text_or_none(after["source"]) or before["resolution"] == "passive":
        return None
    written = normalize_for_matching(str(after["source_text"] or "")).split()
    if not written or written[0].removeprefix("و") not in cue_lexicon().document_nouns:
        return None
    gap = t.doc.text[max(before["content_end"], before["end"]) : after["cue_start"]]
    if before["content_end"] > start or gap.count(".") > _CONTINUED_SENTENCES:
        return None
    s_start = t.sentence(f.row["sent_id"])[0]
    if _BACKGROUND_RE.match(t.doc.text, s_start):
        return None
    return before


@cache
def _bare_estimates() -> frozenset[str]:
    """The names of an estimate nobody is named for («التقديرات»: estimates): the
    English words of the attribution lexicon's estimate heads."""
    heads = cue_lexicon().heads
    return frozenset(
        en
        for word in heads.heads
        for h in heads.get(word)
        if h.type == "estimate"
        for en in (h.en_sg, h.en_pl)
    )


def _context(t: _Article, f: _Figure, attr: dict | None, continued: dict | None = None) -> dict:
    """Nationality, event, source, via and time of a figure (``attr``: the attribution
    whose content holds it; ``continued``: the statement an uncued sentence continues,
    :func:`_continued_report`)."""
    start, end, sent_id = f.row["start"], f.row["end"], f.row["sent_id"]
    s_end = t.sentence(sent_id)[1]
    said = attr or continued
    source = text_or_none(said["source"]) if said else None
    via = text_or_none(said["via"]) if said else None
    if attr and (
        attr["resolution"] == "passive"
        or (
            attr["source_type"] == "estimate"
            and attr["resolution"] == "described"
            and attr["source"] in _bare_estimates()  # not «تقديرات أمريكية»
        )
    ):
        # «ويعتقد أن …», «وتشير التقديرات إلى أن …»: an estimate nobody is named for is
        # the outlet's own voice
        source = None
    if source is None:
        source, via = t.doc.relays, None
    scope = (attr["content_start"], attr["content_end"]) if attr else None
    tm = nearest_time(t.times_in.get(sent_id, []), start, scope, present=True)
    return {
        "nationality": _nationality(t, f.first, f.last, s_end),
        "event": _event(t, start, end, sent_id),
        "source": source,
        "via": via,
        "time_begin": tm["begin"] if tm else None,
        "time_end": tm["until"] if tm else None,
        "time_text": tm["text"] if tm else "",
    }


# --- one document ------------------------------------------------------------------------


def document_figures(doc: Document) -> list[dict]:
    """Figure rows (dicts, no ``article_id`` or ``publisher``) of one document: the
    ``figures`` layer, in text order.

    Reads the ``entities``, ``attributions`` and ``times`` layers (``KeyError`` when
    one is missing). Event triggers are those of
    :func:`~corpus_tools.extract.events.find_triggers` (every trigger, not the
    timeline's one event per type and sentence).
    """
    lex = lexicon()
    t = _Article(doc, lex)
    excluded = [(r["start"], r["end"]) for r in t.times if r["kind"] != "duration"]
    if ":" in doc.text:  # clock times («10:30»)
        excluded += [(m.start(), m.end()) for m in _CLOCK_RE.finditer(doc.text)]
    # a number inside a body's or an outlet's name counts nothing («الإف بي آي», «فرانس
    # 24», «مجموعة العشرين»)
    excluded += [(e["start"], e["end"]) for e in t.ents if e["label"] in ("ORG", "MEDIA")]
    found = [_figure(t, q, noun, last) for q, noun, last in _quantities(t, excluded, lex)]
    figures = [f for f in found if f is not None]
    _shared_hedges(t, figures)
    figures += _singular_ones(t, figures)
    attributed = covering(t.attrs, [f.row["start"] for f in figures])
    rows = [
        {**f.row, **_context(t, f, a, None if a else _continued_report(t, f))}
        for f, a in zip(figures, attributed, strict=True)
    ]
    rows.sort(key=lambda r: r["start"])
    return rows


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
    """Figure rows (dicts, no ``article_id``) of one clean text; pure.

    The entity, attribution and time rows not given are computed here by their
    extractors (:func:`~corpus_tools.extract.timeline.text_document`); then
    :func:`document_figures`.
    """
    if not text:
        return []
    doc = text_document(
        text,
        published,
        relays,
        headline=headline,
        entities=entity_rows,
        attributions=attribution_rows,
        times=time_rows,
    )
    return document_figures(doc)
