import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tools.text.normalize import (
    _ARRAY_FROM,
    _DROP_RE,
    _fold,
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
    spans_to_original,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),  # alef forms, taa marbuta
        ("إلى مستشفى", "الي مستشفي"),  # alef maqsura
        ("سورية", "سوريه"),
        ("مُقَاتِلٌ", "مقاتل"),  # tashkeel
        ("داعـــش", "داعش"),  # tatweel
        ("٣٠ ألفاً و۱۵۰", "30 الفا و150"),  # Arabic-Indic and Persian digits
        ("کتاب فارسی", "كتاب فارسي"),  # Persian kaf / yeh
        ("«الغارديان»، 2017.", "«الغارديان»، 2017."),  # punctuation untouched
    ],
)
def test_normalize_for_matching(text, expected):
    assert normalize_for_matching(text) == expected


@pytest.mark.parametrize("text", ["سُوريّة الكُبرى", "بدون تشكيل", "", "ـــ", "قُتِلَ ٣٠ مقاتلاً"])
def test_offsets_map_normalised_spans_back(text):
    norm, idx = normalize_with_offsets(text)
    assert norm == normalize_for_matching(text)
    assert len(idx) == len(norm) + 1
    for start in range(len(norm)):
        for end in range(start + 1, len(norm) + 1):
            s, e = span_to_original(idx, start, end)
            assert normalize_for_matching(text[s:e]) == norm[start:end]


def _plain_with_offsets(text):
    """The regular-expression version (what short strings use)."""
    drops = [(m.start(), m.end()) for m in _DROP_RE.finditer(text)]
    keep = np.ones(len(text) + 1, dtype=bool)
    for s, e in drops:
        keep[s:e] = False
    return _fold(_DROP_RE.sub("", text)), np.arange(len(text) + 1, dtype=np.int64)[keep]


LONG = st.lists(
    st.sampled_from(
        ["أ", "ى", "ة", "ک", "٣", "۵", "\u064e", "\u0651", "\u0640", "\u06d6", " ", "x"]
    )
    | st.characters(),
    min_size=_ARRAY_FROM - 5,
    max_size=_ARRAY_FROM + 60,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(LONG)
def test_long_texts_normalise_as_the_regular_expressions_do(text):
    norm, idx = normalize_with_offsets(text)
    plain_norm, plain_idx = _plain_with_offsets(text)
    assert norm == plain_norm == normalize_for_matching(text)
    assert idx.dtype == plain_idx.dtype and idx.tolist() == plain_idx.tolist()


def test_lone_surrogates_and_astral_characters_survive():
    text = "\ud800ا😀ً" * _ARRAY_FROM
    norm, idx = normalize_with_offsets(text)
    assert norm == "\ud800ا😀" * _ARRAY_FROM
    assert idx.tolist() == [
        *(k for i in range(_ARRAY_FROM) for k in (4 * i, 4 * i + 1, 4 * i + 2)),
        len(text),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="سُوريّةغداًـ قال", max_size=40), st.data())
def test_many_spans_map_back_as_one_does(text, data):
    norm, idx = normalize_with_offsets(text)
    n = len(norm)
    starts = data.draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=10)) if n else []
    ends = [data.draw(st.integers(s, n)) for s in starts]
    first, stop = spans_to_original(idx, starts, ends)
    assert list(zip(first.tolist(), stop.tolist(), strict=True)) == [
        span_to_original(idx, s, e, text) for s, e in zip(starts, ends, strict=True)
    ]
