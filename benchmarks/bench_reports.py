"""Benchmark: the reports end to end — time, page sizes and peak memory by corpus size.

Renders every notebook on the first 3,000 and on all SaudiNewsNet records through
the corpus card ``data/cards/saudinewsnet-2015.toml`` (as ``make reports`` does):
the analysis once, then each notebook on its tables. Each size runs in a fresh
process so that its peak memory is its own:

    python benchmarks/bench_reports.py                  # 3,000 and all
    python benchmarks/bench_reports.py --sizes 500 --jobs 2

Writes ``benchmarks/results/reports.json`` and prints a Markdown table; the
budgets (issue 10): at 3,000 articles each page < 10 MB and all notebooks in
< 3 min, at 30,663 each page < 20 MB. Skips, saying so, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

from common import CORPUS, RESULTS, ROOT, peak_rss_mb, run_sizes, write_results

CARD = ROOT / "data" / "cards" / "saudinewsnet-2015.toml"


def measure(corpus: Path, n: int | None, jobs: int) -> dict:
    import corpus_tools.report.reports as reports
    from corpus_tools.corpus.card import read_card

    card = read_card(CARD).with_options(data=corpus.resolve(), limit=n)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        rendered = reports.render_all(
            ROOT / "notebooks", Path(tmp) / "reports", corpus=card, n_jobs=jobs
        )
        total = time.perf_counter() - started
        pages = {r.output.stem: round(r.output.stat().st_size / 1e6, 2) for r in rendered}
        render = {r.output.stem: round(r.seconds, 1) for r in rendered}
        manifest = json.loads((Path(tmp) / "reports" / "tables" / "manifest.json").read_text())
    return {
        "articles": manifest["rows"]["articles"],
        "jobs": jobs,
        "total_s": round(total, 1),
        "articles_per_s": round(manifest["rows"]["articles"] / total, 1),
        "analysis_s": round(sum(manifest["seconds"].values()), 1),
        "render_s": render,
        "page_mb": pages,
        "failed": [r.notebook.name for r in rendered if not r.ok],
        "peak_rss_mb": round(peak_rss_mb(), 0),
    }


def table(rows: list[dict]) -> str:
    names = list(rows[0]["page_mb"]) if rows else []
    head = "| articles | analysis s | notebooks s | total s | " + " | ".join(
        f"{n[:2]} MB" for n in names
    )
    lines = [head + " | peak RSS MB |", "|" + "---:|" * (5 + len(names))]
    for r in rows:
        nb = sum(r["render_s"].values())
        sizes = " | ".join(f"{r['page_mb'][n]:.1f}" for n in names)
        lines.append(
            f"| {r['articles']:,} | {r['analysis_s']:.0f} | {nb:.0f} | {r['total_s']:.0f} | "
            f"{sizes} | {r['peak_rss_mb']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["3000", "all"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the SaudiNewsNet export")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS / "reports.json")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (see the README, Set-up: the shared data)")
        return 0
    if args.one:
        n = None if args.one == "all" else int(args.one)
        print(json.dumps(measure(args.corpus, n, args.jobs)))
        return 0
    extra = ["--jobs", str(args.jobs), "--corpus", str(args.corpus)]
    rows = run_sizes(__file__, args.sizes, extra)
    write_results(args.out, rows)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
