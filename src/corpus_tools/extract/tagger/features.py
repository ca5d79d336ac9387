"""Token features for the entity tagger, read from the prepared document.

Every feature comes from the shared layers: the matching form and its tokens
(:mod:`corpus_tools.text.tokens`), the clitic reader (``readings``), the package's
title, given-name and context-word lists (``data/entity_patterns.toml``), the
gazetteer's matches in this document, word clusters learned without labels
(:mod:`corpus_tools.extract.tagger.clusters`), and the punctuation between tokens.

What depends on the word alone is computed once per distinct word (:class:`TypeFeatures`,
a bounded cache): its own features and the copies its neighbours see, already
prefixed. A sentence's items are then list concatenations plus a few features of
the document (punctuation, gazetteer matches).

Example:
    >>> from corpus_tools.text.document import Document
    >>> doc = Document("قال الوزير يوناس ستوره في أوسلو")
    >>> items = sentence_items(doc, range(len(doc.tokens)), [""] * len(doc.tokens))
    >>> "w=يوناس" in items[2] and "-1:title" in items[2]
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from corpus_tools.extract.tagger.clusters import ClusterTable, load_clusters
from corpus_tools.text.document import Document
from corpus_tools.text.tokens import PREFIXES, readings

__all__ = [
    "TypeFeatures",
    "context_features",
    "gap_features",
    "sentence_items",
    "type_features",
]

_LATIN_RE = re.compile(r"[A-Za-z]")
#: Distinct words the per-type cache keeps before it starts afresh.
_CACHE_LIMIT = 1 << 18
#: Offsets whose words a token sees, and the prefix of their features.
_WINDOW = ((-2, "-2:"), (-1, "-1:"), (1, "+1:"), (2, "+2:"))


def _shape(token: str) -> str:
    if token.isdigit():
        return "digit"
    if _LATIN_RE.search(token):
        return "latin"
    if token in "%٪":
        return "pct"
    return "ar"


@dataclass(frozen=True, slots=True)
class _WordLists:
    titles: frozenset[str]
    given: frozenset[str]
    kunya: frozenset[str]
    named_by: frozenset[str]
    stopwords: frozenset[str]
    context: frozenset[str]  # context nouns («مدينة», «تنظيم» …)


@cache
def _word_lists() -> _WordLists:
    from corpus_tools.extract.entities import _patterns

    pats = _patterns()
    return _WordLists(
        titles=frozenset(pats.titles.heads),
        given=pats.given_names,
        kunya=frozenset(pats.kunya.heads),
        named_by=frozenset(pats.named_by.heads),
        stopwords=pats.stopwords,
        context=frozenset(pats.context.heads),
    )


def _own(token: str, lists: _WordLists, clusters: ClusterTable) -> list[str]:
    """The word's own features (no prefix)."""
    feats = [f"w={token}", f"shape={_shape(token)}", f"len={min(len(token), 8)}"]
    n = len(token)
    for k in (1, 2, 3):
        if n > k:
            feats.append(f"p{k}={token[:k]}")
            feats.append(f"s{k}={token[-k:]}")
    stems = [r for r in readings(token) if PREFIXES.accepts(r)]
    if len(stems) > 1:
        bare = stems[-1]
        feats.append(f"stem={bare.stem}")
        feats.append(f"clitic={bare.conj}{bare.prep}")
    al = next((r for r in readings(token) if r.article), None)
    if al is not None:
        feats.append("al")
        feats.append(f"noal={al.stem}")
    words = {r.stem for r in stems}
    if words & lists.titles:
        feats.append("title")
    if token in lists.given:
        feats.append("given")
    if words & lists.kunya:
        feats.append("kunya")
    if words & lists.named_by:
        feats.append("named_by")
    if token in lists.stopwords:
        feats.append("stop")
    if words & lists.context:
        feats.append("ctx")
    ids = clusters.get(token)
    if ids is None:
        ids = next((got for r in stems[1:] if (got := clusters.get(r.stem))), None)
        if ids is not None:
            feats.extend(f"sc{k}={c}" for k, c in zip(clusters.sizes, ids, strict=True))
    else:
        feats.extend(f"c{k}={c}" for k, c in zip(clusters.sizes, ids, strict=True))
    if ids is None and clusters.sizes:
        feats.append("oov")
    prof = clusters.profiles.get(token)
    if prof is None:
        prof = next((p for r in stems[1:] if (p := clusters.profiles.get(r.stem))), None)
    if prof is not None:
        names = clusters.profile_names
        feats.extend(f"pf{name}={b}" for name, b in zip(names, prof, strict=True) if b)
    return feats


#: The features a neighbour passes on: its word, stem, lists and coarse clusters.
_PASSED = (
    "w=",
    "stem=",
    "title",
    "given",
    "kunya",
    "named_by",
    "stop",
    "ctx",
    "c64=",
    "c256=",
    "sc64=",
    "sc256=",
    "shape=",
    "pf",
)


@dataclass(eq=False)
class TypeFeatures:
    """``word → (own, seen at -2, -1, +1, +2)``, computed once per word."""

    lists: _WordLists
    clusters: ClusterTable
    cache: dict[str, tuple[list[str], ...]] = field(default_factory=dict)

    def __call__(self, token: str) -> tuple[list[str], ...]:
        got = self.cache.get(token)
        if got is None:
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            got = self.cache[token] = self.compute(token)
        return got

    def compute(self, token: str) -> tuple[list[str], ...]:
        """The word's features, not cached (the decoder keeps only their sums)."""
        own = _own(token, self.lists, self.clusters)
        passed = [f for f in own if f.startswith(_PASSED)]
        return (own, *([p + f for f in passed] for _, p in _WINDOW))


@cache
def type_features() -> TypeFeatures:
    """The per-word features with the package's lists and clusters (one per process)."""
    return TypeFeatures(_word_lists(), load_clusters())


_PUNCT = {
    "«": "q",
    "»": "q",
    '"': "q",
    "“": "q",
    "”": "q",
    "(": "(",
    ")": ")",
    "[": "(",
    "]": ")",
    ",": ",",
    "،": ",",
    ".": ".",
    ":": ":",
    "-": "-",
    "–": "-",
    "؟": ".",
    "?": ".",
    "!": ".",
    "؛": ",",
    ";": ",",
}


@lru_cache(maxsize=4096)
def gap_features(gap: str) -> str:
    """The punctuation between two tokens, as a short code («، (» → ``,(``)."""
    return "".join(dict.fromkeys(_PUNCT[c] for c in gap if c in _PUNCT))


def context_features(
    doc: Document,
    first: int,
    pos: Sequence[int],
    left: Sequence[int],
    gazetteer_tags: Sequence[str],
) -> list[list[str]]:
    """The features of tokens ``first …`` that depend on their place, not on the word:
    the start or end of their sequence, the punctuation before and after them inside
    it, and the gazetteer's or patterns' match on them and their neighbours.

    ``pos[k]`` / ``left[k]``: how many tokens of its sequence come before / after token
    ``first + k``. One list per token, in a fixed order (BOS, EOS, punctuation,
    gazetteer); training (:func:`sentence_items`) and the decoder both read them here.
    """
    text, starts, ends, gz = doc.text, doc.starts, doc.ends, gazetteer_tags
    n = len(pos)
    codes = [""] * (n + 1)  # the punctuation before token k, inside its sequence
    for k in range(1, n):
        if pos[k]:
            gap = text[ends[first + k - 1] : starts[first + k]]
            codes[k] = "" if gap == " " else gap_features(gap)
    out = []
    for k in range(n):
        i = first + k
        feats = []
        if not pos[k]:
            feats.append("BOS")
        if not left[k]:
            feats.append("EOS")
        if codes[k]:
            feats.append(f"gap<{codes[k]}")
        if left[k] and codes[k + 1]:
            feats.append(f"gap>{codes[k + 1]}")
        if gz[i]:
            feats += [f"gz={gz[i]}", f"gzl={gz[i][2:]}"]
        if pos[k] and gz[i - 1]:
            feats.append(f"-1:gz={gz[i - 1]}")
        if left[k] and gz[i + 1]:
            feats.append(f"+1:gz={gz[i + 1]}")
        out.append(feats)
    return out


def sentence_items(
    doc: Document,
    tokens: range,
    gazetteer_tags: Sequence[str],
    features: TypeFeatures | None = None,
) -> list[list[str]]:
    """One feature list per token of ``tokens`` (a range of the document's tokens): the
    word's own features, its neighbours' and :func:`context_features`.

    ``gazetteer_tags[i]``: ``"B-LOC"``, ``"I-LOC"`` … for token ``i`` of the document
    when a gazetteer or pattern match covers it, else ``""``. ``features``: the
    per-word features (default: with the package's clusters).
    """
    tf = features or type_features()
    toks = doc.tokens
    n = len(tokens)
    per_type = [tf(toks[i]) for i in tokens]
    context = context_features(doc, tokens.start, range(n), range(n - 1, -1, -1), gazetteer_tags)
    items = []
    for k in range(n):
        feats = ["bias", *per_type[k][0]]
        ctx = context[k]
        marks = (k == 0) + (k == n - 1)  # BOS / EOS come before the neighbours' features
        feats += ctx[:marks]
        for (off, _), slot in zip(_WINDOW, (1, 2, 3, 4), strict=True):
            j = k + off
            if 0 <= j < n:
                feats += per_type[j][slot]
        feats += ctx[marks:]
        items.append(feats)
    return items
