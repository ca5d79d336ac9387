"""Dates and figures that cannot overflow or break invariants (issue 12).

Far counts back («منذ 500 عام»), publication dates far from today (2300, 1650), Hijri
years outside the converter's table, spans that would run backwards, huge numbers and
missing outlets: each gives a row that keeps the table's invariants, never an exception.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.extract.timex import time_expressions_for_text

PUB = pd.Timestamp("2017-09-13")


def articles(*texts: str, published=PUB) -> pd.DataFrame:
    """Short hand-written articles, all with the date ``published``."""
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "published": pd.Series([published] * len(texts), dtype="datetime64[s]"),
            "text": list(texts),
        }
    )


def only_row(text: str, published=PUB) -> pd.Series:
    t = ct.extract_time_expressions(articles(text, published=published))
    assert len(t) == 1, t["text"].tolist()
    return t.iloc[0]


def day(ts) -> str | None:
    return None if pd.isna(ts) else f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"


def assert_time_invariants(t: pd.DataFrame) -> None:
    """resolved → both ends; begin ≤ until; every date a year 1 … 9999."""
    for r in t.itertuples():
        if r.resolved:
            assert pd.notna(r.begin) and pd.notna(r.until), r
        if pd.notna(r.begin) and pd.notna(r.until):
            assert r.begin <= r.until, r
        for ts in (r.begin, r.until):
            assert pd.isna(ts) or 1 <= ts.year <= 9999, r


# --- second resolution everywhere ---------------------------------------------------------


def test_every_date_column_has_second_resolution(tmp_path):
    (tmp_path / "x.txt").write_text("فر 20 مقاتلاً منذ عامين.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("article_id,published\nx,2017-09-13\n", "utf-8")
    arts = ct.clean_corpus(ct.load_corpus(tmp_path))
    assert str(arts["published"].dtype) == "datetime64[s]"
    assert str(arts["page_date"].dtype) == "datetime64[s]"
    t = ct.extract_time_expressions(arts)
    for c in ("begin", "until", "anchor"):
        assert str(t[c].dtype) == "datetime64[s]", c
    tl = ct.build_timeline(arts, times=t)
    for c in ("begin", "until", "published"):
        assert str(tl[c].dtype) == "datetime64[s]", c
    f = ct.extract_figures(arts, times=t)
    for c in ("time_begin", "time_end", "published"):
        assert str(f[c].dtype) == "datetime64[s]", c
    # «منذ عامين» runs from the day two years before the article
    assert len(f) == 1 and f["time_begin"].iloc[0] == pd.Timestamp("2015-09-13")


def test_empty_tables_keep_second_resolution():
    empty = articles()
    assert str(ct.extract_time_expressions(empty)["begin"].dtype) == "datetime64[s]"
    assert str(ct.extract_figures(empty)["time_begin"].dtype) == "datetime64[s]"
    assert str(ct.build_timeline(empty)["published"].dtype) == "datetime64[s]"


# --- far counts back ------------------------------------------------------------------------


def test_since_500_years_resolves_and_every_step_runs():
    text = "فر أجداده منذ 500 عام إلى الجبال، وقتل 30 شخصاً منذ 500 عام."
    arts = articles(text)
    t = ct.extract_time_expressions(arts)
    r = t.iloc[0]
    assert r["kind"] == "since" and r["resolved"]
    assert (day(r["begin"]), day(r["until"])) == ("1517-09-13", "2017-09-13")
    tl = ct.build_timeline(arts)
    assert (tl["begin"] == pd.Timestamp("1517-09-13")).any()
    f = ct.extract_figures(arts)
    assert f["time_begin"].iloc[0] == pd.Timestamp("1517-09-13")
    ct.figure_groups(ct.compare_figures(f))


def test_since_300_years_and_arithmetic_on_it():
    t = ct.extract_time_expressions(articles("يعيشون هنا منذ 300 سنة."))
    assert day(t["begin"].iloc[0]) == "1717-09-13"
    assert (t["until"] - t["begin"]).dt.days.iloc[0] == (PUB - pd.Timestamp("1717-09-13")).days


def test_since_500_years_in_a_parallel_run():
    texts = [f"عاد {i + 2} مقاتلين منذ 500 عام إلى بلدهم." for i in range(230)]
    arts = articles(*texts)
    t = ct.extract_time_expressions(arts, n_jobs=2)
    assert len(t) == 230 and (t["begin"] == pd.Timestamp("1517-09-13")).all()
    f = ct.extract_figures(arts, times=t, n_jobs=2)
    assert len(f) == 230 and (f["time_begin"] == pd.Timestamp("1517-09-13")).all()


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("قبل 900 عقد", PUB),  # 9000 years back: before year 1
        ("منذ 999 عقد", PUB),
        ("غداً", pd.Timestamp("9999-12-31")),  # after 9999
        ("العام المقبل", pd.Timestamp("9999-06-01")),
        ("قبل عامين", pd.Timestamp("0001-06-01")),
        ("الخريف الماضي", pd.Timestamp("0001-02-01")),
    ],
)
def test_a_date_outside_years_1_to_9999_is_not_resolved(text, published):
    r = only_row(text, published)
    assert not r["resolved"] and pd.isna(r["begin"]) and pd.isna(r["until"])
    assert r["note"] == "out_of_range"


# --- publication dates far from today -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "begin", "until"),
    [
        ("قبل 3 أيام", "2300-01-05", "2300-01-02", "2300-01-02"),
        ("أيلول الماضي", "2300-01-05", "2299-09-01", "2299-09-30"),
        ("منذ عامين", "2300-01-05", "2298-01-05", "2300-01-05"),
        ("قبل 3 أيام", "1650-01-05", "1650-01-02", "1650-01-02"),
        ("أيلول الماضي", "1650-01-05", "1649-09-01", "1649-09-30"),
        ("الخريف الماضي", "1650-01-05", "1649-09-01", "1649-11-30"),
        ("غداً", "2262-04-11", "2262-04-12", "2262-04-12"),  # past pandas' nanosecond limit
    ],
)
def test_far_publication_dates_anchor_relative_expressions(text, published, begin, until):
    r = only_row(text, pd.Timestamp(published))
    assert r["resolved"] and (day(r["begin"]), day(r["until"])) == (begin, until)
    assert day(r["anchor"]) == published


@pytest.mark.parametrize("published", ["1650-01-05", "2077-12-01"])
def test_hijri_month_relative_to_a_date_outside_the_converter_is_not_resolved(published):
    r = only_row("في شهر رمضان المقبل", pd.Timestamp(published))
    assert not r["resolved"] and pd.isna(r["begin"]) and r["note"] == "out_of_range"


def test_hijri_month_relative_to_a_far_date_in_figures():
    f = ct.extract_figures(articles("عاد 20 مقاتلاً في شهر رمضان الماضي", published="1650-01-05"))
    assert len(f) == 1 and pd.isna(f["time_begin"].iloc[0])


def test_hijri_year_outside_the_converter_is_kept_unresolved():
    r = only_row("وقعت الحادثة في عام 1600 هـ")
    assert r["kind"] == "year" and not r["resolved"] and r["note"] == "out_of_range"
    assert pd.isna(r["begin"]) and pd.isna(r["until"])
    assert ct.extract_figures(articles("وقعت الحادثة في عام 1600 هـ")).empty  # not a count


def test_hijri_year_inside_the_converter_still_resolves():
    r = only_row("في عام 1437 هـ")
    assert r["resolved"] and day(r["begin"]) == "2015-10-14"


def test_far_publication_dates_load_as_dates(tmp_path):
    for name in ("x", "y", "z"):
        (tmp_path / f"{name}.txt").write_text("نص.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "article_id,published\nx,2300-01-05\ny,1650-03-01\nz,2017-09-13\n", encoding="utf-8"
    )
    arts = ct.load_corpus(tmp_path).set_index("article_id")
    assert str(arts["published"].dtype) == "datetime64[s]"
    assert arts.loc["x", "published"] == pd.Timestamp("2300-01-05")
    assert arts.loc["y", "published"] == pd.Timestamp("1650-03-01")


def test_publication_dates_with_mixed_offsets_load(tmp_path):
    for name in ("x", "y", "z"):
        (tmp_path / f"{name}.txt").write_text("نص.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "article_id,published\nx,2017-09-13T10:00:00+03:00\ny,2017-09-14T10:00:00+01:00\n"
        "z,2017-09-15\n",
        encoding="utf-8",
    )
    arts = ct.load_corpus(tmp_path).set_index("article_id")
    assert str(arts["published"].dtype) == "datetime64[s]"
    assert arts.loc["x", "published"] == pd.Timestamp("2017-09-13 07:00")  # in UTC
    assert arts.loc["z", "published"] == pd.Timestamp("2017-09-15")


# --- spans that would run backwards ---------------------------------------------------------


def test_since_a_year_after_the_article_is_a_point_at_that_year():
    r = only_row("يقيمون هناك منذ عام 2020")
    assert r["begin"] <= r["until"]
    assert (day(r["begin"]), day(r["until"])) == ("2020-01-01", "2020-12-31")
    assert r["resolved"] and r["note"] == "after_anchor" and r["value"] == "2020"


def test_range_written_backwards_is_ordered():
    r = only_row("بين 2019 و2016")
    assert (day(r["begin"]), day(r["until"])) == ("2016-01-01", "2019-12-31")
    assert r["value"] == "2016/2019" and r["resolved"]


def test_since_after_the_publication_does_not_run_an_event_backwards():
    tl = ct.build_timeline(articles("قتلوا منذ انطلاق العمليات في عام 2020"))
    assert len(tl) == 1 and tl["begin"].iloc[0] <= tl["until"].iloc[0]


# --- resolved means both ends ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "note"),
    [
        ("حتى عام 2016", PUB, "open"),
        ("منذ عام 2012", None, "open"),
        ("أيلول الماضي", None, "no_anchor"),
        ("7 سنوات", PUB, ""),
    ],
)
def test_resolved_only_with_both_ends(text, published, note):
    (r,) = time_expressions_for_text(text, published)
    assert not r["resolved"] and r["note"] == note
    assert r["begin"] is None or r["until"] is None


PHRASES = [
    "منذ 500 عام",
    "منذ 300 سنة",
    "منذ عام 2020",
    "بين 2019 و2016",
    "من 2018 إلى 2014",
    "منذ 2019 وحتى 2015",
    "حتى عام 2016",
    "في عام 1600 هـ",
    "رمضان الماضي",
    "قبل 999 عقد",
    "غداً",
    "الشتاء المقبل",
    "الجمعة الماضية",
    "منذ أواخر عام 2017",
    "خلال الأشهر الأخيرة",
]


@pytest.mark.parametrize(
    "published",
    ["2017-09-13", "2300-01-05", "1650-01-05", "9999-12-31", "0001-01-01", "2262-04-11", None],
)
def test_invariants_hold_for_every_phrase_and_anchor(published):
    anchor = None if published is None else pd.Timestamp(published)
    text = "وقع ذلك " + ". وقع ذلك ".join(PHRASES) + "."
    t = ct.extract_time_expressions(articles(text, published=anchor))
    assert len(t) >= len(PHRASES) - 1
    assert_time_invariants(t)


# --- figures ----------------------------------------------------------------------------------


def test_a_400_digit_number_is_not_a_figure():
    f = ct.extract_figures(articles("عاد 1" + "0" * 400 + " مقاتل و20 شخصاً"))
    assert f["value"].tolist() == [20.0]


def test_a_number_too_large_to_be_a_count_is_not_a_figure():
    f = ct.extract_figures(articles("عاد 20000000000000000 مقاتل، ونحو 3000 شخص"))
    assert f["value"].tolist() == [3000.0]


def test_figure_values_are_finite_and_ordered():
    text = (
        "عاد نحو 1700 مسلح. عاد أكثر من 150 مواطناً. دفعوا ما يصل إلى 30 ألف دولار. "
        "دفعوا بين 20 و30 ألف دولار. قتل عشرات الآلاف. عاد بضعة آلاف. عاد 9" + "9" * 320 + " شخص."
    )
    f = ct.extract_figures(articles(text))
    assert len(f) == 6
    for r in f.itertuples():
        assert math.isfinite(r.value)
        assert pd.isna(r.low) or (math.isfinite(r.low) and r.low <= r.value)
        assert pd.isna(r.high) or (math.isfinite(r.high) and r.value <= r.high)


def test_figure_groups_without_outlets():
    """news-dev's metadata has no ``relays``: sources and outlets are missing."""
    arts = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "published": pd.to_datetime(["2017-09-13", None, "2017-09-15"]),
            "text": [
                "عاد نحو 1700 مقاتل فرنسي إلى بلدهم.",
                "عاد أكثر من 1700 مقاتل فرنسي إلى بلدهم.",
                "قال المرصد إن 1700 مقاتل فرنسي عادوا إلى بلدهم.",
            ],
        }
    )
    compared = ct.compare_figures(ct.extract_figures(arts))
    assert compared["outlet"].map(lambda x: isinstance(x, str) and x != "").all()
    groups = ct.figure_groups(compared)
    assert len(groups) >= 1
    assert groups["outlets"].map(lambda x: isinstance(x, str)).all()
    assert groups["statements"].str.contains("nan").sum() == 0


# --- the calendar arithmetic on its own ------------------------------------------------------


def test_calendar_periods_and_parts():
    from corpus_tools.extract import calendar as cal

    def days(pair) -> tuple[str, str]:
        return tuple(cal.fmt(d) for d in pair)

    assert days(cal.month_interval(2016, 2)) == ("2016-02-01", "2016-02-29")
    assert days(cal.month_interval(2015, 2, "END")) == ("2015-02-21", "2015-02-28")
    assert days(cal.year_interval(2014, "MID")) == ("2014-05-01", "2014-08-31")
    assert days(cal.season_interval(2015, (12, 14))) == ("2015-12-01", "2016-02-29")
    assert days(cal.season_interval(2015, (12, 14), "END")) == ("2016-02-01", "2016-02-29")
    assert cal.unit_interval(pd.Timestamp("2018-02-07"), "W")[2:] == ("2018-W06", "week")
    assert cal.fmt(pd.Timestamp("0950-03-04").as_unit("s"), "month") == "0950-03"
    assert not cal.is_date(2017, 2, 29) and cal.is_date(2016, 2, 29)


def test_calendar_against_an_anchor_and_hijri():
    from corpus_tools.extract import calendar as cal

    anchor = pd.Timestamp("2017-09-13")  # a Wednesday
    assert cal.month_year(9, anchor, "") == 2017 and cal.month_year(10, anchor, "") == 2016
    assert cal.month_year(9, anchor, "next") == 2018
    assert cal.season_year((6, 8), anchor, "past") == 2017  # summer 2017 has ended
    assert cal.season_year((9, 11), anchor, "past") == 2016  # autumn 2017 has not
    assert cal.fmt(cal.weekday_date(3, anchor, "past")) == "2017-09-06"
    assert cal.fmt(cal.weekday_date(3, anchor, "next")) == "2017-09-20"
    assert cal.fmt(cal.shift(anchor, "M", -1.5)) == "2017-07-28"
    assert cal.to_hijri(anchor) == (1438, 12)
    assert cal.fmt(cal.hijri_day(1438, 9, 1)) == "2017-05-27"
    assert not cal.in_hijri_table(1342) and cal.in_hijri_table(1500)
