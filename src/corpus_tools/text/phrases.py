"""One phrase index for every word list: gazetteer forms, cues, triggers, titles, hedges.

A :class:`PhraseIndex` maps phrases (token tuples, see
:func:`~corpus_tools.text.tokens.phrase_tokens`) to values and finds them in a token
sequence: it looks the first token up by each of its readings the index accepts
(:class:`~corpus_tools.text.tokens.Clitics`), then compares the following tokens as
written, longest phrase first: one dict lookup per accepted reading per token.

>>> idx = PhraseIndex([("وزارة الداخلية", "ministry"), ("وزارة", "ministry?")], PREFIXES)
>>> toks = tokenize(normalize_for_matching("وقالت لوزارة الداخلية"))
>>> [(m.first, m.last, m.value, m.reading.cut) for m in idx.find(toks)]
[(1, 2, 'ministry', 1)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import (
    AS_WRITTEN,
    PREFIXES,
    Clitics,
    Reading,
    phrase_tokens,
    readings,
    tokenize,
)

__all__ = ["PREFIXES", "Match", "PhraseIndex", "normalize_for_matching", "tokenize"]

V = TypeVar("V")


@dataclass(slots=True)
class Match(Generic[V]):
    """A phrase found at tokens ``first`` … ``last`` (inclusive), read as ``reading``."""

    first: int
    last: int
    value: V
    reading: Reading


class PhraseIndex(Generic[V]):
    """Phrases → values, found token by token (see the module docstring).

    ``phrases``: ``(phrase, value)`` pairs; a phrase is a string (normalised and
    tokenised here) or a tuple of tokens already normalised. A phrase listed twice
    keeps every value (:meth:`matches_at` yields each).
    """

    def __init__(
        self, phrases: Iterable[tuple[str | Sequence[str], V]], clitics: Clitics = AS_WRITTEN
    ):
        self.clitics = clitics
        self._first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for phrase, value in phrases:
            toks = phrase_tokens(phrase) if isinstance(phrase, str) else tuple(phrase)
            if toks:
                self._first.setdefault(toks[0], []).append((toks[1:], value))
        for entries in self._first.values():
            entries.sort(key=lambda e: -len(e[0]))
        self._heads = frozenset(self._first)

    def __len__(self) -> int:
        return sum(len(v) for v in self._first.values())

    def __contains__(self, word: object) -> bool:
        return word in self._heads

    @property
    def heads(self) -> frozenset[str]:
        """Every word a phrase can start with, as the index stores it (without clitics):
        a set to test many tokens against before asking :meth:`matches_at`."""
        return self._heads

    def get(self, word: str) -> list[V]:
        """The values of the one-word phrase ``word`` as written (``[]`` when none)."""
        return [value for rest, value in self._first.get(word, ()) if not rest]

    def matches_at(self, tokens: Sequence[str], i: int) -> Iterator[Match[V]]:
        """Every phrase that starts at token ``i``, longest first, fewest clitics first."""
        found: list[Match[V]] = []
        n = len(tokens)
        for r in readings(tokens[i]):
            if r.stem not in self._heads or not self.clitics.accepts(r):
                continue
            for rest, value in self._first[r.stem]:
                j = i + len(rest)
                if j < n and (not rest or tuple(tokens[i + 1 : j + 1]) == rest):
                    found.append(Match(i, j, value, r))
        found.sort(key=lambda m: (-(m.last - m.first), m.reading.cut))
        yield from found

    def longest_at(self, tokens: Sequence[str], i: int) -> Match[V] | None:
        """The longest phrase starting at token ``i`` (``None`` when there is none)."""
        return next(self.matches_at(tokens, i), None)

    def find(self, tokens: Sequence[str]) -> list[Match[V]]:
        """Longest matches from left to right, never overlapping."""
        out: list[Match[V]] = []
        i, n = 0, len(tokens)
        while i < n:
            m = self.longest_at(tokens, i)
            if m is None:
                i += 1
            else:
                out.append(m)
                i = m.last + 1
        return out
