"""Benchmark: every per-article step on pathological single-paragraph texts.

Scraped pages are sometimes one huge paragraph: a table flattened into quotes, a
list of numbers, a page with no punctuation at all. Each step must stay linear in
time and bounded in memory on them. Shapes (each one paragraph, no blank line):

=================  ==========================================================
quote_marks        nothing but straight double quotes (``"`` repeated)
guillemet_pairs    nothing but «» pairs (``«»`` repeated)
quotes             words between straight double quotes: ``"كلمة "كلمة …``
guillemets         «» pairs around words: ``«كلمة» «كلمة» …``
numbers_wa         numbers joined by «و»: ``1 و2 و3 …``
long_line          news words with no punctuation and no line break at all
no_sentence_end    news prose (cues, sources, numbers) with every sentence end
                   replaced by «،»: one sentence as long as the text
=================  ==========================================================

Sizes are in characters (an Arabic character is two bytes of UTF-8). Each
(shape, size, step) is measured in a fresh process, with the step's inputs
computed first and the peak-memory counter reset before the step runs:

    python benchmarks/bench_pathological.py                       # 100 KB / 300 KB / 1 MB
    python benchmarks/bench_pathological.py --sizes 50000 --shapes quotes --steps clean

Prints a Markdown table and writes ``benchmarks/results/pathological.json``. The
target: every step under 10 s and 1 GB at 1 MB. Needs no corpus (``--corpus`` is
accepted and ignored, like the other benchmarks' option).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

#: News prose the realistic shapes are made of (cues, sources, numbers, dates, entities).
PROSE = (
    "ونقلت صحيفة «وول ستريت جورنال» عن دبلوماسيين غربيين في تركيا أن نحو 150 مقاتلاً "
    "أجنبياً عادوا إلى بلدانهم منذ أيلول الماضي. وقال المتحدث باسم وزارة الخارجية "
    "البريطانية إن «الوضع صعب جداً ولا يحتمل» مضيفاً أن ما بين 20 و30 ألف دولار دفعت "
    "رشاوى للمهربين. وبحسب تقرير نشره معهد دراسة الحرب فإن ثلاثة آلاف وخمسمئة شخص فروا "
    "من الرقة خلال الأسبوع الماضي! وأضافت الصحيفة أن السلطات اعتقلت عشرات منهم؟ "
)
SHAPES = (
    "quote_marks",
    "guillemet_pairs",
    "quotes",
    "guillemets",
    "numbers_wa",
    "long_line",
    "no_sentence_end",
)
STEPS = ("clean", "sentences", "entities", "attributions", "times", "timeline", "figures")
SIZES = ("100000", "300000", "1000000")
#: The target at 1 MB, per step.
TARGET_S, TARGET_MB = 10.0, 1024.0


def make(shape: str, n_chars: int) -> str:
    """A single-paragraph text of ``shape`` with about ``n_chars`` characters."""
    if shape == "quote_marks":
        unit = '"'
    elif shape == "guillemet_pairs":
        unit = "«»"
    elif shape == "quotes":
        unit = '"كلمة '
    elif shape == "guillemets":
        unit = "«كلمة» "
    elif shape == "numbers_wa":
        parts, size, i = [], 0, 1
        while size < n_chars:
            part = str(i) if i == 1 else f" و{i % 10000}"
            parts.append(part)
            size += len(part)
            i += 1
        return "".join(parts)[:n_chars].rstrip(" و")
    elif shape == "long_line":
        unit = "".join(c for c in PROSE if c.isalnum() or c == " ").replace("  ", " ")
    elif shape == "no_sentence_end":
        unit = PROSE.replace(". ", "، ").replace("! ", "، ").replace("؟ ", "، ")
    else:
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    return (unit * (n_chars // len(unit) + 1))[:n_chars].rstrip()


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (Linux); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(shape: str, n_chars: int, step: str) -> dict:
    """Run ``step`` on one ``shape`` text of ``n_chars`` in this process."""
    import pandas as pd

    from corpus_tools.extract.attribution import attributions_for_text
    from corpus_tools.extract.entities import tag_text
    from corpus_tools.extract.figures import figures_for_text
    from corpus_tools.extract.timeline import timeline_for_text
    from corpus_tools.extract.timex import time_expressions_for_text
    from corpus_tools.text.cleaning import clean_text
    from corpus_tools.text.segmenting import split_sentences

    text = make(shape, n_chars)
    published = pd.Timestamp("2017-10-01")
    tables: dict = {}
    needs = {"attributions": ["entities"], "timeline": ["entities", "attributions", "times"]}
    needs["figures"] = needs["timeline"]

    def run(name: str):
        if name == "clean":
            return clean_text(text)
        if name == "sentences":
            return split_sentences(text)
        if name == "entities":
            return tag_text(text)
        if name == "attributions":
            return attributions_for_text(text, tables["entities"])
        if name == "times":
            return time_expressions_for_text(text, published)
        given = {
            "entity_rows": tables["entities"],
            "attribution_rows": tables["attributions"],
            "time_rows": tables["times"],
        }
        if name == "timeline":
            return timeline_for_text(text, published, **given)
        return figures_for_text(text, published, **given)

    for name in needs.get(step, []):
        tables[name] = run(name)
    reset = _reset_peak()
    base = _rss_mb()
    started = time.perf_counter()
    out = run(step)
    seconds = time.perf_counter() - started
    n_out = len(out.text) if step == "clean" else len(out)
    return {
        "shape": shape,
        "chars": len(text),
        "kb": round(len(text.encode("utf-8")) / 1000),
        "step": step,
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(_peak_mb(), 1),
        "step_peak_mb": round(_peak_mb() - base, 1) if reset else None,
        "outputs": n_out,
    }


def run_one(shape: str, size: str, step: str, timeout: float) -> dict:
    """:func:`measure` in a fresh process; a run over ``timeout`` is recorded as such."""
    cmd = [sys.executable, __file__, "--one", shape, size, step]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, check=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        return {"shape": shape, "chars": int(size), "step": step, "timed_out": timeout}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    """A Markdown table: one row per shape and size, seconds / step peak MB per step."""
    steps = list(dict.fromkeys(r["step"] for r in rows))
    keys = list(dict.fromkeys((r["shape"], r["chars"]) for r in rows))
    by = {(r["shape"], r["chars"], r["step"]): r for r in rows}
    lines = [
        "| shape | size | " + " | ".join(f"{s} s / MB" for s in steps) + " |",
        "|---|---:|" + "---:|" * len(steps),
    ]
    for shape, chars in keys:
        cells = []
        for step in steps:
            r = by.get((shape, chars, step))
            if r is None:
                cells.append("")
            elif "timed_out" in r:
                cells.append(f"> {r['timed_out']:g} s")
            else:
                mb = r["step_peak_mb"] if r.get("step_peak_mb") is not None else r["peak_rss_mb"]
                cells.append(f"{r['seconds']:.2f} / {mb:.0f}")
        lines.append(f"| {shape} | {chars / 1000:g}k | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="ignored: the inputs are generated")
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), help="characters")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=SHAPES)
    parser.add_argument("--steps", nargs="*", default=list(STEPS), choices=STEPS)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # internal: one run
    parser.add_argument("--out", type=Path, default=RESULTS / "pathological.json")
    args = parser.parse_args(argv)
    if args.one is not None:
        shape, size, step = args.one
        print(json.dumps(measure(shape, int(size), step)))
        return 0
    rows = []
    for shape in args.shapes:
        for size in args.sizes:
            for step in args.steps:
                rows.append(run_one(shape, size, step, args.timeout))
                print(f"measured {shape} {size} {step}: {rows[-1]}", file=sys.stderr, flush=True)
    print(table(rows))
    over = [
        r
        for r in rows
        if r["chars"] >= 1_000_000
        and (
            "timed_out" in r
            or r["seconds"] > TARGET_S
            or (r.get("step_peak_mb") or r["peak_rss_mb"]) > TARGET_MB
        )
    ]
    print(f"\nover the target ({TARGET_S:g} s, {TARGET_MB:g} MB at 1 MB): {len(over)} run(s)")
    sys.path.insert(0, str(HERE))
    from common import write_results

    write_results(args.out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
