"""Cleaning: from a raw scrape to the text analysts read and extractors tag.

Each step is a small pure function ``str -> list[Edit]`` (plus the boilerplate
step, which also returns fields). :func:`clean_text` applies them in order to a
:class:`~corpus_tools.text.textmap.MappedText`, so every character of the clean text
still knows its raw span, and every edit is logged with its reason. The steps are
repeated until nothing changes, which makes cleaning idempotent.

Column contract of :func:`clean_corpus` (added to the loaded articles; ``raw_text``
is never touched):

=================  =================  ===================================================
column             dtype              meaning
=================  =================  ===================================================
text               str                clean text; paragraphs separated by one blank line
headline           str / NA           first paragraph when it is a headline
dateline           str / NA           «لندن-سانا»: place and agency opening the article
byline             str / NA           author or desk from a metadata block
source_line        str / NA           «المصدر : …» line
page_timestamp     str / NA           date/time printed in page furniture, as written
page_date          datetime64[s]      that date read as a day (NaT if none); it may be
                                      the page's render date, not the publication date
page_date_from     str / NA           ``metadata_block`` or ``page_timestamp``
n_changes          int64              number of logged edits
offsets            object             compact clean → raw map (see :func:`raw_spans`)
changes            object             tuple of :class:`~corpus_tools.text.textmap.Change`
=================  =================  ===================================================

Example:
    >>> r = clean_text("عناصر  من داعش\\u0640\\u0640\\nكشفت صحيفة \\"وول\\nستريت جورنال\\" أن…")
    >>> r.text
    'عناصر من داعش\\n\\nكشفت صحيفة «وول ستريت جورنال» أن…'
    >>> r.fields["headline"]
    'عناصر من داعش'
"""

from __future__ import annotations

import operator
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from corpus_tools.progress import progress
from corpus_tools.rows import problem_row, warn_failed, with_problems
from corpus_tools.text.boilerplate import (
    BULLETS,
    TERMINAL,
    TRAILING_CLOSERS,
    Rules,
    _match_form,
    boilerplate_edits,
    is_title_like,
    load_rules,
)
from corpus_tools.text.textmap import Change, Edit, MappedText, OffsetMap

FIELD_COLUMNS = (
    "headline",
    "dateline",
    "byline",
    "source_line",
    "page_timestamp",
    "page_date",
    "page_date_from",
)
MAX_PASSES = 6

# ---- character classes ---------------------------------------------------------
PRESENTATION_FORMS_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e]+")
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_CLUSTER_RE = re.compile(f"(?s).[{_MARKS}]+")
_MARK_RUN_RE = re.compile(f"[{_MARKS}]+")
INVISIBLE = {
    "tatweel": ("\u0640", "tatweel (kashida) elongation"),
    "invisible": ("\u200b\u200c\u200d\u2060\ufeff\u00ad", "zero-width or soft-hyphen character"),
    "bidi_control": ("\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c", "bidi control character"),
    "control": ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f", "control character"),
}
_ANY_INVISIBLE_RE = re.compile("|".join(f"(?P<{k}>[{c}]+)" for k, (c, _) in INVISIBLE.items()))
#: One class for every invisible character (found in one scan, then told apart).
_INVISIBLE_RUN_RE = re.compile("[" + "".join(c for c, _ in INVISIBLE.values()) + "]+")
NBSP_RE = re.compile("[\u00a0\u202f\u2007]+")
SPACE_RE = re.compile("[\t\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
NEWLINE_RE = re.compile("\r\n?|[\u2028\u2029\u0085]")
_SPACE_CHAR_RE = re.compile(  # any character of the three above
    f"[{NBSP_RE.pattern[1:-2]}{SPACE_RE.pattern[1:-2]}\r\u2028\u2029\u0085]"
)
MULTISPACE_RE = re.compile(" {2,}")
LINE_EDGE_SPACE_RE = re.compile("^ +| +$", re.M)
_LINE_START_SPACE_RE = re.compile("\n ")
_LINE_END_SPACE_RE = re.compile(" \n")
DOUBLE_QUOTES = '"“”„‟″〝〞＂«»'
QUOTE_RE = re.compile(f"[{DOUBLE_QUOTES}]")
_TO_UNIFY_RE = re.compile(f"[{DOUBLE_QUOTES[:-2]}]")  # «» are never rewritten
_BLANK_LINE_RE = re.compile("(?=\n\n)")  # every start of "\n\n", overlapping ones too
OPEN_QUOTE, CLOSE_QUOTE = "«", "»"
_OPENERS = "([{«—–-/"
_CLOSER_PUNCT = ".,،؛;:!?؟)]}»…"
SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=\S) +(?=[.,،؛;:!?؟)\]»])")
SPACE_AFTER_OPEN_RE = re.compile(r"(?<=[«(\[]) +")
# The same two, written to start with a literal (so that the scan skips ahead): a run
# of spaces from its first space (``(?<!  )``), and the spaces after an opener.
_BEFORE_PUNCT_RE = re.compile(r" (?<!  ) *+(?=[.,،؛;:!?؟)\]»])")
_AFTER_OPEN_RE = re.compile(r"[«(\[]( +)")
_NON_SPACE_RE = re.compile(r"\S")
NEWLINE_RUN_RE = re.compile(r"\s*\n\s*")
_WHITESPACE_RE = re.compile(r"\s*")
WORD_RE = re.compile(r"\w+")
LIST_ITEM_RE = re.compile(rf"^(?:[{BULLETS}*\-–—]\s|\d{{1,2}} ?[.)\-–]\s)")
_LIST_ITEM_AT_RE = re.compile(LIST_ITEM_RE.pattern[1:])  # for match(text, pos, endpos)
_LIST_ITEM_FIRST = frozenset(BULLETS + "*-–—")  # or a digit (``\d``: str.isdecimal)


# ---- character-level steps -------------------------------------------------------
def unicode_edits(text: str) -> list[Edit]:
    """NFKC for Arabic presentation forms and full-width ASCII; NFC for the rest.

    >>> [e.replacement for e in unicode_edits("\\ufefb")]  # lam-alef ligature
    ['لا']
    """
    edits = [
        Edit(
            m.start(),
            m.end(),
            unicodedata.normalize("NFKC", m[0]),
            "unicode",
            "presentation form or full-width character normalised (NFKC)",
        )
        for m in PRESENTATION_FORMS_RE.finditer(text)
    ]
    if unicodedata.is_normalized("NFC", text):
        return edits
    taken = {i for e in edits for i in range(e.start, e.end)}
    for start, end in _nfc_candidates(text):
        cluster = text[start:end]
        if start in taken or unicodedata.is_normalized("NFC", cluster):
            continue
        edits.append(
            Edit(
                start,
                end,
                unicodedata.normalize("NFC", cluster),
                "unicode",
                "canonical composition / mark order normalised (NFC)",
            )
        )
    return edits


def _nfc_candidates(text: str) -> list[tuple[int, int]]:
    """Spans NFC may change, in order: a character with the combining marks after it
    (``_CLUSTER_RE``), and a lone character NFC changes by itself (a singleton)."""
    clusters = []
    for m in _MARK_RUN_RE.finditer(text):
        start, end = m.span()
        if start > 0:
            clusters.append((start - 1, end))
        elif end - start > 1:  # marks opening the text: the first stands as the base
            clusters.append((start, end))
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    singles = _nfc_changes()[np.minimum(points, 0xFFFF)]
    for i in np.flatnonzero(points > 0xFFFF).tolist():  # beyond the table: ask
        singles[i] = unicodedata.normalize("NFC", text[i]) != text[i]
    if singles.any():
        for s, e in clusters:
            singles[s:e] = False
        clusters += [(i, i + 1) for i in np.flatnonzero(singles).tolist()]
        clusters.sort()
    return clusters


@cache
def _nfc_changes() -> np.ndarray:
    """For each character of the Basic Multilingual Plane, whether NFC changes it alone.

    One NFC call on all of them, kept apart by U+0000 (a starter nothing composes with).
    """
    chars = list(map(chr, range(1, 0x10000)))
    alone = unicodedata.normalize("NFC", "\x00".join(chars)).split("\x00")
    table = np.zeros(0x10000, dtype=bool)
    table[1:] = np.fromiter(map(operator.ne, alone, chars), dtype=bool, count=len(chars))
    return table


def invisible_edits(text: str) -> list[Edit]:
    """Remove tatweel, zero-width, bidi-control and control characters.

    >>> [(e.kind, e.start) for e in invisible_edits("داعـــش\\u200f")]
    [('tatweel', 3), ('bidi_control', 7)]
    """
    edits = []
    for m in _INVISIBLE_RUN_RE.finditer(text):
        # a run of several kinds: one edit per kind, as _ANY_INVISIBLE_RE finds them
        for k in _ANY_INVISIBLE_RE.finditer(text, m.start(), m.end()):
            kind = k.lastgroup or "invisible"
            edits.append(Edit(k.start(), k.end(), "", kind, INVISIBLE[kind][1]))
    return edits


def space_char_edits(text: str) -> list[Edit]:
    """NBSP and other space characters → space; CR and Unicode line separators → newline."""
    if not _SPACE_CHAR_RE.search(text):
        return []
    edits = [
        Edit(m.start(), m.end(), " ", "nbsp", "no-break space → space")
        for m in NBSP_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), " ", "whitespace", "tab or special space → space")
        for m in SPACE_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), "\n", "whitespace", "line separator → newline")
        for m in NEWLINE_RE.finditer(text)
    ]
    return edits


def space_run_edits(text: str) -> list[Edit]:
    """Collapse runs of spaces; trim spaces at the edges of lines."""
    n = len(text)
    runs = [m.span() for m in MULTISPACE_RE.finditer(text)]
    # single spaces at a line edge (longer runs are all in ``runs`` already)
    ones = [m.start() + 1 for m in _LINE_START_SPACE_RE.finditer(text)]
    ones += [m.start() for m in _LINE_END_SPACE_RE.finditer(text)]
    ones += [p for p in (0, n - 1) if text[p : p + 1] == " "]
    runs += [(p, p + 1) for p in ones if text[p - 1 : p] != " " and text[p + 1 : p + 2] != " "]
    edits = []
    for a, b in sorted(set(runs)):
        if a == 0 or text[a - 1] == "\n" or b == n or text[b] == "\n":
            edits.append(Edit(a, b, "", "whitespace", "space at line edge"))
        else:
            edits.append(Edit(a + 1, b, "", "whitespace", "repeated space"))
    return edits


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def quote_edits(text: str) -> list[Edit]:
    """Unify double quotation marks as «…», deciding open or close from context.

    A mark after a space and before a word opens; one after a word and before a
    space or punctuation closes; otherwise it closes an open quotation or opens
    a new one. Quotation state resets at blank lines.

    >>> t = 'قال "إنه “هنا” الآن". '
    >>> MappedText.from_raw(t).apply(quote_edits(t)).text
    'قال «إنه «هنا» الآن». '
    """
    if not _TO_UNIFY_RE.search(text):
        return []
    edits: list[Edit] = []
    depth = 0
    last_newline = -2
    # the start of the last blank line before each mark (``text.rfind("\n\n", 0, i)``),
    # found by walking the blank lines alongside the marks: no rescan of the text
    breaks = [m.start() for m in _BLANK_LINE_RE.finditer(text)]
    k = 0
    para_break = -1
    for m in QUOTE_RE.finditer(text):
        i, q = m.start(), m[0]
        while k < len(breaks) and breaks[k] + 2 <= i:
            para_break = breaks[k]
            k += 1
        if para_break > last_newline:
            depth, last_newline = 0, para_break
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        left_open = prev.isspace() or prev in _OPENERS
        right_close = nxt.isspace() or nxt in _CLOSER_PUNCT
        if q == OPEN_QUOTE:
            opening = True
        elif q == CLOSE_QUOTE:
            opening = False
        elif left_open and not right_close:
            opening = True
        elif right_close and not left_open:
            opening = False
        else:
            opening = depth == 0
        depth = depth + 1 if opening else max(depth - 1, 0)
        new = OPEN_QUOTE if opening else CLOSE_QUOTE
        if new != q:
            edits.append(Edit(i, i + 1, new, "quote", f"quotation mark {q!r} unified as {new}"))
    return edits


def punctuation_space_edits(text: str) -> list[Edit]:
    """Remove spaces before closing punctuation and after opening quotes or brackets.

    >>> [e.start for e in punctuation_space_edits("السعوديين ، و« إنه »")]
    [9, 14, 18]
    """
    edits = [
        Edit(m.start(), m.end(), "", "whitespace", "space before punctuation")
        for m in _BEFORE_PUNCT_RE.finditer(text)
        if m.start() > 0 and _NON_SPACE_RE.match(text, m.start() - 1)
    ]
    edits += [
        Edit(m.start(1), m.end(1), "", "whitespace", "space after opening quote or bracket")
        for m in _AFTER_OPEN_RE.finditer(text)
    ]
    return _non_overlapping(edits)


# ---- structure: lines, paragraphs, repeats -------------------------------------------
def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(TRAILING_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def line_break_edits(text: str, rules: Rules | None = None) -> list[Edit]:
    """Join lines broken inside a sentence; make every other break a paragraph break.

    A break is joined (→ space) when the line ends with a comma (across at most
    one blank line), or when there is no blank line and the paragraph has an open
    quotation or the line ends without sentence punctuation and is not a heading.
    Every other break becomes exactly one blank line.

    >>> t = 'عنوان الخبر\\nكشفت صحيفة «وول\\nستريت جورنال» أن الجهاديين\\nيفرون.'
    >>> MappedText.from_raw(t).apply(line_break_edits(t)).text
    'عنوان الخبر\\n\\nكشفت صحيفة «وول ستريت جورنال» أن الجهاديين يفرون.'
    """
    rules = rules or load_rules()
    edits: list[Edit] = []
    para_start = line_start = 0
    prev_gap = 1  # the document start counts as a paragraph break
    n = len(text)
    for s, e in _newline_runs(text):
        if s == 0 or e == n:
            edits.append(Edit(s, e, "", "whitespace", "blank space at the edge of the text"))
            line_start = para_start = e
            continue
        gap = text.count("\n", s, e) - 1
        why = _join_reason(text, rules, (para_start, line_start, s, e), gap, prev_gap)
        if why is not None:
            edits.append(Edit(s, e, " ", "line_join", why))
        else:
            if gap != 1 or e - s != 2:  # anything but "\n\n"
                edits.append(Edit(s, e, "\n\n", "whitespace", "paragraph break normalised"))
            para_start = e
            prev_gap = gap
        line_start = e
    return edits


def _newline_runs(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``NEWLINE_RUN_RE.finditer(text)``: every whitespace run that holds a
    line break, found from the line breaks (trying ``\\s*`` at every position is slow)."""
    end = 0
    pos = text.find("\n")
    while pos != -1:
        start = pos
        while start > end and text[start - 1].isspace():
            start -= 1
        end = _WHITESPACE_RE.match(text, pos + 1).end()
        yield start, end
        pos = text.find("\n", end)


def _list_item_at(text: str, start: int, end: int | None = None) -> bool:
    """``LIST_ITEM_RE.match`` on the line starting at ``start`` (ending at ``end``, or at
    the next line break), looked at only when its first character can open an item."""
    if start >= len(text) or not (text[start] in _LIST_ITEM_FIRST or text[start].isdecimal()):
        return False
    if end is None:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
    return _LIST_ITEM_AT_RE.match(text, start, end) is not None


def _join_reason(
    text: str, rules: Rules, bounds: tuple[int, int, int, int], gap: int, prev_gap: int
) -> str | None:
    """Why the line break ``text[s:e]`` joins its lines (``None``: it is a paragraph break).

    ``bounds`` is ``(paragraph start, line start, s, e)``; what each rule needs is
    computed only when the rules before it did not decide.
    """
    para_start, line_start, s, e = bounds
    line = text[line_start:s]
    if _list_item_at(text, e) or _list_item_at(text, line_start, s):
        return None
    if gap <= 1 and line.rstrip()[-1:] in ("،", ",", "؛", ";"):
        return "line broken after a comma"
    if gap == 0 and text.count(OPEN_QUOTE, para_start, s) > text.count(CLOSE_QUOTE, para_start, s):
        return "line broken inside a quotation"
    if gap > 1:
        return None
    if gap == 0 and not _ends_sentence(line):
        # joined unless the line is a heading: the first line of a paragraph after a
        # break, title-like, neither ending mid-sentence nor opening like a continuation
        if line_start != para_start or prev_gap < 1 or not is_title_like(line):
            return "line broken in the middle of a sentence"
        norm = _match_form(line)
        if rules.continues_at_end.fullmatch(norm) or rules.continues_at_start.fullmatch(norm):
            return "line broken in the middle of a sentence"
        return None
    if rules.continues_at_end.fullmatch(_match_form(line)):
        return "line ends on a word that cannot end a sentence"
    return None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (separated by blank lines)."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        if part and not part.isspace():
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def _shingles(tokens: list[str], n: int = 3) -> list[tuple[str, ...]]:
    if len(tokens) <= n:
        return [tuple(tokens)]
    return list(zip(*(tokens[i:] for i in range(n)), strict=False))


def _covered_share(
    tokens: list[str], shingles: list[tuple[str, ...]], seen: set[tuple[str, ...]], n: int = 3
) -> float:
    """Share of ``tokens`` inside at least one word n-gram that occurred before."""
    if not tokens or seen.isdisjoint(shingles):
        return 0.0
    covered = 0
    reach = 0  # tokens before this one are counted already
    for i, sh in enumerate(shingles):
        if sh in seen:
            end = min(i + n, len(tokens))
            covered += max(end - max(i, reach), 0)
            reach = max(reach, end)
    return covered / len(tokens)


class _SeenText:
    """The kept paragraphs so far: their word strings, their words, their 3-grams.

    The 3-grams are built only when a paragraph needs them: a word inside a 3-gram
    seen before was itself seen before, so when too few of a paragraph's words were
    seen, its share of repeated words is below the bar without counting 3-grams.
    """

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.words: set[str] = set()
        self.shingles: set[tuple[str, ...]] = set()
        self._pending: list[list[str]] = []  # kept paragraphs not in ``shingles`` yet

    def add(self, key: str, tokens: list[str]) -> None:
        self.exact.add(key)
        self.words.update(tokens)
        self._pending.append(tokens)

    def covered_share(self, tokens: list[str], coverage: float) -> float:
        """:func:`_covered_share` of ``tokens``, or 0.0 when it is surely below ``coverage``."""
        if not tokens:
            return 0.0
        known = sum(map(self.words.__contains__, tokens))
        if known / len(tokens) < coverage:
            return 0.0
        for pending in self._pending:
            self.shingles.update(_shingles(pending))
        self._pending.clear()
        return _covered_share(tokens, _shingles(tokens), self.shingles)


@dataclass
class RepeatScan:
    """Which paragraphs repeat earlier text, and a headline stranded before a copy."""

    edits: list[Edit] = field(default_factory=list)
    stranded_headline: tuple[int, int] | None = None


def repeat_edits(
    text: str,
    *,
    min_words: int = 8,
    near_min_words: int = 25,
    coverage: float = 0.9,
    copy_share: float = 0.5,
) -> RepeatScan:
    """Find repeated paragraphs and repeated copies of the article.

    A paragraph of at least ``min_words`` words is removed when its words (in
    matching form) equal an earlier paragraph's, or, for paragraphs of at least
    ``near_min_words`` words, when at least ``coverage`` of its words sit inside
    word 3-grams that already occurred earlier: this catches a second copy
    flattened into one paragraph, even with a few words changed, while formulaic
    short paragraphs («وفي يوم … هنأ …») that share phrases are kept.
    List items are never removed (the same item may stand in two lists), and a
    headline is only moved when what follows it repeats at least ``copy_share``
    of the kept text (a copy of the article, not a stray repeat).

    >>> p1 = "ذكرت الوكالة أن مئات المقاتلين الأجانب فروا من المدينة خلال الأسبوع."
    >>> t = p1 + "\\n\\nوأضافت أن السلطات اعتقلت عشرات منهم.\\n\\n" + p1
    >>> [t[e.start:e.end] for e in repeat_edits(t).edits] == ["\\n\\n" + p1]
    True
    """
    scan = RepeatScan()
    seen = _SeenText()
    paragraphs = paragraph_spans(text)
    kept: list[int] = []
    removed: list[int] = []
    words: list[int] = []
    for k, (s, e) in enumerate(paragraphs):
        tokens = WORD_RE.findall(_match_form(text[s:e]))
        words.append(len(tokens))
        key = " ".join(tokens)
        why = None
        if len(tokens) >= min_words and not _list_item_at(text, s, e):
            if key in seen.exact:
                why = "repeated paragraph (exact)"
            elif (
                len(tokens) >= near_min_words
                and (share := seen.covered_share(tokens, coverage)) >= coverage
            ):
                why = f"repeated text: {share:.0%} of its words repeat earlier text (near copy)"
        if why is None:
            seen.add(key, tokens)
            kept.append(k)
            continue
        removed.append(k)
        start = paragraphs[k - 1][1] if k > 0 else s
        end = e if k > 0 else (paragraphs[k + 1][0] if k + 1 < len(paragraphs) else e)
        scan.edits.append(Edit(start, end, "", "repeat", why))
    # A headline printed between the first copy and a later (removed) copy.
    if removed and len(kept) > 1 and kept[-1] > 0 and kept[-1] + 1 in removed:
        h = kept[-1]
        s, e = paragraphs[h]
        first_s, first_e = paragraphs[kept[0]]
        copied = sum(words[k] for k in removed if k > h)
        body = sum(words[k] for k in kept[:-1])
        if (
            copied >= copy_share * body
            and is_title_like(text[s:e])
            and not is_title_like(text[first_s:first_e])
        ):
            scan.stranded_headline = (s, e)
    return scan


# ---- the pipeline -------------------------------------------------------------------
CHAR_STEPS: tuple[Callable[[str], list[Edit]], ...] = (
    unicode_edits,
    invisible_edits,
    space_char_edits,
    quote_edits,
    space_run_edits,
    punctuation_space_edits,
)

# What a character step needs in the text to find anything, told from one look-up per
# character in a table of 16 bits per code point. The low byte holds the character's
# bits as the left one of a pair, the high byte as the right one: two neighbours
# form a pair of interest when ``left & right`` shares a bit. The spare bits hold
# the classes that need no neighbour.
_PAIRS = (  # (left, right, step): what each pair bit stands for
    (" ", " ", "run"),
    (" ", "\n", "run"),
    ("\n", " ", "run"),
    (" ", ".,،؛;:!?؟)]»", "punct"),  # as in SPACE_BEFORE_PUNCT_RE
    ("«([", " ", "punct"),  # as in SPACE_AFTER_OPEN_RE
)
_PAIR_BITS = (1 << len(_PAIRS)) - 1
_RUN_PAIR = sum(1 << i for i, p in enumerate(_PAIRS) if p[2] == "run")
_PUNCT_PAIR = sum(1 << i for i, p in enumerate(_PAIRS) if p[2] == "punct")
_PRESENTATION, _INVISIBLE, _SPACE_CHAR, _QUOTE = 1 << 5, 1 << 6, 1 << 7, 1 << 13
_STEP_NEEDS = {
    unicode_edits: _PRESENTATION,  # or a text that is not NFC (see _may_find)
    invisible_edits: _INVISIBLE,
    space_char_edits: _SPACE_CHAR,
    quote_edits: _QUOTE,
    space_run_edits: _RUN_PAIR,  # or a space opening or closing the text
    punctuation_space_edits: _PUNCT_PAIR,
}


@cache
def _char_table() -> np.ndarray:
    """The bits of every code point (little-endian 16 bits, see ``_PAIRS``)."""
    bmp = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x110000, dtype="<u2")
    for pattern, bit in (
        (PRESENTATION_FORMS_RE, _PRESENTATION),
        (_INVISIBLE_RUN_RE, _INVISIBLE),
        (_SPACE_CHAR_RE, _SPACE_CHAR),
        (_TO_UNIFY_RE, _QUOTE),
    ):
        for m in pattern.finditer(bmp):
            table[m.start() : m.end()] |= bit
    for i, (left, right, _) in enumerate(_PAIRS):
        table[[ord(c) for c in left]] |= 1 << i
        table[[ord(c) for c in right]] |= 1 << (i + 8)
    return table


def _steps_with_work(text: str) -> int:
    """Bits of the character steps that may find something in ``text`` (see
    _STEP_NEEDS): a step whose bit is not set returns no edits (for
    :func:`unicode_edits`, on an NFC text: see :func:`_may_find`)."""
    if not text:
        return 0
    bits = _char_table()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)]
    needs = int(np.bitwise_or.reduce(bits)) & (_PRESENTATION | _INVISIBLE | _SPACE_CHAR | _QUOTE)
    halves = bits.view(np.uint8)  # low, high, low, high, …
    if len(bits) > 1:
        needs |= int(np.bitwise_or.reduce(halves[0:-2:2] & halves[3::2])) & _PAIR_BITS
    if text[0] == " " or text[-1] == " ":
        needs |= _RUN_PAIR
    return needs


def _may_find(step: Callable, needs: int, text: str) -> bool:
    """Whether ``step`` may find something in ``text``, whose bits are ``needs``."""
    if needs & _STEP_NEEDS[step]:
        return True
    return step is unicode_edits and not unicodedata.is_normalized("NFC", text)


def _char_pass(mt: MappedText, raw: str, log: list[Change], memo: dict) -> MappedText:
    """Apply the character steps once, skipping those with nothing to find."""
    needs = None  # for the current text
    for step in CHAR_STEPS:
        if step in _STEP_NEEDS:
            if needs is None:
                needs = _steps_with_work(mt.text)
            if not _may_find(step, needs, mt.text):
                continue
        new = mt.apply(_remembered(memo, step, mt.text), raw, log)
        if new is not mt:
            needs = None
        mt = new
    return mt


@dataclass
class CleanResult:
    """The outcome of cleaning one text."""

    text: str
    offsets: OffsetMap
    changes: list[Change]
    fields: dict[str, str]


def _move_headline(
    mt: MappedText, span: tuple[int, int], raw: str, log: list[Change]
) -> MappedText:
    s, e = span
    headline = mt[s:e]
    rs, re_ = mt.raw_span(s, e)
    before = mt[: max(s - 2, 0)]
    after = mt[e:]
    sep = mt.inserted("\n\n", int(mt.raw_span(e - 1, e)[1]))
    log.append(
        Change(
            "headline_moved",
            rs,
            re_,
            raw[rs:re_],
            headline.text,
            "headline printed before a repeated copy, moved to the top",
        )
    )
    return headline + sep + before + after


def _remembered(memo: dict[Callable, tuple[str, object]], step: Callable, text: str, *args):
    """``step(text, *args)``, or what it returned the last time it was given ``text``."""
    last = memo.get(step)
    if last is not None and last[0] == text:
        return last[1]
    result = step(text, *args)
    memo[step] = (text, result)
    return result


def clean_text(raw: str, rules: Rules | None = None) -> CleanResult:
    """Clean one raw article (pure: depends only on ``raw`` and ``rules``).

    >>> clean_text("لندن-سانا\\nكشف دبلوماسيون غربيون…").fields["dateline"]
    'لندن-سانا'
    """
    rules = rules or load_rules()
    mt = MappedText.from_raw(raw)
    log: list[Change] = []
    fields: dict[str, str] = {}
    # A step given the very text it was given in the last pass returns what it returned
    # then (steps are pure): a pass after the text settled repeats no work.
    memo: dict[Callable, tuple[str, object]] = {}
    for _ in range(MAX_PASSES):
        before = mt.text
        mt = _char_pass(mt, raw, log, memo)
        edits, found = _remembered(memo, boilerplate_edits, mt.text, rules)
        for key, value in found.items():
            fields.setdefault(key, value)
        mt = mt.apply(edits, raw, log)
        mt = mt.apply(_remembered(memo, line_break_edits, mt.text, rules), raw, log)
        scan = _remembered(memo, repeat_edits, mt.text)
        if scan.stranded_headline is not None:
            s, e = scan.stranded_headline
            shift = sum(x.end - x.start for x in scan.edits if x.end <= s)
            mt = mt.apply(scan.edits, raw, log)
            mt = _move_headline(mt, (s - shift, e - shift), raw, log)
        else:
            mt = mt.apply(scan.edits, raw, log)
        if mt.text == before:
            break
    paragraphs = paragraph_spans(mt.text)
    if len(paragraphs) > 1:
        s, e = paragraphs[0]
        if is_title_like(mt.text[s:e], max_words=25):
            fields.setdefault("headline", mt.text[s:e])
    return CleanResult(mt.text, OffsetMap.from_mapped(mt), log, fields)


def _failed(raw: str) -> CleanResult:
    """What an article that cleaning failed on gets: no text (every later step skips it)."""
    return CleanResult("", OffsetMap.from_mapped(MappedText.from_raw("")), [], {})


def _clean_or_fail(raw: str, rules: Rules) -> CleanResult | BaseException:
    try:
        return clean_text(raw, rules)
    except Exception as exc:  # one article must not sink the corpus
        return exc


def _portable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _clean_many(raws: list[str], rule_files: tuple[str, ...]) -> list[CleanResult | BaseException]:
    rules = load_rules(list(rule_files)) if rule_files else load_rules()
    out = [_clean_or_fail(r, rules) for r in raws]
    return [_portable(r) if isinstance(r, BaseException) else r for r in out]


def clean_corpus(
    articles: pd.DataFrame,
    *,
    boilerplate: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """Add clean ``text`` and the fields cleaning found (see the module's column table).

    ``boilerplate``: extra rule files (same format as ``data/boilerplate.toml``).
    ``n_jobs``: worker processes (articles are cleaned independently).

    An article cleaning fails on gets an empty ``text`` (later steps skip it), a
    row in :func:`corpus_tools.pipeline.tables.step_problems` of the result, and one
    warning says how many failed; when every article fails, the first error is raised.

    >>> df = pd.DataFrame({"article_id": ["a"], "raw_text": ["نص  الخبر\\u200f."]})
    >>> clean_corpus(df).loc[0, "text"]
    'نص الخبر.'
    """
    if "raw_text" not in articles.columns:
        raise KeyError("clean_corpus needs a 'raw_text' column (see load_corpus)")
    if boilerplate is None:
        rule_files: tuple[str, ...] = ()
    elif isinstance(boilerplate, str | os.PathLike):
        rule_files = (os.fspath(boilerplate),)
    else:
        rule_files = tuple(os.fspath(p) for p in boilerplate)
    rules = load_rules(list(rule_files)) if rule_files else load_rules()
    raws = ["" if pd.isna(r) else str(r) for r in articles["raw_text"].tolist()]
    if n_jobs > 1 and len(raws) > 200:
        size = max(len(raws) // (n_jobs * 8), 50)
        chunks = [raws[i : i + size] for i in range(0, len(raws), size)]
        with ProcessPoolExecutor(n_jobs) as pool:
            futures = pool.map(_clean_many, chunks, [rule_files] * len(chunks))
            results = [
                r
                for chunk in progress(
                    futures, total=len(chunks), desc="cleaning", show=show_progress, unit="chunk"
                )
                for r in chunk
            ]
    else:
        results = [
            _clean_or_fail(r, rules) for r in progress(raws, desc="cleaning", show=show_progress)
        ]
    ids = articles["article_id"].tolist() if "article_id" in articles else list(range(len(raws)))
    failed = [k for k, r in enumerate(results) if isinstance(r, BaseException)]
    if failed and len(failed) == len(results):
        exc = results[failed[0]]
        exc.add_note(f"clean_corpus failed on every article ({len(results):,})")
        raise exc
    problems = [problem_row(ids[k], "clean_corpus", results[k]) for k in failed]
    for k in failed:
        results[k] = _failed(raws[k])
    warn_failed("clean_corpus", problems, len(results))
    out = articles.copy()
    out["text"] = pd.array([r.text for r in results], dtype="str")
    for name in FIELD_COLUMNS:
        values = [r.fields.get(name) for r in results]
        if name == "page_date":
            dates = pd.to_datetime(
                pd.Series(values, index=out.index, dtype="object"), errors="coerce"
            )
            out[name] = dates.astype("datetime64[s]")
        else:
            out[name] = pd.array(values, dtype="str")
    extra = sorted({k for r in results for k in r.fields} - set(FIELD_COLUMNS))
    for name in extra:
        out[name] = pd.array([r.fields.get(name) for r in results], dtype="str")
    out["n_changes"] = np.array([len(r.changes) for r in results], dtype=np.int64)
    out["offsets"] = pd.Series([r.offsets for r in results], index=out.index, dtype="object")
    out["changes"] = pd.Series([tuple(r.changes) for r in results], index=out.index, dtype="object")
    gone = (out["text"].str.len() == 0) & (pd.Series(raws, index=out.index) != "")
    gone.iloc[failed] = False
    emptied = out.loc[gone, "article_id"].tolist()
    if emptied:
        warnings.warn(
            f"cleaning removed everything from {len(emptied)} article(s) "
            f"(see cleaning_report): {emptied[:10]}",
            stacklevel=2,
        )
    return with_problems(out, problems)


REPORT_COLUMNS = [
    "article_id",
    "kind",
    "raw_start",
    "raw_end",
    "removed_text",
    "inserted_text",
    "reason",
]


def cleaning_report(articles: pd.DataFrame, *, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per change cleaning made: where in ``raw_text``, what went, and why.

    Columns: ``article_id``, ``kind``, ``raw_start``, ``raw_end`` (int64, offsets in
    ``raw_text``), ``removed_text``, ``inserted_text``, ``reason``. ``kinds`` keeps
    only those kinds (e.g. leave out ``whitespace``).
    """
    if "changes" not in articles.columns:
        raise KeyError("cleaning_report needs articles from clean_corpus")
    wanted = set(kinds) if kinds is not None else None
    rows = [
        (aid, c.kind, c.raw_start, c.raw_end, c.removed_text, c.inserted_text, c.reason)
        for aid, changes in zip(articles["article_id"], articles["changes"], strict=True)
        for c in changes
        if wanted is None or c.kind in wanted
    ]
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return report.astype(
        {
            "article_id": "str",
            "kind": "str",
            "raw_start": "int64",
            "raw_end": "int64",
            "removed_text": "str",
            "inserted_text": "str",
            "reason": "str",
        }
    )


def _positions_by(keys: pd.Series, positions: np.ndarray):
    """Yield ``(key, positions)`` groups of equal keys (order of first appearance)."""
    codes, uniques = pd.factorize(keys)
    for code, key in enumerate(uniques):
        yield key, positions[codes == code]


def raw_spans(
    articles: pd.DataFrame, spans: pd.DataFrame, *, start: str = "start", end: str = "end"
) -> pd.DataFrame:
    """Add ``raw_start`` / ``raw_end``: where each clean-text span lies in ``raw_text``.

    ``spans`` has ``article_id`` and clean offsets (``start``, ``end``), as every
    extractor's output does. A span inside one paragraph maps exactly; one that
    crosses a removed block maps to the raw range around it.
    """
    maps = dict(zip(articles["article_id"], articles["offsets"], strict=True))
    raw_s = np.zeros(len(spans), dtype=np.int64)
    raw_e = np.zeros(len(spans), dtype=np.int64)
    positions = np.arange(len(spans))
    for aid, group in _positions_by(spans["article_id"], positions):
        if aid not in maps:
            raise KeyError(f"article {aid!r} is not in the cleaned articles")
        s, e = maps[aid].raw_spans(spans[start].to_numpy()[group], spans[end].to_numpy()[group])
        raw_s[group], raw_e[group] = s, e
    out = spans.copy()
    out["raw_start"], out["raw_end"] = raw_s, raw_e
    return out


def raw_span(articles: pd.DataFrame, article_id: str, start: int, end: int) -> tuple[int, int]:
    """Where ``text[start:end]`` of one article lies in its ``raw_text``."""
    row = articles.loc[articles["article_id"] == article_id]
    if row.empty:
        raise KeyError(f"article {article_id!r} is not in the cleaned articles")
    return row["offsets"].iloc[0].raw_span(start, end)


def cleaning_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """What cleaning did, per article and kind (long form).

    Columns: ``article_id``, ``kind``, ``n_changes`` (int64), ``chars_removed``
    (int64: raw characters removed minus characters inserted).
    """
    report = cleaning_report(articles)
    report["chars_removed"] = (
        report["removed_text"].str.len() - report["inserted_text"].str.len()
    ).astype("int64")
    summary = report.groupby(["article_id", "kind"], as_index=False).agg(
        n_changes=("kind", "size"), chars_removed=("chars_removed", "sum")
    )
    return summary.astype({"n_changes": "int64", "chars_removed": "int64"})


def length_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Characters and words before and after cleaning, one row per article."""
    out = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "raw_chars": articles["raw_text"].str.len().astype("int64"),
            "clean_chars": articles["text"].str.len().astype("int64"),
            "raw_words": articles["raw_text"].str.split().str.len().astype("int64"),
            "clean_words": articles["text"].str.split().str.len().fillna(0).astype("int64"),
        }
    )
    out["share_kept"] = (out["clean_chars"] / out["raw_chars"].where(out["raw_chars"] > 0)).round(3)
    return out.reset_index(drop=True)
