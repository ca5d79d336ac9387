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

#: Up to this many edits, :meth:`MappedText.apply` joins slices (fast for a few); more
#: are placed with whole-array operations (fast and lean for many).
_FEW_EDITS = 64


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
        starts, ends = _checked(edits, len(self.text))
        # the raw span of each edit (the hull of its characters; for an insertion, the
        # position it stands at), all at once rather than one slice per edit
        rs, re_ = self._spans(starts, ends)
        lengths = [len(e.replacement) for e in edits]
        if len(edits) <= _FEW_EDITS:
            new_start, new_end = self._pieced(edits, lengths, rs, re_)
        else:
            src = _sources(starts, ends, np.array(lengths, dtype=np.int64), len(self.text))
            new_start = np.concatenate([self.raw_start, rs])[src]
            new_end = np.concatenate([self.raw_end, re_])[src]
        text = self.text
        texts: list[str] = []
        pos = 0
        for e in edits:
            texts += (text[pos : e.start], e.replacement)
            pos = e.end
        texts.append(text[pos:])
        if log is not None:
            for e, a, b in zip(edits, rs.tolist(), re_.tolist(), strict=True):
                gone = raw[a:b] if raw is not None else text[e.start : e.end]
                log.append(Change(e.kind, a, b, gone, e.replacement, e.reason))
        return MappedText("".join(texts), new_start, new_end)

    def _pieced(
        self, edits: list[Edit], lengths: list[int], rs: np.ndarray, re_: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The raw spans after a few edits: the kept runs and the replacements, joined."""
        new_rs, new_re = np.repeat(rs, lengths), np.repeat(re_, lengths)
        starts_out: list[np.ndarray] = []
        ends_out: list[np.ndarray] = []
        pos = done = 0
        for e, length in zip(edits, lengths, strict=True):
            starts_out += (self.raw_start[pos : e.start], new_rs[done : done + length])
            ends_out += (self.raw_end[pos : e.start], new_re[done : done + length])
            pos, done = e.end, done + length
        starts_out.append(self.raw_start[pos:])
        ends_out.append(self.raw_end[pos:])
        return np.concatenate(starts_out), np.concatenate(ends_out)

    def _spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`raw_span` of many ``[start, end)`` (sorted, not overlapping) at once."""
        n = len(self.text)
        if n == 0:
            return np.zeros_like(starts), np.zeros_like(starts)
        empty = ends <= starts
        if not empty.any():
            # reduce [s0, e0), [e0, s1), [s1, e1), … and keep every other; a last end
            # at n is left out (its segment runs to the end anyway)
            bounds = np.empty(2 * len(starts), dtype=np.int64)
            bounds[0::2], bounds[1::2] = starts, ends
            if bounds[-1] == n:
                bounds = bounds[:-1]
            low = np.minimum.reduceat(self.raw_start, bounds)[0::2]
            return low, np.maximum.reduceat(self.raw_end, bounds)[0::2]
        bounds = np.empty(2 * len(starts), dtype=np.int64)
        bounds[0::2], bounds[1::2] = starts, ends
        bounds = np.minimum(bounds, n)  # an insertion at the end reads no character
        low = np.minimum.reduceat(np.append(self.raw_start, 0), bounds)[0::2]
        high = np.maximum.reduceat(np.append(self.raw_end, 0), bounds)[0::2]
        at = np.where(starts < n, self.raw_start[np.minimum(starts, n - 1)], int(self.raw_end[-1]))
        return np.where(empty, at, low), np.where(empty, at, high)


def _sources(starts: np.ndarray, ends: np.ndarray, lengths: np.ndarray, n: int) -> np.ndarray:
    """For each character after the edits, where it comes from: ``i < n`` is character
    ``i`` of the text, ``n + j`` is the replacement of edit ``j``.

    The result is ``2k + 1`` segments (kept run, replacement, …, kept run), each a run
    of consecutive sources (kept) or one repeated source (replacement).
    """
    k = len(starts)
    seg_len = np.empty(2 * k + 1, dtype=np.int64)
    seg_len[0::2] = np.append(starts, n) - np.concatenate([[0], ends])
    seg_len[1::2] = lengths
    first = np.empty(2 * k + 1, dtype=np.int64)
    first[0::2] = np.concatenate([[0], ends])
    first[1::2] = np.arange(n, n + k)
    step = np.zeros(2 * k + 1, dtype=np.int64)
    step[0::2] = 1
    at = np.cumsum(seg_len) - seg_len  # where each segment starts in the new text
    src = np.repeat(first - at * step, seg_len)
    src += np.arange(len(src)) * np.repeat(step, seg_len)
    return src


def _checked(edits: list[Edit], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of sorted ``edits``; ``ValueError`` at the first that overlaps
    the one before it or lies outside ``[0, n]``."""
    prev = 0
    for e in edits:
        if e.start < prev or e.end < e.start or e.end > n:
            raise ValueError(f"overlapping or out-of-range edit {e!r}")
        prev = e.end
    starts = np.array([e.start for e in edits], dtype=np.int64)
    return starts, np.array([e.end for e in edits], dtype=np.int64)


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
        # A copied char continues a copied run when it follows its predecessor in raw;
        # a replaced char continues a block when it maps to the very same raw span.
        step = np.diff(rs)
        new[1:] = (copied[1:] != copied[:-1]) | (step != copied[1:]) | (np.diff(re_) != step)
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
