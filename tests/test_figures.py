"""Reported figures: the seeds' hand-checked list, hand-written sentences, comparison."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import ROOT

import corpus_tools as ct
from corpus_tools.aggregate.compare import compare_figures
from corpus_tools.extract.figures import figures_for_text

GOLD = ROOT / "tests" / "data" / "seed_figures.csv"
COLS = [
    "article",
    "text",
    "value",
    "low",
    "high",
    "hedge",
    "unit",
    "counted",
    "counted_class",
    "nationality",
    "event",
]


def norm(value):
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.4g}"
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def one(text: str) -> dict:
    rows = figures_for_text(text)
    assert len(rows) == 1, [r["text"] for r in rows]
    return rows[0]


# --- the seeds ---------------------------------------------------------------------------


def _key(row) -> tuple:
    return tuple(
        norm(float(v) if v not in ("", "nan") else math.nan)
        if c in ("value", "low", "high")
        else norm(v)
        for c, v in zip(COLS, row, strict=True)
    )


def test_seed_figures_match_the_hand_checked_list(seeds):
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    got = ct.extract_figures(seeds)
    got = got.assign(article=got["article_id"].str[:3])
    want = {_key(r) for r in gold[COLS].itertuples(index=False)}
    have = {
        _key(tuple(str(v) if not isinstance(v, float) else repr(v) for v in r))
        for r in got[COLS].itertuples(index=False)
    }
    assert sorted(want - have) == [], "missed or read differently"
    assert sorted(have - want) == [], "spurious"


def test_no_year_date_or_time_is_a_figure(seeds):
    got = ct.extract_figures(seeds)
    assert not got["text"].str.contains(r"\b(?:2012|2014|2015|2016|2017|2018)\b").any()
    assert not got["text"].str.contains("أشهر|أيلول|الخريف").any()  # «قبل ستة أشهر» is a time
    assert (got.loc[got["text"].str.contains("26"), "counted_class"] == "age").all()


def test_the_issue_examples(seeds):
    got = ct.extract_figures(seeds).set_index("text")
    assert got.loc["قرابة 150 مواطناً", "hedge"] == "approx"
    assert got.loc["نحو 1700 مسلح", "nationality"] == "French"
    assert got.loc["نحو 1700 مسلح", "event"] == "returned"
    assert got.loc["5 آلاف مقاتل", "value"] == 5000
    assert got.loc["ما يقارب من 35 ألف مقاتل", "value"] == 35000
    r = got.loc["بين 20 و30 ألف دولار"]
    assert (r["low"], r["high"], r["counted_class"]) == (20000, 30000, "bribe")
    r = got.loc["ببضعة آلاف"]
    assert (r["low"], r["high"], r["hedge"]) == (3000, 9000, "vague")
    assert got.loc["الآلاف من «داعش»", "in_headline"]


def test_duplicated_copies_do_not_double_figures():
    body = (
        "قال مسؤولون إن نحو 1700 مسلح فرنسي عادوا إلى بلدهم منذ عام 2012 "
        "وإن 200 عنصر قتلوا في المعارك."
    )
    once = pd.DataFrame({"article_id": ["a"], "raw_text": [body], "path": [""]})
    twice = pd.DataFrame({"article_id": ["a"], "raw_text": [body + "\n\n" + body], "path": [""]})
    n_once = len(ct.extract_figures(ct.clean_corpus(once)))
    assert n_once == 2
    assert len(ct.extract_figures(ct.clean_corpus(twice))) == n_once


def test_table_contract(seeds):
    got = ct.extract_figures(seeds)
    assert list(got.columns) == ct.contract("figures").names
    assert got["value"].dtype == "float64" and str(got["published"].dtype) == "datetime64[s]"
    texts = dict(zip(seeds["article_id"], seeds["text"], strict=True))
    for r in got.itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
        lo = r.low if not math.isnan(r.low) else r.value
        hi = r.high if not math.isnan(r.high) else r.value
        assert lo <= r.value <= hi


# --- hand-written sentences ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (value, low, high, hedge, unit, counted_class)
        ("عاد ٣٠٠ مقاتل تونسي إلى بلادهم", (300, 300, 300, "exact", "person", "fighters")),
        ("وصل ١٬٧٠٠ مقاتل", (1700, 1700, 1700, "exact", "person", "fighters")),
        ("قتل ثلاثة آلاف وخمسمئة شخص", (3500, 3500, 3500, "exact", "person", "persons")),
        ("انضم خمسة وعشرون مقاتلاً", (25, 25, 25, "exact", "person", "fighters")),
        (
            "عبر أكثر من ألفي مقاتل الحدود",
            (2000, 2000, math.nan, "more_than", "person", "fighters"),
        ),
        ("فر نحو مليون ونصف لاجئ", (1.5e6, 1.35e6, 1.65e6, "approx", "person", "refugees")),
        ("وصل بين 200 و300 مقاتل", (250, 200, 300, "range", "person", "fighters")),
        ("من 20 إلى 30 ألف دولار", (25000, 20000, 30000, "range", "usd", "money")),
        ("ما بين 200 و300 مقاتل", (250, 200, 300, "range", "person", "fighters")),
        ("دفع 500 دولار ثمن الرحلة الجوية", (500, 500, 500, "exact", "usd", "money")),
        ("قتل ما لا يقل عن 50 قتيلاً", (50, 50, math.nan, "at_least", "person", "killed")),
        ("نزح عشرات الآلاف من اللاجئين", (40000, 20000, 99999, "vague", "person", "refugees")),
        ("دفعوا بضعة آلاف دولار للمهربين", (5000, 3000, 9000, "vague", "usd", "smuggling_fee")),
        ("عاد بضع عشرات من المقاتلين", (50, 30, 90, "vague", "person", "fighters")),
        ("تبرع بمبلغ 2.5 مليون دولار", (2.5e6, 2.5e6, 2.5e6, "exact", "usd", "money")),
        ("حكم عليه بالسجن خمس سنوات", (5, 5, 5, "exact", "year", "prison_sentence")),
        ("رجل يبلغ من العمر 35 عاماً", (35, 35, 35, "exact", "year", "age")),
        ("وقال إن 20 في المائة منهم عادوا", (20, 20, 20, "exact", "percent", "percent")),
        ("ما يصل إلى 400 شخص", (400, math.nan, 400, "up_to", "person", "persons")),
        ("قتل 12 شخصاً تقريباً", (12, 10.8, 13.2, "approx", "person", "persons")),
    ],
)
def test_handwritten_figures(text, expected):
    r = one(text)
    got = (r["value"], r["low"], r["high"], r["hedge"], r["unit"], r["counted_class"])
    assert [norm(float(x)) if isinstance(x, (int, float)) else x for x in got] == [
        norm(float(x)) if isinstance(x, (int, float)) else x for x in expected
    ]


def test_duals_nationalities_and_events():
    r = one("قتل مقاتلان فرنسيان في الرقة")
    assert (r["value"], r["nationality"], r["event"]) == (2, "French", "killed")
    r = one("ووصل أربعة من المتطرفين السعوديين إلى تركيا")
    assert (r["value"], r["nationality"], r["event"]) == (4, "Saudi", "arrived")
    rows = figures_for_text("اعتقل شخصان يحملان الجنسية البريطانية وشخص يحمل الجنسية الأمريكية")
    assert [(x["value"], x["nationality"]) for x in rows] == [(2, "British"), (1, "American")]


def test_alternatives_are_two_figures():
    rows = figures_for_text("يمكن أن تصدر أحكام بالسجن 7 سنوات ونصف السنة أو 15 سنة")
    assert [(r["value"], r["counted_class"]) for r in rows] == [
        (7.5, "prison_sentence"),
        (15, "prison_sentence"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "في عام 2015 انتهت الحرب",
        "وصلوا الساعة 10:30 صباحاً",
        "قبل ستة أشهر",
        "للمرة الثالثة",
        "في 31 من الشهر الجاري",
        "قال أحد المقاتلين",
        "إحدى المراهقات اللواتي التحقن",
        "ولد في 1877 في القاهرة",
    ],
)
def test_not_figures(text):
    assert figures_for_text(text) == []


def test_figure_time_and_source():
    text = "وقالت السلطات الفرنسية إن نحو 1700 مسلح عادوا منذ عام 2012."
    (r,) = figures_for_text(text, pd.Timestamp("2016-06-09"), relays="The Daily Telegraph")
    assert str(r["time_begin"].date()) == "2012-01-01" and r["time_text"] == "منذ عام 2012"
    assert r["source"] == "French authorities" and r["via"] == "The Daily Telegraph"


# --- comparison ----------------------------------------------------------------------------------


def test_compare_figures_groups_and_repetition(seeds):
    cmp = ct.compare_figures(ct.extract_figures(seeds))
    assert {"group_id", "group", "agreement", "repeated_in", "outlet"} <= set(cmp.columns)
    one50 = cmp[cmp["text"].str.contains("150")]
    assert len(one50) == 2 and all(r.repeated_in for r in one50.itertuples())  # WSJ → Telegraph
    coarse = ct.compare_figures(ct.extract_figures(seeds), by=("counted_class",))
    fighters = coarse[coarse["counted_class"] == "fighters"]
    assert fighters["group_articles"].max() >= 2
    groups = ct.figure_groups(coarse)
    assert set(groups["agreement"]) <= {"single", "agree", "diverge"}


def test_compare_agreement():
    df = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "counted_class": ["fighters"] * 3,
            "event": ["returned"] * 3,
            "nationality": ["French"] * 3,
            "value": [1700.0, 1750.0, 5000.0],
            "low": [1530.0, 1750.0, 5000.0],
            "high": [1870.0, 1750.0, 5000.0],
            "hedge": ["approx", "exact", "exact"],
            "unit": ["person"] * 3,
            "time_begin": [pd.NaT] * 3,
            "time_end": [pd.NaT] * 3,
            "via": [None] * 3,
            "source": ["X", "Y", "Z"],
        }
    )
    assert set(ct.compare_figures(df)["agreement"]) == {"diverge"}
    assert set(ct.compare_figures(df.iloc[:2])["agreement"]) == {"agree"}


def test_repeats_are_counted_and_the_list_is_capped():
    n = 15
    df = pd.DataFrame(
        {
            "article_id": [f"a{i:02d}" for i in range(n)] + ["z"],
            "counted_class": ["fighters"] * (n + 1),
            "event": [""] * (n + 1),
            "nationality": [""] * (n + 1),
            "value": [150.0] * n + [151.0],  # within 1 %: the same claim
            "low": [150.0] * n + [151.0],
            "high": [150.0] * n + [151.0],
            "unit": ["person"] * n + ["usd"],  # … but another unit
            "hedge": ["exact"] * (n + 1),
            "time_begin": [pd.NaT] * (n + 1),
            "time_end": [pd.NaT] * (n + 1),
            "via": [None] * (n + 1),
            "source": ["X"] * (n + 1),
        }
    )
    got = compare_figures(df)
    first = got.iloc[0]
    assert first["repeats"] == n - 1
    assert first["repeated_in"].split(", ") == [f"a{i:02d}" for i in range(1, 11)]
    assert got.iloc[-1]["repeats"] == 0 and got.iloc[-1]["repeated_in"] == ""


# --- the document reader, the shared rules ---------------------------------------------------


def test_document_figures_reads_the_layers_it_is_given():
    from corpus_tools.extract.figures import document_figures
    from corpus_tools.extract.timex import time_expressions_for_text
    from corpus_tools.text.document import Document

    text = "وقالت السلطات الفرنسية إن نحو 1700 مسلح عادوا منذ عام 2012."
    published = pd.Timestamp("2016-06-09")
    doc = Document(text, published=published, relays="The Daily Telegraph")
    with pytest.raises(KeyError, match="entities"):
        document_figures(doc)  # a missing layer is not computed behind the caller's back
    times = time_expressions_for_text(text, published)
    doc.layers.update(entities=[], attributions=[], times=times)
    given = dict(entity_rows=[], attribution_rows=[], time_rows=times)
    want = figures_for_text(text, published, "The Daily Telegraph", **given)
    assert document_figures(doc) == want
    assert [(r["text"], r["source"], r["time_text"]) for r in want] == [
        ("نحو 1700 مسلح", "The Daily Telegraph", "منذ عام 2012")
    ]


def test_a_hedge_reads_the_clitics_of_its_last_word():
    r = one("قدر عددهم بنحو 300 مقاتل")
    assert (r["text"], r["hedge"], r["hedge_cue"]) == ("بنحو 300 مقاتل", "approx", "بنحو")


def test_a_preposition_with_the_article_is_no_counted_noun():
    assert figures_for_text("في كأس العالم 2014 للرجال") == []  # a year, «for men»


def test_now_dates_a_figure_but_not_an_event():
    from corpus_tools.extract.timeline import timeline_for_text

    text = "عاد الآن 150 مقاتلاً إلى بلادهم"
    published = pd.Timestamp("2016-06-07")
    (event,) = timeline_for_text(text, published)
    (figure,) = figures_for_text(text, published)
    assert (event["event"], event["time_text"]) == ("returned", "")  # not by «الآن»
    assert event["dated_by"] == "lead"  # the article's one sentence: its news
    assert (figure["event"], figure["time_text"]) == ("returned", "الآن")


def test_clause_breaks_of_a_sentence_are_those_of_the_whole_text(seeds):
    from corpus_tools.extract.figures import _Breaks
    from corpus_tools.text.document import Document

    for text in seeds["text"]:
        whole = _Breaks(text)
        for s, e in Document(text).sentences[:40]:
            part = _Breaks(text, s, e)
            for a in range(s, e, 7):
                assert (
                    part.first_end(a) == whole.first_end(a)
                    or min(part.first_end(a), whole.first_end(a)) > e
                )
                for b in range(a, e + 1, 11):
                    assert part.within(a, b) == whole.within(a, b)


def test_comparison_lives_in_aggregate_and_uses_the_one_outlet_rule():
    from corpus_tools.aggregate import compare
    from corpus_tools.extract import figures

    assert not hasattr(figures, "compare_figures")  # extraction and comparison apart
    assert ct.compare_figures is compare.compare_figures
    df = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "counted_class": ["fighters"] * 3,
            "event": [""] * 3,
            "nationality": [""] * 3,
            "value": [10.0, 20.0, 30.0],
            "low": [10.0, 20.0, 30.0],
            "high": [10.0, 20.0, 30.0],
            "unit": ["person"] * 3,
            "time_begin": [pd.NaT] * 3,
            "time_end": [pd.NaT] * 3,
            "via": ["Reuters", None, None],
            "source": ["X", "Y", "Z"],
            "publisher": ["P", "Q", None],
        }
    )
    assert compare_figures(df)["outlet"].tolist() == ["Reuters", "Q", "(unknown)"]
    own = df.assign(source_type=["official", "media", "official"])  # a column it may have
    assert compare_figures(own)["outlet"].tolist() == ["Reuters", "Y", "(unknown)"]


def test_the_first_word_test_never_hides_a_phrase(seeds):
    """A set lookup tells the tokens no phrase starts at: it must never hide one."""
    from corpus_tools.extract.events import _lists
    from corpus_tools.extract.figures import lexicon
    from corpus_tools.text.document import Document
    from corpus_tools.text.tokens import readings

    tokens = {tok for text in seeds["text"] for tok in Document(text).tokens}
    fronts = ["", "و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "بال", "ولل", "فب", "وك"]
    ends = ["", "ه", "ها", "هم", "هما", "ات"]
    words = ["عاد", "عودة", "مقاتل", "المقاتلين", "نحو", "عشرات", "سجن", "هؤلاء", "لاجئين"]
    tokens |= {f + w + e for w in words for f in fronts for e in ends}
    lex = lexicon()
    for index in (
        _lists().triggers,
        _lists().exclusions,
        lex.nouns,
        lex.vague,
        lex.hedges,
        lex.hedges_after,
    ):
        want = {
            t
            for t in tokens
            if any(r.stem in index and index.clitics.accepts(r) for r in readings(t))
        }
        assert want <= index.starts_in(tokens)  # the first test never hides a start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (value, low, high, hedge, counted): number words with any noun, clitics on them
        ("وكلف ثلاثة محامين بالدفاع عنها", (3, 3, 3, "exact", "محامين")),
        ("وهي أم لأربعة أولاد", (4, 4, 4, "exact", "أولاد")),
        ("وسجلت بخمس حالات جديدة", (5, 5, 5, "exact", "حالات")),
        ("وأصيب سبعة عمال في الحريق", (7, 7, 7, "exact", "عمال")),
        # digit-and-word chains with «و» are one figure
        ("وشن التحالف 12 ألفا و405 غارات", (12405, 12405, 12405, "exact", "غارات")),
        ("وقتل ثلاثة آلاف و120 مدنيا", (3120, 3120, 3120, "exact", "مدنيا")),
        # hedges after the counted noun (over an adjective) and the issue's hedge words
        ("وقتل 450 مدنيا على الأقل", (450, 450, math.nan, "at_least", "مدنيا")),
        ("وعاد 870 مواطنا أوروبيا على الأقل", (870, 870, math.nan, "at_least", "مواطنا")),
        ("وبقي السعر دون 40 دولارا", (40, math.nan, 40, "at_most", "دولارا")),
        ("واستقر السعر قرب 60 دولارا", (60, 54, 66, "approx", "دولارا")),
        ("وقد تصل إلى 45 درجة", (45, math.nan, 45, "up_to", "درجة")),
        ("وعدد القتلى ما يفوق 300 شخص", (300, 300, math.nan, "more_than", "شخص")),
        # a misspelt scale word
        ("ونزح نحو 2 مليين شخص", (2e6, 1.8e6, 2.2e6, "approx", "شخص")),
    ],
)
def test_number_grammar(text, expected):
    r = one(text)
    got = [norm(float(r[k])) for k in ("value", "low", "high")]
    assert (got, r["hedge"]) == ([norm(float(x)) for x in expected[:3]], expected[3])
    assert expected[4] in r["text"]


@pytest.mark.parametrize(
    "text",
    [
        "وطالب بتنفيذ القرار 2334 فورا",
        "وطالب بتنفيذ القرار الأممي «2254» فورا",
        "وبموجب المادة 301 من القانون",
        "ووقع الحادث في الساعة 9.45 صباحا",
        "منذ هجمات 11/9 تغير كل شيء",
        "وانتهت المباراة بنتيجة 3/1",
    ],
)
def test_numbers_that_name_or_tell_the_time_are_not_figures(text):
    assert figures_for_text(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مدة لا تتجاوز 5 سنوات", [(5, "at_most")]),  # a negated hedge, feminine
        ("ويصل 300 لاجئ يوميا", [(300, "exact")]),  # the main verb, not a hedge
        ("يبلغ عدد السكان 5 ملايين و300 ألف نسمة", [(5.3e6, "exact")]),  # a smaller scale
        ("تضمن القرار 15 بندا", [(15, "exact")]),  # a counted noun after a naming word
        ("ثلاثة أرباع السكان", []),  # a fraction
        ("الدول الخمس دائمة العضوية", []),  # a definite number word is no count
    ],
)
def test_hedges_chains_and_counts_from_the_review(text, expected):
    assert [(r["value"], r["hedge"]) for r in figures_for_text(text)] == expected


# --- session 8: a document's report goes on over uncued sentences -------------------------------


def _sources(text: str) -> dict[str, str | None]:
    return {r["text"]: r["source"] for r in figures_for_text(text)}


def test_an_uncued_sentence_between_a_statement_and_the_document_again_continues_it():
    text = (
        "وأوضح التحالف في بيان أنه أنهى درس 159 بلاغا. "
        "في المقابل، اعتبرت خمسة بلاغات ذات صدقية. "
        "وأورد البيان أن مدنيين قتلا في ضربة."
    )
    got = _sources(text)
    assert got["خمسة بلاغات"] == got["159 بلاغا"] and got["159 بلاغا"] is not None


def test_narration_between_two_quotations_of_one_person_is_the_writers():
    text = (
        "وقال الوزير إن الخطة جاهزة. وتضم المدينة نحو 300 ألف نسمة. "
        "وأضاف الوزير أن العمل سيبدأ قريبا."
    )
    assert _sources(text)["نحو 300 ألف نسمة"] in (None, "")


@pytest.mark.parametrize(
    ("text", "figure", "hedge"),
    [
        ("أودع أصولا تصل قيمتها إلى 500 ألف ين.", "تصل قيمتها إلى 500 ألف ين", "up_to"),
        ("وتصل درجات الحرارة إلى 48 درجة.", "وتصل درجات الحرارة إلى 48 درجة", "up_to"),
        ("وقد تصل الحصيلة إلى 100 قتيل.", "تصل الحصيلة إلى 100 قتيل", "up_to"),
        ("والمقاتلون يتجاوز عددهم 300 مقاتل.", "يتجاوز عددهم 300 مقاتل", "more_than"),
        # the subject is no measure: the verb is no hedge
        ("ووصل الوفد إلى 20 دولة.", "20 دولة", "exact"),
        # the result of a change is the figure it reached
        ("وتضاعف العدد ليصل الرقم إلى 21 مليون يمني.", "21 مليون يمني", "exact"),
    ],
)
def test_a_hedge_verb_with_its_subject_before_the_number(text, figure, hedge):
    (f,) = figures_for_text(text)
    assert (f["text"], f["hedge"]) == (figure, hedge)


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("ويعتقد أن حوالي 300 امرأة و600 طفل محتجزون.", ["approx", "approx"]),
        ("وتعهدت الشركة برد أكثر من 46 مليار ين ياباني (423 مليون دولار).", ["more_than"] * 2),
        ("قتل ما لا يقل عن 50 شخصا و20 جنديا.", ["at_least", "at_least"]),
        # joined after punctuation, or with no hedge to share: each its own
        ("قتل نحو 50 شخصا، و20 جنديا.", ["approx", "exact"]),
        ("قتل 5 جنود و3 مدنيين.", ["exact", "exact"]),
    ],
)
def test_a_figure_joined_right_after_a_hedged_one_shares_its_hedge(text, hedges):
    got = figures_for_text(text)
    assert [f["hedge"] for f in got] == hedges
    if hedges[1] == "approx":
        assert (got[1]["low"], got[1]["high"]) == pytest.approx((540.0, 660.0))


def test_an_estimate_nobody_is_named_for_is_the_outlets_own_figure():
    text = "وتشير التقديرات إلى أن ما بين 15500 و17100 مسلح موجودون في العراق."
    assert [f["source"] for f in figures_for_text(text)] == [None]
    text = "وتشير تقديرات أمريكية إلى أن 14 ألف مقاتل موجودون في سوريا."
    assert [f["source"] for f in figures_for_text(text)] == ["American estimates"]
    text = "وفقا لتقديرات صندوق النقد الدولي، يبلغ الدعم 70 مليار دولار."
    assert [f["source"] for f in figures_for_text(text)] == ["International Monetary Fund"]


def test_a_number_inside_a_bodys_or_an_outlets_name_counts_nothing():
    text = "وأبلغ رئيس الإف بي آي جايمس كومي اللجنة أن حوالى 200 أميركي سافروا."
    assert [f["text"] for f in figures_for_text(text)] == ["حوالى 200 أميركي"]
    text = "وقالت قناة فرانس 24 إن 30 شخصا قتلوا. واجتمعت مجموعة العشرين في الرياض."
    assert [f["text"] for f in figures_for_text(text)] == ["30 شخصا"]
