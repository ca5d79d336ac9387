import matplotlib as mpl
import pytest

import corpus_tools as ct
from corpus_tools import plotting


def test_probe_matches_what_matplotlib_does():
    # matplotlib >= 3.11 lays out text with libraqm and shapes Arabic itself.
    expected = tuple(int(x) for x in mpl.__version__.split(".")[:2]) >= (3, 11)
    assert plotting.renderer_shapes_arabic() is expected


def test_ar_leaves_text_alone_where_the_renderer_shapes(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: True)
    assert plotting.ar("صحيفة الغارديان") == "صحيفة الغارديان"


def test_ar_reshapes_and_reorders_where_it_does_not(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: False)
    out = plotting.ar("لا")
    assert out == "\ufefb"  # the lam-alef ligature, in display order
    assert plotting.ar("Guardian 2017") == "Guardian 2017"


def test_style_uses_a_font_with_arabic_glyphs():
    plotting.use_style()
    assert mpl.rcParams["font.family"][-1] == "DejaVu Sans"


@pytest.fixture
def cleaned(seeds):
    return seeds


def test_overview_charts_render_with_arabic_labels(cleaned, tmp_path):
    labels = plotting.article_labels(cleaned)
    fig = plotting.plot_cleaning_changes(ct.cleaning_summary(cleaned), labels=labels)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("الغارديان" in t for t in ticks)
    plotting.save(fig, tmp_path / "changes.png", data=ct.cleaning_summary(cleaned))
    assert (tmp_path / "changes.png").stat().st_size > 10_000
    assert (tmp_path / "changes.csv").exists()
    fig = plotting.plot_lengths(ct.length_table(cleaned), labels=labels)
    assert fig.axes[0].get_title() == "Article length before and after cleaning"
