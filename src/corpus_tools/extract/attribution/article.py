"""One article read for attribution: a :class:`~corpus_tools.text.document.Document`
with its entities indexed by token, its quotations indexed by position, and the
lexicon's cue lookups; and the statements and sources found in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, compress

from corpus_tools.extract.attribution.lexicon import (
    HEAD,
    NISBA_RE,
    PARTICIPLE,
    PREP,
    PREP_ALONE,
    PREP_NEXT,
    VERB,
    Lexicon,
    Prep,
    V,
    Verb,
    lexicon,
    participle_of,
    verb_of,
)
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import strip_marks
from corpus_tools.text.phrases import Match, PhraseIndex
from corpus_tools.text.tokens import phrase_tokens

#: Punctuation between two words that ends a phrase.
PUNCT_RE = re.compile(r"[،,;؛:.!?؟…\-–—()\[\]\n]")


@dataclass
class Source:
    """Who a statement is attributed to, and how that was found (``resolution``)."""

    text_first: int  # token range of the source as written (-1: not written)
    text_last: int
    name: str
    entity_id: str | None
    type: str
    resolution: str
    plural: bool = False
    feminine: bool = False
    head_en: str | None = None
    #: the title or body noun the phrase opens with («وزير», «منظمة»), without clitics,
    #: and what is said of it (``description_keys``): how a later «الوزير» finds it
    title: str | None = None
    title_keys: frozenset[str] = frozenset()
    #: how the written source was read (the ``rule`` column, after the cue's rule):
    #: entity, title-name, body-name, role-of-body, document-author, description,
    #: title, outlet-noun, place, own-words, kin-of; relative (the source written
    #: before a relative pronoun, «…، الذي أوضح»)
    rule: str = ""
    #: a generic description («مصدر أمني», «مسؤول»): several people may share its name
    generic: bool = False


@dataclass
class Statement:
    """One attributed statement: its cue, source and content span."""

    sent: int
    cue_first: int
    cue_last: int
    cue_start: int | None  # explicit char offsets (headline colon, bare quotes)
    cue_end: int | None
    lemma: str
    source: Source
    content_start: int
    content_end: int
    clause_start: int  # char offset where the statement's clause begins
    via: str | None
    kept: bool = True  # False: a verb whose content a participle carries («صرح … قائلاً»)
    relay_by: Source | None = None  # «نقلت الصحيفة عن …»: the outlet it comes through
    also: list[Source] = field(default_factory=list)  # «إلى معهد … ومحللين حكوميين»
    top: bool = True  # opens a clause of its own (else it is nested in another's content)
    #: how the cue was read: verb-after / verb-before (the subject's side), verb-none
    #: (no subject written), relay, participle, prep, prep-what (« بحسب ما ذكر»),
    #: headline-colon, quotation (a quoted paragraph, :func:`.bare_quotes`)
    cue_rule: str = ""


class Article:
    """A Document's tokens, quotations and entities, as the attribution rules read them.

    Reads ``doc.layer("entities")`` (a ``KeyError`` when the entities have not run).
    """

    def __init__(self, doc: Document, lex: Lexicon | None = None):
        self.doc = doc
        self.lex = lex or lexicon()
        self.text = doc.text
        self.tokens = doc.tokens
        self.starts = doc.starts
        self.ends = doc.ends
        self.sentences = doc.sentences
        self.relays = doc.relays
        self.tokens_in = doc.tokens_in
        self.gap = doc.gap
        self._first_words = self.lex.first_words
        #: the tokens that may open a cue: only there are cues matched
        is_cue = map(self.lex.cue_words.__contains__, self.tokens)
        self.cue_tokens = list(compress(range(len(self.tokens)), is_cue))
        self._sentence_spans: dict[int, range] = {}
        self._index_quotes(doc.quotes)
        self._index_entities(doc.layer("entities"))

    def sentence_span(self, k: int) -> range:
        """The tokens of sentence ``k``."""
        span = self._sentence_spans.get(k)
        if span is None:
            span = self._sentence_spans[k] = self.tokens_in(*self.sentences[k])
        return span

    def sentence_of_token(self, i: int) -> int | None:
        """The sentence token ``i`` belongs to (None: it lies between sentences)."""
        if not self.sentences:
            return None
        k = self.doc.sentence_of(self.starts[i])
        return k if i in self.sentence_span(k) else None

    # --- quotations --------------------------------------------------------------------
    def _index_quotes(self, quotes: list[tuple[int, int]]) -> None:
        """Indexes over the quotations, so that no token rescans them all."""
        self.quotes = quotes
        self._q_starts = [s for s, _ in quotes]
        self._q_reach = list(accumulate((e for _, e in quotes), max))
        by_end = sorted((e, k) for k, (_, e) in enumerate(quotes))
        self._q_ends = [e for e, _ in by_end]
        self._q_end_order = [k for _, k in by_end]

    def in_quote(self, i: int) -> bool:
        """Token ``i`` starts inside a quotation (``any(s < pos < e)``, by binary search)."""
        pos = self.starts[i]
        k = bisect_left(self._q_starts, pos)  # quotations that open before pos
        return k > 0 and self._q_reach[k - 1] > pos

    def quote_at(self, pos: int) -> tuple[int, int] | None:
        """The quotation that opens at ``pos`` (after spaces), as (start, end) with marks."""
        while pos < len(self.text) and self.text[pos] == " ":
            pos += 1
        k = bisect_left(self._q_starts, pos)
        if k < len(self.quotes) and self._q_starts[k] == pos:
            return self.quotes[k]
        return None

    def last_quote_before(self, pos: int, gap_ok: Callable[[str], bool]) -> tuple[int, int] | None:
        """The last quotation (in order) that ends at or before ``pos`` with only
        characters for which ``gap_ok`` holds between its end and ``pos``."""
        lo = pos
        while lo > 0 and gap_ok(self.text[lo - 1]):
            lo -= 1
        a = bisect_left(self._q_ends, lo)
        b = bisect_right(self._q_ends, pos)
        if a >= b:
            return None
        return self.quotes[max(self._q_end_order[a:b])]

    # --- entities ----------------------------------------------------------------------
    def _index_entities(self, rows: list[dict]) -> None:
        self.entity_at: dict[int, dict] = {}
        self._span: dict[int, range] = {}
        starts = self.starts
        self.entities = []
        for row in sorted(rows, key=lambda r: r["start"]):
            span = range(
                bisect_right(starts, row["start"] - 1), bisect_right(starts, row["end"] - 1)
            )
            if not span:
                continue  # a row inside one token holds no token of its own
            self.entities.append(row)
            self._span[id(row)] = span
            for i in span:
                self.entity_at[i] = row
        self._entity_starts = [e["start"] for e in self.entities]
        self.media = [e for e in self.entities if e["label"] == "MEDIA"]
        self._media_starts = [e["start"] for e in self.media]

    @cached_property
    def _people(self) -> dict[str, tuple[list[int], list[dict]]]:
        """PER entities of two words or more by their last word: (starts, entities)."""
        out: dict[str, tuple[list[int], list[dict]]] = {}
        for e in self.entities:
            if e["label"] != "PER":
                continue
            surface = phrase_tokens(e["text"])
            if len(surface) > 1:
                starts, ents = out.setdefault(surface[-1], ([], []))
                starts.append(e["start"])
                ents.append(e)
        return out

    def first_token(self, ent: dict) -> int:
        """The first token of an entity of the article."""
        return self._span[id(ent)][0]

    def last_token(self, ent: dict) -> int:
        """The last token of an entity of the article."""
        return self._span[id(ent)][-1]

    def entity_texts_in(self, start: int, end: int) -> frozenset[str]:
        """The texts of the entities inside ``[start, end)`` (by binary search)."""
        a = bisect_left(self._entity_starts, start)
        b = bisect_left(self._entity_starts, end)
        return frozenset(e["text"] for e in self.entities[a:b] if e["end"] <= end)

    def told_outlet(self, j: int) -> tuple[str, int] | None:
        """(name, last token) of the outlet a statement was made to, when one opens at
        token ``j``: with ل in front («لصحيفة الغارديان», «لفرانس برس») or after «مع»
        («في مقابلة مع قناة «بي إف إم»»). After an outlet noun («للشبكة الإخبارية
        «أل سي إي»») the outlet may be any organisation or a quoted name."""
        tokens, lex = self.tokens, self.lex
        met = j > 0 and tokens[j - 1] == "مع"
        if tokens[j] in ("ل", "لـ") and j + 1 < len(tokens):
            ent = self.entity_at.get(j + 1)  # «كشفت ل«عكاظ» مصادر …»
            if ent is not None and ent["label"] == "MEDIA" and self.first_token(ent) == j + 1:
                return ent["canonical"], self.last_token(ent)
            q = self.quote_at(self.ends[j])  # a quoted name after a lone ل: an outlet,
            if q is None or len(self.text[q[0] : q[1]].split()) > 4:  # when a source or
                return None  # «أن» follows it («كشفت ل«عكاظ» مصادر»; not «دعا ل«حوار»»)
            after = bisect_left(self.starts, q[1])
            named = self.entity_at.get(after) if after < len(tokens) else None
            if after < len(tokens) and (
                tokens[after] in lex.complementizers
                or self.bits(after) & HEAD
                or (named is not None and named["label"] == "PER")  # «وقال ل«X» فلان»
            ):
                return strip_marks(self.text[q[0] + 1 : q[1] - 1]).strip(), after - 1
            return None
        ent = self.entity_at.get(j)
        if ent is not None and self.first_token(ent) == j:
            if ent["label"] == "MEDIA" and (met or ent["clitic"].startswith("ل")):
                return ent["canonical"], self.last_token(ent)
            return None
        if tokens[j] not in lex.outlet_nouns or not (met or tokens[j].startswith("ل")):
            return None
        k = j + 1
        if k < len(tokens) and self.entity_at.get(k) is None and NISBA_RE.search(tokens[k]):
            k += 1  # «للشبكة الإخبارية …»
        if k >= len(tokens):
            return None
        ent = self.entity_at.get(k)
        if ent is not None and self.first_token(ent) == k and ent["label"] in ("MEDIA", "ORG"):
            q = self.quote_at(self.ends[k - 1])
            if q is None or q[1] <= self.ends[self.last_token(ent)] + 1:
                return ent["canonical"], self.last_token(ent)
        q = self.quote_at(self.ends[k - 1])
        if q is not None and len(self.text[q[0] : q[1]].split()) <= 5:
            last = bisect_left(self.starts, q[1]) - 1
            return strip_marks(self.text[q[0] + 1 : q[1] - 1]).strip(), last
        return None

    def media_before(self, pos: int) -> dict | None:
        """The last MEDIA entity that starts before ``pos``."""
        k = bisect_left(self._media_starts, pos)
        return self.media[k - 1] if k else None

    def person_before(self, word: str, pos: int) -> dict | None:
        """The last PER entity before ``pos`` of two words or more whose last word is ``word``."""
        starts, ents = self._people.get(word, ((), ()))
        k = bisect_left(starts, pos)
        return ents[k - 1] if k else None

    # --- cues --------------------------------------------------------------------------
    def bits(self, i: int) -> int:
        """The lists token ``i`` may open a phrase of (:attr:`.Lexicon.first_words`)."""
        return self._first_words.get(self.tokens[i], 0)

    def is_verb(self, i: int) -> bool:
        """Token ``i`` is a reporting verb (with و / ف)."""
        return bool(self.bits(i) & VERB)

    def is_participle(self, i: int) -> bool:
        """Token ``i`` is a participle that continues a statement («مضيفاً»)."""
        return bool(self.bits(i) & PARTICIPLE)

    def verb_at(self, i: int) -> Verb | None:
        """The reporting verb token ``i`` is (with و / ف), if it is one."""
        return verb_of(self.tokens[i]) if self.bits(i) & VERB else None

    def participle_at(self, i: int) -> str | None:
        """The lemma of the participle token ``i`` is («مضيفاً» → أضاف), if it is one."""
        return participle_of(self.tokens[i]) if self.bits(i) & PARTICIPLE else None

    def prep_at(self, i: int) -> tuple[int, Prep] | None:
        """A prepositional cue starting at token ``i``: (its last token, the cue)."""
        bits = self.bits(i)
        if not bits & PREP or not (
            bits & PREP_ALONE or (i + 1 < len(self.tokens) and self.bits(i + 1) & PREP_NEXT)
        ):
            return None
        m = self.lex.preps.longest_at(self.tokens, i)
        return (m.last, m.value) if m else None

    def ending_at(self, index: PhraseIndex[V], bit: int, last: int, lo: int) -> Match[V] | None:
        """The longest phrase of ``index`` (of list ``bit``, no longer than an opener)
        that ends at token ``last`` and starts at token ``lo`` or later."""
        for first in range(max(lo, last - self.lex.opener_len + 1, 0), last + 1):
            if self.bits(first) & bit:
                for m in index.matches_at(self.tokens, first):
                    if m.last == last:
                        return m
        return None

    # --- what stands between two tokens ----------------------------------------------
    def punct_before(self, i: int) -> bool:
        """Punctuation stands between token ``i - 1`` and token ``i``."""
        return PUNCT_RE.search(self.text, self.ends[i - 1] if i else 0, self.starts[i]) is not None

    def gap_has(self, i: int, mark: str) -> bool:
        """``mark`` stands between token ``i - 1`` and token ``i``."""
        return self.text.find(mark, self.ends[i - 1] if i else 0, self.starts[i]) >= 0
