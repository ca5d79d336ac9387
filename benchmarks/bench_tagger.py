"""Benchmark: the fused entity tagger's speed (tokens per second on one core).

Loads and cleans ``../shared/corpora/saudinewsnet-2015/articles.jsonl.gz`` and
prepares each article's document (not timed), then times, per article, the parts of
``document_entities(doc)`` with the default backend: the gazetteer and patterns, the
trained tagger (features, Viterbi and the span confidences) and the fusion. Each
size runs in a fresh process, twice over the same articles: the first pass meets
every word for the first time (the per-word scores are computed then), the second
reads them from the cache, as a long corpus run mostly does.

    python benchmarks/bench_tagger.py                  # 1,000 / 10,000 articles
    python benchmarks/bench_tagger.py --sizes 500

Prints a Markdown table and writes ``benchmarks/results/tagger.json``. Skips, saying
so, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from common import CORPUS, RESULTS, load_clean, peak_rss_mb, run_sizes, write_results


def measure(corpus: Path, n: int | None) -> dict:
    from corpus_tools.extract.entities import _mentions, default_gazetteer
    from corpus_tools.extract.tagger.fuse import fuse
    from corpus_tools.extract.tagger.model import load_decoder, tag_document
    from corpus_tools.text.document import Document

    _, clean, _, _ = load_clean(corpus, n)
    docs = [Document(t) for t in clean["text"] if isinstance(t, str)]
    for d in docs:
        d.tokens, d.sentences  # noqa: B018 - prepared before timing
    tokens = sum(len(d.tokens) for d in docs)
    gz = default_gazetteer()
    load_decoder()
    row: dict = {"requested": n or "all", "articles": len(docs), "tokens": tokens}
    for name in ("first", "second"):
        spent = [0.0, 0.0, 0.0]
        for d in docs:
            t0 = time.perf_counter()
            mentions = _mentions(d, gz, True)
            t1 = time.perf_counter()
            spans = tag_document(d, mentions, confidence=True)
            t2 = time.perf_counter()
            fuse(d, mentions, spans, gz)
            spent[0] += t1 - t0
            spent[1] += t2 - t1
            spent[2] += time.perf_counter() - t2
        total = sum(spent)
        row[f"{name}_tokens_per_s"] = round(tokens / total)
        row[f"{name}_tagger_tokens_per_s"] = round(tokens / spent[1])
        row[f"{name}_gazetteer_share"] = round(spent[0] / total, 3)
        row.setdefault("articles_per_s", round(len(docs) / total, 1))  # the first pass
    row["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", nargs="*", default=["1000", "10000"])
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size
    parser.add_argument("--out", type=Path, default=RESULTS / "tagger.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: benchmark corpus {args.corpus} is absent (see ../shared/corpora/)")
        return 0
    if args.one is not None:
        print(json.dumps(measure(args.corpus, None if args.one == "all" else int(args.one))))
        return 0
    rows = run_sizes(__file__, args.sizes, ["--corpus", str(args.corpus)])
    print(
        "| articles | tokens | fused tokens/s (first pass) | fused tokens/s (cached) "
        "| tagger alone, cached | peak RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['tokens']:,} | {r['first_tokens_per_s']:,} "
            f"| {r['second_tokens_per_s']:,} | {r['second_tagger_tokens_per_s']:,} "
            f"| {r['peak_rss_mb']} |"
        )
    write_results(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
