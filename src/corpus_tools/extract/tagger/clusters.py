"""Word clusters learned without labels: a word's neighbourhood as a tagger feature.

A name the labelled data never showed («هانت», «لودريان») is usually written where
other names are written; a cluster id says so. The clusters are learned from raw
news text (the SaudiNewsNet corpus in ``../shared/corpora/``: no labels are read):
word2vec vectors (gensim, one worker, fixed seeds, so a rerun gives the same
vectors) cut by k-means at several sizes, coarse to fine, like the bit-string
prefixes of Brown clusters.

The shipped table is ``data/tagger/clusters.tsv.gz``: one line per word in matching
form, then its cluster id at each size. :func:`load_clusters` reads it once.

Example:
    >>> table = load_clusters()
    >>> table.sizes, len(table.ids) > 50_000
    ((64, 256, 1024), True)
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import tokenize

__all__ = [
    "PROFILES",
    "ClusterTable",
    "context_profiles",
    "load_clusters",
    "train_clusters",
    "write_clusters",
]

CLUSTERS_FILE = "clusters.tsv.gz"
#: The context profiles: how often a word follows a word of each group in raw text
#: (groups from the package's lists: :func:`profile_words`).
PROFILES = ("title", "given", "loc", "org", "media", "speech")
#: A profile's share of the word's occurrences → its bucket (0: below the first).
_BUCKETS = (0.02, 0.08, 0.25)
#: Occurrences a word needs for its profile to be counted.
_MIN_SEEN = 5


@dataclass(frozen=True)
class ClusterTable:
    """``ids[word]`` is the word's cluster id at each of ``sizes`` (coarse first), and
    ``profiles[word]`` its bucket (0–3) for each of :data:`PROFILES`: how often it
    follows a title, a given name, a place noun («مدينة»), an organisation noun, an
    outlet noun, a speech verb."""

    sizes: tuple[int, ...]
    ids: dict[str, tuple[int, ...]]
    profiles: dict[str, tuple[int, ...]] = field(default_factory=dict)
    profile_names: tuple[str, ...] = PROFILES

    def get(self, word: str) -> tuple[int, ...] | None:
        return self.ids.get(word)


def _stable_hash(word: str) -> int:
    """gensim seeds each word's vector with this: Python's ``hash`` changes per process."""
    return zlib.crc32(word.encode("utf-8"))


def sentences_of(texts: Iterable[str]) -> Iterator[list[str]]:
    """Each text's tokens in matching form, one list per line of the text."""
    for text in texts:
        for line in text.splitlines():
            toks = tokenize(normalize_for_matching(line))
            if len(toks) > 2:
                yield toks


def pinned_speech_verbs() -> list[str]:
    """The speech-verb forms of ``data/tagger/speech_verbs.txt``: the attribution
    lexicon's verbs when the shipped clusters were built (the lexicon may grow since)."""
    ref = resources.files("corpus_tools") / "data" / "tagger" / "speech_verbs.txt"
    lines = ref.read_text(encoding="utf-8").splitlines()
    return [w for w in lines if w and not w.startswith("#")]


def profile_words() -> dict[str, frozenset[str]]:
    """Each profile's group of preceding words, from the package's word lists
    (``entity_patterns.toml``: titles, given names, context and «quoted» nouns;
    ``speech_verbs.txt``: the speech-verb forms pinned with the clusters)."""
    from corpus_tools.resources import load_toml
    from corpus_tools.text.tokens import phrase_tokens

    pats = load_toml("entity_patterns.toml")

    def heads(words: Iterable[str]) -> frozenset[str]:
        return frozenset(t[-1] for w in words if (t := phrase_tokens(w)))

    titles = [
        w for group in (pats["titles"], pats["role_titles"]) for ws in group.values() for w in ws
    ]
    verbs = pinned_speech_verbs()
    return {
        "title": heads(titles + pats["context"]["PER"]),
        "given": heads(pats["person"]["given_names"]),
        "loc": heads(pats["context"]["LOC"] + pats["quoted"]["LOC"]),
        "org": heads(pats["context"]["ORG"] + pats["quoted"]["ORG"]),
        "media": heads(pats["context"]["MEDIA"] + pats["quoted"]["MEDIA"]),
        "speech": heads(verbs),
    }


def context_profiles(sentences: Iterable[list[str]]) -> dict[str, tuple[int, ...]]:
    """Each word's bucket per profile (words seen at least :data:`_MIN_SEEN` times).

    The preceding word is read as written and without و / ف («وقال» is «قال»).
    """
    from collections import Counter

    groups = profile_words()
    names = list(PROFILES)
    seen: Counter[str] = Counter()
    after: dict[str, Counter[str]] = {g: Counter() for g in names}
    for toks in sentences:
        prev = ""
        for tok in toks:
            seen[tok] += 1
            if prev:
                bare = prev[1:] if prev[0] in "وف" and len(prev) > 2 else prev
                for g in names:
                    if prev in groups[g] or bare in groups[g]:
                        after[g][tok] += 1
            prev = tok
    out = {}
    for word, n in seen.items():
        if n < _MIN_SEEN:
            continue
        buckets = tuple(sum(after[g][word] / n >= b for b in _BUCKETS) for g in names)
        if any(buckets):
            out[word] = buckets
    return out


def train_clusters(
    sentences: list[list[str]],
    sizes: tuple[int, ...] = (64, 256, 1024),
    *,
    min_count: int = 5,
    dim: int = 100,
    epochs: int = 5,
    seed: int = 1,
) -> ClusterTable:
    """Learn vectors (gensim word2vec, skip-gram) then cut them by k-means at ``sizes``.

    Deterministic: one worker thread, fixed seeds and a stable per-word hash.
    Needs the ``train`` extra (gensim, scikit-learn).
    """
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    model = Word2Vec(
        sentences,
        vector_size=dim,
        window=5,
        min_count=min_count,
        sg=1,
        negative=5,
        epochs=epochs,
        workers=1,
        seed=seed,
        hashfxn=_stable_hash,
    )
    words = list(model.wv.index_to_key)
    vecs = model.wv.vectors.astype(np.float64)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
    labels = []
    for k in sizes:
        km = KMeans(n_clusters=k, n_init=1, random_state=seed, max_iter=100)
        labels.append(km.fit_predict(vecs))
    ids = {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(words)}
    return ClusterTable(tuple(sizes), ids, context_profiles(sentences))


def write_clusters(table: ClusterTable, path: str | os.PathLike[str]) -> None:
    """Write the table as gzip'd TSV with a fixed header and no timestamp (same bytes
    for the same table)."""
    head = "profile:" + ",".join(table.profile_names)
    lines = ["word\t" + "\t".join([f"c{k}" for k in table.sizes] + [head])]
    for w in sorted(table.ids.keys() | table.profiles.keys()):
        ids = table.ids.get(w, (-1,) * len(table.sizes))
        prof = "".join(map(str, table.profiles.get(w, ())))
        lines.append(w + "\t" + "\t".join([*map(str, ids), prof]))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


def read_clusters(path: str | os.PathLike[str] | io.BufferedIOBase) -> ClusterTable:
    """Read a table written by :func:`write_clusters`."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        has_profile = header[-1].startswith("profile")
        names = tuple(header[-1].partition(":")[2].split(",")) if has_profile else ()
        names = names if names != ("",) else PROFILES
        sizes = tuple(int(h[1:]) for h in header[1 : len(header) - has_profile])
        ids, profiles = {}, {}
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            nums = tuple(int(p) for p in parts[1 : 1 + len(sizes)])
            if nums and nums[0] >= 0:
                ids[parts[0]] = nums
            if has_profile and parts[-1]:
                profiles[parts[0]] = tuple(int(c) for c in parts[-1])
    return ClusterTable(sizes, ids, profiles, names)


@cache
def load_clusters() -> ClusterTable:
    """The package's cluster table (empty when the file is missing)."""
    ref = resources.files("corpus_tools") / "data" / "tagger" / CLUSTERS_FILE
    if not ref.is_file():
        return ClusterTable((), {})
    with resources.as_file(ref) as path:
        return read_clusters(Path(path))
