"""Numbers in Arabic text: digits (Western and Arabic-Indic, with separators) and words.

:func:`find_numbers` finds every number phrase in a text and reads its value:
«1,700», «١٧٠٠», «2.5», «ثلاثة», «خمسة وعشرين», «أحد عشر», «5 آلاف», «ثلاثة آلاف
وخمسمئة», «30 ألف», «ألفين», «مليون ونصف». Word lists live in ``data/numbers.toml``.
Vague quantities («عشرات», «بضعة آلاف») are not numbers here: see
:mod:`corpus_tools.extract.figures`.

Example:
    >>> [(m.text, m.value) for m in find_numbers("دفعوا 2,000 دولار وعاد ثلاثة آلاف وخمسمئة")]
    [('2,000', 2000.0), ('ثلاثة آلاف وخمسمئة', 3500.0)]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from corpus_tools.resources import load_toml
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
)

#: Digits with thousands separators («1,700», «1٬700») and a decimal part («2.5», «2٫5»).
DIGITS_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?")
#: Words, numbers (with their separators) and the percent sign, in the matching form.
TOKEN_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?|[^\W\d_]+|[%٪]")


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


def digits_value(token: str) -> float:
    """«1,700» → 1700.0, «2٫5» → 2.5."""
    return float(token.replace(",", "").replace("٬", "").replace("٫", "."))


def _strip_wa(token: str) -> tuple[str, bool]:
    if token.startswith("و") and len(token) > 2:
        return token[1:], True
    return token, False


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


def _class(value: int, w: _Words, key: str) -> str:
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


def read_number(tokens: list[str], i: int) -> tuple[float, int, bool, float] | None:
    """Read a number phrase starting at token ``i``: (value, next index, digits, scale).

    None when no number starts there, or its value is not finite.
    """
    w = _words()
    total, chunk, last_scale = 0.0, 0.0, 1.0
    used_digits = False
    last = ""
    j = i
    while j < len(tokens):
        tok = tokens[j]
        bare, wa = _strip_wa(tok)
        if not last:  # the first part («ومليون»: «and a million» starts after the و)
            if wa and (word_value(bare) is not None or bare in w.scales or bare in w.scale_duals):
                tok = bare
            elif wa:
                return None
            if DIGITS_RE.fullmatch(tok):
                chunk, used_digits, last = digits_value(tok), True, "digits"
            elif word_value(tok) is not None:
                chunk, last = float(word_value(tok) or 0), _class(0, w, tok)
                if last == "one" and j + 1 < len(tokens) and tokens[j + 1] in w.teen:
                    chunk += 10  # «ثلاثة عشر»
                    last = "ten"
                    j += 1
            elif tok in w.scales:
                total, last, last_scale = float(w.scales[tok]), "scale", float(w.scales[tok])
            elif tok in w.scale_duals:
                total, last = float(w.scale_duals[tok]), "scale"
                last_scale = w.scale_duals[tok] / 2
            else:
                return None
        elif not wa and tok in w.scales:
            if last == "scale":
                break
            total += (chunk or 1) * w.scales[tok]
            chunk, last, last_scale = 0.0, "scale", float(w.scales[tok])
        elif wa and word_value(bare) is not None and _class(0, w, bare) in _ADDS[last]:
            chunk += word_value(bare) or 0
            last = _class(0, w, bare)
        elif wa and bare in w.fractions and last in ("scale", "digits", "one", "ten"):
            unit = last_scale if last == "scale" else 1.0
            total += chunk + w.fractions[bare] * unit
            chunk = 0.0
            j += 1
            break
        else:
            break
        j += 1
    if not last or not math.isfinite(total + chunk):
        return None  # nothing read, or more digits than a float holds («1» and 400 zeros)
    return total + chunk, j, used_digits, last_scale


def _bare_is_number(token: str) -> bool:
    """True when ``token`` is و + a number word or scale (not itself a number word)."""
    w = _words()
    if token in w.ones or token in w.tens or token in w.hundreds or token in w.scales:
        return False
    bare, wa = _strip_wa(token)
    return wa and (word_value(bare) is not None or bare in w.scales or bare in w.scale_duals)


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number phrase in ``text``, with offsets into ``text``.

    >>> [(m.text, m.value) for m in find_numbers("نحو ١٧٠٠ مسلح و«أحد عشر» شخصاً، ومليون ونصف")]
    [('١٧٠٠', 1700.0), ('أحد عشر', 11.0), ('مليون ونصف', 1500000.0)]
    """
    norm, idx = normalize_with_offsets(text)
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(norm)]
    tokens = [norm[s:e] for s, e in spans]
    out: list[NumberMatch] = []
    i = 0
    while i < len(tokens):
        read = read_number(tokens, i)
        if read is None:
            i += 1
            continue
        value, j, digits, scale = read
        first = spans[i][0] + (1 if _strip_wa(tokens[i])[1] and _bare_is_number(tokens[i]) else 0)
        start, end = span_to_original(idx, first, spans[j - 1][1], text)
        out.append(NumberMatch(start, end, text[start:end], value, digits, scale))
        i = j
    return out
