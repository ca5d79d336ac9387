"""Bad input never corrupts silently and never sinks a corpus run (issue 12).

Every fixture is generated here, into ``tmp_path``: damaged UTF-8, legacy code
pages, NUL bytes, truncated compressed exports, lone surrogates, broken CSV
quoting, JSON documents, unreadable folders, upper-case extensions and
ambiguous slashed dates. Each case loads what can be read, and says what it
did in ``load_problems`` with the file (and line or record).
"""

from __future__ import annotations

import gzip
import json
import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.corpus.loading import CorpusWarning, detect_encoding

ARABIC_1 = (
    "قال المرصد السوري لحقوق الإنسان إن مئة وخمسين مقاتلاً أجنبياً عبروا الحدود إلى تركيا "
    "خلال الأسبوع الماضي، وإن عدداً منهم عاد إلى بلاده."
)
ARABIC_2 = (
    "وذكرت صحيفة الغارديان البريطانية أن السلطات التركية اعتقلت عشرات منهم في مدينة غازي عنتاب."
)
ARABIC_3 = "وأضاف المرصد أن الطريق بين الرقة والحدود التركية بات أخطر من أي وقت مضى."
FRENCH = (
    "L'été dernier, à Marseille, les enquêteurs ont arrêté trois hommes. "
    "Où étaient-ils allés ? Ça, personne ne le sait très bien : la préfecture "
    "évoque un séjour près de la frontière, où règne une forte tension."
)


def _load(path: Path, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return ct.load_corpus(path, **kw)


def _problems(articles: pd.DataFrame, kind: str) -> pd.DataFrame:
    problems = ct.load_problems(articles)
    return problems[problems["problem"] == kind]


def _one(articles: pd.DataFrame, kind: str, name: str) -> pd.Series:
    rows = _problems(articles, kind)
    rows = rows[rows["path"].str.contains(name, regex=False)]
    assert len(rows) == 1, ct.load_problems(articles).to_dict("records")
    return rows.iloc[0]


def _text(articles: pd.DataFrame, aid: str) -> str:
    return articles.set_index("article_id").loc[aid, "raw_text"]


# --- decoding -------------------------------------------------------------------------


def test_utf8_with_one_stray_byte_stays_utf8_and_is_counted(tmp_path):
    head, tail = ARABIC_1[:40], ARABIC_1[40:]
    (tmp_path / "stray.txt").write_bytes(head.encode() + b"\xff" + tail.encode())
    articles = _load(tmp_path)
    assert _text(articles, "stray") == head + "\ufffd" + tail
    assert articles["encoding"].tolist() == ["utf-8"]
    row = _one(articles, "bad_bytes", "stray.txt")
    assert row["article_id"] == "stray" and "1 " in row["detail"] and "line 1" in row["detail"]


def test_truncated_utf8_character_at_the_end_is_replaced_not_a_code_page(tmp_path):
    data = (ARABIC_1 + "\n" + ARABIC_2[:-1]).encode()[:-1]  # the last letter cut in half
    (tmp_path / "cut.txt").write_bytes(data)
    articles = _load(tmp_path)
    assert _text(articles, "cut") == ARABIC_1 + "\n" + ARABIC_2[:-2] + "\ufffd"
    assert articles["encoding"].tolist() == ["utf-8"]
    assert "line 2" in _one(articles, "bad_bytes", "cut.txt")["detail"]


def test_a_file_mixing_utf8_and_cp1256_lines_reads_each_line_right(tmp_path):
    data = b"\n".join([ARABIC_1.encode(), ARABIC_2.encode("cp1256"), ARABIC_3.encode()])
    (tmp_path / "mixed.txt").write_bytes(data)
    articles = _load(tmp_path)
    assert _text(articles, "mixed") == "\n".join([ARABIC_1, ARABIC_2, ARABIC_3])
    assert articles["encoding"].tolist() == ["utf-8+cp1256"]
    detail = _one(articles, "mixed_encoding", "mixed.txt")["detail"]
    assert "cp1256" in detail and "line 2" in detail


def test_latin1_french_is_read_as_latin1_and_the_choice_reported(tmp_path):
    (tmp_path / "fr.txt").write_bytes(FRENCH.encode("latin-1"))
    articles = _load(tmp_path)
    assert _text(articles, "fr") == FRENCH
    assert articles["encoding"].iloc[0] in ("cp1252", "latin-1")
    detail = _one(articles, "legacy_encoding", "fr.txt")["detail"]
    assert "confidence" in detail


def test_a_legacy_arabic_code_page_is_reported_with_its_confidence(tmp_path):
    (tmp_path / "old.txt").write_bytes(ARABIC_1.encode("cp1256"))
    articles = _load(tmp_path)
    assert _text(articles, "old") == ARABIC_1
    detail = _one(articles, "legacy_encoding", "old.txt")["detail"]
    assert "cp1256" in detail and "confidence" in detail


def test_nul_bytes_are_removed_and_reported_not_a_reason_to_drop_the_file(tmp_path):
    data = ARABIC_1.encode()
    (tmp_path / "nul.txt").write_bytes(data[:30] + b"\x00" + data[30:])
    articles = _load(tmp_path)
    assert _text(articles, "nul") == ARABIC_1
    assert "1 NUL" in _one(articles, "nul_bytes", "nul.txt")["detail"]


def test_detect_encoding_still_returns_text_and_encoding_for_damaged_utf8():
    text, enc = detect_encoding(ARABIC_1.encode() + b"\xd8")
    assert (text, enc) == (ARABIC_1 + "\ufffd", "utf-8")


# --- exports --------------------------------------------------------------------------


def _records(n: int) -> list[dict[str, str]]:
    return [
        {"id": f"r{i:03d}", "content": f"{ARABIC_1} رقم {i}", "date": "2016-06-09"}
        for i in range(n)
    ]


def test_truncated_jsonl_gz_keeps_the_records_before_the_break(tmp_path):
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in _records(400)).encode()
    whole = gzip.compress(lines)
    (tmp_path / "whole.jsonl.gz").write_bytes(whole)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    articles = _load(cut)
    assert 0 < len(articles) < 400
    good = _load(tmp_path / "whole.jsonl.gz").iloc[: len(articles)]
    assert articles["raw_text"].tolist() == good["raw_text"].tolist()
    assert articles["article_id"].tolist() == good["article_id"].tolist()
    row = _one(articles, "truncated", "cut.jsonl.gz")
    assert f"line {len(articles)}" in row["detail"]


def test_truncated_csv_gz_keeps_the_rows_before_the_break(tmp_path):
    csv_bytes = pd.DataFrame(_records(400)).to_csv(index=False).encode()
    whole = gzip.compress(csv_bytes)
    (tmp_path / "whole.csv.gz").write_bytes(whole)
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    articles = _load(cut)
    assert 0 < len(articles) < 400
    good = _load(tmp_path / "whole.csv.gz").iloc[: len(articles)]
    assert articles["raw_text"].tolist() == good["raw_text"].tolist()
    row = _one(articles, "truncated", "cut.csv.gz")
    assert f"line {len(articles) + 1}" in row["detail"]  # the header is line 1


def test_a_lone_surrogate_is_replaced_and_the_export_can_be_saved(tmp_path):
    path = tmp_path / "sur.jsonl"
    path.write_text(
        '{"id": "a", "content": "نص \\ud800 سليم"}\n{"id": "b", "content": "نص آخر"}\n',
        encoding="utf-8",
    )
    articles = _load(path)
    assert _text(articles, "a") == "نص \ufffd سليم"
    articles.to_parquet(tmp_path / "out.parquet")  # no UnicodeEncodeError
    row = _one(articles, "lone_surrogate", "sur.jsonl:1")
    assert row["article_id"] == "a"


def test_a_json_line_with_a_bad_byte_keeps_its_record(tmp_path):
    path = tmp_path / "bytes.jsonl"
    line = json.dumps({"id": "a", "content": "@"}).encode()
    damaged = ARABIC_1[:10].encode() + b"\xff" + ARABIC_1[10:].encode()
    path.write_bytes(line.replace(b"@", damaged) + b"\n")
    articles = _load(path)
    assert articles["raw_text"].tolist() == [ARABIC_1[:10] + "\ufffd" + ARABIC_1[10:]]
    assert _one(articles, "bad_bytes", "bytes.jsonl:1")["article_id"] == ""


def test_a_json_file_holding_one_object_is_one_record(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "x1", "content": ARABIC_1, "date": "2016-06-09"}, indent=2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = ct.load_corpus(path)
    assert articles["article_id"].tolist() == ["x1"]
    assert articles["raw_text"].tolist() == [ARABIC_1]
    assert articles["published"].tolist() == [pd.Timestamp("2016-06-09")]


def test_a_json_object_of_objects_is_a_dict_of_records_keyed_by_id(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"a1": {"content": ARABIC_1}, "a2": {"content": ARABIC_2}}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = ct.load_corpus(path)
    assert articles["article_id"].tolist() == ["a1", "a2"]
    assert articles["raw_text"].tolist() == [ARABIC_1, ARABIC_2]


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("pretty.json", "\n"), ("pretty.jsonl", ""), ("bom.json", "\ufeff")],
)
def test_an_indented_array_is_read_as_an_array(tmp_path, name, prefix):
    path = tmp_path / name
    records = _records(3)
    path.write_text(prefix + json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = ct.load_corpus(path)
    assert articles["article_id"].tolist() == [r["id"] for r in records]
    assert articles["raw_text"].tolist() == [r["content"] for r in records]
    assert articles["path"].iloc[1] == f"{path}:{8 if prefix == chr(10) else 7}"


def test_a_truncated_json_array_keeps_the_records_before_the_break(tmp_path):
    path = tmp_path / "arr.json"
    text = json.dumps(_records(5), indent=1, ensure_ascii=False)
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    articles = _load(path)
    assert articles["article_id"].tolist() == ["r000", "r001", "r002", "r003"]
    assert "line" in _one(articles, "bad_record", "arr.json")["detail"]


# --- folders and metadata -------------------------------------------------------------


def test_broken_metadata_quoting_reads_the_other_rows_and_names_the_bad_lines(tmp_path):
    for aid in ("a", "b", "c", "d"):
        (tmp_path / f"{aid}.txt").write_text(ARABIC_1, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "article_id,publisher,published\n"
        "a,SANA,2016-06-09\n"
        'b,"Al Jazeera,2016-06-10\n'  # quote never closed
        "c,BBC,2016-06-11\n"
        "d,CNN,2016-06-12,extra\n",  # one field too many
        encoding="utf-8",
    )
    articles = _load(tmp_path)
    meta = articles.set_index("article_id")
    assert meta.loc["a", "publisher"] == "SANA" and meta.loc["c", "publisher"] == "BBC"
    assert meta.loc["c", "published"] == pd.Timestamp("2016-06-11")
    bad = _problems(articles, "bad_line")
    assert sorted(bad["path"].str.rsplit("/", n=1).str[-1]) == ["metadata.csv:3", "metadata.csv:5"]
    assert sorted(_problems(articles, "no_metadata")["article_id"]) == ["b", "d"]


def test_an_unreadable_sub_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(ARABIC_1, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(ARABIC_2, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # chmod does not stop root
    articles = _load(tmp_path)
    assert articles["article_id"].tolist() == ["ok"]
    row = _one(articles, "unreadable_folder", "locked")
    assert "Permission denied" in row["detail"]


def test_extensions_are_matched_case_insensitively(tmp_path):
    (tmp_path / "UPPER.TXT").write_text(ARABIC_1, encoding="utf-8")
    (tmp_path / "lower.txt").write_text(ARABIC_2, encoding="utf-8")
    articles = _load(tmp_path)
    assert sorted(articles["article_id"]) == ["UPPER", "lower"]
    path = tmp_path / "EXPORT.JSONL.GZ"
    path.write_bytes(gzip.compress(json.dumps({"id": "g", "content": ARABIC_3}).encode()))
    assert _load(path)["raw_text"].tolist() == [ARABIC_3]


def _dated_folder(tmp_path: Path, dates: dict[str, str]) -> Path:
    for aid in dates:
        (tmp_path / f"{aid}.txt").write_text(ARABIC_1, encoding="utf-8")
    rows = "".join(f"{aid},{d}\n" for aid, d in dates.items())
    (tmp_path / "metadata.csv").write_text("article_id,published\n" + rows, encoding="utf-8")
    return tmp_path


def test_ambiguous_slashed_dates_are_read_day_first_and_reported_once(tmp_path):
    dates = {"a": "07/06/2016", "b": "08/06/2016", "c": "2016-06-09", "d": "25/06/2016"}
    articles = _load(_dated_folder(tmp_path, dates | {"e": "13.07.2017 10:30"}))
    pub = articles.set_index("article_id")["published"]
    assert pub["a"] == pd.Timestamp("2016-06-07") and pub["b"] == pd.Timestamp("2016-06-08")
    assert pub["c"] == pd.Timestamp("2016-06-09") and pub["d"] == pd.Timestamp("2016-06-25")
    assert pub["e"] == pd.Timestamp("2017-07-13 10:30")
    rows = _problems(articles, "ambiguous_date")
    assert len(rows) == 1 and "day first" in rows.iloc[0]["detail"]
    assert "07/06/2016" in rows.iloc[0]["detail"]


def test_a_column_that_can_only_be_month_first_is_read_month_first(tmp_path):
    folder = _dated_folder(tmp_path, {"a": "07/06/2016", "b": "06/25/2016"})
    articles = _load(folder)
    pub = articles.set_index("article_id")["published"]
    assert pub["a"] == pd.Timestamp("2016-07-06") and pub["b"] == pd.Timestamp("2016-06-25")
    detail = _problems(articles, "ambiguous_date").iloc[0]["detail"]
    assert "month first" in detail and "06/25/2016" in detail


# --- one broken file never sinks a corpus run -----------------------------------------

GOOD = {
    "good_utf8": ARABIC_1.encode(),
    "good_bom": ARABIC_2.encode("utf-8-sig"),
    "good_utf16": ARABIC_3.encode("utf-16"),
    "good_cp1256": ARABIC_2.encode("cp1256"),
    "nested/good_nested": ARABIC_3.encode(),
}
BAD = {
    "bad_stray": (ARABIC_1.encode()[:20] + b"\xfe" + ARABIC_1.encode()[20:], "bad_bytes"),
    "bad_cut": (ARABIC_2[:-1].encode()[:-1], "bad_bytes"),
    "bad_mixed": (ARABIC_1.encode() + b"\n" + ARABIC_2.encode("cp1256"), "mixed_encoding"),
    "bad_nul": (ARABIC_3.encode() + b"\x00", "nul_bytes"),
    "bad_latin": (FRENCH.encode("latin-1"), "legacy_encoding"),
    "bad_empty": (b"", "empty"),
    "bad_binary": (b"%PDF-1.4 " + bytes(range(256)), "binary"),
}


def _write(folder: Path, files: dict[str, bytes], suffix: str = ".txt") -> None:
    for name, data in files.items():
        path = folder / f"{name}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_a_mixed_corpus_loads_every_good_file_as_if_alone(tmp_path, monkeypatch):
    good_only, mixed = tmp_path / "good", tmp_path / "mixed"
    _write(good_only, GOOD)
    _write(mixed, GOOD)
    _write(mixed, {name: data for name, (data, _) in BAD.items()})
    _write(mixed, {"UPPER_CASE": ARABIC_1.encode()}, ".TXT")
    locked = mixed / "locked"
    _write(locked, {"never_seen": ARABIC_1.encode()})
    real_scandir = os.scandir
    monkeypatch.setattr(
        os,
        "scandir",
        lambda p=".": (
            (_ for _ in ()).throw(PermissionError(13, "Permission denied", str(p)))
            if Path(p) == locked
            else real_scandir(p)
        ),
    )
    meta = "article_id,publisher,published\n" + "".join(
        f"{Path(n).name},SANA,2016-06-{i + 10}\n" for i, n in enumerate(GOOD)
    )
    (good_only / "metadata.csv").write_text(meta, encoding="utf-8")
    (mixed / "metadata.csv").write_text(
        meta + 'bad_stray,"SANA,2016-06-01\nbad_cut,BBC,07/06/2016\n', encoding="utf-8"
    )
    alone = _load(good_only)
    together = _load(mixed)
    cols = ["article_id", "raw_text", "encoding", "publisher", "published"]
    good_ids = [Path(n).name for n in GOOD]
    got = together.set_index("article_id").loc[sorted(good_ids)].reset_index()[cols]
    want = alone.set_index("article_id").loc[sorted(good_ids)].reset_index()[cols]
    pd.testing.assert_frame_equal(got, want)
    assert "UPPER_CASE" in set(together["article_id"])
    problems = ct.load_problems(together)
    for name, (_, kind) in BAD.items():
        rows = problems[(problems["problem"] == kind) & problems["path"].str.contains(name)]
        assert len(rows) == 1, (name, kind, problems.to_dict("records"))
        assert rows.iloc[0]["detail"]
    assert (problems["problem"] == "unreadable_folder").sum() == 1
    assert problems.loc[problems["problem"] == "bad_line", "path"].str.endswith(":7").all()
    assert (problems["problem"] == "ambiguous_date").sum() == 1
    assert not problems["path"].eq("").any()
    # The good files (cp1256 aside, which is reported as a legacy code page) are not problems.
    named = problems[problems["path"].str.contains("good_")]
    assert set(named["problem"]) <= {"legacy_encoding"}
