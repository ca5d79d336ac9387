"""Entity tagging: the gazetteer backend on the seeds and on sentences written for the tests."""

from __future__ import annotations

import ast
import re
import tomllib

import pandas as pd
import pytest
from conftest import ROOT, SHARED

import corpus_tools as ct
from corpus_tools.extract import entities
from corpus_tools.extract.entities import (
    Title,
    default_gazetteer,
    document_entities,
    nisba_forms,
    tag_text,
    title_at,
    titled_person,
)
from corpus_tools.resources import PACKAGE_DATA
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.tokens import CONJUNCTIONS, tokenize

GOLD = ROOT / "tests" / "data" / "seed_entities.csv"
ANERCORP = SHARED / "eval" / "ner" / "ANERCorp_CamelLab_test.txt"


def found(sentence: str) -> list[tuple[str, str]]:
    return [(r["text"], r["canonical"]) for r in tag_text(sentence, backend="gazetteer")]


# --- the data file -------------------------------------------------------------------


def test_gazetteer_file_is_well_formed():
    data = tomllib.loads((PACKAGE_DATA / "entities.toml").read_text(encoding="utf-8"))
    ids = [e["id"] for e in data["entity"]]
    assert len(ids) == len(set(ids)), "duplicate entity ids"
    for ent in data["entity"]:
        assert re.fullmatch(r"Q\d+|ct:[a-z]+:[a-z0-9-]+", ent["id"]), ent["id"]
        assert ent["label"] in ct.extract.entities.LABELS
        assert ent.get("forms") or ent.get("nisba"), ent["id"]
        for form in ent.get("needs_context", []):
            assert form in ent["forms"], (ent["id"], form)


def test_gazetteer_covers_the_domain():
    gz = default_gazetteer()
    by_label = pd.Series([e.label for e in gz.entities.values()]).value_counts()
    assert by_label["LOC"] >= 120 and by_label["NORP"] >= 60
    assert by_label["MEDIA"] >= 30 and by_label["ORG"] >= 40 and by_label["PER"] >= 15
    kinds = {e.kind for e in gz.entities.values()}
    assert {"country", "city", "governorate", "armed_group", "agency", "newspaper"} <= kinds
    for name in ["الرقة", "الموصل", "غازي عنتاب", "جبهة النصرة", "وكالة سانا", "رويترز"]:
        assert gz.lookup(name) is not None, name


def test_no_form_is_claimed_by_two_entities():
    """Read from the file itself: a written form names one entity only."""
    data = tomllib.loads((PACKAGE_DATA / "entities.toml").read_text(encoding="utf-8"))
    owner: dict[tuple[str, ...], str] = {}
    for ent in data["entity"]:
        for form in ent.get("forms", []) + ent.get("demonym_forms", []):
            key = tuple(tokenize(normalize_for_matching(form)))
            assert owner.setdefault(key, ent["id"]) == ent["id"], (form, owner[key], ent["id"])


# --- matching mechanics ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "clitic"),
    [("قاتلوا فبالعراق", "فب"), ("وقال للمرصد السوري", "ل"), ("دخل داعش", "")],
)
def test_clitics_of_the_first_word_are_reported(sentence, clitic):
    (row,) = tag_text(sentence)
    assert row["clitic"] == clitic and row["text"].startswith(clitic)


def test_a_form_is_found_only_as_whole_words_joined_by_spaces_or_quotes():
    assert found("وصلوا إلى غازي «عنتاب»") == [("غازي «عنتاب", "Gaziantep")]
    assert found("وصلوا إلى غازي، عنتاب") == [("عنتاب", "Gaziantep")]  # «عنتاب» alone


def test_nisba_forms_inflect_and_take_the_article():
    forms = nisba_forms("فرنسي")
    for form in ["فرنسي", "فرنسية", "فرنسيون", "فرنسيين", "الفرنسيين", "الفرنسيات", "فرنسيا"]:
        assert form in forms


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # clitics and spelling variants
        ("ونقلت الجارديان عن مسؤولين", [("الجارديان", "The Guardian")]),
        (
            "وبحسب للمرصد السوري لحقوق الإنسان",
            [("للمرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights")],
        ),
        (
            "عادوا إلى بلادهم وبريطانيا وفرنسا",
            [("وبريطانيا", "United Kingdom"), ("وفرنسا", "France")],
        ),
        ("فر عشرات بسورية ولداعش أنصار", [("بسورية", "Syria"), ("ولداعش", "Islamic State")]),
        ("سافر إلى سوريّة عبر أنقرة", [("سوريّة", "Syria"), ("أنقرة", "Ankara")]),
        (
            "مقاتلو تنظيم الدولة الإسلامية في العراق والشام",
            [("تنظيم الدولة الإسلامية في العراق والشام", "Islamic State")],
        ),
        # nationalities in their inflections
        ("قتل مقاتلان فرنسيان ومقاتل فرنسي", [("فرنسيان", "French"), ("فرنسي", "French")]),
        ("أعاد الأتراك 20 مقاتلاً سعودياً", [("الأتراك", "Turkish"), ("سعودياً", "Saudi")]),
        ("تواصل الفرنسيون مع سفاراتهم", [("الفرنسيون", "French")]),
        (
            "شيشانيون وتونسيات وأوزبكي",
            [("شيشانيون", "Chechen"), ("وتونسيات", "Tunisian"), ("وأوزبكي", "Uzbek")],
        ),
        # entities the seeds do not contain
        ("نقلت «رويترز» عن مصادر في الموصل", [("رويترز", "Reuters"), ("الموصل", "Mosul")]),
        (
            "وصلوا إلى غازي عنتاب ثم إلى اسطنبول",
            [("غازي عنتاب", "Gaziantep"), ("اسطنبول", "Istanbul")],
        ),
        (
            "اشتبكت هيئة تحرير الشام مع قسد",
            [("هيئة تحرير الشام", "al-Nusra Front"), ("قسد", "Syrian Democratic Forces")],
        ),
        ("قال أردوغان في أنقرة", [("أردوغان", "Recep Tayyip Erdoğan"), ("أنقرة", "Ankara")]),
        (
            "وذكرت وكالة الأناضول أن الإنتربول",
            [("وكالة الأناضول", "Anadolu Agency"), ("الإنتربول", "Interpol")],
        ),
        (
            "في ريف حلب الشرقي ومحافظة دير الزور",
            [("ريف حلب", "Aleppo Governorate"), ("ومحافظة دير الزور", "Deir ez-Zor Governorate")],
        ),
        ("ذكرت صحيفة «لوموند» الفرنسية", [("لوموند", "Le Monde"), ("الفرنسية", "French")]),
        # places that are also common words need their context
        (
            "فروا إلى مدن منبج، الطبقة، الرقة",
            [("منبج", "Manbij"), ("الطبقة", "Tabqa"), ("الرقة", "Raqqa")],
        ),
        ("اقتحموا الباب الرئيسي للمبنى", []),
        ("تتسع الطبقة الوسطى في البلاد", []),
        ("وصلوا إلى القاعدة العسكرية", []),
        (
            "قاتل مع تنظيم القاعدة وداعش والقاعدة",
            [("تنظيم القاعدة", "al-Qaeda"), ("وداعش", "Islamic State"), ("والقاعدة", "al-Qaeda")],
        ),
        # words that merely contain an entity's name
        ("أغلق المصرف العراقيل أمام تركيبة جديدة", []),
        ("والهزائم التى يمنى بها التنظيم", []),
        ("السوريالية والتركمانستانية", []),
    ],
)
def test_handwritten_sentences(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("وقال المدعو «أبو عمر» إن", "ابو عمر"),
        ("أكد أبو محمد الشامي أنه غادر", "ابو محمد الشامي"),
        ("قال مقاتل يدعى خالد الحربي إنه", "خالد الحربي"),
        ("صرح وزير الخارجية البريطاني بوريس جونسون بأن", None),  # in the gazetteer
        ("قال المتحدث باسم البنتاغون جون كيربي إن", "جون كيربي"),
        ("وقال العقيد أحمد الزعبي للصحيفة", "احمد الزعبي"),
        ("أبو شجى ويترأس شبكة", "ابو شجي"),
    ],
)
def test_unknown_persons_are_found_by_pattern(sentence, name):
    rows = [r for r in tag_text(sentence) if r["label"] == "PER"]
    assert len(rows) == 1
    if name is None:
        assert rows[0]["backend"] == "gazetteer"
    else:
        assert rows[0]["backend"] == "pattern" and rows[0]["canonical"] == name
        assert rows[0]["entity_id"].startswith("ct:per:")


def test_unknown_outlet_in_quotes_after_a_media_word():
    rows = tag_text("ونقلت صحيفة «نوردن بلات» الألمانية عن مصادر")  # not in the gazetteer
    media = [r for r in rows if r["label"] == "MEDIA"]
    assert [(r["text"], r["backend"]) for r in media] == [("نوردن بلات", "pattern")]
    # one the gazetteer knows takes its name from there
    rows = tag_text("ونقلت صحيفة «دي فيلت» الألمانية عن مصادر")
    media = [r for r in rows if r["label"] == "MEDIA"]
    assert [(r["text"], r["canonical"]) for r in media] == [("دي فيلت", "Die Welt")]


def test_offsets_point_at_the_words_and_clitics_are_reported():
    text = "وقالت «الغارديان» إن مقاتلين للمرصد السوري"
    for r in tag_text(text):
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["text"].startswith(r["clitic"])
    assert [r["clitic"] for r in tag_text(text)] == ["", "ل"]


def test_user_entity_file_adds_entities_and_forms(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        """
[[entity]]
id = "ct:per:jane-doe"
canonical = "Jane Doe"
label = "PER"
forms = ["جين دو"]

[[entity]]
id = "Q11148"
canonical = "The Guardian"
label = "MEDIA"
forms = ["الگارديان"]
""",
        encoding="utf-8",
    )
    arts = pd.DataFrame({"article_id": ["x"], "text": ["قالت جين دو لصحيفة الگارديان"]})
    out = ct.tag_entities(arts, backend="gazetteer", entities=extra)
    assert out["canonical"].tolist() == ["Jane Doe", "The Guardian"]
    # the package's own gazetteer is untouched
    assert default_gazetteer().lookup("جين دو") is None


def test_bad_user_entity_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nid = "x"\ncanonical = "X"\nlabel = "PERSON"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml"):
        ct.load_gazetteer(bad)


# --- the seeds ------------------------------------------------------------------------


def test_seed_entities_match_the_hand_checked_list(seeds):
    """Every mention a careful reader finds in the seeds, and nothing else."""
    gold = pd.read_csv(GOLD, dtype={"article": "str"})
    pred = ct.tag_entities(seeds, backend="gazetteer")
    pred = pred.assign(article=pred["article_id"].str[:3])
    got = set(
        pred[["article", "start", "end", "text", "label", "canonical"]].itertuples(index=False)
    )
    want = set(gold.itertuples(index=False, name=None))
    got = {tuple(r) for r in got}
    assert sorted(want - got) == [], "missed"
    assert sorted(got - want) == [], "spurious"


def test_seed_key_entities(seeds):
    ents = ct.tag_entities(seeds, backend="gazetteer")
    per_article = ents.groupby(ents["article_id"].str[:3])["canonical"].agg(set)
    assert {
        "The Wall Street Journal",
        "Islamic State",
        "Turkey",
        "Raqqa",
        "Istanbul",
    } <= per_article["000"]
    assert {"The Daily Telegraph", "United States Congress", "French"} <= per_article["001"]
    assert {"The Guardian", "al-Nusra Front", "Idlib", "Manbij", "Saudi", "ابو سعد"} <= per_article[
        "002"
    ]
    assert {"The Guardian", "UK Foreign Office", "Mosul", "British"} <= per_article["003"]
    assert {
        "The New York Times",
        "Jim Mattis",
        "Institute for the Study of War",
        "Syrian Observatory for Human Rights",
        "al-Qaeda",
        "Euphrates valley",
    } <= per_article["004"]


def test_table_contract(seeds):
    ents = ct.tag_entities(seeds, backend="gazetteer")
    assert list(ents.columns) == ct.contract("entities").names
    assert ents["sent_id"].dtype == "int64" and ents["start"].dtype == "int64"
    texts = dict(zip(seeds["article_id"], seeds["text"], strict=True))
    sents = ct.sentences(seeds).set_index(["article_id", "sent_id"])
    for r in ents.itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
        s = sents.loc[(r.article_id, r.sent_id)]
        assert s["start"] <= r.start and r.end <= s["end"]
    assert set(ents["label"]) <= set(ct.extract.entities.LABELS)


def test_empty_and_missing_text():
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["", None]})
    out = ct.tag_entities(arts, backend="gazetteer")
    assert out.empty and list(out.columns) == ct.contract("entities").names
    with pytest.raises(KeyError, match="clean_corpus"):
        ct.tag_entities(pd.DataFrame({"article_id": ["a"]}))
    with pytest.raises(ValueError, match="backend"):
        ct.tag_entities(arts, backend="spacy")


def test_entity_counts(seeds):
    counts = ct.entity_counts(ct.tag_entities(seeds, backend="gazetteer"), top=3)
    guardian = counts[counts["canonical"] == "The Guardian"].iloc[0]
    assert guardian["articles"] == 2 and "الجارديان" in guardian["forms"]
    assert counts.groupby("label").size().max() <= 3


# --- evaluation -------------------------------------------------------------------------


def test_evaluate_entities_counts_and_leniency():
    gold = pd.DataFrame(
        {
            "article_id": ["a"] * 3,
            "start": [0, 10, 20],
            "end": [5, 15, 25],
            "label": ["PER", "LOC", "ORG"],
        }
    )
    pred = pd.DataFrame(
        {
            "article_id": ["a"] * 3,
            "start": [0, 9, 30],
            "end": [5, 15, 35],
            "label": ["PER", "LOC", "ORG"],
        }
    )
    exact = ct.evaluate_entities(pred, gold).set_index("label")
    assert exact.loc["PER", "f1"] == 1.0 and exact.loc["LOC", "tp"] == 0
    assert exact.loc["ALL", "precision"] == pytest.approx(1 / 3, abs=1e-4)
    lenient = ct.evaluate_entities(pred, gold, match="overlap").set_index("label")
    assert lenient.loc["LOC", "tp"] == 1 and lenient.loc["ORG", "fp"] == 1


def test_read_bio(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(
        "قال O\nجيم B-PERS\nماتيس I-PERS\nفي O\nسوريا B-LOC\n\nبغداد B-LOC\n", encoding="utf-8"
    )
    arts, gold = ct.read_bio(path)
    assert arts["text"].tolist() == ["قال جيم ماتيس في سوريا", "بغداد"]
    assert gold[["start", "end", "label"]].values.tolist() == [
        [4, 13, "PER"],
        [17, 22, "LOC"],
        [0, 5, "LOC"],
    ]


@pytest.mark.skipif(not ANERCORP.exists(), reason="needs ../shared/eval/ner")
def test_anercorp_scores_stay_at_the_reported_level():
    """The README reports these scores; a regression below them fails here."""
    arts, gold = ct.read_bio(ANERCORP)
    pred = ct.tag_entities(arts, backend="gazetteer")
    pred = pred.assign(label=pred["label"].replace({"MEDIA": "ORG"}))
    scores = ct.evaluate_entities(pred, gold, labels=["PER", "LOC", "ORG"]).set_index("label")
    assert scores.loc["LOC", "precision"] >= 0.85 and scores.loc["LOC", "recall"] >= 0.6
    assert scores.loc["ALL", "precision"] >= 0.75


def test_a_surname_form_after_another_given_name_is_someone_else():
    assert found("قالت السيدة الأولى ميشيل أوباما") == [("ميشيل أوباما", "ميشيل اوباما")]
    assert found("قال أوباما إن") == [("أوباما", "Barack Obama")]


# --- one prepared document ----------------------------------------------------------------


def test_document_entities_are_tag_text_rows_with_their_sentence():
    text = "قال المدعو «أبو سعد» إنه غادر. ثم وصل إلى تركيا عبر «الموصل»."
    doc = Document(text)
    rows = document_entities(doc)
    assert [r["sent_id"] for r in rows] == [0, 1, 1]
    assert [{k: v for k, v in r.items() if k != "sent_id"} for r in rows] == tag_text(text)
    for r in rows:
        s, e = doc.sentences[r["sent_id"]]
        assert s <= r["start"] < r["end"] <= e


def test_the_gazetteer_and_the_patterns_can_be_chosen():
    text = "قال العقيد أحمد الزعبي لصحيفة الغارديان"
    assert [r["backend"] for r in tag_text(text)] == ["pattern", "gazetteer"]
    assert [r["backend"] for r in tag_text(text, patterns=False, backend="gazetteer")] == [
        "gazetteer"
    ]
    # without the patterns, the trained tagger still finds the name
    assert [r["backend"] for r in tag_text(text, patterns=False)] == ["tagger", "gazetteer"]


def test_every_token_that_starts_something_is_found_by_the_document_scan(seeds):
    """The scan's set of written forms holds every token whose readings start a form or a
    pattern (it is built from the clitics ``readings`` strips: this checks they agree)."""
    trig = entities._triggers(default_gazetteer())
    vocabulary = {tok for text in seeds["text"] for tok in Document(text).tokens}
    vocabulary |= {c + w for w in ("الرقة", "سوريا", "العقيد", "أبو") for c in ("و", "فب", "لل")}
    missed = {tok for tok in vocabulary if trig.bits[tok] and tok not in trig.written}
    assert missed == set()


# --- titles: the one title-plus-name recogniser ------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "at", "title"),
    [
        ("وقال وزير الدفاع الأمريكي", 1, Title(1, 2, "official")),
        ("وقال والعقيد", 1, Title(1, 1, "official", clitic=1)),
        ("قالت الباحثة إن", 1, Title(1, 1, "ngo_or_research")),
        ("نقل المراسل عن", 1, Title(1, 1, "media")),
        ("قال السيد إن", 1, Title(1, 1, "private_person")),
        ("قال القيادي إن", 1, Title(1, 1, "militant_or_former_member")),
        ("قال الوزير إن", 0, None),
    ],
)
def test_title_at_reads_the_title_and_the_kind_it_says(sentence, at, title):
    assert title_at(Document(sentence).tokens, at) == title


def test_title_at_takes_only_the_clitics_asked_for():
    tokens = Document("وتحدث للسفير").tokens
    assert title_at(tokens, 1) == Title(1, 1, "official", clitic=1)  # لل + سفير
    assert title_at(tokens, 1, CONJUNCTIONS) is None


def test_roles_can_be_left_out():
    tokens = Document("قال المتحدث باسم الخارجية").tokens
    assert title_at(tokens, 1) == Title(1, 2, "official", role=True)
    assert title_at(tokens, 1, roles=False) is None
    tokens = Document("قال المبعوث الخاص").tokens
    assert title_at(tokens, 1, roles=False) == Title(1, 1, "official")  # «المبعوث» alone


def test_titled_person_skips_the_entities_after_the_title():
    doc = Document("قال المتحدث باسم البنتاغون جون كيربي إن")
    assert titled_person(doc, 1) is None  # «البنتاغون» is not a given name
    found = titled_person(doc, 1, covered={3})
    assert found.title == Title(1, 2, "official", role=True)
    assert doc.tokens[found.first : found.end] == ["جون", "كيربي"]


def test_titles_file_lists_each_title_once_per_kind():
    data = tomllib.loads((PACKAGE_DATA / "entity_patterns.toml").read_text(encoding="utf-8"))
    kinds = {"official", "ngo_or_research", "media", "private_person"}
    kinds.add("militant_or_former_member")
    for table in ("titles", "role_titles"):
        assert set(data[table]) <= kinds
        for kind, words in data[table].items():
            assert len(words) == len(set(words)), (table, kind)
    titles = {w for words in data["titles"].values() for w in words}
    assert titles.isdisjoint(w for words in data["role_titles"].values() for w in words)


# --- layout ---------------------------------------------------------------------------------


def test_entities_and_its_stanza_backend_do_not_import_each_other():
    """The stanza backend reads the gazetteer module, never the tagger that calls it."""
    source = (PACKAGE_DATA.parent / "extract" / "entities_stanza.py").read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "corpus_tools.extract.entities" not in imported
    assert "corpus_tools.extract.gazetteer" in imported


# --- session 8: outlets and organisations named by their noun ------------------------------------


def _ents(text: str) -> list[tuple[str, str, str]]:
    from corpus_tools.extract.entities import document_entities
    from corpus_tools.text.document import Document

    return [(r["text"], r["label"], r["canonical"]) for r in document_entities(Document(text))]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("وقالت وكالة الأنباء الكويتية إن الوفد وصل.", "وكالة الأنباء الكويتية", "MEDIA"),
        ("وذكرت جريدة الصباح الجديدة أن الوفد وصل.", "جريدة الصباح الجديدة", "MEDIA"),
        ("وقالت مجلة الأسبوع العربي إن الوفد وصل.", "مجلة الأسبوع العربي", "MEDIA"),
        ("وقالت وكالة الطاقة الذرية إن المفتشين وصلوا.", "وكالة الطاقة الذرية", "ORG"),
    ],
)
def test_an_outlet_noun_names_an_outlet_and_an_agency_is_a_news_agency_with_its_word(
    text, name, label
):
    # the name with its noun, or the tagger's span of the name alone («الصباح الجديدة»)
    assert any(lab == label and got in name for got, lab, _ in _ents(text))


def test_a_news_agency_named_in_either_word_order_is_the_known_agency():
    ents = _ents(
        "وذكرت وكالة الأنباء الألمانية أن الوفد وصل، فيما قالت وكالة الأنباء الفرنسية إنه غادر."
    )
    assert {e[2] for e in ents if e[1] == "MEDIA"} == {
        "Deutsche Presse-Agentur",
        "Agence France-Presse",
    }


@pytest.mark.parametrize("time", ["الأربعاء", "اليوم", "الماضي"])
def test_a_time_word_ends_an_institution_name(time):
    ents = _ents(f"وقالت وزارة الزراعة المصرية {time} إن المحصول تضاعف.")
    assert ("وزارة الزراعة المصرية", "ORG") in [e[:2] for e in ents]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("ونقلت شبكة NPR عن مسؤول أن الموعد تأجل.", "NPR", "MEDIA"),
        ("وقال موقع Politico إن الموعد تأجل.", "Politico", "MEDIA"),
        ("وقالت منظمة Save the Children إن الأطفال بخير.", "Save the Children", "ORG"),
    ],
)
def test_latin_letters_after_an_outlet_or_organisation_noun_are_its_name(text, name, label):
    # the pattern's name, or the tagger's span with its noun («منظمة Save the Children»)
    assert any(lab == label and got.endswith(name) for got, lab, _ in _ents(text))


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("وذكرت صحيفة المصري اليوم أن الوفد وصل.", "صحيفة المصري اليوم", "MEDIA"),  # «اليوم»
        ("ووجهت وزارة الصحة إلى المواطنين نداء.", "وزارة الصحة", "ORG"),  # «إلى» is no «ال…»
        ("وقالت وكالة الصحافة الفرنسية إن الوفد وصل.", "وكالة الصحافة الفرنسية", "MEDIA"),
    ],
)
def test_where_an_institution_or_outlet_name_ends(text, name, label):
    assert (name, label) in [e[:2] for e in _ents(text)]


@pytest.mark.parametrize(
    "text",
    [
        "وتم إذاعة الخبر في المساء.",  # broadcasting, not a radio
        "وقالت وكالة الأنباء الرسمية إن الوفد وصل.",  # a description, not a name
    ],
)
def test_an_outlet_noun_before_a_common_noun_or_adjectives_names_no_outlet(text):
    assert not any(
        lab == "MEDIA" and got.startswith(("إذاعة", "وكالة")) for got, lab, _ in _ents(text)
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وأعلنت شركة سانوفي أن اللقاح آمن.", "سانوفي"),
        ("وقالت شركة زيلوفاتك إن الأرباح تضاعفت.", "زيلوفاتك"),
    ],
)
def test_a_word_the_vocabulary_does_not_hold_after_a_body_noun_is_its_name(text, name):
    assert (name, "ORG") in [e[:2] for e in _ents(text)]


@pytest.mark.parametrize(
    "text", ["وقالت شركة نفط إن الأسعار ارتفعت.", "وقالت شركة كبيرة إن الأسعار ارتفعت."]
)
def test_a_known_word_after_a_body_noun_is_no_name(text):
    assert not any(lab == "ORG" and got in ("نفط", "كبيرة") for got, lab, _ in _ents(text))


def test_a_latin_name_does_not_run_on_into_arabic_words():
    ents = _ents("طبقا لاستطلاع أجرته مجلة FHM لقرائها في مارس.")
    assert ("FHM", "MEDIA") in [e[:2] for e in ents]
