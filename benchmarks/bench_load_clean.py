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
import sys
from pathlib import Path

from common import CORPUS, RESULTS, load_clean, peak_rss_mb, run_sizes, write_results


def measure(corpus: Path, n: int | None, jobs: int) -> dict:
    """Load and clean the first ``n`` records (all when None) in this process."""
    import corpus_tools  # noqa: F401  (import cost is not part of the timing)

    base = peak_rss_mb()
    articles, clean, load_s, clean_s = load_clean(corpus, n, jobs)
    total = load_s + clean_s
    mb = sum(len(t.encode("utf-8")) for t in articles["raw_text"]) / 1e6
    return {
        "requested": n or "all",
        "articles": len(articles),
        "raw_mb": round(mb, 2),
        "load_s": round(load_s, 2),
        "clean_s": round(clean_s, 2),
        "articles_per_s": round(len(articles) / total, 1),
        "mb_per_s": round(mb / total, 3),
        "clean_articles_per_s": round(len(articles) / clean_s, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
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
    parser.add_argument("--out", type=Path, default=RESULTS / "load_clean.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: benchmark corpus {args.corpus} is absent (see ../shared/corpora/)")
        return 0
    if args.one is not None:
        n = None if args.one == "all" else int(args.one)
        print(json.dumps(measure(args.corpus, n, args.jobs)))
        return 0
    extra = ["--corpus", str(args.corpus), "--jobs", str(args.jobs)]
    rows = run_sizes(__file__, args.sizes, extra)
    print("| articles | raw MB | load s | clean s | articles/s | MB/s | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['raw_mb']} | {r['load_s']} | {r['clean_s']} | "
            f"{r['articles_per_s']} | {r['mb_per_s']} | {r['peak_rss_mb']} |"
        )
    write_results(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
