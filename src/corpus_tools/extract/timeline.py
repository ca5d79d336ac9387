"""The timeline of reported events: what happened when, according to whom.

:func:`document_events` finds event triggers (``data/events.toml``: fled, defected,
returned, arrested, killed, joined, contacted_authorities, crossed_border,
paid_smugglers, published, captured_city …) in a prepared
:class:`~corpus_tools.text.document.Document`, dates each with the time expression of
its sentence that lies nearest to it (durations and «الآن» cannot date an event:
:func:`~corpus_tools.extract.anchoring.nearest_time`), or — flagged — with the
article's publication date when the sentence has none, and adds the entities of the
sentence, the source of the attribution whose content holds the trigger and the
outlet (:func:`~corpus_tools.extract.outlets.outlet`). :func:`timeline_for_text`
does it for one text, :func:`build_timeline` for a corpus.

Columns: the ``timeline`` contract (``data/tables.toml``, ``docs/tables.md``); the
table: :func:`corpus_tools.build_timeline`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

import pandas as pd

from corpus_tools.extract.anchoring import Spans, covering, nearest_time
from corpus_tools.extract.outlets import outlet
from corpus_tools.resources import load_toml
from corpus_tools.rows import text_or_none
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.phrases import Match, PhraseIndex
from corpus_tools.text.tokens import ALL, SUFFIXES, Clitics, Reading, phrase_tokens, readings

#: The layers an event or figure reads, and the tables they come from.
UPSTREAM = ("entities", "attributions", "times")

V = TypeVar("V")


# --- word lists ---------------------------------------------------------------------------
def written_forms(word: str, clitics: Clitics) -> set[str]:
    """``word`` with what ``clitics`` may add written around it: a pronoun after it,
    the article, ب / ل / ك (``لل`` for ``ل`` + ``ال``) and و / ف before it — a superset
    of the tokens :func:`~corpus_tools.text.tokens.readings` reads as ``word``.

    >>> sorted(written_forms("عاد", Clitics(conj=True)))
    ['عاد', 'فعاد', 'وعاد']
    """
    words = {word}
    if clitics.suffix:
        words |= {word + s for s in SUFFIXES}
    if clitics.article:
        words.add("ال" + word)
    fronts = set(words)
    if clitics.prep:
        fronts |= {p + w for w in words for p in "بلك"}
        fronts |= {"لل" + w[2:] for w in words if w.startswith("ال")}
    if clitics.conj:
        fronts |= {c + f for f in fronts for c in "وف"}
    return fronts


def forms_read_as(words: Iterable[str], clitics: Clitics) -> frozenset[str]:
    """Every token that :func:`~corpus_tools.text.tokens.readings` reads as one of
    ``words`` with a reading ``clitics`` accepts: their written forms
    (:func:`written_forms`), kept when so read. A set lookup then stands for reading a
    token.

    >>> sorted(forms_read_as(["سجن"], Clitics(conj=True, article=True)))
    ['السجن', 'سجن', 'فالسجن', 'فسجن', 'والسجن', 'وسجن']
    """
    words = frozenset(words)
    forms = {f for w in words for f in written_forms(w, clitics)}
    accepts = clitics.accepts
    return frozenset(f for f in forms if any(r.stem in words and accepts(r) for r in readings(f)))


class StartIndex(PhraseIndex[V], Generic[V]):
    """A :class:`~corpus_tools.text.phrases.PhraseIndex` that reads a token only when
    a phrase may start there: when it is a written form of a first word
    (:func:`written_forms`, a superset of the tokens read so). Most tokens start no
    phrase: one set lookup says so, without reading them.
    """

    def __init__(self, phrases, clitics: Clitics = ALL):
        phrases = list(phrases)
        super().__init__(phrases, clitics)
        firsts = {(phrase_tokens(p) if isinstance(p, str) else tuple(p))[:1] for p, _ in phrases}
        self._starts = frozenset(f for (w,) in firsts if w for f in written_forms(w, clitics))

    def can_start(self, token: str) -> bool:
        """Whether a phrase may start at ``token`` (``False``: none does)."""
        return token in self._starts

    def starts_in(self, tokens: Iterable[str]) -> set[str]:
        """The distinct tokens of ``tokens`` at which a phrase may start (every one at
        which one does, and perhaps a few more)."""
        return self._starts.intersection(tokens)

    def matches_at(self, tokens: Sequence[str], i: int) -> Iterator[Match[V]]:
        """As :meth:`PhraseIndex.matches_at`, with a set lookup first."""
        if tokens[i] not in self._starts:
            return iter(())
        return super().matches_at(tokens, i)

    def longest_at(self, tokens: Sequence[str], i: int) -> Match[V] | None:
        """As :meth:`PhraseIndex.longest_at`, with a set lookup first."""
        return super().longest_at(tokens, i) if tokens[i] in self._starts else None


class StrictClitics(Clitics):
    """A :class:`~corpus_tools.text.tokens.Clitics` policy that also refuses two
    readings: after «ك» (a comparison: «كعادته» is «as usual», not «عادت») and a
    preposition together with the article («بالسجن», «للوصول إلى حل», «2014 للرجال»:
    a purpose, a means or a beneficiary, not a reported event or a counted noun;
    «للعودة» is still read as «العودة»)."""

    def accepts(self, r: Reading) -> bool:
        return super().accepts(r) and r.prep != "ك" and not (r.prep and r.article)


#: The readings an event trigger accepts: every clitic, strictly (:class:`StrictClitics`).
TRIGGER_CLITICS = StrictClitics(conj=True, prep=True, article=True, suffix=True)


@dataclass(frozen=True)
class _Trigger:
    event: str
    requires_any: frozenset[str]
    not_before: frozenset[str]


@cache
def _triggers() -> StartIndex[_Trigger]:
    """The triggers of ``data/events.toml`` (readings: :data:`TRIGGER_CLITICS`)."""
    n = normalize_for_matching
    phrases = []
    for ev in load_toml("events.toml")["event"]:
        req = frozenset(n(w) for w in ev.get("requires_any", []))
        nb = frozenset(n(w) for w in ev.get("not_before", []))
        trigger = _Trigger(ev["event"], req, nb)
        phrases.extend((form, trigger) for form in ev["triggers"])
    return StartIndex(phrases, TRIGGER_CLITICS)


# --- triggers --------------------------------------------------------------------------------
def _sentence_words(doc: Document, i: int, cache: dict[int, set[str]]) -> set[str]:
    """The words of the sentence of token ``i`` (the whole text when it has none)."""
    k = doc.sentence_of(doc.starts[i])
    if k not in cache:
        s, e = doc.sentences[k] if doc.sentences else (0, len(doc.text))
        cache[k] = {doc.tokens[j] for j in doc.tokens_in(s, e)}
    return cache[k]


def _trigger_at(doc: Document, i: int, words: dict[int, set[str]]) -> Match[_Trigger] | None:
    """The longest trigger at token ``i`` whose conditions hold (``not_before``,
    ``requires_any`` in the sentence)."""
    tokens = doc.tokens
    for m in _triggers().matches_at(tokens, i):
        trigger = m.value
        if i and tokens[i - 1] in trigger.not_before:
            continue
        if trigger.requires_any and not trigger.requires_any & _sentence_words(doc, i, words):
            continue
        return m
    return None


#: The triggers of each live document: the timeline and the figures both read them.
_FOUND: WeakKeyDictionary[Document, list[tuple[int, int, str]]] = WeakKeyDictionary()


def find_triggers(doc: Document) -> list[tuple[int, int, str]]:
    """``(start, end, event)`` of every trigger of a document, in text order, not
    overlapping (clean-text offsets). Found once per document, then shared (do not
    change the list)."""
    found = _FOUND.get(doc)
    if found is None:
        found = _FOUND[doc] = _search_triggers(doc)
    return found


def _search_triggers(doc: Document) -> list[tuple[int, int, str]]:
    tokens = doc.tokens
    heads = _triggers().starts_in(tokens)
    out: list[tuple[int, int, str]] = []
    if not heads:
        return out
    words: dict[int, set[str]] = {}
    after = -1
    for i in [i for i, token in enumerate(tokens) if token in heads]:
        if i <= after:
            continue
        m = _trigger_at(doc, i, words)
        if m is not None:
            out.append((doc.starts[i], doc.ends[m.last], m.value.event))
            after = m.last
    return out


def find_events(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, event)`` of every trigger in a clean text.

    >>> [(e, text) for s, t, e in find_events("فر المقاتلون ثم عادوا إلى بلدانهم")
    ...  for text in ["فر المقاتلون ثم عادوا إلى بلدانهم"[s:t]]]
    [('fled', 'فر'), ('returned', 'عادوا')]
    """
    return find_triggers(Document(text))


# --- dating ----------------------------------------------------------------------------------
_SINCE_RE = re.compile(r"(?:^|\s)منذ\s")


def _event_interval(t: dict, between: str, published: pd.Timestamp | None) -> tuple:
    """(begin, until) an expression gives an event: its interval (one end known: that
    point). «منذ» in ``between`` (the words from event to expression, no punctuation:
    «قُتلوا منذ انطلاق العمليات … في خريف عام 2014») runs it on to the publication,
    unless the publication comes before the expression."""
    begin = t["begin"] if pd.notna(t["begin"]) else t["until"]
    until = t["until"] if pd.notna(t["until"]) else t["begin"]
    since = _SINCE_RE.search(" " + between) and not re.search(r"[.،,؛]", between)
    if since and published is not None and begin <= published:
        until = published
    return begin, until


def _dating(doc: Document, start: int, end: int, t: dict | None, published) -> dict:
    """The date columns of an event: from its time expression ``t``, else the publication."""
    if t is None:
        return {
            "begin": published,
            "until": published,
            "dated_by": "publication",
            "time_text": "",
            "time_value": "",
            "time_start": -1,
            "time_end": -1,
            "granularity": "day" if published is not None else "",
        }
    between = doc.text[min(end, t["start"]) : max(start, t["start"])]
    begin, until = _event_interval(t, between, published)
    return {
        "begin": begin,
        "until": until,
        "dated_by": "expression",
        "time_text": t["text"],
        "time_value": t["value"],
        "time_start": t["start"],
        "time_end": t["end"],
        "granularity": t["granularity"],
    }


# --- rows ------------------------------------------------------------------------------------
def as_date(value: object) -> pd.Timestamp | None:
    """A publication date as a Timestamp, or None when missing."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def _by_sentence(rows: list[dict], starts: list[int], key: str = "start") -> dict[int, list]:
    """Rows grouped by the sentence their ``key`` offset falls in (order kept)."""
    out: dict[int, list] = {}
    for r in rows:
        out.setdefault(max(bisect_right(starts, r[key]) - 1, 0), []).append(r)
    return out


def times_by_sentence(times: list[dict]) -> dict[int, list[dict]]:
    """The time rows of each sentence (their ``sent_id``), in table order."""
    out: dict[int, list[dict]] = {}
    for t in times:
        out.setdefault(t["sent_id"], []).append(t)
    return out


def _joined(names: Iterable[object]) -> str:
    """Distinct names, ``; ``-joined, in order; missing ones (NaN, NA, None) left out."""
    return "; ".join(dict.fromkeys(n for n in names if text_or_none(n)))


def _who(doc: Document, attr: dict | None) -> dict:
    """The source, via and outlet columns of an event (attributed by ``attr`` or not)."""
    source = text_or_none(attr["source"]) if attr else None
    via = text_or_none(attr["via"]) if attr else None  # NaN when rows come from a table
    kind = attr["source_type"] if attr else None
    return {
        "source": source,
        "via": via,
        "outlet": outlet(via, source, kind, doc.relays, doc.publisher),
    }


def document_events(doc: Document) -> list[dict]:
    """Event rows (dicts, no ``article_id``) of one document: the ``events`` layer.

    Reads the ``entities``, ``attributions`` and ``times`` layers (``KeyError`` when
    one is missing). One event per type and sentence («فرار … الفرار» is one).
    """
    ents, attrs, times = (doc.layer(name) for name in UPSTREAM)
    published = as_date(doc.published)
    triggers = find_triggers(doc)
    ents_in = _by_sentence(ents, doc.sentence_starts)
    times_in = times_by_sentence(times)
    contents = Spans((a["content_start"], a["content_end"]) for a in attrs)
    attributed = covering(attrs, [start for start, _, _ in triggers], last=True)
    rows: list[dict] = []
    seen: set[tuple[int, str]] = set()
    for (start, end, event), attr in zip(triggers, attributed, strict=True):
        sent_id = doc.sentence_of(start)
        if (sent_id, event) in seen:
            continue
        seen.add((sent_id, event))
        in_sent = ents_in.get(sent_id, []) if doc.sentences else ents
        scope = (attr["content_start"], attr["content_end"]) if attr else None
        t = nearest_time(times_in.get(sent_id, []), start, scope, outside=contents, present=False)
        rows.append(
            {
                "sent_id": sent_id,
                "event": event,
                "trigger": doc.text[start:end],
                "trigger_start": start,
                "trigger_end": end,
                "entities": _joined(e["canonical"] for e in in_sent),
                "nationalities": _joined(e["canonical"] for e in in_sent if e["label"] == "NORP"),
                **_who(doc, attr),
                "published": published,
                **_dating(doc, start, end, t, published),
            }
        )
    return rows


# --- one text ------------------------------------------------------------------------------
def _computed_layer(doc: Document, name: str) -> list[dict]:
    """The rows of layer ``name`` of ``doc``, computed by its extractor's
    ``document_<layer>`` (imported here: the timeline does not depend on them)."""
    if name == "entities":
        from corpus_tools.extract.entities import document_entities

        return document_entities(doc)
    if name == "attributions":
        from corpus_tools.extract.attribution import document_attributions

        return document_attributions(doc)
    from corpus_tools.extract.timex import document_times

    return document_times(doc)


def text_document(
    text: str,
    published: object = None,
    relays: object = None,
    publisher: object = None,
    headline: object = None,
    **given: list[dict] | None,
) -> Document:
    """A :class:`Document` of one clean text with the layers ``given`` (``None``: not
    given), and the entities, attributions and times layers it lacks computed by their
    extractors (``document_entities``, ``document_attributions``, ``document_times``)."""
    layers = {name: rows for name, rows in given.items() if rows is not None}
    doc = Document(
        text,
        published=as_date(published),
        relays=text_or_none(relays),
        publisher=text_or_none(publisher),
        headline=text_or_none(headline),
        layers=layers,
    )
    for name in UPSTREAM:
        if name not in doc.layers:
            doc.layers[name] = _computed_layer(doc, name)
    return doc


def timeline_for_text(
    text: str,
    published: pd.Timestamp | None = None,
    relays: str | None = None,
    publisher: str | None = None,
    entity_rows: list[dict] | None = None,
    attribution_rows: list[dict] | None = None,
    time_rows: list[dict] | None = None,
) -> list[dict]:
    """Event rows (dicts, no ``article_id``) of one clean text; pure.

    The entity, attribution and time rows not given are computed here by their
    extractors' ``document_entities``, ``document_attributions`` and
    ``document_times`` (:func:`text_document`); then :func:`document_events`.
    """
    if not text:
        return []
    doc = text_document(
        text,
        published,
        relays,
        publisher,
        entities=entity_rows,
        attributions=attribution_rows,
        times=time_rows,
    )
    return document_events(doc)
