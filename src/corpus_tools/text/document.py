"""The prepared document: one per article, built once, read by every extractor.

A :class:`Document` holds an article's clean text and metadata and, computed on
first use and then kept, everything the extractors share:

- ``norm`` / ``idx``: the matching form and, per matching-form character, its offset
  in the clean text (:func:`~corpus_tools.text.normalize.normalize_with_offsets`);
- ``tokens``: the tokens of the matching form (one tokeniser,
  :mod:`corpus_tools.text.tokens`), with ``starts`` / ``ends`` in the clean text and
  ``readings(i)`` (the token without its clitics);
- ``sentences``, ``paragraphs``, ``quotes``: ``(start, end)`` spans of the clean text;
- ``layers``: what the extractors add, by name (``entities``, ``attributions``,
  ``times``, ``events``, ``figures``), each a list of row dicts with offsets into the
  clean text.

Nothing else in the package normalises, tokenises or splits an article.

>>> doc = Document("قال الوزير: «عاد 150 مقاتلاً». ثم غادر.")
>>> doc.tokens[:4], doc.sentences, doc.quotes
(['قال', 'الوزير', 'عاد', '150'], [(0, 30), (31, 39)], [(12, 29)])
>>> doc.text[doc.starts[4] : doc.ends[4]]
'مقاتلاً'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from corpus_tools.text.normalize import normalize_with_offsets, span_to_original
from corpus_tools.text.tokens import Reading, readings, token_bounds

#: The longest “…” quotation read as one (a stray opening mark must not swallow a page).
MAX_CURLY_QUOTE = 1500
_CURLY_RE = re.compile(f"“[^”\n]{{1,{MAX_CURLY_QUOTE}}}”")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every top-level quotation, marks included.

    «…» nest, each » closing the nearest open «; a « still open at its paragraph's end
    is a writer's slip and opens nothing (the quotations inside it stand on their own);
    a » with nothing open is ignored. “…” do not nest.

    >>> quote_spans("قال «نحن «هنا» الآن» و“هم”")
    [(4, 20), (22, 26)]
    >>> quote_spans("أكد أن «المواقف لم تتغير، موضحا أن «الدعم مستمر». وقال")
    [(35, 48)]
    """
    out: list[tuple[int, int]] = []
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []

    def flush() -> None:
        reach = -1
        for s, e in sorted(pairs):
            if s > reach:  # not inside a quotation already kept
                out.append((s, e))
                reach = e
        pairs.clear()
        opened.clear()

    for m in re.finditer("[«»\n]", text):
        ch, i = m.group(), m.start()
        if ch == "«":
            opened.append(i)
        elif ch == "»" and opened:
            pairs.append((opened.pop(), i + 1))
        elif ch == "\n":
            flush()  # an unclosed quotation stops at the paragraph
    flush()
    out.extend((m.start(), m.end()) for m in _CURLY_RE.finditer(text))
    return sorted(out)


@dataclass(eq=False)
class Document:
    """One article, prepared once (see the module docstring)."""

    text: str
    article_id: str = ""
    published: pd.Timestamp | None = None
    relays: str | None = None
    publisher: str | None = None
    headline: str | None = None
    layers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    # --- matching form and tokens ---------------------------------------------------
    @cached_property
    def _normalized(self) -> tuple[str, np.ndarray]:
        return normalize_with_offsets(self.text)

    @property
    def norm(self) -> str:
        """The matching form of the text."""
        return self._normalized[0]

    @property
    def idx(self) -> np.ndarray:
        """Clean-text offset of each matching-form character (one extra final entry)."""
        return self._normalized[1]

    @cached_property
    def _token_table(self) -> tuple[list[str], list[tuple[int, int]], list[int], list[int]]:
        norm, idx = self._normalized
        first, last = token_bounds(norm)
        tokens = [norm[s:e] for s, e in zip(first.tolist(), last.tolist(), strict=True)]
        spans = list(zip(first.tolist(), last.tolist(), strict=True))
        # only diacritics and tatweel are dropped, so a token ends where the next
        # matching-form character starts: its trailing marks belong to it («مقاتلاً»)
        return tokens, spans, idx[first].tolist(), idx[last].tolist()

    @cached_property
    def tokens(self) -> list[str]:
        """Tokens of the matching form."""
        return self._token_table[0]

    @cached_property
    def token_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each token in the matching form (``norm``)."""
        return self._token_table[1]

    @cached_property
    def starts(self) -> list[int]:
        """Clean-text offset where each token starts."""
        return self._token_table[2]

    @cached_property
    def ends(self) -> list[int]:
        """Clean-text offset where each token ends (trailing diacritics included)."""
        return self._token_table[3]

    def readings(self, i: int) -> tuple[Reading, ...]:
        """Token ``i`` read without its clitics (:func:`~corpus_tools.text.tokens.readings`)."""
        return readings(self.tokens[i])

    def tokens_in(self, start: int, end: int) -> range:
        """Indexes of the tokens that start inside the clean-text span ``[start, end)``."""
        starts = self.starts
        return range(bisect_right(starts, start - 1), bisect_right(starts, end - 1))

    def token_at(self, offset: int) -> int:
        """Index of the last token starting at or before clean-text ``offset`` (-1: none)."""
        return bisect_right(self.starts, offset) - 1

    def gap(self, i: int) -> str:
        """Clean text between token ``i - 1`` and token ``i`` (before the first: from 0)."""
        return self.text[self.ends[i - 1] if i > 0 else 0 : self.starts[i]]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """A matching-form span ``[start, end)`` as clean-text offsets."""
        return span_to_original(self.idx, start, end, self.text)

    # --- sentences, paragraphs, quotations --------------------------------------------
    @cached_property
    def headline_end(self) -> int:
        """Where the headline ends when the text opens with it, else 0.

        >>> head = "داعش يطلق 6 رهائن"
        >>> Document(head + ". أفرج التنظيم عن الرهائن", headline=head).headline_end
        17
        """
        head = self.headline
        return len(head) if head and self.text.startswith(head) else 0

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each paragraph."""
        from corpus_tools.text.cleaning import paragraph_spans

        return paragraph_spans(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence (see :mod:`corpus_tools.text.segmenting`)."""
        from corpus_tools.text.segmenting import split_sentences

        return split_sentences(self.text)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts (``[0]`` for a text without sentences)."""
        return [s for s, _ in self.sentences] or [0]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding clean-text ``offset``."""
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each top-level quotation (:func:`quote_spans`)."""
        return quote_spans(self.text)

    # --- layers ------------------------------------------------------------------------
    def layer(self, name: str) -> list[dict[str, Any]]:
        """The rows an extractor added (``KeyError`` naming the step when it has not run)."""
        try:
            return self.layers[name]
        except KeyError:
            raise KeyError(
                f"the document has no {name!r} layer yet: run that extractor first "
                f"(layers so far: {sorted(self.layers) or 'none'})"
            ) from None
