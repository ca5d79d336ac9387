"""Matching normalisation for Arabic text: the form every matcher compares in.

Never used for display or storage: the clean ``text`` keeps its spelling, and
matchers map what they find back to it through :func:`normalize_with_offsets`.

The folding is the usual one for Arabic retrieval (written here rather than taken
from CAMeL Tools, which would pull in ~400 MB of dependencies for a dozen lines):

- alef forms ``أ إ آ ٱ`` → ``ا``
- alef maqsura ``ى`` → ``ي``;  taa marbuta ``ة`` → ``ه``
- diacritics (tashkeel, superscript alef, Quranic marks) and tatweel removed
- Arabic-Indic and Extended Arabic-Indic digits → ASCII digits
- Persian/Urdu letter variants ``ی ک`` → ``ي ك``

Example:
    >>> normalize_for_matching("الجارديان تُؤكّد: ٣٠ ألفاً")
    'الجارديان تؤكد: 30 الفا'
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

#: Combining marks removed for matching: tashkeel, superscript alef, Quranic annotation.
DIACRITICS = (
    "\u0610-\u061a"  # Quranic honorifics / small letters
    "\u064b-\u065f"  # fathatan … wavy hamza below
    "\u0670"  # superscript alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic marks
)
TATWEEL = "\u0640"

#: One-to-one folds (so offsets survive them). Applied with ``str.replace``, which is
#: far faster than ``str.translate`` with a dict for non-ASCII text.
FOLDS: tuple[tuple[str, str], ...] = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ة", "ه"),
    ("ی", "ي"),
    ("ک", "ك"),
    *((chr(0x0660 + i), str(i)) for i in range(10)),
    *((chr(0x06F0 + i), str(i)) for i in range(10)),
)
_FOLD_RE = re.compile("[" + "".join(a for a, _ in FOLDS) + "]")
_DROP_RE = re.compile(f"[{DIACRITICS}{TATWEEL}]+")
_DROP_CHARS = frozenset(c for c in map(chr, range(0x700)) if _DROP_RE.fullmatch(c))
#: From this length on, the text is normalised as an array of code points (numpy),
#: which is faster than the regular expressions for all but short strings.
_ARRAY_FROM = 400


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: whether matching drops it, and what it folds to."""
    drop = np.zeros(0x110000, dtype=bool)
    drop[[ord(c) for c in _DROP_CHARS]] = True
    fold = np.arange(0x110000, dtype=np.uint32)
    for a, b in FOLDS:
        fold[ord(a)] = ord(b)
    return drop, fold


def _fold(text: str) -> str:
    if not _FOLD_RE.search(text):
        return text
    for a, b in FOLDS:
        if a in text:
            text = text.replace(a, b)
    return text


def _array_form(text: str) -> tuple[str, np.ndarray | None]:
    """The matching form and the indexes of the kept characters (``None``: all kept)."""
    drop, fold = _tables()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    dropped = drop[points]
    kept = None
    if dropped.any():
        kept = np.flatnonzero(~dropped)
        points = points[kept]
    norm = fold[points].tobytes().decode("utf-32-le", "surrogatepass")
    return norm, kept


def normalize_for_matching(text: str) -> str:
    """Fold spelling variants so that matchers compare like with like.

    >>> normalize_for_matching("إلى سورية")
    'الي سوريه'
    """
    if len(text) >= _ARRAY_FROM:
        return _array_form(text)[0]
    return _fold(_DROP_RE.sub("", text))


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """Normalise ``text`` and return, for each normalised character, its index in ``text``.

    The index array has one extra final entry, ``len(text)``, so that a match
    ``[s, e)`` in the normalised string maps back to ``[idx[s], idx[e - 1] + 1)``.

    >>> norm, idx = normalize_with_offsets("سُوريّة")
    >>> norm, idx.tolist()
    ('سوريه', [0, 2, 3, 4, 6, 7])
    """
    n = len(text)
    if n >= _ARRAY_FROM:
        norm, kept = _array_form(text)
        if kept is None:
            return norm, np.arange(n + 1, dtype=np.int64)
        return norm, np.append(kept.astype(np.int64, copy=False), n)
    if not _DROP_RE.search(text):
        return _fold(text), np.arange(n + 1, dtype=np.int64)
    keep = np.ones(n + 1, dtype=bool)
    for m in _DROP_RE.finditer(text):
        keep[m.start() : m.end()] = False
    return _fold(_DROP_RE.sub("", text)), np.flatnonzero(keep).astype(np.int64, copy=False)


def span_to_original(
    idx: np.ndarray, start: int, end: int, text: str | None = None
) -> tuple[int, int]:
    """Map a span of the normalised string back to ``text`` (see :func:`normalize_with_offsets`).

    With ``text``, the end also takes in the diacritics and tatweel that follow the
    span's last letter: they belong to the word («مقاتلاً», «غداً»).

    >>> _, idx = normalize_with_offsets("سُوريّة")
    >>> span_to_original(idx, 0, 5)
    (0, 7)
    >>> _, idx = normalize_with_offsets("غداً")
    >>> span_to_original(idx, 0, 3), span_to_original(idx, 0, 3, "غداً")
    ((0, 3), (0, 4))
    """
    first = int(idx[start])
    if end <= start:
        return first, first
    stop = int(idx[end - 1]) + 1
    if text is not None and text[stop : stop + 1] in _DROP_CHARS:
        stop = _DROP_RE.match(text, stop).end()
    return first, stop


def spans_to_original(
    idx: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``span_to_original(idx, s, e, text)`` for many spans at once.

    ``idx`` must come from ``normalize_with_offsets(text)``: the diacritics and
    tatweel after a span's last letter run up to the next kept character, ``idx[end]``.

    >>> norm, idx = normalize_with_offsets("قال غداً إنه")
    >>> [a.tolist() for a in spans_to_original(idx, [0, 4, 8], [3, 7, 11])]
    [[0, 4, 9], [3, 8, 12]]
    """
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    first = idx[s]
    return first, np.where(e > s, idx[e], first)


def strip_marks(text: str) -> str:
    """``text`` without diacritics and tatweel (letters unfolded), for display.

    >>> strip_marks("الداخليّة")
    'الداخلية'
    """
    return _DROP_RE.sub("", text)
