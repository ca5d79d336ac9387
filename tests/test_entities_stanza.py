"""The stanza backend, tested up to the model boundary with documents built by hand.

Only :func:`test_real_stanza_pipeline` needs stanza's Arabic models; it is skipped
(with how to get them) where they are absent, as on machines without internet.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.extract import entities_stanza as es

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


@pytest.mark.parametrize(
    ("surface", "canonical", "clitic"),
    [
        ("وللمرصد السوري", "Syrian Observatory for Human Rights", "ول"),
        ("فبالعراق", "Iraq", "فب"),
        ("«الموصل»", None, ""),  # a mention must start with its word
    ],
)
def test_spans_are_canonicalised_without_the_first_words_clitics(surface, canonical, clitic):
    (row,) = es.spans_to_rows([(0, len(surface), "LOC")], surface)
    assert row["clitic"] == clitic
    if canonical is None:
        assert row["entity_id"].startswith("ct:loc:")
    else:
        assert row["canonical"] == canonical


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
    assert set(es.STANZA_LABELS.values()) <= set(ct.extract.entities.LABELS)


def test_backend_stanza_without_models_says_how_to_get_them(no_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with pytest.raises(es.StanzaUnavailable, match=r"stanza\.download\('ar'"):
        ct.tag_entities(arts, backend="stanza")


def test_auto_needs_no_stanza_models(no_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the offline default says nothing
        out = ct.tag_entities(arts)
    assert set(out["backend"]) <= {"gazetteer", "pattern", "tagger"}
    assert "Jim Mattis" in set(out["canonical"])


def test_gazetteer_plus_stanza_without_models_falls_back_and_says_so_once(no_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with pytest.warns(UserWarning, match="gazetteer only") as record:
        out = ct.tag_entities(arts, backend="gazetteer+stanza")
        ct.tag_entities(arts, backend="gazetteer+stanza")
    assert len([w for w in record if "gazetteer only" in str(w.message)]) == 1
    assert set(out["backend"]) <= {"gazetteer", "pattern"}


def test_stanza_backend_end_to_end_with_cache(fake_models):
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": [TEXT, "لا شيء هنا"]})
    first = ct.tag_entities(arts, backend="stanza")
    assert fake_models.calls == 2
    assert set(first["backend"]) == {"stanza"}
    assert "Kobani" in set(first["canonical"])
    again = ct.tag_entities(arts, backend="stanza")
    assert fake_models.calls == 2, "the cache should have answered"
    pd.testing.assert_frame_equal(first, again)


def test_gazetteer_plus_stanza_adds_stanza_mentions_the_gazetteer_missed(fake_models):
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback message when models are there
        out = ct.tag_entities(arts, backend="gazetteer+stanza")
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


# --- cache robustness: a cache that cannot be written or read never loses a result ---


@pytest.fixture
def fresh_cache_state(monkeypatch):
    """No folder warned about yet, no in-memory fallback caches from earlier tests."""
    monkeypatch.setattr(es, "_warned_folders", set(), raising=False)
    monkeypatch.setattr(es, "_memory_caches", {}, raising=False)


def _expected_rows():
    return es.spans_to_rows(
        [(int(e.start_char), int(e.end_char), str(e.type)) for e in fake_doc().ents], TEXT
    )


@pytest.mark.parametrize("where", ["cache_is_a_file", "stanza_ner_is_a_file"])
def test_unwritable_cache_folder_keeps_results_and_warns_once(
    tmp_path, monkeypatch, fake_models, fresh_cache_state, where
):
    # tests run as root, where chmod does not stop writes: a folder under a regular
    # file (or a regular file where the folder should be) can never be written
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    if where == "cache_is_a_file":
        monkeypatch.setenv(es.CACHE_ENV_VAR, str(blocker))
    else:
        (tmp_path / "c").mkdir()
        (tmp_path / "c" / "stanza-ner").write_text("not a folder")
        monkeypatch.setenv(es.CACHE_ENV_VAR, str(tmp_path / "c"))
    folder = es.cache_dir()
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": [TEXT, "لا شيء هنا"]})
    with pytest.warns(UserWarning, match="stanza cache") as record:
        first = ct.tag_entities(arts, backend="stanza")
    named = [w for w in record if str(folder) in str(w.message)]
    assert len(named) == 1, [str(w.message) for w in record]
    assert fake_models.calls == 2
    assert "Kobani" in set(first["canonical"]), "the results of tagging were lost"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once per folder: not again
        again = ct.tag_entities(arts, backend="stanza")
    pd.testing.assert_frame_equal(first, again)
    assert blocker.read_text() == "not a folder"


def test_unwritable_cache_is_checked_before_tagging(tmp_path, fresh_cache_state):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    cache = es.SpanCache(blocker / "stanza-ner", "v1")
    seen_warning_first = []

    def pipeline(text):
        seen_warning_first.append(bool(record))
        return fake_doc(text)

    with pytest.warns(UserWarning, match=re.escape(str(blocker / "stanza-ner"))) as record:
        rows = es.stanza_entities([TEXT], pipeline=pipeline, version="v1", cache=cache)
    assert seen_warning_first == [True], "the folder should be checked before tagging"
    assert [r["text"] for r in rows[0]] == [r["text"] for r in _expected_rows()]


def test_cache_folder_is_created_before_tagging(tmp_path, fresh_cache_state):
    folder = tmp_path / "new" / "deeper" / "stanza-ner"
    made = []

    def pipeline(text):
        made.append(folder.is_dir())
        return fake_doc(text)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        es.stanza_entities(
            [TEXT], pipeline=pipeline, version="v1", cache=es.SpanCache(folder, "v1")
        )
    assert made == [True]
    assert es.SpanCache(folder, "v1").get(TEXT) is not None


def test_cache_folder_lost_mid_run_keeps_results(tmp_path, fresh_cache_state, monkeypatch):
    """The folder passes the check, then writing fails (disk full, folder removed)."""
    cache = es.SpanCache(tmp_path / "stanza-ner", "v1")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fail)
    with pytest.warns(UserWarning, match="stanza-ner"):
        rows = es.stanza_entities([TEXT], pipeline=fake_doc, version="v1", cache=cache)
    assert [r["text"] for r in rows[0]] == [r["text"] for r in _expected_rows()]
    assert cache.get(TEXT) is not None  # still answered from memory
    assert not list((tmp_path / "stanza-ner").iterdir()), "no temporary file left behind"


def _good_shard(folder, text="نص"):
    cache = es.SpanCache(folder, "v1")
    cache.put_many({cache.key(text): [(0, 2, "LOC")]})
    (path,) = folder.glob("*.parquet")
    return path


def test_cache_shard_with_wrong_columns_is_skipped_naming_it(tmp_path):
    good = _good_shard(tmp_path)
    pd.DataFrame({"hash": ["abc"], "entities": ["[]"]}).to_parquet(tmp_path / "wrong.parquet")
    cache = es.SpanCache(tmp_path, "v1")
    with pytest.warns(UserWarning, match=r"wrong\.parquet"):
        assert cache.get("نص") == [(0, 2, "LOC")], f"the good shard {good.name} still counts"


def test_truncated_cache_shard_is_skipped_naming_it(tmp_path):
    good = _good_shard(tmp_path)
    data = good.read_bytes()
    (tmp_path / "truncated.parquet").write_bytes(data[: len(data) // 2])
    cache = es.SpanCache(tmp_path, "v1")
    with pytest.warns(UserWarning, match=r"truncated\.parquet"):
        assert cache.get("نص") == [(0, 2, "LOC")]


@pytest.mark.parametrize(
    "spans",
    ['[[0, 2, "LO', '{"a": 1}', "[[0, 2]]", '[["0", 2, "LOC"]]', None],
    ids=["truncated_json", "not_a_list", "short_span", "text_offset", "null"],
)
def test_cache_shard_with_malformed_spans_is_skipped_naming_it(tmp_path, spans):
    _good_shard(tmp_path)
    cache = es.SpanCache(tmp_path, "v1")
    pd.DataFrame({"key": [cache.key("آخر")], "spans": [spans]}).to_parquet(
        tmp_path / "malformed.parquet"
    )
    with pytest.warns(UserWarning, match=r"malformed\.parquet"):
        assert cache.get("آخر") is None
    assert cache.get("نص") == [(0, 2, "LOC")]


def test_bad_shard_does_not_stop_tagging(tmp_path, monkeypatch, fake_models, fresh_cache_state):
    folder = es.cache_dir()
    folder.mkdir(parents=True)
    pd.DataFrame({"wrong": [1]}).to_parquet(folder / "wrong.parquet")
    arts = pd.DataFrame({"article_id": ["a"], "text": [TEXT]})
    with pytest.warns(UserWarning, match=r"wrong\.parquet"):
        out = ct.tag_entities(arts, backend="stanza")
    assert "Kobani" in set(out["canonical"])


def test_one_text_stanza_fails_on_is_reported_and_the_others_go_on(fake_models, monkeypatch):
    import pandas as pd

    import corpus_tools as ct

    calls = fake_models.__call__

    def flaky(text):
        if "انهيار" in text:
            raise RuntimeError("CUDA out of memory")
        return calls(text)

    monkeypatch.setattr(fake_models, "__call__", flaky, raising=False)
    monkeypatch.setattr(es, "load_pipeline", lambda *a, **k: flaky)
    arts = pd.DataFrame({"article_id": ["good", "bad"], "text": [TEXT, "خبر عن انهيار في بغداد"]})
    with pytest.warns(ct.StepWarning, match="1 of 2 articles failed"):
        got = ct.tag_entities(arts, backend="stanza")
    assert set(got["article_id"]) == {"good"}
    problems = ct.step_problems(got)
    assert problems[["article_id", "error"]].values.tolist() == [["bad", "RuntimeError"]]
    with pytest.warns(ct.StepWarning):
        auto = ct.tag_entities(arts, backend="gazetteer+stanza")
    assert "بغداد" in set(auto.loc[auto["article_id"] == "bad", "text"])  # gazetteer kept
