"""Every notebook executes from a clean kernel and renders to HTML."""

import re

import pytest
from conftest import ROOT

from corpus_tools.report.reports import render_all

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    results = render_all(ROOT / "notebooks", out, corpus=str(ROOT / "data" / "seeds"))
    assert all(r.ok for r in results), {r.notebook.name: r.error for r in results if not r.ok}
    return out, results


@pytest.mark.slow
def test_seed_reports_in_the_browser(rendered, tmp_path):
    from test_reports_corpora import browser_checks

    out, _ = rendered
    checks = browser_checks(out, tmp_path / "shots")
    assert checks["00_corpus_overview.html"].charts >= 4
    assert checks["01_source_attribution.html"].rtl_articles == 3
    assert "A reading of the seed corpus" in (out / "03_reported_figures.html").read_text("utf-8")
    assert (out / "tables" / "attributions.csv").is_file()


@pytest.mark.slow
def test_every_notebook_renders(rendered):
    out, results = rendered
    assert [r.notebook.name for r in results] == [p.name for p in NOTEBOOKS]
    index = (out / "index.html").read_text(encoding="utf-8")
    for r in results:
        assert r.output.exists() and r.output.name in index


@pytest.mark.slow
def test_overview_report_shows_arabic_and_charts(rendered):
    out, _ = rendered
    page = (out / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert "unicode-bidi: plaintext" in page  # right-to-left aware tables
    assert 'dir="rtl"' in page
    assert "الغارديان: انشقاق في صفوف <bdi>«داعش»</bdi>" in page  # quotes isolated for bidi
    assert len(re.findall(r"data:image/png;base64", page)) >= 2
    assert "Traceback" not in page


@pytest.mark.slow
def test_every_report_has_its_charts_and_no_errors(rendered):
    out, _ = rendered
    charts = {
        "00_corpus_overview.html": 3,
        "01_source_attribution.html": 3,
        "02_timeline.html": 2,
        "03_reported_figures.html": 1,
    }
    for name, n in charts.items():
        page = (out / name).read_text(encoding="utf-8")
        assert len(re.findall(r"data:image/png;base64", page)) >= n, name
        assert "Traceback" not in page and "CellExecutionError" not in page, name


def test_notebooks_are_committed_without_outputs():
    import json

    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path.name
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs one cell tagged 'parameters'"
