"""Sources that are not written out in full, resolved against what came before.

«الصحيفة» refers back to the outlet last named; «الشرطة» to the police described
before; «وزير الخارجية الأمريكي» to «وزير الخارجية الأمريكي جون كيري» and «المنظمة»
to «منظمة العفو الدولية» (a definite title or body noun to the one it named); «وقال
كيربي» to «جون كيربي» (family-name anaphora); a cue with no subject
(«وأضافت أن») takes the latest source that agrees with the verb; a participle
(«مضيفاً») the source of its sentence; a whole paragraph in quotation marks the
latest speaker. The ``resolution`` column says which of these happened.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from corpus_tools.extract.attribution.article import Article, Source, Statement
from corpus_tools.extract.attribution.content import statement_row
from corpus_tools.extract.attribution.lexicon import without_conjunction
from corpus_tools.extract.attribution.sources import (
    ENTITY_SOURCE_TYPES,
    description_keys,
    head_key,
    opening_title,
    reaches_name,
    source_from_entity,
)
from corpus_tools.text.morphology import without_possessive


class History:
    """The sources resolved so far, in order, with the lookups :func:`resolve` makes
    kept up to date as it goes (no lookup rescans the article's earlier statements).

    ``outlet`` is the outlet being relayed, as the text names it; ``relays`` the one
    the article's metadata names.
    """

    def __init__(self, relays: str | None = None) -> None:
        self.items: list[Source] = []
        self.outlet: str | None = None
        self.relays = relays
        self._plural: Source | None = None
        self._singular: dict[bool, Source] = {}
        self._media: Source | None = None
        self._described: dict[str | None, Source] = {}
        self._by_family_name: dict[str, Source] = {}
        self._by_entity: dict[str, Source] = {}
        self._named_in_sentence: dict[int, Statement] = {}
        self.told: dict[str, str] = {}  # source name → the outlet it spoke to
        # «وأوضح التحالف في بيان …», «تقرير صادر عن …»: each document noun (bare) → its
        # latest author, and the author of the latest document of all
        self.documents: dict[str, Source] = {}
        self.latest_document: Source | None = None
        self._titled: dict[str, list[Source]] = {}  # title → descriptions by it

    def relayed(self) -> str | None:
        """The outlet statements come through when no other is named."""
        return self.outlet or self.relays

    def append(self, src: Source) -> None:
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
        if src.resolution in ("named", "anaphor") and src.entity_id:
            self._by_entity.setdefault(src.entity_id, src)

    def titled(self, src: Source) -> None:
        """Remember a description by a title («المبعوث الدولي إلى اليمن»)."""
        if src.title and not src.entity_id and src.resolution == "described":
            self._titled.setdefault(src.title, []).append(src)

    def described_by_title(self, src: Source) -> Source | None:
        """The latest description by ``src``'s title that agrees with what it says."""
        for other in reversed(self._titled.get(src.title or "", [])):
            if other is not src and (src.title_keys <= other.title_keys or not src.title_keys):
                return other
        return None

    def entity(self, entity_id: str | None) -> Source | None:
        """The first source that named this entity."""
        return self._by_entity.get(entity_id) if entity_id else None

    def latest(self, want: Source | None = None) -> Source | None:
        """The latest source that agrees with ``want`` in number and gender (the
        latest of all when none does, or when ``want`` is None)."""
        if want is not None:
            found = self._plural if want.plural else self._singular.get(want.feminine)
            if found is not None:
                return found
        return self.items[-1] if self.items else None

    def latest_person(self) -> Source | None:
        """The latest source that is a person."""
        return next((s for s in reversed(self.items) if s.type in PERSON_TYPES), None)

    def latest_media(self) -> Source | None:
        return self._media

    def described(self, head_en: str | None) -> Source | None:
        """The latest source described with this head («the police»)."""
        return self._described.get(head_en)

    def family_name(self, word: str) -> Source | None:
        """The latest named source of several words whose last word is ``word``."""
        return self._by_family_name.get(word)

    def named_statement(self, st: Statement) -> None:
        """``st`` (resolved, with a source name) is the latest of its sentence."""
        self._named_in_sentence[st.sent] = st

    def earlier_in_sentence(self, st: Statement) -> Statement | None:
        """The latest statement of ``st``'s sentence before it whose source has a name."""
        return self._named_in_sentence.get(st.sent)


#: Source types of people (a shorter later form of their name is an anaphor).
PERSON_TYPES = frozenset({"official", "diplomat", "private_person", "militant_or_former_member"})


def earlier_person(
    art: Article, src: Source, pos: int, history: History
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


@dataclass(frozen=True)
class Mention:
    """A named person or body introduced by a title or body noun: where, who, and what
    the title said (:func:`~corpus_tools.extract.attribution.sources.description_keys`)."""

    start: int
    name: str
    entity_id: str | None
    type: str
    keys: frozenset[str]


def titled_mentions(art: Article) -> dict[str, list[Mention]]:
    """Every entity of the article a title or body noun introduces, by that noun (bare):
    «وزير الخارجية الأمريكي جون كيري» under وزير, «منظمة العفو الدولية» and «شركة
    سانوفي» under منظمه / شركه. Built once per article."""
    cached = art.__dict__.get("_titled_mentions")
    if cached is not None:
        return cached
    out: dict[str, list[Mention]] = {}
    heads, tokens = art.lex.heads, art.tokens
    for ent in art.entities:
        j = art.first_token(ent)
        if ent["label"] == "PER":
            for t in range(j - 1, max(j - 11, -1), -1):
                if reaches_name(art, t, j):
                    kind = ENTITY_SOURCE_TYPES.get(ent["kind"], "private_person")
                    key = opening_title(art, t)[0]
                    keys = description_keys(art, t + 1, j - 1)
                    out.setdefault(key, []).append(
                        Mention(ent["start"], ent["canonical"], ent["entity_id"], kind, keys)
                    )
                    break
            continue
        if ent["label"] not in ("ORG", "MEDIA"):
            continue  # «شرطة دبي»: the place is not the body
        for at in (j, j - 1):  # «منظمة العفو الدولية», «شركة سانوفي»
            if at < 0:
                continue
            m = next(iter(heads.matches_at(tokens, at)), None)
            if m is not None and m.value.body and m.last == at:
                name, kind = source_from_entity(ent, m.value)
                last = art.last_token(ent)
                after = art.entity_at.get(last + 1)
                if after is not None and after["label"] == "NORP":
                    last = art.last_token(after)  # «شركة «سانوفي» الفرنسية»: its nationality
                keys = description_keys(art, at + 1, last, ent)
                out.setdefault(head_key(art, at) or "", []).append(
                    Mention(ent["start"], name, ent["entity_id"], kind, keys)
                )
                break
    art.__dict__["_titled_mentions"] = out
    return out


def _definite(art: Article, src: Source) -> bool:
    """«الوزير», «وزير الخارجية», «المنظمة»: a description that points at someone."""
    a = src.text_first
    if a < 0:
        return False
    if without_conjunction(art.tokens[a]).startswith("ال"):
        return True
    return a + 1 < len(art.tokens) and art.tokens[a + 1].startswith("ال")


def _earlier_titled(art: Article, src: Source, pos: int, body: bool) -> Mention | None:
    """The latest mention before ``pos`` introduced by ``src``'s title that agrees with
    what ``src`` says of it (for a body, only the entities it names must agree)."""
    want = src.title_keys if not body else {k for k in src.title_keys if k[:2] == "E:"}
    for m in reversed(titled_mentions(art).get(src.title or "", [])):
        if m.start < pos and want <= m.keys:
            return m
    return None


def resolve(art: Article, statements: list[Statement]) -> list[dict]:
    """Resolve every statement's source in order and return the table rows."""
    rows: list[dict] = []
    history = History(art.relays)
    frames: list[tuple[Statement, dict | None]] = []  # media statements of the sentence
    for st in statements:
        src = st.source
        pos = art.starts[st.cue_first] if st.cue_first >= 0 else st.clause_start
        _resolve_source(art, st, pos, history)
        frames = [f for f in frames if f[0].sent == st.sent]
        if not src.name:  # nobody speaks («فلقد سجلت الأسابيع الأخيرة …»): no frame used
            continue
        frame = _frame_of(st, pos, frames)
        if frame is not None and st.via is None and st.relay_by is None:
            st.via = frame[0].source.name  # «وبحسب الإذاعة، فقد أوضحت الناطقة …»
            if frame[1] is not None and st.kept and _only_a_frame(art, frame[0], pos):
                rows.remove(frame[1])
        relayed = history.relayed()  # the outlet until this statement
        via = _via(art, st, pos, history)
        row = None
        if st.kept:
            row = statement_row(art, st, src, via)
            rows.append(row)
            rows += [statement_row(art, st, other, via) for other in st.also]
        if src.type == "media" and st.content_end > st.content_start:
            frames.append((st, row))
        trailing = _trailing_frame(art, st, row, rows, relayed)
        if trailing:  # «وقالت المنظمة إن …، وذلك وفق ما نقلته صحيفة «X»»
            rows.remove(row)
            continue  # the outlet is how the statement came, not a speaker to go back to
        history.append(src)
        history.titled(src)
        history.named_statement(st)
        noun = _in_a_document(art, st) if src.type != "media" else None
        if noun is None and src.rule == "document-author" and src.text_first >= 0:
            noun = without_possessive(without_conjunction(art.tokens[src.text_first]))
            noun = noun if noun in art.lex.document_nouns else None  # «تقرير صادر عن …»
        if noun is not None:
            history.documents[noun] = history.latest_document = src
    return _interviews(rows, history)


def _same_document(art: Article, src: Source, history: History) -> bool:
    """The source is the document noun of a statement made in a document earlier (the
    latest of that noun), with the article («البيان» after «في بيان», «التقرير» after
    «في تقرير لها» or «تقرير صادر عن المنظمة»; not «الدراسات»), or any document noun
    after a demonstrative («هذه البيانات»)."""
    return _author_named_before(art, src, history) is not None


def _author_named_before(art: Article, src: Source, history: History) -> Source | None:
    """The author of the document ``src`` names again (see :func:`_same_document`)."""
    if src.text_first < 0 or history.latest_document is None:
        return None
    tok = without_conjunction(art.tokens[src.text_first])
    if not tok.startswith("ال"):
        return None
    before = src.text_first - 1
    if before >= 0 and without_conjunction(art.tokens[before]) in _DEMONSTRATIVES:
        # «وبحسب هذه البيانات»: the latest document
        return history.latest_document if tok[2:] in art.lex.document_nouns else None
    return history.documents.get(tok[2:])


#: Demonstratives before a document noun («هذه البيانات»): the document just named.
_DEMONSTRATIVES = frozenset({"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين"})


#: How many words after the cue a document adjunct («في بيان») may start.
_DOCUMENT_WINDOW = 6


def _in_a_document(art: Article, st: Statement) -> str | None:
    """The document noun (bare, no pronoun) when the statement says it was made in a new
    document: «في» + an indefinite document noun after the cue or the source («وأوضح
    التحالف في بيان أنه …», «في تقرير لها», «في تقريرها»)."""
    if st.cue_first < 0:
        return None
    first = max(st.cue_last, st.source.text_last) + 1
    for j in range(first, min(len(art.tokens) - 1, first + _DOCUMENT_WINDOW)):
        if art.punct_before(j) and j > first:
            return None
        if art.tokens[j] not in ("في", "وفي"):
            continue
        noun = without_possessive(art.tokens[j + 1])
        # a new document, the speaker's («في بيان», «في تقرير لها»); «في التقرير»
        # names one the text gave already, whose author may be another
        if noun in art.lex.document_nouns and not noun.startswith("ال"):
            return noun
    return None


def _trailing_frame(
    art: Article, st: Statement, row: dict | None, rows: list[dict], relayed: str | None
) -> bool:
    """An outlet's prepositional cue after a statement of its sentence («…، وذلك وفق ما
    نقلته صحيفة «X»», «…، بحسب تقرير صدر عن مركز «جين»») is how that statement
    came: the statement takes the outlet as via (over the outlet the article was
    relaying until then, ``relayed``), and the cue is no row of its own."""
    if row is None or st.lemma not in art.lex.prep_lemmas or st.content_start >= row["cue_start"]:
        return False
    if st.source.type != "media" and st.source.rule != "document-author":
        return False
    inner = []
    for r in reversed(rows):  # the rows of this sentence are the last ones
        if r["sent_id"] != st.sent:
            break
        if r is row or r["cue_start"] >= row["cue_start"]:
            continue
        # its cue inside the frame's content, or its content running into it («وأوضحت
        # الرابطة أن …، حيث …، وفقا لما نقلته صحيفة «X»»)
        if st.content_start <= r["cue_start"] or r["content_end"] >= st.content_start:
            inner.append(r)
    for r in inner:
        if r["via"] is None or r["via"] == relayed:
            r["via"] = st.source.name
        if r["content_end"] > row["cue_start"]:  # the content stops before «، وذلك وفق …»
            end = _before_frame(art.text, r["content_start"], row["cue_start"])
            r["content_end"], r["content"] = end, art.text[r["content_start"] : end]
            r["end"] = max(r["cue_end"], end, r["source_end"])
    return bool(inner)


def _before_frame(text: str, start: int, cue: int) -> int:
    """Where a content ends before a trailing cue: without «، وذلك» and the spaces."""
    end = cue
    while end > start and text[end - 1] in " ،,-–—":
        end -= 1
    for lead in ("وذلك", "و"):
        if text[start:end].endswith(lead):
            end -= len(lead)
            break
    while end > start and text[end - 1] in " ،,-–—":
        end -= 1
    return end


def _interviews(rows: list[dict], history: History) -> list[dict]:
    """A speaker who spoke to an outlet in the article («في حواره مع قناة …») speaks
    through it in every statement that names no other way (the interview is the
    article's source for them, before the mention as after it)."""
    for row in rows:
        told = history.told.get(row["source"])
        if told is not None and row["via"] in (None, history.relayed()):
            row["via"] = told
    return rows


def _frame_of(
    st: Statement, pos: int, frames: list[tuple[Statement, dict | None]]
) -> tuple[Statement, dict | None] | None:
    """The outlet's statement of the same sentence whose content holds ``st``'s cue."""
    for frame in reversed(frames):
        outer = frame[0]
        if outer is not st and outer.content_start <= pos < outer.content_end:
            return frame
        # «وبحسب الإذاعة، فقد أوضحت …»: the content the next statement cut short
        if outer is not st and outer.content_start <= pos and outer.content_end >= st.clause_start:
            return frame
    return None


def _only_a_frame(art: Article, outer: Statement, pos: int) -> bool:
    """«وبحسب الإذاعة، فقد أوضحت …»: the outer cue is a preposition whose content is
    the inner statement (at most a word before its cue), so it says nothing itself."""
    if outer.lemma not in art.lex.prep_lemmas:
        return False
    return len(art.text[outer.content_start : pos].split()) <= 1


def _resolve_source(art: Article, st: Statement, pos: int, history: History) -> None:
    """Give ``st.source`` the name its resolution points to (it stays empty when none)."""
    src = st.source
    first = history.entity(src.entity_id) if src.resolution == "named" else None
    head = art.lex.heads.longest_at(art.tokens, src.text_first) if src.title else None
    body = bool(head and head.value.body)
    # «وقالت المنظمة الحقوقية»: a description the tagger took for a name of its own
    own = art.entity_at.get(src.text_first) if src.entity_id else None
    tagged = body and own is not None and own["kind"] == "tagged"
    if (
        src.title
        and (src.entity_id is None or tagged)
        and src.resolution in ("described", "anaphor", "unclassified", "named")
        and _definite(art, src)
    ):
        earlier = _earlier_titled(art, src, pos, body)
        # «وزير الخارجية الأمريكي» after «… جون كيري»
        if earlier is not None and earlier.entity_id != src.entity_id:
            src.name, src.entity_id, src.resolution = earlier.name, earlier.entity_id, "anaphor"
            if earlier.type != "private_person":
                src.type = earlier.type
            return
        same = history.described_by_title(src) if src.entity_id is None else None
        if same is not None:  # «المبعوث الأممي لليمن» after «المبعوث الدولي إلى اليمن»
            src.name, src.type, src.resolution = same.name, same.type, "anaphor"
            return
    if first is not None:  # named before: «وأضاف كيربي» after «… جون كيربي»
        if src.type == "private_person":
            src.type = first.type  # the title said it then
        shorter = src.text_last - src.text_first + 1 < len(first.name.split())
        if src.text_first >= 0 and first.type in PERSON_TYPES and shorter:
            src.resolution = "anaphor"  # a person named again by part of the name
    elif src.rule == "honorific":  # «وأضاف معاليه»: the person last quoted
        base = history.latest_person()
        if base is not None:
            src.name, src.entity_id, src.type = base.name, base.entity_id, base.type
    elif src.resolution == "anaphor" and not src.name:
        named = art.media_before(pos)
        src.name = named["canonical"] if named else (history.relayed() or "")
        src.entity_id = named["entity_id"] if named else None
    elif src.resolution == "anaphor" and _same_document(art, src, history):
        # «وأورد البيان أن …» after «وأوضح التحالف في بيان …»: the statement's author
        author = _author_named_before(art, src, history)
        assert author is not None  # _same_document said so
        src.name, src.entity_id, src.type = author.name, author.entity_id, author.type
    elif src.resolution == "anaphor" and src.head_en:
        same = history.described(src.head_en)
        if same is not None:
            src.name, src.type = same.name, same.type
        else:
            src.resolution = "described"  # «الشرطة» named for the first time
    elif src.resolution == "unclassified":
        named = earlier_person(art, src, pos, history)
        if named is not None:  # «وقال كيربي» after «جون كيربي»
            src.name, src.entity_id, src.type = named
            src.resolution = "anaphor"
    elif src.resolution == "participle":
        _continue_sentence(st, history)
    elif src.resolution == "dropped_subject":
        base = history.latest(src)
        if base is None and history.relayed():
            src.name, src.type = history.relayed() or "", "media"
        elif base is not None:
            src.name, src.entity_id, src.type = base.name, base.entity_id, base.type
            src.generic = base.generic
    elif src.resolution == "passive":
        src.name, src.type = "unattributed estimate", "estimate"


def _continue_sentence(st: Statement, history: History) -> None:
    """A participle's source: the subject written earlier in its sentence, else the latest."""
    src = st.source
    prev = history.earlier_in_sentence(st)
    base = prev.source if prev else history.latest()
    if base is not None:
        src.name, src.entity_id, src.type = base.name, base.entity_id, base.type
        src.plural, src.feminine, src.generic = base.plural, base.feminine, base.generic
        if prev:  # the subject written earlier in the sentence («المتحدث … قائلاً»)
            src.text_first, src.text_last = base.text_first, base.text_last


def _via(art: Article, st: Statement, pos: int, history: History) -> str | None:
    """The outlet ``st`` reaches the reader through; keeps ``history.outlet`` up to date."""
    relay_by = st.relay_by
    if relay_by is not None:
        if relay_by.resolution == "anaphor" or not relay_by.name:
            named = art.media_before(pos)
            if relay_by.resolution == "dropped_subject":  # «ونقلت عن …»: the outlet before
                base = history.latest_media()
                relay_by.name = base.name if base else (history.relayed() or "")
            else:
                relay_by.name = named["canonical"] if named else (history.relayed() or "")
        if relay_by.type == "media" and relay_by.resolution != "described":
            history.outlet = relay_by.name
        return relay_by.name or None
    name = st.source.name
    # only a speaker named or titled keeps the outlet: «مصدر أمني» is many people
    keeps = not st.source.generic
    if st.via:
        if keeps:
            history.told[name] = st.via
        return st.via
    if st.source.type == "media":
        if st.source.resolution != "described":  # «وسائل إعلام محلية» relays nothing after
            history.outlet = st.source.name
        return None
    met = _outlet_met(art, st, pos) or _outlet_between(art, st)
    if met is not None:  # «… في حواره مع قناة «X» بقوله: …»
        if keeps:
            history.told[name] = met
        return met
    told = history.told.get(name)
    if told is not None and history.items and history.items[-1].name == name:
        return told  # the same speaker goes on, in the same interview
    return history.relayed()


def _outlet_between(art: Article, st: Statement) -> str | None:
    """An outlet the statement reached, named between the source (or the cue) and the
    content right after a verb of receiving or sending («وقال المرصد في بيان تلقت
    وكالة الأنباء الألمانية نسخة منه إن …»; not «في بيان ينفي ما نشرته صحيفة …»)."""
    if st.cue_first < 0 or st.content_start < 0 or st.content_start <= art.starts[st.cue_first]:
        return None
    first = max(st.cue_last, st.source.text_last) + 1
    last = bisect_left(art.starts, st.content_start)
    for j in range(first, min(last, first + _MET_WINDOW)):
        got = _outlet_reached(art, j)
        if got is not None:
            return got
    return None


#: How many words a verb of receiving or sending may stand before the outlet: right
#: before it («تلقت وكالة …»), or further back when «إلى» brings the outlet in («وجهها
#: فريق الدفاع عن بوغدير إلى وكالة …»).
_REACHED_WINDOW, _REACHED_WINDOW_TO = 2, 7


def _outlet_reached(art: Article, j: int) -> str | None:
    """The outlet whose name opens at token ``j`` (after its outlet noun, if any: «إلى
    صحيفة «X»») when a verb of receiving or sending (``outlet_verbs``) stands before it
    in the same stretch of text, within :data:`_REACHED_WINDOW` words, or
    :data:`_REACHED_WINDOW_TO` after «إلى»."""
    ent = art.entity_at.get(j)
    if ent is None or ent["label"] != "MEDIA" or art.first_token(ent) != j:
        return None
    verbs, tokens = art.lex.outlet_verbs, art.tokens
    at = j - 1 if j and tokens[j - 1] in art.lex.outlet_nouns else j
    window = _REACHED_WINDOW_TO if at and tokens[at - 1] in ("الي", "الى") else _REACHED_WINDOW
    for k in range(at - 1, max(-1, at - 1 - window), -1):
        # «وجهها» keeps its و: a root letter, not a conjunction
        if tokens[k] in verbs or without_conjunction(tokens[k]) in verbs:
            return ent["canonical"]
        if art.punct_before(k):
            break
    return None


#: How many words before a cue the outlet spoken to is looked for.
_MET_WINDOW = 30


def _outlet_met(art: Article, st: Statement, pos: int) -> str | None:
    """An outlet spoken to in the statement's clause (a participle's: its sentence)
    before its cue («في مقابلة مع قناة …», «لوكالة فرانس برس»)."""
    start = st.clause_start
    sent_start = art.sentences[st.sent][0]
    if st.source.resolution == "participle":  # «وتحدث … مع قناة «X» بقوله»: its sentence
        start = sent_start
    first_tok = bisect_left(art.starts, sent_start)
    if first_tok < len(art.tokens) and art.tokens[first_tok] in art.lex.prepositions:
        start = sent_start  # «وفي رسالة وجهها … إلى وكالة …، اتهم»: a fronted adjunct
    last = bisect_left(art.starts, pos)
    first = max(bisect_left(art.starts, start), last - _MET_WINDOW)
    for i in range(first, last):
        told = art.told_outlet(i)
        if told is not None:
            return told[0]
        reached = _outlet_reached(art, i)  # «وفي رسالة وجهها الدفاع إلى وكالة …، اتهم»
        if reached is not None:
            return reached
    return None


def bare_quotes(art: Article, rows: list[dict]) -> list[dict]:
    """A paragraph that is one quotation, with no cue, is the latest speaker's."""
    out = []
    # «does a row overlap the sentence», «the last non-media row before it»: by binary
    # search over the rows sorted by start, not a scan of every row per sentence
    covered = sorted((r["start"], r["end"]) for r in rows)
    covered_starts = [a for a, _ in covered]
    covered_reach = list(accumulate((b for _, b in covered), max))
    speakers = sorted((r["start"], k) for k, r in enumerate(rows) if r["source_type"] != "media")
    speaker_starts = [a for a, _ in speakers]
    latest_speaker = list(accumulate((k for _, k in speakers), max))
    for sent_id, (s_start, s_end) in enumerate(art.sentences):
        if not _quoted_paragraph(art, s_start, s_end):
            continue
        n_before = bisect_left(covered_starts, s_end)  # rows that start before s_end
        if n_before and covered_reach[n_before - 1] > s_start:
            continue
        n_speakers = bisect_left(speaker_starts, s_start)
        if n_speakers:
            prev = rows[latest_speaker[n_speakers - 1]]
            out.append(_quotation_row(art, prev, sent_id, s_start, s_end))
    return out


def _quoted_paragraph(art: Article, s_start: int, s_end: int) -> bool:
    """The sentence opens a paragraph and is one quotation."""
    if s_start > 0 and art.text[s_start - 1] != "\n":
        return False
    para = art.text[s_start:s_end].strip()
    return para.startswith("«") and para.rstrip(".").endswith("»")


def _quotation_row(art: Article, prev: dict, sent_id: int, s_start: int, s_end: int) -> dict:
    """The row of a quoted paragraph attributed to the speaker of row ``prev``."""
    q = art.quote_at(s_start)
    c_start, c_end = (q[0] + 1, q[1] - 1) if q else (s_start, s_end)
    return {
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
        "rule": "quotation",
        "speech": "direct",
        "content": art.text[c_start:c_end],
        "content_start": c_start,
        "content_end": c_end,
    }
