import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tools.text import textmap
from corpus_tools.text.textmap import Edit, MappedText, OffsetMap


def test_replacements_map_to_what_they_replace():
    raw = "ab\u0640\u0640cd  ef"
    mt = MappedText.from_raw(raw)
    log = []
    mt = mt.apply([Edit(2, 4, "", "tatweel"), Edit(6, 8, " ", "whitespace")], raw, log)
    assert mt.text == "abcd ef"
    assert mt.raw_span(2, 4) == (4, 6)  # "cd"
    assert mt.raw_span(4, 5) == (6, 8)  # the space stands for both raw spaces
    assert [(c.kind, c.raw_start, c.raw_end, c.removed_text) for c in log] == [
        ("tatweel", 2, 4, "\u0640\u0640"),
        ("whitespace", 6, 8, "  "),
    ]


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        MappedText.from_raw("abcdef").apply([Edit(0, 3), Edit(2, 4)])


def test_concatenation_keeps_each_piece_mapping():
    mt = MappedText.from_raw("headline\n\nbody")
    moved = mt[10:14] + mt.inserted("\n\n", 14) + mt[0:8]
    assert moved.text == "body\n\nheadline"
    assert moved.raw_span(6, 14) == (0, 8)
    assert OffsetMap.from_mapped(moved).raw_span(6, 14) == (0, 8)


@st.composite
def texts_and_edits(draw):
    text = draw(st.text(min_size=1, max_size=60))
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for a, b in zip(points[::2], points[1::2], strict=False):
        edits.append(Edit(a, b, draw(st.text(max_size=3))))
    return text, edits


@given(texts_and_edits(), st.data())
def test_offset_map_agrees_with_mapped_text(case, data):
    raw, edits = case
    mt = MappedText.from_raw(raw).apply(edits)
    om = OffsetMap.from_mapped(mt)
    n = len(mt)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    assert om.raw_span(start, end) == mt.raw_span(start, end)
    s, e = om.raw_span(start, end)
    assert 0 <= s <= e <= len(raw)


def test_vectorised_spans():
    mt = MappedText.from_raw("abc def ghi").apply([Edit(3, 4, "  ")])
    om = OffsetMap.from_mapped(mt)
    s, e = om.raw_spans(np.array([0, 3, 6]), np.array([3, 5, 12]))
    assert s.tolist() == [0, 3, 5] and e.tolist() == [3, 4, 11]  # "abc", "  " ← " ", "ef ghi"
    with pytest.raises(IndexError):
        om.raw_spans([0], [99])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_many_edits_are_placed_as_a_few_are(data):
    raw = data.draw(st.text(alphabet="ab c\n", min_size=1, max_size=300))
    mt = MappedText.from_raw(raw).apply([Edit(0, 1, "XY")])
    mt = mt[2:] + mt[:2]  # raw spans out of order, as after a moved headline
    n = len(mt)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=2 * textmap._FEW_EDITS + 20)))
    edits = [
        Edit(a, b, data.draw(st.sampled_from(["", "-", "«»"])))
        for a, b in zip(cuts[0::2], cuts[1::2], strict=False)
    ]
    few_log, many_log = [], []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(textmap, "_FEW_EDITS", len(edits))
        few = mt.apply(edits, raw, few_log)
        mp.setattr(textmap, "_FEW_EDITS", -1)
        many = mt.apply(edits, raw, many_log)
    assert few.text == many.text
    assert few.raw_start.tolist() == many.raw_start.tolist()
    assert few.raw_end.tolist() == many.raw_end.tolist()
    assert few_log == many_log
