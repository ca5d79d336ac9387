"""Numbers in Arabic text: digits (Western and Arabic-Indic, with separators) and words.

:func:`find_numbers` finds every number phrase in a text and reads its value:
«1,700», «١٧٠٠», «2.5», «ثلاثة», «خمسة وعشرين», «أحد عشر», «5 آلاف», «ثلاثة آلاف
وخمسمئة», «30 ألف», «ألفين», «مليون ونصف». Word lists live in ``data/numbers.toml``.
Vague quantities («عشرات», «بضعة آلاف») are not numbers here: see
:mod:`corpus_tools.extract.figures`.

Numbers are read from a document's tokens (:mod:`corpus_tools.text.tokens`, whose
tokeniser keeps a number with its separators in one token): :func:`read_number` reads
one starting at a token, :func:`document_numbers` every one of a
:class:`~corpus_tools.text.document.Document`.

Example:
    >>> [(m.text, m.value) for m in find_numbers("دفعوا 2,000 دولار وعاد ثلاثة آلاف وخمسمئة")]
    [('2,000', 2000.0), ('ثلاثة آلاف وخمسمئة', 3500.0)]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from corpus_tools.resources import load_toml
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import TOKEN_RE

__all__ = [
    "DIGITS_RE",
    "TOKEN_RE",
    "NumberMatch",
    "digits_value",
    "document_numbers",
    "find_numbers",
    "number_words",
    "read_number",
    "word_value",
]

#: A number token, as the shared tokeniser writes one: digits with thousands separators
#: («1,700», «1٬700») and a decimal part («2.5», «2٫5»). ``TOKEN_RE`` here is that shared
#: tokeniser (:mod:`corpus_tools.text.tokens`), kept importable from this module.
DIGITS_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?")


@dataclass(frozen=True)
class NumberMatch:
    """One number phrase: offsets into the original text, its words and value."""

    start: int
    end: int
    text: str
    value: float
    digits: bool  # written (at least partly) in digits
    scale: float  # the last scale word applied (1 when none): «30 ألف» → 1000


@dataclass(frozen=True)
class _Words:
    ones: dict[str, int]
    teen: frozenset[str]
    tens: dict[str, int]
    hundreds: dict[str, int]
    scales: dict[str, int]
    scale_duals: dict[str, int]
    fractions: dict[str, float]


@cache
def _words() -> _Words:
    data = load_toml("numbers.toml")

    def table(name: str) -> dict[str, int]:
        return {normalize_for_matching(w): int(k) for k, ws in data[name].items() for w in ws}

    return _Words(
        ones=table("ones"),
        teen=frozenset(normalize_for_matching(w) for w in data["teen_words"]),
        tens=table("tens"),
        hundreds=table("hundreds"),
        scales=table("scales"),
        scale_duals=table("scale_duals"),
        fractions={
            normalize_for_matching(w): float(k) for k, ws in data["fractions"].items() for w in ws
        },
    )


def number_words() -> tuple[str, ...]:
    """Every one and ten written as a word, in the matching form («ثلاثه», «عشرين»)."""
    w = _words()
    return (*w.ones, *w.tens)


def digits_value(token: str) -> float:
    """«1,700» → 1700.0, «2٫5» → 2.5."""
    return float(token.replace(",", "").replace("٬", "").replace("٫", "."))


def _strip_wa(token: str) -> tuple[str, bool]:
    if token.startswith("و") and len(token) > 2:
        return token[1:], True
    return token, False


@lru_cache(maxsize=1 << 14)
def word_value(token: str) -> int | None:
    """Value of one number word (no scale), or None.

    >>> word_value("وعشرين"), word_value("ثلاثة"), word_value("مقاتل")
    (20, 3, None)
    """
    w = _words()
    token = normalize_for_matching(token)
    bare, _ = _strip_wa(token)
    keys = [token, bare]
    if token.startswith("ال") and len(token) > 4:
        keys.append(token[2:])  # «الثلاث سنوات»
    for key in keys:
        for table in (w.ones, w.tens, w.hundreds):
            if key in table:
                return table[key]
    return None


def _class(w: _Words, key: str) -> str:
    """«one», «ten» or «hundred»: the class of a number word (``word_value`` not None)."""
    if key not in w.ones and key not in w.tens and key not in w.hundreds and key.startswith("ال"):
        key = key[2:]
    if key in w.ones:
        return "one"
    return "ten" if key in w.tens else "hundred"


#: After a part of this class, «و» may add a part of these classes
#: («خمسة وعشرين», «ثلاثمئة وخمسون», «ثلاثة آلاف وخمسمئة»).
_ADDS = {
    "one": {"ten"},
    "ten": set(),
    "hundred": {"one", "ten"},
    "scale": {"one", "ten", "hundred"},
    "digits": set(),
}


@dataclass
class _Partial:
    """A number being read: the scaled part so far, the part since, the last scale
    applied, the class of the last part, whether digits were read, the next token."""

    total: float
    chunk: float
    scale: float
    last: str
    digits: bool
    j: int


def _first_part(w: _Words, tokens: Sequence[str], j: int) -> _Partial | None:
    """The first part of a number at token ``j`` («ومليون»: «and a million» starts
    after the و), or None."""
    tok = tokens[j]
    bare, wa = _strip_wa(tok)
    if wa and (word_value(bare) is not None or bare in w.scales or bare in w.scale_duals):
        tok = bare
    elif wa:
        return None
    if tok[:1] in ("ب", "ل") and len(tok) > 3 and word_value(tok[1:]) is not None:
        tok = tok[1:]  # «لأربعة أولاد», «بخمس حالات»
    if DIGITS_RE.fullmatch(tok):
        return _Partial(0.0, digits_value(tok), 1.0, "digits", True, j + 1)
    value = word_value(tok)
    if value is not None:
        last = _class(w, tok)
        if last == "one" and j + 1 < len(tokens) and tokens[j + 1] in w.teen:
            return _Partial(0.0, value + 10.0, 1.0, "ten", False, j + 2)  # «ثلاثة عشر»
        return _Partial(0.0, float(value), 1.0, last, False, j + 1)
    if tok in w.scales:
        return _Partial(float(w.scales[tok]), 0.0, float(w.scales[tok]), "scale", False, j + 1)
    if tok in w.scale_duals:
        dual = w.scale_duals[tok]
        return _Partial(float(dual), 0.0, dual / 2, "scale", False, j + 1)
    return None


def _next_part(w: _Words, r: _Partial, tok: str) -> bool:
    """Add token ``tok`` to the number ``r`` when it continues it; False: the number
    ends before it. A fraction («ونصف») ends it after itself (``r.last`` «end»)."""
    bare, wa = _strip_wa(tok)
    if not wa and tok in w.scales:
        if r.last == "scale":
            return False
        r.total += (r.chunk or 1) * w.scales[tok]
        r.chunk, r.last, r.scale = 0.0, "scale", float(w.scales[tok])
    elif wa and word_value(bare) is not None and _class(w, bare) in _ADDS[r.last]:
        r.chunk += word_value(bare) or 0
        r.last = _class(w, bare)
    elif wa and r.last == "scale" and DIGITS_RE.fullmatch(bare) and digits_value(bare) < r.scale:
        r.chunk += digits_value(bare)  # «14 ألفا و446», «ستة آلاف و259»
        r.last, r.digits = "digits", True
    elif wa and bare in w.fractions and r.last in ("scale", "digits", "one", "ten"):
        unit = r.scale if r.last == "scale" else 1.0
        r.total += r.chunk + w.fractions[bare] * unit
        r.chunk, r.last = 0.0, "end"
    else:
        return False
    r.j += 1
    return True


def read_number(tokens: Sequence[str], i: int) -> tuple[float, int, bool, float] | None:
    """Read a number phrase starting at token ``i``: (value, next index, digits, scale).

    ``tokens`` are in the matching form (``Document.tokens``). None when no number
    starts there, or its value is not finite.

    >>> read_number(["عاد", "ثلاثة", "الاف", "وخمسمئه", "مقاتل"], 1)
    (3500.0, 4, False, 1000.0)
    >>> read_number(["14", "الفا", "و", "446", "مهاجرا"], 0)[:2]
    (14446.0, 4)
    >>> read_number(["20", "الفا", "و", "30", "الفا"], 0)[:2]
    (20000.0, 2)
    >>> read_number(["5", "ملايين", "و", "300", "الف", "نسمه"], 0)[:2]
    (5300000.0, 5)
    """
    if i >= len(tokens):
        return None
    w = _words()
    r = _first_part(w, tokens, i)
    if r is None:
        return None
    while r.j < len(tokens) and r.last != "end":
        tok = tokens[r.j]
        if tok == "و" and r.j + 1 < len(tokens) and DIGITS_RE.fullmatch(tokens[r.j + 1]):
            # «14 ألفا و446»: the tokeniser splits و from digits; «20 ألفا و30 ألفا» is
            # two numbers (a range), not 20,030
            after = tokens[r.j + 2] if r.j + 2 < len(tokens) else ""
            next_scale = w.scales.get(after) or (w.scale_duals.get(after, 0) / 2)
            if next_scale >= r.scale:
                break  # «5 ملايين و300 ألف» goes on: a smaller scale adds to the number
            before = r.j
            if not _next_part(w, r, "و" + tokens[r.j + 1]):
                break
            r.j = before + 2
            continue
        if not _next_part(w, r, tok):
            break
    if not math.isfinite(r.total + r.chunk):
        return None  # more digits than a float holds («1» and 400 zeros)
    return r.total + r.chunk, r.j, r.digits, r.scale


def _bare_is_number(token: str) -> bool:
    """True when ``token`` is و + a number word or scale (not itself a number word)."""
    w = _words()
    if token in w.ones or token in w.tens or token in w.hundreds or token in w.scales:
        return False
    bare, wa = _strip_wa(token)
    return wa and (word_value(bare) is not None or bare in w.scales or bare in w.scale_duals)


def _number_start(doc: Document, i: int) -> int:
    """Offset in ``doc.norm`` where the number read from token ``i`` starts: after the
    «و» of «ومليون», not before «واحد»."""
    s = doc.token_spans[i][0]
    tok = doc.tokens[i]
    return s + 1 if _strip_wa(tok)[1] and _bare_is_number(tok) else s


def document_numbers(doc: Document) -> list[NumberMatch]:
    """Every number phrase of a document, with offsets into ``doc.text``.

    >>> [(m.text, m.value) for m in document_numbers(Document("عاد 150 وثلاثة آلاف"))]
    [('150', 150.0), ('ثلاثة آلاف', 3000.0)]
    """
    tokens = doc.tokens
    out: list[NumberMatch] = []
    i = 0
    while i < len(tokens):
        read = read_number(tokens, i)
        if read is None:
            i += 1
            continue
        value, j, digits, scale = read
        start, end = doc.original(_number_start(doc, i), doc.token_spans[j - 1][1])
        out.append(NumberMatch(start, end, doc.text[start:end], value, digits, scale))
        i = j
    return out


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number phrase in ``text``, with offsets into ``text`` (through a
    :class:`~corpus_tools.text.document.Document`: :func:`document_numbers`).

    >>> [(m.text, m.value) for m in find_numbers("نحو ١٧٠٠ مسلح و«أحد عشر» شخصاً، ومليون ونصف")]
    [('١٧٠٠', 1700.0), ('أحد عشر', 11.0), ('مليون ونصف', 1500000.0)]
    """
    return document_numbers(Document(text))
