"""Source attribution: who said what, citing whom — one row per attributed statement.

:func:`extract_attributions` reads each clean article sentence by sentence and
finds reporting cues (``data/attribution.toml``): verbs in their inflections and
with و/ف («وقالت», «تنقل عن», «لفتت إلى أن»), participles that continue a
statement («مضيفاً أن»), and prepositional cues («بحسب», «وفقاً لـ», «على حد
تعبير»). For each it finds the source — after the verb (VSO), before it (SVO:
«الصحيفة نقلت»), or after the preposition — and the content: after «أن / إن», a
colon or a quotation, or the quotation just before «على حد تعبير».

The source is reduced to a canonical name: an entity's (from
:func:`corpus_tools.tag_entities`) when one is named («وزير الدفاع الأمريكي جيم
ماتيس» → Jim Mattis; «المتحدث باسم وزارة الخارجية البريطانية» → UK Foreign Office
spokesperson), else a description built from the head noun and its modifiers
(«دبلوماسيون غربيون» → Western diplomats). «الصحيفة» refers back to the outlet last
named; a cue with no subject («وأضافت أن») takes the latest source that agrees with
the verb; a whole paragraph in quotation marks takes the latest speaker. The
``resolution`` column says which of these happened, so nothing is silently guessed.

Column contract of :func:`extract_attributions`:

==================  =====  =====================================================
article_id          str    the article
sent_id             int64  sentence of the cue
start, end          int64  the whole attribution (cue, source and content)
cue                 str    the cue as written; cue_start / cue_end (int64)
cue_lemma           str    its canonical form (قال، نقل، بحسب …)
source_text         str    the source as written (``""`` when not written);
                           source_start / source_end (int64, -1 when not written)
source              str    canonical source name or description
source_id           str    entity id of the source, when it is an entity
source_type         str    media, government, official, diplomat, intelligence,
                           ngo_or_research, militant_or_former_member,
                           private_person, anonymous, estimate; unknown for a
                           written subject the lexicon has no word for
resolution          str    named, described, anaphor, dropped_subject, participle,
                           previous_speaker, passive, unclassified (the source is
                           kept in its own words: «وقال المدرب» → المدرب)
speech              str    direct, indirect, mixed
content             str    what is attributed; content_start / content_end (int64)
via                 str    the outlet the statement reaches the reader through
                           (relay verb, «قال لصحيفة …», else the outlet being
                           relayed), ``<NA>`` for an outlet's own statements
==================  =====  =====================================================

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": [
    ...     "ونقلت صحيفة «الغارديان» عن مسؤولين فرنسيين أن المقاتلين عادوا."]})
    >>> row = extract_attributions(arts).iloc[0]
    >>> row["source"], row["via"], row["content"]
    ('French officials', 'The Guardian', 'المقاتلين عادوا.')
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

import pandas as pd

from corpus_tools.extract.entities import TOKEN_RE, tag_entities, tag_text
from corpus_tools.pipeline.tables import ArticleInput, iter_articles, map_articles, typed_frame
from corpus_tools.resources import load_toml
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
    strip_marks,
)
from corpus_tools.text.segmenting import split_sentences

SOURCE_TYPES = (
    "media",
    "government",
    "official",
    "diplomat",
    "intelligence",
    "ngo_or_research",
    "militant_or_former_member",
    "private_person",
    "anonymous",
    "estimate",
    "unknown",
)
ATTRIBUTION_DTYPES = {
    "article_id": "str",
    "sent_id": "int64",
    "start": "int64",
    "end": "int64",
    "cue": "str",
    "cue_start": "int64",
    "cue_end": "int64",
    "cue_lemma": "str",
    "source_text": "str",
    "source_start": "int64",
    "source_end": "int64",
    "source": "str",
    "source_id": "str",
    "source_type": "str",
    "resolution": "str",
    "speech": "str",
    "content": "str",
    "content_start": "int64",
    "content_end": "int64",
    "via": "str",
}
_PUNCT_RE = re.compile(r"[،,;؛:.!?؟…\-–—()\[\]\n]")
_WORD_CHAR_RE = re.compile(r"\w")
#: What may stand between a quotation and a prepositional cue after it («…»، بحسب).
_QUOTE_GAP = frozenset(" -–—،,")


def _not_word(ch: str) -> bool:
    return _WORD_CHAR_RE.match(ch) is None


def _at_most_one_word(text: str, start: int, end: int, strip: str) -> bool:
    """``len(text[start:end].strip(strip).split()) <= 1``, reading from the end only as
    far as the second word (a long sentence before a cue is not copied or split)."""
    while end > start and text[end - 1] in strip:
        end -= 1
    while start < end and text[start] in strip:
        start += 1
    j = end
    while j > start and text[j - 1].isspace():
        j -= 1
    while j > start and not text[j - 1].isspace():
        j -= 1
    while j > start and text[j - 1].isspace():
        j -= 1
    return j == start


ENTITY_SOURCE_TYPES = {
    "MEDIA": "media",
    "government": "government",
    "ministry": "government",
    "legislature": "government",
    "military": "government",
    "police": "government",
    "intelligence": "intelligence",
    "ngo_or_research": "ngo_or_research",
    "international": "ngo_or_research",
    "armed_group": "militant_or_former_member",
    "political_group": "ngo_or_research",
    "official": "official",
    "militant": "militant_or_former_member",
    "ngo": "ngo_or_research",
}


# --- the lexicon -------------------------------------------------------------------


@dataclass(frozen=True)
class _Verb:
    lemma: str
    agree: str
    relay: str | None
    content_prep: frozenset[str]
    requires: str | None
    estimate: bool


@dataclass(frozen=True)
class _Head:
    en_sg: str
    en_pl: str
    plural: bool
    type: str
    role: bool
    word: str | None
    container: bool = False


@dataclass
class _Lexicon:
    verbs: dict[str, _Verb] = field(default_factory=dict)
    participles: dict[str, str] = field(default_factory=dict)
    preps: dict[str, list[tuple[tuple[str, ...], str, bool]]] = field(default_factory=dict)
    complementizers: frozenset[str] = frozenset()
    openers: list[tuple[str, ...]] = field(default_factory=list)
    outlet_anaphors: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    quantifiers: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    titles: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    not_names: frozenset[str] = frozenset()
    heads: dict[str, _Head] = field(default_factory=dict)
    modifiers: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = field(
        default_factory=dict
    )


def _n(word: str) -> str:
    return normalize_for_matching(word)


def _toks(phrase: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(_n(phrase)))


@cache
def lexicon() -> _Lexicon:
    """The cue lexicon from ``data/attribution.toml`` (cached)."""
    data = load_toml("attribution.toml")
    lex = _Lexicon()
    for v in data["verb"]:
        for agree in ("m", "f", "pl"):
            for form in v.get(agree, []):
                lex.verbs[_n(form)] = _Verb(
                    v["lemma"],
                    agree,
                    _n(v["relay"]) if v.get("relay") else None,
                    frozenset(_n(p) for p in v.get("content_prep", [])),
                    _n(v["requires"]) if v.get("requires") else None,
                    bool(v.get("estimate")),
                )
    for p in data["participle"]:
        for form in p["forms"]:
            lex.participles[_n(form)] = p["lemma"]
    for p in data["prep"]:
        for form in p["forms"]:
            toks = _toks(form)
            lex.preps.setdefault(toks[0], []).append((toks[1:], p["lemma"], bool(p.get("lam"))))
    for entries in lex.preps.values():
        entries.sort(key=lambda e: -len(e[0]))
    lex.complementizers = frozenset(_n(w) for w in data["complementizers"])
    lex.openers = sorted((_toks(w) for w in data["clause_openers"]), key=len, reverse=True)
    lex.outlet_anaphors = frozenset(_n(w) for w in data["outlet_anaphors"])
    lex.function_words = frozenset(_n(w) for w in data["function_words"])
    lex.quantifiers = frozenset(_n(w) for w in data["quantifiers"])
    lex.relatives = frozenset(_n(w) for w in data["relatives"])
    lex.auxiliaries = frozenset(_n(w) for w in data["auxiliaries"])
    phrases = [_toks(w) for w in data["title_phrases"]["words"]]
    for kind, words in data["titles"].items():
        for toks in [_toks(w) for w in words]:
            lex.titles.setdefault(toks[0], []).append((toks[1:], kind))
    for toks in phrases:  # «وزير الخارجية»: the portfolio belongs to the title
        kind = next((k for rest, k in lex.titles.get(toks[0], []) if not rest), "official")
        lex.titles.setdefault(toks[0], []).append((toks[1:], kind))
    for entries in lex.titles.values():
        entries.sort(key=lambda e: -len(e[0]))
    lex.not_names = frozenset(_n(w) for w in data["title_phrases"]["not_names"])
    words = {_n(k): v for k, v in data.get("head_words", {}).items()}
    for h in data["head"]:
        for plural, forms in ((False, h["sg"]), (True, h["pl"])):
            for form in forms:
                key = _n(form)
                lex.heads[key] = _Head(
                    h["en"][0],
                    h["en"][1],
                    plural,
                    h["type"],
                    bool(h.get("role")),
                    words.get(key),
                    bool(h.get("container")),
                )
    for m in data["modifier"]:
        forms = list(m.get("words", []))
        for stem in m.get("stems", []):
            forms += [stem + s for s in ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين")]
            forms += ["ال" + f for f in forms if not f.startswith("ال")]
        for form in forms:
            toks = _toks(form)
            lex.modifiers.setdefault(toks[0], []).append((toks[1:], m["en"], m.get("type")))
    return lex


def _stems(token: str) -> list[str]:
    """The token and, when it starts with و / ف, the token without it."""
    if len(token) > 2 and token[0] in "وف":
        return [token, token[1:]]
    return [token]


# --- per-article analysis -----------------------------------------------------------


@dataclass
class _Source:
    text_first: int  # token range of the source as written (-1: not written)
    text_last: int
    name: str
    entity_id: str | None
    type: str
    resolution: str
    plural: bool = False
    feminine: bool = False
    head_en: str | None = None


@dataclass
class _Statement:
    sent: int
    cue_first: int
    cue_last: int
    cue_start: int | None  # explicit char offsets (headline colon, bare quotes)
    cue_end: int | None
    lemma: str
    source: _Source
    content_start: int
    content_end: int
    clause_start: int  # char offset where the statement's clause begins
    via: str | None
    kept: bool = True  # False: a verb whose content a participle carries («صرح … قائلاً»)
    relay_by: _Source | None = None  # «نقلت الصحيفة عن …»: the outlet it comes through
    also: list[_Source] = field(default_factory=list)  # «إلى معهد … ومحللين حكوميين»
    top: bool = True  # opens a clause of its own (else it is nested in another's content)


class _Article:
    """Tokens, quotes, sentences and entities of one clean text."""

    def __init__(self, text: str, entity_rows: list[dict], relays: str | None):
        self.text = text
        self.norm, self.idx = normalize_with_offsets(text)
        self.spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(self.norm)]
        self.tokens = [self.norm[s:e] for s, e in self.spans]
        bounds = [span_to_original(self.idx, s, e, text) for s, e in self.spans]
        self.starts = [b[0] for b in bounds]
        self.ends = [b[1] for b in bounds]
        self.sentences = split_sentences(text)
        self.quotes = _quote_spans(text)
        # indexes over the quotations, so that no token rescans them all
        self._q_starts = [s for s, _ in self.quotes]
        self._q_reach = list(accumulate((e for _, e in self.quotes), max))
        by_end = sorted((e, k) for k, (_, e) in enumerate(self.quotes))
        self._q_ends = [e for e, _ in by_end]
        self._q_end_order = [k for _, k in by_end]
        self.relays = relays
        self.entity_at: dict[int, dict] = {}
        self.entities = sorted(entity_rows, key=lambda r: r["start"])
        for row in self.entities:
            for i in self.tokens_in(row["start"], row["end"]):
                self.entity_at[i] = row
        self.media = [e for e in self.entities if e["label"] == "MEDIA"]
        self._media_starts = [e["start"] for e in self.media]
        self._people: dict[str, tuple[list[int], list[dict]]] = {}
        for e in self.entities:
            if e["label"] != "PER":
                continue
            surface = TOKEN_RE.findall(normalize_for_matching(e["text"]))
            if len(surface) > 1:
                starts, ents = self._people.setdefault(surface[-1], ([], []))
                starts.append(e["start"])
                ents.append(e)

    def tokens_in(self, start: int, end: int) -> range:
        first = bisect_right(self.starts, start - 1)
        last = bisect_right(self.starts, end - 1)
        return range(first, last)

    def gap(self, i: int) -> str:
        """Characters of the clean text between token ``i - 1`` and token ``i``."""
        prev_end = self.ends[i - 1] if i > 0 else 0
        return self.text[prev_end : self.starts[i]]

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

    def last_quote_before(self, pos: int, gap_ok) -> tuple[int, int] | None:
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

    def media_before(self, pos: int) -> dict | None:
        """The last MEDIA entity that starts before ``pos``."""
        k = bisect_left(self._media_starts, pos)
        return self.media[k - 1] if k else None

    def person_before(self, word: str, pos: int) -> dict | None:
        """The last PER entity before ``pos`` of two words or more whose last word is ``word``."""
        starts, ents = self._people.get(word, ((), ()))
        k = bisect_left(starts, pos)
        return ents[k - 1] if k else None


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level quotation, marks included."""
    out: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "«":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "»" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
        elif ch == "\n" and depth:
            depth = 0  # an unclosed quotation stops at the paragraph
    for m in re.finditer(r"“[^”\n]{1,1500}”", text):
        out.append((m.start(), m.end()))
    return sorted(out)


def _source_from_entity(ent: dict, head: _Head | None) -> tuple[str, str]:
    label, kind = ent["label"], ent["kind"]
    if label == "MEDIA":
        return ent["canonical"], "media"
    if label == "PER":
        if kind in ENTITY_SOURCE_TYPES:
            return ent["canonical"], ENTITY_SOURCE_TYPES[kind]
        if head and head.type not in ("anonymous", "estimate"):
            return ent["canonical"], head.type  # «مقاتل سابق يسمى أبو شجى», «وزير … جان»
        return ent["canonical"], "private_person"
    if label in ("LOC", "NORP"):
        return ent["canonical"], "government"
    return ent["canonical"], ENTITY_SOURCE_TYPES.get(kind, "ngo_or_research")


def _analyse_np(art: _Article, first: int, last: int, lex: _Lexicon) -> _Source | None:
    """Canonical source of the noun phrase in tokens ``first..last`` (inclusive)."""
    if first > last:
        return None
    end = last
    for i in range(first, last + 1):  # the head phrase stops at a relative or punctuation
        if i > first and (_PUNCT_RE.search(art.gap(i)) or art.tokens[i] in lex.relatives):
            end = i - 1
            break
    tokens = art.tokens
    while first <= end and tokens[first] in lex.auxiliaries:
        first += 1
    if first > end:
        return None
    ents = []
    for i in range(first, end + 1):
        ent = art.entity_at.get(i)
        if ent is not None and (not ents or ents[-1] is not ent):
            ents.append(ent)
    head, head_at = None, -1
    lead = first + 1 if _stems(tokens[first])[-1] in lex.quantifiers and first < end else first
    for i in range(first, min(end, lead + 1) + 1):
        for stem in _stems(tokens[i]):
            bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
            key = stem if stem in lex.heads else bare
            if key in lex.heads:
                head, head_at = lex.heads[key], i
                break
        if head:
            break

    def last_token_of(ent: dict) -> int:
        return max(art.tokens_in(ent["start"], ent["end"]))

    def near(ent: dict) -> bool:  # «صحيفة «X»», «معهد X»: the name opens the phrase
        return min(art.tokens_in(ent["start"], ent["end"])) <= first + 1 or bool(
            head and (head.role or head.container)
        )

    people = [
        e
        for e in ents
        if e["label"] == "PER" and min(art.tokens_in(e["start"], e["end"])) <= first + 3
    ]
    media = [e for e in ents if e["label"] == "MEDIA" and near(e)]
    orgs = [e for e in ents if e["label"] == "ORG" and near(e)]
    if head is not None and head.container and (media or orgs):
        ent = (media or orgs)[0]  # «تقرير نشره الكونغرس»: the report's author
        name, kind = _source_from_entity(ent, None)
        return _Source(first, last_token_of(ent), name, ent["entity_id"], kind, "named")
    if people:
        name, kind = _source_from_entity(people[0], head)
        titled_kind = _title_kind(art, first, lex)
        if titled_kind and kind == "private_person":
            kind = titled_kind  # «السفير … روبرت فورد»: the title says who speaks
        return _Source(first, last_token_of(people[0]), name, people[0]["entity_id"], kind, "named")
    if media and not (head and head.role):
        ent = media[0]
        return _Source(
            first,
            last_token_of(ent),
            ent["canonical"],
            ent["entity_id"],
            "media",
            "named",
            feminine=True,
        )
    if head and head.role and (orgs or media):
        ent = (orgs or media)[0]
        name = f"{ent['canonical']} {head.en_sg}"
        return _Source(first, last_token_of(ent), name, None, head.type, "described", head_en=name)
    if orgs and (head is None or art.entity_at.get(first) is orgs[0]):
        name, kind = _source_from_entity(orgs[0], head)
        return _Source(first, last_token_of(orgs[0]), name, orgs[0]["entity_id"], kind, "named")
    titled = _titled_person(art, first, end, lex)
    if titled is not None:
        return titled
    if head is not None:
        return _describe(art, head, head_at, end, lex, orgs)
    stem = _stems(tokens[first])[-1]
    if stem in lex.outlet_anaphors or tokens[first] in lex.outlet_anaphors:
        return _Source(first, first, "", None, "media", "anaphor", feminine=True)
    lead = art.entity_at.get(first)
    if lead is not None and lead["label"] == "LOC":
        return _Source(
            first, last_token_of(lead), lead["canonical"], lead["entity_id"], "government", "named"
        )
    return None


def _title_kind(art: _Article, first: int, lex: _Lexicon) -> str | None:
    """The source type of a title opening the phrase at ``first``, if one does."""
    for stem in _stems(art.tokens[first]):
        for rest, kind in lex.titles.get(stem, ()):
            if tuple(art.tokens[first + 1 : first + 1 + len(rest)]) == rest:
                return kind
    return None


def _titled_person(art: _Article, first: int, end: int, lex: _Lexicon) -> _Source | None:
    """«اللواء الجوهري», «السفير الأمريكي روبرت فورد»: a title, then a name.

    The name is up to three words after the title (and any nationality or entity
    right after it); a first word with the article must read as a family name
    («الجوهري»: ending in ي, and not a known entity).
    """
    tokens = art.tokens
    for stem in _stems(tokens[first]):
        for rest, kind in lex.titles.get(stem, ()):
            k = len(rest)
            if tuple(tokens[first + 1 : first + 1 + k]) != rest:
                continue
            j = first + 1 + k
            while j <= end and art.entity_at.get(j) is not None:
                j += 1  # «السفير الأمريكي …», «المتحدث باسم الخارجية …»
            names = []
            while j <= end and len(names) < 3:
                tok = tokens[j]
                if (
                    (j > first and _PUNCT_RE.search(art.gap(j)))
                    or tok in lex.function_words
                    or tok in lex.not_names
                    or tok in lex.heads
                    or art.entity_at.get(j) is not None
                    or not tok.isalpha()
                    or (tok.startswith("ال") and not tok.endswith("ي"))
                    or tok in lex.relatives
                    or _verb_at(art, j, lex) is not None
                ):
                    break
                names.append(j)
                j += 1
            if not names:
                return None
            name = " ".join(tokens[i] for i in names)
            return _Source(first, names[-1], name, None, kind, "named", head_en=None)
    return None


def _unclassified(art: _Article, first: int, last: int, lex: _Lexicon) -> _Source | None:
    """A written subject we have no word for («وقال المدرب إن»): keep its own words.

    None when the words after the verb are not a subject: an addressee («قال لي»,
    «لمناصريه»), a participle («وأوضح قائلاً») or a function word.
    """
    tok = art.tokens[first]
    if (
        (tok.startswith("ل") and art.entity_at.get(first) is None)
        or _participle_at(art, first, lex)
        or tok in lex.function_words
        or _stems(tok)[-1] in lex.function_words
    ):
        return None
    end = first
    while (
        end < min(last, first + 2)
        and not _PUNCT_RE.search(art.gap(end + 1))
        and art.tokens[end + 1] not in lex.function_words
    ):
        end += 1
    name = " ".join(art.tokens[first : end + 1])
    return _Source(first, end, name, None, "unknown", "unclassified")


def _describe(art: _Article, head: _Head, at: int, end: int, lex: _Lexicon, orgs) -> _Source:
    """«دبلوماسيون غربيون» → Western diplomats; «مسؤولون في تركيا» → officials in Turkey."""
    tokens = art.tokens
    pre: list[str] = []
    nat: list[str] = []  # nationalities come first: «Tunisian security official»
    adj: list[str] = []
    places: list[str] = []
    kind = head.type
    head_en = head.word or (head.en_pl if head.plural else head.en_sg)
    last = at
    i = at + 1
    # a genitive noun that is itself a head: «مسؤولو الاستخبارات» → intelligence officials
    if i <= end and tokens[i] in lex.heads and lex.heads[tokens[i]].type == "intelligence":
        adj.append("intelligence")
        kind = "intelligence" if kind != "anonymous" else kind
        last, i = i, i + 1
    while i <= end and i <= at + 8:
        ent = art.entity_at.get(i)
        stems = _stems(tokens[i])
        if len(stems) > 1 and tokens[i][0] == "و" and (ent is None or ent["label"] != "NORP"):
            break  # «ومحللين حكوميين»: a second, coordinated source
        if ent is not None and ent["label"] == "NORP":
            nat.append(ent["canonical"])
            last = max(art.tokens_in(ent["start"], ent["end"]))
            i = last + 1
            continue
        if stems[-1] == "في" or tokens[i] == "في":
            j, found = i + 1, []
            while (
                j <= end and art.entity_at.get(j) is not None and art.entity_at[j]["label"] == "LOC"
            ):
                ent = art.entity_at[j]
                found.append(ent["canonical"])
                j = max(art.tokens_in(ent["start"], ent["end"])) + 1
            if found:
                places += found
                last = j - 1
            break
        mod = None
        for stem in stems:
            for rest, en, mtype in lex.modifiers.get(stem, ()):
                if tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                    mod = (len(rest), en, mtype)
                    break
            if mod:
                break
        if mod is None:
            if (
                re.search(r"ي(ه|ون|ين|ات)?$", tokens[i])
                and not tokens[i].startswith("ال")
                and i < end
            ):
                i += 1  # an adjective we have no word for («بلوماسي»): read on
                continue
            break
        n_rest, en, mtype = mod
        if en in ("former", "other", "unnamed", "unofficial", "classified"):
            pre.append(en)
        else:
            adj.append(en)
        if mtype and kind not in ("anonymous", "estimate"):
            kind = mtype
        if mtype == "anonymous":
            kind = "anonymous"
        last = i + n_rest
        i = last + 1
    if head.type == "anonymous" and "intelligence" in adj and head_en in ("report", "reports"):
        kind = "intelligence"
    if at > 0 and _stems(tokens[at - 1])[-1] in ("احد", "احدى", "احدي") and not head.word:
        head_en = head.en_sg  # «أحد المقاتلين»: one of them
    words = [*dict.fromkeys(pre), *dict.fromkeys(nat), *dict.fromkeys(adj), head_en]
    name = " ".join(words)
    if places:
        name += " in " + " and ".join(dict.fromkeys(places))
    if (
        head.type == "government"
        and not (pre or nat or adj or places)
        and at + 1 <= end
        and tokens[at + 1].startswith("ال")
        and art.entity_at.get(at + 1) is None
        and tokens[at + 1] not in lex.function_words
    ):
        word = strip_marks(art.text[art.starts[at + 1] : art.ends[at + 1]])
        name += f" ({word})"  # «وزارة الداخلية» → ministry (الداخلية)
        last = at + 1
    if head.en_sg == "relative" and not head.word:
        name = "relatives"
    resolution = "described"
    if tokens[at].startswith("ال") and not (pre or nat or adj or places):
        resolution = "anaphor"  # «الدبلوماسيون», «الوالد»: the ones named before
    return _Source(at, last, name, None, kind, resolution, plural=head.plural, head_en=head_en)


# --- cue finding --------------------------------------------------------------------


def _match_prep(art: _Article, i: int, lex: _Lexicon) -> tuple[int, str, bool] | None:
    for stem in _stems(art.tokens[i]):
        for rest, lemma, lam in lex.preps.get(stem, ()):
            if tuple(art.tokens[i + 1 : i + 1 + len(rest)]) == rest:
                return i + len(rest), lemma, lam
    return None


def _verb_at(art: _Article, i: int, lex: _Lexicon) -> _Verb | None:
    for stem in _stems(art.tokens[i]):
        if stem in lex.verbs:
            return lex.verbs[stem]
    return None


def _participle_at(art: _Article, i: int, lex: _Lexicon) -> str | None:
    for stem in _stems(art.tokens[i]):
        if stem in lex.participles:
            return lex.participles[stem]
    return None


def _clause_initial(art: _Article, i: int, sent_first: int, lex: _Lexicon) -> bool:
    while i > sent_first and art.tokens[i - 1] in lex.auxiliaries:
        i -= 1  # «وكان تقرير … حذر»: the clause opens at «وكان»
    if i == sent_first or (art.tokens[i][0] in "وف" and len(art.tokens[i]) > 2):
        return True
    if _PUNCT_RE.search(art.gap(i)) or "«" in art.gap(i) or "»" in art.gap(i):
        return True
    for opener in lex.openers:
        k = len(opener)
        if (
            i - k >= sent_first
            and tuple(_stems(t)[-1] if j == 0 else t for j, t in enumerate(art.tokens[i - k : i]))
            == opener
        ):
            return True
    return False


def _content_after(art: _Article, k: int, stop: int, lex: _Lexicon, preps: frozenset[str]):
    """Content start (char offset) at token ``k`` (up to token ``stop``), or None.

    A complementizer, a colon or quotation right before ``k``, or one of ``preps``
    opens the content; after an adjunct («في تقرير نشرته، …») a complementizer or a
    colon within 12 words still does.
    """
    if k > stop:
        return None
    gap = art.gap(k)
    if ":" in gap or "«" in gap or "“" in gap:
        q = art.quote_at(art.ends[k - 1] + gap.find(":") + 1 if ":" in gap else art.ends[k - 1])
        return q[0] if q else art.starts[k]
    tok = art.tokens[k]
    if tok in preps:
        k += 1
        if k > stop:
            return None
        tok = art.tokens[k]
        if tok not in lex.complementizers:
            return art.starts[k]
    for j in range(k, min(stop, k + 12) + 1):
        if j > k and (_participle_at(art, j, lex) or _verb_at(art, j, lex) is not None):
            return None  # the words belong to the next statement
        if art.in_quote(j):
            continue  # «اليوم «الإثنين»، أنه»: a quoted word inside an adjunct
        if art.tokens[j] in lex.complementizers:
            pos = art.ends[j]
            while pos < len(art.text) and art.text[pos] == " ":
                pos += 1
            return pos if j + 1 <= stop else None
        if j > k and ":" in art.gap(j):
            return art.starts[j]
    return None


# --- statements ---------------------------------------------------------------------


def _find_statements(art: _Article, lex: _Lexicon) -> list[_Statement]:
    out: list[_Statement] = []
    for sent_id, (s_start, s_end) in enumerate(art.sentences):
        toks = list(art.tokens_in(s_start, s_end))
        if not toks:
            continue
        first, last = toks[0], toks[-1]
        found: list[_Statement] = []
        i = first
        while i <= last:
            st = None
            if not art.in_quote(i):
                st = _statement_at(art, i, first, last, sent_id, lex)
            if st is None:
                i += 1
                continue
            found.append(st)
            i = st.cue_last + 1
        hl = _headline_statement(art, first, last, sent_id, lex) if sent_id == 0 else None
        if hl and not found:
            found.append(hl)
        out += _close_contents(art, found, s_end)
    return out


def _statement_at(
    art: _Article, i: int, first: int, last: int, sent: int, lex
) -> _Statement | None:
    prep = _match_prep(art, i, lex)
    if prep is not None:
        return _prep_statement(art, i, prep, first, last, sent, lex)
    lemma = _participle_at(art, i, lex)
    if lemma is not None:
        start = _content_after(art, i + 1, last, lex, frozenset({"الي", "الى"}))
        if start is None:
            return None
        src = _Source(-1, -1, "", None, "", "participle")
        return _Statement(sent, i, i, None, None, lemma, src, start, -1, art.starts[i], None)
    verb = _verb_at(art, i, lex)
    if verb is None:
        return None
    return _verb_statement(art, i, verb, first, last, sent, lex)


def _np_end(art: _Article, k: int, last: int, lex, stops: frozenset[str]) -> int:
    """Last token of a noun phrase starting at ``k`` (``k - 1`` when empty)."""
    j = k
    while j <= last and j < k + 25:
        tok = art.tokens[j]
        if j > k and (
            _PUNCT_RE.search(art.gap(j))
            or ("«" in art.gap(j) and art.quote_at(art.ends[j - 1]) and not art.entity_at.get(j))
        ):
            break
        if tok in lex.complementizers or tok in stops:
            break
        ent = art.entity_at.get(j)
        if j > k and ent is not None and ent["label"] == "MEDIA" and ent["clitic"].startswith("ل"):
            break  # «قال … لصحيفة الغارديان»: the outlet told, not the speaker
        j += 1
    return j - 1


def _verb_statement(art: _Article, i: int, verb: _Verb, first: int, last: int, sent: int, lex):
    stops = set(verb.content_prep)
    if verb.relay:
        stops.add(verb.relay)
        stops |= {"الي", "الى"} if verb.relay in ("الي", "الى") else set()
    if verb.requires:
        window = art.tokens[i + 1 : min(last, i + 8) + 1]
        if verb.requires not in window:
            return None
    stops_f = frozenset(stops)
    k = i + 1
    gap_next = art.gap(k) if k <= last else ""
    np_last = (
        i
        if (":" in gap_next or ("«" in gap_next and not art.entity_at.get(k)))
        else _np_end(art, k, last, lex, stops_f)
    )
    src = _analyse_np(art, k, np_last, lex) if np_last >= k else None
    if src is None and np_last >= k and not art.entity_at.get(k) and not verb.estimate:
        src = _unclassified(art, k, np_last, lex)  # («ويقدر عددهم»: an object, not a subject)
    clause_start = art.starts[i]
    if src is None:  # SVO: the subject before the verb
        back = i - 1
        while back >= first and not (
            _PUNCT_RE.search(art.gap(back + 1))
            or art.tokens[back] in lex.complementizers
            or art.in_quote(back)
            or _verb_at(art, back, lex) is not None
            or _participle_at(art, back, lex) is not None
        ):
            back -= 1
        b_first = back + 1
        if b_first < i and not _PUNCT_RE.search(art.gap(i)):
            src = _analyse_np(art, b_first, i - 1, lex)
            if src is not None:
                clause_start = art.starts[src.text_first] if src.text_first >= 0 else clause_start
                np_last = i  # the content follows the verb
        np_last = max(np_last, i)
    via = None
    k = np_last + 1
    # an addressee: «قال … لصحيفة «الغارديان»»
    if src is not None and k <= last:
        ent = art.entity_at.get(k)
        if ent is not None and ent["label"] == "MEDIA" and ent["clitic"].startswith("ل"):
            via = ent["canonical"]
            k = max(art.tokens_in(ent["start"], ent["end"])) + 1
    if verb.relay:
        if k <= last and art.tokens[k] in stops_f:
            relay_by = src or _Source(-1, -1, "", None, "media", "dropped_subject", feminine=True)
            k2 = k + 1
            r_last = _np_end(art, k2, last, lex, frozenset())
            original = _analyse_np(art, k2, r_last, lex)
            if original is None:
                return None
            content = _content_after(art, r_last + 1, last, lex, frozenset())
            if content is None:
                content = (
                    art.starts[original.text_last + 1] if original.text_last + 1 <= last else None
                )
            if content is None:
                return None
            return _Statement(
                sent,
                i,
                i,
                None,
                None,
                verb.lemma,
                original,
                content,
                -1,
                clause_start,
                None,
                relay_by=relay_by,
                also=_coordinated(art, original, r_last, lex),
            )
        return None
    content = _content_after(art, k, last, lex, verb.content_prep)
    content_end = -1
    if content is None:  # «…»، قال مسؤول: the quotation came first
        q = art.last_quote_before(clause_start, _not_word)
        if q is not None:
            content, content_end = q
    if (
        content is None
        and verb.estimate
        and art.tokens[i][-1:]
        and _stems(art.tokens[i])[-1][0] in "يت"
    ):
        content = art.starts[k] if k <= last else None
    if content is None:
        if src is not None:  # «صرح … قائلاً»: the participle will carry the content
            return _Statement(
                sent, i, i, None, None, verb.lemma, src, -1, -1, clause_start, via, kept=False
            )
        return None
    if src is None:
        resolution = "passive" if verb.estimate else "dropped_subject"
        src = _Source(-1, -1, "", None, "estimate" if verb.estimate else "", resolution)
        src.plural = verb.agree == "pl"
        src.feminine = verb.agree == "f"
    return _Statement(
        sent, i, i, None, None, verb.lemma, src, content, content_end, clause_start, via
    )


def _coordinated(art: _Article, src: _Source, np_last: int, lex: _Lexicon) -> list[_Source]:
    """Further sources joined to ``src`` by و («معهد دراسة الحرب ومحللين حكوميين»)."""
    out: list[_Source] = []
    j = src.text_last + 1
    while j <= np_last:
        if _PUNCT_RE.search(art.gap(j)):
            break
        tok = art.tokens[j]
        if tok[0] == "و" and len(tok) > 2:
            ent = art.entity_at.get(j)
            is_head = _stems(tok)[-1] in lex.heads
            if is_head or (ent is not None and ent["label"] in ("ORG", "MEDIA", "PER")):
                other = _analyse_np(art, j, np_last, lex)
                if other is not None and other.resolution in ("named", "described"):
                    out.append(other)
                    j = other.text_last + 1
                    continue
        j += 1
    return out


def _prep_statement(art: _Article, i: int, prep, first: int, last: int, sent: int, lex):
    cue_last, lemma, _lam = prep
    k = cue_last + 1
    if k > last:
        return None
    if art.tokens[k] in ("ل", "لـ"):
        k += 1
    np_last = _np_end(art, k, last, lex, frozenset())
    src = _analyse_np(art, k, np_last, lex)
    if src is None:
        return None
    after = src.text_last + 1
    while after <= last and art.tokens[after] in lex.relatives:
        after = _np_end(art, after + 1, last, lex, frozenset()) + 1
    quote_before = art.last_quote_before(art.starts[i], _QUOTE_GAP.__contains__)
    if quote_before is not None:
        content_start, content_end = quote_before
        st = _Statement(
            sent,
            i,
            cue_last,
            None,
            None,
            lemma,
            src,
            content_start,
            content_end,
            content_start,
            None,
        )
        return st
    if _at_most_one_word(art.text, art.starts[first], art.starts[i], " «»-–—،,"):
        # «وبحسب الصحيفة، فلقد سجلت …»: the content follows
        pos = art.starts[after] if after <= last else None
        if pos is None:
            return None
        m = re.match(r"[\s،,]*(?:ف(?:إن|ان|لقد|قد)?(?:ه)?\s+)?", art.text[pos:])
        start = pos + (m.end() if m else 0)
        return _Statement(sent, i, cue_last, None, None, lemma, src, start, -1, art.starts[i], None)
    # «… بحسب الصحيفة»: the content came first
    s_start = art.starts[first]
    return _Statement(
        sent, i, cue_last, None, None, lemma, src, s_start, art.starts[i], s_start, None
    )


def _headline_statement(art: _Article, first: int, last: int, sent: int, lex) -> _Statement | None:
    """«الغارديان: انشقاق في صفوف داعش»: a source and a colon open a headline."""
    for j in range(first + 1, min(last, first + 4) + 1):
        if ":" in art.gap(j):
            src = _analyse_np(art, first, j - 1, lex)
            if src is None or src.resolution not in ("named", "described"):
                return None
            colon = art.ends[j - 1] + art.gap(j).index(":")
            return _Statement(
                sent, -1, -1, colon, colon + 1, ":", src, art.starts[j], -1, art.starts[first], None
            )
    return None


def _trim_opener(art: _Article, start: int, end: int, lex: _Lexicon) -> int:
    """Move ``end`` back over the clause opener or complementizer and punctuation before it.

    «… بيد أن محللين يقدرون»: the first statement's content ends before «بيد أن».
    """
    phrases = [*lex.openers, *((c,) for c in lex.complementizers)]
    while True:
        t = bisect_right(art.ends, end) - 1  # last token ending at or before ``end``
        if t < 0 or art.starts[t] < start:
            break
        cut = None
        for phrase in phrases:
            k = len(phrase)
            if t - k + 1 < 0 or art.starts[t - k + 1] < start:
                continue
            words = art.tokens[t - k + 1 : t + 1]
            if tuple([_stems(words[0])[-1], *words[1:]]) == phrase or tuple(words) == phrase:
                cut = art.starts[t - k + 1]
                break
        if cut is None:
            break
        end = cut
    while end > start and art.text[end - 1] in " ،,-–—\n":
        end -= 1
    return end


def _close_contents(art: _Article, found: list[_Statement], s_end: int) -> list[_Statement]:
    """Keep top-level and explicitly sourced statements; end each content where the next begins.

    A cue inside another statement's content («كشفت الصحيفة أن المتحدث … صرح») is
    its own statement only when it names its source; a subject-less one there
    («… رسالة تقول فيها») is part of the content.
    """
    if not found:
        return []
    lex = lexicon()
    sent_first = art.tokens_in(*art.sentences[found[0].sent])[0]
    participles = set(lex.participles.values())
    kept: list[_Statement] = []
    for st in found:
        if st.cue_first < 0:
            kept.append(st)
            continue
        clause_tok = bisect_right(art.starts, st.clause_start - 1)
        top = _clause_initial(art, clause_tok, sent_first, lex) or _clause_initial(
            art, st.cue_first, sent_first, lex
        )
        explicit = st.source.resolution in ("named", "described") or st.relay_by is not None
        is_participle = st.lemma in participles and st.source.resolution == "participle"
        if top or explicit or is_participle:
            st.top = top
            if is_participle:  # it continues the statement before it, nested or not
                st.top = kept[-1].top if kept else True
            kept.append(st)
    for n, st in enumerate(kept):
        if st.content_end >= 0 or not st.kept:
            continue
        end = s_end
        for m in range(n + 1, len(kept)):
            nxt = kept[m]
            if nxt.top and nxt.clause_start > st.content_start:
                end = min(end, _trim_opener(art, st.content_start, nxt.clause_start, lex))
                break
        q = art.quote_at(st.content_start)
        if q is not None and q[1] <= end and not re.search(r"\w", art.text[q[1] : end]):
            end = q[1]
        st.content_end = end
    return kept


# --- resolution and the table ---------------------------------------------------------


class _History:
    """The sources resolved so far, in order, with the lookups :func:`_resolve` makes
    kept up to date as it goes (no lookup rescans the article's earlier statements)."""

    def __init__(self) -> None:
        self.items: list[_Source] = []
        self._plural: _Source | None = None
        self._singular: dict[bool, _Source] = {}
        self._media: _Source | None = None
        self._described: dict[str | None, _Source] = {}
        self._by_family_name: dict[str, _Source] = {}
        self._named_in_sentence: dict[int, _Statement] = {}

    def append(self, src: _Source) -> None:
        self.items.append(src)
        if src.plural:
            self._plural = src
        else:
            self._singular[src.feminine] = src
        if src.type == "media":
            self._media = src
        if src.resolution == "described":
            self._described[src.head_en] = src
        parts = src.name.split()
        if src.resolution in ("named", "anaphor") and len(parts) > 1:
            self._by_family_name[parts[-1]] = src

    def latest(self, want: _Source | None = None) -> _Source | None:
        """The latest source that agrees with ``want`` in number and gender (the
        latest of all when none does, or when ``want`` is None)."""
        if want is not None:
            found = self._plural if want.plural else self._singular.get(want.feminine)
            if found is not None:
                return found
        return self.items[-1] if self.items else None

    def latest_media(self) -> _Source | None:
        return self._media

    def described(self, head_en: str | None) -> _Source | None:
        """The latest source described with this head («the police»)."""
        return self._described.get(head_en)

    def family_name(self, word: str) -> _Source | None:
        """The latest named source of several words whose last word is ``word``."""
        return self._by_family_name.get(word)

    def named_statement(self, st: _Statement) -> None:
        """``st`` (resolved, with a source name) is the latest of its sentence."""
        self._named_in_sentence[st.sent] = st

    def earlier_in_sentence(self, st: _Statement) -> _Statement | None:
        """The latest statement of ``st``'s sentence before it whose source has a name."""
        return self._named_in_sentence.get(st.sent)


def _earlier_person(
    art: _Article, src: _Source, pos: int, history: _History
) -> tuple[str, str | None, str] | None:
    """A person named earlier whose family name is this one-word source.

    Looks at the article's PER entities before ``pos`` and at sources named by title
    («اللواء الجوهري» … «وقال الجوهري»): (name, entity id, source type).
    """
    word = src.name.split()[0] if src.name else ""
    if not word or len(src.name.split()) > 1 or len(word) < 3:
        return None
    h = history.family_name(word)  # a source already resolved keeps its type
    if h is not None:
        return h.name, h.entity_id, h.type
    ent = art.person_before(word, pos)
    if ent is not None:
        kind = ENTITY_SOURCE_TYPES.get(ent["kind"], "private_person")
        return ent["canonical"], ent["entity_id"], kind
    return None


def _resolve(art: _Article, statements: list[_Statement], relays: str | None) -> list[dict]:
    rows: list[dict] = []
    history = _History()  # resolved sources, in order
    outlet: str | None = None  # the outlet being relayed, as the text names it
    for st in statements:
        src = st.source
        pos = art.starts[st.cue_first] if st.cue_first >= 0 else st.clause_start
        if src.resolution == "anaphor" and not src.name:
            named = art.media_before(pos)
            src.name = named["canonical"] if named else (outlet or relays or "")
            src.entity_id = named["entity_id"] if named else None
        elif src.resolution == "anaphor" and src.head_en:
            same = history.described(src.head_en)
            if same is not None:
                src.name, src.type = same.name, same.type
            else:
                src.resolution = "described"  # «الشرطة» named for the first time
        elif src.resolution == "unclassified":
            named = _earlier_person(art, src, pos, history)
            if named is not None:  # «وقال كيربي» after «جون كيربي»
                src.name, src.entity_id, src.type = named
                src.resolution = "anaphor"
        elif src.resolution == "participle":
            prev = history.earlier_in_sentence(st)
            base = prev.source if prev else history.latest()
            if base is not None:
                src.name, src.entity_id, src.type = base.name, base.entity_id, base.type
                src.plural, src.feminine = base.plural, base.feminine
                if prev:  # the subject written earlier in the sentence («المتحدث … قائلاً»)
                    src.text_first, src.text_last = base.text_first, base.text_last
        elif src.resolution == "dropped_subject":
            base = history.latest(src)
            if base is None and (outlet or relays):
                src.name, src.type = outlet or relays or "", "media"
            elif base is not None:
                src.name, src.entity_id, src.type = base.name, base.entity_id, base.type
        elif src.resolution == "passive":
            src.name, src.type = "unattributed estimate", "estimate"
        if not src.name:
            continue
        relay_by = st.relay_by
        if relay_by is not None:
            if relay_by.resolution == "anaphor" or not relay_by.name:
                named = art.media_before(pos)
                if relay_by.resolution == "dropped_subject":
                    base = history.latest_media() or history.latest()
                    relay_by.name = base.name if base else (outlet or relays or "")
                else:
                    relay_by.name = named["canonical"] if named else (outlet or relays or "")
            via = relay_by.name
            if relay_by.type == "media":
                outlet = via
        elif st.via:
            via = st.via
        elif src.type == "media":
            via = None
            outlet = src.name
        else:
            via = outlet or relays
        if st.kept:
            rows.append(_row(art, st, src, via))
            rows += [_row(art, st, other, via) for other in st.also]
        history.append(src)
        history.named_statement(st)
    return rows


def _row(art: _Article, st: _Statement, src: _Source, via: str | None) -> dict:
    text = art.text
    if st.cue_first >= 0:
        cue_start, cue_end = art.starts[st.cue_first], art.ends[st.cue_last]
    else:
        cue_start, cue_end = st.cue_start, st.cue_end
    if src.text_first >= 0:
        s_start, s_end = art.starts[src.text_first], art.ends[src.text_last]
        while s_end < len(text) and text[s_end] == "»" and "«" in text[s_start:s_end]:
            s_end += 1
    else:
        s_start = s_end = -1
    c_start, c_end = st.content_start, st.content_end
    while c_end > c_start and text[c_end - 1] in " \n":
        c_end -= 1
    content = text[c_start:c_end]
    speech = _speech(content)
    if speech == "direct" and content.startswith("«") and content.endswith("»"):
        c_start, c_end = c_start + 1, c_end - 1
        content = text[c_start:c_end]
    bounds = [
        p for p in (cue_start, cue_end, s_start, s_end, c_start, c_end) if p is not None and p >= 0
    ]
    return {
        "sent_id": st.sent,
        "start": min(bounds),
        "end": max(bounds),
        "cue": text[cue_start:cue_end],
        "cue_start": cue_start,
        "cue_end": cue_end,
        "cue_lemma": st.lemma,
        "source_text": text[s_start:s_end] if s_start >= 0 else "",
        "source_start": s_start,
        "source_end": s_end,
        "source": src.name,
        "source_id": src.entity_id,
        "source_type": src.type or "anonymous",
        "resolution": src.resolution,
        "speech": speech,
        "content": content,
        "content_start": c_start,
        "content_end": c_end,
        "via": via,
    }


def _speech(content: str) -> str:
    """direct: the content is one quotation; mixed: quoted and reported words; else indirect.

    Quotation marks around one to three words («داعش», «الجهاديون الأجانب») mark a
    name or a term, not speech.

    >>> _speech("«نحن هنا ولن نغادر أبداً».")
    'direct'
    >>> _speech("«إبادة»")
    'direct'
    >>> _speech("أن مقاتلي «داعش» غادروا")
    'indirect'
    >>> _speech("أن الوضع «صعب جداً ولا يحتمل أبداً» كما قالوا")
    'mixed'
    """
    body = content.strip(" .،,")
    if re.fullmatch(r"«[^«»]*»|“[^“”]*”", body):
        return "direct"
    quotes = [m for m in re.finditer(r"«[^»]*»|“[^”]*”", body) if len(m.group().split()) >= 4]
    if not quotes:
        return "indirect"
    outside = body
    for m in reversed(quotes):
        outside = outside[: m.start()] + " " + outside[m.end() :]
    words = [w for w in outside.split() if re.search(r"\w", w)]
    return "direct" if len(words) <= 1 else "mixed"


def _bare_quotes(art: _Article, rows: list[dict], history_rows: list[dict]) -> list[dict]:
    """A paragraph that is one quotation, with no cue, is the latest speaker's."""
    out = []
    # «does a row overlap the sentence», «the last non-media row before it»: by binary
    # search over the rows sorted by start, not a scan of every row per sentence
    covered = sorted((r["start"], r["end"]) for r in rows)
    covered_starts = [a for a, _ in covered]
    covered_reach = list(accumulate((b for _, b in covered), max))
    speakers = sorted(
        (r["start"], k) for k, r in enumerate(history_rows) if r["source_type"] != "media"
    )
    speaker_starts = [a for a, _ in speakers]
    latest_speaker = list(accumulate((k for _, k in speakers), max))
    for sent_id, (s_start, s_end) in enumerate(art.sentences):
        if s_start > 0 and art.text[s_start - 1] != "\n":
            continue
        para = art.text[s_start:s_end].strip()
        if not (para.startswith("«") and para.rstrip(".").endswith("»")):
            continue
        n_before = bisect_left(covered_starts, s_end)  # rows that start before s_end
        if n_before and covered_reach[n_before - 1] > s_start:
            continue
        n_speakers = bisect_left(speaker_starts, s_start)
        if not n_speakers:
            continue
        prev = history_rows[latest_speaker[n_speakers - 1]]
        q = art.quote_at(s_start)
        c_start, c_end = (q[0] + 1, q[1] - 1) if q else (s_start, s_end)
        out.append(
            {
                **prev,
                "sent_id": sent_id,
                "start": s_start,
                "end": s_end,
                "cue": "",
                "cue_start": s_start,
                "cue_end": s_start,
                "cue_lemma": "(quotation)",
                "source_text": "",
                "source_start": -1,
                "source_end": -1,
                "resolution": "previous_speaker",
                "speech": "direct",
                "content": art.text[c_start:c_end],
                "content_start": c_start,
                "content_end": c_end,
            }
        )
    return out


def attributions_for_text(
    text: str, entity_rows: list[dict] | None = None, relays: str | None = None
) -> list[dict]:
    """Attribution rows (dicts, no ``article_id``) of one clean text; pure.

    ``entity_rows``: :func:`corpus_tools.extract.entities.tag_text` rows of the same text
    (tagged here when omitted); ``relays``: the outlet the article relays, when the
    metadata says so (the source of statements before any outlet is named).
    """
    if not text:
        return []
    rows_in = tag_text(text) if entity_rows is None else entity_rows
    art = _Article(text, rows_in, relays)
    lex = lexicon()
    statements = _find_statements(art, lex)
    rows = _resolve(art, statements, relays)
    rows += _bare_quotes(art, rows, rows)
    return sorted(rows, key=lambda r: (r["start"], r["cue_start"]))


def attribution_frame(rows: list[dict]) -> pd.DataFrame:
    """Attribution rows as a DataFrame with the module's column contract."""
    return typed_frame(rows, ATTRIBUTION_DTYPES)


def _attribution_worker(art: ArticleInput) -> list[dict]:
    return attributions_for_text(art.text, art.tables["entities"], art.relays)


def extract_attributions(
    articles: pd.DataFrame,
    entities: pd.DataFrame | None = None,
    *,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """One row per attributed statement in every article (see the column table).

    ``entities``: a :func:`corpus_tools.tag_entities` table of the same articles
    (computed with the gazetteer when omitted). A ``relays`` column in the
    articles (from ``metadata.csv``) names the outlet each article relays.
    ``n_jobs``: worker processes (articles are independent).
    """
    if "text" not in articles.columns:
        raise KeyError("extract_attributions needs clean 'text': run clean_corpus first")
    if entities is None:
        entities = tag_entities(articles, backend="gazetteer", n_jobs=n_jobs)
    inputs = iter_articles(articles, "extract_attributions", {"entities": entities})
    rows = map_articles(
        _attribution_worker, inputs, n_jobs=n_jobs, desc="attributions", show_progress=show_progress
    )
    return attribution_frame(rows)


def outlet_of(attributions: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.Series:
    """The outlet each statement reaches the reader through: ``via``, else the source
    itself when it is an outlet (its own statements), else the article's publisher
    (from ``articles``, or a ``publisher`` column of the table), else ``"(publisher)"``.

    >>> df = pd.DataFrame({"article_id": ["a", "b"], "via": ["Reuters", None],
    ...     "source": ["x", "y"], "source_type": ["official", "official"]})
    >>> outlet_of(df, pd.DataFrame({"article_id": ["a", "b"], "publisher": ["P", "Q"]})).tolist()
    ['Reuters', 'Q']
    """
    via = attributions["via"].astype("object")
    own = attributions["source"].astype("object").where(attributions["source_type"] == "media")
    outlet = via.where(via.notna() & (via != ""), own)
    publisher = None
    if articles is not None and "publisher" in articles:
        by_id = dict(
            zip(articles["article_id"], articles["publisher"].astype("object"), strict=True)
        )
        publisher = attributions["article_id"].map(by_id)
    elif "publisher" in attributions:
        publisher = attributions["publisher"].astype("object")
    if publisher is not None:
        publisher = publisher.where(publisher.notna() & (publisher != ""))
        outlet = outlet.where(outlet.notna(), publisher)
    return outlet.fillna("(publisher)").astype("str")


def citation_profile(
    attributions: pd.DataFrame, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per outlet: statements, and the share in direct / mixed / indirect speech and
    from anonymous or unattributed sources (long form: ``outlet``, ``measure``,
    ``share``, plus ``statements``). With ``articles``, a statement with no ``via``
    counts for its article's publisher (see :func:`outlet_of`).

    >>> df = pd.DataFrame({"via": ["X", "X"], "source": ["a", "b"],
    ...     "source_type": ["official", "anonymous"], "speech": ["direct", "indirect"]})
    >>> citation_profile(df).set_index("measure")["share"].to_dict()
    {'direct': 0.5, 'mixed': 0.0, 'indirect': 0.5, 'anonymous or estimate': 0.5}
    """
    if attributions.empty:
        return pd.DataFrame(columns=["outlet", "statements", "measure", "share"])
    df = attributions.assign(outlet=outlet_of(attributions, articles))
    rows = []
    for outlet, g in df.groupby("outlet", sort=True):
        n = len(g)
        for speech in ("direct", "mixed", "indirect"):
            rows.append((outlet, n, speech, float((g["speech"] == speech).mean())))
        anon = g["source_type"].isin(["anonymous", "estimate"]).mean()
        rows.append((outlet, n, "anonymous or estimate", float(anon)))
    out = pd.DataFrame(rows, columns=["outlet", "statements", "measure", "share"])
    return out.astype(
        {"outlet": "str", "statements": "int64", "measure": "str", "share": "float64"}
    )
