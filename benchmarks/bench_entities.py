"""Benchmark: gazetteer entity tagging throughput on a real corpus.

Loads and cleans ``../shared/corpora/saudinewsnet-2015/articles.jsonl.gz`` (not
timed here: see bench_load_clean.py), then times ``tag_entities(backend="gazetteer")``
at growing sizes, each in a fresh process:

    python benchmarks/bench_entities.py                 # 1,000 / 10,000 / all
    python benchmarks/bench_entities.py --sizes 500

Prints a Markdown table and writes ``benchmarks/results/entities.json``. Skips,
saying so, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from common import CORPUS, RESULTS, load_clean, peak_rss_mb, run_sizes, write_results


def measure(corpus: Path, n: int | None) -> dict:
    import corpus_tools as ct

    _, clean, _, _ = load_clean(corpus, n)
    chars = int(clean["text"].str.len().sum())
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    ents = ct.tag_entities(clean, backend="gazetteer", show_progress=False)
    seconds = time.perf_counter() - t0
    return {
        "requested": n or "all",
        "articles": len(clean),
        "clean_mchars": round(chars / 1e6, 2),
        "tag_s": round(seconds, 2),
        "articles_per_s": round(len(clean) / seconds, 1),
        "mentions": len(ents),
        "mentions_per_article": round(len(ents) / max(len(clean), 1), 1),
        "distinct_entities": int(ents["entity_id"].nunique()),
        "pattern_share": round(float((ents["backend"] == "pattern").mean()), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_before_tagging_mb": round(rss_before, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", nargs="*", default=["1000", "10000", "all"])
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size
    parser.add_argument("--out", type=Path, default=RESULTS / "entities.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: benchmark corpus {args.corpus} is absent (see ../shared/corpora/)")
        return 0
    if args.one is not None:
        print(json.dumps(measure(args.corpus, None if args.one == "all" else int(args.one))))
        return 0
    rows = run_sizes(__file__, args.sizes, ["--corpus", str(args.corpus)])
    print(
        "| articles | clean M chars | tagging s | articles/s | mentions / article | peak RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['clean_mchars']} | {r['tag_s']} | {r['articles_per_s']} | "
            f"{r['mentions_per_article']} | {r['peak_rss_mb']} |"
        )
    write_results(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
