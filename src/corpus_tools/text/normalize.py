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


def _fold(text: str) -> str:
    if not _FOLD_RE.search(text):
        return text
    for a, b in FOLDS:
        if a in text:
            text = text.replace(a, b)
    return text


def normalize_for_matching(text: str) -> str:
    """Fold spelling variants so that matchers compare like with like.

    >>> normalize_for_matching("إلى سورية")
    'الي سوريه'
    """
    return _fold(_DROP_RE.sub("", text))


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """Normalise ``text`` and return, for each normalised character, its index in ``text``.

    The index array has one extra final entry, ``len(text)``, so that a match
    ``[s, e)`` in the normalised string maps back to ``[idx[s], idx[e - 1] + 1)``.

    >>> norm, idx = normalize_with_offsets("سُوريّة")
    >>> norm, idx.tolist()
    ('سوريه', [0, 2, 3, 4, 6, 7])
    """
    idx = np.arange(len(text) + 1, dtype=np.int64)
    drops = [(m.start(), m.end()) for m in _DROP_RE.finditer(text)]
    if not drops:
        return _fold(text), idx
    keep = np.ones(len(text) + 1, dtype=bool)
    for s, e in drops:
        keep[s:e] = False
    return normalize_for_matching(text), idx[keep]


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
    if end <= start:
        return int(idx[start]), int(idx[start])
    stop = int(idx[end - 1]) + 1
    if text is not None:
        mark = _DROP_RE.match(text, stop)
        stop = mark.end() if mark else stop
    return int(idx[start]), stop


def strip_marks(text: str) -> str:
    """``text`` without diacritics and tatweel (letters unfolded), for display.

    >>> strip_marks("الداخليّة")
    'الداخلية'
    """
    return _DROP_RE.sub("", text)
