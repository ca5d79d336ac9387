"""Scoring taggers against gold annotations: precision, recall and F1 per label.

Gold and predicted tables share the shape of :func:`corpus_tools.tag_entities`:
at least ``article_id``, ``start``, ``end``, ``label``. :func:`read_bio` turns a
CoNLL-style ``token TAG`` file (such as ANERcorp) into articles (one per sentence,
tokens joined by spaces) and gold spans, so a tagger can be run on it and scored.

Example:
    >>> gold = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 10],
    ...                      "end": [5, 15], "label": ["PER", "LOC"]})
    >>> pred = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [5], "label": ["PER"]})
    >>> evaluate_entities(pred, gold)[["label", "tp", "fp", "fn", "f1"]].values.tolist()
    [['LOC', 0, 0, 1, 0.0], ['PER', 1, 0, 0, 1.0], ['ALL', 1, 0, 1, 0.6667]]
"""

from __future__ import annotations

import os
from collections import defaultdict

import pandas as pd

#: ANERcorp / CoNLL tag names → ours.
BIO_LABELS = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def evaluate_entities(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    labels: list[str] | None = None,
    match: str = "exact",
) -> pd.DataFrame:
    """Precision, recall and F1 per label and over all (``ALL``, micro-averaged).

    ``match="exact"``: a prediction counts when its span and label equal a gold
    mention's. ``match="overlap"``: when it overlaps a not yet matched gold mention
    of the same label (lenient about clitics and name boundaries). ``labels``
    restricts both tables to those labels.
    """
    if match not in ("exact", "overlap"):
        raise ValueError("match must be 'exact' or 'overlap'")
    if labels is not None:
        predicted = predicted[predicted["label"].isin(labels)]
        gold = gold[gold["label"].isin(labels)]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    gold_by = _group(gold)
    pred_by = _group(predicted)
    for key in set(gold_by) | set(pred_by):
        g, p = gold_by.get(key, []), pred_by.get(key, [])
        label = key[1]
        if match == "exact":
            tp = len(set(g) & set(p))
        else:
            used: set[int] = set()
            tp = 0
            for ps, pe in sorted(set(p)):
                for k, (gs, ge) in enumerate(g):
                    if k not in used and ps < ge and gs < pe:
                        used.add(k)
                        tp += 1
                        break
        counts[label][0] += tp
        counts[label][1] += len(set(p)) - tp
        counts[label][2] += len(set(g)) - tp
    rows = [_scores(label, *counts[label]) for label in sorted(counts)]
    rows.append(_scores("ALL", *(sum(c[i] for c in counts.values()) for i in range(3))))
    return pd.DataFrame(rows).astype({"label": "str", "tp": "int64", "fp": "int64", "fn": "int64"})


def _group(df: pd.DataFrame) -> dict[tuple[str, str], list[tuple[int, int]]]:
    out: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for aid, label, s, e in zip(df["article_id"], df["label"], df["start"], df["end"], strict=True):
        out[(str(aid), str(label))].append((int(s), int(e)))
    return out


def _scores(label: str, tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "label": label,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
    }


def read_bio(path: str | os.PathLike[str], prefix: str = "s") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles (``article_id``, ``text``) and gold spans from a ``token TAG`` BIO file.

    Sentences are separated by blank lines; each becomes an article whose text is
    its tokens joined by single spaces. Tags use :data:`BIO_LABELS`; an ``I-`` tag
    without a ``B-`` starts a new mention.
    """
    articles, gold = [], []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        aid = f"{prefix}{len(articles):05d}"
        text, pos, cur = "", 0, None
        for tok, tag in tokens:
            if text:
                text += " "
                pos += 1
            start, end = pos, pos + len(tok)
            text += tok
            pos = end
            kind, _, name = tag.partition("-")
            label = BIO_LABELS.get(name)
            if kind == "I" and cur is not None and cur["label"] == label:
                cur["end"] = end
            elif kind in ("B", "I") and label:
                cur = {"article_id": aid, "start": start, "end": end, "label": label}
                gold.append(cur)
            else:
                cur = None
        articles.append({"article_id": aid, "text": text})
        tokens.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                flush()
            elif len(parts) >= 2:
                tokens.append((parts[0], parts[-1]))
    flush()
    return (
        pd.DataFrame(articles, columns=["article_id", "text"]).astype("str"),
        pd.DataFrame(gold, columns=["article_id", "start", "end", "label"]).astype(
            {"article_id": "str", "start": "int64", "end": "int64", "label": "str"}
        ),
    )
