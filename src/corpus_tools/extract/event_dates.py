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
- ``publication``: none — the event happened by the article's date, at the latest
  (and, told as done, after the earliest time the article tells of: the timeline's
  ``begin``).

Never a duration («سبع سنوات»), «الآن», or a date of birth or age («المولود عام 1990»,
«من مواليد 1985»). An event inside an attributed content takes only times of that
content; one outside every content, none inside one (someone else's words).

>>> import pandas as pd
>>> from corpus_tools.extract.events import find_events
>>> from corpus_tools.extract.timex import time_expressions_for_text
>>> text = "المولود عام 1990 التحق بالتنظيم عام 2015"
>>> doc = Document(text)
>>> times = usable_times(doc, time_expressions_for_text(text, pd.Timestamp("2018-05-01")))
>>> hits = find_events(text)
>>> t, rule = date_of(doc, hits[0], clauses(doc, hits, times)[0], Spans([]), times)
>>> t["text"], rule
('عام 2015', 'clause')
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from corpus_tools.extract.anchoring import Spans
from corpus_tools.extract.modality import CLAUSE_PUNCT_RE, clause_breaks
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import without_conjunction

__all__ = ["clause_of", "clauses", "date_of", "narrative_time", "opens_linked", "usable_times"]

#: Words that, just before a time expression, make it a birth date or an age.
_BIRTH = frozenset(
    normalize_for_matching(w)
    for w in (
        "المولود", "المولودة", "مولود", "مولودة", "مواليد", "ولد", "ولدت", "عمره", "عمرها",
        "عمرهم", "العمر", "البالغ", "البالغة", "سن", "بعمر", "ميلاده", "ميلادها", "الميلاد",
    )
)  # fmt: skip


def clause_of(
    doc: Document, first: int, last: int, other_firsts: set[int], times: Spans
) -> tuple[int, int]:
    """``(start, end)`` clean-text offsets of the clause of tokens ``first`` … ``last``.

    ``other_firsts``: the first tokens of the other triggers of the sentence (each
    starts a clause of its own); ``times``: the time expressions, inside which nothing
    breaks.
    """
    k = doc.sentence_of(doc.starts[first])
    s_start, s_end = doc.sentences[k] if doc.sentences else (0, len(doc.text))
    breaks = clause_breaks()

    def opens(j: int) -> bool:
        w = without_conjunction(doc.tokens[j])
        return not times.covers(doc.starts[j]) and w in breaks

    # back: up to a break (the opener word is this clause's) or the sentence start; an
    # earlier trigger with no break between owns what lies between
    start, j = doc.starts[first], first
    while j > 0 and doc.starts[j - 1] >= s_start and not CLAUSE_PUNCT_RE.search(doc.gap(j)):
        if (j - 1) in other_firsts:
            start = doc.starts[first]
            break
        j -= 1
        start = doc.starts[j]
        if opens(j):
            break
    # on: up to a break or the next trigger
    end, j = doc.ends[last], last + 1
    while j < len(doc.tokens) and doc.starts[j] < s_end and not CLAUSE_PUNCT_RE.search(doc.gap(j)):
        if opens(j) or j in other_firsts:
            break
        end = doc.ends[j]
        j += 1
    return start, end


def usable_times(doc: Document, times: Sequence[dict]) -> list[dict]:
    """The time rows that can date an event: points and periods, not durations,
    «الآن», birth dates or ages. :func:`date_of` and :func:`narrative_time` read only
    these."""
    return [t for t in times if _usable(doc, t)]


def _usable(doc: Document, t: dict) -> bool:
    if t["kind"] == "duration" or t["value"] == "PRESENT_REF":
        return False
    if pd.isna(t["begin"]) and pd.isna(t["until"]):
        return False
    i = doc.token_at(t["start"] - 1)
    return not any(without_conjunction(doc.tokens[j]) in _BIRTH for j in (i, i - 1) if j >= 0)


def clauses(doc: Document, hits: Sequence, times: Sequence[dict]) -> list[tuple[int, int]]:
    """The clause (:func:`clause_of`) of each trigger, the other triggers of its
    sentence breaking it."""
    spans = Spans((t["start"], t["end"]) for t in times)
    by_sentence: dict[int, list[int]] = {}
    for k, h in enumerate(hits):
        by_sentence.setdefault(doc.sentence_of(h.start), []).append(k)
    out: list[tuple[int, int]] = [(0, 0)] * len(hits)
    for ks in by_sentence.values():
        firsts = {hits[k].first for k in ks}
        for k in ks:
            others = firsts - {hits[k].first}
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
    triggers of its sentence (its own may be among them: a time in it dates the
    trigger before ``owned`` is asked); ``times``: the usable time rows of its sentence
    (:func:`usable_times`); ``scope``: the attributed content holding the trigger (only
    its times); else ``outside``: the contents (none of their times).
    """
    cands = list(times)
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
    return i >= 0 and doc.starts[i] == clause[0] and without_conjunction(doc.tokens[i]) in _LINKS


def narrative_time(
    doc: Document,
    pos: int,
    times_in: dict[int, list[dict]],
    back: int = 2,
    by: pd.Timestamp | None = None,
) -> dict | None:
    """The last time expression of the ``back`` sentences before the one holding
    ``pos`` (``times_in``: the usable time rows, :func:`usable_times`, by sentence):
    the date the narrative stands at when a sentence gives none of its own.
    Paragraphs do not stop it: news paragraphs are often one sentence long. ``by``:
    the event is done by then (the publication), so a time that lies ahead of it («خلال
    الأسبوعين المقبلين») does not date it."""
    k = doc.sentence_of(pos)
    for j in range(k - 1, max(k - 1 - back, -1), -1):
        for t in reversed(times_in.get(j, [])):
            if not _ahead_of(t, by):
                return t
    return None


def _ahead_of(t: dict, by: pd.Timestamp | None) -> bool:
    """Whether time row ``t`` lies after ``by``: it starts there or later and runs on."""
    if by is None or pd.isna(t["begin"]) or pd.isna(t["until"]):
        return False
    return t["begin"] >= by and t["until"] > by
