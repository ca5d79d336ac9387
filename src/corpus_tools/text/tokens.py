"""One tokeniser and one clitic reader for every extractor.

Tokens are read from the matching form (:mod:`corpus_tools.text.normalize`):
numbers with their separators (``1,500``, ``3.5``), runs of letters, and the percent
sign. Digits and letters are separate tokens (``2016م`` → ``2016``, ``م``), so that a
number is always a token of its own.

:func:`readings` gives the ways a word can be read once its clitics are taken off:
the conjunctions و / ف, the prepositions ب / ل / ك, ``لل`` (``ل`` + the article), the
article ``ال``, and an attached object or possessive pronoun (``ه ها هم هما``). Each
:class:`Reading` says what was taken off, so a word list decides which readings it
accepts (:class:`Clitics`): a speech verb takes و / ف but never ب; a place name
takes و / ف / ب / ل / ك; an event trigger also takes the article and an object
pronoun.

>>> tokenize(normalize_for_matching("وقال 1,500 مقاتل في 2016م إن 40%"))
['وقال', '1,500', 'مقاتل', 'في', '2016', 'م', 'ان', '40', '%']
>>> [(r.stem, r.cut) for r in readings("وللمرصد")]
[('وللمرصد', 0), ('للمرصد', 1), ('المرصد', 2), ('لمرصد', 2), ('مرصد', 4)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from corpus_tools.text.normalize import normalize_for_matching

#: The one tokeniser: numbers (with thousands separators and decimals), letters, ``%``.
TOKEN_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?|[^\W\d_]+|[%٪]")
#: Pronouns a word can carry at its end, longest first.
SUFFIXES = ("هما", "هم", "ها", "ه")


_NUMBER_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?")
_LETTER_RE = re.compile(r"[^\W\d_]")
_PERCENT = "%٪"


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    """For each BMP code point: 1 for a letter (``[^\\W\\d_]``), 2 for a digit
    (``\\d``), 3 for a percent sign, else 0."""
    table = np.zeros(0x10000, dtype=np.int8)
    for c in range(0x10000):
        ch = chr(c)
        if _LETTER_RE.match(ch):
            table[c] = 1
        elif ch.isdecimal() and re.match(r"\d", ch):
            table[c] = 2
    table[[ord(c) for c in _PERCENT]] = 3
    return table


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def token_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of :data:`TOKEN_RE`'s matches in ``text``, as arrays.

    The same spans as ``[m.span() for m in TOKEN_RE.finditer(text)]``, found with
    numpy: letter runs from a code-point table, numbers (few) matched where a digit
    run starts.

    >>> [a.tolist() for a in token_bounds("قال 1,500 مقاتل 40%")]
    [[0, 4, 10, 16, 18], [3, 9, 15, 18, 19]]
    """
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(cps) or int(cps.max()) >= 0x10000:  # outside the table: the expression
        arr = np.array([m.span() for m in TOKEN_RE.finditer(text)], dtype=np.int64)
        arr = arr.reshape(-1, 2)
        return arr[:, 0], arr[:, 1]
    cls = _class_table()[cps]
    starts, ends = _runs(cls == 1)
    parts_s, parts_e = [starts], [ends]
    pct = np.flatnonzero(cls == 3)
    if len(pct):
        parts_s.append(pct)
        parts_e.append(pct + 1)
    digit_starts, digit_ends = _runs(cls == 2)
    if len(digit_starts):
        nums, reach = [], 0
        for first, last in zip(digit_starts.tolist(), digit_ends.tolist(), strict=True):
            pos = max(first, reach)  # a run inside the last number («1,500») is part of it
            while pos < last:
                m = _NUMBER_RE.match(text, pos)
                nums.append(m.span())
                pos = reach = m.end()
        arr = np.array(nums, dtype=np.int64)
        parts_s.append(arr[:, 0])
        parts_e.append(arr[:, 1])
    s, e = np.concatenate(parts_s), np.concatenate(parts_e)
    order = np.argsort(s, kind="stable")
    return s[order].astype(np.int64), e[order].astype(np.int64)


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` (already in matching form)."""
    return TOKEN_RE.findall(text)


def without_conjunction(token: str) -> str:
    """``token`` without a leading و / ف, read as :func:`readings` reads it (two letters
    must be left).

    >>> without_conjunction("وقالت"), without_conjunction("وف")
    ('قالت', 'وف')
    """
    return token[1:] if len(token) >= 3 and token[0] in "وف" else token


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A word-list entry as tokens: normalised, then tokenised like the text.

    >>> phrase_tokens("وزارة الداخليّة")
    ('وزاره', 'الداخليه')
    """
    return tuple(TOKEN_RE.findall(normalize_for_matching(phrase)))


@dataclass(frozen=True, slots=True)
class Reading:
    """A word read without its clitics.

    ``stem`` is what is left (``لل`` + word gives ``ال`` + word); ``cut`` is how many
    characters of the token come before the stem's first letter as written (an
    entity found in «وللمرصد» starts ``cut`` characters into the token).
    """

    stem: str
    cut: int = 0
    conj: str = ""  # و / ف
    prep: str = ""  # ب / ل / ك
    article: bool = False  # ال taken off
    suffix: str = ""  # pronoun taken off the end


@dataclass(frozen=True, slots=True)
class Clitics:
    """Which readings a word list accepts (the word as written always)."""

    conj: bool = False
    prep: bool = False
    article: bool = False
    suffix: bool = False

    def accepts(self, r: Reading) -> bool:
        return (
            (self.conj or not r.conj)
            and (self.prep or not r.prep)
            and (self.article or not r.article)
            and (self.suffix or not r.suffix)
        )


#: The word only as written.
AS_WRITTEN = Clitics()
#: و / ف in front (speech verbs, cue words).
CONJUNCTIONS = Clitics(conj=True)
#: و / ف and ب / ل / ك in front (names, nouns).
PREFIXES = Clitics(conj=True, prep=True)
#: every reading (event triggers).
ALL = Clitics(conj=True, prep=True, article=True, suffix=True)


@lru_cache(maxsize=1 << 17)
def readings(token: str) -> tuple[Reading, ...]:
    """Every reading of a normalised word, fewest characters taken off first.

    A clitic is taken off only when enough of the word is left (two letters after
    و / ف, more than three after ب / ل / ك, more than four after the article, more
    than three before a pronoun), so short words keep their first letters.

    >>> [r.stem for r in readings("فاعتقلته")]
    ['فاعتقلته', 'فاعتقلت', 'اعتقلته', 'اعتقلت']
    >>> [r.stem for r in readings("بالمدينه") if PREFIXES.accepts(r)]
    ['بالمدينه', 'المدينه']
    """
    out = [Reading(token)]
    if len(token) < 3:
        return tuple(out)
    bodies = [("", token, 0)]
    if token[0] in "وف" and len(token) - 1 >= 2:
        bodies.append((token[0], token[1:], 1))
    for conj, body, cut in bodies:
        if conj:
            out.append(Reading(body, cut, conj=conj))
        fronts = [(body, cut, "")]
        if body.startswith("لل") and len(body) > 3:
            fronts.append(("ا" + body[1:], cut + 1, "ل"))  # «للمرصد» → «المرصد»
        if len(body) > 3 and body[0] in "بلك":
            fronts.append((body[1:], cut + 1, body[0]))
        for word, at, prep in fronts:
            if prep:
                out.append(Reading(word, at, conj=conj, prep=prep))
            if word.startswith("ال") and len(word) > 4:
                out.append(Reading(word[2:], at + 2, conj=conj, prep=prep, article=True))
    for r in list(out):
        if r.article:
            continue
        for suffix in SUFFIXES:
            if len(r.stem) > len(suffix) + 3 and r.stem.endswith(suffix):
                out.append(Reading(r.stem[: -len(suffix)], r.cut, r.conj, r.prep, suffix=suffix))
                break
    out.sort(key=lambda r: (r.cut, bool(r.suffix), r.article))
    seen: set[tuple[str, int]] = set()
    unique = []
    for r in out:
        if (r.stem, r.cut) not in seen:
            seen.add((r.stem, r.cut))
            unique.append(r)
    return tuple(unique)
