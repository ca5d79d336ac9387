"""The benchmark script runs (on a small slice) and skips cleanly without its corpus."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

#: Scripts that measure the shared corpus. Not here: the dateparser comparison (its own
#: test below) and the pathological inputs, which are generated, need no corpus and
#: are run on a small size in tests/test_pathological.py.
OWN_INPUTS = ("bench_dateparser.py", "bench_pathological.py")
SCRIPTS = [p for p in sorted((ROOT / "benchmarks").glob("bench_*.py")) if p.name not in OWN_INPUTS]
CORPUS = SHARED / "corpora" / "saudinewsnet-2015" / "articles.jsonl.gz"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_skips_with_a_message_when_the_corpus_is_absent(tmp_path, script):
    done = subprocess.run(
        [sys.executable, script, "--corpus", tmp_path / "none.jsonl.gz"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("skipped:")


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpora/saudinewsnet-2015")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_measures_a_small_slice(tmp_path, script):
    out = tmp_path / "r.json"
    subprocess.run(
        [sys.executable, script, "--sizes", "100", "--out", out],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.read_text())["results"][0]
    assert result["articles"] > 90 and result["articles_per_s"] > 0 and result["peak_rss_mb"] > 0


def test_dateparser_comparison_runs_and_we_resolve_more(tmp_path):
    pytest.importorskip("dateparser")
    out = tmp_path / "d.json"
    subprocess.run(
        [
            sys.executable,
            ROOT / "benchmarks" / "bench_dateparser.py",
            "--repeat",
            "1",
            "--out",
            out,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.read_text())["results"][0]
    assert result["cases"] >= 40
    assert result["ours_correct"] > result["dateparser_correct"]
    assert result["false_dates_in_count_sentences"]["ours"] == 0
