"""The entity gazetteer: canonical entities and the Arabic forms that name them.

The package's entities are in ``data/entities.toml`` (its header says the format);
users add their own files of the same format (:func:`load_gazetteer`). Every form is
kept as its tokens (:func:`~corpus_tools.text.tokens.phrase_tokens`) and found in a
text through one :class:`~corpus_tools.text.phrases.PhraseIndex` that accepts the
proclitics و ف ب ل ك (and ``لل`` for an ``ال`` form) on the first word.

This module knows nothing of taggers: :mod:`corpus_tools.extract.entities` finds the
forms in an article and :mod:`corpus_tools.extract.entities_stanza` canonicalises
stanza's mentions through :meth:`Gazetteer.lookup`.

>>> gz = default_gazetteer()
>>> gz.lookup("الجارديان").canonical, gz.lookup("مقاتل") is None
('The Guardian', True)
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from corpus_tools.resources import load_toml, read_toml
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.phrases import PhraseIndex
from corpus_tools.text.tokens import PREFIXES, phrase_tokens

LABELS = ("PER", "ORG", "LOC", "NORP", "MEDIA", "MISC")
#: Nisba inflections generated from a masculine singular ending in ي («سعودياً» is
#: matched as «سعوديا»: tanween is not in the matching form). An explicit form of
#: another entity wins over a generated one («سوريا» is Syria, not «سوري» + ا).
NISBA_SUFFIXES = ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين", "ا")
#: The package's own entity file (in ``corpus_tools/data``).
PACKAGE_FILE = "entities.toml"

T = TypeVar("T")


@dataclass(frozen=True)
class Entity:
    """One canonical entity of the gazetteer."""

    entity_id: str
    canonical: str
    label: str
    kind: str = ""
    country: str | None = None


@dataclass(frozen=True)
class Form:
    """What one form names: the entity, and how sure a bare match of it is."""

    entity_id: str
    needs_context: bool = False  # also a common word: tagged only in context
    generated: bool = False  # a nisba inflection made here, not written in the file


@dataclass
class Gazetteer:
    """Canonical entities and their forms, by the forms' tokens."""

    entities: dict[str, Entity] = field(default_factory=dict)
    forms: dict[tuple[str, ...], Form] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def add_form(
        self, form: str, entity_id: str, *, needs_context: bool = False, generated: bool = False
    ) -> None:
        """Add one form; a form already known keeps its entity unless that one was
        generated and this one is not (an explicit form beats a generated one)."""
        tokens = phrase_tokens(form)
        if not tokens:
            return
        old = self.forms.get(tokens)
        if old is None or (old.generated and not generated):
            self.forms[tokens] = Form(entity_id, needs_context, generated)
            self._derived.clear()

    def add_entities(self, records: Iterable[dict[str, Any]], source: str) -> None:
        """Add ``[[entity]]`` records (see ``data/entities.toml`` for the format)."""
        for rec in records:
            _check_record(rec, source)
            self._add_record(rec)
        self.sources.append(source)

    def _add_record(self, rec: dict[str, Any]) -> None:
        eid = rec["id"]
        kind, country = rec.get("kind", ""), rec.get("country")
        self.entities.setdefault(eid, Entity(eid, rec["canonical"], rec["label"], kind, country))
        needs = {normalize_for_matching(f) for f in rec.get("needs_context", [])}
        norp_id = eid
        if rec.get("demonym"):  # a country's nisba forms name its people
            norp_id = "ct:norp:" + slug(rec["demonym"])
            self.entities.setdefault(
                norp_id, Entity(norp_id, rec["demonym"], "NORP", "nationality", rec["canonical"])
            )
        for form in rec.get("forms", []):
            self.add_form(form, eid, needs_context=normalize_for_matching(form) in needs)
        for form in rec.get("demonym_forms", []):
            self.add_form(form, norp_id)
        for stem in rec.get("nisba", []):
            for form in nisba_forms(stem):
                self.add_form(form, norp_id, generated=True)

    def derived(self, key: str, make: Callable[[Gazetteer], T]) -> T:
        """``make(self)``, made once and kept until the forms change: the structures
        other modules build from the forms (the phrase index, a tagger's lookups)."""
        if key not in self._derived:
            self._derived[key] = make(self)
        return self._derived[key]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_derived": {}}  # derived structures are remade

    @property
    def index(self) -> PhraseIndex[Form]:
        """Every form, found with the proclitics و ف ب ل ك on its first word."""
        return self.derived("index", lambda gz: PhraseIndex(gz.forms.items(), PREFIXES))

    @property
    def heads(self) -> frozenset[str]:
        """The first token of every form."""
        return self.derived("heads", lambda gz: frozenset(tokens[0] for tokens in gz.forms))

    @property
    def version(self) -> str:
        """A short hash of the entities and forms (changes when any file changes)."""
        h = hashlib.sha256()
        for tokens, f in sorted(self.forms.items(), key=lambda kv: (kv[0][0], -len(kv[0]))):
            h.update(f"{tokens[0]} {' '.join(tokens[1:])} {f.entity_id}\n".encode())
        return h.hexdigest()[:12]

    def lookup(self, form: str) -> Entity | None:
        """The entity a whole form (as written, no clitics) names, if any.

        >>> default_gazetteer().lookup("الجارديان").canonical
        'The Guardian'
        """
        found = self.forms.get(phrase_tokens(form))
        return None if found is None else self.entities[found.entity_id]


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


def slug(name: str) -> str:
    """Lower-case ASCII words joined by ``-`` (``"Syrian Arab"`` → ``"syrian-arab"``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@lru_cache(maxsize=1 << 14)
def unknown_entity(name: str, label: str, kind: str = "unknown") -> Entity:
    """An entity found by pattern: canonical is its matching form, id a stable slug.

    >>> unknown_entity("أبو سعد", "PER").entity_id
    'ct:per:abw-sed-05b7f8'
    """
    norm = normalize_for_matching(name)
    digest = hashlib.sha1(norm.encode()).hexdigest()[:6]
    ascii_name = slug("".join(_TRANSLIT.get(ch, ch if ch.isascii() else "") for ch in norm))
    return Entity(f"ct:{label.lower()}:{ascii_name or 'x'}-{digest}", norm, label, kind)


#: Arabic letters of the matching form → ASCII, for the slugs of unknown entities.
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


def _package_records() -> list[dict[str, Any]]:
    return load_toml(PACKAGE_FILE)["entity"]


@cache
def default_gazetteer() -> Gazetteer:
    """The package's gazetteer (cached; do not modify it, use :func:`load_gazetteer`)."""
    gz = Gazetteer()
    gz.add_entities(_package_records(), f"corpus_tools/data/{PACKAGE_FILE}")
    return gz


def load_gazetteer(
    extra: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
) -> Gazetteer:
    """The package's gazetteer extended with a user's entity files (same TOML format).

    An ``[[entity]]`` whose ``id`` the package already has adds forms to it. The
    result is cached per files (and their modification times): do not modify it.
    """
    if extra is None:
        return default_gazetteer()
    paths = [extra] if isinstance(extra, (str, os.PathLike)) else list(extra)
    if not paths:
        return default_gazetteer()
    return _load_files(tuple((str(p), _stamp(p)) for p in paths))


def _stamp(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """``(mtime_ns, size)`` of a file, ``None`` when it cannot be read (the load says why)."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=16)
def _load_files(files: tuple[tuple[str, tuple[int, int] | None], ...]) -> Gazetteer:
    gz = Gazetteer()
    gz.add_entities(_package_records(), f"corpus_tools/data/{PACKAGE_FILE}")
    for path, _ in files:
        data = read_toml(path)
        if "entity" not in data:
            raise ValueError(f"{path}: no [[entity]] tables found")
        gz.add_entities(data["entity"], path)
    return gz
