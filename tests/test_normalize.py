import pytest

from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
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
