"""How attributed statements on SaudiNewsNet find their source (issue 14's coverage).

    python benchmarks/attribution_coverage.py            # the first 3,000 articles
    python benchmarks/attribution_coverage.py --n 10000

A statement whose source "the lexicon cannot name" is one whose written subject no
rule read: kept in its own words (``resolution == "unclassified"``, type
``unknown``). The script prints the share of those among all statements, the shares
by ``resolution`` and by the cue part of ``rule``, and writes
``benchmarks/results/attribution_coverage.json``. It measures coverage, not
correctness: that is the development set's job (``score.py``).
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

from common import CORPUS, RESULTS, load_clean, machine


def coverage(n: int) -> dict:
    import corpus_tools as ct

    _, clean, _, _ = load_clean(CORPUS, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        at = ct.extract_attributions(clean, show_progress=False)
    total = len(at)
    unnamed = int((at["resolution"] == "unclassified").sum())
    cue = at["rule"].str.split(":").str[0] if "rule" in at else at["resolution"]
    return {
        "articles": int(clean["article_id"].nunique()),
        "statements": total,
        "unnamed_share": round(unnamed / total, 4) if total else None,
        "by_resolution": _shares(at["resolution"]),
        "by_cue_rule": _shares(cue),
    }


def _shares(column) -> dict[str, float]:
    return {k: round(v / len(column), 4) for k, v in column.value_counts().items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=RESULTS / "attribution_coverage.json")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    result = coverage(args.n)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine(), "results": [result]}
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
