"""The entity tagger at work: a CRF over the document's tokens, sentence by sentence.

The model file ships in the package (``data/tagger/ner.crfsuite``; how it was made:
README, "Entity tagger"). :func:`tag_document` returns token ranges with a label
(PER, LOC, ORG, MISC); :mod:`corpus_tools.extract.entities` fuses them with the
gazetteer's matches.

Example:
    >>> from corpus_tools.text.document import Document
    >>> doc = Document("وقال وزير الخارجية البريطاني جيريمي هانت إن بلاده ستدعم الخطة في بروكسل.")
    >>> [(doc.text[doc.starts[a]:doc.ends[b]], label) for a, b, label in tag_document(doc)]
    [('جيريمي هانت', 'PER'), ('بروكسل', 'LOC')]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from corpus_tools.extract.tagger.features import (
    TypeFeatures,
    context_features,
    sentence_items,
    type_features,
)
from corpus_tools.extract.tagger.train import spans_from_tags
from corpus_tools.text.document import Document

__all__ = [
    "MODEL_FILE",
    "Decoder",
    "document_features",
    "gazetteer_tags",
    "load_decoder",
    "load_tagger",
    "tag_document",
]

MODEL_FILE = "ner.crfsuite"
#: Longest run of tokens tagged as one sequence: a sentence longer than this (a page
#: with no full stops) is cut, so a pathological text costs linear time.
MAX_SEQUENCE = 200
#: Distinct words whose scores the decoder keeps before it starts afresh.
_TYPE_LIMIT = 1 << 18


def model_path() -> Path | None:
    """The package's model file (``None`` when absent)."""
    ref = resources.files("corpus_tools") / "data" / "tagger" / MODEL_FILE
    return Path(str(ref)) if ref.is_file() else None


@cache
def load_tagger(path: str | None = None) -> Any:
    """A ``pycrfsuite.Tagger`` with the model at ``path`` (default: the package's)."""
    import pycrfsuite

    path = path or (str(model_path()) if model_path() else None)
    if path is None or not os.path.exists(path):
        raise FileNotFoundError(
            "the entity tagger's model file is missing from the package "
            "(data/tagger/ner.crfsuite); rebuild it with `corpus-tools train-tagger`"
        )
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def gazetteer_tags(doc: Document, mentions: Sequence[dict[str, Any]]) -> list[str]:
    """``B-<label>`` / ``I-<label>`` per token covered by an entity row, else ``""``."""
    tags = [""] * len(doc.tokens)
    for m in mentions:
        for k, i in enumerate(doc.tokens_in(m["start"], m["end"])):
            tags[i] = ("B-" if k == 0 else "I-") + m["label"]
    return tags


def _sequences(doc: Document) -> list[range]:
    out = []
    for s, e in doc.sentences:
        rng = doc.tokens_in(s, e)
        for a in range(rng.start, rng.stop, MAX_SEQUENCE):
            out.append(range(a, min(a + MAX_SEQUENCE, rng.stop)))
    return [r for r in out if len(r)]


def document_features(
    doc: Document,
    mentions: Sequence[dict[str, Any]] | None = None,
    features: TypeFeatures | None = None,
) -> list[tuple[range, list[list[str]]]]:
    """Each tagged sequence (a sentence's tokens) and its items.

    ``mentions``: the gazetteer's entity rows of ``doc`` (found here when omitted);
    ``features``: the per-word features (default: with the package's clusters).
    """
    if mentions is None:
        from corpus_tools.extract.entities import _mentions

        mentions = _mentions(doc, None, True)
    gz = gazetteer_tags(doc, mentions)
    return [(rng, sentence_items(doc, rng, gz, features=features)) for rng in _sequences(doc)]


class Decoder:
    """Viterbi over the model's weights, with each word's emission scores summed once.

    CRFsuite scores a token as the sum of its features' weights; the features a word
    brings (its own and the ones its neighbours see) depend on the word alone, so
    their sums are cached per word (:class:`~.features.TypeFeatures`) and a sentence
    is a few array additions and one Viterbi pass. It gives CRFsuite's own answer
    (``tests/test_tagger.py`` checks it against ``pycrfsuite.Tagger.tag``).
    """

    def __init__(self, tagger: Any, features: TypeFeatures | None = None):
        info = tagger.info()
        self.labels = sorted(info.labels, key=lambda k: int(info.labels[k]))
        index = {lab: i for i, lab in enumerate(self.labels)}
        n = len(self.labels)
        attrs = sorted({attr for attr, _ in info.state_features})
        self.attr_index = {a: i for i, a in enumerate(attrs)}
        self._unknown = len(attrs)  # a zero row: features the model does not know
        self.weights = np.zeros((len(attrs) + 1, n))
        for (attr, label), w in info.state_features.items():
            self.weights[self.attr_index[attr], index[label]] = w
        self.trans = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            self.trans[index[a], index[b]] = w
        self._exp_trans = np.exp(self.trans)
        self.features = features or type_features()
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1 << 12, 5, n))
        self._bias = self.weights[self.attr_index.get("bias", self._unknown)]

    def _indices(self, feats: list[str]) -> list[int]:
        get, unknown = self.attr_index.get, self._unknown
        return [get(f, unknown) for f in feats]

    def _row(self, token: str) -> int:
        """The row of ``token`` in the type table: ``(5, labels)`` scores, its own and
        as seen at -2, -1, +1, +2 (computed on first sight)."""
        rows = self._rows
        row = rows[token] = len(rows)
        if row >= len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        idx: list[int] = []
        offsets = []
        for feats in self.features.compute(token):
            offsets.append(len(idx))
            idx += self._indices(feats)
            idx.append(self._unknown)  # no slot is empty (reduceat)
        self._table[row] = np.add.reduceat(self.weights[idx], offsets, axis=0)
        return row

    def _ids(self, toks: Sequence[str]) -> list[int]:
        """The type-table rows of ``toks`` (new words computed on first sight)."""
        if len(self._rows) + len(toks) >= _TYPE_LIMIT:
            self._rows.clear()  # start afresh before, never while, reading a text
        get = self._rows.get
        ids = [get(t) for t in toks]
        for k, row in enumerate(ids):
            if row is None:
                tok = toks[k]
                ids[k] = get(tok)  # the same new word earlier in the text
                if ids[k] is None:
                    ids[k] = self._row(tok)
        return ids

    def emissions(self, doc: Document, rng: range, gz: Sequence[str]) -> np.ndarray:
        """``(tokens, labels)`` scores of one sequence (the items of ``sentence_items``)."""
        return self.document_emissions(doc, [rng], gz)[0]

    def document_emissions(
        self, doc: Document, seqs: Sequence[range], gz: Sequence[str]
    ) -> list[np.ndarray]:
        """The scores of each sequence of ``doc`` (contiguous, in order), computed for
        the whole document at once: the features of ``sentence_items``, summed."""
        if not seqs:
            return []
        first, stop = seqs[0].start, seqs[-1].stop
        toks = doc.tokens[first:stop]
        ids = self._ids(toks)  # may grow the table: read it after
        per = self._table[ids]  # (n, 5, L)
        n = len(toks)
        pos = np.empty(n, dtype=np.intp)  # position in its sequence
        left = np.empty(n, dtype=np.intp)  # tokens after it in its sequence
        for rng in seqs:
            a, b = rng.start - first, rng.stop - first
            pos[a:b] = np.arange(b - a)
            left[a:b] = np.arange(b - a - 1, -1, -1)
        em = per[:, 0] + self._bias
        em[2:] += per[:-2, 1] * (pos[2:] >= 2)[:, None]
        em[1:] += per[:-1, 2] * (pos[1:] >= 1)[:, None]
        em[:-1] += per[1:, 3] * (left[:-1] >= 1)[:, None]
        em[:-2] += per[2:, 4] * (left[:-2] >= 2)[:, None]
        ks: list[int] = []
        feats: list[str] = []
        for k, extra in enumerate(context_features(doc, first, pos.tolist(), left.tolist(), gz)):
            ks += [k] * len(extra)
            feats += extra
        if ks:
            np.add.at(em, ks, self.weights[self._indices(feats)])
        return [em[r.start - first : r.stop - first] for r in seqs]

    def viterbi(self, em: np.ndarray) -> list[str]:
        """The best label sequence of one sentence's emission scores."""
        return self.decode([em])[0][0]

    def marginals(self, em: np.ndarray) -> np.ndarray:
        """``(tokens, labels)``: each token's probability of each label."""
        em3 = em[:, None, :]
        return self._posteriors(em3, np.array([len(em)]))[0]

    def decode(
        self, ems: Sequence[np.ndarray], marginals: bool = False
    ) -> tuple[list[list[str]], list[np.ndarray]]:
        """Viterbi (and, with ``marginals``, forward-backward) over several sentences
        at once: they are padded to the longest, so each step is one array operation
        for all of them. Returns the label sequences and the marginals (or ``[]``;
        computed only for the sentences with a name: the others' are empty)."""
        lens = np.array([len(e) for e in ems])
        n_seq, longest, n_lab = len(ems), int(lens.max()), len(self.labels)
        em = np.zeros((longest, n_seq, n_lab))
        for j, e in enumerate(ems):
            em[: len(e), j] = e
        back = np.zeros((longest, n_seq, n_lab), dtype=np.intp)
        scores = np.empty((longest, n_seq, n_lab))
        scores[0] = em[0]
        trans = self.trans
        for i in range(1, longest):
            cand = scores[i - 1][:, :, None] + trans  # (seq, from, to)
            back[i] = cand.argmax(axis=1)
            scores[i] = cand.max(axis=1) + em[i]
        seq = np.arange(n_seq)
        state = scores[lens - 1, seq].argmax(axis=1)
        path = np.zeros((longest, n_seq), dtype=np.intp)
        path[lens - 1, seq] = state
        for i in range(longest - 1, 0, -1):
            inside = i <= lens - 1
            state = np.where(inside, back[i, seq, state], state)
            path[i - 1] = np.where(i - 1 <= lens - 1, state, 0)
        labels = self.labels
        tags = [[labels[k] for k in path[: lens[j], j]] for j in range(n_seq)]
        if not marginals:
            return tags, []
        outside = self.labels.index("O")
        named = [j for j in range(n_seq) if (path[: lens[j], j] != outside).any()]
        post: list[np.ndarray] = [np.empty((0, n_lab))] * n_seq  # only where names are
        if named:
            sub = lens[named]
            for j, p in zip(named, self._posteriors(em[: int(sub.max()), named], sub), strict=True):
                post[j] = p
        return tags, post

    def _posteriors(self, em: np.ndarray, lens: np.ndarray) -> list[np.ndarray]:
        """Forward-backward, scaled at every step (no overflow in long sentences)."""
        longest, n_seq, _ = em.shape
        expt = self._exp_trans
        e = np.exp(em - em.max(axis=2, keepdims=True))
        alpha = np.empty_like(e)
        beta = np.empty_like(e)
        alpha[0] = e[0] / e[0].sum(axis=1, keepdims=True)
        for i in range(1, longest):
            a = (alpha[i - 1] @ expt) * e[i]
            alpha[i] = a / a.sum(axis=1, keepdims=True)
        beta[-1] = 1.0
        for i in range(longest - 2, -1, -1):
            b = (e[i + 1] * beta[i + 1]) @ expt.T
            b /= b.sum(axis=1, keepdims=True)
            beta[i] = np.where((i >= lens - 1)[:, None], 1.0, b)  # a sentence's end
        post = alpha * beta
        post /= post.sum(axis=2, keepdims=True)
        return [post[: lens[j], j] for j in range(n_seq)]


@cache
def load_decoder(path: str | None = None) -> Decoder:
    """The :class:`Decoder` of the model at ``path`` (default: the package's)."""
    return Decoder(load_tagger(path))


def tag_document(
    doc: Document,
    mentions: Sequence[dict[str, Any]] | None = None,
    model: str | None = None,
    confidence: bool = False,
) -> list[tuple]:
    """``(first, last, label)`` token ranges the tagger finds in ``doc``; with
    ``confidence``, ``(first, last, label, p)`` where ``p`` is the lowest marginal
    probability of the span's tags (how sure the model is of every word of it).

    ``mentions``: the gazetteer's entity rows of ``doc`` (found here when omitted).
    """
    if mentions is None:
        from corpus_tools.extract.entities import _mentions

        mentions = _mentions(doc, None, True)
    dec = load_decoder(model)
    gz = gazetteer_tags(doc, mentions)
    out: list[tuple] = []
    seqs = _sequences(doc)
    if not seqs:
        return out
    ems = dec.document_emissions(doc, seqs, gz)
    tags, post = dec.decode(ems, marginals=confidence)
    index = {lab: k for k, lab in enumerate(dec.labels)}
    for j, rng in enumerate(seqs):
        for a, b, label in spans_from_tags(tags[j]):
            if not confidence:
                out.append((rng.start + a, rng.start + b, label))
                continue
            p = min(float(post[j][i, index[tags[j][i]]]) for i in range(a, b + 1))
            out.append((rng.start + a, rng.start + b, label, p))
    return out
