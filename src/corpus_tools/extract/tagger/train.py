"""Training the entity tagger: BIO files → prepared documents → a CRF model file.

The labelled data are CoNLL-style ``token TAG`` files (ANERcorp's training part,
AQMAR): each sentence is joined by spaces into a text, prepared as a
:class:`~corpus_tools.text.document.Document` like any article, and each of the
document's tokens takes the gold tag of the span it falls in. So the model is trained
on exactly the tokens and features it meets when tagging (:mod:`.features`).

Training is deterministic: CRFsuite's L-BFGS has no randomness and the items are
fed in file order, so the same files and settings write the same model bytes
(``corpus-tools train-tagger``; README, "Entity tagger").

Example:
    >>> sents = bio_sentences(["أعلن B-PERS", "x O"], tag_map={})
    >>> sents[0].tags
    ['B-PER', 'O']
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_tools.text.document import Document

__all__ = [
    "AQMAR_TAGS",
    "BioSentence",
    "bio_sentences",
    "document_tags",
    "read_bio_file",
    "spans_from_tags",
    "train_model",
]

#: Tag names of the labelled files → ours (PER LOC ORG MISC).
LABELS = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
#: AQMAR's article-specific classes and typos, mapped as its README suggests.
AQMAR_TAGS = {
    "OO": "O",
    "B-MISS1": "B-MISC",
    "B-ENGLISH": "B-MISC",
    "B-SPANISH": "B-MISC",
    "B-MIS1`": "B-MISC",
    "I-MIS": "I-MISC",
}


@dataclass
class BioSentence:
    """A labelled sentence: its tokens as the file writes them and their tags (ours)."""

    tokens: list[str]
    tags: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def spans(self) -> list[tuple[int, int, str]]:
        """Gold ``(start, end, label)`` character spans in :attr:`text`."""
        out: list[tuple[int, int, str]] = []
        pos, cur = 0, None
        for tok, tag in zip(self.tokens, self.tags, strict=True):
            start, end = pos, pos + len(tok)
            pos = end + 1
            kind, _, label = tag.partition("-")
            if kind == "I" and cur is not None and cur[2] == label:
                cur[1] = end
            elif kind in ("B", "I"):
                cur = [start, end, label]
                out.append(cur)  # type: ignore[arg-type]
            else:
                cur = None
        return [tuple(c) for c in out]  # type: ignore[misc]


def _our_tag(tag: str, tag_map: dict[str, str]) -> str:
    tag = tag_map.get(tag, tag)
    kind, _, name = tag.partition("-")
    if name.startswith("MIS"):
        name = "MISC"
    label = LABELS.get(name)
    if kind not in ("B", "I") or label is None:
        return "O"
    return f"{kind}-{label}"


def bio_sentences(lines: Iterable[str], tag_map: dict[str, str] | None = None) -> list[BioSentence]:
    """Sentences of a ``token TAG`` file (blank lines between sentences)."""
    tag_map = AQMAR_TAGS if tag_map is None else tag_map
    out: list[BioSentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in lines:
        parts = line.split()
        if not parts:
            if toks:
                out.append(BioSentence(toks, tags))
                toks, tags = [], []
        elif len(parts) >= 2:
            toks.append(parts[0])
            tags.append(_our_tag(parts[-1], tag_map))
    if toks:
        out.append(BioSentence(toks, tags))
    return out


def read_bio_file(path: str | os.PathLike[str]) -> list[BioSentence]:
    """:func:`bio_sentences` of a file."""
    with open(path, encoding="utf-8") as fh:
        return bio_sentences(fh)


def document_tags(doc: Document, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """The BIO tag of each of the document's tokens, from character spans."""
    tags = ["O"] * len(doc.tokens)
    for start, end, label in spans:
        idx = doc.tokens_in(start, end)
        for k, i in enumerate(idx):
            tags[i] = ("B-" if k == 0 else "I-") + label
    return tags


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last, label)`` token ranges of a BIO sequence (an ``I-`` without its
    ``B-`` starts a mention).

    >>> spans_from_tags(["B-PER", "I-PER", "O", "I-LOC", "B-LOC"])
    [(0, 1, 'PER'), (3, 3, 'LOC'), (4, 4, 'LOC')]
    """
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for i, tag in enumerate(tags):
        kind, _, label = tag.partition("-")
        if kind == "I" and cur is not None and cur[2] == label:
            cur[1] = i
        elif kind in ("B", "I"):
            cur = [i, i, label]
            out.append(cur)  # type: ignore[arg-type]
        else:
            cur = None
    return [tuple(c) for c in out]  # type: ignore[misc]


def training_items(
    sentences: Sequence[BioSentence], features: Any = None
) -> Iterable[tuple[list[list[str]], list[str]]]:
    """``(items, tags)`` for each sentence, through the runtime's own features
    (``features``: a :class:`~.features.TypeFeatures`; default the package's)."""
    from corpus_tools.extract.tagger.model import document_features

    for sent in sentences:
        doc = Document(sent.text)
        if not doc.tokens:
            continue
        tags = document_tags(doc, sent.spans())
        for rng, items in document_features(doc, features=features):
            yield items, tags[rng.start : rng.stop]


def train_model(
    sentences: Sequence[BioSentence],
    path: str | os.PathLike[str],
    *,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 200,
    min_freq: int = 1,
    features: Any = None,
) -> Path:
    """Train a CRF (CRFsuite, L-BFGS with L1 + L2) on ``sentences``; write it to ``path``.

    ``features``: the per-word features (:class:`~.features.TypeFeatures`; default:
    with the package's clusters)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for items, tags in training_items(sentences, features):
        trainer.append(items, tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": min_freq,
        }
    )
    trainer.train(os.fspath(path))
    return Path(path)


# --- the training command ------------------------------------------------------------

#: The shipped model's settings (README, "Entity tagger": how they were chosen).
SETTINGS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200}


def _unlabelled_texts(path: Path) -> Iterable[str]:
    """The ``content`` / ``text`` of each line of a JSON-lines file (gzip or not)."""
    import gzip
    import json

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield row.get("content") or row.get("text") or ""


def main(argv: Sequence[str] | None = None) -> int:
    """``corpus-tools train-tagger``: rebuild the model (and, with ``--unlabelled``, the
    word clusters) from the shared data; the same inputs give the same bytes."""
    import argparse
    import hashlib

    from corpus_tools.extract.tagger import clusters as cl

    data = Path(__file__).resolve().parents[2] / "data" / "tagger"
    parser = argparse.ArgumentParser(prog="corpus-tools train-tagger", description=main.__doc__)
    parser.add_argument(
        "--train",
        type=Path,
        nargs="+",
        default=[Path("../shared/train/ner/ANERCorp_train.txt")],
        help="token TAG files (default: ANERcorp's training part)",
    )
    parser.add_argument(
        "--unlabelled",
        type=Path,
        help="a JSON-lines corpus to learn the word clusters from (default: keep the shipped ones;"
        " the shipped ones: ../shared/corpora/saudinewsnet-2015/articles.jsonl.gz)",
    )
    parser.add_argument("--out", type=Path, default=data, help="folder for the files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from corpus_tools.extract.tagger.features import TypeFeatures, _word_lists

    clusters_file = args.out / cl.CLUSTERS_FILE
    if args.unlabelled:
        sents = list(cl.sentences_of(_unlabelled_texts(args.unlabelled)))
        print(f"clusters: {len(sents):,} lines of {args.unlabelled}", flush=True)
        cl.write_clusters(cl.train_clusters(sents), clusters_file)
    elif not clusters_file.exists():
        clusters_file = data / cl.CLUSTERS_FILE
        print(f"note: the features use the package's clusters ({clusters_file})", file=sys.stderr)
    features = TypeFeatures(_word_lists(), cl.read_clusters(clusters_file))
    sentences = [s for path in args.train for s in read_bio_file(path)]
    print(f"model: {len(sentences):,} sentences from {', '.join(map(str, args.train))}", flush=True)
    out = train_model(sentences, args.out / "ner.crfsuite", features=features, **SETTINGS)
    for f in sorted(args.out.iterdir()):
        if f.is_file():
            digest = hashlib.sha256(f.read_bytes()).hexdigest()[:16]
            print(f"{f.name:20} {f.stat().st_size:>10,} bytes  sha256 {digest}")
    return 0 if out.exists() else 1
