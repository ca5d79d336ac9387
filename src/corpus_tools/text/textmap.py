"""Strings that remember where each character came from.

Cleaning rewrites text step by step; an analyst still needs to cite the raw
words. :class:`MappedText` carries, for every character of the current text, the
span of the raw text it came from, through any number of edits.
:class:`OffsetMap` is its compact, stored form: runs of unchanged characters and
replaced blocks, enough to map any clean span back to ``raw_text``.

Example:
    >>> mt = MappedText.from_raw("a\\u0640b  c")
    >>> mt = mt.apply([Edit(1, 2, ""), Edit(3, 5, " ")])
    >>> mt.text
    'ab c'
    >>> mt.raw_span(0, 4)
    (0, 6)
    >>> OffsetMap.from_mapped(mt).raw_span(2, 4)
    (3, 6)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (offsets in the current text)."""

    start: int
    end: int
    replacement: str = ""
    kind: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """An applied edit, located in the raw text (one row of the cleaning report)."""

    kind: str
    raw_start: int
    raw_end: int
    removed_text: str
    inserted_text: str
    reason: str


@dataclass(frozen=True)
class MappedText:
    """Text plus, for each character, the ``[raw_start, raw_end)`` span it stands for."""

    text: str
    raw_start: np.ndarray
    raw_end: np.ndarray

    @classmethod
    def from_raw(cls, raw: str) -> MappedText:
        idx = np.arange(len(raw), dtype=np.int64)
        return cls(raw, idx, idx + 1)

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, key: slice) -> MappedText:
        return MappedText(self.text[key], self.raw_start[key], self.raw_end[key])

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(
            self.text + other.text,
            np.concatenate([self.raw_start, other.raw_start]),
            np.concatenate([self.raw_end, other.raw_end]),
        )

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that ``text[start:end]`` came from (the hull of its characters)."""
        if end <= start:
            pos = self._position(start)
            return pos, pos
        return int(self.raw_start[start:end].min()), int(self.raw_end[start:end].max())

    def _position(self, i: int) -> int:
        if i < len(self.text):
            return int(self.raw_start[i])
        return int(self.raw_end[-1]) if len(self.text) else 0

    def inserted(self, text: str, at_raw: int) -> MappedText:
        """A piece of new text that stands for the empty raw span at ``at_raw``."""
        pos = np.full(len(text), at_raw, dtype=np.int64)
        return MappedText(text, pos, pos.copy())

    def apply(
        self, edits: Sequence[Edit], raw: str | None = None, log: list[Change] | None = None
    ) -> MappedText:
        """Apply non-overlapping ``edits`` (any order); optionally log them as :class:`Change`.

        Replacement characters map to the raw span of what they replace; an
        insertion (``start == end``) maps to the empty raw span where it stands.
        """
        if not edits:
            return self
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        n = len(self.text)
        k = len(edits)
        starts = np.fromiter((e.start for e in edits), dtype=np.int64, count=k)
        ends = np.fromiter((e.end for e in edits), dtype=np.int64, count=k)
        prev_end = np.concatenate([[0], ends[:-1]])
        bad = (starts < prev_end) | (ends < starts) | (ends > n)
        if bad.any():
            raise ValueError(f"overlapping or out-of-range edit {edits[int(np.argmax(bad))]!r}")
        # the raw span of each edit (the hull of its characters; for an insertion, the
        # position it stands at), all at once rather than one slice per edit
        rs, re_ = self._spans(starts, ends)
        lengths = np.fromiter((len(e.replacement) for e in edits), dtype=np.int64, count=k)
        removed = np.zeros(n + 1, dtype=np.int64)
        np.add.at(removed, starts, 1)
        np.add.at(removed, ends, -1)
        kept = np.cumsum(removed[:n]) == 0
        # where each replacement goes among the kept characters (in order, so that
        # np.insert, stable for equal positions, keeps the edits' order)
        before = starts - np.concatenate([[0], np.cumsum(ends - starts)[:-1]])
        at = np.repeat(before, lengths)
        new_start = np.insert(self.raw_start[kept], at, np.repeat(rs, lengths))
        new_end = np.insert(self.raw_end[kept], at, np.repeat(re_, lengths))
        texts: list[str] = []
        pos = 0
        rs_list, re_list = rs.tolist(), re_.tolist()
        for e, a, b in zip(edits, rs_list, re_list, strict=True):
            texts.append(self.text[pos : e.start])
            texts.append(e.replacement)
            if log is not None:
                gone = raw[a:b] if raw is not None else self.text[e.start : e.end]
                log.append(Change(e.kind, a, b, gone, e.replacement, e.reason))
            pos = e.end
        texts.append(self.text[pos:])
        return MappedText("".join(texts), new_start, new_end)

    def _spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`raw_span` of many ``[start, end)`` (sorted, not overlapping) at once."""
        n = len(self.text)
        empty = ends <= starts
        if n == 0:
            return np.zeros_like(starts), np.zeros_like(starts)
        bounds = np.empty(2 * len(starts), dtype=np.int64)
        bounds[0::2], bounds[1::2] = starts, ends
        bounds = np.minimum(bounds, n)  # an insertion at the end reads no character
        low = np.minimum.reduceat(np.append(self.raw_start, 0), bounds)[0::2]
        high = np.maximum.reduceat(np.append(self.raw_end, 0), bounds)[0::2]
        at = np.where(starts < n, self.raw_start[np.minimum(starts, n - 1)], int(self.raw_end[-1]))
        return np.where(empty, at, low), np.where(empty, at, high)


class OffsetMap:
    """Compact clean → raw offset map: one row per run of copied or replaced characters.

    Rows are ``(clean_start, raw_start, raw_end, copied)``: a copied run maps
    character ``clean_start + k`` to ``raw_start + k``; a replaced block maps each
    of its characters to the whole ``[raw_start, raw_end)``.
    """

    __slots__ = ("_rows", "length")

    def __init__(self, rows: np.ndarray, length: int):
        self._rows = rows
        self.length = length

    @classmethod
    def from_mapped(cls, mt: MappedText) -> OffsetMap:
        rs, re_ = mt.raw_start, mt.raw_end
        n = len(rs)
        if n == 0:
            return cls(np.zeros((0, 4), dtype=np.int64), 0)
        copied = (re_ - rs) == 1
        new = np.ones(n, dtype=bool)
        # A copied char continues a copied run when it follows its predecessor in raw.
        cont_copy = copied[1:] & copied[:-1] & (rs[1:] == rs[:-1] + 1)
        # A replaced char continues a block when it maps to the very same raw span.
        cont_block = ~copied[1:] & ~copied[:-1] & (rs[1:] == rs[:-1]) & (re_[1:] == re_[:-1])
        new[1:] = ~(cont_copy | cont_block)
        starts = np.flatnonzero(new)
        rows = np.empty((len(starts), 4), dtype=np.int64)
        rows[:, 0] = starts
        rows[:, 1] = rs[starts]
        last = np.append(starts[1:], n) - 1
        rows[:, 2] = np.where(copied[starts], re_[last], re_[starts])
        rows[:, 3] = copied[starts]
        return cls(rows, n)

    def to_array(self) -> np.ndarray:
        """The rows, for storage (see :meth:`from_array`)."""
        return self._rows

    @classmethod
    def from_array(cls, rows: np.ndarray, length: int) -> OffsetMap:
        return cls(np.asarray(rows, dtype=np.int64).reshape(-1, 4), length)

    def _char(self, i: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        row = np.searchsorted(self._rows[:, 0], i, side="right") - 1
        r = self._rows[row]
        offset = i - r[:, 0]
        copied = r[:, 3].astype(bool)
        start = np.where(copied, r[:, 1] + offset, r[:, 1])
        end = np.where(copied, start + 1, r[:, 2])
        return start, end

    def raw_spans(
        self, starts: Sequence[int], ends: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`raw_span` for many clean spans of this text."""
        s = np.asarray(starts, dtype=np.int64)
        e = np.asarray(ends, dtype=np.int64)
        if np.any(s < 0) or np.any(e > self.length) or np.any(e < s):
            raise IndexError(f"span outside the clean text (length {self.length})")
        if self.length == 0:
            return np.zeros_like(s), np.zeros_like(e)
        first_start, first_end = self._char(np.minimum(s, self.length - 1))
        last_start, last_end = self._char(np.maximum(e - 1, 0))
        raw_s = np.minimum(first_start, last_start)
        raw_e = np.maximum(first_end, last_end)
        empty = e <= s
        at_end = s >= self.length
        pos = np.where(at_end, last_end, first_start)
        return np.where(empty, pos, raw_s), np.where(empty, pos, raw_e)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span a clean span ``[start, end)`` came from."""
        s, e = self.raw_spans([start], [end])
        return int(s[0]), int(e[0])
