"""Sentences: split clean text into sentences with offsets.

Boundaries are paragraph breaks and sentence punctuation (``. ! ? ؟ …`` and
``!؟`` runs) followed by a space; never inside a number (``3.5``, ``2017.04.27``),
after a one-letter abbreviation (``د.`` ``م.``), or inside a «quotation»: a
quoted passage of several sentences stays one sentence, so that an attribution
and its quote are never torn apart. A quotation that never closes stops holding
sentences together at the paragraph's end.

Column contract of :func:`sentences`:

=========  =====  ==============================================
article_id  str   the article
sent_id     int64 0-based position in the article
start, end  int64 offsets into the article's clean ``text``
text        str   ``text[start:end]``
paragraph   int64 0-based paragraph index
=========  =====  ==============================================

Example:
    >>> split_sentences("قال «نحن هنا. وسنبقى». ثم غادر.\\n\\nفقرة 3.5 ثانية.")
    [(0, 22), (23, 31), (33, 48)]
"""

from __future__ import annotations

import re

import pandas as pd

from .cleaning import paragraph_spans

SENTENCE_END_RE = re.compile(r"[.!?؟…]+[»\")\]]*(?=\s|$)")
MAX_QUOTE_CHARS = 1500
_ABBREVIATION_RE = re.compile(r"(?:^|\s)\w\.$")


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    para = text[start:end]
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in SENTENCE_END_RE.finditer(para):
        stop = m.end()
        if _ABBREVIATION_RE.search(para[begin : m.start() + 1]) and m[0] == ".":
            continue
        before = para[begin:stop]
        opened = before.count("«") - before.count("»")
        if opened > 0 and stop - begin < MAX_QUOTE_CHARS and "»" in para[stop:]:
            continue  # inside a quotation that closes later in the paragraph
        spans.append((start + begin, start + stop))
        begin = stop
        while begin < len(para) and para[begin].isspace():
            begin += 1
    if begin < len(para) and para[begin:].strip():
        spans.append((start + begin, start + len(para.rstrip())))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of one clean text."""
    return [span for s, e in paragraph_spans(text) for span in _paragraph_sentences(text, s, e)]


def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article (see the module's column table).

    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["جملة أولى. جملة ثانية؟"]})
    >>> sentences(df)[["sent_id", "start", "end", "text"]].values.tolist()
    [[0, 0, 10, 'جملة أولى.'], [1, 11, 22, 'جملة ثانية؟']]
    """
    if "text" not in articles.columns:
        raise KeyError("sentences needs clean 'text': run clean_corpus first")
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        if not isinstance(text, str):
            continue
        sent_id = 0
        for p, (ps, pe) in enumerate(paragraph_spans(text)):
            for s, e in _paragraph_sentences(text, ps, pe):
                rows.append((aid, sent_id, s, e, text[s:e], p))
                sent_id += 1
    out = pd.DataFrame(rows, columns=["article_id", "sent_id", "start", "end", "text", "paragraph"])
    return out.astype(
        {
            "article_id": "str",
            "sent_id": "int64",
            "start": "int64",
            "end": "int64",
            "text": "str",
            "paragraph": "int64",
        }
    )
