"""The stanza backend, tested up to the model boundary with documents built by hand.

Only :func:`test_real_stanza_pipeline` needs stanza's Arabic models; it is skipped
(with how to get them) where they are absent, as on machines without internet.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools import entities_stanza as es

stanza = pytest.importorskip(
    "stanza", reason="stanza is an optional extra: pip install -e '.[stanza]'"
)
from stanza.models.common.doc import Document  # noqa: E402

TEXT = "وقال وزير الدفاع جيم ماتيس إن مقاتلين من وبريطانيا وصلوا إلى كوباني مع زيد عمرو"


def tokens_with_offsets(text: str, tags: list[str]) -> list[dict]:
    out, pos = [], 0
    for i, (word, tag) in enumerate(zip(text.split(" "), tags, strict=True), start=1):
        start = text.index(word, pos)
        pos = start + len(word)
        out.append(
            {"id": i, "text": word, "ner": tag, "misc": f"start_char={start}|end_char={pos}"}
        )
    return out


def fake_doc(text: str = TEXT) -> Document:
    # BIOES tags, as stanza's NER writes them (plain BIO would yield no entities)
    tags = ["O"] * len(text.split(" "))
    words = text.split(" ")
    tags[words.index("جيم")] = "B-PER"
    tags[words.index("ماتيس")] = "E-PER"
    tags[words.index("وبريطانيا")] = "S-LOC"
    tags[words.index("كوباني")] = "S-LOC"
    tags[words.index("زيد")] = "B-PER"
    tags[words.index("عمرو")] = "E-PER"
    return Document([tokens_with_offsets(text, tags)], text=text)


class FakePipeline:
    """Stands in for ``stanza.Pipeline``: counts calls, returns hand-built documents."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text: str) -> Document:
        self.calls += 1
        if "ماتيس" in text:
            return fake_doc(text)
        return Document([tokens_with_offsets(text, ["O"] * len(text.split(" ")))], text=text)


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(es, "_said_why", False)


@pytest.fixture
def fake_models(tmp_path, monkeypatch):
    """Pretend the models are installed; the pipeline is a FakePipeline."""
    pipe = FakePipeline()
    monkeypatch.setenv(es.CACHE_ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.setattr(es, "missing_models", lambda lang="ar": None)
    monkeypatch.setattr(es, "load_pipeline", lambda *a, **k: pipe)
    monkeypatch.setattr(es, "model_version", lambda lang="ar": "fake-1")
    return pipe


def test_document_to_rows_maps_labels_and_canonicalises():
    rows = es.doc_to_rows(fake_doc(), TEXT)
    got = [(r["text"], r["label"], r["canonical"], r["clitic"]) for r in rows]
    assert got[0] == ("جيم ماتيس", "PER", "Jim Mattis", "")
    assert got[1] == ("وبريطانيا", "LOC", "United Kingdom", "و")
    assert got[2] == ("كوباني", "LOC", "Kobani", "")
    assert got[3][:2] == ("زيد عمرو", "PER") and rows[3]["entity_id"].startswith("ct:per:")
    for r in rows:
        assert TEXT[r["start"] : r["end"]] == r["text"] and r["backend"] == "stanza"


def test_document_with_two_sentences_keeps_article_offsets():
    text = "زار ماكرون بغداد. ثم عاد إلى لوموند"
    first = tokens_with_offsets("زار ماكرون بغداد.", ["O", "S-PER", "O"])
    first[2]["ner"] = "S-LOC"
    first[2]["text"] = "بغداد"
    first[2]["misc"] = "start_char=11|end_char=16"
    second = [
        {"id": 1, "text": "ثم", "ner": "O", "misc": "start_char=18|end_char=20"},
        {"id": 2, "text": "عاد", "ner": "O", "misc": "start_char=21|end_char=24"},
        {"id": 3, "text": "إلى", "ner": "O", "misc": "start_char=25|end_char=28"},
        {"id": 4, "text": "لوموند", "ner": "S-ORG", "misc": "start_char=29|end_char=35"},
    ]
    doc = Document([first, second], text=text)
    rows = es.doc_to_rows(doc, text)
    assert [(r["text"], r["label"], r["canonical"]) for r in rows] == [
        ("ماكرون", "PER", "Emmanuel Macron"),
        ("بغداد", "LOC", "Baghdad"),
        ("لوموند", "MEDIA", "Le Monde"),  # the gazetteer's label wins over stanza's ORG
    ]


def test_stanza_labels_all_map_into_ours():
    assert set(es.STANZA_LABELS.values()) <= set(ct.entities.LABELS)


def test_backend_stanza_without_models_says_how_to_get_them(no_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with pytest.raises(es.StanzaUnavailable, match=r"stanza\.download\('ar'"):
        ct.tag_entities(arts, backend="stanza")


def test_auto_without_models_falls_back_and_says_so_once(no_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with pytest.warns(UserWarning, match="gazetteer only") as record:
        out = ct.tag_entities(arts)
        ct.tag_entities(arts)
    assert len([w for w in record if "gazetteer only" in str(w.message)]) == 1
    assert set(out["backend"]) <= {"gazetteer", "pattern"}
    assert "Jim Mattis" in set(out["canonical"])


def test_stanza_backend_end_to_end_with_cache(fake_models):
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": [TEXT, "لا شيء هنا"]})
    first = ct.tag_entities(arts, backend="stanza")
    assert fake_models.calls == 2
    assert set(first["backend"]) == {"stanza"}
    assert "Kobani" in set(first["canonical"])
    again = ct.tag_entities(arts, backend="stanza")
    assert fake_models.calls == 2, "the cache should have answered"
    pd.testing.assert_frame_equal(first, again)


def test_auto_with_models_adds_stanza_mentions_the_gazetteer_missed(fake_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback message when models are there
        out = ct.tag_entities(arts)
    by_text = dict(zip(out["text"], out["backend"], strict=True))
    assert by_text["جيم ماتيس"] == "gazetteer"  # the gazetteer wins where both found it
    assert by_text["زيد عمرو"] == "stanza"  # a name only stanza found
    assert len(out) == len(set(zip(out["start"], out["end"], strict=True)))


def test_cache_key_depends_on_model_version(tmp_path):
    a = es.SpanCache(tmp_path, "v1")
    a.put_many({a.key("نص"): [(0, 2, "LOC")]})
    assert es.SpanCache(tmp_path, "v1").get("نص") == [(0, 2, "LOC")]
    assert es.SpanCache(tmp_path, "v2").get("نص") is None


def test_broken_cache_shard_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    cache = es.SpanCache(tmp_path, "v1")
    with pytest.warns(UserWarning, match="bad.parquet"):
        assert cache.get("نص") is None


@pytest.mark.skipif(
    es.missing_models() is not None,
    reason=(
        f"stanza Arabic models absent ({es.missing_models()}). To run this test: "
        "python -c \"import stanza; stanza.download('ar', processors='tokenize,mwt,ner')\" "
        "and set STANZA_RESOURCES_DIR to that folder."
    ),
)
def test_real_stanza_pipeline(tmp_path, monkeypatch):
    monkeypatch.setenv(es.CACHE_ENV_VAR, str(tmp_path))
    arts = pd.DataFrame(
        {"article_id": ["a"], "text": ["قال الرئيس الأمريكي باراك أوباما في واشنطن إن"]}
    )
    out = ct.tag_entities(arts, backend="stanza")
    assert {"PER", "LOC"} <= set(out["label"])
    for r in out.itertuples():
        assert arts["text"][0][r.start : r.end] == r.text
