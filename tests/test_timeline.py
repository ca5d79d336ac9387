"""The timeline on sentences written for these tests: each modality, each family of
false triggers, each dating rule, the participant and one row per happening."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_tools.extract.events import find_events
from corpus_tools.extract.timeline import UNDATED, timeline_for_text

PUB = pd.Timestamp("2018-05-01")


def _rows(text: str, published: pd.Timestamp | None = PUB) -> list[dict]:
    return timeline_for_text(text, published)


def _one(text: str, event: str, published: pd.Timestamp | None = PUB) -> dict:
    rows = [r for r in _rows(text, published) if r["event"] == event]
    assert len(rows) == 1, (text, [(r["event"], r["trigger"]) for r in _rows(text, published)])
    return rows[0]


# --- modality --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "event", "modality"),
    [
        ("عاد المقاتلون إلى بلدانهم الأسبوع الماضي.", "returned", "asserted"),
        ("لم يتمكن المقاتلون من الفرار من المدينة.", "fled", "negated"),
        ("وأكدت الوزارة عدم الانضمام إلى التحالف.", "joined", "negated"),
        ("لن يعود هؤلاء إلى فرنسا.", "returned", "negated"),
        ("يريدون العودة إلى بلدانهم.", "returned", "intended"),
        ("حاول ثلاثة منهم مغادرة البلاد.", "travelled", "intended"),
        ("سافر إلى تركيا للانضمام إلى التنظيم.", "joined", "intended"),
        ("وطالبت العائلات بالإفراج عن أبنائها.", "released", "intended"),
        ("ويتوقع المسؤولون عودة المزيد منهم.", "returned", "expected"),
        ("سيعود المقاتلون إلى بلدانهم قريبا.", "returned", "expected"),
        ("وهم الآن في انتظار الترحيل إلى بلادهم.", "returned", "expected"),
        ("قد يعودون إلى أوروبا في أي وقت.", "returned", "hypothetical"),
        ("وتقول تقارير إن المعتقلين يحتجزون في معسكرات قرب المدينة.", "detained", "ongoing"),
        ("ويفر كثيرون من العنف في بلدانهم.", "fled", "ongoing"),
        ("تدرب في اليمن قبل أن ينضم إلى التنظيم.", "joined", "asserted"),
        ("ويحاكم المتهم أمام المحكمة اليوم الأحد.", "tried", "asserted"),
        ("وقالوا إن هناك رغبة في ألا تعود إلى بلدها.", "returned", "negated"),
        ("ويمكن أن يحكم عليها بالإعدام.", "sentenced", "hypothetical"),
        ("وتعتزم السلطات ترحيلهم الشهر المقبل.", "returned", "reported_plan"),
        ("ومن المقرر أن تبدأ محاكمته في يونيو.", "tried", "reported_plan"),
    ],
)
def test_each_modality(text, event, modality):
    row = _one(text, event)
    assert row["modality"] == modality, (text, row["modality_cue"])
    assert row["polarity"] == ("negative" if modality == "negated" else "positive")


def test_a_hedged_report_of_an_event_is_still_asserted():
    # «قد» / «قد يكون» before a perfect hedge what happened; before an imperfect, «may»
    assert _one("وقال المصدر إنه قد يكون قتل في قصف.", "killed")["modality"] == "asserted"
    assert _one("وكان قد حكم عليه بالسجن في يناير 2016.", "sentenced")["modality"] == "asserted"
    assert _one("قد يقتل المزيد في الأيام المقبلة.", "killed")["modality"] == "hypothetical"


def test_a_cue_governs_the_events_it_chains_and_stops_at_a_clause_break():
    rows = _rows("لم يتمكنوا من الفرار والعودة إلى بلدانهم.")
    assert [(r["event"], r["modality"]) for r in rows] == [
        ("fled", "negated"),
        ("returned", "negated"),
    ]
    # «إن» of reported speech ends the clause of «لم»
    row = _one("ولم يقل الوزير إن المقاتلين عادوا إلى فرنسا.", "returned")
    assert row["modality"] == "asserted"


def test_lam_of_cause_with_a_pronoun_is_no_purpose():
    # «لانضمامه»: for his joining (a cause), not in order to join
    rows = _rows("قضت المحكمة بسجن الرجل خمس سنوات لانضمامه إلى التنظيم.")
    joined = next(r for r in rows if r["event"] == "joined")
    assert joined["modality"] == "asserted"
    # also when the list gives the form with its pronoun whole («إدانته», «سفره»)
    rows = _rows("حكمت المحكمة على الرجل بالسجن لإدانته بالإرهاب بعد عودته من سوريا.")
    assert next(r for r in rows if r["event"] == "convicted")["modality"] == "asserted"
    rows = _rows("وعوقب الشاب بالسجن لسفره إلى سوريا.")
    assert next(r for r in rows if r["event"] == "travelled")["modality"] == "asserted"
    # with no pronoun, the «ل» is of purpose
    rows = _rows("وتسعى النيابة العامة أمام المحكمة لإدانة المتهمين.")
    assert next(r for r in rows if r["event"] == "convicted")["modality"] == "intended"


# --- false triggers -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "وشهدت المدينة عودة الحياة إلى طبيعتها.",  # a set phrase with «عودة»
        "وتضم القائمة ما يصل إلى 300 اسم.",  # «يصل» in an amount
        "وتصل قيمتها إلى 500 ألف دولار.",  # «تصل» of an amount
        "واتهم بنشر الأفكار المتطرفة بين الشباب.",  # «نشر» of ideas
        "ويعيش آلاف من طالبي اللجوء في المخيم.",  # asylum seekers, not a contact
        "ويدور الجدل حول عقوبة الإعدام في البلاد.",  # a policy named by a noun
        "وخرج الناس من سيطرة التنظيم.",  # «سيطرة» is a noun, not «سيطر» + pronoun
        "تحدث كعادته عن الحرب.",  # «as usual», not «عادت»
        "وتواصلوا عبر قنوات مشفرة.",  # «عبر» is «via»
        "وروت تفاصيل رحلتها الطويلة.",  # her journey, not a deportation
        "وصدر مؤخرا حكم بالعفو عن السجناء.",  # a pardon, not a sentence
        "وصدرت مذكرة توقيف بحقه.",  # a warrant, not an arrest
    ],
)
def test_words_that_merely_contain_a_trigger_fire_nothing(text):
    assert [(h.event, text[h.start : h.end]) for h in find_events(text)] == []


def _event_sentences() -> list[dict]:
    import tomllib
    from pathlib import Path

    path = Path(__file__).parent / "data" / "event_sentences.toml"
    return tomllib.loads(path.read_text("utf-8"))["sentence"]


@pytest.mark.parametrize("case", _event_sentences(), ids=lambda c: f"{c['event']}:{c['trigger']}")
def test_the_ace_event_types_and_their_look_alikes(case):
    """Each sentence reports its type at its trigger word; in a look-alike
    (``none``) nothing fires there."""
    text, word = case["text"], case["trigger"]
    at = text.index(word)
    hits = [h.event for h in find_events(text) if h.start < at + len(word) and at < h.end]
    assert hits[:1] == ([] if case["event"] == "none" else [case["event"]]), text


def test_new_event_families():
    cases = {
        "وأوقفت الشركة التداول على منصتها": "halted",  # a halt, not an arrest
        "وأوقفت السلطات المصرية الرحلات إلى تركيا": "halted",  # after a subject
        "وتوقف القتال في المدينة": "halted",  # «توقف»: it stopped, no arrest
        "وأوقفوا في إطار حملة مداهمات واسعة": "arrested",  # the campaign is no object
        "حكم عليه بالسجن خمس سنوات": "sentenced",
        "وقضت المحكمة بسجنه عشر سنوات": "sentenced",
        "أدين الرجل بتهمة الإرهاب أمام المحكمة": "convicted",
        "مثل المتهم أمس أمام القاضي": "tried",
        "وأفرجت السلطات عن الصحافيين": "released",
        "أطلق سراحهم في أبريل": "released",
        "احتجزت الشرطة الرجل في المطار": "detained",
        "وجهت إليه النيابة تهمة القتل": "charged",
        "سافر الشاب إلى سوريا": "travelled",
        "هاجم مسلحون مركزا للشرطة": "attacked",
        "سيطرت القوات على المدينة": "captured",
        "وقتل أربعة أشخاص في الهجوم": "killed",
    }
    for text, event in cases.items():
        assert find_events(text)[0].event == event, (text, find_events(text))
    # «حكم» is a sentence only with what follows it («عليه», «بالسجن» …)
    assert find_events("حكم البلاد ثلاثين عاما") == []
    # a sentence to death is no execution
    assert [h.event for h in find_events("وقضت المحكمة بسجنه وبإعدام شريكه")] == ["sentenced"]


# --- dating ----------------------------------------------------------------------------------
def test_a_birth_year_never_dates_an_event():
    row = _one("وأوضح أن الشاب المولود عام 1990 التحق بالتنظيم عام 2015.", "joined")
    assert (row["time_text"], row["dated_by"]) == ("عام 2015", "clause")


def test_each_date_goes_with_its_own_clause():
    text = "وأشار المصدر إلى أن بن غالم الذي غادر إلى سوريا في آذار/مارس 2013 قد يكون قتل في قصف."
    rows = {r["event"]: r for r in _rows(text)}
    assert str(rows["travelled"]["begin"].date()) == "2013-03-01"
    assert rows["killed"]["time_text"] != "آذار/مارس 2013"  # that date is the departure's
    assert rows["killed"]["dated_by"] != "clause"


def test_since_a_count_back_with_a_completed_event_is_a_point():
    row = _one("غادر الشاب إلى تركيا منذ ثلاث سنوات.", "travelled")
    assert row["dated_by"] == "since" and row["begin"] == row["until"]
    assert row["begin"].year == 2015
    # with a state or a count that goes on, «منذ» still runs to the publication
    text = "قُتل 35 ألف مقاتل منذ انطلاق العمليات العسكرية في خريف عام 2014."
    row = _one(text, "killed", pd.Timestamp("2017-04-27"))
    assert str(row["begin"].date()) == "2014-09-01" and row["until"] == pd.Timestamp("2017-04-27")


def test_an_event_linked_by_after_takes_the_date_of_its_event():
    text = "وحكم عليها في فبراير بالسجن سبعة أشهر بعد إدانتها بالدخول إلى العراق بطريقة غير مشروعة."
    row = _one(text, "convicted")
    assert row["dated_by"] == "linked" and str(row["begin"].date()) == "2018-02-01"


def test_an_undated_sentence_takes_the_date_the_narrative_stands_at():
    text = "وصل المقاتلون إلى تركيا في مطلع أيلول الماضي. ثم اعتقلتهم السلطات التركية."
    row = _one(text, "arrested", pd.Timestamp("2017-09-13"))
    assert row["dated_by"] == "narrative" and str(row["begin"].date()) == "2017-09-01"
    # a time ahead of the publication is not where a done event stands
    text = (
        "وصل المقاتلون إلى تركيا في مطلع أيلول الماضي. ويتوقع أن يعودوا خلال الأسبوعين "
        "المقبلين. واعتقلتهم السلطات التركية."
    )
    row = _one(text, "arrested", pd.Timestamp("2017-09-13"))
    assert row["dated_by"] == "narrative" and str(row["begin"].date()) == "2017-09-01"
    # an intention is not placed by the narrative: it is dated by its statement
    text = "وصل المقاتلون إلى تركيا في مطلع أيلول الماضي. ويريدون العودة إلى بلدانهم."
    row = _one(text, "returned", pd.Timestamp("2017-09-13"))
    assert row["dated_by"] == "publication"


def test_nothing_dates_an_event_then_the_publication_does():
    text = "وقال مسؤولون إن الوضع تغير. وعاد المقاتلون إلى بلدانهم."
    row = _one(text, "returned")
    assert row["dated_by"] == "publication" and row["begin"] == row["until"] == PUB
    assert _one(text, "returned", None)["dated_by"] == "publication"
    # alone, the sentence is the lead: no publication date, no day before it either
    row = _one("عاد المقاتلون إلى بلدانهم.", "returned", None)
    assert row["dated_by"] == "publication" and pd.isna(row["begin"])


def test_an_undated_event_told_as_done_spans_the_story_up_to_the_publication():
    # the article tells of 2014 three sentences before: the return lies in 2014 … May 2018
    text = (
        "انضم آلاف الأجانب إلى التنظيم منذ عام 2014. وتغير الوضع كثيرا. وتراجع التنظيم. "
        "ولم يبق له إلا القليل. وعاد بعض المقاتلين إلى بلدانهم."
    )
    row = _one(text, "returned")
    assert row["dated_by"] == "publication"
    assert (str(row["begin"].date()), row["until"]) == ("2014-01-01", PUB)
    # an intention is dated by its statement, at the publication
    row = _one(text.replace("وعاد بعض", "ويريد بعض").replace("إلى بلدانهم", "العودة"), "returned")
    assert (row["modality"], row["begin"], row["until"]) == ("intended", PUB, PUB)
    # a birth year or a time after the publication does not open the story
    text = (
        "وقال مسؤولون إن الوضع تغير. وعاد المقاتل المولود عام 1990 إلى بلده. "
        "ويخطط للسفر في عام 2019 إلى الخارج."
    )
    row = _one(text, "returned")
    assert (row["dated_by"], row["begin"], row["until"]) == ("publication", PUB, PUB)


def test_the_news_of_the_lead_is_of_the_publication_day_or_the_day_before():
    text = (
        "أفرجت السلطات عن عشرة معتقلين في حملة سابقة. وكان المعتقلون قد احتجزوا في عام 2016. "
        "وقالت مصادر إن عائلاتهم تنتظرهم. ولم يعرف عددهم. ولا يعرف مكانهم. "
        "واعتقلت الشرطة شابين آخرين."
    )
    row = _one(text, "released")
    assert (row["dated_by"], str(row["begin"].date()), row["until"]) == ("lead", "2018-04-30", PUB)
    # later in the article, an undated event spans the story
    row = _one(text, "arrested")
    assert (row["dated_by"], str(row["begin"].date())) == ("publication", "2016-01-01")
    # only a perfect opening the lead: not one later in that sentence (a feature lead)
    row = _one("في ذلك العام، اعتقلت الشرطة شابين في المدينة.", "arrested")
    assert row["dated_by"] == "publication"
    # a headline opening the text is the lead too; an intention there is not the news
    head = "الشرطة تعتقل شابين"
    rows = timeline_for_text(head + "\n\nويريد الشابان السفر إلى الخارج.", PUB)
    rows = {r["event"]: r for r in rows}
    assert rows["travelled"]["modality"] == "intended"
    assert rows["travelled"]["dated_by"] == "publication"


def test_an_age_or_a_duration_never_dates_an_event():
    row = _one("واعتقل الشاب البالغ من العمر 27 عاما وأمضى سبع سنوات في السجن.", "arrested")
    assert row["dated_by"] in UNDATED and row["time_text"] == ""


# --- who, and one row per happening ------------------------------------------------------------
def test_the_participant_is_a_nationality_a_group_or_a_count():
    row = _one("وعاد مقاتلون فرنسيون إلى بلادهم.", "returned")
    assert (row["participant"], row["participant_type"]) == ("French", "nationality")
    row = _one("عاد 150 شخصا إلى بلدانهم.", "returned")
    assert row["participant_type"] == "count" and row["figure_start"] >= 0
    assert "150" in row["participant"]


def test_repeated_mentions_of_a_happening_are_one_row():
    text = (
        "وقال المحامي إن المحاكمة غير عادلة. "
        "بدأت في بغداد محاكمة المتهمين في مارس الماضي. "
        "وتستمر المحاكمة."
    )
    rows = [r for r in _rows(text) if r["event"] == "tried"]
    assert len(rows) == 1 and rows[0]["mentions"] == 3
    assert rows[0]["time_text"] == "مارس الماضي"  # the mention its own words date
    # a mention with a date of its own is another claim
    rows = _rows("بدأت محاكمة المتهمين في مارس الماضي. وتستمر المحاكمة منذ أسابيع.")
    assert len([r for r in rows if r["event"] == "tried"]) == 2
    # two verbs with different people are two happenings
    rows = _rows("وعاد مقاتلون فرنسيون إلى بلادهم. وعاد مقاتلون بريطانيون إلى بلادهم.")
    assert len([r for r in rows if r["event"] == "returned"]) == 2
