"""Score the entity backends on the ANERcorp test split (the README's table).

    python benchmarks/score_entities.py                  # gazetteer, tagger, auto
    python benchmarks/score_entities.py --backends auto --match overlap

Exact spans, PER / LOC / ORG (MEDIA counted as ORG; NORP and MISC not scored, as
ANERcorp tags no demonyms). Prints a Markdown table and writes
``benchmarks/results/entities_anercorp.json``. Skips, saying so, when
``../shared/eval/ner/`` is absent. Never train or tune on this split.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

from common import RESULTS

TEST = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ner"
TEST_FILE = TEST / "ANERCorp_CamelLab_test.txt"
LABELS = ["PER", "LOC", "ORG"]


def score(backend: str, match: str = "exact") -> list[dict]:
    import corpus_tools as ct

    arts, gold = ct.read_bio(TEST_FILE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pred = ct.tag_entities(arts, backend=backend, show_progress=False)
    pred = pred.assign(label=pred["label"].replace({"MEDIA": "ORG"}))
    table = ct.evaluate_entities(pred, gold, labels=LABELS, match=match)
    return [dict(r, backend=backend, match=match) for r in table.to_dict("records")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="*", default=["gazetteer", "tagger", "auto"])
    parser.add_argument("--match", default="exact", choices=["exact", "overlap"])
    parser.add_argument("--out", type=Path, default=RESULTS / "entities_anercorp.json")
    args = parser.parse_args(argv)
    if not TEST_FILE.exists():
        print(f"skipped: {TEST_FILE} is absent (see ../shared/eval/ner/)")
        return 0
    rows = [r for b in args.backends for r in score(b, args.match)]
    print(f"| backend | label | P | R | F1 | ({args.match} spans) |")
    print("|---|---|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['backend']} | {r['label']} | {r['precision']:.2f} | {r['recall']:.2f} "
            f"| {r['f1']:.2f} | tp {r['tp']} fp {r['fp']} fn {r['fn']} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
