"""Score the timeline against the timeline gold of the development set (issue 16).

    python benchmarks/score_timeline.py                 # summary
    python benchmarks/score_timeline.py --show 40       # plus misses and extra rows

Gold: ``tests/data/timeline_gold.yaml`` — for each article of the development set it
covers, the events a careful reader puts on a timeline (trigger and context verbatim,
event type, date interval with a tolerance, modality), written by reading before the
timeline code was looked at. The articles themselves are read from
``../shared/eval/news-dev/corpus`` (they stay out of the repository); skipped, saying
so, when that folder is absent.

Matching: a gold event is found when a timeline row of its article has a trigger that
overlaps the gold trigger's words (located through its verbatim context). Each row
matches one gold event.

- event recall: asserted gold events found by an asserted row / asserted gold events;
- event precision: asserted rows matching an asserted gold event / asserted rows of
  the covered articles (what the timeline chart shows by default; a row the timeline
  calls negated, intended, expected … is left out of both, and a row it calls
  asserted on a gold event that is not counts against precision);
- modality agreement: matched rows (on any gold event) whose ``modality`` is the gold one;
- type agreement: matched rows whose ``event`` is the gold type (names compared as
  written, with the few aliases below); a gold event of type ``other`` is of no type
  the gold names, so a row of any type the gold does not name agrees with it;
- date right: matched rows whose ``begin`` is within the gold ``tol`` days of the gold
  ``begin``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "timeline_gold.yaml"
CORPUS = ROOT.parent / "shared" / "eval" / "news-dev" / "corpus"
#: Gold type → the timeline's event names that mean it.
TYPE_ALIASES = {
    "crossed_border": {"crossed_border", "crossed"},
    "paid": {"paid", "paid_smugglers"},
    "captured": {"captured", "captured_city"},
}


_MARKS = "\u064b-\u0652\u0670\u0640"  # harakat, dagger alif, tatweel


def _loose(phrase: str) -> str:
    """A regex for ``phrase`` that ignores diacritics on either side (cleaning may
    drop them) and reads any run of spaces as one."""
    bare = re.sub(f"[{_MARKS}]", "", phrase)
    parts = [re.escape(ch) if not ch.isspace() else r"\s+" for ch in bare]
    return f"[{_MARKS}]*".join(parts)


def _locate(text: str, trigger: str, context: str) -> tuple[int, int] | None:
    """Offsets of ``trigger`` inside the first occurrence of ``context`` in ``text``."""
    m = re.search(_loose(context), text)
    if m is None:
        t = re.search(_loose(trigger), text)
        return t.span() if t else None
    t = re.search(_loose(trigger), text[m.start() : m.end()])
    return (m.start() + t.start(), m.start() + t.end()) if t else None


def _same_type(row_type: str, gold_type: str, named: set[str]) -> bool:
    """Whether a row's event type agrees with the gold's (``named``: the gold's types
    other than ``other``, which stands for any type outside them)."""
    if gold_type == "other":
        return not any(row_type in TYPE_ALIASES.get(t, {t}) for t in named)
    return row_type in TYPE_ALIASES.get(gold_type, {gold_type})


def score(show: int = 0) -> dict:
    import pandas as pd
    import yaml

    import corpus_tools as ct

    gold = yaml.safe_load(GOLD.read_text("utf-8"))["articles"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arts = ct.clean_corpus(ct.load_corpus(CORPUS), show_progress=False)
        arts = arts[arts["article_id"].isin(gold)]
        tl = ct.build_timeline(arts, show_progress=False)
    texts = dict(zip(arts["article_id"], arts["text"], strict=True))
    named = {e["type"] for g in gold.values() for e in g.get("events", [])} - {"other"}
    notes: list[str] = []
    n_gold = n_found = n_rows = n_good_rows = n_type = n_date = n_unlocated = 0
    n_matched = n_modality = 0
    by_rule: dict[str, list[int]] = {}
    for aid, g in gold.items():
        rows = tl[tl["article_id"] == aid].reset_index(drop=True)
        asserted_rows = rows["modality"] == "asserted"
        n_rows += int(asserted_rows.sum())
        used: set[int] = set()
        asserted_hit: set[int] = set()
        for ev in g.get("events", []):
            span = _locate(texts.get(aid, ""), ev["trigger"], ev.get("context", ""))
            if span is None:
                n_unlocated += 1
                notes.append(f"unlocated  {aid}  {ev['trigger']!r}")
                continue
            asserted = ev.get("modality", "asserted") == "asserted"
            n_gold += asserted
            hit = next(
                (
                    i
                    for i, r in rows.iterrows()
                    if i not in used and r.trigger_start < span[1] and span[0] < r.trigger_end
                ),
                None,
            )
            if hit is None:
                if asserted:
                    notes.append(f"missed     {aid}  {ev['type']:<12} {ev['trigger']!r}")
                continue
            used.add(hit)
            r = rows.loc[hit]
            gold_modality = ev.get("modality", "asserted")
            n_matched += 1
            n_modality += r.modality == gold_modality
            if r.modality != gold_modality:
                notes.append(
                    f"modality   {aid}  want {gold_modality:<12} got {r.modality:<12} "
                    f"{ev['trigger']!r}"
                )
            if not asserted or r.modality != "asserted":
                continue
            asserted_hit.add(hit)
            n_found += 1
            r = rows.loc[hit]
            n_type += _same_type(r.event, ev["type"], named)
            begin = pd.Timestamp(str(ev["begin"]))
            ok = pd.notna(r.begin) and abs((r.begin - begin).days) <= int(ev.get("tol", 0))
            n_date += ok
            by_rule.setdefault(r.dated_by, [0, 0])[0 if ok else 1] += 1
            if not ok:
                got = r.begin.date() if pd.notna(r.begin) else "NaT"
                notes.append(
                    f"date       {aid}  {ev['trigger']!r}: want {ev['begin']} "
                    f"(±{ev.get('tol', 0)}), got {got} ({r.dated_by}: {r.time_text!r})"
                )
        n_good_rows += len(asserted_hit)
        for i, r in rows.iterrows():
            if i not in used and r.modality == "asserted":
                notes.append(f"extra      {aid}  {r.event:<12} {r.trigger!r}")
    for line in notes[:show]:
        print(line)
    p = n_good_rows / n_rows if n_rows else 0.0
    r = n_found / n_gold if n_gold else 0.0
    return {
        "articles": len(gold),
        "gold_asserted_events": n_gold,
        "rows": n_rows,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "type_agreement": round(n_type / n_found, 3) if n_found else None,
        "modality_agreement": round(n_modality / n_matched, 3) if n_matched else None,
        "date_right": round(n_date / n_found, 3) if n_found else None,
        "unlocated_gold": n_unlocated,
        "date_right_by_rule": {k: f"{a}/{a + b}" for k, (a, b) in sorted(by_rule.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    result = score(args.show)
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
