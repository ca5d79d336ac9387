"""Event triggers: the verbs, verbal nouns and set phrases that report a happening.

``data/events.toml`` names each event type (fled, returned, arrested, detained,
released, charged, tried, sentenced, convicted, killed, executed, joined, travelled,
attacked, captured …) with families of words: a verb given by its perfect and
imperfect yields every third-person form, the first persons and the future
(:mod:`corpus_tools.text.morphology`); verbal nouns and participles are read with
their clitics (:data:`TRIGGER_CLITICS`). A trigger may need a word after it
(``requires_after``: «حكم» is a sentence only before «عليه / بالسجن …») or in its
sentence (``requires_any``). No word of a set phrase (``[exclusions]``: «عودة الحياة»,
«ما يصل», «طالبي اللجوء») is a trigger, and a verbal noun after a topic noun
(``[nouns] topic_heads``: «عقوبة الإعدام», «بتهمة الانضمام») is none either.

:func:`find_triggers` finds them in a prepared
:class:`~corpus_tools.text.document.Document`, once per document: the timeline
(:mod:`corpus_tools.extract.timeline`) and the figures read the same list.

>>> [(h.event, h.kind) for h in find_events("فر المقاتلون ثم سيعودون إلى بلدانهم")]
[('fled', 'past'), ('returned', 'future')]
>>> [h.event for h in find_events("وقضت المحكمة بسجنه وبإعدام شريكه")]
['sentenced']
>>> find_events("عقوبة الإعدام وعودة الحياة إلى المدينة")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, NamedTuple, TypeVar
from weakref import WeakKeyDictionary

from corpus_tools.resources import load_toml
from corpus_tools.text.document import Document
from corpus_tools.text.morphology import first_person_forms, future_forms, verb_forms
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.phrases import Match, PhraseIndex
from corpus_tools.text.tokens import (
    ALL,
    CONJUNCTIONS,
    SUFFIXES,
    Clitics,
    Reading,
    phrase_tokens,
    readings,
    without_conjunction,
)

__all__ = [
    "REPORTING_EVENTS",
    "TRIGGER_CLITICS",
    "Hit",
    "StartIndex",
    "StrictClitics",
    "find_events",
    "find_triggers",
    "forms_read_as",
    "verb_kinds",
    "written_forms",
]

V = TypeVar("V")
_VERB_KINDS = ("past", "present", "future")
#: Event types that are acts of reporting (a report published, an announcement made):
#: a figure of their sentence counts what is reported, not who took part in them.
REPORTING_EVENTS = frozenset({"published", "announced"})
_OBJECTS = ("ه", "ها", "هم", "هما", "هن")
_MARKS_RE = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alif, tatweel


# --- reading words ------------------------------------------------------------------------
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


#: The readings an event trigger accepts (:class:`StrictClitics`). «للعودة» (ل of
#: purpose) and «بالإفراج» (after «طالب ب») are read; the modality says whether it
#: happened (:mod:`corpus_tools.extract.modality`), and an entry may refuse a
#: preposition (``not_with``: «بإعدام» is a sentence, not an execution).
TRIGGER_CLITICS = StrictClitics(conj=True, prep=True, article=True, suffix=True)


# --- the word lists -------------------------------------------------------------------------
def verb_kinds(spec: str) -> list[tuple[str, str]]:
    """``(form, kind)`` of every form of a verb given as "perfect imperfect"; kind is
    ``past``, ``present`` or ``future``.

    >>> verb_kinds("عاد يعود")[:4]
    [('عاد', 'past'), ('عادت', 'past'), ('عادوا', 'past'), ('عادا', 'past')]
    >>> ("ستعود", "future") in verb_kinds("عاد يعود")
    True
    """
    past, present = spec.split()
    f = verb_forms(past, present)
    pasts = [f["m"][0], f["f"][0], f["pl"][0], *f["pl"][2:4]]
    presents = [f["m"][1], f["f"][1], f["pl"][1], *f["pl"][4:6]]
    first = first_person_forms(past, present)
    pasts.append(first[0])
    presents += first[1:]
    out = [(w, "past") for w in pasts] + [(w, "present") for w in presents]
    # not «سأ…»: its matching form is another word («سأفر» → «سافر»)
    return out + [(w, "future") for w in future_forms(presents[:-1])]


@dataclass(frozen=True)
class Trigger:
    """One entry of ``data/events.toml`` as a trigger reads it (one form kind)."""

    event: str
    kind: str  # past, present, future, noun, phrase
    requires_any: frozenset[str]
    requires_after: frozenset[str]
    window: int
    not_before: frozenset[str]
    not_with: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    not_after_window: int = 2
    not_after_object: bool = False


@dataclass(frozen=True)
class _Lists:
    triggers: StartIndex[Trigger]
    exclusions: StartIndex[bool]
    topic_heads: frozenset[str]


def _n(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_for_matching(w) for w in words)


@cache
def _lists() -> _Lists:
    """The word lists of ``data/events.toml``."""
    data = load_toml("events.toml")
    phrases: list[tuple[str, Trigger]] = []
    for ev in data["event"]:
        conditions = {
            "requires_any": _n(ev.get("requires_any", [])),
            "requires_after": _n(ev.get("requires_after", [])),
            "window": int(ev.get("window", 4)),
            "not_before": _n(ev.get("not_before", [])),
            "not_with": frozenset(ev.get("not_with", [])),
            "not_after": _n(ev.get("not_after", [])),
            "not_after_window": int(ev.get("not_after_window", 2)),
            "not_after_object": bool(ev.get("not_after_object", False)),
        }
        aspects = set(ev.get("aspects", _VERB_KINDS))
        forms = [f for spec in ev.get("verbs", []) for f in verb_kinds(spec) if f[1] in aspects]
        # a short verb is read with its object pronoun only as listed («نشره», «قتلهم»):
        # the clitic reader keeps the letters of short words
        forms += [
            (w + p, k) for w, k in forms if len(normalize_for_matching(w)) <= 4 for p in _OBJECTS
        ]
        for noun in ev.get("nouns", []):
            forms.append((noun, "noun"))
            if not normalize_for_matching(noun).startswith("ال") and " " not in noun:
                forms.append(("ال" + noun, "noun"))  # «للعودة» reads as ل + «العودة»
            if noun.endswith("ة"):  # «محاكمته»: read without its pronoun, «محاكمت»
                forms.append((noun[:-1] + "ت", "noun"))
        forms += [(p, "phrase") for p in ev.get("phrases", [])]
        kinds: dict[str, str] = {}
        unread = _n(ev.get("not_forms", []))
        for form, kind in forms:  # a form listed twice: its first kind (a verb's)
            if normalize_for_matching(form) not in unread:
                kinds.setdefault(form, kind)
        for form, kind in kinds.items():
            phrases.append((form, Trigger(ev["event"], kind, **conditions)))
    exclusions = [(p, True) for p in data.get("exclusions", {}).get("phrases", [])]
    return _Lists(
        StartIndex(phrases, TRIGGER_CLITICS),
        StartIndex(exclusions, CONJUNCTIONS),
        _n(data.get("nouns", {}).get("topic_heads", [])),
    )


# --- finding them ----------------------------------------------------------------------------
class Hit(NamedTuple):
    """One trigger found: clean-text offsets, event type, the kind of word (``past``,
    ``present``, ``future``, ``noun``, ``phrase``), its tokens ``first`` … ``last`` and
    the last token it takes (``reach``: up to the word ``requires_after`` asked for),
    and how its first token was read (``prep`` «ل» on «للانضمام»)."""

    start: int
    end: int
    event: str
    kind: str
    first: int
    last: int
    reach: int
    prep: str
    suffix: str = ""


def _sentence_words(doc: Document, i: int, cache: dict[int, set[str]]) -> set[str]:
    """The words of the sentence of token ``i`` (the whole text when it has none)."""
    k = doc.sentence_of(doc.starts[i])
    if k not in cache:
        s, e = doc.sentences[k] if doc.sentences else (0, len(doc.text))
        cache[k] = {doc.tokens[j] for j in doc.tokens_in(s, e)}
    return cache[k]


def _reach(tokens: Sequence[str], last: int, trigger: Trigger) -> int | None:
    """The token ``requires_after`` is met at (``last`` when nothing is required;
    None when it is not met)."""
    if not trigger.requires_after:
        return last
    wanted = trigger.requires_after
    for j in range(last + 1, min(last + 1 + trigger.window, len(tokens))):
        # as written, or without و / ف and a pronoun («بسجنه» for «بسجن»)
        if any(r.stem in wanted for r in readings(tokens[j]) if not (r.prep or r.article)):
            return j
    return None


#: Prepositions that end the stretch a trigger's object may stand in («أوقفوا في إطار
#: حملة»: the campaign is no object of the arrest).
_ADJUNCT_OPENERS = _n(["في", "إلى", "على", "من", "عن", "مع", "خلال", "بعد", "قبل", "إثر"])


def _object_in(after: Sequence[str], words: frozenset[str], object_only: bool) -> bool:
    """Whether one of ``words`` stands in ``after`` (the tokens after a trigger); with
    ``object_only``, before a preposition opens an adjunct."""
    for t in after:
        w = without_conjunction(t)
        if object_only and w in _ADJUNCT_OPENERS:
            return False
        if w in words:
            return True
    return False


def _hit_at(doc: Document, i: int, lists: _Lists, words: dict[int, set[str]]) -> Hit | None:
    """The longest trigger at token ``i`` whose conditions hold."""
    tokens = doc.tokens
    for m in lists.triggers.matches_at(tokens, i):
        trigger = m.value
        start, end = doc.starts[i], doc.ends[m.last]
        before = without_conjunction(tokens[i - 1]) if i else ""
        if i and (tokens[i - 1] in trigger.not_before or before in trigger.not_before):
            continue
        if trigger.kind == "noun" and i and before in lists.topic_heads:
            continue
        if m.reading.prep and m.reading.prep in trigger.not_with:
            continue
        if trigger.requires_any and not trigger.requires_any & _sentence_words(doc, i, words):
            continue
        if trigger.kind in _VERB_KINDS and _MARKS_RE.sub("", doc.text[start:end]).endswith("ة"):
            continue  # «سيطرة» is a noun, not «سيطر» + «ه» (the matching form folds ة)
        reach = _reach(tokens, m.last, trigger)
        if reach is None:
            continue
        if trigger.not_after and _object_in(
            tokens[m.last + 1 : reach + 1 + trigger.not_after_window],
            trigger.not_after,
            trigger.not_after_object,
        ):
            continue
        r = m.reading
        return Hit(start, end, trigger.event, trigger.kind, i, m.last, reach, r.prep, r.suffix)
    return None


def _excluded(doc: Document, lists: _Lists) -> set[int]:
    """The tokens that lie in a set phrase of ``[exclusions]``."""
    tokens = doc.tokens
    out: set[int] = set()
    heads = lists.exclusions.starts_in(tokens)
    for i, token in enumerate(tokens):
        if token in heads:
            m = lists.exclusions.longest_at(tokens, i)
            if m is not None:
                out.update(range(m.first, m.last + 1))
    return out


#: The triggers of each live document: the timeline and the figures both read them.
_FOUND: WeakKeyDictionary[Document, list[Hit]] = WeakKeyDictionary()


def find_triggers(doc: Document) -> list[Hit]:
    """Every trigger of a document (:class:`Hit`), in text order, not overlapping.
    Found once per document, then shared (do not change the list)."""
    found = _FOUND.get(doc)
    if found is None:
        found = _FOUND[doc] = _search(doc)
    return found


def _search(doc: Document) -> list[Hit]:
    lists = _lists()
    tokens = doc.tokens
    heads = lists.triggers.starts_in(tokens)
    out: list[Hit] = []
    if not heads:
        return out
    excluded = _excluded(doc, lists)
    words: dict[int, set[str]] = {}
    after = -1
    for i in [i for i, token in enumerate(tokens) if token in heads]:
        if i <= after or i in excluded:
            continue
        hit = _hit_at(doc, i, lists, words)
        if hit is not None:
            out.append(hit)
            after = hit.last  # the words up to ``reach`` may hold another event
    return out


def find_events(text: str) -> list[Hit]:
    """Every trigger of a clean text (:func:`find_triggers`).

    >>> [(h.event, "فر المقاتلون"[h.start:h.end]) for h in find_events("فر المقاتلون")]
    [('fled', 'فر')]
    """
    return find_triggers(Document(text))
