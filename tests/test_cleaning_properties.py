"""Properties cleaning keeps on any input (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_tools.text.cleaning import clean_text

# Arbitrary Unicode, plus text built from the pieces that drive cleaning's decisions.
PIECES = st.sampled_from(
    [
        "قال",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "«",
        "»",
        '"',
        "“",
        "”",
        ".",
        "،",
        "؟",
        ":",
        "\u0640",
        "\u200f",
        "\u00a0",
        "\ufefb",
        "\u064e",
        "• ",
        "اقرأ أيضاً",
        "عذراً التعليقات مغلقة",
        "لندن-سانا",
        "2017-04-27",
        "7529",
        "التوقيت 10:33",
        "المصدر: سانا",
        "اكتب تعليق",
        "صحيفة الغارديان",
        "المقاتلين الأجانب فروا إلى تركيا",
        "وول",
        "ستريت جورنال",
    ]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=60).map("".join))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_cleaning_is_idempotent(raw):
    once = clean_text(raw)
    twice = clean_text(once.text)
    assert twice.text == once.text


@SETTINGS
@given(TEXTS, st.data())
def test_every_clean_span_maps_inside_raw(raw, data):
    r = clean_text(raw)
    n = len(r.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = r.offsets.raw_span(start, end)
    assert 0 <= s <= e <= len(raw)


@SETTINGS
@given(TEXTS)
def test_changes_point_at_what_they_removed(raw):
    r = clean_text(raw)
    for c in r.changes:
        assert 0 <= c.raw_start <= c.raw_end <= len(raw)
        assert raw[c.raw_start : c.raw_end] == c.removed_text
