"""Pathological inputs: one huge paragraph of quotes, «» pairs, numbers joined by «و»,
a line without punctuation, prose without a sentence end.

No test here is timed. Each checks, on inputs of a few tens of KB, what makes a step
linear in time and bounded in memory (sentences of bounded length, output that grows
with the input and not its square, the work done as the input doubles), that the
results are right (offsets inside the text, spans that are their text), and that the
rewritten scans give exactly what the scans they replace gave.
``benchmarks/bench_pathological.py`` measures the seconds and memory at 1 MB.
"""

from __future__ import annotations

import random
import re
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, load_script
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.extract import figures
from corpus_tools.extract.attribution import attributions_for_text
from corpus_tools.extract.entities import tag_text
from corpus_tools.extract.figures import figures_for_text
from corpus_tools.extract.timex import time_expressions_for_text
from corpus_tools.text import cleaning, segmenting
from corpus_tools.text.textmap import Edit, MappedText

PKG = str(Path(ct.__file__).resolve().parent)


def _bench():
    return load_script(ROOT / "benchmarks" / "bench_pathological.py")


BENCH = _bench()
SHAPES = BENCH.SHAPES
make = BENCH.make
PUBLISHED = pd.Timestamp("2017-10-01")
MAX_SENTENCE = getattr(segmenting, "MAX_SENTENCE_CHARS", None)


def work(fn, *args, **kwargs) -> int:
    """Lines of corpus_tools code executed by ``fn(*args)``: a count of the work done,
    the same on every machine (no clock)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(PKG) else None

    sys.settrace(tracer)
    try:
        fn(*args, **kwargs)
    finally:
        sys.settrace(None)
    return count


# --- the shapes ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_the_shapes_are_one_paragraph_of_the_size_asked(shape):
    text = make(shape, 20_000)
    assert 19_900 <= len(text) <= 20_000 and "\n" not in text


@pytest.fixture(scope="module", params=SHAPES)
def mid(request):
    """A 50 KB text of each shape, with its entities, attributions and times."""
    text = make(request.param, 50_000)
    ents = tag_text(text)
    attrs = attributions_for_text(text, ents)
    times = time_expressions_for_text(text, PUBLISHED)
    return request.param, text, ents, attrs, times


# --- sentences ---------------------------------------------------------------------------


def test_sentences_are_capped_and_tile_the_paragraph(mid):
    _, text, *_ = mid
    spans = segmenting.split_sentences(text)
    assert MAX_SENTENCE is not None, "segmenting has no MAX_SENTENCE_CHARS"
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    assert all(0 <= s < e <= len(text) for s, e in spans)
    gaps = [text[a[1] : b[0]] for a, b in pairwise(spans)]
    assert all(not g.strip() for g in gaps)  # nothing between sentences but spaces
    assert spans[0][0] == len(text) - len(text.lstrip())
    assert spans[-1][1] == len(text.rstrip())


def test_a_long_sentence_is_cut_after_a_comma_when_there_is_one():
    text = "قال المسؤول إن الوضع صعب، " * 400
    spans = segmenting.split_sentences(text)
    assert len(spans) > 1
    assert all(text[s:e].endswith("،") for s, e in spans[:-1])


def test_normal_sentences_are_not_cut(seeds):
    for text in seeds["text"]:
        old = [span for s, e in cleaning.paragraph_spans(text) for span in _old_para(text, s, e)]
        assert segmenting.split_sentences(text) == old


# --- cleaning ------------------------------------------------------------------------------


def test_cleaning_keeps_offsets_on_pathological_paragraphs(mid):
    _, text, *_ = mid
    r = ct.clean_text(text)
    assert r.offsets.length == len(r.text)
    s, e = r.offsets.raw_spans(np.array([0, len(r.text) // 2]), np.array([10, len(r.text)]))
    assert (s >= 0).all() and (e <= len(text)).all() and (s <= e).all()


class _CountingStr(str):
    """A str that adds up how many characters its ``rfind`` calls look at."""

    looked = 0

    def rfind(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        _CountingStr.looked += max(end - start, 0)
        return str.rfind(self, sub, start, end)


def test_quote_unification_does_not_rescan_the_paragraph():
    text = _CountingStr(make("quotes", 20_000))
    _CountingStr.looked = 0
    cleaning.quote_edits(text)
    assert _CountingStr.looked <= 2 * len(text)


# --- attributions ------------------------------------------------------------------------


def test_attributions_are_inside_the_text_and_grow_linearly(mid):
    _, text, _, attrs, _ = mid
    n = len(text)
    for r in attrs:
        assert 0 <= r["start"] <= r["end"] <= n
        assert 0 <= r["cue_start"] <= r["cue_end"] <= n
        assert text[r["cue_start"] : r["cue_end"]] == r["cue"]
        assert text[r["content_start"] : r["content_end"]] == r["content"]
        if r["source_start"] >= 0:
            assert text[r["source_start"] : r["source_end"]] == r["source_text"]
    # a content lies in its sentence, so all of them together grow with the text, not
    # with its square (a content reaching back to the start of a 1 MB paragraph, for
    # each of its statements, was 8 GB of strings)
    assert MAX_SENTENCE is not None
    assert all(len(r["content"]) <= MAX_SENTENCE for r in attrs)
    assert sum(len(r["content"]) for r in attrs) <= 10 * n


# --- figures ---------------------------------------------------------------------------------


def test_figures_are_inside_the_text(mid):
    shape, text, ents, attrs, times = mid
    rows = figures_for_text(
        text, PUBLISHED, entity_rows=ents, attribution_rows=attrs, time_rows=times
    )
    if shape == "numbers_wa":
        assert len(rows) > 5_000  # 1 و2 و3 …: every number is a figure
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["sent_id"] >= 0


# --- work as the input doubles -----------------------------------------------------------


def _attribution_work(text: str) -> int:
    ents = tag_text(text)
    return work(attributions_for_text, text, ents)


def _figure_work(text: str) -> int:
    ents = tag_text(text)
    attrs = attributions_for_text(text, ents)
    times = time_expressions_for_text(text, PUBLISHED)
    return work(
        figures_for_text, text, PUBLISHED, entity_rows=ents, attribution_rows=attrs, time_rows=times
    )


@pytest.mark.parametrize(
    ("step", "shape"),
    [
        ("attributions", "guillemets"),
        ("attributions", "no_sentence_end"),
        ("attributions", "long_line"),
        ("figures", "numbers_wa"),
        ("figures", "long_line"),
        ("figures", "no_sentence_end"),
        ("clean", "quotes"),
    ],
)
def test_work_grows_linearly_with_the_input(step, shape):
    measure = {
        "attributions": _attribution_work,
        "figures": _figure_work,
        "clean": lambda t: work(ct.clean_text, t),
    }[step]
    small, large = measure(make(shape, 10_000)), measure(make(shape, 30_000))
    assert large <= 3.6 * small, f"{step} on {shape}: ×{large / small:.1f} for ×3 the input"


# --- the rewritten scans give what the old ones gave ----------------------------------


def _old_quote_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    depth = 0
    last_newline = -2
    for m in cleaning.QUOTE_RE.finditer(text):
        i, q = m.start(), m[0]
        para_break = text.rfind("\n\n", 0, i)
        if para_break > last_newline:
            depth, last_newline = 0, para_break
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        left_open = prev.isspace() or prev in cleaning._OPENERS
        right_close = nxt.isspace() or nxt in cleaning._CLOSER_PUNCT
        if q == "«":
            opening = True
        elif q == "»":
            opening = False
        elif left_open and not right_close:
            opening = True
        elif right_close and not left_open:
            opening = False
        else:
            opening = depth == 0
        depth = depth + 1 if opening else max(depth - 1, 0)
        new = "«" if opening else "»"
        if new != q:
            edits.append(Edit(i, i + 1, new, "quote", f"quotation mark {q!r} unified as {new}"))
    return edits


def _old_para(text: str, start: int, end: int) -> list[tuple[int, int]]:
    para = text[start:end]
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in segmenting.SENTENCE_END_RE.finditer(para):
        stop = m.end()
        # a one-letter abbreviation (a letter, after a space or an opening mark)
        if re.search(r"(?:^|[\s(«\"\[])[^\W\d_]\.$", para[begin : m.start() + 1]) and m[0] == ".":
            continue
        before = para[begin:stop]
        opened = before.count("«") - before.count("»")
        if opened > 0 and stop - begin < segmenting.MAX_QUOTE_CHARS and "»" in para[stop:]:
            continue
        spans.append((start + begin, start + stop))
        begin = stop
        while begin < len(para) and para[begin].isspace():
            begin += 1
    if begin < len(para) and para[begin:].strip():
        spans.append((start + begin, start + len(para.rstrip())))
    return spans


def _old_apply(mt: MappedText, edits, raw, log):
    if not edits:
        return mt
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    texts, starts, ends, pos = [], [], [], 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(mt.text):
            raise ValueError("bad edit")
        texts.append(mt.text[pos : e.start])
        starts.append(mt.raw_start[pos : e.start])
        ends.append(mt.raw_end[pos : e.start])
        rs, re_ = mt.raw_span(e.start, e.end)
        if e.replacement:
            texts.append(e.replacement)
            starts.append(np.full(len(e.replacement), rs, dtype=np.int64))
            ends.append(np.full(len(e.replacement), re_, dtype=np.int64))
        log.append((e.kind, rs, re_, raw[rs:re_], e.replacement, e.reason))
        pos = e.end
    texts.append(mt.text[pos:])
    starts.append(mt.raw_start[pos:])
    ends.append(mt.raw_end[pos:])
    return MappedText("".join(texts), np.concatenate(starts), np.concatenate(ends))


TEXTS = st.text(alphabet='"“”«» \n.،!؟abكلمة3', max_size=120)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_quote_edits_are_those_of_the_rescanning_version(text):
    assert cleaning.quote_edits(text) == _old_quote_edits(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="«» \n.!؟…ab د3", max_size=150))
def test_sentences_are_those_of_the_rescanning_version(text):
    new = [
        span
        for s, e in cleaning.paragraph_spans(text)
        for span in segmenting._paragraph_sentences(text, s, e)
    ]
    old = [span for s, e in cleaning.paragraph_spans(text) for span in _old_para(text, s, e)]
    assert new == old


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mapped_text_edits_are_applied_as_one_at_a_time(data):
    raw = data.draw(st.text(alphabet="abc de", max_size=40))
    mt = MappedText.from_raw(raw)
    if raw:  # a first round of edits, so that raw spans are no longer one per character
        mt = mt.apply([Edit(0, min(2, len(raw)), "XYZ")])
    n = len(mt.text)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=12)))
    edits = []
    for a, b in zip(cuts[0::2], cuts[1::2], strict=False):
        edits.append(Edit(a, b, data.draw(st.sampled_from(["", "-", "«»", "\n\n"])), "k", "r"))
    random.Random(0).shuffle(edits)
    new_log, old_log = [], []
    new = mt.apply(edits, raw, new_log)
    old = _old_apply(mt, edits, raw, old_log)
    assert new.text == old.text
    assert new.raw_start.tolist() == old.raw_start.tolist()
    assert new.raw_end.tolist() == old.raw_end.tolist()
    assert [
        (c.kind, c.raw_start, c.raw_end, c.removed_text, c.inserted_text, c.reason) for c in new_log
    ] == old_log


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" ،.أنهاالذيوفب xy", max_size=60), st.data())
def test_clause_breaks_are_those_of_a_search_in_the_slice(text, data):
    breaks = figures._Breaks(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert breaks.within(a, b) == bool(figures._CLAUSE_BREAK.search(text[a:b]))


def test_the_benchmark_runs_one_small_measure(tmp_path):
    out = tmp_path / "p.json"
    BENCH.main(
        ["--sizes", "3000", "--shapes", "quotes", "--steps", "clean", "figures", "--out", str(out)]
    )
    import json

    rows = json.loads(out.read_text())["results"]
    assert [r["step"] for r in rows] == ["clean", "figures"]
    assert all(r["seconds"] >= 0 and r["peak_rss_mb"] > 0 for r in rows)
