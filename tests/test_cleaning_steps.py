"""Cleaning on texts written for these tests, in the style of Arabic news pages."""

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.text.cleaning import clean_text


def clean(raw: str) -> str:
    return clean_text(raw).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # presentation forms (lam-alef ligature, isolated letters) → normal letters
        ("\ufefb\ufe97\ufe8e\ufea9 \ufedf\ufee0\ufe98\ufea4\ufe8e\ufedf\ufed2", "لاتاد للتحالف"),
        # tatweel, zero-width and bidi controls go; NBSP becomes a space
        ("قـــال\u200f المرصد\u00a0السوري\u200b.", "قال المرصد السوري."),
        # CRLF line endings and trailing spaces
        ("السطر الأول.  \r\nالسطر الثاني.\r\n", "السطر الأول.\n\nالسطر الثاني."),
        # quotation marks of every kind become «…»
        ('قال "إن الوضع خطير" ثم غادر.', "قال «إن الوضع خطير» ثم غادر."),
        ("تنظيم “داعش” و”النصرة“", "تنظيم «داعش» و«النصرة»"),
        ('قائلا  " إنه تم الاتصال." ثم', "قائلا «إنه تم الاتصال.» ثم"),
        # spaces before punctuation
        ("السعوديين ، وكذلك المصريين .", "السعوديين، وكذلك المصريين."),
    ],
)
def test_character_level_cleaning(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a name broken across lines is joined
        (
            "وقالت صحيفة نيويورك\nتايمز الأمريكية إن المقاتلين فروا.",
            "وقالت صحيفة نيويورك تايمز الأمريكية إن المقاتلين فروا.",
        ),
        # a quotation broken across lines is joined, even at a short first line
        (
            "عنوان الخبر\nنقلت صحيفة «ديلي\nتلغراف» عن مسؤولين.",
            "عنوان الخبر\n\nنقلت صحيفة «ديلي تلغراف» عن مسؤولين.",
        ),
        # a sentence broken after a comma, across a blank line
        (
            "فر المقاتلون من الرقة،\n\nوذلك بعد سقوط المدينة.",
            "فر المقاتلون من الرقة، وذلك بعد سقوط المدينة.",
        ),
        # finished sentences stay separate paragraphs
        (
            "الفقرة الأولى انتهت.\nالفقرة الثانية انتهت.",
            "الفقرة الأولى انتهت.\n\nالفقرة الثانية انتهت.",
        ),
        # a heading after a blank line is not glued to the next paragraph
        (
            "نص سابق.\n\nعنوان فرعي\nنص الفقرة التالية.",
            "نص سابق.\n\nعنوان فرعي\n\nنص الفقرة التالية.",
        ),
        # list items keep their lines
        (
            "أبرز النقاط:\n• عودة المقاتلين\n• تهريب الأموال",
            "أبرز النقاط:\n\n• عودة المقاتلين\n\n• تهريب الأموال",
        ),
    ],
)
def test_line_breaks(raw, expected):
    assert clean(raw) == expected


BODY = [
    "ذكرت وكالة رويترز أن مئات المقاتلين الأجانب فروا من مدينة الموصل خلال الأسبوع الماضي.",
    "وأضافت الوكالة أن السلطات العراقية اعتقلت عشرات منهم عند نقاط التفتيش قرب الحدود.",
    "وقال مسؤول أمني إن التحقيقات مستمرة لمعرفة وجهة الفارين وشبكات التهريب التي ساعدتهم.",
]


def test_exact_repeated_paragraphs_are_removed():
    raw = "\n".join(BODY + BODY)
    assert clean(raw) == "\n\n".join(BODY)


def test_second_copy_flattened_into_one_paragraph_is_removed_and_its_headline_kept():
    raw = (
        "\n\n".join(BODY)
        + "\n\n• قسم الأخبار\n• 2019-03-02\n• 1200\n\nعنوان: فرار المقاتلين من الموصل\n\n"
        + " ".join(BODY)
    )
    r = clean_text(raw)
    assert r.text == "عنوان: فرار المقاتلين من الموصل\n\n" + "\n\n".join(BODY)
    assert r.fields["byline"] == "قسم الأخبار"
    assert r.fields["page_date"] == "2019-03-02"
    assert r.fields["headline"] == "عنوان: فرار المقاتلين من الموصل"


def test_a_near_copy_with_small_differences_is_removed():
    near = " ".join(BODY).replace("مئات", "المئات من").replace("الماضي", "المنصرم")
    assert clean("\n\n".join(BODY) + "\n\n" + near) == "\n\n".join(BODY)


def test_distinct_paragraphs_sharing_some_words_are_kept():
    other = "ذكرت وكالة رويترز أن الحكومة العراقية أعلنت حظر التجول في مدينة الموصل يوم الجمعة."
    assert clean("\n\n".join([*BODY, other])) == "\n\n".join([*BODY, other])


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ("دمشق-سانا\nأعلنت وزارة الداخلية عن ضبط شبكة تهريب.", "dateline", "دمشق-سانا"),
        ("بيروت - أ ف ب: أعلن الجيش اللبناني عن توقيف مسلحين.", "dateline", "بيروت - أ ف ب"),
        ("نص الخبر هنا.\nالمصدر: وكالة الأناضول", "source_line", "وكالة الأناضول"),
        ("نشر في: 12/03/2016\nنص الخبر هنا.", "page_timestamp", "12/03/2016"),
        ("الأحد، 7 أيلول 2014\nنص الخبر هنا.", "page_date", "2014-09-07"),
    ],
)
def test_furniture_is_kept_as_fields(raw, field, value):
    r = clean_text(raw)
    assert r.fields[field] == value
    assert value not in r.text


HEAD, TAIL = "نص الخبر هنا.", "فقرة لاحقة طويلة من نص الخبر تنتهي بنقطة."


@pytest.mark.parametrize(
    "furniture",
    [
        "إقرأ أيضاً:\nالجيش يستعيد السيطرة على بلدة جديدة\n",
        "اقرأ أيضا: الجيش يستعيد السيطرة على بلدة جديدة",
        "عدد المشاهدات: 1520",
        "شارك\nتويتر فيسبوك واتساب",
    ],
)
def test_page_furniture_is_removed_and_the_article_kept(furniture):
    assert clean(f"{HEAD}\n{furniture}\n{TAIL}") == f"{HEAD}\n\n{TAIL}"


def test_comment_form_and_what_follows_it_are_removed():
    raw = f"{HEAD}\n{TAIL}\nأضف تعليقك\nالاسم *\nتعليق رائع من زائر."
    assert clean(raw) == f"{HEAD}\n\n{TAIL}"


@pytest.mark.parametrize(
    "text",
    [
        "التاريخ يعيد نفسه في سوريا والعراق.",  # starts like a timestamp label
        "المصدر الأمني قال إن الهجوم فشل.",  # starts like a source line
        "شارك مئات المقاتلين في الهجوم على البلدة.",  # starts like a share button
        "اقرأ المزيد من التفاصيل في التقرير الذي نشرته الصحيفة أمس.",
    ],
)
def test_article_sentences_that_look_like_furniture_are_kept(text):
    assert clean("مقدمة الخبر.\n" + text) == "مقدمة الخبر.\n\n" + text


def test_user_rules_extend_the_package_rules(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text(
        "[[rule]]\nname = 'promo'\nkind = 'promo'\naction = 'drop_line'\n"
        "pattern = 'حمل تطبيقنا الان.*'\nreason = 'app promotion'\n",
        encoding="utf-8",
    )
    df = pd.DataFrame(
        {
            "article_id": ["x"],
            "raw_text": ["نص الخبر.\nحمّل تطبيقنا الآن مجاناً\nعذراً التعليقات مغلقة"],
        }
    )
    out = ct.clean_corpus(df, boilerplate=rules)
    assert out.loc[0, "text"] == "نص الخبر."
    assert set(ct.cleaning_report(out)["kind"]) >= {"promo", "comment_form"}


def test_bad_user_rule_names_the_file_and_rule(tmp_path):
    rules = tmp_path / "bad.toml"
    rules.write_text("[[rule]]\nname = 'oops'\npattern = '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml.*oops"):
        ct.clean_corpus(pd.DataFrame({"article_id": ["x"], "raw_text": ["نص."]}), boilerplate=rules)


def test_clean_corpus_in_parallel_matches_serial():
    raws = [
        f"الخبر رقم {i}\n" + "\n".join(BODY[: 1 + i % 3]) + "\nعذراً التعليقات مغلقة"
        for i in range(240)
    ]
    df = pd.DataFrame({"article_id": [f"a{i}" for i in range(240)], "raw_text": raws})
    serial = ct.clean_corpus(df)
    parallel = ct.clean_corpus(df, n_jobs=2)
    pd.testing.assert_series_equal(serial["text"], parallel["text"])
    assert serial["n_changes"].tolist() == parallel["n_changes"].tolist()


def test_items_repeated_across_lists_are_kept():
    raw = (
        "التطبيقات الأكثر تحميلا هذا الأسبوع في المتجرين بحسب بيانات موقع ديستيمو للتحليلات.\n\n"
        "المتجر الأول\n1. لعبة «ماينكرافت: بوكيت إيديشين» Minecraft – Pocket Edition\n"
        "2. تطبيق «فيسبوك» Facebook\n\n"
        "المتجر الثاني\n1. لعبة «ماينكرافت: بوكيت إيديشين» Minecraft – Pocket Edition\n"
        "2. تطبيق «فيسبوك» Facebook"
    )
    r = clean_text(raw)
    assert r.text.count("ماينكرافت") == 2 and r.text.count("فيسبوك") == 2
    assert not [c for c in r.changes if c.kind in ("repeat", "headline_moved")]


def test_a_hijri_date_in_page_furniture_does_not_break_the_corpus():
    df = pd.DataFrame(
        {"article_id": ["h"], "raw_text": ["• قسم الأخبار\n• 9 أكتوبر 1436\n• 120\nنص الخبر."]}
    )
    out = ct.clean_corpus(df)
    assert pd.isna(out.loc[0, "page_date"]) and out.loc[0, "text"] == "نص الخبر."
