"""The source of a statement: the noun phrase after (or before) its cue, reduced to a name.

An entity's canonical name when one is named («وزير الدفاع الأمريكي جيم ماتيس» →
Jim Mattis; «المتحدث باسم وزارة الخارجية البريطانية» → UK Foreign Office
spokesperson), a title and a name («اللواء الجوهري»), else a description built
from the head noun and its modifiers («دبلوماسيون غربيون» → Western diplomats),
else the subject's own words (``unclassified``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_tools.extract.attribution.article import Article, Source
from corpus_tools.extract.attribution.lexicon import (
    HEAD,
    MODIFIER,
    NISBA_RE,
    OPENER,
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
    "business",
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
    body = head is not None and head.body and kind not in ENTITY_SOURCE_TYPES
    if head is not None and (kind == "institution" or body):
        return ent["canonical"], head.type  # «وزارة الداخلية العراقية», «شركة سانوفي»
    return ent["canonical"], ENTITY_SOURCE_TYPES.get(kind, "ngo_or_research")


def analyse_np(art: Article, first: int, last: int, lam: bool = False) -> Source | None:
    """Canonical source of the noun phrase in tokens ``first..last`` (inclusive).

    ``lam``: its first word may carry ل («وفقاً للشرطة», «وفقاً لمصادر»)."""
    if first > last:
        return None
    end = _head_phrase_end(art, first, last)
    first = _after_auxiliaries(art, first, end)
    if first > end:
        return None
    if without_conjunction(art.tokens[first]) in art.lex.honorific_anaphors:
        src = Source(first, first, "", None, "", "anaphor")  # «وأضاف معاليه»
        src.rule = "honorific"
        return src
    head, head_at, head_last = _head(art, first, end, lam)
    if head is not None and head_at > first and opening_title(art, first) is not None:
        head = None  # «رئيس لجنة الشؤون»: the title is the head, not the body after it
    src = _named(art, first, end, head, head_last)
    for rule, read in (
        ("title-name", lambda: titled_person(art, first, end)),
        (
            "description",
            lambda: (
                describe(art, head, head_at, head_last, end)
                if head and not head.author_only
                else None
            ),
        ),
        ("title", lambda: title_description(art, first, end)),
    ):
        if src is not None:
            break
        src = read()
        if src is not None:
            src.rule = rule
    if src is not None:
        src.rule = src.rule or "entity"
        src.generic = src.rule == "description" and src.entity_id is None
        _mark_title(art, src, first, end, head, head_at, head_last)
        return src
    if reads_as(art.tokens[first], art.lex.outlet_anaphors):
        last = first  # «الصحيفة البريطانية»: with its adjectives
        while last < end and (
            _is(art.entity_at.get(last + 1), "NORP") or NISBA_RE.search(art.tokens[last + 1])
        ):
            last += 1
        src = Source(first, last, "", None, "media", "anaphor", feminine=True)
        src.rule = "outlet-noun"
        return src
    lead = art.entity_at.get(first)
    if lead is not None and lead["label"] == "LOC":
        last_tok = art.last_token(lead)
        src = Source(first, last_tok, lead["canonical"], lead["entity_id"], "government", "named")
        src.rule = "place"
        return src
    return None


def _after_auxiliaries(art: Article, first: int, end: int) -> int:
    """The phrase's first token after auxiliaries («وكان … قد») and honorifics before a
    title or name («سمو أمير المنطقة», «معالي الوزير»)."""
    lex = art.lex
    while first <= end:
        if art.tokens[first] in lex.auxiliaries:
            first += 1
            continue
        m = lex.honorifics.longest_at(art.tokens, first)
        if m is None or m.last >= end:
            return first
        first = m.last + 1
    return first


def _head_phrase_end(art: Article, first: int, last: int) -> int:
    """The head phrase stops before a relative pronoun or punctuation (but not before a
    name in apposition: «وكيل وزارة الصحة، إنريك دومينغو،»)."""
    for i in range(first + 1, last + 1):
        if art.tokens[i] in art.lex.relatives and not _document_verb(art, i + 1, last):
            return i - 1
        if art.punct_before(i) and not abbreviated_title(art, i - 1):
            name_last = apposed_name(art, first, i, last)
            return i - 1 if name_last is None else name_last
    return last


def _document_verb(art: Article, j: int, last: int) -> bool:
    """Token ``j`` is a document verb with its object pronoun («أصدرها», «نشرته»): after
    a relative pronoun it gives the document its author («البيانات التي أصدرها البنك»)."""
    if j > last:
        return False
    tok = art.tokens[j]
    stem = next((tok[: -len(p)] for p in ("ها", "ه") if tok.endswith(p)), None)
    if stem is not None and stem.endswith("ت") and len(stem) > 3:
        stem = stem[:-1]  # «نشرته»: the feminine verb
    return stem is not None and without_conjunction(stem) in art.lex.document_verbs


def bare_word(tok: str) -> str:
    """``tok`` without the article or ل and a و / ف before them («لليمن», «واليمن» →
    يمن; «وزارة» keeps its و), to compare two descriptions of one speaker."""
    t = tok[1:] if tok.startswith(("وال", "فال", "ولل", "فلل", "وبال")) else tok
    for p in ("بال", "لل", "ال", "ل"):
        if t.startswith(p) and len(t) - len(p) >= 3:
            return t[len(p) :]
    return t


def description_keys(art: Article, a: int, b: int, own: dict | None = None) -> frozenset[str]:
    """What tokens ``a..b`` say of a title or body noun: the entities named
    (``E:``+canonical) and the other words (``W:``+bare word), less the title's
    adjectives («الدولي»), links («إلى») and function words; it stops at a person.

    «وزير الخارجية الأمريكي» → {W:خارجيه, E:American}: a later «وزير الخارجية» is him,
    «وزير الدفاع» is not. ``own``: an entity read as words (a name that holds its noun).
    """
    lex, out = art.lex, set()
    i = a
    while i <= b:
        ent = art.entity_at.get(i)
        if ent is not None and ent is not own:  # (``own``: the name itself, read as words)
            if ent["label"] == "PER":
                break
            out.add("E:" + ent["canonical"])
            i = art.last_token(ent) + 1
            continue
        tok = art.tokens[i]
        plain = without_conjunction(tok)
        if not (
            plain in lex.title_adjectives
            or plain in lex.title_links
            or tok in lex.function_words
            or not tok.isalpha()
        ):
            out.add("W:" + bare_word(tok))
        i += 1
    return frozenset(out)


def opening_title(art: Article, first: int) -> tuple[str, int] | None:
    """(key, last token) of the title opening the phrase at ``first`` («المتحدث باسم»,
    «وزير الخارجية», «المبعوث»), with roles; the key is the title's words as the title
    list read them, the first without clitics and article («ووزير» → وزير, not «زير»),
    less its adjectives and links: «المبعوث الأممي» and «المبعوث» are one key,
    «رئيس الوزراء» and «الرئيس» two."""
    m = title_at(art.tokens, first, CONJUNCTIONS, roles=True)
    if m is None:
        return None
    lex = art.lex
    rest = [
        w
        for w in art.tokens[m.first + 1 : m.last + 1]
        if w not in lex.title_adjectives and w not in lex.title_links
    ]  # «المبعوث الأممي» is «المبعوث»; «رئيس الوزراء» is not «الرئيس»
    words = [_without_article(art.tokens[m.first][m.clitic :]), *rest]
    return " ".join(words), m.last


def head_key(art: Article, i: int) -> str | None:
    """The key of the head noun at token ``i`` as the head list read it («الوزارة»,
    «وزارة», «والوزارة» → وزاره), or None."""
    m = next(iter(art.lex.heads.matches_at(art.tokens, i)), None)
    return _without_article(m.reading.stem) if m is not None else None


def _without_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def reaches_name(art: Article, first: int, j: int) -> bool:
    """A name starting at token ``j`` is the name of the title opening at ``first``.

    Between them only what a title is of («المبعوث الدولي إلى اليمن «إسماعيل …»»,
    «رئيس اللجنة الأمنية في مجلس محافظة ديالى صلاح …»): no verb, complementizer,
    relative, other person or function word but a link; and the word before the name
    is definite, an entity, a quotation mark or a comma — not a noun the name
    completes («المتحدث باسم حملة كلينتون»: Clinton does not speak).
    """
    t = opening_title(art, first)
    if t is None or j - first > 10 or j <= t[1]:
        return False
    lex, prev = art.lex, j - 1
    before = art.entity_at.get(prev)
    if prev == t[1] and without_conjunction(art.tokens[prev]) in lex.title_links:
        return False  # «المتحدث باسم كلينتون»: the body the role is of
    if not (
        prev == t[1]
        or without_conjunction(art.tokens[prev]).startswith(("ال", "لل"))
        or (before is not None and before["label"] != "PER")
        or art.gap_has(j, "«")
        or art.gap_has(j, "،")
    ):
        return False
    for i in range(t[1] + 1, j):
        tok, ent = art.tokens[i], art.entity_at.get(i)
        if ent is not None and ent["label"] != "PER" and art.first_token(ent) < i:
            continue  # a word inside a body's name («الإف بي آي»): not a function word
        if (
            art.is_verb(i)
            or tok in lex.complementizers
            or tok in lex.relatives
            or (ent is not None and ent["label"] == "PER")
            or (tok in lex.function_words and without_conjunction(tok) not in lex.title_links)
            or (i > t[1] + 1 and art.punct_before(i) and not art.gap_has(i, "«"))
        ):
            return False
    return True


def apposed_name(art: Article, first: int, j: int, last: int) -> int | None:
    """«وكيل وزارة الصحة في الفلبين، إنريك دومينغو، أن»: the last token of a person's
    name set off by a comma at token ``j`` after a title, when the name ends the phrase."""
    ent = art.entity_at.get(j)
    if (
        ent is None
        or ent["label"] != "PER"
        or art.first_token(ent) != j
        or art.gap(j).strip() not in ("،", ",")
        or not reaches_name(art, first, j)
    ):
        return None
    end = art.last_token(ent)
    nxt = end + 1
    if nxt > last or art.punct_before(nxt) or art.tokens[nxt] in art.lex.complementizers:
        return min(end, last)
    return None


def title_description(art: Article, first: int, end: int) -> Source | None:
    """«المبعوث الدولي إلى اليمن» with no name: the title as written, typed by it (a
    definite one may refer back to the person it was the title of)."""
    m = title_at(art.tokens, first, CONJUNCTIONS, roles=True)
    if m is None:
        return None
    last = _title_extent(art, m.last, end)
    words = [without_conjunction(art.tokens[first]), *art.tokens[first + 1 : last + 1]]
    return Source(first, last, " ".join(words), None, m.kind, "described")


def _title_extent(art: Article, last: int, end: int) -> int:
    """The last token of a title ending at ``last`` with what it is a title of: up to
    four more words, a link only before an entity («… إلى اليمن», not «… في حواره»)."""
    lex, stop = art.lex, min(end, last + 4)
    while last < stop:
        nxt, tok = last + 1, art.tokens[last + 1]
        if art.punct_before(nxt) or art.is_verb(nxt) or tok in lex.relatives:
            break
        if without_conjunction(tok) in lex.title_links:
            ent = art.entity_at.get(nxt + 1) if nxt < end else None
            if ent is None or ent["label"] == "PER":
                break
            last = min(art.last_token(ent), end)
            continue
        if tok in lex.function_words:
            break
        prev = without_conjunction(art.tokens[last])
        if tok.startswith("ال") and prev.startswith("ال") and not NISBA_RE.search(tok):
            break  # «المبعوث الأممي الأطراف»: a definite noun after a definite word ends it
        last = nxt
    return last


def _mark_title(
    art: Article,
    src: Source,
    first: int,
    end: int,
    head: Head | None,
    head_at: int,
    head_last: int,
) -> None:
    """Record the title or body noun ``src``'s phrase opens with, and what the phrase
    says of it (up to the name; for a description, up to ``end``)."""
    t = opening_title(art, first)
    if t is not None:
        src.title, a = t[0], first + 1  # «وزير الدفاع»: the title's own words count
        if not src.entity_id:
            end = _title_extent(art, t[1], end)  # what the title is of, no more
    elif head is not None and (head.body or head.role) and head_at == first:
        src.title, a = head_key(art, head_at), head_last + 1
        end = src.text_last  # what the description itself says («المركز», not what follows)
    else:
        return
    own = art.entity_at.get(first)
    src.title_keys = description_keys(art, a, src.text_last if src.entity_id else end, own)


def _head(art: Article, first: int, end: int, lam: bool = False) -> tuple[Head | None, int, int]:
    """The head noun of the phrase (after a quantifier: «أحد المقاتلين»), its tokens;
    ``lam``: the first word may carry ل («للشرطة»)."""
    lex = art.lex
    quantified = without_conjunction(art.tokens[first]) in lex.quantifiers and first < end
    lead = first + 1 if quantified else first
    for i in range(first, min(end, lead + 1) + 1):
        if lam and i == first and art.tokens[i].startswith("ل"):
            bare = _without_lam(art.tokens[i])
            for m in lex.heads.matches_at([bare, *art.tokens[i + 1 : end + 1]], 0):
                return m.value, i, i + m.last
            continue
        if not art.bits(i) & HEAD:
            continue
        for m in lex.heads.matches_at(art.tokens, i):
            if m.last <= end:
                last = m.last
                if last < end and art.tokens[last + 1] in m.value.with_words:
                    last += 1  # «وسائل إعلام»
                return m.value, i, last
    return None, -1, -1


#: A preposition with the document's pronoun, after a verb: «تصريحات أدلى بها …».
_OBJECT_PRONOUNS = frozenset({"بها", "به", "بهما"})


def _document_author(art: Article, j: int, end: int) -> Source | None:
    """«تقرير نشره الكونغرس», «معلومات قدمها مصدر …», «البيانات التي أصدرها البنك»: a
    document verb with its object pronoun at token ``j`` (after a relative pronoun), then
    the author, who is the source; or a body noun with the article right after the
    document («تقرير المنظمة»), which refers back."""
    if art.tokens[j] in art.lex.relatives:
        if not _document_verb(art, j + 1, end):
            return None
        j += 1  # «البيانات التي أصدرها البنك المركزي», «التقرير الذي نشرته المنظمة»
    tok = art.tokens[j]
    if tok.startswith("ل") and not tok.startswith("لل") and _author_with_lam(art, j):
        src = analyse_np(art, j, end, lam=True)  # «تقرير لمنظمة حقوقية», «بيان لوزارة …»
        if src is not None and src.resolution in ("named", "described"):
            src.rule = "document-author"
            return src
        return None
    genitive = head_key(art, j) if tok.startswith("ال") else None
    if genitive is not None:  # «تقرير المنظمة»: the body named before
        body = art.lex.heads.longest_at(art.tokens, j)
        if body is None or not body.value.body:
            return None
        src = analyse_np(art, j, end)
    elif (
        without_conjunction(tok) in art.lex.document_verbs
        and j + 2 <= end
        and art.tokens[j + 1] in _OBJECT_PRONOUNS
    ):
        src = analyse_np(art, j + 2, end)  # «تصريحات أدلى بها مسؤول»
    elif not _document_verb(art, j, end):
        return None
    else:
        src = analyse_np(art, j + 1, end)
    if src is not None:
        src.rule = "document-author"
    return src


def _author_with_lam(art: Article, j: int) -> bool:
    """Token ``j`` is ل and an author: a body noun, an outlet or organisation, or a
    person («تقرير لمنظمة حقوقية», «بيان لوزارة الخارجية», «دراسة لمركز …»); not a
    time or a purpose («تقرير للعام 2015», «تقرير لتقييم …»)."""
    ent = art.entity_at.get(j)
    if ent is not None and art.first_token(ent) == j:
        return ent["label"] in ("ORG", "MEDIA", "PER")
    word = "ال" + art.tokens[j][1:]
    found = as_written(art.lex.heads, art.tokens[j][1:]) or as_written(art.lex.heads, word)
    return found is not None and (found.body or found.type in ("government", "ngo_or_research"))


def _without_lam(tok: str) -> str:
    """«للشرطة» → الشرطة, «لمصادر» → مصادر."""
    return "ال" + tok[2:] if tok.startswith("لل") else tok[1:]


def _named(
    art: Article, first: int, end: int, head: Head | None, head_last: int = -1
) -> Source | None:
    """The source when the phrase names an entity that speaks (a person, outlet, body),
    or a document's author («معلومات قدمها مصدر …»)."""
    if head is not None and head.container and head_last < end:
        author = _document_author(art, head_last + 1, end)
        if author is not None:
            author.text_first = first  # as written: the document and its author
            return author
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
    titled = opening_title(art, first) is not None
    people = [
        e
        for e in ents
        if e["label"] == "PER"
        and (
            reaches_name(art, first, art.first_token(e))
            if titled and art.first_token(e) > first
            else art.first_token(e) <= first + 3
        )
    ]
    media = [e for e in near if e["label"] == "MEDIA"]
    orgs = [e for e in near if e["label"] == "ORG"]
    if head is not None and head.container and opening_title(art, head_last + 1) is not None:
        # «تصريحات المدير الفني للفريق الهولندي فان غال»: the titled person is the author
        author = [
            e
            for e in ents
            if e["label"] == "PER" and reaches_name(art, head_last + 1, art.first_token(e))
        ]
        if author:
            src = _entity_source(art, first, author[0], None)
            src.type = title_kind(art, head_last + 1) or src.type
            src.rule = "document-author"
            return src
    if head is not None and head.container and (media or orgs):
        src = _entity_source(art, first, (media or orgs)[0], None)  # «تقرير نشره الكونغرس»
        src.rule = "document-author"
        return src
    titled = opening_title(art, first) is not None
    body = (orgs or media)[0] if head is not None and head.body and (orgs or media) else None
    # («رئيس لجنة …»: after a title the body is not the speaker, its head is)
    if body is not None and art.first_token(body) <= head_last + 1 and not titled:
        src = _entity_source(art, first, body, head)  # «منظمة «أطباء …»», «شركة سانوفي»
        src.rule = "body-name"
        return src
    if (
        people
        and head is not None
        and head.en_sg == "relative"
        and art.first_token(people[0]) == head_last + 1
    ):
        # «عائلة بوغدير», «والد الضحية …»: the person's kin speak, not the person
        kin = head.word or (head.en_pl if head.plural else head.en_sg)
        name = f"{kin} of {people[0]['canonical']}"
        src = Source(first, art.last_token(people[0]), name, None, "private_person", "described")
        src.plural, src.head_en, src.rule = head.plural, name, "kin-of"
        return src
    if people:
        src = _entity_source(art, first, people[0], head)
        src.rule = "title-name" if titled and art.first_token(people[0]) > first else "entity"
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
        src = Source(first, art.last_token(ent), name, None, head.type, "described", head_en=name)
        src.rule = "role-of-body"
        return src
    # «رئيس لجنة الشؤون»: after a title the body is not the speaker, its head is
    if orgs and (head is None or art.entity_at.get(first) is orgs[0]):
        if art.entity_at.get(first) is not orgs[0] and title_kind(art, first):
            return None
        return _entity_source(art, first, orgs[0], head)
    return None


def _entity_source(art: Article, first: int, ent: dict, head: Head | None) -> Source:
    name, kind = source_from_entity(ent, head)
    src = Source(first, art.last_token(ent), name, ent["entity_id"], kind, "named")
    if head is not None and not head.plural and art.first_token(ent) > first:
        src.feminine = _feminine_word(art, first)  # «منظمة «…»», «شركة سانوفي»
    elif ent["label"] in ("ORG", "MEDIA"):  # «منظمة العفو الدولية», not «حزب الله»
        src.feminine = _feminine_word(art, art.first_token(ent))
    return src


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
    # after an indefinite title («قائد», «مسؤول») an indefinite adjective follows
    # («قائد ميداني», «مسؤول كبير»); after «الرئيس الإيراني» a name may be «رئيسي»
    indefinite = not without_conjunction(art.tokens[m.last]).startswith("ال")
    while j <= end and len(names) < 3 and _name_word(art, first, j, indefinite):
        names.append(j)
        j += 1
    if not names:
        return None
    nxt = names[-1] + 1
    if (
        len(names) == 1
        and art.tokens[names[0]].startswith("ال")
        and nxt <= end
        and art.tokens[nxt] in art.lex.title_adjectives
    ):
        return None  # «رئيس الوزراء الكوري الجنوبي»: a nationality and its adjective
    name = " ".join(art.tokens[i] for i in names)
    return Source(first, names[-1], name, None, m.kind, "named", head_en=None)


def abbreviated_title(art: Article, i: int) -> bool:
    """Token ``i`` is a title written as an abbreviation with its dot («د. يوسف», «م.
    محمد»): the dot is no punctuation between the title and the name."""
    tok = without_conjunction(art.tokens[i])
    return (
        len(tok) <= 2
        and tok.isalpha()
        and art.gap(i + 1).strip() == "."
        and title_at(art.tokens, i, CONJUNCTIONS, roles=False) is not None
    )


def _name_word(art: Article, first: int, j: int, indefinite: bool = False) -> bool:
    """Token ``j`` may be a word of the name after a title (``indefinite``: an
    indefinite title, after which an adjective is no name: «قائد ميداني»)."""
    lex, tok = art.lex, art.tokens[j]
    return not (
        (j > first and art.punct_before(j) and not abbreviated_title(art, j - 1))
        or tok in lex.function_words
        or tok in lex.not_names
        or without_conjunction(tok) in lex.title_adjectives
        or (indefinite and "ال" + tok in lex.title_adjectives)  # «قائد ميداني»
        or art.is_participle(j)  # «وأردف الوزير قائلا»
        or tok in lex.complementizers
        or art.ending_at(lex.openers, OPENER, j, j) is not None  # «وقال الوزير عندما …»
        or tok in lex.heads
        or art.entity_at.get(j) is not None
        or not tok.isalpha()
        or len(tok) < 2  # a lone «ل» before a quotation
        or (tok.startswith("ال") and not tok.endswith("ي"))
        or tok.startswith("لل")  # «المدير الفني للفريق»: what the title is of
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
        or _adverb(art, first)
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
    src = Source(first, end, name, None, "unknown", "unclassified")
    src.rule, src.generic = "own-words", True
    return src


def _adverb(art: Article, i: int) -> bool:
    """Token ``i`` is an adverb, never a subject: an adverb of the lexicon («أمس»,
    «رسميا»: officially), or a word written with the accusative «اً» («مجدداً») that no
    entity holds (not «ناديا»: no tanween)."""
    tok = art.tokens[i]
    if tok in art.lex.adverbs:
        return True
    written = art.text[art.starts[i] : art.ends[i]]
    return art.entity_at.get(i) is None and written.endswith(("اً", "ًا"))


@dataclass
class _Words:
    """What a description says about its head, in the order it is written in English."""

    kind: str
    last: int
    pre: list[str] = field(default_factory=list)  # former, other, unnamed …
    nat: list[str] = field(default_factory=list)  # nationalities: «Tunisian security official»
    adj: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    close_to: str | None = None  # «مصادر مقربة من الحكومة»: sources close to …
    body: str | None = None  # «مسؤول بوزارة الخارجية»: an official at the ministry

    def bare(self) -> bool:
        return not (self.pre or self.nat or self.adj or self.places or self.close_to or self.body)


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
    # English puts the adjectives in the reverse of the Arabic order: «تقارير إعلامية
    # محلية» → local media reports
    adj = list(dict.fromkeys(words.adj))[::-1]
    parts = [*dict.fromkeys(words.pre), *dict.fromkeys(words.nat), *adj]
    name = " ".join([*parts, head_en])
    if words.close_to:
        name = name.replace("close ", "", 1) + f" close to {words.close_to}"
    if words.places:
        name += " in " + " and ".join(dict.fromkeys(words.places))
    if words.body:
        name += f" at {words.body}"
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
    if head.role and nxt <= end and without_conjunction(tokens[nxt]) == "باسم":
        body = analyse_np(art, nxt + 1, end)  # «المتحدث باسم الشرطة» → police spokesperson
        if body is not None and body.resolution in ("named", "described", "anaphor"):
            name, words.last = f"{body.name} {head_en}", body.text_last
        elif nxt + 1 <= end and tokens[nxt + 1].startswith("ال"):  # «… باسم التحالف»
            body_at = nxt + 1
            name += f" ({strip_marks(art.text[art.starts[body_at] : art.ends[body_at]])})"
            words.last = body_at
    if head.en_sg == "relative" and not head.word:
        name = "relatives"
    resolution = "described"
    if tokens[at].startswith("ال") and words.bare():
        resolution = "anaphor"  # «الدبلوماسيون», «الوالد»: the ones named before
    return Source(
        at,
        words.last,
        name,
        None,
        words.kind,
        resolution,
        plural=head.plural,
        feminine=not head.plural and _feminine_word(art, at),
        head_en=head_en,
    )


def _feminine_word(art: Article, i: int) -> bool:
    """Token ``i`` is written with ة («الشركة», «المنظمة», «الناطقة»): the verbs
    that refer back to it are feminine («وأضافت»)."""
    return strip_marks(art.text[art.starts[i] : art.ends[i]]).endswith("ة")


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
        if _is(ent, "ORG") and tok.startswith("ب") and art.first_token(ent) == i:
            words.body, words.last = ent["canonical"], min(art.last_token(ent), end)
            break  # «مسؤول بوزارة الخارجية»: an official at the ministry
        m = art.lex.modifiers.longest_at(tokens, i) if art.bits(i) & MODIFIER else None
        if m is None:
            if NISBA_RE.search(tok) and not tok.startswith("ال"):
                words.last = i  # an adjective we have no word for («تجارية»): read on
                i += 1
                continue
            break
        _qualify(words, m.value)
        words.last = m.last
        i = m.last + 1
        if m.value.en == "close" and i < end and without_conjunction(tokens[i]) == "من":
            _close_to(art, i + 1, end, words)  # «مقربة من الحكومة»
            break
    return words


def _close_to(art: Article, j: int, end: int, words: _Words) -> None:
    """What sources are close to («مقربة من الحكومة», «من الرئيس الفرنسي»): an entity's
    name, else the word as written."""
    ent = art.entity_at.get(j)
    if ent is not None:
        words.close_to, words.last = ent["canonical"], min(art.last_token(ent), end)
    elif art.tokens[j] not in art.lex.function_words:
        words.close_to, words.last = art.tokens[j], j


def _is(ent: dict | None, label: str) -> bool:
    return ent is not None and ent["label"] == label


def _places(art: Article, j: int, end: int, words: _Words) -> None:
    """«مسؤولون في تركيا وسوريا»: the places after في; «مسؤول في وزارة الدفاع»: the
    body."""
    ent = art.entity_at.get(j) if j <= end else None
    if _is(ent, "ORG") and art.first_token(ent) == j:
        words.body, words.last = ent["canonical"], min(art.last_token(ent), end)
        return
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
