"""Loading: encodings, unreadable files, metadata mismatches and exports."""

import gzip
import json
import warnings

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.corpus.loading import CorpusWarning, UnreadableText, detect_encoding

GOOD_1256 = "كشفت صحيفة الغارديان البريطانية أن عشرات المقاتلين الأجانب فروا إلى تركيا."
GOOD_UTF16 = "وذكرت صحيفة نيويورك تايمز أن آلاف المقاتلين فروا من شرق سوريا.\nفقرة ثانية."
GOOD_UTF8 = "قال المرصد السوري لحقوق الإنسان إن 150 مقاتلاً عبروا الحدود."


@pytest.fixture
def mixed_folder(tmp_path):
    (tmp_path / "a_cp1256.txt").write_bytes(GOOD_1256.encode("cp1256"))
    (tmp_path / "b_utf16.txt").write_bytes(GOOD_UTF16.encode("utf-16"))
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_binary.txt").write_bytes(bytes(range(256)) * 8)
    sub = tmp_path / "nested"
    sub.mkdir()
    (sub / "e_utf8.txt").write_bytes(GOOD_UTF8.encode("utf-8"))
    return tmp_path


def test_mixed_folder_loads_good_files_exactly_and_warns_for_bad(mixed_folder):
    with pytest.warns(CorpusWarning) as record:
        articles = ct.load_corpus(mixed_folder)
    messages = [str(w.message) for w in record]
    assert len(messages) == 2
    assert any("c_empty.txt" in m and "empty" in m for m in messages)
    assert any("d_binary.txt" in m and ("binary" in m or "not a text" in m) for m in messages)
    texts = dict(zip(articles["article_id"], articles["raw_text"], strict=True))
    assert texts == {"a_cp1256": GOOD_1256, "b_utf16": GOOD_UTF16, "e_utf8": GOOD_UTF8}
    encodings = dict(zip(articles["article_id"], articles["encoding"], strict=True))
    assert encodings == {"a_cp1256": "cp1256", "b_utf16": "utf-16", "e_utf8": "utf-8"}
    problems = ct.load_problems(articles)
    assert sorted(problems["problem"]) == ["binary", "empty", "legacy_encoding"]
    assert problems["path"].str.endswith(("c_empty.txt", "d_binary.txt", "a_cp1256.txt")).all()
    legacy = problems.set_index("problem").loc["legacy_encoding"]
    assert legacy["article_id"] == "a_cp1256" and "cp1256 (confidence" in legacy["detail"]
    assert articles["published"].dtype == "datetime64[s]"
    assert articles["published"].isna().all()


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("cp1256", "cp1256"),
        ("iso-8859-6", "iso-8859-6"),
    ],
)
def test_detects_the_encodings_arabic_corpora_come_in(encoding, expected):
    text = (
        "وذكرت صحيفة ديلي تلغراف البريطانية أن أكثر من 150 مسلحاً من ست دول تواصلوا مع بعثات دولهم."
    )
    assert detect_encoding(text.encode(encoding)) == (text, expected)


@pytest.mark.parametrize("text", ["الرقة", "قال المرصد", "سوريا", "دير الزور"])
@pytest.mark.parametrize("encoding", ["iso-8859-6", "cp1256"])
def test_short_single_byte_arabic_is_read_as_arabic(text, encoding):
    assert detect_encoding(text.encode(encoding))[0] == text


def test_utf16_without_bom():
    text = "قال المرصد السوري إن 150 مقاتلاً عبروا الحدود."
    assert detect_encoding(text.encode("utf-16-le")) == (text, "utf-16-le")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"%PDF-1.4 ...", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"abc\x00\x01\x02\x03" * 50, "binary"),
    ],
)
def test_unreadable_bytes_are_classified(data, kind):
    with pytest.raises(UnreadableText) as info:
        detect_encoding(data)
    assert info.value.kind == kind


def test_metadata_mismatches_are_reported_not_dropped(tmp_path):
    (tmp_path / "one.txt").write_text("نص المقال الأول.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("نص المقال الثاني.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "article_id,publisher,published\none,سانا,2016-06-09\nthree,,2017-01-01\n",
        encoding="utf-8",
    )
    with pytest.warns(CorpusWarning):
        articles = ct.load_corpus(tmp_path)
    assert sorted(articles["article_id"]) == ["one", "two"]
    one = articles.set_index("article_id").loc["one"]
    assert one["publisher"] == "سانا" and one["published"] == pd.Timestamp("2016-06-09")
    assert pd.isna(articles.set_index("article_id").loc["two", "published"])
    problems = ct.load_problems(articles).set_index("article_id")["problem"].to_dict()
    assert problems == {"three": "metadata_without_file", "two": "no_metadata"}


def test_bad_date_in_metadata_becomes_nat_with_a_problem(tmp_path):
    (tmp_path / "x.txt").write_text("نص.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("article_id,published\nx,not a date\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="not a date"):
        articles = ct.load_corpus(tmp_path)
    assert pd.isna(articles.loc[0, "published"])


def test_duplicate_ids_are_an_error_naming_them(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text("نص.", encoding="utf-8")
    with pytest.raises(ValueError, match="same"):
        ct.load_corpus(tmp_path)


def test_seed_corpus_loads_with_its_metadata():
    articles = ct.load_corpus()
    assert len(articles) == 5 and (articles["encoding"] == "utf-8").all()
    assert ct.load_problems(articles).empty
    pub = articles.set_index("article_id")["published"]
    assert pub["001_4822fe9b3c5ba666"] == pd.Timestamp("2016-06-09")
    assert pub["004_0605598808fa9f71"] == pd.Timestamp("2018-02-05")
    assert articles.set_index("article_id").loc["001_4822fe9b3c5ba666", "publisher"] == "SANA"


def test_jsonl_gz_export_with_a_broken_line_and_an_empty_record(tmp_path):
    path = tmp_path / "export.jsonl.gz"
    lines = [
        json.dumps(
            {"id": "n1", "content": GOOD_UTF8, "date": "2015-07-21 02:51:32", "source": "x"}
        ),
        "{not json",
        json.dumps({"id": "n2", "content": "", "date": "2015-07-22"}),
        json.dumps({"id": "n3", "content": GOOD_1256, "date": "2015-07-23"}),
    ]
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    with pytest.warns(CorpusWarning):
        articles = ct.load_corpus(path)
    assert articles["article_id"].tolist() == ["n1", "n3"]
    assert articles["raw_text"].tolist() == [GOOD_UTF8, GOOD_1256]
    assert articles["published"].tolist() == [
        pd.Timestamp("2015-07-21 02:51:32"),
        pd.Timestamp("2015-07-23"),
    ]
    assert articles["path"].iloc[1].endswith("export.jsonl.gz:4")
    assert sorted(ct.load_problems(articles)["problem"]) == ["bad_record", "empty"]


def test_cp1256_csv_export_and_column_mapping(tmp_path):
    path = tmp_path / "export.csv"
    df = pd.DataFrame(
        {
            "doc": ["d1", "d2"],
            "body": [GOOD_1256, GOOD_UTF8.replace("،", ",")],
            "crawled": ["2016-01-02", "2016-01-03"],
        }
    )
    path.write_bytes(df.to_csv(index=False).encode("cp1256"))
    articles = ct.load_corpus(
        path, text_column="body", id_column="doc", columns={"published": "crawled"}
    )
    assert articles["raw_text"].iloc[0] == GOOD_1256
    assert articles["encoding"].iloc[0] == "cp1256"
    assert articles["published"].iloc[1] == pd.Timestamp("2016-01-03")


def test_parquet_export_without_ids(tmp_path):
    path = tmp_path / "corpus.parquet"
    pd.DataFrame({"text": [GOOD_UTF8, GOOD_1256]}).to_parquet(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = ct.load_corpus(path)
    assert articles["article_id"].tolist() == ["corpus-000000", "corpus-000001"]
    assert articles["raw_text"].tolist() == [GOOD_UTF8, GOOD_1256]


def test_export_without_text_column_is_a_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(KeyError, match="text_column"):
        ct.load_corpus(path)


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ct.load_corpus(tmp_path / "nowhere")
