"""One article that breaks a step is skipped and reported; the rest of the corpus goes on.

Each per-article step's document function is made to raise for one chosen article:
every other article's rows are those of a run without the failure, the failing
article is in the step's problems (``step_problems``) and the step warns once,
in one process and in two.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.extract import attribution, entities, figures, timeline, timex
from corpus_tools.pipeline.analysis import PROBLEMS_COLUMNS
from corpus_tools.pipeline.tables import (
    STEP_PROBLEM_COLUMNS,
    StepWarning,
    iter_articles,
    map_articles,
    step_problems,
)
from corpus_tools.text import cleaning

MARK = " وهذه علامة الفشل."  # ends the text of the one article made to fail
N_COPIES = 41  # 5 seeds × 41 = 205 articles: more than map_articles' min_parallel (200)


class Boom(RuntimeError):
    pass


def _failing(fn):
    """``fn``, raising for the text (or document) that ends with MARK (its first argument)."""

    def wrapped(first, *args, **kwargs):
        text = getattr(first, "text", first)
        if isinstance(text, str) and text.endswith(MARK.strip()):
            raise Boom("made to fail for this article")
        return fn(first, *args, **kwargs)

    return wrapped


@pytest.fixture(scope="module")
def corpus(seeds):
    copies = [seeds.assign(article_id=seeds["article_id"] + f"-{k}") for k in range(N_COPIES)]
    many = pd.concat(copies, ignore_index=True).drop(columns=["offsets", "changes"])
    target = many["article_id"].iloc[7]
    many.loc[7, "text"] = many.loc[7, "text"] + MARK
    return many, target


@pytest.fixture(scope="module")
def tables(corpus):
    many, _ = corpus
    ents = ct.tag_entities(many, backend="gazetteer")
    attrs = ct.extract_attributions(many, ents)
    times = ct.extract_time_expressions(many)
    return {"entities": ents, "attributions": attrs, "times": times}


def _without(df: pd.DataFrame, article_id: str) -> pd.DataFrame:
    return df[df["article_id"] != article_id].reset_index(drop=True)


def _run_step(name: str, many: pd.DataFrame, tables: dict, n_jobs: int) -> pd.DataFrame:
    if name == "tag_entities":
        return ct.tag_entities(many, backend="gazetteer", n_jobs=n_jobs)
    if name == "extract_attributions":
        return ct.extract_attributions(many, tables["entities"], n_jobs=n_jobs)
    if name == "extract_time_expressions":
        return ct.extract_time_expressions(many, n_jobs=n_jobs)
    if name == "build_timeline":
        return ct.build_timeline(many, **tables, n_jobs=n_jobs)
    return ct.extract_figures(many, **tables, n_jobs=n_jobs)


PATCHES = {
    "tag_entities": (entities, "document_entities"),
    "extract_attributions": (attribution, "document_attributions"),
    "extract_time_expressions": (timex, "document_times"),
    "build_timeline": (timeline, "document_events"),
    "extract_figures": (figures, "document_figures"),
}


@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.parametrize("step", list(PATCHES))
def test_a_failing_article_is_skipped_and_reported(corpus, tables, monkeypatch, step, n_jobs):
    many, target = corpus
    baseline = {
        "tag_entities": tables["entities"],
        "extract_attributions": tables["attributions"],
        "extract_time_expressions": tables["times"],
    }.get(step)
    if baseline is None:
        baseline = _run_step(step, many, tables, 1)
    assert target in set(baseline["article_id"])  # the article has rows of its own
    expected = _without(baseline, target)
    module, name = PATCHES[step]
    monkeypatch.setattr(module, name, _failing(getattr(module, name)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = _run_step(step, many, tables, n_jobs)
    pd.testing.assert_frame_equal(got, expected)
    problems = step_problems(got)
    assert list(problems.columns) == STEP_PROBLEM_COLUMNS
    assert problems.values.tolist() == [[target, step, "Boom", "made to fail for this article"]]
    said = [str(w.message) for w in caught if issubclass(w.category, StepWarning)]
    assert len(said) == 1 and said[0].startswith(f"{step}: 1 of {len(many)} articles failed")


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_cleaning_skips_a_failing_article(seeds, monkeypatch, n_jobs):
    raw = pd.concat(
        [seeds.assign(article_id=seeds["article_id"] + f"-{k}") for k in range(N_COPIES)],
        ignore_index=True,
    )[["article_id", "raw_text"]]
    baseline = ct.clean_corpus(raw)
    raw.loc[3, "raw_text"] = raw.loc[3, "raw_text"] + MARK
    target = raw.loc[3, "article_id"]
    monkeypatch.setattr(cleaning, "clean_text", _failing(cleaning.clean_text))
    with pytest.warns(StepWarning, match=f"clean_corpus: 1 of {len(raw)} articles failed"):
        got = ct.clean_corpus(raw, n_jobs=n_jobs)
    assert got.loc[3, "text"] == "" and got.loc[3, "n_changes"] == 0
    keep = got["article_id"] != target
    cols = ["article_id", "text", "headline", "dateline", "n_changes"]
    pd.testing.assert_frame_equal(got.loc[keep, cols], baseline.loc[keep, cols])
    assert step_problems(got)[["article_id", "step", "error"]].values.tolist() == [
        [target, "clean_corpus", "Boom"]
    ]
    assert ct.cleaning_report(got).query("article_id == @target").empty
    ct.length_table(got)  # the emptied article still has lengths


def _boom_on_a1(art):
    if art.article_id == "a1":
        raise ValueError("no good")
    return [{"chars": len(art.text)}]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_map_articles_reports_failures(n_jobs):
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(30)], "text": ["نص."] * 30})
    with pytest.warns(StepWarning, match="demo: 1 of 30 articles failed") as caught:
        rows = map_articles(_boom_on_a1, iter_articles(arts, "demo"), n_jobs=n_jobs, min_parallel=0)
    assert len([w for w in caught if issubclass(w.category, StepWarning)]) == 1
    assert [r["article_id"] for r in rows] == [f"a{i}" for i in range(30) if i != 1]
    assert rows.problems == [
        {"article_id": "a1", "step": "demo", "error": "ValueError", "message": "no good"}
    ]


def _always_boom(art):
    raise ValueError("the step itself is broken")


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_step_failing_on_every_article_raises(n_jobs):
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "text": ["نص."] * 3})
    with pytest.raises(ValueError, match="the step itself is broken"):
        map_articles(_always_boom, iter_articles(arts, "demo"), n_jobs=n_jobs, min_parallel=0)


def test_no_problems_means_an_empty_table(seeds):
    assert step_problems(seeds).empty
    assert list(step_problems(seeds).columns) == STEP_PROBLEM_COLUMNS
    assert step_problems(None).empty


def test_analyse_lists_skipped_articles_among_its_problems(monkeypatch):
    text = "قال الوزير إن 150 شخصاً عادوا أمس."
    arts = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "published": [pd.Timestamp("2017-10-01")] * 3,
            "raw_text": [text, text + MARK, "وأضاف أن 20 مقاتلاً فروا."],
        }
    )
    monkeypatch.setattr(figures, "document_figures", _failing(figures.document_figures))
    an = ct.analyse(arts, backend="gazetteer", show_progress=False)
    assert an.missing == {}
    assert sorted(an["figures"]["article_id"].unique()) == ["a", "c"]
    problems = an["problems"]
    assert list(problems.columns) == PROBLEMS_COLUMNS
    assert problems[["article_id", "problem", "step"]].values.tolist() == [
        ["b", "step_failed", "figures"]
    ]
    assert problems["detail"].iloc[0] == "Boom: made to fail for this article"
    assert any(n.startswith("figures: 1 of 3 articles failed") for n in an.notes)


def test_analyse_problems_have_the_step_column_when_nothing_failed():
    arts = pd.DataFrame({"article_id": ["a"], "raw_text": ["قال الوزير إن 150 شخصاً عادوا."]})
    an = ct.analyse(arts, backend="gazetteer", show_progress=False)
    assert list(an["problems"].columns) == PROBLEMS_COLUMNS and an["problems"].empty


GOOD_ARTICLES = {
    "g1": "قال وزير الداخلية إن 150 مقاتلاً عادوا إلى بلادهم منذ أيلول الماضي.",
    "g2": "أعلنت وكالة رويترز أمس أن «نحو 300 شخص» فروا من مدينة الرقة.",
    "g3": "وذكرت صحيفة الغارديان أن أكثر من 40 فرنسياً اعتقلوا في تركيا عام 2017.",
}


def _write_corpus(folder, *, bad: bool):
    folder.mkdir()
    for aid, text in GOOD_ARTICLES.items():
        (folder / f"{aid}.txt").write_text(text, "utf-8")
    if not bad:
        return
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "crashes.txt").write_text("خبر ينهار عليه مستخرج الأرقام: 77 مقاتلاً.", "utf-8")


def test_one_bad_article_of_each_kind_leaves_the_good_ones_untouched(tmp_path, monkeypatch):
    """A corpus with an empty file, a binary file and an article one extractor crashes
    on, among good ones: the good articles' tables are those of a run without the bad
    ones, and each bad one is in the problems table with its file or step."""
    real = figures.document_figures

    def crashes_on_one(doc, *args, **kwargs):
        if "ينهار" in doc.text:
            raise ZeroDivisionError("a bug met by one article")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(figures, "document_figures", crashes_on_one)
    _write_corpus(tmp_path / "good", bad=False)
    _write_corpus(tmp_path / "mixed", bad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clean = ct.analyse(tmp_path / "good", backend="gazetteer", show_progress=False)
        mixed = ct.analyse(tmp_path / "mixed", backend="gazetteer", show_progress=False)
    assert not clean.missing and not mixed.missing
    for name in ("entities", "attributions", "times", "timeline", "figures"):
        got = mixed[name][mixed[name]["article_id"].isin(GOOD_ARTICLES)].reset_index(drop=True)
        want = clean[name].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            got.drop(columns=["group_id"], errors="ignore"),
            want.drop(columns=["group_id"], errors="ignore"),
            check_dtype=False,
            obj=name,
        )
        assert len(want), name
    problems = mixed["problems"]
    names = problems["path"].map(lambda p: p.rsplit("/", 1)[-1])
    by_file = dict(zip(names, problems["problem"], strict=True))
    assert by_file.get("empty.txt") == "empty" and by_file.get("binary.txt") == "binary"
    crashed = problems[problems["article_id"] == "crashes"]
    assert crashed[["problem", "step"]].values.tolist() == [["step_failed", "figures"]]
    assert "ZeroDivisionError" in crashed["detail"].iloc[0]
