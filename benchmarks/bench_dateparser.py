"""Benchmark: our time-expression extractor against dateparser, accuracy and speed.

The cases are the seeds' resolved time expressions (``tests/data/seed_time_expressions.csv``,
each with its article's publication date as the anchor) and hand-written ones in the
same style. An answer is right when our interval equals the gold interval, or when
dateparser's single datetime falls inside it (the lenient reading). dateparser runs
with ``languages=['ar']`` and, separately, ``locales=['ar-SY']`` (its only route to
the Levantine month names); each case counts as right for it when either run is.

A second probe runs both tools over sentences with counts, which must yield no date.

    python benchmarks/bench_dateparser.py            # writes benchmarks/results/dateparser.json
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
from common import RESULTS, ROOT, write_results

SEED_GOLD = ROOT / "tests" / "data" / "seed_time_expressions.csv"
SEED_DATES = {
    "000": "2016-06-07",
    "001": "2016-06-09",
    "002": "2017-09-13",
    "003": "2017-04-27",
    "004": "2018-02-05",
}
ANCHOR = "2016-06-07"
#: (expression, anchor, gold begin, gold until), written for this benchmark.
HANDWRITTEN = [
    ("5 شباط/فبراير 2018", ANCHOR, "2018-02-05", "2018-02-05"),
    ("12 أيلول", ANCHOR, "2015-09-12", "2015-09-12"),
    ("أيلول المقبل", ANCHOR, "2016-09-01", "2016-09-30"),
    ("شهر آب الماضي", ANCHOR, "2015-08-01", "2015-08-31"),
    ("منتصف عام 2015", ANCHOR, "2015-05-01", "2015-08-31"),
    ("صيف 2015", ANCHOR, "2015-06-01", "2015-08-31"),
    ("الشتاء الماضي", ANCHOR, "2015-12-01", "2016-02-29"),
    ("الأسبوع الماضي", ANCHOR, "2016-05-30", "2016-06-05"),
    ("هذا العام", ANCHOR, "2016-01-01", "2016-12-31"),
    ("العام الماضي", ANCHOR, "2015-01-01", "2015-12-31"),
    ("الشهر الماضي", ANCHOR, "2016-05-01", "2016-05-31"),
    ("أمس", ANCHOR, "2016-06-06", "2016-06-06"),
    ("غداً", ANCHOR, "2016-06-08", "2016-06-08"),
    ("اليوم", ANCHOR, "2016-06-07", "2016-06-07"),
    ("الجمعة الماضية", ANCHOR, "2016-06-03", "2016-06-03"),
    ("قبل يومين", ANCHOR, "2016-06-05", "2016-06-05"),
    ("قبل ثلاثة أيام", ANCHOR, "2016-06-04", "2016-06-04"),
    ("قبل ستة أشهر", ANCHOR, "2015-12-01", "2015-12-31"),
    ("منذ عام 2012", ANCHOR, "2012-01-01", "2016-06-07"),
    ("بين عامي 2014 و2016", ANCHOR, "2014-01-01", "2016-12-31"),
    ("2017-04-27", ANCHOR, "2017-04-27", "2017-04-27"),
    ("27/4/2017", ANCHOR, "2017-04-27", "2017-04-27"),
    ("٥ فبراير ٢٠١٨", ANCHOR, "2018-02-05", "2018-02-05"),
    ("رمضان 1437 هـ", ANCHOR, "2016-06-06", "2016-07-05"),
]
#: Sentences with counts and no date: every date found here is a false alarm.
COUNT_SENTENCES = [
    "قرابة 150 مواطناً من ست دول طلبوا المساعدة",
    "نحو 1700 مسلح فرنسي عادوا إلى بلدهم",
    "دفعوا للمهربين ما يقارب 2000 دولار مقابل الرحلة الواحدة",
    "يقدر عددهم بنحو 850 عنصراً وأن 200 عنصر أخر منهم قد قتلوا",
    "تتراوح بين 20 و30 ألف دولار للحصول على مرور آمن",
    "هناك 5 آلاف مقاتل يحملون جوازات سفر غربية",
    "قتل 1500 مقاتل و2000 شخص في المعارك",
    "البالغ من العمر 26 عاماً",
]


def cases() -> list[tuple[str, str, str, str, str]]:
    """(origin, expression, anchor, begin, until) for every resolved case."""
    out = []
    gold = pd.read_csv(SEED_GOLD, dtype=str, keep_default_na=False)
    for r in gold.itertuples():
        if r.begin and r.until and r.value != "PRESENT_REF":
            out.append(("seeds", r.text, SEED_DATES[r.article], r.begin, r.until))
    out += [("written", *c) for c in HANDWRITTEN]
    return out


def ours(expr: str, anchor: str):
    from corpus_tools.extract.timex import time_expressions_for_text

    rows = time_expressions_for_text(expr, pd.Timestamp(anchor))
    if not rows or rows[0]["begin"] is None:
        return None
    return rows[0]["begin"], rows[0]["until"]


def dateparser_point(expr: str, anchor: str, how: str):
    import dateparser

    settings = {"RELATIVE_BASE": pd.Timestamp(anchor).to_pydatetime(), "PREFER_DATES_FROM": "past"}
    kwargs = {"languages": ["ar"]} if how == "ar" else {"locales": ["ar-SY"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = dateparser.parse(expr, settings=settings, **kwargs)
    return None if d is None else pd.Timestamp(d).normalize()


def measure(repeat: int) -> dict:
    import dateparser  # noqa: F401  (import outside the timing)
    from dateparser.search import search_dates

    from corpus_tools.extract.timex import time_expressions_for_text

    rows = []
    timings = {"ours": 0.0, "dateparser": 0.0}
    for origin, expr, anchor, begin, until in cases():
        b, u = pd.Timestamp(begin), pd.Timestamp(until)
        t0 = time.perf_counter()
        for _ in range(repeat):
            got = ours(expr, anchor)
        timings["ours"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(repeat):
            points = {how: dateparser_point(expr, anchor, how) for how in ("ar", "ar-SY")}
        timings["dateparser"] += (time.perf_counter() - t0) / 2  # two runs per case
        dp_ok = any(p is not None and b <= p <= u for p in points.values())
        rows.append(
            {
                "origin": origin,
                "expression": expr,
                "anchor": anchor,
                "gold": f"{begin}…{until}",
                "ours": None if got is None else f"{got[0]:%Y-%m-%d}…{got[1]:%Y-%m-%d}",
                "ours_ok": got is not None and got[0] == b and got[1] == u,
                "dateparser_ar": None if points["ar"] is None else f"{points['ar']:%Y-%m-%d}",
                "dateparser_ar_sy": None
                if points["ar-SY"] is None
                else f"{points['ar-SY']:%Y-%m-%d}",
                "dateparser_ok": dp_ok,
            }
        )
    false_alarms = {"ours": 0, "dateparser": 0}
    for sentence in COUNT_SENTENCES:
        false_alarms["ours"] += len(time_expressions_for_text(sentence, pd.Timestamp(ANCHOR)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(sentence, languages=["ar"]) or []
        false_alarms["dateparser"] += len(found)
    n = len(rows)
    return {
        "cases": n,
        "ours_correct": sum(r["ours_ok"] for r in rows),
        "dateparser_correct": sum(r["dateparser_ok"] for r in rows),
        "ours_ms_per_expression": round(1000 * timings["ours"] / (n * repeat), 3),
        "dateparser_ms_per_expression": round(1000 * timings["dateparser"] / (n * repeat), 3),
        "count_sentences": len(COUNT_SENTENCES),
        "false_dates_in_count_sentences": false_alarms,
        "by_origin": {
            origin: {
                "cases": sum(r["origin"] == origin for r in rows),
                "ours": sum(r["ours_ok"] for r in rows if r["origin"] == origin),
                "dateparser": sum(r["dateparser_ok"] for r in rows if r["origin"] == origin),
            }
            for origin in ("seeds", "written")
        },
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "dateparser.json")
    args = parser.parse_args(argv)
    try:
        import dateparser  # noqa: F401
    except ImportError:
        print("skipped: dateparser is not installed (pip install -e '.[dev]')")
        return 0
    result = measure(args.repeat)
    n = result["cases"]
    print(
        "| | correct intervals | ms per expression | dates found in 8 sentences with counts only |"
    )
    print("|---|---:|---:|---:|")
    false = result["false_dates_in_count_sentences"]
    for name, key, label in (
        ("ours", "ours", "corpus_tools"),
        ("dateparser", "dateparser", "dateparser (ar, ar-SY; a point inside counts)"),
    ):
        print(
            f"| {label} | {result[name + '_correct']}/{n} | "
            f"{result[name + '_ms_per_expression']} | {false[key]} |"
        )
    write_results(args.out, [result])
    return 0


if __name__ == "__main__":
    sys.exit(main())
