"""The reports on three corpora, each page opened in headless Chromium.

The seeds (five articles), the news development set (30 articles, metadata
without ``relays``) and 2,000 SaudiNewsNet records read through a corpus card
(JSON lines, the date in ``date_extracted``). The last two come from ``../shared``
and are skipped where it is absent; in CI (``CI=true``) a missing browser fails.
"""

import os
import shutil

import pytest
from check_reports import check_folder, chromium
from conftest import ROOT

from corpus_tools.corpus.card import read_card
from corpus_tools.report.reports import render_all, write_index

SHARED = ROOT.parent / "shared"
NEWS_DEV = SHARED / "eval" / "news-dev" / "corpus"
SNN_CARD = ROOT / "data" / "cards" / "saudinewsnet-2015.toml"
IN_CI = os.environ.get("CI") == "true"


def _need_browser():
    try:
        import playwright  # noqa: F401
    except ImportError:
        chromium_there = False
    else:
        chromium_there = chromium() is not None
    if not chromium_there:
        if IN_CI:
            pytest.fail("CI needs Chromium and playwright for the report checks")
        pytest.skip("no Chromium / playwright here")


def browser_checks(out, shots=None, *, budget_mb=10.0):
    """Every page of ``out`` checked in Chromium (skips, or fails in CI, without one)."""
    _need_browser()
    checks = check_folder(out, budget_mb=budget_mb, screenshots=shots)
    bad = {c.page: c.problems for c in checks if not c.ok}
    assert not bad, bad
    return {c.page: c for c in checks}


def _render_and_check(corpus, tmp_path, *, budget_mb=10.0):
    out = tmp_path / "reports"
    rendered = render_all(ROOT / "notebooks", out, corpus=corpus)
    failed = {r.notebook.name: r.error for r in rendered if not r.ok}
    assert not failed, failed
    return out, browser_checks(out, tmp_path / "shots", budget_mb=budget_mb)


@pytest.mark.slow
@pytest.mark.skipif(not NEWS_DEV.is_dir(), reason="../shared/eval/news-dev absent")
def test_reports_on_thirty_articles_without_relays(tmp_path):
    out, _ = _render_and_check(NEWS_DEV, tmp_path)
    page = (out / "03_reported_figures.html").read_text("utf-8")
    assert "A reading of the seed corpus" not in page  # the seeds' reading is for the seeds
    index = (out / "index.html").read_text("utf-8")
    assert "30 articles" in index and "FAILED" not in index


@pytest.mark.slow
@pytest.mark.skipif(
    not SNN_CARD.exists() or not (SHARED / "corpora").is_dir(), reason="../shared/corpora absent"
)
def test_reports_on_two_thousand_records_through_the_card(tmp_path):
    card = read_card(SNN_CARD).with_options(limit=2000)
    out, checks = _render_and_check(card, tmp_path)
    index = (out / "index.html").read_text("utf-8")
    assert "SaudiNewsNet 2015" in index and "published 2015-07" in index
    for c in checks.values():
        assert c.height_px < 60_000, (c.page, c.height_px)  # an analysis, not a dump


@pytest.mark.slow
def test_reports_on_a_bare_folder_without_dates_or_metadata(tmp_path):
    corpus = tmp_path / "bare"
    corpus.mkdir()
    texts = [
        "قال مسؤول أمني إن 40 مقاتلاً عادوا منذ 500 عام إلى بلادهم.",
        "أعلنت الوزارة أمس أن «الوضع مستقر» في المدينة.",
        "خبر قصير بلا أرقام ولا مصادر.",
    ]
    for i, text in enumerate(texts):
        (corpus / f"a{i}.txt").write_text(text, "utf-8")
    out, _ = _render_and_check(corpus, tmp_path)
    timeline = (out / "02_timeline.html").read_text("utf-8")
    assert "no article has a publication date" in timeline
    assert "Not available for this corpus" in timeline


def test_a_failed_notebook_is_marked_and_nothing_stale_is_left(tmp_path, monkeypatch):
    import corpus_tools.report.reports as reports

    notebooks = tmp_path / "nbs"
    notebooks.mkdir()
    out = tmp_path / "reports"
    out.mkdir()
    (out / "99_old_report.html").write_text("stale", "utf-8")

    def fake_render(nb, out_dir, **kwargs):
        page = out_dir / f"{nb.stem}.html"
        page.write_text("<html></html>", "utf-8")
        error = "ZeroDivisionError: division by zero" if nb.stem.startswith("01") else ""
        return reports.Rendered(nb, page, nb.stem, "summary", 0.1, error)

    for name in ("00_a.ipynb", "01_b.ipynb"):
        shutil.copy(ROOT / "notebooks" / "00_corpus_overview.ipynb", notebooks / name)
    monkeypatch.setattr(reports, "render_notebook", fake_render)
    rendered = render_all(notebooks, out, corpus=ROOT / "data" / "seeds")
    assert [r.ok for r in rendered] == [True, False]
    assert not (out / "99_old_report.html").exists()
    index = (out / "index.html").read_text("utf-8")
    assert "FAILED: ZeroDivisionError" in index and "1 of 2 reports failed" in index
    assert main_exit_code(notebooks, out, monkeypatch) == 1


def main_exit_code(notebooks, out, monkeypatch):
    import corpus_tools.report.reports as reports

    return reports.main(
        [str(ROOT / "data" / "seeds"), "--notebooks", str(notebooks), "--out", str(out)]
    )


def test_report_pages_fetch_nothing_from_the_network(tmp_path):
    import nbformat

    from corpus_tools.report.reports import _page

    nb = nbformat.read(ROOT / "notebooks" / "00_corpus_overview.ipynb", as_version=4)
    page = _page(nb)
    assert "<script src=" not in page and "cdnjs" not in page and "mathjax" not in page.lower()


def test_index_says_what_corpus_and_when(tmp_path):
    path = write_index([], tmp_path, "/data/x")
    page = path.read_text("utf-8")
    assert "/data/x" in page and "run 20" in page
