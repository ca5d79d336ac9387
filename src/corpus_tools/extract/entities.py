"""Entity tagging: people, organisations, places, nationalities and media outlets.

:func:`tag_entities` finds every mention and reduces it to one canonical entity.
The default backend is an offline gazetteer (``data/entities.toml``) plus a few
patterns for names the gazetteer cannot list (``data/entity_patterns.toml``);
stanza's Arabic NER adds recall when its models are installed
(:mod:`corpus_tools.extract.entities_stanza`).

Matching works on the normalised matching form (:mod:`corpus_tools.text.normalize`),
token by token, so a form never matches inside a longer word. The first token of
a form may carry the proclitics و ف (and) + ب ل ك (prepositions), and an
``ال`` form may be written with ``لل`` («للمرصد السوري»). The longest form wins;
among equally long readings, the one that strips fewest letters.

Column contract of :func:`tag_entities` (one row per mention):

==========  =====  ===========================================================
article_id  str    the article
sent_id     int64  sentence (see :func:`corpus_tools.sentences`)
start, end  int64  offsets into the clean ``text``: whole words, proclitics
                   included («وبريطانيا»); quotes inside a name are kept,
                   quotes around it are not
text        str    ``text[start:end]``
clitic      str    the proclitic letters at the start of the span (``""``, ``"و"``,
                   ``"ل"`` for «للمرصد» …): the name itself starts at
                   ``start + len(clitic)`` except with ``لل``
label       str    PER, ORG, LOC, NORP, MEDIA or MISC
canonical   str    English canonical name (unknown names found by pattern: their
                   Arabic matching form)
entity_id   str    Wikidata QID, else a ``ct:`` slug
kind        str    finer type from the gazetteer (country, city, newspaper, …;
                   ``person`` / ``unknown`` for pattern matches)
country     str    the entity's country (canonical) where known; for NORP the
                   nationality's country; else ``<NA>``
backend     str    ``gazetteer``, ``pattern`` or ``stanza``
==========  =====  ===========================================================

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a"],
    ...                      "text": ["وقالت الجارديان إن مقاتلين سعوديين وصلوا لتركيا."]})
    >>> for row in tag_entities(arts, backend="gazetteer").itertuples():
    ...     print(row.text, row.label, row.canonical)
    الجارديان MEDIA The Guardian
    سعوديين NORP Saudi
    لتركيا LOC Turkey
"""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

import pandas as pd

from corpus_tools.pipeline.tables import (
    ArticleInput,
    iter_articles,
    map_articles,
    problem_row,
    typed_frame,
    warn_failed,
    with_problems,
)
from corpus_tools.resources import load_toml, read_toml
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
)
from corpus_tools.text.segmenting import split_sentences

LABELS = ("PER", "ORG", "LOC", "NORP", "MEDIA", "MISC")
ENTITY_DTYPES = {
    "article_id": "str",
    "sent_id": "int64",
    "start": "int64",
    "end": "int64",
    "text": "str",
    "clitic": "str",
    "label": "str",
    "canonical": "str",
    "entity_id": "str",
    "kind": "str",
    "country": "str",
    "backend": "str",
}
#: Letters of a word in the matching form (Arabic letters, Latin letters, digits).
TOKEN_RE = re.compile(r"[^\W_]+")
#: What may stand between two words of one name: spaces and quotation marks.
_GAP_RE = re.compile(r"[ \t\u00a0«»\"“”'‘’]*")
#: Nisba inflections generated from a masculine singular ending in ي («سعودياً» is
#: matched as «سعوديا»: tanween is not in the matching form). An explicit form of
#: another entity wins over a generated one («سوريا» is Syria, not «سوري» + ا).
NISBA_SUFFIXES = ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين", "ا")


@dataclass(frozen=True)
class Entity:
    """One canonical entity of the gazetteer."""

    entity_id: str
    canonical: str
    label: str
    kind: str = ""
    country: str | None = None


@dataclass(frozen=True)
class _Form:
    rest: tuple[str, ...]  # the form's tokens after the first
    entity_id: str
    needs_context: bool
    generated: bool


@dataclass
class Gazetteer:
    """Canonical entities and an index of their normalised forms by first token."""

    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, list[_Form]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def add_form(self, form: str, entity_id: str, *, needs_context=False, generated=False):
        tokens = tuple(TOKEN_RE.findall(normalize_for_matching(form)))
        if not tokens:
            return
        entries = self.index.setdefault(tokens[0], [])
        for i, old in enumerate(entries):
            if old.rest == tokens[1:]:
                if old.generated and not generated:  # an explicit form beats a generated one
                    entries[i] = _Form(tokens[1:], entity_id, needs_context, generated)
                return
        entries.append(_Form(tokens[1:], entity_id, needs_context, generated))
        entries.sort(key=lambda f: -len(f.rest))

    def add_entities(self, records: Iterable[dict[str, Any]], source: str) -> None:
        """Add ``[[entity]]`` records (see ``data/entities.toml`` for the format)."""
        for rec in records:
            _check_record(rec, source)
            eid = rec["id"]
            ent = self.entities.get(eid) or Entity(
                eid, rec["canonical"], rec["label"], rec.get("kind", ""), rec.get("country")
            )
            self.entities[eid] = ent
            needs = {normalize_for_matching(f) for f in rec.get("needs_context", [])}
            norp_id = eid
            if rec.get("demonym"):  # a country's nisba forms name its people
                norp_id = "ct:norp:" + _slug(rec["demonym"])
                self.entities.setdefault(
                    norp_id,
                    Entity(norp_id, rec["demonym"], "NORP", "nationality", rec["canonical"]),
                )
            for form in rec.get("forms", []):
                self.add_form(form, eid, needs_context=normalize_for_matching(form) in needs)
            for form in rec.get("demonym_forms", []):
                self.add_form(form, norp_id)
            for stem in rec.get("nisba", []):
                for form in nisba_forms(stem):
                    self.add_form(form, norp_id, generated=True)
        self.sources.append(source)

    @property
    def version(self) -> str:
        """A short hash of the entities and forms (changes when any file changes)."""
        h = hashlib.sha256()
        for key in sorted(self.index):
            for f in self.index[key]:
                h.update(f"{key} {' '.join(f.rest)} {f.entity_id}\n".encode())
        return h.hexdigest()[:12]

    def lookup(self, form: str) -> Entity | None:
        """The entity a whole form (as written, no clitics) names, if any.

        >>> default_gazetteer().lookup("الجارديان").canonical
        'The Guardian'
        """
        tokens = tuple(TOKEN_RE.findall(normalize_for_matching(form)))
        if not tokens:
            return None
        for f in self.index.get(tokens[0], []):
            if f.rest == tokens[1:]:
                return self.entities[f.entity_id]
        return None


def nisba_forms(stem: str) -> list[str]:
    """Inflections of a nisba adjective, with and without the article.

    >>> nisba_forms("سوري")[:4]
    ['سوري', 'سورية', 'سوريون', 'سوريين']
    """
    forms = [stem + suffix for suffix in NISBA_SUFFIXES]
    return forms + ["ال" + f for f in forms]


def _check_record(rec: dict[str, Any], source: str) -> None:
    missing = [k for k in ("id", "canonical", "label") if not rec.get(k)]
    if missing:
        raise ValueError(f"{source}: entity {rec!r} lacks {', '.join(missing)}")
    if rec["label"] not in LABELS:
        raise ValueError(f"{source}: entity {rec['id']}: label {rec['label']!r} not in {LABELS}")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@cache
def _package_gazetteer() -> Gazetteer:
    gz = Gazetteer()
    gz.add_entities(load_toml("entities.toml")["entity"], "corpus_tools/data/entities.toml")
    return gz


def default_gazetteer() -> Gazetteer:
    """The package's gazetteer (cached; do not modify it, use :func:`load_gazetteer`)."""
    return _package_gazetteer()


def load_gazetteer(
    extra: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
) -> Gazetteer:
    """The package's gazetteer extended with a user's entity files (same TOML format).

    An ``[[entity]]`` whose ``id`` the package already has adds forms to it.
    """
    if extra is None:
        return default_gazetteer()
    paths = [extra] if isinstance(extra, (str, os.PathLike)) else list(extra)
    gz = Gazetteer()
    gz.add_entities(load_toml("entities.toml")["entity"], "corpus_tools/data/entities.toml")
    for path in paths:
        data = read_toml(path)
        if "entity" not in data:
            raise ValueError(f"{path}: no [[entity]] tables found")
        gz.add_entities(data["entity"], str(path))
    return gz


# --- patterns -------------------------------------------------------------------


@dataclass(frozen=True)
class _Patterns:
    kunya: frozenset[str]
    named_by: frozenset[str]
    called: frozenset[str]
    titles: dict[str, list[tuple[str, ...]]]
    stopwords: frozenset[str]
    given_names: frozenset[str]
    compound_starts: frozenset[str]
    context: dict[str, frozenset[str]]
    quoted: dict[str, frozenset[str]]


def _norm_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_for_matching(w) for w in words)


@cache
def _patterns() -> _Patterns:
    data = load_toml("entity_patterns.toml")
    person = data["person"]
    titles: dict[str, list[tuple[str, ...]]] = {}
    for title in person["titles"]:
        tokens = tuple(TOKEN_RE.findall(normalize_for_matching(title)))
        titles.setdefault(tokens[0], []).append(tokens[1:])
    for rests in titles.values():
        rests.sort(key=len, reverse=True)
    return _Patterns(
        kunya=_norm_set(person["kunya"]),
        named_by=_norm_set(person["named_by"]),
        called=_norm_set(person["called"]),
        titles=titles,
        stopwords=_norm_set(person["stopwords"]),
        given_names=_norm_set(person["given_names"]),
        compound_starts=_norm_set(person["compound_starts"]),
        context={k: _norm_set(v) for k, v in data["context"].items()},
        quoted={k: _norm_set(v) for k, v in data["quoted"].items()},
    )


# --- matching ---------------------------------------------------------------------


def clitic_readings(token: str) -> list[tuple[int, str]]:
    """``(letters stripped, stem)`` readings of a normalised word, fewest letters first.

    >>> clitic_readings("وللمرصد")
    [(0, 'وللمرصد'), (1, 'للمرصد'), (2, 'المرصد'), (2, 'لمرصد')]
    """
    out = [(0, token)]
    if token[0] not in "وفبلك":
        return out
    for conj in ("", "و", "ف"):
        if conj and not token.startswith(conj):
            continue
        body = token[len(conj) :]
        if conj and len(body) >= 2:
            out.append((len(conj), body))
        if body.startswith("لل") and len(body) > 3:
            out.append((len(conj) + 1, "ا" + body[1:]))
        if len(body) > 3 and body[0] in "بلك":
            out.append((len(conj) + 1, body[1:]))
    out.sort(key=lambda r: r[0])
    return out


@dataclass
class _Match:
    first: int  # token indices [first, last]
    last: int
    clitic: int  # letters stripped from the first token
    entity: Entity
    backend: str
    needs_context: bool = False
    generated: bool = False
    start: int | None = None  # explicit normalised offsets (quoted names)
    end: int | None = None


def _gap_ok(norm: str, end: int, start: int) -> bool:
    return _GAP_RE.fullmatch(norm, end, start) is not None


def _gazetteer_matches(
    norm: str, spans: list[tuple[int, int]], tokens: list[str], gz: Gazetteer
) -> list[_Match]:
    out: list[_Match] = []
    n = len(tokens)
    i = 0
    while i < n:
        best: tuple[int, int, _Form] | None = None  # (length, clitic, form)
        for clitic, stem in clitic_readings(tokens[i]):
            for form in gz.index.get(stem, ()):
                k = len(form.rest)
                if best is not None and k + 1 <= best[0]:
                    break  # forms are sorted longest first
                if i + k >= n:
                    continue
                if all(
                    tokens[i + 1 + j] == form.rest[j]
                    and _gap_ok(norm, spans[i + j][1], spans[i + 1 + j][0])
                    for j in range(k)
                ):
                    best = (k + 1, clitic, form)
                    break
        if best is None:
            i += 1
            continue
        length, clitic, form = best
        out.append(
            _Match(
                i,
                i + length - 1,
                clitic,
                gz.entities[form.entity_id],
                "gazetteer",
                form.needs_context,
                form.generated,
            )
        )
        i += length
    return out


def _has_context(m: _Match, tokens: list[str], confirmed: list[_Match], pats: _Patterns) -> bool:
    words = pats.context.get(m.entity.label, frozenset())
    if m.first > 0 and any(stem in words for _, stem in clitic_readings(tokens[m.first - 1])):
        return True
    return any(
        o.entity.label == m.entity.label
        and (0 < m.first - o.last <= 3 or 0 < o.first - m.last <= 3)
        for o in confirmed
    )


def _name_run(
    start: int, tokens: list[str], spans, norm: str, covered: set[int], pats: _Patterns, max_len=3
) -> int:
    """Index one past the last token of a name starting at ``start`` (``start`` if none)."""
    j = start
    while j < len(tokens) and j - start < max_len:
        tok = tokens[j]
        if j in covered or tok in pats.stopwords or tok.isdigit() or len(tok) < 2:
            break
        if j > start and not _gap_ok(norm, spans[j - 1][1], spans[j][0]):
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


def unknown_entity(name: str, label: str, kind: str = "unknown") -> Entity:
    """An entity found by pattern: canonical is its matching form, id a stable slug.

    >>> unknown_entity("أبو سعد", "PER").entity_id
    'ct:per:abw-sed-05b7f8'
    """
    norm = normalize_for_matching(name)
    digest = hashlib.sha1(norm.encode()).hexdigest()[:6]
    slug = _slug("".join(_TRANSLIT.get(ch, ch if ch.isascii() else "") for ch in norm))
    return Entity(f"ct:{label.lower()}:{slug or 'x'}-{digest}", norm, label, kind)


_TRANSLIT = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "e",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "ء": "'",
    "ئ": "y",
    "ؤ": "w",
    " ": "-",
}


def _pattern_matches(
    norm: str, spans: list[tuple[int, int]], tokens: list[str], taken: list[_Match]
) -> list[_Match]:
    pats = _patterns()
    covered = {t for m in taken for t in range(m.first, m.last + 1)}
    out: list[_Match] = []
    n = len(tokens)
    i = 0
    while i < n:
        if i in covered:
            i += 1
            continue
        found: _Match | None = None
        readings = clitic_readings(tokens[i])
        stems = {stem: clitic for clitic, stem in reversed(readings)}
        # a quoted name after a word that says what it is: صحيفة «لوموند»
        q_end = _quoted_after(norm, spans, i)
        if q_end is not None and not any(t in covered for t in range(i + 1, q_end + 1)):
            for label, words in pats.quoted.items():
                if any(s in words for s in stems):
                    s0, e0 = spans[i + 1][0], spans[q_end][1]
                    ent = unknown_entity(norm[s0:e0], label)
                    found = _Match(i + 1, q_end, 0, ent, "pattern", start=s0, end=e0)
                    break
        if found is None and any(s in pats.kunya for s in stems) and i + 1 < n:
            clitic = min(c for s, c in stems.items() if s in pats.kunya)
            end = _name_run(i + 1, tokens, spans, norm, covered, pats, max_len=2)
            if end == i + 3 and not (
                tokens[i + 2].startswith("ال") or tokens[i + 1] in pats.compound_starts
            ):
                end = i + 2  # «أبو سعد» + a nisba or laqab («أبو محمد العدناني») only
            if end > i + 1 and _gap_ok(norm, spans[i][1], spans[i + 1][0]):
                found = _person(i, end, clitic, tokens)
        named = any(s in pats.named_by for s in stems)
        called = any(s in pats.called for s in stems) and not (i and tokens[i - 1] == "ما")
        if found is None and (named or called) and i + 1 < n:
            q_end = _quoted_after(norm, spans, i)
            j = i + 1
            if q_end is not None:
                end = q_end + 1
            else:
                end = _name_run(j, tokens, spans, norm, covered, pats)
            personal = tokens[j] in pats.given_names or tokens[j] in pats.kunya
            if end > j and (named or personal) and not any(t in covered for t in range(j, end)):
                found = _person(j, end, 0, tokens)
                if q_end is not None:
                    found.start, found.end = spans[j][0], spans[q_end][1]
        if found is None:
            found = _title_person(i, stems, tokens, spans, norm, covered, pats)
        if found is None and tokens[i] in pats.given_names:
            end = _name_run(i, tokens, spans, norm, covered, pats)
            if end - i >= 2:
                found = _person(i, end, 0, tokens)
        if found is None:
            i += 1
            continue
        out.append(found)
        covered.update(range(found.first, found.last + 1))
        i = found.last + 1
    return out


def _quoted_after(
    norm: str, spans: list[tuple[int, int]], i: int, max_tokens: int = 5
) -> int | None:
    """Last token index of a «quoted» name right after token ``i``, if there is one."""
    if i + 1 >= len(spans):
        return None
    gap = norm[spans[i][1] : spans[i + 1][0]]
    if gap.strip() not in ("«", '"', "“"):
        return None
    closer = {"«": "»", '"': '"', "“": "”"}[gap.strip()]
    for j in range(i + 1, min(len(spans), i + 1 + max_tokens)):
        after = norm[spans[j][1] : spans[j + 1][0] if j + 1 < len(spans) else len(norm)]
        if after.lstrip().startswith(closer):
            return j
        if not _gap_ok(norm, spans[j][1], spans[j + 1][0] if j + 1 < len(spans) else len(norm)):
            return None
    return None


def _title_person(i, stems, tokens, spans, norm, covered, pats) -> _Match | None:
    for stem in stems:
        for rest in pats.titles.get(stem, ()):
            k = len(rest)
            if tuple(tokens[i + 1 : i + 1 + k]) != rest:
                continue
            j = i + 1 + k
            while j in covered:  # «وزير الدفاع الأمريكي …», «المتحدث باسم الخارجية …»
                j += 1
            if j < len(tokens) and tokens[j] in pats.given_names:
                end = _name_run(j, tokens, spans, norm, covered, pats)
                if end > j:
                    return _person(j, end, 0, tokens)
            return None
    return None


# --- the table --------------------------------------------------------------------


def tag_text(text: str, gazetteer: Gazetteer | None = None, patterns: bool = True) -> list[dict]:
    """Entity mentions of one clean text as dicts (offsets into ``text``); pure.

    >>> [(d["text"], d["canonical"]) for d in tag_text("قال المدعو «أبو سعد» لصحيفة «الغارديان»")]
    [('أبو سعد', 'ابو سعد'), ('الغارديان', 'The Guardian')]
    """
    gz = gazetteer or default_gazetteer()
    norm, idx = normalize_with_offsets(text)
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(norm)]
    tokens = [norm[s:e] for s, e in spans]
    pats = _patterns()
    matches = _gazetteer_matches(norm, spans, tokens, gz)
    # a nisba never ends in alef maqsura: «يمنى» is a verb, not «يمني»
    matches = [
        m for m in matches if not (m.generated and text[int(idx[spans[m.last][1] - 1])] == "ى")
    ]
    # «ميشيل أوباما» is not «أوباما»: a one-word surname form after a given name
    # belongs to someone else, whom the patterns below name
    matches = [
        m
        for m in matches
        if not (
            m.entity.label == "PER"
            and m.first == m.last
            and m.clitic == 0
            and m.first > 0
            and tokens[m.first - 1] in pats.given_names
            and not any(o.first <= m.first - 1 <= o.last for o in matches)
        )
    ]
    confirmed = [m for m in matches if not m.needs_context]
    for m in matches:
        if m.needs_context and _has_context(m, tokens, confirmed, pats):
            confirmed.append(m)
    if patterns:
        confirmed += _pattern_matches(norm, spans, tokens, confirmed)
    rows = []
    for m in sorted(confirmed, key=lambda m: m.first):
        s = m.start if m.start is not None else spans[m.first][0]
        e = m.end if m.end is not None else spans[m.last][1]
        start, end = span_to_original(idx, s, e, text)
        clitic = text[start : int(idx[s + m.clitic])] if m.clitic else ""
        rows.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "clitic": clitic,
                "label": m.entity.label,
                "canonical": m.entity.canonical,
                "entity_id": m.entity.entity_id,
                "kind": m.entity.kind,
                "country": m.entity.country,
                "backend": m.backend,
            }
        )
    return rows


def _with_sentences(article_id: str, text: str, rows: list[dict]) -> list[dict]:
    starts = [s for s, _ in split_sentences(text)] or [0]
    for r in rows:
        r["article_id"] = article_id
        r["sent_id"] = max(bisect_right(starts, r["start"]) - 1, 0)
    return rows


def entity_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame with the module's column contract."""
    return typed_frame(rows, ENTITY_DTYPES)


def _gazetteer_worker(art: ArticleInput, entity_files=None) -> list[dict]:
    return _with_sentences(
        art.article_id, art.text, tag_text(art.text, load_gazetteer(entity_files))
    )


def tag_entities(
    articles: pd.DataFrame,
    backend: str = "auto",
    *,
    entities: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """Tag every article's clean ``text``; one row per mention (see the column table).

    ``backend``: ``"gazetteer"`` (offline: gazetteer + patterns), ``"stanza"``
    (stanza's Arabic NER, canonicalised through the gazetteer; fails with how to get
    the models when they are absent) or ``"auto"`` (gazetteer, plus stanza's
    mentions that the gazetteer missed when stanza's models are installed; says once
    when they are not). ``entities``: the user's own entity files. ``n_jobs``:
    worker processes for the gazetteer (stanza runs in this process).
    """
    if backend not in ("auto", "gazetteer", "stanza"):
        raise ValueError(f"backend must be 'auto', 'gazetteer' or 'stanza', not {backend!r}")
    if "text" not in articles.columns:
        raise KeyError("tag_entities needs clean 'text': run clean_corpus first")
    gz = load_gazetteer(entities)
    use_stanza = backend == "stanza"
    if backend == "auto":
        from corpus_tools.extract.entities_stanza import stanza_available_or_say_why

        use_stanza = stanza_available_or_say_why()
    if not use_stanza:
        files = (
            entities
            if entities is None or isinstance(entities, (str, os.PathLike))
            else tuple(entities)
        )
        worker = partial(_gazetteer_worker, entity_files=files)
        inputs = iter_articles(articles, "tag_entities")
        return entity_frame(
            map_articles(
                worker, inputs, n_jobs=n_jobs, desc="entities", show_progress=show_progress
            )
        )
    from corpus_tools.extract.entities_stanza import stanza_entities

    ids = articles["article_id"].astype("str").tolist()
    texts = [t if isinstance(t, str) else "" for t in articles["text"].tolist()]
    failures: dict[int, BaseException] = {}
    stanza_rows = stanza_entities(texts, gz, show_progress=show_progress, failures=failures)
    rows: list[dict] = []
    problems = [
        problem_row(ids[i], "tag_entities (stanza)", exc) for i, exc in sorted(failures.items())
    ]
    for i, (aid, text, st_rows) in enumerate(zip(ids, texts, stanza_rows, strict=True)):
        if i in failures and backend == "stanza":
            continue  # skipped, and reported
        found = st_rows if backend == "stanza" else _merge(tag_text(text, gz), st_rows)
        rows.extend(_with_sentences(aid, text, found))
    if problems and len(problems) == len(ids):
        raise failures[min(failures)]  # a step that fails on every article is broken
    warn_failed("tag_entities (stanza)", problems, len(ids))
    return with_problems(entity_frame(rows), problems)


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
