"""Sentences: split clean text into sentences with offsets.

Boundaries are paragraph breaks and sentence punctuation (``. ! ? ؟ …`` and
``!؟`` runs) followed by a space; never inside a number (``3.5``, ``2017.04.27``),
after a one-letter abbreviation (``د.`` ``م.``), or inside a «quotation»: a
quoted passage of several sentences stays one sentence, so that an attribution
and its quote are never torn apart. A quotation that never closes stops holding
sentences together at the paragraph's end.

A sentence is at most ``MAX_SENTENCE_CHARS`` characters: a longer run without a
sentence end (a page with no punctuation, a flattened table) is cut after its last
comma or semicolon within that length, else at its last space. News sentences are
far shorter (the longest of 3,000 SaudiNewsNet articles has 2,179 characters), and
the cap keeps every per-sentence step linear in the length of the text.

The ``sentences`` table (:func:`corpus_tools.sentences`; its contract in
``docs/tables.md``) lists them with their paragraph.

Example:
    >>> split_sentences("قال «نحن هنا. وسنبقى». ثم غادر.\\n\\nفقرة 3.5 ثانية.")
    [(0, 22), (23, 31), (33, 48)]
"""

from __future__ import annotations

import re

from corpus_tools.text.cleaning import paragraph_spans

SENTENCE_END_RE = re.compile(r"[.!?؟…]+[»\")\]]*(?=\s|$)")
MAX_QUOTE_CHARS = 1500
#: The longest sentence: a longer one is cut (see the module docstring).
MAX_SENTENCE_CHARS = 4000
_SOFT_BREAKS = "،,؛;"
#: A one-letter abbreviation, also right after an opening bracket or quotation mark
#: («(د. ب. أ)», the initials of Deutsche Presse-Agentur); a letter, not a digit
#: («بلغ عدد القتلى 5. وقال …» ends a sentence)
_ABBREVIATION_RE = re.compile(r"(?:^|[\s(«\"\[])[^\W\d_]\.$")
_ABBREVIATION_TAIL_RE = re.compile(r"[\s(«\"\[][^\W\d_]\.")
_NON_SPACE_RE = re.compile(r"\S")


def _abbreviation_at(text: str, begin: int, x: int) -> bool:
    """``_ABBREVIATION_RE.search(text[begin : x + 1])``, reading only the last 3 characters.

    The pattern ends at the slice's end (``$``), so only ``text[x - 2 : x + 1]`` can
    take part; the start of the slice stands in for ``^``.
    """
    s0 = max(begin, x - 2)
    piece = text[s0 : x + 1]
    if s0 > begin:  # no ``^`` inside the piece: a space or an opening mark, a letter, «.»
        return bool(_ABBREVIATION_TAIL_RE.fullmatch(piece))
    return bool(_ABBREVIATION_RE.search(piece))


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of the paragraph ``text[start:end]``; one pass over it (linear).

    The quotation balance since the sentence's start is counted as the scan moves
    on, and only up to the paragraph's last «»»: no candidate end rescans the text
    before or after it.
    """
    spans: list[tuple[int, int]] = []
    begin = start
    last_close = text.rfind("»", start, end)
    counted, opened = start, 0  # «« minus »» in text[begin:counted]
    for m in SENTENCE_END_RE.finditer(text, start, end):
        stop = m.end()
        if m[0] == "." and _abbreviation_at(text, begin, m.start()):
            continue
        if last_close >= stop:  # a quotation may hold the sentence together
            if counted < begin:
                counted, opened = begin, 0
            opened += text.count("«", counted, stop) - text.count("»", counted, stop)
            counted = stop
            if opened > 0 and stop - begin < MAX_QUOTE_CHARS:
                continue  # inside a quotation that closes later in the paragraph
        spans.append((begin, stop))
        begin = _NON_SPACE_RE.search(text, stop, end)
        begin = end if begin is None else begin.start()
        counted, opened = begin, 0
    stop = end
    while stop > begin and text[stop - 1].isspace():
        stop -= 1
    if stop > begin:
        spans.append((begin, stop))
    if any(e - s > MAX_SENTENCE_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _capped(text, s, e)]
    return spans


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as pieces of at most ``MAX_SENTENCE_CHARS`` characters, cut
    after the last comma or semicolon (else at the last space) within that length.

    >>> t = "كلمة، " * 1000
    >>> [e - s for s, e in _capped(t, 0, len(t.rstrip()))][:2]
    [3995, 2003]
    """
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(c, start + 1, limit) for c in _SOFT_BREAKS) + 1
        if cut <= start + 1:
            space = text.rfind(" ", start + 1, limit)
            cut = space if space > start else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of one clean text."""
    return [span for s, e in paragraph_spans(text) for span in _paragraph_sentences(text, s, e)]
