"""Source attribution: the seeds' statements, hand-written sentences, chains and the graph."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import pytest
from conftest import ROOT

import corpus_tools as ct
from corpus_tools.extract.attribution import SOURCE_TYPES, attributions_for_text
from corpus_tools.report.display import attribution_spans

GOLD = ROOT / "tests" / "data" / "seed_attributions.csv"
KEY = [
    "article",
    "sent_id",
    "cue",
    "cue_lemma",
    "source",
    "source_type",
    "resolution",
    "speech",
    "via",
]


@pytest.fixture(scope="module")
def seed_attributions(seeds):
    return ct.extract_attributions(seeds)


def rows(text: str, relays: str | None = None) -> list[tuple]:
    return [
        (r["source"], r["source_type"], r["speech"], r["via"])
        for r in attributions_for_text(text, relays=relays)
    ]


# --- the seeds -----------------------------------------------------------------------


def test_seed_attributions_match_the_hand_checked_list(seed_attributions):
    """Every statement a careful reader finds in the seeds, and nothing else."""
    gold = pd.read_csv(GOLD, dtype={"article": "str"}, keep_default_na=False)
    got = seed_attributions.assign(article=seed_attributions["article_id"].str[:3])
    got = got.assign(via=got["via"].fillna(""), cue=got["cue"].fillna(""))
    want = {tuple(str(v) for v in r) for r in gold[KEY].itertuples(index=False)}
    have = {tuple(str(v) for v in r) for r in got[KEY].itertuples(index=False)}
    assert sorted(want - have) == [], "missed"
    assert sorted(have - want) == [], "spurious"


def test_the_chains_the_issue_names(seeds, seed_attributions):
    at = seed_attributions.assign(a=seed_attributions["article_id"].str[:3])

    def has(article, source, via=None, speech=None):
        sel = at[(at["a"] == article) & (at["source"] == source)]
        if via is not None:
            sel = sel[sel["via"] == via]
        if speech is not None:
            sel = sel[sel["speech"] == speech]
        return not sel.empty

    assert has("000", "diplomats", via="The Wall Street Journal")
    assert has("001", "Western diplomats", via="The Daily Telegraph", speech="direct")
    assert has("002", "ابو سعد", via="The Guardian", speech="direct")
    assert has("003", "UK Foreign Office spokesperson", via="The Guardian", speech="direct")
    for source in (
        "Institute for the Study of War",
        "Syrian Observatory for Human Rights",
        "Jim Mattis",
    ):
        assert has("004", source, via="The New York Times"), source
    edges = ct.attribution_chains(seeds, seed_attributions)
    sana = edges[edges["from"] == "SANA"]
    assert ("The Daily Telegraph", "relays") in set(zip(sana["to"], sana["relation"], strict=True))
    tele = edges[edges["from"] == "The Daily Telegraph"]
    assert "Western diplomats" in set(tele["to"])


def test_sentences_without_a_cue_yield_nothing(seeds, seed_attributions):
    sents = ct.sentences(seeds)
    with_rows = set(zip(seed_attributions["article_id"], seed_attributions["sent_id"], strict=True))
    quiet = [
        "وتتزايد المخاوف الدولية من انضمام المزيد",  # 001: SANA's own comment
        "ووصل أربعة من المتطرفيين السعوديين",  # 002: a reported fact, no cue
        "ويتزامن هروب المقاتلين الأجانب",  # 003
    ]
    for start in quiet:
        sent = sents[sents["text"].str.startswith(start)].iloc[0]
        assert (sent["article_id"], sent["sent_id"]) not in with_rows, start


def test_offsets_point_at_the_words(seeds, seed_attributions):
    texts = dict(zip(seeds["article_id"], seeds["text"], strict=True))
    for r in seed_attributions.itertuples():
        text = texts[r.article_id]
        assert text[r.cue_start : r.cue_end] == r.cue
        assert text[r.content_start : r.content_end] == r.content
        if r.source_start >= 0:
            assert text[r.source_start : r.source_end] == r.source_text
        assert r.start <= min(r.cue_start, r.content_start) and r.end >= r.content_end


def test_table_contract(seed_attributions):
    assert list(seed_attributions.columns) == ct.contract("attributions").names
    assert set(seed_attributions["source_type"]) <= set(SOURCE_TYPES)
    assert set(seed_attributions["speech"]) <= {"direct", "indirect", "mixed"}
    assert seed_attributions["start"].dtype == "int64"


def test_a_quotation_across_sentences_stays_one_statement(seed_attributions):
    row = seed_attributions[
        seed_attributions["content"].str.startswith("أن قرابة 150 مواطناً")
    ].iloc[0]
    assert row["source"] == "Western diplomats" and row["speech"] == "direct"
    assert "مروعة" in row["content"]  # three sentences inside one quotation


# --- sentences written for the tests ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # verb–source–content, with a quotation first, and an addressee that is the outlet
        (
            "«لن نسمح بعودتهم إلى البلاد»، قال مسؤول أمني تونسي لوكالة «فرانس برس».",
            [("Tunisian security official", "official", "direct", "Agence France-Presse")],
        ),
        (
            "وأوضح المرصد السوري أن 12 مقاتلاً قتلوا.",
            [("Syrian Observatory for Human Rights", "ngo_or_research", "indirect", None)],
        ),
        # a prepositional cue and an anonymous source
        (
            "وبحسب مصادر مطلعة، فإن المقاتلين غادروا المدينة.",
            [("informed sources", "anonymous", "indirect", None)],
        ),
        # relay: the outlet is «via», the officials are the source
        (
            "ونقلت وكالة الأناضول عن مسؤولين أتراك قولهم إن الحدود أغلقت.",
            [("Turkish officials", "official", "indirect", "Anadolu Agency")],
        ),
        # anaphora: «الصحيفة» and a dropped subject go back to the outlet
        (
            "ذكرت صحيفة «لوموند» أن المقاتلين عادوا. وأضافت الصحيفة أن عددهم كبير. "
            "وتابعت أن السلطات تحقق.",
            [("Le Monde", "media", "indirect", None)] * 3,
        ),
        (
            "وصرح المتحدث باسم الخارجية الأمريكية بأن واشنطن تراقب الوضع.",
            [("United States Department of State spokesperson", "official", "indirect", None)],
        ),
        (
            "وقال أحد المقاتلين السابقين: «لقد هربنا جميعاً من الرقة».",
            [("former fighter", "militant_or_former_member", "direct", None)],
        ),
        # content–cue–source order with «على حد تعبير»
        (
            "وصف الهجوم بأنه «كارثة» -على حد تعبير وزير الدفاع الأمريكي جيم ماتيس- أمس.",
            [("Jim Mattis", "official", "direct", None)],
        ),
        # a statement of belief with no subject is an unattributed estimate
        (
            "ويُعتقد أن نحو ألف مقاتل عادوا.",
            [("unattributed estimate", "estimate", "indirect", None)],
        ),
        # not attributions at all
        ("عبر المقاتلون الحدود إلى تركيا.", []),
        ("قال لي على الفور إنه سيعود.", []),
        ("وصل المقاتلون إلى إدلب في أيلول.", []),
    ],
)
def test_handwritten_sentences(text, expected):
    assert rows(text) == expected


def test_a_statement_before_any_outlet_is_named_comes_through_the_relayed_one():
    got = rows("كشف دبلوماسيون غربيون أن المقاتلين يريدون العودة.", relays="The Daily Telegraph")
    assert got == [("Western diplomats", "diplomat", "indirect", "The Daily Telegraph")]


def test_unknown_subjects_are_kept_in_their_own_words():
    (r,) = attributions_for_text("وقال المهندس إن الجسر آمن.")
    got = (r["source"], r["source_type"], r["resolution"])
    assert got == ("المهندس", "unknown", "unclassified")


def test_a_bare_quotation_paragraph_goes_to_the_latest_speaker():
    text = "وقال المدعو «أبو علي» إنه هرب من الرقة.\n\n«لم نعد نحتمل البقاء هناك بعد اليوم»."
    got = attributions_for_text(text)
    assert [(r["source"], r["resolution"]) for r in got] == [
        ("ابو علي", "named"),
        ("ابو علي", "previous_speaker"),
    ]


def test_nested_statement_with_its_own_source():
    text = (
        "كشفت الصحيفة أن المتحدث باسم وزارة الخارجية البريطانية صرح قائلا "
        "«إننا على اتصال بالسلطات التركية»."
    )
    got = attributions_for_text(text, relays="The Guardian")
    assert [(r["source"], r["via"], r["speech"]) for r in got] == [
        ("The Guardian", None, "mixed"),
        ("UK Foreign Office spokesperson", "The Guardian", "direct"),
    ]


def test_coordinated_sources_each_get_a_row():
    text = "ونسبت الصحيفة إلى معهد «دراسة الحرب» ومحللين مستقلين القول إن التهريب مزدهر."
    got = attributions_for_text(text, relays="The New York Times")
    assert [r["source"] for r in got] == ["Institute for the Study of War", "independent analysts"]
    assert {r["via"] for r in got} == {"The New York Times"}


def test_empty_inputs():
    assert attributions_for_text("") == []
    out = ct.extract_attributions(pd.DataFrame({"article_id": ["a"], "text": [None]}))
    assert out.empty and list(out.columns) == ct.contract("attributions").names
    with pytest.raises(KeyError, match="clean_corpus"):
        ct.extract_attributions(pd.DataFrame({"article_id": ["a"]}))


# --- chains, graph, profile, display ----------------------------------------------------


def test_chain_graph_levels_and_roles(seeds, seed_attributions):
    g = ct.chain_graph(ct.attribution_chains(seeds, seed_attributions), seed_attributions)
    assert g.nodes["SANA"]["role"] == "publisher" and g.nodes["SANA"]["level"] == 0
    assert g.nodes["The Guardian"]["role"] == "outlet" and g.nodes["The Guardian"]["level"] == 1
    assert g.nodes["Jim Mattis"]["role"] == "source" and g.nodes["Jim Mattis"]["level"] == 2
    assert g.nodes["Jim Mattis"]["source_type"] == "official"
    # the Guardian is relayed by two publishers (003 names it, 002 does not)
    assert len(list(g.predecessors("The Guardian"))) == 2
    assert g.edges["The New York Times", "Jim Mattis"]["relation"] == "quotes"


def test_citation_profile_shares_sum_to_one(seed_attributions):
    prof = ct.citation_profile(seed_attributions)
    speech = prof[prof["measure"].isin(["direct", "mixed", "indirect"])]
    assert (speech.groupby("outlet")["share"].sum().round(6) == 1).all()
    assert set(prof["outlet"]) >= {"The Guardian", "The New York Times"}


def test_attribution_spans_do_not_overlap_and_keep_cues(seed_attributions):
    one = seed_attributions[seed_attributions["article_id"].str.startswith("003")]
    spans = attribution_spans(one)
    for (_s1, e1, *_), (s2, _e2, *_) in pairwise(spans):
        assert e1 <= s2
    cues = {(s, e) for s, e, kind, _ in spans if kind == "cue"}
    assert all(
        (r.cue_start, r.cue_end) in cues for r in one.itertuples() if r.cue_end > r.cue_start
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title and a name the gazetteer does not know: the person, typed by the title
        ("وقال اللواء الجوهري إن الوضع مستقر.", ("الجوهري", "official", "named")),
        ("وقالت الدكتورة سارة العلي إن البحث انتهى.", ("ساره العلي", "ngo_or_research", "named")),
        ("وأكد السفير الأمريكي روبرت فورد أن واشنطن تراقب.", ("روبرت فورد", "official", "named")),
        # an institution named by its noun and portfolio (an entity of the patterns),
        # typed by its noun; a title with no name stays a description
        (
            "وأعلنت وزارة الداخلية أن الحدود أغلقت.",
            ("وزاره الداخليه", "government", "named"),
        ),
        ("وقالت الشرطة إن 3 أشخاص اعتقلوا.", ("police", "government", "described")),
        ("وقال وزير الداخلية التونسي إن 800 مقاتل عادوا.", ("minister", "official", "described")),
        # not a name: «رئيس لجنة …» is described by its own words, typed by the title
        ("وقال رئيس لجنة الشؤون إن القرار نهائي.", ("رئيس لجنه الشؤون", "official", "described")),
    ],
)
def test_titles_and_institutions(text, expected):
    (r,) = attributions_for_text(text)
    assert (r["source"], r["source_type"], r["resolution"]) == expected


def test_a_family_name_goes_back_to_the_person_named_before():
    text = (
        "وقال المتحدث باسم البنتاغون جون كيربي إن الضربات مستمرة. "
        "وأضاف كيربي أن التحالف يراقب الحدود. ثم قال بوتين إن روسيا لن تتدخل."
    )
    got = [(r["source"], r["source_type"], r["resolution"]) for r in attributions_for_text(text)]
    assert got == [
        ("جون كيربي", "official", "named"),
        ("جون كيربي", "official", "anaphor"),
        ("Vladimir Putin", "official", "named"),
    ]


# --- the source grammar, on entities given by hand (the tagger's view aside) ------------


def given(text: str, *names: tuple[str, ...]) -> list[dict]:
    """Entity rows for ``text``: each (surface form, label[, canonical]), at its first
    occurrence (a ``#2`` suffix: its second one); canonical: the surface form unless given."""
    rows, seen = [], {}
    for surface, label, *canonical in names:
        form, _, nth = surface.partition("#")
        start = -1
        for _ in range(int(nth or 1)):
            start = text.index(form, start + 1)
        seen[surface] = start
        rows.append(
            {
                "start": start,
                "end": start + len(form),
                "text": form,
                "clitic": "",
                "label": label,
                "canonical": canonical[0] if canonical else form,
                "entity_id": f"test:{form}",
                "kind": "person" if label == "PER" else "unknown",
                "country": None,
                "backend": "test",
            }
        )
    return rows


def sources(text: str, *names: tuple[str, ...]) -> list[tuple]:
    return [
        (r["source"], r["resolution"], r["via"])
        for r in attributions_for_text(text, given(text, *names))
    ]


def test_a_title_reaches_its_name_over_what_it_is_a_title_of():
    text = "كشف المبعوث الخاص إلى ليبيا «مارتن كوبلر» عن خطة جديدة للحوار."
    assert sources(text, ("ليبيا", "LOC"), ("مارتن كوبلر", "PER")) == [
        ("مارتن كوبلر", "named", None)
    ]
    text = "وأوضح نائب وزير المالية في الأردن، سامي خليل، أن العجز تراجع."
    assert sources(text, ("الأردن", "LOC"), ("سامي خليل", "PER")) == [("سامي خليل", "named", None)]


def test_a_person_who_completes_the_title_is_not_the_speaker():
    text = "وقال المتحدث باسم حملة جيب بوش إن الحملة ستستمر."  # his campaign's
    assert sources(text, ("جيب بوش", "PER")) == [("جيب بوش spokesperson", "described", None)]
    text = "وقال المتحدث باسم جيب بوش إن الحملة ستستمر."  # his spokesperson
    assert sources(text, ("جيب بوش", "PER")) == [("جيب بوش spokesperson", "described", None)]


def test_a_definite_title_goes_back_to_the_person_it_named():
    text = (
        "أعلن وزير الداخلية الألماني توماس دي ميزير أن الحدود ستبقى مفتوحة. "
        "وقال وزير الداخلية الألماني إن الشرطة مستعدة. "
        "وقال وزير المالية إن الميزانية تكفي."
    )
    names = (("الألماني", "NORP"), ("توماس دي ميزير", "PER"), ("الألماني#2", "NORP"))
    assert [s[:2] for s in sources(text, *names)] == [
        ("توماس دي ميزير", "named"),
        ("توماس دي ميزير", "anaphor"),
        ("finance minister", "described"),  # another minister: not the one named before
    ]


def test_a_body_named_after_its_noun_and_the_noun_again():
    text = "وحذرت جمعية «الهلال الأزرق» من تفشي المرض. وأضافت الجمعية أن المخيمات مكتظة."
    assert [s[:2] for s in sources(text, ("الهلال الأزرق", "ORG"))] == [
        ("الهلال الأزرق", "named"),
        ("الهلال الأزرق", "anaphor"),
    ]


def test_the_outlet_spoken_to_is_the_via():
    text = "وقال لصحيفة «لوموند» مسؤول فرنسي إن الاتفاق قريب."
    assert sources(text, ("لوموند", "MEDIA"), ("فرنسي", "NORP", "French")) == [
        ("French official", "described", "لوموند")
    ]
    text = (
        "وقال الوزير سامي خليل في مقابلة مع قناة «الشرق» إن الأسعار ستنخفض. "
        "وأضاف أن الحكومة ستدعم الخبز."
    )
    assert sources(text, ("سامي خليل", "PER"), ("الشرق", "MEDIA")) == [
        ("سامي خليل", "named", "الشرق"),
        ("سامي خليل", "dropped_subject", "الشرق"),
    ]


def test_what_a_preposition_cue_says_was_said():
    assert sources("وقتل ثلاثة جنود، بحسب ما أعلن الجيش.") == [("army", "described", None)]
    assert sources("وأصيب عشرة أشخاص وفقاً للشرطة.") == [("police", "described", None)]
    text = "وفقاً لما أكده مصدر أمني لوكالة الأناضول، فإن المهاجم فر."
    assert sources(text, ("الأناضول", "MEDIA")) == [("security source", "described", "الأناضول")]


def test_an_outlet_that_frames_a_statement_is_its_via():
    text = (
        "وذكرت صحيفة «الشرق» أن المفاوضات توقفت. "
        "وبحسب الصحيفة، فقد قال الوزير سامي خليل إن الحوار سيستأنف."
    )
    got = sources(text, ("الشرق", "MEDIA"), ("سامي خليل", "PER"))
    assert got == [("الشرق", "named", None), ("سامي خليل", "named", "الشرق")]


def test_impersonal_and_object_verbs_have_no_speaker_of_their_own():
    text = "وقال الوزير سامي خليل إن الوضع مستقر. يذكر أن المدينة شهدت هجمات سابقة."
    assert [s[0] for s in sources(text, ("سامي خليل", "PER"))] == ["سامي خليل"]
    assert sources("ووصف الهجوم بأنه جبان.") == []


def test_verb_forms_are_generated_from_the_perfect_and_the_imperfect():
    assert [s[0] for s in sources("وطالب مسؤولون محليون بفتح تحقيق في الحادث.")] == [
        "local officials"
    ]
    assert [s[0] for s in sources("ونددت الحكومة بالهجوم على السفارة.")] == ["government"]
    assert [s[0] for s in sources("وتعهدوا بأن يواصلوا العمل.")] == []  # nobody before


def test_a_colon_after_an_apposition_opens_the_content():
    text = "وقال سامي خليل، أحد كبار الباحثين في معهد «الأفق»: «الأسعار سترتفع هذا العام»."
    (r,) = attributions_for_text(text, given(text, ("سامي خليل", "PER"), ("الأفق", "ORG")))
    assert (r["source"], r["speech"], r["content"]) == (
        "سامي خليل",
        "direct",
        "الأسعار سترتفع هذا العام",
    )


def test_subjects_before_their_verb():
    text = "ولم يعرف مصيره، لكن متحدثا باسم الشرطة قال إن البحث مستمر."
    assert sources(text) == [("police spokesperson", "described", None)]
    text = "وكانت الحكومة التونسية دعت الشركات الأجنبية إلى الاستثمار في الجنوب."
    (r,) = attributions_for_text(text)
    assert (r["source"], r["content"]) == (
        "Tunisian government",
        "الشركات الأجنبية إلى الاستثمار في الجنوب.",
    )


def test_contents_after_an_object_or_a_time_word():
    text = "وقال الوزير سامي خليل إن الوضع هادئ، مطالبا المواطنين بالتزام منازلهم."
    got = attributions_for_text(text, given(text, ("سامي خليل", "PER")))
    assert [(r["source"], r["content"]) for r in got] == [
        ("سامي خليل", "الوضع هادئ"),
        ("سامي خليل", "المواطنين بالتزام منازلهم."),
    ]
    text = "وطالبت نقابة الأطباء الأحد بزيادة الرواتب."
    assert [r["content"] for r in attributions_for_text(text)] == ["بزيادة الرواتب."]


def test_an_outlet_told_with_a_lone_lam_and_a_document_cue():
    assert sources("وكشفت ل«الرأي» مصادر مطلعة عن قرب التعديل الوزاري.") == [
        ("informed sources", "described", "الرأي")
    ]
    (r,) = attributions_for_text("وجاء في تقرير اللجنة، أن الميزانية تعاني عجزا.")
    assert (r["cue_lemma"], r["source"], r["rule"]) == (
        "جاء في",
        "committee",
        "prep:document-author",
    )


def test_the_rule_column_says_how_a_row_was_found():
    text = "وقال وزير الخارجية سامي خليل إن الحوار مستمر. وأضاف أن الوفد سيصل غدا."
    got = attributions_for_text(text, given(text, ("سامي خليل", "PER")))
    assert [r["rule"] for r in got] == ["verb-after:title-name", "verb-none"]


@pytest.mark.parametrize(
    ("text", "speech"),
    [
        ("وقال الوزير: الوضع مستقر ولا داعي للقلق.", "direct"),  # a colon, no quotation
        ("وقال الوزير إنه يتوقع «معركة طويلة» في الشمال.", "mixed"),  # quoted words
        ("وقال الوزير إن «الجهاديين الأجانب» غادروا المدينة.", "indirect"),  # a term
        ("وقال الوزير إن مقاتلي «داعش» غادروا المدينة.", "indirect"),  # a name
    ],
)
def test_speech_by_how_the_content_is_introduced_and_quoted(text, speech):
    (r,) = attributions_for_text(text)
    assert r["speech"] == speech


def test_an_interview_is_the_via_of_the_speakers_statements_across_the_article():
    text = (
        "قال المبعوث الدولي إلى ليبيا إن الحوار سيستأنف. "
        "وتحدث المبعوث الدولي في حواره مع قناة «الشرق» عن الانتخابات بقوله: «سنبدأ قريبا». "
        "وأضاف المبعوث الأممي لليبيا أن الأطراف وافقت."
    )
    names = (("ليبيا", "LOC"), ("الشرق", "MEDIA"), ("لليبيا", "LOC", "ليبيا"))
    got = attributions_for_text(text, given(text, *names))
    assert {(r["source"], r["via"]) for r in got} == {("المبعوث الدولي الي ليبيا", "الشرق")}
    assert len(got) == 4


def test_documents_by_their_author_and_media_as_one_head():
    assert sources("وبحسب معلومات قدمها مصدر مقرب من الملف، فإن مئة شخص غادروا.") == [
        ("source close to الملف", "described", None)
    ]
    assert sources("وذكرت وسائل إعلام محلية أن الطريق أغلق.") == [
        ("local media", "described", None)
    ]
    assert sources("لكن متحدثا باسم التحالف قال إن القادة فروا.") == [
        ("spokesperson (التحالف)", "described", None)
    ]


def test_an_outlet_cue_after_a_statement_is_its_via():
    text = "وقال الوزير سامي خليل إن الأسعار ستنخفض، وذلك وفق ما نقلته صحيفة «الشرق»."
    got = attributions_for_text(text, given(text, ("سامي خليل", "PER"), ("الشرق", "MEDIA")))
    assert [(r["source"], r["via"]) for r in got] == [("سامي خليل", "الشرق")]


def test_learned_from_is_a_relay():
    text = "وأفادت صحيفة «الشرق» أنها علمت من مصدر أمني أن المهاجم فر."
    got = attributions_for_text(text, given(text, ("الشرق", "MEDIA")))
    assert ("security source", "الشرق") in [(r["source"], r["via"]) for r in got]


# --- from the review of 2026-12-02 ----------------------------------------------------------


@pytest.mark.parametrize("text", ["قتل 5 أشخاص وفقا لـ", "بحسب لـ", "استنادا إلى ل"])
def test_a_cue_at_the_end_of_the_text_is_no_crash(text):
    assert attributions_for_text(text) == []


def test_the_verb_after_bihasab_ma_is_part_of_its_cue():
    got = attributions_for_text("وبحسب ما أعلنت وزارة الداخلية، فإن 5 أشخاص قتلوا.")
    assert [r["rule"] for r in got] == ["prep-what:body-name"]


def test_a_generic_source_does_not_keep_the_outlet_it_spoke_to():
    text = "وقال مصدر أمني لقناة «العربية» إن الهجوم فشل. وفي بغداد، قال مصدر أمني إن الطرق أغلقت."
    got = attributions_for_text(text, given(text, ("العربية", "MEDIA")))
    assert [r["via"] for r in got] == ["العربية", None]


def test_object_verbs_keep_a_nominative_subject_and_titles_stop_before_an_object():
    got = attributions_for_text("وقال الوزير إن الوضع مستقر. ودعا المتظاهرون إلى الإضراب العام.")
    assert [r["source"] for r in got] == ["minister", "المتظاهرون"]
    (r,) = attributions_for_text("ودعا المبعوث الأممي الأطراف إلى الحوار.")
    assert r["source"] == "المبعوث الاممي"


def test_a_bare_title_is_not_a_longer_office():
    text = (
        "وقال رئيس الوزراء العراقي حيدر العبادي إن المعركة انتهت. وقال الرئيس إن الانتخابات ستجرى."
    )
    got = attributions_for_text(text, given(text, ("العراقي", "NORP"), ("حيدر العبادي", "PER")))
    assert [r["source"] for r in got] == ["حيدر العبادي", "الرئيس"]


def test_a_place_after_a_body_noun_is_not_the_body():
    text = "وقالت شرطة دبي إن الطريق أغلق. وأضافت الشرطة أن التحقيق مستمر."
    got = attributions_for_text(text, given(text, ("دبي", "LOC")))
    assert "دبي" not in [r["source"] for r in got[1:]]


def test_a_lone_lam_before_a_quotation_is_an_outlet_only_before_a_source():
    (r,) = attributions_for_text("ودعا الوزير ل«حوار وطني شامل» بين الأطراف.")
    assert (r["source"], r["via"]) == ("minister", None)


def test_a_trailing_outlet_cue_is_cut_from_the_content():
    text = "وقال الوزير سامي خليل إن الأسعار ستنخفض، وذلك وفق ما نقلته صحيفة «الشرق»."
    (r,) = attributions_for_text(text, given(text, ("سامي خليل", "PER"), ("الشرق", "MEDIA")))
    assert r["content"] == "الأسعار ستنخفض"


# --- session 8: the outlet a statement came through -------------------------------------------


def test_an_indefinite_title_adjective_is_not_a_name():
    (r,) = attributions_for_text("وقال قائد عسكري لصحيفة «الشرق» إن القوات انسحبت من المدينة.")
    assert r["source_text"] == "قائد عسكري"
    text = "وقال قائد ميداني في جيش «الفتح» إن المعارك مستمرة."
    (r,) = attributions_for_text(text, given(text, ("الفتح", "ORG")))
    assert r["source"] != "ميداني" and r["source_text"].startswith("قائد ميداني")


def test_the_outlet_told_after_an_aside_between_commas():
    text = "وقال مسؤول في وزارة المالية، الذي طلب عدم ذكر اسمه، لصحيفة «الشرق» إن العجز تراجع."
    (r,) = attributions_for_text(text, given(text, ("الشرق", "MEDIA")))
    assert (r["via"], r["content"]) == ("الشرق", "العجز تراجع.")
    # an aside with no outlet after it changes nothing
    (r,) = attributions_for_text("وقال الوزير، في مؤتمر صحفي، إن الأسعار ستنخفض.")
    assert (r["source"], r["via"]) == ("minister", None)


@pytest.mark.parametrize("particle", ["فقد", "فلقد", "وقد"])
def test_a_statement_framed_by_an_outlet_after_an_auxiliary(particle):
    text = (
        "ونقلت صحيفة «الشرق» عن مصدر أن المفاوضات توقفت. "
        f"وبحسب الصحيفة البريطانية، {particle} أوضحت الوزيرة أن الحوار سيستأنف."
    )
    got = attributions_for_text(text, given(text, ("الشرق", "MEDIA")))
    assert ("minister", "الشرق") in [(r["source"], r["via"]) for r in got]


def test_an_outlet_named_in_latin_letters_after_its_noun():
    text = (
        "ونقلت شبكة NPR عن مسؤول أن الترحيل تأجل. "
        "وبحسب الإذاعة، فقد أوضحت الناطقة أن الموعد لم يحدد."
    )
    got = attributions_for_text(text)
    assert [r["via"] for r in got] == ["NPR", "NPR"]


def test_a_trailing_outlet_cue_replaces_the_outlet_relayed_until_then():
    text = (
        "وذكرت صحيفة «الغد» أن الرابطة أصدرت تقريرا. "
        "وأوضحت الرابطة أن الأسواق واعدة، حيث من المتوقع أن تنمو، وفقا لما نقلتة صحيفة «الشرق»."
    )
    got = attributions_for_text(text, given(text, ("الغد", "MEDIA"), ("الشرق", "MEDIA")))
    assert [(r["source"], r["via"]) for r in got][-1] == ("organisation", "الشرق")


# --- session 8: subjects, clause openers ----------------------------------------------------------


def test_a_prepositional_phrase_after_the_verb_is_not_its_subject():
    (r,) = attributions_for_text(
        "وكانت لجنة تحقيق في البرلمان قد رأت في تقرير نشر أمس أن الخطة فشلت."
    )
    assert r["source_text"].startswith("لجنة") and r["source"] != "report"
    got = attributions_for_text("وقال الوزير إن الخطة جاهزة. وقال في بيان إن الأسعار ستنخفض.")
    assert [r["source"] for r in got] == ["minister", "minister"]


@pytest.mark.parametrize("opener", ["لكنه", "إلا أنه", "غير أنه"])
def test_a_clause_opener_with_a_pronoun_opens_a_statement(opener):
    text = f"وقال الوزير سامي خليل إن الخطة جاهزة. {opener} أكد أن الأسعار لن ترتفع."
    got = attributions_for_text(text, given(text, ("سامي خليل", "PER")))
    assert [(r["source"], r["content"]) for r in got][1] == ("سامي خليل", "الأسعار لن ترتفع.")


@pytest.mark.parametrize("when", ["حين", "عندما"])
def test_a_statement_in_a_time_clause(when):
    text = f"وخسرت شركة «الأفق» أموالا كثيرة، {when} قالت الشركة إنها خسرت مليون دولار."
    got = attributions_for_text(text, given(text, ("الأفق", "ORG")))
    assert [(r["source"], r["content"]) for r in got] == [("الأفق", "خسرت مليون دولار.")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("وأعلن الجيش أمس مقتل 15 مسلحا في المدينة.", "مقتل 15 مسلحا في المدينة."),
        ("وأكدت وزارة الصحة ارتفاع عدد الإصابات إلى مئة.", "ارتفاع عدد الإصابات إلى مئة."),
        ("ونفى المتحدث باسم الشرطة وجود قوات أجنبية.", "وجود قوات أجنبية."),
        # a definite verbal noun with the preposition it governs
        ("وأعلنت الشركة العثور على مئتي ألف وحدة.", "العثور على مئتي ألف وحدة."),
        ("لكن الوزارة أعلنت لاحقا الانتهاء من بناء الجسر.", "الانتهاء من بناء الجسر."),
        ("وأكد المتحدث الكشف عن خلية نائمة.", "الكشف عن خلية نائمة."),
        # «أفاد» with «بـ» and a verbal noun
        ("وأفادت مصادر أمنية بمقتل 11 شخصا.", "بمقتل 11 شخصا."),
        (
            "وبينما أفاد مصدر طبي بارتفاع الحصيلة إلى 20 قتيلا، حذر النائب من الفتنة.",
            "بارتفاع الحصيلة إلى 20 قتيلا",
        ),
    ],
)
def test_a_verbal_noun_object_is_the_content(text, content):
    r = attributions_for_text(text)[0]
    assert r["content"] == content


@pytest.mark.parametrize(
    "text",
    [
        "وأعلن الوزير سامر خليل مدير المكتب السابق استقالته.",  # a title: the subject goes on
        "وأعلنت الشركة البرمجيات الجديدة.",  # a word with the article
        "وأكد الوزير.",  # nothing after the subject
        "وقال الجيش مقتل 15 مسلحا.",  # قال takes no such object
        "وتوقع انخفاض أسعار بيع الديزل في الأسواق.",  # a genitive after an indefinite noun
        "وأكد سامر خليل المشرف على اللجنة أهمية الحملة.",  # an office, not a verbal noun
    ],
)
def test_no_verbal_noun_content_where_the_subject_may_go_on(text):
    got = attributions_for_text(text)
    banned = ("مدير", "البرمجيات", "مقتل", "الديزل", "المشرف")
    assert all(not r["content"].startswith(banned) for r in got)


def test_a_quotation_after_a_short_adjunct_is_the_content():
    text = (
        "وأعلنت شركة «الأفق» أن اللقاح آمن. وقالت الشركة في بيان «جامعة القاهرة "
        "ولجنة الخبراء أكدتا أنه لا توجد أدلة على أي خطر»."
    )
    got = attributions_for_text(text, given(text, ("الأفق", "ORG"), ("جامعة القاهرة", "ORG")))
    assert got[-1]["speech"] == "direct" and got[-1]["content"].startswith("جامعة القاهرة")
    # a quoted name is no content: «منظمة «…» إن»
    text = "وقالت منظمة «أطباء من أجل الصالح العام» إن المراجعة انتهت."
    (r,) = attributions_for_text(text, given(text, ("أطباء من أجل الصالح العام", "ORG")))
    assert r["content"] == "المراجعة انتهت."


def test_a_feminine_verb_goes_back_to_the_feminine_source():
    text = (
        "وقالت منظمة «الأفق» إن الأسعار ارتفعت. وقال الوزير إن الخطة جاهزة. "
        "وأضافت المنظمة أن الفقر ازداد. وقال الوزير إن الدعم مستمر. وتابعت أن المساعدات تأخرت."
    )
    got = attributions_for_text(text, given(text, ("الأفق", "ORG")))
    assert [r["source"] for r in got] == ["الأفق", "minister", "الأفق", "minister", "الأفق"]


def test_headquarters_is_no_participle_of_a_cue():
    text = "وأفادت منظمة «الأفق» التي تتخذ مقرًا في لندن أن الإعدامات تضاعفت."
    got = attributions_for_text(text, given(text, ("الأفق", "ORG")))
    assert [r["cue"] for r in got] == ["وأفادت"]


def test_an_outlet_named_between_the_source_and_the_content_is_the_via():
    text = "وقال المرصد في بيان تلقت وكالة الأنباء الألمانية (د. ب. أ) نسخة منه إن 170 مدنيا قتلوا."
    (r,) = attributions_for_text(text)
    assert (r["via"], r["content"]) == ("Deutsche Presse-Agentur", "170 مدنيا قتلوا.")


def test_a_clitic_content_after_the_subject_modifiers_and_a_time_word_between_commas():
    text = "أقر التحالف الدولي بقيادة فرنسا في مالي والنيجر، الجمعة، بمقتل ثلاثة مدنيين."
    (r,) = attributions_for_text(text)
    assert r["content"] == "بمقتل ثلاثة مدنيين."


def test_the_prosecution_is_no_court():
    got = attributions_for_text(
        "وأعلنت النيابة العامة أن المتهمين أوقفوا. وقالت المحكمة إن الجلسة أرجئت."
    )
    assert [r["source"].split()[0] for r in got] == ["prosecution", "court"]


@pytest.mark.parametrize("adverb", ["رسميا", "مجدداً", "أمس"])
def test_an_adverb_after_the_verb_is_no_subject(adverb):
    text = f"يذكر أن رئيس الوزراء الياباني قد أعلن {adverb} أن الانتشار انتهى."
    (r,) = attributions_for_text(text)
    assert r["source_text"].startswith("رئيس الوزراء")


def test_a_nationality_and_its_adjective_after_a_title_are_no_name():
    (r,) = attributions_for_text("وقال السفير الكوري الجنوبي إن العلاقات جيدة.")
    assert r["source"] != "الكوري" and "الجنوبي" in r["source_text"]


def test_a_verb_after_a_comma_shares_the_subject_its_sentence_opened_with():
    text = (
        "وقال الوزير إن الوضع مستقر. لكن محكمة الاستئناف أعادت دراسة الملف، "
        "واعتبرت أن الأمر لم يكن دخولا غير شرعي."
    )
    got = attributions_for_text(text)
    assert got[1]["source_text"].startswith("محكمة الاستئناف")
    # no agreement, no sharing: «المسلحون … وأضافت» goes back to the speaker before
    text = "وقالت الشرطة إن الطريق أغلق. المسلحون هاجموا القرية، وأضافت أن الهجوم فشل."
    assert [r["source"] for r in attributions_for_text(text)] == ["police", "police"]


def test_the_verb_says_the_gender_of_the_person_it_introduces():
    text = (
        "وقالت جامعة «الأفق» إن المخطوطة قديمة. وقالت سوزان ورال، مديرة المكتبة، "
        "إن الكشف مهم. وأضافت أن الباحثين سعداء."
    )
    got = attributions_for_text(text, given(text, ("الأفق", "ORG"), ("سوزان ورال", "PER")))
    assert [r["source"] for r in got][-1] == "سوزان ورال"


def test_a_verb_and_its_participle_are_one_cue():
    text = "وقال الوزير إن الخطة جاهزة. وأردف قائلا: «لا يزال هناك عمل كثير أمامنا في المدن»."
    got = attributions_for_text(text)
    assert [r["cue"] for r in got] == ["وقال", "وأردف"]


def test_going_on_saying_is_a_statement():
    text = "وقال الوزير إن الخطة جاهزة. ومضى يقول: «لا يزال هناك عمل كثير أمامنا في المدن»."
    got = attributions_for_text(text)
    assert [(r["cue"], r["source"], r["speech"]) for r in got][1] == ("يقول", "minister", "direct")


# --- from the review of this session's changes ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "قال علي الأحمد إن الوضع خطير.",  # «علي» is also «على»: a name opens the subject
        "وقال إمام المسجد إن الصلاة أقيمت.",  # «إمام» is no preposition
        "وقالت ناديا إن الوضع صعب.",  # a name in «يا» is no adverb
    ],
)
def test_words_that_look_like_prepositions_or_adverbs_can_be_subjects(text):
    assert len(attributions_for_text(text)) == 1


def test_a_name_that_is_also_an_adjective_after_a_definite_title():
    (r,) = attributions_for_text("وقال الرئيس الإيراني رئيسي إن الاتفاق جيد.")
    assert r["source"] == "رئيسي"


def test_a_participle_or_a_time_clause_is_no_name_after_a_title():
    text = "وقال الوزير إن الخطة جاهزة. وأردف الوزير قائلا: «لا يزال أمامنا عمل كثير في المدن»."
    assert [r["source"] for r in attributions_for_text(text)] == ["minister", "minister"]
    (r,) = attributions_for_text("وقال الوزير عندما سئل عن الأمر إن الخطة جاهزة.")
    assert r["source"] == "minister"


def test_a_led_by_phrase_continues_the_subject_before_the_content():
    (r,) = attributions_for_text("نددت الحكومة بقيادة حزب العدالة بالهجوم على السفارة.")
    assert r["content"] == "بالهجوم على السفارة."


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("أعلن مسؤول كبير انتهاء العملية العسكرية.", "انتهاء العملية العسكرية."),
        ("نفى مسؤول رفيع المستوى وجود قوات أجنبية.", "وجود قوات أجنبية."),
        ("أكد شهود عيان سماع دوي انفجار قوي.", "سماع دوي انفجار قوي."),
    ],
)
def test_an_adjective_of_an_indefinite_subject_is_not_the_content(text, content):
    (r,) = attributions_for_text(text)
    assert r["content"] == content


def test_a_second_subject_with_wa_is_not_a_verbal_noun_content():
    got = attributions_for_text("أعلن الجيش وقوات الأمن مقتل 10 مسلحين.")
    assert not any(r["content"].startswith("وقوات") for r in got)


def test_a_sentence_whose_first_word_after_its_subject_is_its_verb_shares_no_name():
    got = attributions_for_text("الوزير استقبل السفير الفرنسي، وأكد أن بلاده تدعم الحل.")
    assert all(r["source"] != "استقبل" for r in got)


def test_an_outlet_named_in_the_adjunct_is_no_via_without_a_verb_of_receiving():
    text = "وقالت الوزارة في بيان ينفي ما نشرته صحيفة «الغد» إن الخبر كاذب."
    (r,) = attributions_for_text(text, given(text, ("الغد", "MEDIA")))
    assert r["via"] is None
    text = "وفي رسالة وجهها فريق الدفاع إلى صحيفة «الغد»، قال محامون إن موكلتهم بريئة."
    (r,) = attributions_for_text(text, given(text, ("الغد", "MEDIA")))
    assert r["via"] == "الغد"


def test_the_document_noun_again_is_the_author_of_the_statement_made_in_it():
    text = (
        "وأوضح التحالف في بيان أنه أنهى درس 159 بلاغا. وأورد البيان أن مدنيين قتلا. "
        "وقالت المنظمة في دراستها إن الفقر ازداد. وأضافت الدراسة أن الأجور انخفضت."
    )
    got = attributions_for_text(text, given(text, ("التحالف", "ORG")))
    assert [r["source"] for r in got] == ["التحالف", "التحالف", "organisation", "organisation"]


def test_a_document_the_text_gave_before_is_not_the_speakers_own():
    text = (
        "ونقل التقرير عن مدير الصندوق سامي خليل أن الأنشطة توسعت. "
        "وأشار خليل في التقرير إلى أن الأرقام قياسية. وأوضح التقرير أن المشاريع تركز على الماء."
    )
    got = attributions_for_text(text, given(text, ("سامي خليل", "PER")))
    assert got[-1]["source"] != "سامي خليل"
    # nor is another document noun («الدراسات» after «في بيان»)
    text = "وأضاف الوزير في بيان أن الأسعار ستنخفض. وتشير الدراسات إلى أن الطلب سيرتفع."
    assert attributions_for_text(text)[-1]["source"] != "minister"


def test_a_long_adjunct_then_a_comma_and_inna_opens_the_content():
    text = (
        "وقال لصحيفة «الغد» الخبير سامي خليل من إدارة الاتصالات والإعلام في المنظمة "
        "الدولية في أسئلة طرحتها الصحيفة حول تأخر القضاء على الوباء في البلاد وسرعة "
        "القضاء عليه في الجوار، إن مصدر الانتشار كان فردا واحدا."
    )
    got = attributions_for_text(text, given(text, ("الغد", "MEDIA"), ("سامي خليل", "PER")))
    assert [(r["source"], r["content"]) for r in got] == [
        ("سامي خليل", "مصدر الانتشار كان فردا واحدا.")
    ]


def test_a_quoted_outlet_after_a_lone_lam_before_a_person_is_told():
    text = "وقال ل«الغد» سامي خليل إن الخطة جاهزة."
    (r,) = attributions_for_text(text, given(text, ("سامي خليل", "PER")))
    assert (r["source"], r["via"]) == ("سامي خليل", "الغد")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("وقال مصدر قضائي عراقي إن المحكمة أصدرت حكمها.", "Iraqi judicial source"),
        ("وقال مسؤول طبي إن 20 شخصا أصيبوا.", "medical official"),
        ("وقالت مصادر عشائرية إن القتال توقف.", "tribal sources"),
        ("وقال وزير المالية اليوناني إن المفاوضات ستبدأ.", "Greek finance minister"),
        # English puts the adjectives in the reverse of the Arabic order
        ("وقالت تقارير إعلامية محلية إن القتال توقف.", "local media reports"),
        ("وقال مسؤول أمني كبير إن القتال توقف.", "senior security official"),
    ],
)
def test_a_description_is_named_by_all_its_adjectives(text, source):
    (r,) = attributions_for_text(text)
    assert r["source"] == source


def test_a_relative_pronoun_after_a_source_goes_back_to_it():
    text = (
        "وقتل نحو 300 مقاتل حسب معلومات قدمها مصدر مقرب من الملف مطلع آذار/مارس، "
        "الذي أوضح أيضا أن 730 بالغا لا يزالون هناك."
    )
    rows = attributions_for_text(text)
    assert [r["source"] for r in rows] == ["source close to الملف"] * 2
    assert rows[1]["content"].startswith("730 بالغا") and rows[1]["rule"].endswith("relative")
    text = "وفقا لما أعلنته وزارة الطاقة أمس، التي أشارت إلى أن القرار جاء دعما للاقتصاد."
    assert [r["cue"] for r in attributions_for_text(text)] == ["وفقا لما أعلنته", "أشارت"]
    # the pronoun must agree, and follow the source closely
    text = "حسب معلومات قدمها مصدر مقرب من الملف، التي أوضحت أن 730 بالغا لا يزالون هناك."
    assert len(attributions_for_text(text)) == 1
    text = "قال الوزير إن الجيش سيطر على المدينة بعد قتال عنيف، الذي قال إنه انتهى."
    assert len(attributions_for_text(text)) == 1


def test_statements_are_a_source_by_their_author_only():
    text = "وتضم الدار 15 طفلا، وفقا لتصريحات أدلى بها مسؤول بوزارة الخارجية العراقية."
    (r,) = attributions_for_text(text)
    assert r["source"].startswith("official at ") and r["rule"] == "prep:document-author"
    text = "وستبدأ المفاوضات قريبا، حسب تصريحات وزير الخارجية الأمريكي جون كيري."
    assert [r["source"] for r in attributions_for_text(text)] == ["John Kerry"]
    # alone, statements are what a cue is about, not who speaks
    assert attributions_for_text("وانتقد الوزير تصريحات المعارضة.") == []
    text = "أعلن الوزير أن الحرب انتهت. وقال في تصريحات للصحفيين إن القتال توقف."
    assert [r["source"] for r in attributions_for_text(text)] == ["minister", "minister"]


def test_a_title_is_not_a_name_of_what_it_is_the_title_of():
    # «للفريق»: ل and the article, no word of a name after a title
    (r,) = attributions_for_text("وقال اللواء للفصائل إن القتال توقف.")
    assert r["source"] == "اللواء للفصائل" and r["rule"] == "verb-after:title"


def test_an_outlet_that_only_frames_a_statement_is_no_speaker_to_go_back_to():
    text = (
        "وأكدت المستشارة سوزان رايس أن «العلاقات جيدة»، حسب ما نقلته وكالة رويترز. "
        "وأضافت أن الزيارة مهمة."
    )
    rows = attributions_for_text(text)
    assert [(r["source"], r["via"]) for r in rows] == [("سوزان رايس", "Reuters")] * 2
    assert rows[0]["content"] == "«العلاقات جيدة»"


@pytest.mark.parametrize(
    ("outlet", "canonical"),
    [
        ("وكالة شينخوا", "Xinhua News Agency"),
        ("شبكة بلومبيرغ", "Bloomberg"),
        ("وكالة الأنباء الكويتية (كونا)", "Kuwait News Agency"),
        ("صحيفة هآرتس", "Haaretz"),
        ("وكالة الصحافة الفرنسية", "Agence France-Presse"),
    ],
)
def test_outlets_of_the_gazetteer_are_named_by_their_canonical_name(outlet, canonical):
    (r,) = attributions_for_text(f"وارتفع السعر بنحو 11 في المئة، وفقا لـ{outlet}.")
    assert r["source"] == canonical and r["source_type"] == "media"


def test_a_document_is_the_source_of_its_author_and_the_document_named_again_too():
    text = (
        "أفاد تقرير صادر عن منظمة الإغاثة الدولية أن أكثر من 90 % من السكان يعانون. "
        "وجاء في التقرير أن معظم الوفيات تسجل في آسيا. "
        "وبحسب هذه البيانات، يموت نحو سبعة ملايين شخص سنويا."
    )
    rows = attributions_for_text(text)
    assert len(rows) == 3 and len({r["source"] for r in rows}) == 1
    assert rows[0]["rule"].endswith("document-author")
    assert rows[1]["content"] == "معظم الوفيات تسجل في آسيا."  # no «أن» left
    # after a relative pronoun, with a masculine or feminine verb
    text = "غير أن البيانات التي أصدرها البنك المركزي أظهرت أن المملكة لن تواجه أزمة."
    assert attributions_for_text(text)[0]["source"] == "البنك المركزي"
    text = "وأظهر التقرير الذي نشرته منظمة العفو الدولية أن السجون مكتظة."
    assert attributions_for_text(text)[0]["source"] == "Amnesty International"
    # a relative pronoun with no document verb after it is no author
    text = "وقال الرجل الذي نشره الموقع إن الوضع صعب."
    assert attributions_for_text(text)[0]["source"] == "الرجل"


def test_a_body_named_with_its_nationality_is_the_one_a_later_description_means():
    text = (
        "وطورت اللقاح شركة «فاكسيرا» الفرنسية. "
        "وقالت الشركة الفرنسية في بيان إن اللقاح آمن. "
        "وقالت الشركة الأمريكية إن اللقاح غير آمن."
    )
    rows = attributions_for_text(text)
    assert [r["source"] for r in rows][:1] == ["فاكسيرا"]
    assert rows[1]["source"] != "فاكسيرا"  # another nationality: another company


def test_a_document_named_again_is_its_own_author_even_after_another_document():
    text = (
        "أفاد تقرير صادر عن منظمة الإغاثة الدولية أن الأمراض تنتشر. "
        "وحذرت وزارة الصحة في بيان من أن المياه ملوثة. "
        "وجاء في التقرير أن معظم الوفيات تسجل في آسيا. "
        "وأضاف البيان أن الفرق الطبية جاهزة."
    )
    rows = attributions_for_text(text)
    assert rows[2]["source"] == rows[0]["source"]  # the report's author
    assert rows[3]["source"] == rows[1]["source"]  # the statement's author


def test_the_writers_aside_on_a_named_place_ends_the_content():
    text = (
        "وأعرب الوكيل عن قلقه من انتشار الأوبئة في الفلبين، ذلك البلد الذي يناهز عدد "
        "سكانه نحو 100 مليون نسمة."
    )
    (r,) = attributions_for_text(text)
    assert r["content"] == "قلقه من انتشار الأوبئة في الفلبين"
    # inside a quotation the words are the speaker's own
    (r,) = attributions_for_text("وقال الوزير: «نحن في الفلبين، ذلك البلد الذي نحبه».")
    assert "ذلك البلد الذي نحبه" in r["content"]


def test_a_content_runs_on_over_the_sentences_that_go_on_with_fa():
    text = (
        "وأوضح المتحدث باسم المنظمة أنه على صعيد الإحصائيات العالمية تغير الكثير. "
        "فقد تم إبلاغ المنظمة بوجود 1382 حالة. وقال الوزير إن الوضع مستقر."
    )
    rows = attributions_for_text(text)
    assert rows[0]["content"].endswith("بوجود 1382 حالة.")
    assert rows[1]["content"] == "الوضع مستقر."
    # not over a sentence with a statement of its own, nor past a content cut short
    text = "وأكد الوزير أن الوضع مستقر. فقد قال الرئيس إن الحرب انتهت."
    assert attributions_for_text(text)[0]["content"] == "الوضع مستقر."
    text = "وأكد الوزير أن الوضع «مستقر» بحسب الصحيفة. فقد انتهت الحرب."
    assert "انتهت" not in attributions_for_text(text)[0]["content"]


def test_a_title_reaches_its_name_over_a_body_whose_name_holds_a_function_word():
    text = "وأبلغ رئيس الإف بي آي جايمس كومي اللجنة أن حوالى 200 أميركي سافروا."
    (r,) = attributions_for_text(text)
    assert r["source"] == "جايمس كومي"


def test_a_title_abbreviated_with_a_dot_reaches_its_name():
    (r,) = attributions_for_text("وقال د. يوسف البنيان إن الشركة حققت أرباحا.")
    assert (r["source"], r["rule"]) == ("يوسف البنيان", "verb-after:title-name")
    # a sentence's full stop after a title is still one
    rows = attributions_for_text("وقال الدكتور. يوسف البنيان يعمل هنا.")
    assert all(r["source"] != "يوسف البنيان" for r in rows)


def test_a_document_for_its_author_with_lam():
    text = "أكد تقرير لمنظمة حقوقية أن التنظيم استفاد ماليا من تصدير مواد خام."
    (r,) = attributions_for_text(text)
    assert (r["source"], r["rule"]) == ("human rights organisation", "verb-after:document-author")
    text = "وقال بيان لوزارة الخارجية إن الوزير سيزور باريس."
    assert attributions_for_text(text)[0]["rule"].endswith("document-author")
    # ل of a time or a purpose names no author
    text = "وأظهر تقرير للعام الماضي أن الأرباح تراجعت."
    assert attributions_for_text(text)[0]["source"] == "report"


def test_a_persons_kin_speak_not_the_person():
    (r,) = attributions_for_text("وقال والد أحمد الخطيب إن ابنه بريء.")
    assert (r["source"], r["rule"]) == ("father of احمد الخطيب", "verb-after:kin-of")
    (r,) = attributions_for_text("وتطالب عائلة سامر الأحمد بإعادته إلى فرنسا.")
    assert r["source"].startswith("family of ")


def test_a_relative_pronoun_after_a_named_entity_gives_the_cue_its_source():
    text = "ومن هؤلاء النائب الجمهوري دينيس روس الذي أوضح أنه يميل لرفض الاتفاق."
    (r,) = attributions_for_text(text)
    assert (r["source"], r["rule"]) == ("دينيس روس", "verb-none:relative")
    # a place is no speaker, and the pronoun must agree with a person
    assert attributions_for_text("وزار الوفد مدينة الموصل التي قال إنها مدمرة.") == []
