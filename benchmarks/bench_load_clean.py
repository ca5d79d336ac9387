"""Benchmark: load + clean throughput and peak memory on a real corpus.

Reads ``../shared/corpora/saudinewsnet-2015/articles.jsonl.gz`` (31,017 Arabic news
articles; also a test of the JSONL.gz export path) at growing sizes, each size in
a fresh process so that its peak memory is its own:

    python benchmarks/bench_load_clean.py                 # 1,000 / 10,000 / all
    python benchmarks/bench_load_clean.py --sizes 500 --jobs 2

Prints a Markdown table and writes ``benchmarks/results/load_clean.json``. Skips,
saying so, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet-2015" / "articles.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results" / "load_clean.json"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(corpus: Path, n: int | None, jobs: int) -> dict:
    """Load and clean the first ``n`` records (all when None) in this process."""
    import corpus_tools as ct

    base = _peak_rss_mb()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = ct.load_corpus(corpus, limit=n, show_progress=False)
    t1 = time.perf_counter()
    clean = ct.clean_corpus(articles, n_jobs=jobs, show_progress=False)
    t2 = time.perf_counter()
    mb = sum(len(t.encode("utf-8")) for t in articles["raw_text"]) / 1e6
    return {
        "requested": n or "all",
        "articles": len(articles),
        "raw_mb": round(mb, 2),
        "load_s": round(t1 - t0, 2),
        "clean_s": round(t2 - t1, 2),
        "articles_per_s": round(len(articles) / (t2 - t0), 1),
        "mb_per_s": round(mb / (t2 - t0), 3),
        "clean_articles_per_s": round(len(articles) / (t2 - t1), 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_after_import_mb": round(base, 1),
        "changes": int(clean["n_changes"].sum()),
        "jobs": jobs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", nargs="*", default=["1000", "10000", "all"])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: benchmark corpus {args.corpus} is absent (see ../shared/corpora/)")
        return 0
    if args.one is not None:
        n = None if args.one == "all" else int(args.one)
        print(json.dumps(measure(args.corpus, n, args.jobs)))
        return 0
    rows = []
    for size in args.sizes:
        cmd = [
            sys.executable,
            __file__,
            "--corpus",
            str(args.corpus),
            "--one",
            size,
            "--jobs",
            str(args.jobs),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"measured {size}: {rows[-1]}", file=sys.stderr, flush=True)
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": __import__("os").cpu_count(),
    }
    print("| articles | raw MB | load s | clean s | articles/s | MB/s | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['raw_mb']} | {r['load_s']} | {r['clean_s']} | "
            f"{r['articles_per_s']} | {r['mb_per_s']} | {r['peak_rss_mb']} |"
        )
    print(f"\nmachine: {machine}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"machine": machine, "results": rows}, indent=2) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
