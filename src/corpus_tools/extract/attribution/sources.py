"""The source of a statement: the noun phrase after (or before) its cue, reduced to a name.

An entity's canonical name when one is named («وزير الدفاع الأمريكي جيم ماتيس» →
Jim Mattis; «المتحدث باسم وزارة الخارجية البريطانية» → UK Foreign Office
spokesperson), a title and a name («اللواء الجوهري»), else a description built
from the head noun and its modifiers («دبلوماسيون غربيون» → Western diplomats),
else the subject's own words (``unclassified``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus_tools.extract.attribution.article import Article, Source
from corpus_tools.extract.attribution.lexicon import (
    HEAD,
    MODIFIER,
    Head,
    Modifier,
    as_written,
    reads_as,
    without_conjunction,
)
from corpus_tools.extract.entities import title_at
from corpus_tools.text.normalize import strip_marks
from corpus_tools.text.tokens import CONJUNCTIONS

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
#: The source type of an entity, by its kind (or label, for MEDIA).
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
#: Modifiers written before the nationality and the adjectives («former Western …»).
PRE_MODIFIERS = ("former", "other", "unnamed", "unofficial", "classified")
#: «أحد المقاتلين»: one of them.
ONE_OF = ("احد", "احدى", "احدي")
#: An adjective the lexicon has no word for («بلوماسي»): read on over it.
_NISBA_RE = re.compile(r"ي(ه|ون|ين|ات)?$")


def source_from_entity(ent: dict, head: Head | None) -> tuple[str, str]:
    """(name, source type) of a source that is an entity."""
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
    if kind == "institution" and head is not None:
        return ent["canonical"], head.type  # «وزارة الداخلية العراقية»: a ministry's type
    return ent["canonical"], ENTITY_SOURCE_TYPES.get(kind, "ngo_or_research")


def analyse_np(art: Article, first: int, last: int) -> Source | None:
    """Canonical source of the noun phrase in tokens ``first..last`` (inclusive)."""
    if first > last:
        return None
    end = _head_phrase_end(art, first, last)
    while first <= end and art.tokens[first] in art.lex.auxiliaries:
        first += 1
    if first > end:
        return None
    head, head_at, head_last = _head(art, first, end)
    named = _named(art, first, end, head)
    if named is not None:
        return named
    titled = titled_person(art, first, end)
    if titled is not None:
        return titled
    if head is not None:
        return describe(art, head, head_at, head_last, end)
    if reads_as(art.tokens[first], art.lex.outlet_anaphors):
        return Source(first, first, "", None, "media", "anaphor", feminine=True)
    lead = art.entity_at.get(first)
    if lead is not None and lead["label"] == "LOC":
        last_tok = art.last_token(lead)
        return Source(first, last_tok, lead["canonical"], lead["entity_id"], "government", "named")
    return None


def _head_phrase_end(art: Article, first: int, last: int) -> int:
    """The head phrase stops before a relative pronoun or punctuation."""
    for i in range(first + 1, last + 1):
        if art.punct_before(i) or art.tokens[i] in art.lex.relatives:
            return i - 1
    return last


def _head(art: Article, first: int, end: int) -> tuple[Head | None, int, int]:
    """The head noun of the phrase (after a quantifier: «أحد المقاتلين»), its tokens."""
    lex = art.lex
    quantified = without_conjunction(art.tokens[first]) in lex.quantifiers and first < end
    lead = first + 1 if quantified else first
    for i in range(first, min(end, lead + 1) + 1):
        if not art.bits(i) & HEAD:
            continue
        for m in lex.heads.matches_at(art.tokens, i):
            if m.last <= end:
                return m.value, i, m.last
    return None, -1, -1


def _named(art: Article, first: int, end: int, head: Head | None) -> Source | None:
    """The source when the phrase names an entity that speaks (a person, outlet, body)."""
    ents: list[dict] = []
    for i in range(first, end + 1):
        ent = art.entity_at.get(i)
        if ent is not None and (not ents or ents[-1] is not ent):
            ents.append(ent)
    if not ents:
        return None
    owned = bool(head and (head.role or head.container))
    # «صحيفة «X»», «معهد X»: the name opens the phrase (or a role names its body)
    near = [e for e in ents if owned or art.first_token(e) <= first + 1]
    people = [e for e in ents if e["label"] == "PER" and art.first_token(e) <= first + 3]
    media = [e for e in near if e["label"] == "MEDIA"]
    orgs = [e for e in near if e["label"] == "ORG"]
    if head is not None and head.container and (media or orgs):
        return _entity_source(art, first, (media or orgs)[0], None)  # «تقرير نشره الكونغرس»
    if people:
        src = _entity_source(art, first, people[0], head)
        titled_kind = title_kind(art, first)
        if titled_kind and src.type == "private_person":
            src.type = titled_kind  # «السفير … روبرت فورد»: the title says who speaks
        return src
    if media and not (head and head.role):
        src = _entity_source(art, first, media[0], None)
        src.feminine = True
        return src
    if head and head.role and (orgs or media):
        ent = (orgs or media)[0]
        name = f"{ent['canonical']} {head.en_sg}"
        return Source(first, art.last_token(ent), name, None, head.type, "described", head_en=name)
    # «رئيس لجنة الشؤون»: after a title the body is not the speaker, its head is
    if orgs and (head is None or art.entity_at.get(first) is orgs[0]):
        if art.entity_at.get(first) is not orgs[0] and title_kind(art, first):
            return None
        return _entity_source(art, first, orgs[0], head)
    return None


def _entity_source(art: Article, first: int, ent: dict, head: Head | None) -> Source:
    name, kind = source_from_entity(ent, head)
    return Source(first, art.last_token(ent), name, ent["entity_id"], kind, "named")


def title_kind(art: Article, first: int) -> str | None:
    """The source type of a title opening the phrase at ``first``, if one does."""
    m = title_at(art.tokens, first, CONJUNCTIONS, roles=False)
    return m.kind if m else None


def titled_person(art: Article, first: int, end: int) -> Source | None:
    """«اللواء الجوهري», «السفير الأمريكي روبرت فورد»: a title, then a name.

    The name is up to three words after the title (and any nationality or entity
    right after it); a first word with the article must read as a family name
    («الجوهري»: ending in ي, and not a known entity).
    """
    m = title_at(art.tokens, first, CONJUNCTIONS, roles=False)
    if m is None:
        return None
    j = m.last + 1
    while j <= end and art.entity_at.get(j) is not None:
        j += 1  # «السفير الأمريكي …», «المتحدث باسم الخارجية …»
    names: list[int] = []
    while j <= end and len(names) < 3 and _name_word(art, first, j):
        names.append(j)
        j += 1
    if not names:
        return None
    name = " ".join(art.tokens[i] for i in names)
    return Source(first, names[-1], name, None, m.kind, "named", head_en=None)


def _name_word(art: Article, first: int, j: int) -> bool:
    """Token ``j`` may be a word of the name after a title."""
    lex, tok = art.lex, art.tokens[j]
    return not (
        (j > first and art.punct_before(j))
        or tok in lex.function_words
        or tok in lex.not_names
        or tok in lex.heads
        or art.entity_at.get(j) is not None
        or not tok.isalpha()
        or (tok.startswith("ال") and not tok.endswith("ي"))
        or tok in lex.relatives
        or art.is_verb(j)
    )


def unclassified(art: Article, first: int, last: int) -> Source | None:
    """A written subject we have no word for («وقال المدرب إن»): keep its own words.

    None when the words after the verb are not a subject: an addressee («قال لي»,
    «لمناصريه»), a participle («وأوضح قائلاً») or a function word.
    """
    lex, tok = art.lex, art.tokens[first]
    if (
        (tok.startswith("ل") and art.entity_at.get(first) is None)
        or art.is_participle(first)
        or reads_as(tok, lex.function_words)
    ):
        return None
    end = first
    while (
        end < min(last, first + 2)
        and not art.punct_before(end + 1)
        and art.tokens[end + 1] not in lex.function_words
    ):
        end += 1
    name = " ".join(art.tokens[first : end + 1])
    return Source(first, end, name, None, "unknown", "unclassified")


@dataclass
class _Words:
    """What a description says about its head, in the order it is written in English."""

    kind: str
    last: int
    pre: list[str] = field(default_factory=list)  # former, other, unnamed …
    nat: list[str] = field(default_factory=list)  # nationalities: «Tunisian security official»
    adj: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def bare(self) -> bool:
        return not (self.pre or self.nat or self.adj or self.places)


def describe(art: Article, head: Head, at: int, head_last: int, end: int) -> Source:
    """«دبلوماسيون غربيون» → Western diplomats; «مسؤولون في تركيا» → officials in Turkey."""
    tokens = art.tokens
    words = _qualifiers(art, head, head_last, end)
    head_en = head.word or (head.en_pl if head.plural else head.en_sg)
    if (
        head.type == "anonymous"
        and "intelligence" in words.adj
        and head_en in ("report", "reports")
    ):
        words.kind = "intelligence"
    if at > 0 and without_conjunction(tokens[at - 1]) in ONE_OF and not head.word:
        head_en = head.en_sg  # «أحد المقاتلين»: one of them
    parts = [*dict.fromkeys(words.pre), *dict.fromkeys(words.nat), *dict.fromkeys(words.adj)]
    name = " ".join([*parts, head_en])
    if words.places:
        name += " in " + " and ".join(dict.fromkeys(words.places))
    nxt = head_last + 1
    if (
        head.type == "government"
        and words.bare()
        and nxt <= end
        and tokens[nxt].startswith("ال")
        and art.entity_at.get(nxt) is None
        and tokens[nxt] not in art.lex.function_words
    ):
        name += f" ({strip_marks(art.text[art.starts[nxt] : art.ends[nxt]])})"
        words.last = nxt  # «وزارة الداخلية» → ministry (الداخلية)
    if head.en_sg == "relative" and not head.word:
        name = "relatives"
    resolution = "described"
    if tokens[at].startswith("ال") and words.bare():
        resolution = "anaphor"  # «الدبلوماسيون», «الوالد»: the ones named before
    return Source(
        at, words.last, name, None, words.kind, resolution, plural=head.plural, head_en=head_en
    )


def _qualifiers(art: Article, head: Head, head_last: int, end: int) -> _Words:
    """The nationalities, modifiers and places written after the head."""
    tokens = art.tokens
    words = _Words(head.type, head_last)
    i = head_last + 1
    # a genitive noun that is itself a head: «مسؤولو الاستخبارات» → intelligence officials
    genitive = as_written(art.lex.heads, tokens[i]) if i <= end else None
    if genitive is not None and genitive.type == "intelligence":
        words.adj.append("intelligence")
        words.kind = "intelligence" if words.kind != "anonymous" else words.kind
        words.last, i = i, i + 1
    while i <= end and i <= head_last + 8:
        ent = art.entity_at.get(i)
        tok = tokens[i]
        if tok[0] == "و" and without_conjunction(tok) != tok and not _is(ent, "NORP"):
            break  # «ومحللين حكوميين»: a second, coordinated source
        if _is(ent, "NORP"):
            words.nat.append(ent["canonical"])
            words.last = art.last_token(ent)
            i = words.last + 1
            continue
        if without_conjunction(tok) == "في":
            _places(art, i + 1, end, words)
            break
        m = art.lex.modifiers.longest_at(tokens, i) if art.bits(i) & MODIFIER else None
        if m is None:
            if _NISBA_RE.search(tok) and not tok.startswith("ال") and i < end:
                i += 1  # an adjective we have no word for («بلوماسي»): read on
                continue
            break
        _qualify(words, m.value)
        words.last = m.last
        i = m.last + 1
    return words


def _is(ent: dict | None, label: str) -> bool:
    return ent is not None and ent["label"] == label


def _places(art: Article, j: int, end: int, words: _Words) -> None:
    """«مسؤولون في تركيا وسوريا»: the places after في."""
    found = []
    while j <= end and _is(art.entity_at.get(j), "LOC"):
        ent = art.entity_at[j]
        found.append(ent["canonical"])
        j = art.last_token(ent) + 1
    if found:
        words.places += found
        words.last = j - 1


def _qualify(words: _Words, mod: Modifier) -> None:
    (words.pre if mod.en in PRE_MODIFIERS else words.adj).append(mod.en)
    if mod.type and words.kind not in ("anonymous", "estimate"):
        words.kind = mod.type
    if mod.type == "anonymous":
        words.kind = "anonymous"


def coordinated(art: Article, src: Source, np_last: int) -> list[Source]:
    """Further sources joined to ``src`` by و («معهد دراسة الحرب ومحللين حكوميين»)."""
    out: list[Source] = []
    j = src.text_last + 1
    while j <= np_last:
        if art.punct_before(j):
            break
        tok = art.tokens[j]
        if tok[0] == "و" and len(tok) > 2:
            ent = art.entity_at.get(j)
            is_head = without_conjunction(tok) in art.lex.heads
            if is_head or (ent is not None and ent["label"] in ("ORG", "MEDIA", "PER")):
                other = analyse_np(art, j, np_last)
                if other is not None and other.resolution in ("named", "described"):
                    out.append(other)
                    j = other.text_last + 1
                    continue
        j += 1
    return out
