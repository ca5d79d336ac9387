"""The benchmark script runs (on a small slice) and skips cleanly without its corpus."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

SCRIPT = ROOT / "benchmarks" / "bench_load_clean.py"
CORPUS = SHARED / "corpora" / "saudinewsnet-2015" / "articles.jsonl.gz"


def test_benchmark_skips_with_a_message_when_the_corpus_is_absent(tmp_path):
    done = subprocess.run(
        [sys.executable, SCRIPT, "--corpus", tmp_path / "none.jsonl.gz"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("skipped:")


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpora/saudinewsnet-2015")
def test_benchmark_measures_a_small_slice(tmp_path):
    out = tmp_path / "r.json"
    subprocess.run(
        [sys.executable, SCRIPT, "--sizes", "100", "--out", out],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.read_text())["results"][0]
    assert result["articles"] > 90 and result["articles_per_s"] > 0 and result["peak_rss_mb"] > 0
