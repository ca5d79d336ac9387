"""Time expressions and the timeline: the seeds, hand-written sentences, unresolvable cases."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

import corpus_tools as ct
from corpus_tools.extract.events import find_events
from corpus_tools.extract.timeline import timeline_for_text
from corpus_tools.extract.timex import time_expressions_for_text

GOLD = ROOT / "tests" / "data" / "seed_time_expressions.csv"
ANCHOR = pd.Timestamp("2016-06-07")  # a Tuesday


def one(text: str, anchor=ANCHOR) -> tuple:
    (r,) = time_expressions_for_text(text, anchor)
    day = lambda t: None if t is None or pd.isna(t) else str(t.date())  # noqa: E731
    return r["text"], r["kind"], r["value"], day(r["begin"]), day(r["until"])


# --- the seeds ---------------------------------------------------------------------------


def test_seed_time_expressions_match_the_hand_checked_list(seeds):
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    got = ct.extract_time_expressions(seeds)
    got = got.assign(
        article=got["article_id"].str[:3],
        begin=got["begin"].dt.strftime("%Y-%m-%d").fillna(""),
        until=got["until"].dt.strftime("%Y-%m-%d").fillna(""),
    )
    cols = list(gold.columns)
    want = {tuple(r) for r in gold[cols].itertuples(index=False)}
    have = {tuple(str(v) for v in r) for r in got[cols].itertuples(index=False)}
    assert sorted(want - have) == [], "missed or resolved differently"
    assert sorted(have - want) == [], "spurious"


def test_the_issue_examples(seeds):
    t = ct.extract_time_expressions(seeds).assign(a=lambda d: d["article_id"].str[:3])

    def get(article: str, text: str) -> pd.Series:
        return t[(t["a"] == article) & (t["text"] == text)].iloc[0]

    r = get("001", "أيلول الماضي")
    assert (str(r["begin"].date()), str(r["until"].date())) == ("2015-09-01", "2015-09-30")
    r = get("002", "مطلع أيلول/سبتمبر الماضي")
    assert (
        r["mod"] == "START"
        and str(r["begin"].date()) == "2017-09-01"
        and str(r["until"].date()) == "2017-09-10"
    )
    r = get("004", "الخريف الماضي")
    assert r["value"] == "2017-FA" and str(r["begin"].date()) == "2017-09-01"
    r = get("004", "اليوم «الإثنين»")
    assert r["begin"] == r["anchor"] == pd.Timestamp("2018-02-05")


def test_no_count_is_taken_for_a_year(seeds):
    t = ct.extract_time_expressions(seeds)
    years = t[t["kind"].isin(["year", "since", "range"])]
    # 150, 1700, 800, 2000 (dollars), 300, 850, 200 are counts in the seeds
    assert not years["text"].str.contains(r"\b(?:150|1700|800|2000|300|850|200)\b").any()


def test_table_contract(seeds):
    t = ct.extract_time_expressions(seeds)
    assert list(t.columns) == ct.contract("times").names
    assert str(t["begin"].dtype) == "datetime64[s]" and t["anchored"].dtype == bool
    texts = dict(zip(seeds["article_id"], seeds["text"], strict=True))
    for r in t.itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
        if pd.notna(r.begin) and pd.notna(r.until):
            assert r.begin <= r.until


# --- hand-written sentences ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "في 5 شباط/فبراير 2018 وصل",
            ("5 شباط/فبراير 2018", "date", "2018-02-05", "2018-02-05", "2018-02-05"),
        ),
        (
            "وصلوا في ٥ فبراير ٢٠١٨",
            ("٥ فبراير ٢٠١٨", "date", "2018-02-05", "2018-02-05", "2018-02-05"),
        ),
        ("في 12 أيلول غادر", ("12 أيلول", "date", "2015-09-12", "2015-09-12", "2015-09-12")),
        ("في 2017-04-27", ("2017-04-27", "date", "2017-04-27", "2017-04-27", "2017-04-27")),
        ("في 27/4/2017", ("27/4/2017", "date", "2017-04-27", "2017-04-27", "2017-04-27")),
        ("أيلول المقبل", ("أيلول المقبل", "month", "2016-09", "2016-09-01", "2016-09-30")),
        ("في شهر آب الماضي", ("شهر آب الماضي", "month", "2015-08", "2015-08-01", "2015-08-31")),
        (
            "يونيو/حزيران الجاري",
            ("يونيو/حزيران الجاري", "month", "2016-06", "2016-06-01", "2016-06-30"),
        ),
        (
            "منتصف عام 2015",
            ("منتصف عام 2015", "part_of_period", "2015", "2015-05-01", "2015-08-31"),
        ),
        (
            "أوائل الشهر الماضي",
            ("أوائل الشهر الماضي", "part_of_period", "2016-05", "2016-05-01", "2016-05-10"),
        ),
        ("في صيف 2015", ("صيف 2015", "season", "2015-SU", "2015-06-01", "2015-08-31")),
        ("الشتاء الماضي", ("الشتاء الماضي", "season", "2015-WI", "2015-12-01", "2016-02-29")),
        ("الربيع المقبل", ("الربيع المقبل", "season", "2017-SP", "2017-03-01", "2017-05-31")),
        ("الأسبوع الماضي", ("الأسبوع الماضي", "relative", "2016-W22", "2016-05-30", "2016-06-05")),
        ("هذا العام", ("هذا العام", "relative", "2016", "2016-01-01", "2016-12-31")),
        ("للعام المقبل", ("للعام المقبل", "relative", "2017", "2017-01-01", "2017-12-31")),
        ("أمس", ("أمس", "date", "2016-06-06", "2016-06-06", "2016-06-06")),
        ("غداً", ("غداً", "date", "2016-06-08", "2016-06-08", "2016-06-08")),
        ("الجمعة الماضية", ("الجمعة الماضية", "weekday", "2016-06-03", "2016-06-03", "2016-06-03")),
        ("يوم الخميس", ("يوم الخميس", "weekday", "2016-06-02", "2016-06-02", "2016-06-02")),
        ("قبل يومين", ("قبل يومين", "relative", "2016-06-05", "2016-06-05", "2016-06-05")),
        ("قبل عشرة أيام", ("قبل عشرة أيام", "relative", "2016-05-28", "2016-05-28", "2016-05-28")),
        (
            "منذ ثلاث سنوات",
            ("منذ ثلاث سنوات", "since", "2013-06-07/2016-06-07", "2013-06-07", "2016-06-07"),
        ),
        (
            "منذ ٣ أشهر",
            ("منذ ٣ أشهر", "since", "2016-03-07/2016-06-07", "2016-03-07", "2016-06-07"),
        ),
        (
            "خلال الأسابيع القليلة الماضية",
            (
                "خلال الأسابيع القليلة الماضية",
                "relative",
                "2016-05-17/2016-06-07",
                "2016-05-17",
                "2016-06-07",
            ),
        ),
        ("منذ عام ٢٠١٢", ("منذ عام ٢٠١٢", "since", "2012/2016-06-07", "2012-01-01", "2016-06-07")),
        (
            "بين عامي 2014 و2016",
            ("بين عامي 2014 و2016", "range", "2014/2016", "2014-01-01", "2016-12-31"),
        ),
        (
            "منذ 2014 وحتى 2016",
            ("منذ 2014 وحتى 2016", "range", "2014/2016", "2014-01-01", "2016-12-31"),
        ),
        (
            "رمضان 1437 هـ",
            ("رمضان 1437 هـ", "month", "2016-06-06/2016-07-05", "2016-06-06", "2016-07-05"),
        ),
        ("سجن ثلاث سنوات", ("ثلاث سنوات", "duration", "P3Y", None, None)),
        ("حكم بالسجن سنتين ونصف", ("سنتين ونصف", "duration", "P2.5Y", None, None)),
        ("خلال ثلاثة عقود", ("خلال ثلاثة عقود", "duration", "P3DE", None, None)),  # not P3D
    ],
)
def test_handwritten_expressions(text, expected):
    assert one(text) == expected


def test_recently_is_the_three_months_before_the_article():
    (row,) = time_expressions_for_text("وقتل في العراق مؤخراً في قصف", pd.Timestamp("2015-08-10"))
    assert (row["text"], row["mod"]) == ("مؤخراً", "APPROX")
    assert (str(row["begin"].date()), str(row["until"].date())) == ("2015-05-10", "2015-08-10")
    (row,) = time_expressions_for_text("وارتفعت الأسعار في الآونة الأخيرة", ANCHOR)
    assert row["text"] == "في الآونة الأخيرة" and row["until"] == ANCHOR
    # «أخيراً» is as often «at last»; undated, «مؤخراً» stays unresolved
    assert time_expressions_for_text("ووصل أخيراً إلى بيته", ANCHOR) == []
    (row,) = time_expressions_for_text("قتل مؤخرا", None)
    assert row["begin"] is None and not row["resolved"]


def test_hijri_month_without_year_is_the_latest_one():
    assert one("في رمضان الماضي", pd.Timestamp("2016-07-15"))[3:] == ("2016-06-06", "2016-07-05")


@pytest.mark.parametrize(
    "text",
    [
        "قتل 1500 مقاتل و2000 شخص",  # counts, not years
        "دفعوا نحو 2000 دولار",
        "البالغ من العمر 26 عاماً",  # an age
        "وكان أب الضحية حاضراً",  # «أب» is a father here, not August
        "في اليوم التالي عادوا",  # a day relative to an event, not to the article
        "أنتظر اليوم الذي أراهما فيه",  # the day a relative clause tells of
        "احتفلت المملكة باليوم الوطني",  # a named day
        "في اليوم العالمي للمرأة",
        "الربيع العربي",
        "مارس الضغط على الحكومة",  # «مارس» is a verb here
    ],
)
def test_not_time_expressions(text):
    assert time_expressions_for_text(text, ANCHOR) == []


def test_unresolvable_relative_expressions_are_kept_and_flagged():
    rows = time_expressions_for_text("عادوا في أيلول الماضي بعد 5 شباط 2018", None)
    rel, explicit = rows
    assert rel["value"] == "XXXX-09" and rel["begin"] is None and not rel["resolved"]
    assert rel["note"] == "no_anchor" and explicit["note"] == ""
    assert explicit["resolved"] and str(explicit["begin"].date()) == "2018-02-05"
    arts = pd.DataFrame({"article_id": ["a"], "text": ["أيلول الماضي"], "published": [pd.NaT]})
    t = ct.extract_time_expressions(arts)
    assert (
        not t["resolved"].iloc[0] and pd.isna(t["begin"].iloc[0]) and pd.isna(t["anchor"].iloc[0])
    )


# --- the timeline -----------------------------------------------------------------------------


def test_find_events_by_type_and_clitics():
    text = "انشق المقاتل وفرّ إلى تركيا حيث اعتقلته السلطات، ثم عاد إلى بلاده ولقي مصرعه لاحقاً"
    assert [h.event for h in find_events(text)] == [
        "defected",
        "fled",
        "arrested",
        "returned",
        "killed",
    ]
    assert find_events("عبر قنوات الاتصالات المشفرة") == []  # «عبر» as «via», not crossing
    assert [h.event for h in find_events("دفعوا للمهربين 2000 دولار")] == ["paid_smugglers"]
    assert find_events("دفعوا ثمن أخطائهم") == []  # paying, but not smugglers


def test_events_are_dated_by_their_own_sentence():
    text = "وقال مسؤول إن المقاتلين وصلوا إلى تركيا في مطلع أيلول الماضي. ثم عادوا إلى بلدانهم."
    rows = timeline_for_text(text, pd.Timestamp("2017-09-13"))
    arrived, returned = rows
    assert arrived["event"] == "arrived" and arrived["dated_by"] == "clause"
    assert str(arrived["begin"].date()) == "2017-09-01" and arrived["source"] == "official"
    # the next sentence gives no date: the narrative still stands at early September
    assert returned["dated_by"] == "narrative" and returned["begin"] == arrived["begin"]


def test_since_between_event_and_date_runs_to_publication():
    text = "قُتل 35 ألف مقاتل منذ انطلاق العمليات العسكرية في خريف عام 2014."
    (row,) = timeline_for_text(text, pd.Timestamp("2017-04-27"))
    assert str(row["begin"].date()) == "2014-09-01" and row["until"] == pd.Timestamp("2017-04-27")


def test_seed_timeline(seeds):
    tl = ct.build_timeline(seeds)
    assert list(tl.columns) == ct.contract("timeline").names
    tl = tl.assign(a=tl["article_id"].str[:3])
    pub = tl[(tl["a"] == "001") & (tl["trigger"] == "نشره")].iloc[0]
    assert pub["time_text"] == "أيلول الماضي" and str(pub["begin"].date()) == "2015-09-01"
    arrived = tl[(tl["a"] == "002") & (tl["event"] == "arrived")].iloc[0]
    assert (
        arrived["time_text"] == "مطلع أيلول/سبتمبر الماضي" and "Saudi" in arrived["nationalities"]
    )
    fled = tl[(tl["a"] == "004") & (tl["event"] == "fled") & (tl["time_text"] == "الخريف الماضي")]
    assert not fled.empty
    # the NYT's «today, Monday» dates its report, not the fighters' flight
    nyt = tl[(tl["a"] == "004") & (tl["sent_id"] == 2)].set_index("trigger")
    assert nyt.loc["نشرته", "time_text"] == "اليوم «الإثنين»"
    nyt = nyt.set_index("event")
    assert nyt.loc["fled", "dated_by"] == "publication"
    assert set(tl["dated_by"]) <= {
        "clause",
        "sentence",
        "since",
        "linked",
        "narrative",
        "lead",
        "publication",
    }
    assert set(tl["modality"]) <= {
        "asserted",
        "negated",
        "intended",
        "expected",
        "hypothetical",
        "reported_plan",
        "ongoing",
    }
    assert (tl["outlet"] != "").all()


def test_timeline_from_precomputed_tables_is_the_same(seeds):
    ents = ct.tag_entities(seeds)
    attrs = ct.extract_attributions(seeds, ents)
    times = ct.extract_time_expressions(seeds)
    given = ct.build_timeline(seeds, entities=ents, attributions=attrs, times=times)
    pd.testing.assert_frame_equal(given, ct.build_timeline(seeds))


def test_trigger_readings_take_pronouns_but_not_comparisons_or_purposes():
    assert [h.event for h in find_events("بعد وصولها إلى المطار")] == ["arrived"]  # و is the word's
    assert [h.event for h in find_events("للعودة إلى بلادهم")] == ["returned"]  # لل: ل + ال
    assert find_events("تحدث كعادته عن الحرب") == []  # «as usual», not «عادت»
    # a sentence, not an arrest
    assert [h.event for h in find_events("حكم عليه بالسجن خمس سنوات")] == ["sentenced"]


def test_document_events_reads_the_layers_it_is_given():
    from corpus_tools.extract.timeline import document_events
    from corpus_tools.text.document import Document

    text = "وقال مسؤول إن المقاتلين وصلوا إلى تركيا في مطلع أيلول الماضي."
    published = pd.Timestamp("2017-09-13")
    doc = Document(text, published=published, publisher="P")
    with pytest.raises(KeyError, match="entities"):
        document_events(doc)  # a missing layer is not computed behind the caller's back
    times = time_expressions_for_text(text, published)
    doc.layers.update(entities=[], attributions=[], times=times)
    want = timeline_for_text(
        text, published, publisher="P", entity_rows=[], attribution_rows=[], time_rows=times
    )
    assert document_events(doc) == want
    assert [(r["event"], r["time_text"], r["outlet"]) for r in want] == [
        ("arrived", "مطلع أيلول الماضي", "P")
    ]


# --- the document reader and where patterns are tried -----------------------------------


def test_document_times_reads_the_document_like_the_text_function():
    from corpus_tools.extract.timex import document_times
    from corpus_tools.text.document import Document

    text = "وصل أمس، بعد أن غادر منذ أواخر عام 2015 وعاد بين 2016 و2017."
    doc = Document(text, published=ANCHOR)
    assert document_times(doc) == time_expressions_for_text(text, ANCHOR)
    assert [r["text"] for r in document_times(doc)] == [
        "أمس",
        "منذ أواخر عام 2015",
        "بين 2016 و2017",
    ]


def _soup(seed: int, n: int) -> list[str]:
    """Texts of calendar and number words, digits and punctuation in random order."""
    import random

    from corpus_tools.resources import load_toml

    def strings(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict | list):
            for v in x.values() if isinstance(x, dict) else x:
                yield from strings(v)

    words = sorted(
        {w for f in ("calendar.toml", "numbers.toml") for w in strings(load_toml(f)) if w.strip()}
    )
    words += ["1,2345", "3.2016", "12/5/2016", "2016-02-05", "٢٠١٦", "123", "اليومالاثنين"]
    words += ["في", "و", "و2016", "منذ", "للعام", "ليوم", "لمدة", "ـ", "ً", "«", "»", "%", "مقاتل"]
    seps = [" ", " ", "", "  ", "، ", "\n", "/", "(", ")", "-"]
    rng = random.Random(seed)
    return [
        "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 20)))
        for _ in range(n)
    ]


def test_patterns_are_tried_at_every_place_a_match_can_start():
    """Trying each pattern only at its heads finds what a scan of every position finds."""
    from corpus_tools.extract.timex import _matches, _patterns, _starts
    from corpus_tools.text.document import Document

    patterns = _patterns()
    for text in _soup(11, 400):
        doc = Document(text)
        for pat, starts in zip(patterns, _starts(doc, patterns), strict=True):
            want = [m.span() for m in pat.regex.finditer(doc.norm)]
            got = [m.span() for m in _matches(pat.regex, doc.norm, starts)]
            assert got == want, (pat.name, text)


def test_every_pattern_head_is_one_letter_token():
    from corpus_tools.extract.timex import _patterns
    from corpus_tools.text.tokens import TOKEN_RE

    for pat in _patterns():
        bad = [h for h in pat.heads if not (TOKEN_RE.fullmatch(h) and h[0].isalpha())]
        assert not bad, (pat.name, bad)


def test_the_longest_expression_wins_an_overlap():
    from corpus_tools.extract.timex import _choose, _Timex

    def t(s: int, e: int) -> _Timex:
        return _Timex(s, e, "year", "", "", None, None, "year", False)

    kept = _choose([t(0, 4), t(2, 10), t(10, 12), t(9, 11), t(12, 13), t(20, 22)])
    assert [(x.start, x.end) for x in kept] == [(2, 10), (10, 12), (12, 13), (20, 22)]


# --- days as news writes them (issue 15) -------------------------------------------------

ANCHOR = pd.Timestamp("2019-03-20")


def _one(text: str) -> tuple[str, str, str, str]:
    (r,) = time_expressions_for_text(text, ANCHOR)
    day = lambda ts: "NaT" if ts is None or pd.isna(ts) else str(ts.date())  # noqa: E731
    return r["text"], day(r["begin"]), day(r["until"]), r["mod"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day as an ordinal word, «من» and the month (with or without «شهر», a year, a relation)
        ("عقدت الجلسة في الثالث من فبراير", ("الثالث من فبراير", "2019-02-03", "2019-02-03", "")),
        (
            "ولد في الحادي والعشرين من شهر أيلول 1990",
            ("الحادي والعشرين من شهر أيلول 1990", "1990-09-21", "1990-09-21", ""),
        ),
        (
            "وصل الوفد في السابع عشر من يناير الماضي",
            ("السابع عشر من يناير الماضي", "2019-01-17", "2019-01-17", ""),
        ),
        (
            "تجري الانتخابات في الأول والثاني من يونيو المقبل",
            ("الأول والثاني من يونيو المقبل", "2019-06-01", "2019-06-02", ""),
        ),
        # a digit day after a conjunction is the whole number («و18», not «8»)
        (
            "بين السادس من آب و18 آب",
            ("بين السادس من آب و18 آب", "2018-08-06", "2018-08-18", ""),
        ),
        # a digit day with a relation keeps its day
        (
            "اعتقل في 12 تشرين الأول الماضي",
            ("12 تشرين الأول الماضي", "2018-10-12", "2018-10-12", ""),
        ),
        ("غادر في 9 من شهر مارس الحالي", ("9 من شهر مارس الحالي", "2019-03-09", "2019-03-09", "")),
        # «نهاية» is the very end; «أواخر» the last third
        ("تنتهي المهلة نهاية 2020", ("نهاية 2020", "2020-12-01", "2020-12-31", "END")),
        ("بدأ ذلك أواخر 2016", ("أواخر 2016", "2016-09-01", "2016-12-31", "END")),
        ("حتى ختام شهر أبريل 2017", ("حتى ختام شهر أبريل 2017", "NaT", "2017-04-30", "END")),
    ],
)
def test_days_and_ends_as_news_writes_them(text, expected):
    got = _one(text)
    if expected[1] == "NaT":  # «حتى …»: a span with no start
        assert (got[0], got[2]) == (expected[0], expected[2])
    else:
        assert got == expected


def test_an_ordinal_word_without_a_month_is_no_date():
    assert time_expressions_for_text("فاز في الدور الثاني من البطولة", ANCHOR) == []
    assert time_expressions_for_text("وهو الثالث من نوعه", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one unit with no count; a hedge between the span word and the count; «ونصف»;
        # «قبل …» is the day that far back (approximately), «منذ …» runs from it
        ("غادر البلاد قبل عام", ("قبل عام", "2018-03-20", "2018-03-20", "APPROX")),
        ("تزوج قبل نحو خمس سنوات", ("قبل نحو خمس سنوات", "2014-03-20", "2014-03-20", "APPROX")),
        (
            "يقيم هنا منذ أكثر من عام ونصف",
            ("منذ أكثر من عام ونصف", "2017-09-18", "2019-03-20", "APPROX"),
        ),
        # the accusative singular after a count of 11 to 99
        ("يعيش في المنفى منذ 12 عاماً", ("منذ 12 عاماً", "2007-03-20", "2019-03-20", "APPROX")),
        ("اعتقل قبل ثلاثين يوما", ("قبل ثلاثين يوما", "2019-02-18", "2019-02-18", "APPROX")),
        ("ستنتهي الأعمال بعد حوالي عام", ("بعد حوالي عام", "NaT", "NaT", "APPROX")),
    ],
)
def test_counts_back_with_hedges_and_one_unit(text, expected):
    assert _one(text) == expected


def test_a_year_after_a_unit_word_is_still_a_year():
    assert _one("تأسس قبل عام 2010 بقليل")[:2] == ("عام 2010", "2010-01-01")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a definite dual with «الماضيين»: two units back to the article's date
        (
            "تراجعت الأسعار خلال الشهرين الماضيين",
            ("خلال الشهرين الماضيين", "2019-01-20", "2019-03-20"),
        ),
        ("وصل خلال اليومين الماضيين", ("خلال اليومين الماضيين", "2019-03-18", "2019-03-20")),
        # a count after the plural
        ("في الأسابيع الـ6 الأخيرة", ("الأسابيع الـ6 الأخيرة", "2019-02-06", "2019-03-20")),
    ],
)
def test_recent_stretches_of_two_or_a_written_count(text, expected):
    assert _one(text)[:3] == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("ستنظر المحكمة في القضية الأحد", "2019-03-24"),  # ahead: the next Sunday
        ("ومن المقرر أن يصل الوفد الخميس", "2019-03-21"),
        ("نظرت المحكمة في القضية الأحد", "2019-03-17"),  # past: the last Sunday
        ("وقال إن سياسة الحكومة تغيرت الأحد", "2019-03-17"),  # «سياسة» is no future verb
        ("أعلنت الوزارة الأحد أنها ستنشر النتائج", "2019-03-17"),  # the future is after it
    ],
)
def test_a_weekday_in_a_clause_about_what_is_ahead_is_the_next_one(text, day):
    assert _one(text)[1] == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هاجر في الثمانينيات", ("الثمانينيات", "1980-01-01", "1989-12-31", "")),
        ("منذ أواخر التسعينات", ("منذ أواخر التسعينات", "1997-01-01", "2019-03-20", "END")),
        (
            "في خمسينيات القرن الماضي",
            ("خمسينيات القرن الماضي", "1950-01-01", "1959-12-31", ""),
        ),
        (
            "في العشرينيات من القرن الحادي والعشرين",
            ("العشرينيات من القرن الحادي والعشرين", "2020-01-01", "2029-12-31", ""),
        ),
    ],
)
def test_decades(text, expected):
    assert _one(text) == expected


def test_a_bare_year_after_fi_before_a_conjunction_or_a_preposition():
    assert _one("افتتح في 2011 وسط احتفال")[:2] == ("2011", "2011-01-01")
    assert _one("ارتفع في 2014 إلى مستوى قياسي")[:2] == ("2014", "2014-01-01")
    # an indefinite noun after the number: a count, not a year
    assert time_expressions_for_text("قتل في 2000 هجوم", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month «من العام الماضي / الحالي / المقبل»
        ("وصل في يونيو من العام الماضي", ("يونيو من العام الماضي", "2018-06-01", "2018-06-30")),
        ("يبدأ في مايو من العام المقبل", ("مايو من العام المقبل", "2020-05-01", "2020-05-31")),
        # a part of the current unit, with no relation word
        ("ارتفعت الأسعار منذ بداية العام", ("منذ بداية العام", "2019-01-01", "2019-03-20")),
        ("يصل الوفد منتصف الشهر", ("منتصف الشهر", "2019-03-11", "2019-03-20")),
    ],
)
def test_months_of_a_relative_year_and_parts_of_the_current_unit(text, expected):
    assert _one(text)[:3] == expected


def test_a_year_word_with_a_preposition_and_a_recent_count_in_words():
    assert _one("صدر قانون العمل لسنة 1980 المعدل")[:2] == ("لسنة 1980", "1980-01-01")
    assert _one("سجن لسنة واحدة")[0] == "لسنة"  # a duration: no year follows
    assert _one("تضاعفت الأسعار في السنوات الخمس الأخيرة")[:3] == (
        "السنوات الخمس الأخيرة",
        "2014-03-20",
        "2019-03-20",
    )


def test_the_unit_before_last():
    assert _one("وصل الوفد الأسبوع قبل الماضي")[:3] == (
        "الأسبوع قبل الماضي",
        "2019-03-04",
        "2019-03-10",
    )
    assert _one("ارتفعت الأسعار في العام قبل الماضي")[:2] == ("العام قبل الماضي", "2017-01-01")


def test_narrative_units_follow_the_last_date_the_text_gave():
    rows = time_expressions_for_text(
        "غادر إلى العراق في مايو 2014، وفي الشهر نفسه قتل شقيقه، ثم عاد في العام التالي.",
        ANCHOR,
    )
    got = [(r["text"], str(r["begin"].date()), r["note"]) for r in rows]
    assert got == [
        ("مايو 2014", "2014-05-01", ""),
        ("الشهر نفسه", "2014-05-01", "narrative"),
        ("العام التالي", "2015-01-01", "narrative"),
    ]
    # with nothing dated before, it stays unread rather than guessed
    assert time_expressions_for_text("وفي العام التالي عاد إلى بلاده.", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stretch ahead of the article's date
        (
            "يصدر الحكم في غضون الأسبوعين المقبلين",
            ("الأسبوعين المقبلين", "2019-03-20", "2019-04-03"),
        ),
        # the weekend: the last two days of the (ISO) week
        ("يصل الوفد نهاية الأسبوع", ("نهاية الأسبوع", "2019-03-23", "2019-03-24")),
        # a season after «في» with no adjective after it (not «الربيع العربي»)
        ("عرض المشروع في الشتاء", ("الشتاء", "2018-12-01", "2019-02-28")),
    ],
)
def test_stretches_ahead_weekends_and_seasons_after_fi(text, expected):
    assert _one(text)[:3] == expected


def test_a_season_with_an_adjective_is_no_date():
    assert time_expressions_for_text("منذ اندلاع الربيع العربي", ANCHOR) == []


def test_a_season_after_a_word_ending_in_fi_is_no_date():
    assert time_expressions_for_text("ويكفي الشتاء القارس لإغلاق الطرق", ANCHOR) == []


def test_a_future_cue_twelve_words_before_a_weekday_makes_it_the_next_one():
    text = "ويستعد البلد لنهاية أسبوع محاطة بتدابير أمنية مشددة مع الاحتفال بالعيد الوطني السبت"
    rows = time_expressions_for_text(text, pd.Timestamp("2018-07-13"))  # a Friday
    assert [(r["text"], str(r["begin"].date())) for r in rows if r["text"] == "السبت"] == [
        ("السبت", "2018-07-14")
    ]


def test_a_count_after_bad_follows_the_last_date_the_text_gave():
    rows = time_expressions_for_text("اعتقل عام 2009 في المغرب. وبعد ستة أعوام أطلق سراحه.", ANCHOR)
    assert [(r["text"], str(r["begin"].date()), r["note"]) for r in rows] == [
        ("عام 2009", "2009-01-01", ""),
        ("ستة أعوام", "2015-01-01", "narrative"),
    ]
    # with no date before it, «بعد» + a count stays a duration
    (r,) = time_expressions_for_text("سيعود بعد ستة أعوام", ANCHOR)
    assert (r["kind"], r["value"]) == ("duration", "P6Y")


# --- session 8: a misspelt month, halves -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ستستأنف المحاكمة في 17 أيريل الحالي",
            ("17 أيريل الحالي", "2019-04-17", "2019-04-17", ""),
        ),
        ("وصل الوفد في 3 نوفمير 2017", ("3 نوفمير 2017", "2017-11-03", "2017-11-03", "")),
        ("اعتقل في 21 من سبتمير الماضي", ("21 من سبتمير الماضي", "2018-09-21", "2018-09-21", "")),
    ],
)
def test_a_month_with_one_letter_wrong_after_a_day_is_that_month(text, expected):
    assert _one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قتل 17 مسلحا في الهجوم",  # no month near the number
        "وصل 5 لاعبين إلى المطار",  # a word one letter from no month
        "في 12 مارد من الجن",  # a short month name («مارس») is not mended
    ],
)
def test_a_number_before_a_word_like_a_month_is_no_date(text):
    assert time_expressions_for_text(text, ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ارتفع العجز في النصف الأول من العام",
            ("النصف الأول من العام", "2019-01-01", "2019-06-30", "START"),
        ),
        (
            "وتراجع في النصف الثاني من عام 2014",
            ("النصف الثاني من عام 2014", "2014-07-01", "2014-12-31", "END"),
        ),
        (
            "وسيصل الوفد في النصف الأول من يونيو",
            ("النصف الأول من يونيو", "2019-06-01", "2019-06-15", "START"),
        ),
        (
            "وانتهى في النصف الثاني من الشهر الماضي",
            ("النصف الثاني من الشهر الماضي", "2019-02-16", "2019-02-28", "END"),
        ),
    ],
)
def test_halves_of_a_year_or_a_month(text, expected):
    assert _one(text) == expected


@pytest.mark.parametrize(
    ("text", "begin"),
    [
        ("وسيصل الوفد إلى بغداد في يونيو", "2019-06-01"),  # ahead: the next June
        ("ستجرى الانتخابات في فبراير", "2020-02-01"),
        ("وسافر الشاب إلى الأردن في يونيو", "2018-06-01"),  # «سافر» is no future verb
        ("وساهم الفريق في الحملة في يونيو", "2018-06-01"),  # nor «ساهم»
    ],
)
def test_a_month_alone_is_the_next_one_only_in_a_clause_about_what_is_ahead(text, begin):
    assert _one(text)[1] == begin


@pytest.mark.parametrize(
    "text",
    [
        "سيطرت القوات على المدينة في فبراير.",  # «سيطرت» is no future verb
        "قال إنه سيزور باريس بعد أن وقع الاتفاق في فبراير.",  # the future is another clause's
    ],
)
def test_a_month_alone_stays_past_without_a_future_cue_in_its_clause(text):
    assert _one(text)[1] == "2019-02-01"


def test_a_known_word_one_letter_from_a_month_is_no_month():
    assert time_expressions_for_text("حصل اللاعب على 17 دولية في مسيرته", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وشجع منفذي هجمات 11 سبتمبر/أيلول.", ("11 سبتمبر/أيلول", "2001-09-11")),
        ("وغيرت أحداث سبتمبر العالم.", ("سبتمبر", "2001-09")),
        ("ومنذ الهجمات 11/9 تغير كل شيء.", ("11/9", "2001-09-11")),
        # no head, or a year of its own: the usual reading
        ("وفي 11 سبتمبر الماضي عاد إلى بلاده.", ("11 سبتمبر الماضي", "2017-09-11")),
        ("ووقعت هجمات 11 سبتمبر 2014 في المدينة.", ("11 سبتمبر 2014", "2014-09-11")),
        ("وقعت هجمات 12 سبتمبر في المدينة.", ("12 سبتمبر", "2017-09-12")),
    ],
)
def test_an_event_named_by_its_date_is_dated_in_its_year(text, expected):
    rows = time_expressions_for_text(text, pd.Timestamp("2018-04-19"))
    assert [(r["text"], r["value"]) for r in rows] == [expected]
    assert (rows[0]["note"] == "named_event") == expected[1].startswith("2001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقضت المحكمة في وقت سابق من الشهر بسجنه.", ("وقت سابق من الشهر", "2015-07")),
        ("وأعلن ذلك في وقت سابق من هذا الأسبوع.", ("وقت سابق من هذا الأسبوع", "2015-W30")),
        ("وسيعلن النتائج في وقت لاحق من العام.", ("وقت لاحق من العام", "2015")),
        # with a relative word of its own the unit is that one
        ("وكان ذلك في وقت سابق من العام الماضي.", ("العام الماضي", "2014")),
    ],
)
def test_earlier_or_later_in_a_unit_is_the_current_unit(text, expected):
    rows = time_expressions_for_text(text, pd.Timestamp("2015-07-23"))
    assert [(r["text"], r["value"]) for r in rows] == [expected]


def test_a_bare_year_after_a_year_of_its_clause_is_a_year():
    text = "وسجلت التجارة نمواً بنسبة 8% في 2017، مقارنة بسابقه 2016، لتصل إلى 27 مليار درهم."
    rows = time_expressions_for_text(text, pd.Timestamp("2018-03-26"))
    assert [r["value"] for r in rows] == ["2017", "2016"]
    # not a count of a noun after it
    text = "في عام 2017 قتل 2000 شخص."
    assert [r["value"] for r in time_expressions_for_text(text)] == ["2017"]


def test_a_weekday_after_another_one_ahead_in_its_clause_is_ahead():
    friday = pd.Timestamp("2018-07-13")
    text = "ويستعد البلد لاحتفالات كبيرة مع العيد الوطني السبت ومباراة نهائي كأس العالم الأحد."
    got = [r["value"] for r in time_expressions_for_text(text, friday)]
    assert got == ["2018-07-14", "2018-07-15"]
    # after a comma, a past verb's weekday is the last one
    text = (
        "ومن المقرر أن يتوجه المبعوث الخاص للأمم المتحدة إلى نيويورك الاثنين كي يرفع "
        "تقريرا عن مهمته إلى مجلس الأمن الدولي، بحسب ما أعلن الأربعاء المتحدث."
    )
    got = [r["value"] for r in time_expressions_for_text(text, friday)]
    assert got == ["2018-07-16", "2018-07-11"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("وأفرج عن الرهائن خلال الليل.", "2018-10-19"),
        ("وقصفت الطائرات المدينة الليلة الماضية.", "2018-10-19"),
        ("وقتل شخصان ليلة أمس.", "2018-10-19"),
        ("ووقعت حادثة دبلوماسية الليلة قبل الماضية.", "2018-10-18"),
    ],
)
def test_last_night_is_the_day_before_the_article(text, value):
    rows = time_expressions_for_text(text, pd.Timestamp("2018-10-20"))
    assert [r["value"] for r in rows] == [value]
