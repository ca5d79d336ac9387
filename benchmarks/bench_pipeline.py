"""Benchmark: the whole pipeline's throughput and peak memory on a real corpus.

One corpus run (:func:`corpus_tools.analyse`: clean → entities (``--backend``:
the default ``auto``, the gazetteer fused with the trained tagger, or ``gazetteer``) →
attributions → time expressions → timeline → figures, one pass per article, then the
corpus-wide chains and figure comparison) on the first 1,000, 10,000 and all
records of ``../shared/corpora/saudinewsnet-2015/articles.jsonl.gz``. Each
measurement runs in a fresh process, so its peak memory is its own:

    python benchmarks/bench_pipeline.py                       # 1,000 / 10,000 / all
    python benchmarks/bench_pipeline.py --sizes 2000 --modes folder
    python benchmarks/bench_pipeline.py --sizes all --modes folder folder-jobs2 dask2

Modes: ``memory`` (tables kept in memory, one core), ``folder`` (tables written to
Parquet partition by partition, one core), ``folder-jobs2`` (the same with two worker
processes), ``dask2`` (a ``distributed.LocalCluster`` of two single-threaded workers).

Prints a Markdown table and writes ``benchmarks/results/pipeline.json``. Skips,
saying so, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

from common import CORPUS, RESULTS, peak_rss_mb, write_results

MODES = ("memory", "folder", "folder-jobs2", "dask2")


def _load(corpus: Path, n: int | None):
    import corpus_tools as ct

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ct.load_corpus(corpus, limit=n, show_progress=False)


def _analyse(raw, mode: str, folder: Path, backend: str):
    import corpus_tools as ct

    if mode == "memory":
        return ct.analyse(raw, backend=backend, show_progress=False)
    if mode in ("folder", "folder-jobs2"):
        jobs = 2 if mode == "folder-jobs2" else 1
        return ct.analyse(raw, backend=backend, show_progress=False, folder=folder, n_jobs=jobs)
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    ddf = dd.from_pandas(raw, npartitions=max(len(raw) // 500, 1), sort=False)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        return ct.analyse_dask(ddf, folder, client=client, backend=backend)


def measure(corpus: Path, n: int | None, mode: str, backend: str = "auto") -> dict:
    t0 = time.perf_counter()
    raw = _load(corpus, n)
    load_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t1 = time.perf_counter()
        an = _analyse(raw, mode, Path(tmp) / "tables", backend)
        analyse_s = time.perf_counter() - t1
        rows = {name: an.n_rows(name) for name in an.tables}
    return {
        "requested": n or "all",
        "mode": mode,
        "backend": backend,
        "articles": len(raw),
        "load_s": round(load_s, 2),
        "analyse_s": round(analyse_s, 2),
        "steps_s": an.seconds,
        "articles_per_s": round(len(raw) / analyse_s, 1),
        "with_load_per_s": round(len(raw) / (load_s + analyse_s), 1),
        "rows": rows,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", nargs="*", default=["1000", "10000", "all"])
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=MODES)
    parser.add_argument("--backend", default="auto", help="entity backend (default auto)")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # internal: SIZE MODE
    parser.add_argument("--out", type=Path, default=RESULTS / "pipeline.json")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: benchmark corpus {args.corpus} is absent (see ../shared/corpora/)")
        return 0
    if args.one is not None:
        size, mode = args.one
        n = None if size == "all" else int(size)
        print(json.dumps(measure(args.corpus, n, mode, args.backend)))
        return 0
    rows = []
    for size in args.sizes:
        for mode in args.modes:
            cmd = [sys.executable, __file__, "--one", size, mode, "--corpus", str(args.corpus)]
            cmd += ["--backend", args.backend]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"measured {size} {mode}: {rows[-1]}", file=sys.stderr, flush=True)
    print("| articles | mode | load s | analyse s | articles/s | with load /s | peak RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['mode']} | {r['load_s']} | {r['analyse_s']} | "
            f"{r['articles_per_s']} | {r['with_load_per_s']} | {r['peak_rss_mb']} |"
        )
    write_results(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
