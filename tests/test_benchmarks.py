"""The benchmark script runs (on a small slice) and skips cleanly without its corpus."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

SCRIPTS = sorted((ROOT / "benchmarks").glob("bench_*.py"))
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
