"""Shared parts of the benchmark scripts: the corpus, peak memory, one process per size."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet-2015" / "articles.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def load_clean(corpus: Path, n: int | None, jobs: int = 1):
    """Load and clean the first ``n`` records (all when None), quietly.

    Returns ``(articles, clean, load_seconds, clean_seconds)``.
    """
    import corpus_tools as ct

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = ct.load_corpus(corpus, limit=n, show_progress=False)
    t1 = time.perf_counter()
    clean = ct.clean_corpus(articles, n_jobs=jobs, show_progress=False)
    return articles, clean, t1 - t0, time.perf_counter() - t1


def run_sizes(script: str, sizes: list[str], extra: list[str]) -> list[dict]:
    """Run ``script --one SIZE`` in a fresh process per size (so peak memory is its own)."""
    rows = []
    for size in sizes:
        cmd = [sys.executable, script, "--one", size, *extra]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"measured {size}: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


def write_results(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine(), "results": rows}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nmachine: {payload['machine']}")
