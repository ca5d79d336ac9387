"""Entity tagging: people, organisations, places, nationalities and media outlets.

The tagger finds every mention and reduces it to one canonical entity (the table:
:func:`corpus_tools.tag_entities`).
The default backend is an offline gazetteer (:mod:`corpus_tools.extract.gazetteer`,
``data/entities.toml``) plus a few patterns for names the gazetteer cannot list
(``data/entity_patterns.toml``); stanza's Arabic NER adds recall when its models are
installed (:mod:`corpus_tools.extract.entities_stanza`).

:func:`document_entities` tags one prepared :class:`~corpus_tools.text.document.Document`:
it reads the document's tokens (:mod:`corpus_tools.text.tokens`), so a form never
matches inside a longer word. The first token of a form may carry the proclitics
و ف (and) + ب ل ك (prepositions), and an ``ال`` form may be written with ``لل``
(«للمرصد السوري»). The longest form wins; among equally long readings, the one that
strips fewest letters. Every word list is a :class:`~corpus_tools.text.phrases.PhraseIndex`.

:func:`title_at` and :func:`titled_person` are the one title-plus-name recogniser
(«العقيد أحمد الزعبي»): the titles and the kind of source each says are in
``data/entity_patterns.toml`` (``[titles]``).

Columns: the ``entities`` contract (``data/tables.toml``, ``docs/tables.md``).

Example:
    >>> doc = Document("وقالت الجارديان إن مقاتلين سعوديين وصلوا لتركيا.")
    >>> for row in document_entities(doc):
    ...     print(row["text"], row["label"], row["canonical"])
    الجارديان MEDIA The Guardian
    سعوديين NORP Saudi
    لتركيا LOC Turkey
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import compress
from typing import Any, Generic, TypeVar

import pandas as pd

from corpus_tools.contracts import contract
from corpus_tools.extract import entities_stanza as _stanza
from corpus_tools.extract.gazetteer import (
    LABELS,
    Entity,
    Form,
    Gazetteer,
    default_gazetteer,
    load_gazetteer,
    nisba_forms,
    unknown_entity,
)
from corpus_tools.resources import function_words, load_toml
from corpus_tools.rows import problem_row, warn_failed, with_problems
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.phrases import Match, PhraseIndex
from corpus_tools.text.tokens import PREFIXES, Clitics, phrase_tokens, readings

__all__ = [
    "LABELS",
    "Entity",
    "Gazetteer",
    "Title",
    "TitledName",
    "default_gazetteer",
    "document_entities",
    "entity_counts",
    "load_gazetteer",
    "nisba_forms",
    "tag_text",
    "tag_with_stanza",
    "title_at",
    "titled_person",
    "unknown_entity",
]

#: What may stand between two words of one name: spaces and quotation marks.
_GAP_RE = re.compile(r"[ \t\u00a0«»\"“”'‘’]*")
#: Quotation marks that open a quoted name, and the mark that closes it.
_CLOSERS = {"«": "»", '"': '"', "“": "”"}
#: Distinct tokens a per-token cache keeps before it starts afresh (bounded memory).
_CACHE_LIMIT = 1 << 18

T = TypeVar("T")


# --- per-token caches -------------------------------------------------------------


class _TokenCache(dict, Generic[T]):
    """``token → fn(token)``, computed once per distinct token (one dict lookup after)."""

    def __init__(self, fn: Callable[[str], T]):
        super().__init__()
        self.fn = fn

    def __missing__(self, token: str) -> T:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        value = self[token] = self.fn(token)
        return value


def _stems(token: str) -> list[str]:
    """The token read without the proclitics every list here accepts (و ف ب ل ك, لل)."""
    return [r.stem for r in readings(token) if PREFIXES.accepts(r)]


#: What a word of the lists here may carry in front, as written (see ``readings``):
#: و / ف, then ب / ل / ك; an ``ال`` word may also be written ``لل`` (:func:`_written_forms`).
_PROCLITICS = tuple(c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك"))

#: :class:`_Triggers` bits: a one-word form may start at the token, a longer form may,
#: a pattern may.
_ONE_WORD, _LONGER, _CUE = 1, 2, 4


def _written_forms(head: str) -> list[str]:
    """Every way ``head`` may be written with proclitics (a superset of the tokens whose
    readings give ``head``: «الرقة» → «والرقة», «بالرقة», «للرقة», …)."""
    out = [x + head for x in _PROCLITICS]
    if head.startswith("ال"):
        out += [c + "ل" + head[1:] for c in ("", "و", "ف")]
    return out


class _Triggers:
    """Where a form of a gazetteer or a pattern may start, found for a whole document
    with one set intersection (most tokens start nothing)."""

    def __init__(self, gz: Gazetteer, pats: _Patterns):
        longer = frozenset(tokens[0] for tokens in gz.forms if len(tokens) > 1)
        heads = gz.heads | pats.heads
        #: a superset of the tokens that trigger anything: checked by :attr:`bits`
        self.written = frozenset(w for h in heads for w in _written_forms(h)) | pats.given_names
        self.bits: _TokenCache[int] = _TokenCache(partial(_bits, gz.heads, longer, pats))
        #: the one-word form a token names (only for a token that starts no longer form)
        self.one_word: _TokenCache[Match[Form] | None] = _TokenCache(
            partial(_first_match, gz.index)
        )

    def candidates(self, tokens: list[str]) -> list[int]:
        """The indexes of the tokens where a form or a pattern may start."""
        hit = self.written.intersection(tokens)
        if not hit:
            return []
        bits = self.bits
        hit = {tok for tok in hit if bits[tok]}
        return list(compress(range(len(tokens)), map(hit.__contains__, tokens)))


def _bits(heads: frozenset[str], longer: frozenset[str], pats: _Patterns, token: str) -> int:
    """The :class:`_Triggers` bits of ``token``."""
    stems = _stems(token)
    bits = _LONGER if not longer.isdisjoint(stems) else 0
    if not bits and not heads.isdisjoint(stems):
        bits = _ONE_WORD
    return bits | (_CUE if pats.cues[token] is not None else 0)


def _first_match(index: PhraseIndex[T], token: str) -> Match[T] | None:
    return next(index.matches_at((token,), 0), None)


def _triggers(gz: Gazetteer) -> _Triggers:
    """The :class:`_Triggers` of ``gz`` (made once per gazetteer, kept by it)."""
    return gz.derived("entities.triggers", lambda gz: _Triggers(gz, _patterns()))


def _word_matches(index: PhraseIndex[T], token: str) -> list[Match[T]]:
    """The one-word entries of ``index`` that ``token`` is (a reading of), fewest clitics first."""
    return list(index.matches_at((token,), 0))


# --- the patterns' word lists -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cue:
    """What a token may start, for the patterns (``None`` in the cache: nothing)."""

    quoted: str | None  # the label of a «quoted» name after it (صحيفة, معهد …)
    kunya: int | None  # letters before a kunya («وأبو»: 1); None: not a kunya
    named: bool  # «المدعو»: a person's name follows
    called: bool  # «يدعى»: a name follows
    title: bool  # a title may start here
    given: bool  # a given name, as written


_NO_CUE = _Cue(None, None, False, False, False, False)


@dataclass(eq=False)
class _Patterns:
    kunya: PhraseIndex[bool]
    named_by: PhraseIndex[bool]
    called: PhraseIndex[bool]
    titles: PhraseIndex[tuple[str, bool]]  # → the kind of source it says, a role?
    quoted: PhraseIndex[str]  # → label
    context: PhraseIndex[str]  # → label
    quoted_labels: tuple[str, ...]  # the order in which a word's labels are tried
    stopwords: frozenset[str]
    given_names: frozenset[str]
    compound_starts: frozenset[str]
    heads: frozenset[str]  # the first words of kunya … quoted
    cues: _TokenCache[_Cue | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.cues = _TokenCache(self.cue)

    def cue(self, token: str) -> _Cue | None:
        """What ``token`` may start (computed once per token through :attr:`cues`)."""
        stems = _stems(token)
        given = token in self.given_names
        if not given and self.heads.isdisjoint(stems):
            return None  # most words: no reading starts any list
        quoted = [m.value for m in _word_matches(self.quoted, token)]
        kunya = _word_matches(self.kunya, token)
        cue = _Cue(
            min(quoted, key=self.quoted_labels.index) if quoted else None,
            kunya[0].reading.cut if kunya else None,
            bool(_word_matches(self.named_by, token)),
            bool(_word_matches(self.called, token)),
            any(s in self.titles for s in stems),
            given,
        )
        if cue == _NO_CUE:
            return None
        return cue

    def context_labels(self, token: str) -> set[str]:
        """The labels ``token`` is a context word for («مدينة» → LOC)."""
        return {m.value for m in _word_matches(self.context, token)}


def _words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_for_matching(w) for w in words)


def _entries(groups: dict[str, list[str]] | list[str]) -> list[tuple[str, Any]]:
    """A word list (``True`` for each word) or groups of them (the group's name for each)."""
    if isinstance(groups, list):
        return [(w, True) for w in groups]
    return [(w, key) for key, words in groups.items() for w in words]


def _title_entries(data: dict[str, Any]) -> list[tuple[str, tuple[str, bool]]]:
    """Titles → (kind, whether a role), titles first (a word in both is a title)."""
    return [(w, (kind, False)) for w, kind in _entries(data["titles"])] + [
        (w, (kind, True)) for w, kind in _entries(data["role_titles"])
    ]


@cache
def _patterns() -> _Patterns:
    data = load_toml("entity_patterns.toml")
    person = data["person"]
    lists = {
        "kunya": _entries(person["kunya"]),
        "named_by": _entries(person["named_by"]),
        "called": _entries(person["called"]),
        "titles": _title_entries(data),
        "quoted": _entries(data["quoted"]),
    }
    heads = frozenset(phrase_tokens(w)[0] for entries in lists.values() for w, _ in entries)
    return _Patterns(
        **{name: PhraseIndex(entries, PREFIXES) for name, entries in lists.items()},
        context=PhraseIndex(_entries(data["context"]), PREFIXES),
        quoted_labels=tuple(data["quoted"]),
        stopwords=_words([*person["stopwords"], *function_words()]),
        given_names=_words(person["given_names"]),
        compound_starts=_words(person["compound_starts"]),
        heads=heads,
    )


# --- matches ------------------------------------------------------------------------


@dataclass
class _Match:
    first: int  # token indices [first, last]
    last: int
    clitic: int  # letters stripped from the first token
    entity: Entity
    backend: str
    needs_context: bool = False
    generated: bool = False


def _joined(doc: Document, j: int) -> bool:
    """Whether only spaces and quotation marks stand between tokens ``j - 1`` and ``j``."""
    spans = doc.token_spans
    return _GAP_RE.fullmatch(doc.norm, spans[j - 1][1], spans[j][0]) is not None


def _all_joined(doc: Document, first: int, last: int) -> bool:
    return all(_joined(doc, j) for j in range(first + 1, last + 1))


def _gazetteer_matches(doc: Document, gz: Gazetteer, cands: list[int]) -> list[_Match]:
    """Longest forms from left to right, never overlapping, their words joined.

    ``cands``: the tokens where a form or a pattern may start (:class:`_Triggers`).
    """
    tokens, index = doc.tokens, gz.index
    trig = _triggers(gz)
    bits = trig.bits
    out: list[_Match] = []
    free = 0  # the first token not inside a match
    for i in cands:
        b = bits[tokens[i]]
        if i < free or not b & (_ONE_WORD | _LONGER):
            continue
        if b & _LONGER:
            found = index.matches_at(tokens, i)
            m = next((m for m in found if _all_joined(doc, i, m.last)), None)
        else:
            m = trig.one_word[tokens[i]]
        if m is None:
            continue
        form, last = m.value, i + m.last - m.first
        entity = gz.entities[form.entity_id]
        cut = m.reading.cut
        out.append(_Match(i, last, cut, entity, "gazetteer", form.needs_context, form.generated))
        free = last + 1
    return out


def _plausible(doc: Document, matches: list[_Match], pats: _Patterns) -> list[_Match]:
    """The matches without two kinds of false friends (see the comments)."""
    text, idx, spans = doc.text, doc.idx, doc.token_spans
    # a nisba never ends in alef maqsura: «يمنى» is a verb, not «يمني»
    matches = [
        m for m in matches if not (m.generated and text[int(idx[spans[m.last][1] - 1])] == "ى")
    ]
    # «ميشيل أوباما» is not «أوباما»: a one-word surname form after a given name
    # belongs to someone else, whom the patterns name
    tokens = doc.tokens
    suspects = [
        m
        for m in matches
        if m.entity.label == "PER"
        and m.first == m.last
        and m.clitic == 0
        and m.first > 0
        and tokens[m.first - 1] in pats.given_names
    ]
    if not suspects:
        return matches
    taken = {t for o in matches for t in range(o.first, o.last + 1)}
    drop = {id(m) for m in suspects if m.first - 1 not in taken}
    return [m for m in matches if id(m) not in drop]


def _confirmed(doc: Document, matches: list[_Match], pats: _Patterns) -> list[_Match]:
    """The matches, a form that is also a common word only in its context."""
    confirmed = [m for m in matches if not m.needs_context]
    for m in matches:
        if m.needs_context and _has_context(doc, m, confirmed, pats):
            confirmed.append(m)
    return confirmed


def _has_context(doc: Document, m: _Match, confirmed: list[_Match], pats: _Patterns) -> bool:
    """After a context word of its label, or within three words of one of its label."""
    if m.first > 0 and m.entity.label in pats.context_labels(doc.tokens[m.first - 1]):
        return True
    return any(
        o.entity.label == m.entity.label
        and (0 < m.first - o.last <= 3 or 0 < o.first - m.last <= 3)
        for o in confirmed
    )


# --- patterns -----------------------------------------------------------------------


def _name_run(
    doc: Document, start: int, covered: Container[int], pats: _Patterns, max_len: int = 3
) -> int:
    """Index one past the last token of a name starting at ``start`` (``start`` if none)."""
    tokens = doc.tokens
    j = start
    while j < len(tokens) and j - start < max_len:
        tok = tokens[j]
        if j in covered or tok in pats.stopwords or tok[0].isdigit() or len(tok) < 2:
            break
        if j > start and not _joined(doc, j):
            break
        if j == start and tok.startswith("ال") and tok not in pats.given_names:
            break
        if j > start and tok.startswith("و") and tok not in pats.given_names:
            break  # «أبو شجى ويترأس»: a conjunction starts the next clause
        if j - start == 2 and not (
            (tok.startswith("ال") and tok.endswith("ي")) or tokens[j - 1] in pats.compound_starts
        ):
            break  # a third word only as a nisba («… البغدادي») or after «عبد», «بن»
        j += 1
        if j - start > 1 and tok.startswith("ال"):
            break  # a surname with the article ends the name («بشار الأسد»)
    if j - start == 1 and tokens[start] in pats.compound_starts:
        return start  # «عبد» alone is not a name
    return j


def _person(first: int, end: int, clitic: int, tokens: list[str]) -> _Match:
    name = " ".join(tokens[first:end])[clitic:]
    return _Match(first, end - 1, clitic, unknown_entity(name, "PER", "person"), "pattern")


def _quoted_after(doc: Document, i: int, max_tokens: int = 5) -> int | None:
    """Last token index of a «quoted» name right after token ``i``, if there is one."""
    norm, spans = doc.norm, doc.token_spans
    n = len(spans)
    if i + 1 >= n:
        return None
    closer = _CLOSERS.get(norm[spans[i][1] : spans[i + 1][0]].strip())
    if closer is None:
        return None
    for j in range(i + 1, min(n, i + 1 + max_tokens)):
        after = spans[j + 1][0] if j + 1 < n else len(norm)
        if norm[spans[j][1] : after].lstrip().startswith(closer):
            return j
        if _GAP_RE.fullmatch(norm, spans[j][1], after) is None:
            return None
    return None


def _pattern_matches(
    doc: Document, taken: list[_Match], pats: _Patterns, cands: list[int]
) -> list[_Match]:
    """Names the gazetteer does not list, left to right, outside ``taken``."""
    covered = {t for m in taken for t in range(m.first, m.last + 1)}
    tokens, cues = doc.tokens, pats.cues
    out: list[_Match] = []
    free = 0
    for i in cands:
        cue = cues[tokens[i]]
        if cue is None or i < free or i in covered:
            continue
        found = _pattern_at(doc, i, cue, covered, pats)
        if found is not None:
            out.append(found)
            covered.update(range(found.first, found.last + 1))
            free = found.last + 1
    return out


def _pattern_at(
    doc: Document, i: int, cue: _Cue, covered: set[int], pats: _Patterns
) -> _Match | None:
    """The name a pattern finds at token ``i`` (the first pattern that applies)."""
    tokens = doc.tokens
    n = len(tokens)
    q_end = _quoted_after(doc, i) if cue.quoted or cue.named or cue.called else None
    # a quoted name after a word that says what it is: صحيفة «لوموند»
    if cue.quoted and q_end is not None and covered.isdisjoint(range(i + 1, q_end + 1)):
        spans = doc.token_spans
        name = doc.norm[spans[i + 1][0] : spans[q_end][1]]
        return _Match(i + 1, q_end, 0, unknown_entity(name, cue.quoted), "pattern")
    if cue.kunya is not None and i + 1 < n:
        found = _kunya_name(doc, i, cue.kunya, covered, pats)
        if found is not None:
            return found
    called = cue.called and not (i and tokens[i - 1] == "ما")
    if (cue.named or called) and i + 1 < n:
        j = i + 1
        end = q_end + 1 if q_end is not None else _name_run(doc, j, covered, pats)
        after = pats.cues[tokens[j]]
        personal = after is not None and (after.given or after.kunya == 0)
        if end > j and (cue.named or personal) and covered.isdisjoint(range(j, end)):
            return _person(j, end, 0, tokens)
    if cue.title:
        titled = titled_person(doc, i, covered)
        if titled is not None:
            return _person(titled.first, titled.end, 0, tokens)
    if cue.given:
        end = _name_run(doc, i, covered, pats)
        if end - i >= 2:
            return _person(i, end, 0, tokens)
    return None


def _kunya_name(
    doc: Document, i: int, clitic: int, covered: set[int], pats: _Patterns
) -> _Match | None:
    """«أبو سعد», «أبو محمد العدناني»: a kunya at token ``i`` and the name after it."""
    tokens = doc.tokens
    end = _name_run(doc, i + 1, covered, pats, max_len=2)
    if end == i + 3 and not (
        tokens[i + 2].startswith("ال") or tokens[i + 1] in pats.compound_starts
    ):
        end = i + 2  # «أبو سعد» + a nisba or laqab («أبو محمد العدناني») only
    if end > i + 1 and _joined(doc, i + 1):
        return _person(i, end, clitic, tokens)
    return None


# --- titles: the one title-plus-name recogniser --------------------------------------


@dataclass(frozen=True, slots=True)
class Title:
    """A title at tokens ``first`` … ``last`` (inclusive) and the kind of source it says
    (``official``, ``ngo_or_research``, ``media``, ``private_person``,
    ``militant_or_former_member``); ``clitic``: letters before it in the first token;
    ``role``: a role in an organisation («المتحدث باسم», «مدير»; ``[role_titles]``)."""

    first: int
    last: int
    kind: str
    clitic: int = 0
    role: bool = False


@dataclass(frozen=True, slots=True)
class TitledName:
    """A title and the name after it: tokens ``first`` … ``end - 1``."""

    title: Title
    first: int
    end: int


def title_at(
    tokens: Sequence[str], i: int, clitics: Clitics = PREFIXES, *, roles: bool = True
) -> Title | None:
    """The longest title starting at token ``i`` (``data/entity_patterns.toml``,
    ``[titles]`` and, with ``roles``, ``[role_titles]``).

    ``clitics``: what the first word may carry (default و ف ب ل ك; pass
    :data:`~corpus_tools.text.tokens.CONJUNCTIONS` for و / ف only).

    >>> doc = Document("وقال وزير الدفاع الأمريكي جيم ماتيس")
    >>> title_at(doc.tokens, 1), title_at(doc.tokens, 0)
    (Title(first=1, last=2, kind='official', clitic=0, role=False), None)
    >>> tokens = Document("قال المبعوث الأممي").tokens
    >>> title_at(tokens, 1).last, title_at(tokens, 1, roles=False).last
    (2, 1)
    """
    for m in _patterns().titles.matches_at(tokens, i):
        kind, role = m.value
        if clitics.accepts(m.reading) and (roles or not role):
            return Title(m.first, m.last, kind, m.reading.cut, role)
    return None


def titled_person(
    doc: Document, i: int, covered: Container[int] = frozenset()
) -> TitledName | None:
    """«العقيد أحمد الزعبي»: a title at token ``i``, then a name that starts with a given
    name, after any tokens in ``covered`` right after the title (the entities there:
    «وزير الدفاع الأمريكي جيم ماتيس», «المتحدث باسم البنتاغون جون كيربي»).

    The name is one to three words (see ``[person]`` in ``data/entity_patterns.toml``).

    >>> doc = Document("وقال العقيد أحمد الزعبي للصحيفة")
    >>> t = titled_person(doc, 1)
    >>> t.title.kind, doc.tokens[t.first : t.end]
    ('official', ['احمد', 'الزعبي'])
    """
    title = title_at(doc.tokens, i)
    if title is None:
        return None
    pats, tokens = _patterns(), doc.tokens
    j = title.last + 1
    while j in covered:
        j += 1
    if j < len(tokens) and tokens[j] in pats.given_names:
        end = _name_run(doc, j, covered, pats)
        if end > j:
            return TitledName(title, j, end)
    return None


# --- one document -------------------------------------------------------------------


def _mentions(doc: Document, gazetteer: Gazetteer | None, patterns: bool) -> list[dict]:
    gz = gazetteer or default_gazetteer()
    pats = _patterns()
    cands = _triggers(gz).candidates(doc.tokens)
    found = _gazetteer_matches(doc, gz, cands)
    confirmed = _confirmed(doc, _plausible(doc, found, pats), pats)
    if patterns:
        confirmed += _pattern_matches(doc, confirmed, pats, cands)
    return [_row(doc, m) for m in sorted(confirmed, key=lambda m: m.first)]


def _row(doc: Document, m: _Match) -> dict[str, Any]:
    start, end = doc.starts[m.first], doc.ends[m.last]
    clitic = ""
    if m.clitic:
        clitic = doc.text[start : int(doc.idx[doc.token_spans[m.first][0] + m.clitic])]
    ent = m.entity
    return {
        "start": start,
        "end": end,
        "text": doc.text[start:end],
        "clitic": clitic,
        "label": ent.label,
        "canonical": ent.canonical,
        "entity_id": ent.entity_id,
        "kind": ent.kind,
        "country": ent.country,
        "backend": m.backend,
    }


#: The backends a document is tagged with, in this process (stanza tags batches).
DOCUMENT_BACKENDS = ("auto", "gazetteer", "tagger")


def document_entities(
    doc: Document,
    gazetteer: Gazetteer | None = None,
    patterns: bool = True,
    backend: str = "auto",
) -> list[dict]:
    """The entity rows of one document (the table's columns but ``article_id``).

    Reads only the document's tokens, offsets and sentences. ``gazetteer``: default
    the package's; ``patterns=False``: gazetteer forms only. ``backend``: ``"auto"``
    (the gazetteer and patterns fused with the trained tagger:
    :mod:`corpus_tools.extract.tagger.fuse`), ``"gazetteer"`` (gazetteer and
    patterns only) or ``"tagger"`` (the tagger's spans only, for evaluation).

    >>> rows = document_entities(Document("قال المدعو «أبو سعد». ثم غادر إلى تركيا"))
    >>> [(r["sent_id"], r["text"], r["canonical"]) for r in rows]
    [(0, 'أبو سعد', 'ابو سعد'), (1, 'تركيا', 'Turkey')]
    """
    if backend not in DOCUMENT_BACKENDS:
        raise ValueError(f"backend must be one of {DOCUMENT_BACKENDS}, not {backend!r}")
    rows = _mentions(doc, gazetteer, patterns)
    if backend != "gazetteer":
        from corpus_tools.extract.tagger.fuse import fuse
        from corpus_tools.extract.tagger.model import tag_document

        spans = tag_document(doc, rows, confidence=True)
        alone = backend == "tagger"
        gz = gazetteer or default_gazetteer()
        rows = fuse(doc, [] if alone else rows, spans, gz, patterns=patterns and not alone)
    for r in rows:
        r["sent_id"] = doc.sentence_of(r["start"])
    return rows


def tag_text(
    text: str, gazetteer: Gazetteer | None = None, patterns: bool = True, backend: str = "auto"
) -> list[dict]:
    """Entity mentions of one clean text as dicts (offsets into ``text``); pure.

    The rows of :func:`document_entities` without ``sent_id``.

    >>> [(d["text"], d["canonical"]) for d in tag_text("قال المدعو «أبو سعد» لصحيفة «الغارديان»")]
    [('أبو سعد', 'ابو سعد'), ('الغارديان', 'The Guardian')]
    """
    rows = document_entities(Document(text), gazetteer, patterns, backend)
    for r in rows:
        del r["sent_id"]
    return rows


# --- the stanza backend (a batch over many articles) -------------------------------


def tag_with_stanza(
    articles: pd.DataFrame, backend: str, gz: Gazetteer, show_progress: bool | None = None
) -> pd.DataFrame:
    """The entities table of ``articles`` from stanza (``backend="stanza"``), or the
    gazetteer's rows plus stanza's mentions it missed (``"gazetteer+stanza"``); stanza
    tags the articles as one batch
    (:func:`corpus_tools.extract.entities_stanza.stanza_entities`)."""

    ids = articles["article_id"].astype("str").tolist()
    texts = [t if isinstance(t, str) else "" for t in articles["text"].tolist()]
    failures: dict[int, BaseException] = {}
    stanza_rows = _stanza.stanza_entities(texts, gz, show_progress=show_progress, failures=failures)
    rows: list[dict] = []
    problems = [
        problem_row(ids[i], "tag_entities (stanza)", exc) for i, exc in sorted(failures.items())
    ]
    for i, (aid, text, st_rows) in enumerate(zip(ids, texts, stanza_rows, strict=True)):
        if i in failures and backend == "stanza":
            continue  # skipped, and reported
        doc = Document(text, aid)
        found = st_rows if backend == "stanza" else _merge(_mentions(doc, gz, True), st_rows)
        for r in found:
            r["article_id"] = aid
            r["sent_id"] = doc.sentence_of(r["start"])
        rows.extend(found)
    if problems and len(problems) == len(ids):
        raise failures[min(failures)]  # a step that fails on every article is broken
    warn_failed("tag_entities (stanza)", problems, len(ids))
    return with_problems(contract("entities").frame(rows), problems)


def _merge(primary: list[dict], extra: list[dict]) -> list[dict]:
    """``primary`` plus the rows of ``extra`` that overlap none of them."""
    taken = [(r["start"], r["end"]) for r in primary]
    add = [r for r in extra if not any(r["start"] < e and s < r["end"] for s, e in taken)]
    return sorted(primary + add, key=lambda r: r["start"])


def entity_counts(entities: pd.DataFrame, top: int | None = 10) -> pd.DataFrame:
    """Mentions and articles per canonical entity, most mentioned first, per label.

    Columns: ``label``, ``canonical``, ``entity_id``, ``mentions``, ``articles``,
    ``forms`` (the distinct spellings seen, clitics stripped).
    """
    if entities.empty:
        return pd.DataFrame(
            columns=["label", "canonical", "entity_id", "mentions", "articles", "forms"]
        )
    bare = [t[len(c) :] for t, c in zip(entities["text"], entities["clitic"], strict=True)]
    df = entities.assign(form=bare)
    out = (
        df.groupby(["label", "canonical", "entity_id"], as_index=False)
        .agg(
            mentions=("start", "size"),
            articles=("article_id", "nunique"),
            forms=("form", lambda s: " · ".join(dict.fromkeys(s))),
        )
        .sort_values(["label", "mentions", "canonical"], ascending=[True, False, True])
    )
    if top is not None:
        out = out.groupby("label", sort=False).head(top)
    return out.reset_index(drop=True)
