"""Fusing the tagger's spans with the gazetteer's matches (``backend="auto"``).

The rules, in order:

1. A gazetteer or pattern match is kept as it is: it knows the canonical name and id.
2. A tagger span that overlaps none of them becomes an entity. When the gazetteer
   knows its words it takes that entity (a form the gazetteer only accepts with
   context, confirmed by the tagger); otherwise an unknown entity of the tagger's
   label whose canonical form is the name's matching form and whose id is a stable
   slug of it (:func:`~corpus_tools.extract.gazetteer.unknown_entity`).
3. A longer tagger span replaces what it contains when that is only nationality
   words («الضفة الغربية», «سعيد الكندي»), only pattern matches (a name after a
   title cut short), or, for an organisation, only places and nationalities
   («جامعة القاهرة»).
   Spans a hyphen joins are one name («كوين-تشيك»). A span is cut at punctuation and
   loses the stopwords at its end («المنظمة الحقوقية إن» → «المنظمة
   الحقوقية»); a span made only of the lists' function and cue words (a title alone, «المدعو»,
   «مدينة») is dropped, and so is a person starting with a kunya (the patterns'
   job: they tell «أبو سعد» from «أبي» "my father").
4. An organisation named right after «صحيفة / وكالة / قناة / موقع …», or whose
   name starts with one of them, is MEDIA.
5. An institution noun followed by words with the article, where nothing else was
   found («وزارة الداخلية العراقية», ``[institution]`` of ``entity_patterns.toml``),
   is an organisation (``backend="pattern"``); nationality and place words inside it
   give way.
6. Within an article, a person named by part of a name found earlier («هانت» after
   «جيريمي هانت») is that person.

The tagger's MISC spans are not kept: nationalities are the gazetteer's job, and the
rest of ANERcorp's MISC (events, works, languages) has no place in the table.

Example:
    >>> from corpus_tools.extract.entities import document_entities
    >>> doc = Document("قال جيريمي ويلسون لصحيفة الغارديان إن الخطة جاهزة. وأضاف ويلسون أن")
    >>> for r in document_entities(doc):
    ...     print(r["text"], r["label"], r["canonical"])
    جيريمي ويلسون PER جيريمي ويلسون
    الغارديان MEDIA The Guardian
    ويلسون PER جيريمي ويلسون
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from corpus_tools.extract.gazetteer import Entity, Gazetteer, unknown_entity
from corpus_tools.extract.tagger.clusters import load_clusters, pinned_speech_verbs
from corpus_tools.resources import load_toml
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import PREFIXES, Clitics, phrase_tokens, readings

#: The readings a listed word may hide behind: proclitics and the article («والريف»).
ARTICLE = Clitics(conj=True, prep=True, article=True)

__all__ = ["KEPT_LABELS", "fuse"]

#: The tagger's labels that become entities.
KEPT_LABELS = ("PER", "LOC", "ORG")
#: The lowest marginal probability a tagger span needs (every word of it) to be kept;
#: chosen on held-out folds of the training data (README, "Entity tagger").
MIN_CONFIDENCE = 0.5
#: A kunya in its three cases (matching form): names that start with one are the
#: patterns' job («أبو سعد»), which also know «أبي» as "my father" from «أبي بكر».
_KUNYA = frozenset({"ابو", "ابي", "ابا"})
#: Punctuation no name holds (a tagger span is cut before it), quotation marks
#: included: a name in quotation marks is quoted whole («فيليب «نعتبر» is two things).
_PUNCT_RE = re.compile(r"[،,;؛:.!?؟…()\[\]\n«»\"“”]")
_QUOTE_RE = re.compile(r"[«»\"“”]")
#: Words no name holds (matching form): complementizers and relative pronouns.
_NEVER_INSIDE = frozenset(
    {"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "لان", "الذي", "التي", "الذين"}
)
#: The outlet noun whose names are a news agency's only with «الأنباء» («وكالة الأنباء
#: الألمانية», «الوكالة … للأنباء»); other agencies are organisations.
_AGENCY = "وكاله"
#: Gazetteer labels an organisation's name may contain and replace.
_INSIDE_ORG = ("LOC", "NORP")


def _clitic(token: str, known: dict[str, Any]) -> int:
    """How many letters of ``token`` are clitics (و ف ب ل ك لل). و / ف are taken off
    when the rest is a word of the cluster vocabulary («وبروكسل» → 1); ب ل ك only when
    the whole is not a word of it as well («بروكسل» → 0); never when fewer than three
    letters would be left («فان» → 0)."""
    if not known:
        return 0
    whole = token in known
    for r in readings(token):
        if not r.cut or not PREFIXES.accepts(r) or r.suffix or r.article or r.stem not in known:
            continue
        if len(r.stem) < 3:
            continue  # «فان غال»: two letters left are no word of a name («ان»)
        if r.prep and whole:
            continue
        return r.cut
    return 0


def _not_a_name(doc: Document, a: int, b: int, pats: Any) -> bool:
    """Whether every word of the span is a function or cue word of the package's lists
    (a title, «المدعو», a stopword, a context noun): such words never make a name."""
    for i in range(a, b + 1):
        tok = doc.tokens[i]
        stems = {r.stem for r in readings(tok) if ARTICLE.accepts(r)}
        listed = (
            tok in pats.stopwords
            or not stems.isdisjoint(pats.heads)
            or not stems.isdisjoint(pats.context.heads)
        )
        if not listed:
            return False
    return True


def _hyphen_joined(doc: Document, spans: Sequence[tuple]) -> list[tuple]:
    """Spans of one label that a hyphen joins with no space («كوين-تشيك») are one
    name (the tokeniser splits at the hyphen); the lower confidence is kept."""
    out: list[tuple] = []
    for span in spans:
        joined = out and span[2] == out[-1][2] and span[0] == out[-1][1] + 1
        if joined and doc.gap(span[0]) in ("-", "‐", "–"):
            prev = out.pop()
            conf = [min(prev[3], span[3])] if len(prev) > 3 and len(span) > 3 else []
            out.append((prev[0], span[1], span[2], *conf))
            continue
        out.append(tuple(span))
    return out


def _names_joined(doc: Document, spans: list[tuple]) -> list[tuple]:
    """Person spans the tagger cut in two: one word right before another person span,
    with only a space between («صلاح | مزاحم الجبوري», «دييجو | مارادونا»), is one
    name. (A word with و after a name is left alone: «راديك وفريدل» are two players.)"""
    out: list[tuple] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and span[2] == prev[2] == "PER"
            and span[0] == prev[1] + 1
            and prev[0] == prev[1]
            and not doc.gap(span[0]).strip()
        ):
            out.pop()
            conf = [min(prev[3], span[3])] if len(prev) > 3 and len(span) > 3 else []
            out.append((prev[0], span[1], "PER", *conf))
            continue
        out.append(tuple(span))
    return out


def _a_title(pats: Any, tok: str) -> bool:
    """``tok`` is a one-word title of the patterns («مديرة», «الوزير»)."""
    m = pats.titles.longest_at((tok,), 0)
    return m is not None and m.last == 0


@cache
def _not_name_ends() -> frozenset[str]:
    """Words a name never ends with, in matching form: the stopwords, the time words
    («فيليب الجمعة») and the pinned speech-verb forms («البنك المركزي أظهرت»)."""
    from corpus_tools.extract.entities import _patterns

    verbs = frozenset(normalize_for_matching(w) for w in pinned_speech_verbs())
    return _patterns().stopwords | _institution_rule().times | verbs


def _trimmed(doc: Document, a: int, b: int, stopwords: frozenset[str]) -> tuple[int, int]:
    """The span ``a..b`` up to its first punctuation or complementizer, without the
    stopwords (and time words: «فيليب الجمعة») at its end («… الحقوقية إن»; one at its
    start may be a name's word: «أم كلثوم»)."""
    for i in range(a + 1, b + 1):
        if _PUNCT_RE.search(doc.gap(i)) or doc.tokens[i] in _NEVER_INSIDE:
            b = i - 1  # «قاسم، محامي الدربي», «اللجنة المنظمة أن …»: not in a name
            break
    while b > a and doc.tokens[b] in stopwords:
        b -= 1
    return a, b


def _cut_pattern_name(doc: Document, row: dict[str, Any]) -> dict[str, Any]:
    """A pattern's person name stops before a quotation mark inside it («وقال فيليب
    «نعتبر …»» → «فيليب») or a time word («أعلن فيليب الجمعة»). (The tagger's features
    read the patterns' own spans; the cut is the fusion's, after decoding.)"""
    if row["backend"] != "pattern" or row["label"] != "PER":
        return row
    span = doc.tokens_in(row["start"], row["end"])
    times = _institution_rule().times
    for i in range(span.start + 1, span.stop):
        if _QUOTE_RE.search(doc.gap(i)) or doc.tokens[i] in times:
            end = doc.ends[i - 1]
            name = doc.norm[doc.token_spans[span.start][0] : doc.token_spans[i - 1][1]]
            name = name[len(normalize_for_matching(row["clitic"])) :]
            ent = unknown_entity(name, "PER", "person")
            return {
                **row,
                "end": end,
                "text": doc.text[row["start"] : end],
                "canonical": ent.canonical,
                "entity_id": ent.entity_id,
            }
    return row


def _kunya(token: str) -> bool:
    return any(r.stem in _KUNYA for r in readings(token) if PREFIXES.accepts(r))


def _media_named(doc: Document, first: int, last: int, pats: Any) -> bool:
    """Whether an outlet noun («صحيفة», «وكالة» …) comes right before the span or starts
    a span of several words («وكالة الأنباء الجزائرية»)."""

    def outlet_noun(i: int) -> bool:
        return any(m.value == "MEDIA" for m in pats.quoted.matches_at(doc.tokens, i))

    return (first > 0 and outlet_noun(first - 1)) or (last > first and outlet_noun(first))


def _row(doc: Document, a: int, b: int, clitic: int, ent: Entity, backend: str) -> dict[str, Any]:
    start, end = doc.starts[a], doc.ends[b]
    cl = doc.text[start : int(doc.idx[doc.token_spans[a][0] + clitic])] if clitic else ""
    return {
        "start": start,
        "end": end,
        "text": doc.text[start:end],
        "clitic": cl,
        "label": ent.label,
        "canonical": ent.canonical,
        "entity_id": ent.entity_id,
        "kind": ent.kind,
        "country": ent.country,
        "backend": backend,
    }


def _entity(name: str, label: str, gz: Gazetteer, kind: str = "tagged") -> Entity:
    known = gz.lookup(name)
    if known is not None and (known.label == label or {known.label, label} <= {"ORG", "MEDIA"}):
        return known
    return unknown_entity(name, label, kind=kind)


def fuse(
    doc: Document,
    mentions: Sequence[dict[str, Any]],
    spans: Sequence[tuple],
    gz: Gazetteer,
    min_confidence: float = MIN_CONFIDENCE,
    patterns: bool = True,
) -> list[dict[str, Any]]:
    """The entity rows of ``doc``: ``mentions`` (gazetteer and patterns) fused with the
    tagger's token ``spans`` — ``(first, last, label)`` or ``(first, last, label, p)``
    from :func:`~corpus_tools.extract.tagger.model.tag_document` — by the rules of the
    module docstring; a span whose confidence ``p`` is below ``min_confidence`` is
    not kept. ``patterns=False``: the patterns did not run (the tagger alone): the
    tagger keeps the names that start with a kunya, and institution names are not
    looked for."""
    from corpus_tools.extract.entities import _patterns

    pats = _patterns()
    vocab = load_clusters().ids
    rows = [_cut_pattern_name(doc, r) for r in mentions]
    tok_of = [(doc.tokens_in(r["start"], r["end"]), r) for r in rows]
    added: list[dict[str, Any]] = []
    spans = _names_joined(doc, _hyphen_joined(doc, spans))
    name_words = {
        doc.tokens[i] for a, b, lab, *_ in spans if lab == "PER" for i in range(a + 1, b + 1)
    }
    for a, b, label, *p in spans:
        if label not in KEPT_LABELS or (p and p[0] < min_confidence):
            continue
        a, b = _trimmed(doc, a, b, _not_name_ends())
        if label == "PER" and b > a and _a_title(pats, doc.tokens[b]):
            b -= 1  # «سوزان ورال مديرة …»: the title after a name is not part of it
        if _not_a_name(doc, a, b, pats) or (patterns and label == "PER" and _kunya(doc.tokens[a])):
            continue
        inside = [r for rng, r in tok_of if rng.start <= b and a < rng.stop]
        if inside:
            contained = all(
                a <= rng.start and rng.stop - 1 <= b for rng, r in tok_of if r in inside
            )
            longer = contained and any(len(rng) < b - a + 1 for rng, r in tok_of if r in inside)
            replaces = longer and (
                all(r["label"] == "NORP" for r in inside)
                or (label == "PER" and all(r["backend"] == "pattern" for r in inside))
                or (label == "ORG" and all(r["label"] in _INSIDE_ORG for r in inside))
            )
            if not replaces:
                continue
            for r in inside:
                r["_drop"] = True
        # «وقال كاندي» after «إليو كاندي»: a word of a name is not ك + «اندي»
        clitic = 0 if doc.tokens[a] in name_words else _clitic(doc.tokens[a], vocab)
        name = doc.norm[doc.token_spans[a][0] + clitic : doc.token_spans[b][1]]
        lab = "MEDIA" if label == "ORG" and _media_named(doc, a, b, pats) else label
        added.append(_row(doc, a, b, clitic, _entity(name, lab, gz), "tagger"))
    out = [r for r in rows if not r.pop("_drop", False)] + added
    if patterns:
        out += _institutions(doc, out, gz)
        out += _names_after_nouns(doc, out, gz, pats)
    out.sort(key=lambda r: r["start"])
    _resolve_short_forms(out)
    return out


@dataclass(frozen=True)
class _InstitutionRule:
    """The ``[institution]`` lists of ``entity_patterns.toml``, in matching form."""

    heads: dict[str, str]  # head stem → ORG or MEDIA
    most: int  # words after the head
    agency_words: frozenset[str]  # one of them makes «وكالة …» a news agency
    times: frozenset[str]  # words that end an organisation's name
    media_times: frozenset[str]  # words that end an outlet's name («اليوم» does not)
    generic: frozenset[str]  # adjectives that describe an outlet without naming it


@cache
def _institution_rule() -> _InstitutionRule:
    data = load_toml("entity_patterns.toml").get("institution", {})
    n = normalize_for_matching
    heads = {t[0]: "ORG" for w in data.get("heads", []) if (t := phrase_tokens(w))}
    heads.update({t[0]: "MEDIA" for w in data.get("media_heads", []) if (t := phrase_tokens(w))})
    agency = {n(w) for w in data.get("news_agency_words", ["الأنباء"])}
    agency |= {"لل" + w[2:] for w in agency if w.startswith("ال")}  # «للأنباء»
    cal = load_toml("calendar.toml")
    times = {n(w) for ws in cal["weekdays"].values() for w in ws}
    times |= {n(w) for w in data.get("not_inside", [])}
    org_only = {n(w) for w in data.get("not_inside_org_only", [])}
    return _InstitutionRule(
        heads,
        int(data.get("max_words", 4)),
        frozenset(agency),
        frozenset(times),
        frozenset(times - org_only),
        frozenset(n(w) for w in data.get("generic_adjectives", [])),
    )


def _institutions(doc: Document, rows: list[dict[str, Any]], gz: Gazetteer) -> list[dict]:
    """Organisations named by an institution noun and the article words after it
    («وزارة الداخلية العراقية»), and outlets named by an outlet noun («صحيفة الحياة»,
    «وكالة الأنباء الفرنسية»), where no row is: one row each (``backend="pattern"``).
    A weekday, «الماضي» or «إلى» ends the name («… العراقية الأربعاء»), and «اليوم» an
    organisation's («صحيفة المصري اليوم» is an outlet's name)."""
    rule = _institution_rule()
    heads, most = rule.heads, rule.most
    toks = doc.tokens
    taken = [False] * len(toks)
    for r in rows:
        for i in doc.tokens_in(r["start"], r["end"]):
            taken[i] = True
    out = []
    i, n = 0, len(toks)
    while i < n:
        head = next((r for r in readings(toks[i]) if PREFIXES.accepts(r) and r.stem in heads), None)
        if head is None or taken[i]:
            i += 1
            continue
        label = heads[head.stem]
        stops = rule.media_times if label == "MEDIA" else rule.times
        j = i
        while (
            j + 1 < n
            and j - i < most
            and toks[j + 1].startswith(("ال", "لل"))
            and toks[j + 1] not in _NEVER_INSIDE  # «وزارة التعدين الأفغانية التي …»
            and toks[j + 1] not in stops
            and not doc.gap(j + 1).strip()
        ):
            j += 1
        words = toks[i + 1 : j + 1]
        if head.stem == _AGENCY and rule.agency_words.isdisjoint(words):
            label = "ORG"  # «وكالة الاستخبارات المركزية»: an agency, not a news agency
        if label == "MEDIA" and all(w in rule.generic or w in rule.agency_words for w in words):
            i += 1  # «وكالة الأنباء الرسمية»: a description, not a name
            continue
        span = range(i, j + 1)
        inside = [
            (rng, r)
            for r in rows
            if (rng := doc.tokens_in(r["start"], r["end"])) and rng.start <= j and i < rng.stop
        ]
        fits = all(
            r["label"] in _INSIDE_ORG and rng.start >= i and rng.stop - 1 <= j for rng, r in inside
        )
        if j > i and fits:
            for _, r in inside:
                r["_drop"] = True
            name = doc.norm[doc.token_spans[i][0] + head.cut : doc.token_spans[j][1]]
            ent = _entity(name, label, gz, kind="institution")
            if ent.kind == "institution" and label == "MEDIA" and j == i + 2:
                # «وكالة الأنباء الألمانية» is the agency the gazetteer knows as
                # «الألمانية للأنباء»
                known = gz.lookup(f"{toks[j]} لل{toks[i + 1][2:]}")
                ent = known if known is not None and known.label == "MEDIA" else ent
            out.append(_row(doc, i, j, head.cut, ent, "pattern"))
            for k in span:
                taken[k] = True
            i = j + 1
            continue
        i += 1
    rows[:] = [r for r in rows if not r.pop("_drop", False)]
    return out


#: A word in Latin script (an outlet's or organisation's own spelling: «NPR», «CNN»).
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9&.'-]*")
#: How many words a name after an outlet or organisation noun may hold.
_NAME_AFTER_NOUN_WORDS = 4


def _names_after_nouns(
    doc: Document, rows: list[dict[str, Any]], gz: Gazetteer, pats: Any
) -> list[dict]:
    """«شبكة NPR», «منظمة Human Rights Watch», «شركة سانوفي»: right after a noun that
    says what they name (the ``[quoted]`` nouns of ``entity_patterns.toml``), words in
    Latin letters, or Arabic words the tagger's vocabulary does not hold (a foreign
    name: «سانوفي»; not «شركة نفط», «شركة كبيرة»), where no row is, name an entity of
    that noun's label (``backend="pattern"``)."""
    toks, n = doc.tokens, len(doc.tokens)
    known = load_clusters().ids
    taken = {i for r in rows for i in doc.tokens_in(r["start"], r["end"])}

    def name_word(k: int, latin: bool | None = None) -> bool:
        """A Latin word, or an Arabic word with no article or clitic the vocabulary does
        not hold; ``latin``: of the same script as the name's first word."""
        tok = toks[k]
        if _LATIN_RE.fullmatch(tok):
            return latin is not False
        return (
            latin is not True
            and tok.isalpha()
            and len(tok) >= 3
            and not tok.startswith(("ال", "و", "ل", "ب"))
            and tok not in known
        )

    out = []
    for i in range(n - 1):
        if i + 1 in taken or not name_word(i + 1) or doc.gap(i + 1).strip():
            continue
        label = next((m.value for m in pats.quoted.matches_at(toks, i) if m.last == i), None)
        if label is None:
            continue
        j = i + 1
        latin = bool(_LATIN_RE.fullmatch(toks[j]))
        while (
            j + 1 < n
            and j - i < _NAME_AFTER_NOUN_WORDS
            and j + 1 not in taken
            and name_word(j + 1, latin)
            and not doc.gap(j + 1).strip()
        ):
            j += 1
        name = doc.norm[doc.token_spans[i + 1][0] : doc.token_spans[j][1]]
        out.append(_row(doc, i + 1, j, 0, _entity(name, label, gz, kind="named"), "pattern"))
        taken.update(range(i + 1, j + 1))
    return out


def _resolve_short_forms(rows: list[dict[str, Any]]) -> None:
    """A tagged or pattern person named by the last words of an earlier person's name
    takes that person's canonical name and id («هانت» → «جيريمي هانت»)."""
    full: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in rows:
        if r["label"] != "PER":
            continue
        words = tuple(normalize_for_matching(r["text"][len(r["clitic"]) :]).split())
        if r["backend"] in ("tagger", "pattern") and (earlier := full.get(words)) is not None:
            if earlier["entity_id"] != r["entity_id"]:
                for key in ("canonical", "entity_id", "kind", "country"):
                    r[key] = earlier[key]
            continue
        for k in range(1, len(words)):
            full.setdefault(words[k:], r)  # a surname, or the last two words
