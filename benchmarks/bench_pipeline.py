"""Benchmark: the full pipeline's throughput and peak memory on a real corpus.

load → clean → entities (gazetteer) → attributions → time expressions → timeline →
figures, on the first 1,000, 10,000 and all articles of
``../shared/corpora/saudinewsnet-2015/articles.jsonl.gz``, each size in a fresh
process so that its peak memory is its own:

    python benchmarks/bench_pipeline.py                 # 1,000 / 10,000 / all
    python benchmarks/bench_pipeline.py --sizes 500
    python benchmarks/bench_pipeline.py --jobs 2 --out benchmarks/results/pipeline_jobs2.json

Prints a Markdown table (seconds per stage, articles/s end to end, peak RSS) and
writes ``benchmarks/results/pipeline.json``. Skips, saying so, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from common import CORPUS, RESULTS, load_clean, peak_rss_mb, run_sizes, write_results

STAGES = ("load", "clean", "entities", "attributions", "times", "timeline", "figures")


def measure(corpus: Path, n: int | None, jobs: int = 1) -> dict:
    import corpus_tools as ct

    seconds: dict[str, float] = {}
    _, clean, seconds["load"], seconds["clean"] = load_clean(corpus, n, jobs)
    rows: dict[str, int] = {}

    def stage(name: str, fn):
        t0 = time.perf_counter()
        out = fn()
        seconds[name] = time.perf_counter() - t0
        rows[name] = len(out)
        return out

    ents = stage(
        "entities", lambda: ct.tag_entities(clean, backend="gazetteer", show_progress=False)
    )
    attrs = stage("attributions", lambda: ct.extract_attributions(clean, ents))
    times = stage("times", lambda: ct.extract_time_expressions(clean))
    stage(
        "timeline", lambda: ct.build_timeline(clean, entities=ents, attributions=attrs, times=times)
    )
    stage(
        "figures", lambda: ct.extract_figures(clean, entities=ents, attributions=attrs, times=times)
    )
    total = sum(seconds.values())
    return {
        "requested": n or "all",
        "articles": len(clean),
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "rows": rows,
        "total_s": round(total, 1),
        "articles_per_s": round(len(clean) / total, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "jobs": jobs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", nargs="*", default=["1000", "10000", "all"])
    parser.add_argument("--jobs", type=int, default=1, help="worker processes per stage")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size
    parser.add_argument("--out", type=Path, default=RESULTS / "pipeline.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: benchmark corpus {args.corpus} is absent (see ../shared/corpora/)")
        return 0
    if args.one is not None:
        n = None if args.one == "all" else int(args.one)
        print(json.dumps(measure(args.corpus, n, args.jobs)))
        return 0
    rows = run_sizes(__file__, args.sizes, ["--corpus", str(args.corpus), "--jobs", str(args.jobs)])
    print(
        "| articles | "
        + " | ".join(f"{s} s" for s in STAGES)
        + " | total s | articles/s | peak RSS MB |"
    )
    print("|---:" * (len(STAGES) + 4) + "|")
    for r in rows:
        cells = " | ".join(str(r["seconds"][s]) for s in STAGES)
        tail = f"{r['total_s']} | {r['articles_per_s']} | {r['peak_rss_mb']}"
        print(f"| {r['articles']:,} | {cells} | {tail} |")
    write_results(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
