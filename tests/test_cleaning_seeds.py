"""What the seed corpus must look like after cleaning (issue: foundation, 'done means')."""

import re

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.text.normalize import normalize_for_matching


def count(text: str, phrase: str) -> int:
    return normalize_for_matching(text).count(normalize_for_matching(phrase))


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("000", "ونقلت الصحيفة عن دبلوماسيين يمثلون ست بعثات دبلوماسية غربية"),
        ("000", "من جهة ثانية قال مقاتل سابق يسمى أبو شجى"),
        ("000", "الصحيفة نقلت عن والد إحدى المراهقات"),
        ("003", "حيث لفتت صحيفة الغارديان أيضا إلى أن هنالك على الأقل شخصان"),
        ("003", "ويقدر عددهم بنحو 850 عنصراً"),
        ("003", "وبحسب التقديرات غير الرسمية"),
    ],
)
def test_bodies_of_000_and_003_appear_once(seed_text, prefix, phrase):
    assert count(seed_text(prefix), phrase) == 1


def test_003_first_copy_is_kept_with_its_paragraphs(seed_text):
    text = seed_text("003")
    assert text.count("\n\n") >= 7  # the paragraphed copy, not the flattened one
    assert text.startswith("الغارديان: انشقاق في صفوف «داعش» وهروب عبرالحدود التركية\n\n")


@pytest.mark.parametrize(
    "furniture",
    [
        "عذراً التعليقات مغلقة",  # 002 comment form
        "اكتب تعليق",  # 003 comment form
        "كل الحقول التي عليها علامة",
        "7529",  # 003 view counter
        "من الأرشيف",
        "فريق ماسة",  # byline → column
        "المصدر :",
        "التوقيت",  # 004 page timestamp
        "10:33",
        "22 نوفمبر 2024",
        "بتوقيت القاهرة",
        "اقرأ أيضًا",  # 004 read also
        "تركيا تهدد باستهداف الجنود الأمريكيين في سوريا",  # … and what it introduces
        "لندن-سانا",  # 001 dateline → column
    ],
)
def test_no_page_furniture_survives(seeds, furniture):
    for aid, text in zip(seeds["article_id"], seeds["text"], strict=True):
        assert count(text, furniture) == 0, (aid, furniture)


def test_wall_street_journal_is_one_name_on_one_line(seed_text):
    text = seed_text("000")
    assert "«وول ستريت جورنال» الأميركية" in text
    assert re.search(r"وول\s*\n", text) is None


def test_003_date_and_byline_are_columns(seeds):
    row = seeds.set_index("article_id").loc["003_bf4fdc5bbe916684"]
    assert row["byline"] == "فريق ماسة"
    assert row["page_date"] == pd.Timestamp("2017-04-27")
    assert row["page_date_from"] == "metadata_block"
    assert row["source_line"] == "الماسة السورية"


def test_fields_of_the_other_seeds(seeds):
    s = seeds.set_index("article_id")
    assert s.loc["001_4822fe9b3c5ba666", "dateline"] == "لندن-سانا"
    assert s.loc["004_0605598808fa9f71", "page_date"] == pd.Timestamp("2024-11-22")
    assert s.loc["004_0605598808fa9f71", "page_date_from"] == "page_timestamp"
    assert (
        s.loc["000_11c30f5ed57a55bb", "headline"]
        == "عناصر غربيون من داعش ينشدون العودة إلى بلدانهم"
    )
    assert s.loc["004_0605598808fa9f71", "headline"].startswith("تقارير استخباراتية:")
    assert pd.isna(s.loc["001_4822fe9b3c5ba666", "headline"])
    assert pd.isna(s.loc["002_b8f0d622eb9eb844", "byline"])


def test_raw_text_is_untouched(seeds):
    from conftest import SEEDS

    for aid, raw in zip(seeds["article_id"], seeds["raw_text"], strict=True):
        assert raw == (SEEDS / f"{aid}.txt").read_text(encoding="utf-8")


def test_characters_cleaning_must_remove_are_gone(seeds):
    for text in seeds["text"]:
        assert not re.search('[\u0640\u00a0\u200b-\u200f\u202a-\u202e"“”]', text)
        assert "  " not in text and "\n\n\n" not in text


def test_every_clean_word_maps_to_the_same_word_in_raw(seeds):
    for text, raw, offsets in zip(seeds["text"], seeds["raw_text"], seeds["offsets"], strict=True):
        for m in re.finditer(r"\w+", text):
            s, e = offsets.raw_span(m.start(), m.end())
            assert raw[s:e] == m[0]


def test_cleaning_report_locates_each_removal_in_raw(seeds):
    report = ct.cleaning_report(seeds)
    assert list(report.columns) == [
        "article_id",
        "kind",
        "raw_start",
        "raw_end",
        "removed_text",
        "inserted_text",
        "reason",
    ]
    raws = dict(zip(seeds["article_id"], seeds["raw_text"], strict=True))
    for row in report.itertuples():
        assert raws[row.article_id][row.raw_start : row.raw_end] == row.removed_text
    kinds = set(report["kind"])
    assert {
        "repeat",
        "comment_form",
        "metadata_block",
        "read_also",
        "page_timestamp",
        "dateline",
        "source_line",
        "line_join",
        "tatweel",
        "nbsp",
        "quote",
    } <= kinds
    assert ct.cleaning_report(seeds, kinds=["repeat"])["kind"].eq("repeat").all()


def test_cleaning_the_clean_text_changes_nothing(seeds):
    for text in seeds["text"]:
        again = ct.clean_text(text)
        assert again.text == text and again.changes == []


def test_sentence_offsets_map_back_to_raw(seeds):
    sents = ct.sentences(seeds)
    mapped = ct.raw_spans(seeds, sents)
    raws = dict(zip(seeds["article_id"], seeds["raw_text"], strict=True))
    first = mapped.iloc[0]
    assert raws[first["article_id"]][first["raw_start"] : first["raw_end"]] == first["text"]
    assert (mapped["raw_start"] <= mapped["raw_end"]).all()
