"""The attribution lexicon: ``data/attribution.toml`` read into phrase indexes.

Every word list looked up with clitics is a
:class:`~corpus_tools.text.phrases.PhraseIndex` with a
:class:`~corpus_tools.text.tokens.Clitics` policy: cues, openers, titles and
modifiers take و / ف in front («وقالت», «فبحسب»), head nouns also the article
(«والمسؤولون»). Lists only ever compared with a token as written (complementizers,
relatives …) are sets.

:attr:`Lexicon.first_words` maps every token that may open a phrase of a list, as
written, to the lists (bits) it may open: one dict lookup per token of an article,
and only where a list's bit is set is its index consulted.

>>> lex = lexicon()
>>> lex.verbs.longest_at(["وقالت"], 0).value.lemma
'قال'
>>> lex.first_words["وقالت"] == VERB, "الحدود" in lex.first_words
(True, False)
>>> bool(lex.first_words["والمسؤولون"] & HEAD), without_conjunction("وقالت")
(True, 'قالت')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, TypeVar

from corpus_tools.resources import function_words, load_toml
from corpus_tools.text.morphology import participle_forms, verb_forms
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.phrases import PhraseIndex
from corpus_tools.text.tokens import (  # noqa: F401  (without_conjunction: the cue modules read it here)
    CONJUNCTIONS,
    Clitics,
    phrase_tokens,
    readings,
    without_conjunction,
)

#: Head nouns: و / ف in front, and the article («والمسؤولون» → مسؤولون).
HEAD_CLITICS = Clitics(conj=True, article=True)
#: Endings a modifier stem takes («حكومي» → «حكوميون», «الحكومية»).
STEM_ENDINGS = ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين")
#: An adjective ending (nisba, matching form): «تجارية», «الإخبارية», «غربيون».
NISBA_RE = re.compile(r"ي(ه|ون|ين|ات)?$")
#: The lists a token may open a phrase of (:attr:`Lexicon.first_words`, bits):
#: prepositional cues, participles, reporting verbs, clause openers, clause breaks
#: (openers and complementizers), head nouns, modifiers; and for the
#: prepositional cues, whose first word «على» is frequent: a one-word cue, and the
#: second word of a longer one (as written).
PREP, PARTICIPLE, VERB, OPENER, BREAK, HEAD, MODIFIER, PREP_ALONE, PREP_NEXT = (
    1 << k for k in range(9)
)

V = TypeVar("V")


@dataclass(frozen=True)
class Verb:
    """A reporting verb form: its lemma, the subject it agrees with (m, f, pl), its frame."""

    lemma: str
    agree: str
    relay: str | None  # the preposition after which the original source follows
    content_prep: frozenset[str]  # prepositions that open the content
    requires: str | None  # a word that must follow for the verb to report speech
    estimate: bool  # a verb of belief or estimate
    stops: frozenset[str]  # words that end its subject: content and relay prepositions
    takes_object: bool = False  # «وصف الهجوم بأنه»: an unknown NP after it is its object
    counts: bool = False  # «سجل المركز 44 هجوما»: a count as its object is the content
    masdar: bool = False  # «أعلن الجيش مقتل 15 مسلحاً»: a verbal noun object is the content


@dataclass(frozen=True)
class Prep:
    """A prepositional cue («بحسب», «وفقاً لـ»); ``lam``: it carries ل."""

    lemma: str
    lam: bool


@dataclass(frozen=True)
class Head:
    """A noun a source description is built on («دبلوماسيون» → diplomats)."""

    en_sg: str
    en_pl: str
    plural: bool
    type: str
    role: bool  # «المتحدث باسم …»: its organisation names the source
    word: str | None  # a precise English word for this form («والد» → father)
    container: bool = False  # «تقرير نشره …»: a document whose author is the source
    body: bool = False  # «منظمة …», «شركة …»: a body whose name may follow
    with_words: frozenset[str] = frozenset()  # «وسائل» + «إعلام»: words that complete it
    author_only: bool = False  # «تصريحات»: a source only by its author («أدلى بها مسؤول»)


@dataclass(frozen=True)
class Modifier:
    """An adjective that qualifies a head («غربيون» → Western)."""

    en: str
    type: str | None


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/attribution.toml`` (see the file's header)."""

    verbs: PhraseIndex[Verb]
    participles: PhraseIndex[str]
    participle_lemmas: frozenset[str]
    verb_by_lemma: dict[str, Verb]  # a verb of each lemma (its participles' frame)
    subject_openers: frozenset[str]  # «لكن»: before a subject that precedes its verb
    adverbs: frozenset[str]  # time words between a source and its content
    document_verbs: frozenset[str]  # «تقرير نشره …»: a document's author follows
    prep_lemmas: frozenset[str]  # the lemmas of the prepositional cues
    preps: PhraseIndex[Prep]
    complementizers: frozenset[str]
    openers: PhraseIndex[None]  # words after which a new clause begins
    clause_breaks: PhraseIndex[None]  # openers and complementizers: a content ends before
    opener_len: int  # words in the longest opener
    outlet_anaphors: frozenset[str]
    outlet_nouns: frozenset[str]  # «قناة», «لصحيفة»: before an outlet's name
    function_words: frozenset[str]
    quantifiers: frozenset[str]
    impersonal: frozenset[str]  # «يُذكر أن»: with no subject, the writer's background
    relatives: frozenset[str]
    auxiliaries: frozenset[str]
    prepositions: frozenset[str]  # «رأت في تقرير …»: no subject starts with one
    outlet_verbs: frozenset[str]  # «في بيان تلقت وكالة … نسخة منه»: the outlet is the via
    honorifics: PhraseIndex[None]  # «سمو», «صاحب السمو»: skipped before a title or name
    honorific_anaphors: frozenset[str]  # «معاليه»: the person last quoted
    not_names: frozenset[str]
    title_adjectives: frozenset[str]  # «المبعوث الدولي»: not a family name
    title_links: frozenset[str]  # «المبعوث إلى اليمن …»: between a title and a name
    heads: PhraseIndex[Head]
    document_nouns: frozenset[str]  # one-word heads of documents («البيان», «تقرير» …)
    modifiers: PhraseIndex[Modifier]
    first_words: dict[str, int]  # token as written → the lists it may open (bits)
    cue_words: frozenset[str]  # tokens that may open a cue (a verb, participle or prep)


def _n(word: str) -> str:
    return normalize_for_matching(word)


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(_n(w) for w in data[key])


def verb_table(entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Every form of each ``[[verb]]`` entry (generated and listed), by its lemma."""
    out: dict[str, list[str]] = {}
    for v in entries:
        past = v.get("past", v["lemma"])
        forms = verb_forms(past, v["present"]) if v.get("present") else {}
        out.setdefault(v["lemma"], []).extend(
            f for agree in ("m", "f", "pl") for f in [*forms.get(agree, []), *v.get(agree, [])]
        )
    return out


def _verbs(data: dict[str, Any]) -> dict[str, Verb]:
    """Verb forms → their verb (a form listed twice: the last one): the forms generated
    from ``past`` (default: ``lemma``) and ``present``, and any listed under m / f / pl."""
    out: dict[str, Verb] = {}
    for v in data["verb"]:
        past = v.get("past", v["lemma"])
        forms = verb_forms(past, v["present"]) if v.get("present") else {}
        relay = _n(v["relay"]) if v.get("relay") else None
        content_prep = frozenset(_n(p) for p in v.get("content_prep", []))
        stops = set(content_prep)
        if relay:
            stops |= {relay} | ({"الي", "الى"} if relay in ("الي", "الى") else set())
        for agree in ("m", "f", "pl"):
            for form in [*forms.get(agree, []), *v.get(agree, [])]:
                out[_n(form)] = Verb(
                    v["lemma"],
                    agree,
                    relay,
                    content_prep,
                    _n(v["requires"]) if v.get("requires") else None,
                    bool(v.get("estimate")),
                    frozenset(stops),
                    bool(v.get("object")),
                    bool(v.get("counts")),
                    bool(v.get("masdar")),
                )
    return out


def _heads(data: dict[str, Any]) -> dict[str, Head]:
    """One-word head forms → their head (a two-word form such as «وسائل الإعلام» is left
    out: its first word is a head of its own, and descriptions are read word by word),
    with the accusative of each indefinite singular («مسؤولاً», «متحدثاً»)."""
    words = {_n(k): v for k, v in data.get("head_words", {}).items()}
    out: dict[str, Head] = {}
    for h in data["head"]:
        for plural, forms in ((False, h["sg"]), (True, h["pl"])):
            for form in forms:
                key = _n(form)
                if len(phrase_tokens(key)) != 1:
                    continue
                head = Head(
                    h["en"][0],
                    h["en"][1],
                    plural,
                    h["type"],
                    bool(h.get("role")),
                    words.get(key),
                    bool(h.get("container")),
                    bool(h.get("body")),
                    frozenset(_n(w) for w in h.get("with", [])),
                    bool(h.get("author_only")),
                )
                out[key] = head
                if not plural and not key.startswith("ال") and key[-1] not in "اهي":
                    out.setdefault(key + "ا", head)  # the accusative: «لكن متحدثا باسم …»
    return out


def _modifiers(data: dict[str, Any]) -> list[tuple[tuple[str, ...], Modifier]]:
    out = []
    for m in data["modifier"]:
        forms = list(m.get("words", []))
        for stem in m.get("stems", []):
            forms += [stem + s for s in STEM_ENDINGS]
            forms += ["ال" + f for f in forms if not f.startswith("ال")]
        out += [(phrase_tokens(f), Modifier(m["en"], m.get("type"))) for f in forms]
    return out


def _first_words(lists: dict[int, tuple[PhraseIndex[Any], set[str]]]) -> dict[str, int]:
    """Every token that may open a phrase of one of ``lists`` (bit → its index and the
    first words of its phrases), as written, with the bits of those lists.

    A token is kept when a reading its list accepts is a first word: the tokens are
    the first words with what the list accepts written in front (و / ف, and the
    article for head nouns), kept when :func:`~corpus_tools.text.tokens.readings`
    reads them so.
    """
    out: dict[str, int] = {}
    for bit, (index, words) in lists.items():
        clitics = index.clitics
        if clitics.prep or clitics.suffix:
            raise ValueError("first words are generated for و / ف and the article only")
        fronts = ["", "و", "ف"] if clitics.conj else [""]
        fronts += [f + "ال" for f in fronts] if clitics.article else []
        for form in {f + w for w in words for f in fronts}:
            if any(r.stem in index for r in readings(form) if clitics.accepts(r)):
                out[form] = out.get(form, 0) | bit
    return out


def _document_verbs(data: dict[str, Any]) -> frozenset[str]:
    """The perfect forms of ``document_verbs`` (masc. and fem.: «نشر», «نشرت»)."""
    out = set()
    for w in data.get("document_verbs", []):
        out |= {_n(w), _n(w) + "ت"}
    return frozenset(out)


def _outlet_nouns() -> frozenset[str]:
    """The outlet nouns of ``entity_patterns.toml`` («قناة», «صحيفة» …), also with ل
    and the article («لقناة», «القناة», «للقناة»)."""
    nouns = [_n(w) for w in load_toml("entity_patterns.toml")["quoted"]["MEDIA"]]
    return frozenset(nouns + [p + w for w in nouns for p in ("ل", "ال", "لل")])


@cache
def lexicon() -> Lexicon:
    """The cue lexicon from ``data/attribution.toml`` (cached)."""
    data = load_toml("attribution.toml")
    verbs = _verbs(data)
    participles = {
        _n(f): v["lemma"]
        for v in data["verb"]
        if v.get("participle")
        for f in participle_forms(v["participle"])
    }
    participles |= {_n(f): p["lemma"] for p in data.get("participle", []) for f in p["forms"]}
    preps = [
        (phrase_tokens(f), Prep(p["lemma"], bool(p.get("lam"))))
        for p in data["prep"]
        for f in p["forms"]
    ]
    openers = [(phrase_tokens(w), None) for w in data["clause_openers"]]
    breaks = openers + [((c,), None) for c in _words(data, "complementizers")]
    heads, modifiers = _heads(data), _modifiers(data)
    lists: dict[int, tuple[PhraseIndex[Any], set[str]]] = {
        VERB: (PhraseIndex(verbs.items(), CONJUNCTIONS), set(verbs)),
        PARTICIPLE: (PhraseIndex(participles.items(), CONJUNCTIONS), set(participles)),
        PREP: (PhraseIndex(preps, CONJUNCTIONS), {p[0] for p, _ in preps}),
        OPENER: (PhraseIndex(openers, CONJUNCTIONS), {p[0] for p, _ in openers}),
        BREAK: (PhraseIndex(breaks, CONJUNCTIONS), {p[0] for p, _ in breaks}),
        HEAD: (PhraseIndex(heads.items(), HEAD_CLITICS), set(heads)),
        MODIFIER: (PhraseIndex(modifiers, CONJUNCTIONS), {p[0] for p, _ in modifiers}),
    }
    lists[PREP_ALONE] = (lists[PREP][0], {p[0] for p, _ in preps if len(p) == 1})
    first_words = _first_words(lists)
    for p, _ in preps:
        if len(p) > 1:
            first_words[p[1]] = first_words.get(p[1], 0) | PREP_NEXT
    return Lexicon(
        verbs=lists[VERB][0],
        participles=lists[PARTICIPLE][0],
        participle_lemmas=frozenset(participles.values()),
        verb_by_lemma={v.lemma: v for v in verbs.values()},
        subject_openers=_words(data, "subject_openers"),
        adverbs=_words(data, "adverbs"),
        document_verbs=_document_verbs(data),
        prep_lemmas=frozenset(p.lemma for _, p in preps),
        preps=lists[PREP][0],
        complementizers=_words(data, "complementizers"),
        openers=lists[OPENER][0],
        clause_breaks=lists[BREAK][0],
        opener_len=max(len(p) for p, _ in openers),
        outlet_anaphors=_words(data, "outlet_anaphors"),
        outlet_nouns=_outlet_nouns(),
        function_words=_words(data, "function_words") | {_n(w) for w in function_words()},
        quantifiers=_words(data, "quantifiers"),
        impersonal=_words(data, "impersonal"),
        relatives=_words(data, "relatives"),
        auxiliaries=_words(data, "auxiliaries"),
        prepositions=_words(data, "prepositions"),
        outlet_verbs=_words(data, "outlet_verbs"),
        honorifics=PhraseIndex(
            [(phrase_tokens(w), None) for w in data.get("honorifics", [])], CONJUNCTIONS
        ),
        honorific_anaphors=_words(data, "honorific_anaphors"),
        not_names=frozenset(_n(w) for w in data["title_phrases"]["not_names"]),
        title_adjectives=frozenset(_n(w) for w in data["title_phrases"]["adjectives"]),
        title_links=frozenset(_n(w) for w in data["title_phrases"]["links"]),
        heads=lists[HEAD][0],
        document_nouns=frozenset(
            w for w in lists[HEAD][0].heads if any(h.container for h in lists[HEAD][0].get(w))
        ),
        modifiers=lists[MODIFIER][0],
        first_words=first_words,
        cue_words=frozenset(w for w, b in first_words.items() if b & (PREP | PARTICIPLE | VERB)),
    )


# --- one token ----------------------------------------------------------------------


@lru_cache(maxsize=1 << 12)
def verb_of(token: str) -> Verb | None:
    """The reporting verb ``token`` is (as written or after و / ف), if it is one."""
    m = lexicon().verbs.longest_at((token,), 0)
    return m.value if m else None


@lru_cache(maxsize=1 << 12)
def participle_of(token: str) -> str | None:
    """The lemma of the participle ``token`` is («مضيفاً» → أضاف), if it is one."""
    m = lexicon().participles.longest_at((token,), 0)
    return m.value if m else None


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 14)
def reads_as(token: str, words: frozenset[str]) -> bool:
    """``token``, as written or without a leading و / ف, is one of ``words``."""
    return any(r.stem in words for r in readings(token) if CONJUNCTIONS.accepts(r))


def as_written(index: PhraseIndex[V], word: str) -> V | None:
    """The value of the one-word phrase ``word`` as written (no clitics taken off)."""
    if word not in index:
        return None
    m = next((m for m in index.matches_at([word], 0) if not m.reading.cut), None)
    return m.value if m else None
