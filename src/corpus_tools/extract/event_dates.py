"""When did an event happen? The time expression that dates a trigger, by its clause.

A sentence often holds several events and several dates («… الذي غادر إلى سوريا في
آذار/مارس 2013 قد يكون قتل في قصف»): each date belongs to the clause it stands in.
A trigger's clause runs from the clause break before it to the one after it
(punctuation, or a word of ``breaks`` in ``data/modality.toml``: a relative pronoun, a
subordinator such as «بعد أن / عندما», or another trigger); a break word inside a
time expression («بعد يومين») breaks nothing.

:func:`date_of` picks, by the first rule that applies (``dated_by``):

- ``clause``: a time expression of the trigger's own clause, the first after it
  (Arabic puts the date after the verb), else the nearest before it;
- ``sentence``: a time expression of the sentence that lies in no other event's clause;

and for an event told as done (a perfect or a noun, asserted) that these leave undated
(the timeline applies them, :mod:`corpus_tools.extract.timeline`):

- ``linked``: its clause opens with «بعد / إثر / عقب / عندما …» after an event of the
  sentence that has a date: that date (:func:`opens_linked`);
- ``narrative``: the last time expression of the one or two sentences before
  (:func:`narrative_time`);
- ``publication``: none — the event happened by the article's date, at the latest.

Never a duration («سبع سنوات»), «الآن», or a date of birth or age («المولود عام 1990»,
«من مواليد 1985»). An event inside an attributed content takes only times of that
content; one outside every content, none inside one (someone else's words).

>>> import pandas as pd
>>> from corpus_tools.extract.events import find_events
>>> from corpus_tools.extract.timex import time_expressions_for_text
>>> text = "المولود عام 1990 التحق بالتنظيم عام 2015"
>>> times = time_expressions_for_text(text, pd.Timestamp("2018-05-01"))
>>> doc = Document(text)
>>> hits = find_events(text)
>>> t, rule = date_of(doc, hits[0], clauses(doc, hits, times)[0], Spans([]), times)
>>> t["text"], rule
('عام 2015', 'clause')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pandas as pd

from corpus_tools.extract.anchoring import Spans
from corpus_tools.resources import load_toml
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching

__all__ = ["clause_of", "clauses", "date_of", "narrative_time", "opens_linked"]

_PUNCT_RE = re.compile(r"[.،,؛;:!?؟()\[\]«»\"“”]")
#: Words that, just before a time expression, make it a birth date or an age.
_BIRTH = frozenset(
    normalize_for_matching(w)
    for w in (
        "المولود", "المولودة", "مولود", "مولودة", "مواليد", "ولد", "ولدت", "عمره", "عمرها",
        "عمرهم", "العمر", "البالغ", "البالغة", "سن", "بعمر", "ميلاده", "ميلادها", "الميلاد",
    )
)  # fmt: skip


@cache
def _breaks() -> frozenset[str]:
    return frozenset(normalize_for_matching(w) for w in load_toml("modality.toml")["breaks"])


def _bare(token: str) -> str:
    return token[1:] if len(token) > 2 and token[0] in "وف" else token


def clause_of(
    doc: Document, first: int, last: int, others: Sequence[tuple[int, int]], times: Spans
) -> tuple[int, int]:
    """``(start, end)`` clean-text offsets of the clause of tokens ``first`` … ``last``.

    ``others``: the token ranges of the other triggers of the sentence (each starts a
    clause of its own); ``times``: the time expressions, inside which nothing breaks.
    """
    k = doc.sentence_of(doc.starts[first])
    s_start, s_end = doc.sentences[k] if doc.sentences else (0, len(doc.text))
    breaks = _breaks()
    other_firsts = {f for f, _ in others}

    def opens(j: int) -> bool:
        w = _bare(doc.tokens[j])
        return not times.covers(doc.starts[j]) and w in breaks

    # back: up to a break (the opener word is this clause's) or the sentence start; an
    # earlier trigger with no break between owns what lies between
    start, j = doc.starts[first], first
    while j > 0 and doc.starts[j - 1] >= s_start and not _PUNCT_RE.search(doc.gap(j)):
        if (j - 1) in other_firsts:
            start = doc.starts[first]
            break
        j -= 1
        start = doc.starts[j]
        if opens(j):
            break
    # on: up to a break or the next trigger
    end, j = doc.ends[last], last + 1
    while j < len(doc.tokens) and doc.starts[j] < s_end and not _PUNCT_RE.search(doc.gap(j)):
        if opens(j) or j in other_firsts:
            break
        end = doc.ends[j]
        j += 1
    return start, end


def _usable(doc: Document, t: dict) -> bool:
    """A time row that can date an event: a point or period, not a birth date or age."""
    if t["kind"] == "duration" or t["value"] == "PRESENT_REF":
        return False
    if pd.isna(t["begin"]) and pd.isna(t["until"]):
        return False
    i = doc.token_at(t["start"] - 1)
    return not any(_bare(doc.tokens[j]) in _BIRTH for j in (i, i - 1) if j >= 0)


def clauses(doc: Document, hits: Sequence, times: Sequence[dict]) -> list[tuple[int, int]]:
    """The clause (:func:`clause_of`) of each trigger, the other triggers of its
    sentence breaking it."""
    spans = Spans((t["start"], t["end"]) for t in times)
    by_sentence: dict[int, list[int]] = {}
    for k, h in enumerate(hits):
        by_sentence.setdefault(doc.sentence_of(h.start), []).append(k)
    out: list[tuple[int, int]] = [(0, 0)] * len(hits)
    for ks in by_sentence.values():
        for k in ks:
            others = [(hits[o].first, hits[o].reach) for o in ks if o != k]
            out[k] = clause_of(doc, hits[k].first, hits[k].reach, others, spans)
    return out


def date_of(
    doc: Document,
    hit,
    clause: tuple[int, int],
    owned: Spans,
    times: Sequence[dict],
    scope: tuple[int, int] | None = None,
    outside: Spans | None = None,
) -> tuple[dict | None, str]:
    """``(time row, dated_by)`` of a trigger (see the module docstring); ``(None,
    "publication")`` when nothing dates it.

    ``clause``: the trigger's (:func:`clauses`); ``owned``: the clauses of the other
    triggers of its sentence; ``times``: the time rows of its sentence; ``scope``: the
    attributed content holding the trigger (only its times); else ``outside``: the
    contents (none of their times).
    """
    cands = [t for t in times if _usable(doc, t)]
    if scope is not None:
        cands = [t for t in cands if scope[0] <= t["start"] < scope[1]]
    elif outside is not None:
        cands = [t for t in cands if not outside.covers(t["start"])]
    mine = [t for t in cands if clause[0] <= t["start"] < clause[1]]
    after = [t for t in mine if t["start"] >= hit.end]
    if after:
        return after[0], "clause"
    if mine:
        return max(mine, key=lambda t: t["end"]), "clause"
    free = [t for t in cands if not owned.covers(t["start"])]
    if free:
        near = min(free, key=lambda t: min(abs(t["start"] - hit.start), abs(t["end"] - hit.end)))
        return near, "sentence"
    return None, "publication"


#: Words opening a clause that ties its event to the event before it («حكم عليها في
#: فبراير … بعد إدانتها»: the conviction goes with the sentence's date).
_LINKS = frozenset(
    normalize_for_matching(w)
    for w in ("بعد", "إثر", "عقب", "قبل", "لدى", "عند", "عندما", "حين", "حينما", "بعدما")
)


def opens_linked(doc: Document, clause: tuple[int, int]) -> bool:
    """Whether a clause opens with «بعد / إثر / عقب / عندما …» (:data:`_LINKS`)."""
    i = doc.token_at(clause[0])
    return i >= 0 and doc.starts[i] == clause[0] and _bare(doc.tokens[i]) in _LINKS


def narrative_time(
    doc: Document, pos: int, times_in: dict[int, list[dict]], back: int = 2
) -> dict | None:
    """The last time expression (one that can date an event) of the ``back`` sentences
    before the one holding ``pos``: the date the narrative stands at when a sentence
    gives none of its own. Paragraphs do not stop it: news paragraphs are often one
    sentence long."""
    k = doc.sentence_of(pos)
    for j in range(k - 1, max(k - 1 - back, -1), -1):
        usable = [t for t in times_in.get(j, []) if _usable(doc, t)]
        if usable:
            return usable[-1]
    return None
