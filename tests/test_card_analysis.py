"""Corpus cards, the one-pass analysis and its saved tables."""

import json

import pandas as pd
import pytest
from conftest import ROOT

import corpus_tools as ct
from corpus_tools.corpus.card import CardError, CorpusCard, find_card, read_card
from corpus_tools.pipeline import analysis as ca
from corpus_tools.report.reports import add_corpus_options, card_from_args

ARTICLE = "قال وزير الداخلية إن 150 شخصاً عادوا إلى بلادهم منذ أيلول الماضي."


def _export(tmp_path, n=3, **extra):
    rows = [
        {
            "body": f"{ARTICLE} خبر رقم {i}.",
            "crawled": "2017-10-0" + str(i + 1),
            "site": "X",
            **extra,
        }
        for i in range(n)
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    return path


def test_card_names_the_columns_and_paths_relative_to_itself(tmp_path):
    export = _export(tmp_path)
    (tmp_path / "rules.toml").write_text("", "utf-8")
    card_file = tmp_path / "cards" / "mine.toml"
    card_file.parent.mkdir()
    card_file.write_text(
        'name = "Mine"\ndata = "../export.jsonl"\nlimit = 2\nboilerplate = "../rules.toml"\n'
        '[columns]\ntext = "body"\npublished = "crawled"\npublisher = "site"\n',
        "utf-8",
    )
    card = read_card(card_file)
    assert card.data == export.resolve()
    assert card.boilerplate == ((tmp_path / "rules.toml").resolve(),)
    assert (card.text_column, card.other_columns) == (
        "body",
        {"published": "crawled", "publisher": "site"},
    )
    arts = ct.corpus.card.load_card_corpus(card)
    assert len(arts) == 2  # the card's limit
    assert arts["publisher"].tolist() == ["X", "X"]
    assert arts["published"].dt.strftime("%Y-%m-%d").tolist() == ["2017-10-01", "2017-10-02"]


def test_card_beside_a_folder_is_found(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "corpus.toml").write_text('name = "Folder corpus"\n', "utf-8")
    card = find_card(tmp_path)
    assert card.label == "Folder corpus" and card.data == tmp_path.resolve()
    assert find_card(tmp_path / "a.txt").label.endswith(
        "/a.txt"
    )  # a file the card does not describe


@pytest.mark.parametrize(
    "text, message",
    [
        ('colour = "red"\n', "unknown key"),
        ("limit = -3\n", "positive"),
        ("[columns]\ntext = 3\n", "strings"),
    ],
)
def test_bad_cards_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "corpus.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(CardError, match=message) as err:
        read_card(path)
    assert str(path) in str(err.value)


def test_command_line_options_override_the_card(tmp_path):
    import argparse

    export = _export(tmp_path)
    parser = argparse.ArgumentParser()
    add_corpus_options(parser)
    args = parser.parse_args(
        [str(export), "--text-column", "body", "--date-column", "crawled", "--limit", "1"]
    )
    card = card_from_args(args)
    assert card.columns == {"text": "body", "published": "crawled"} and card.limit == 1
    base = CorpusCard(data=export, columns={"text": "content", "title": "t"})
    merged = base.with_options(columns={"text": "body"}, limit=None)
    assert merged.columns == {"text": "body", "title": "t"} and merged.limit is None


def test_analyse_computes_every_table_once(tmp_path):
    card = CorpusCard(data=_export(tmp_path), columns={"text": "body", "published": "crawled"})
    an = ct.analyse(card, backend="gazetteer", show_progress=False)
    assert set(ca.TABLES) <= set(an.tables), an.missing
    assert an.missing == {}
    assert an.n_articles == 3
    figs = an["figures"]
    assert (figs["value"] == 150).sum() == 3 and "group_id" in figs


def test_a_failing_step_is_reported_and_the_others_go_on(tmp_path, monkeypatch):
    import corpus_tools.extract.timex as timex

    def broken(*args, **kwargs):
        raise RuntimeError("calendar exploded in /tmp/some/deep/path/file.py")

    monkeypatch.setattr(timex, "document_times", broken)
    card = CorpusCard(data=_export(tmp_path), columns={"text": "body", "published": "crawled"})
    an = ct.analyse(card, backend="gazetteer", show_progress=False)
    assert "times" not in an and "attributions" in an and "entities" in an
    assert an.why("times") == "times failed: RuntimeError: calendar exploded in …/file.py"
    assert "needs times" in an.why("timeline") and "needs times" in an.why("figures")
    with pytest.raises(KeyError, match="times not available"):
        an["times"]


def test_saved_tables_read_back_the_same(tmp_path):
    card = CorpusCard(data=_export(tmp_path), columns={"text": "body", "published": "crawled"})
    an = ct.analyse(card, backend="gazetteer", show_progress=False)
    folder = an.save(tmp_path / "tables")
    back = ca.Analysis.load(folder)
    assert set(back.tables) == set(an.tables)
    for name in set(an.tables) - {"articles"}:
        pd.testing.assert_frame_equal(back[name], an[name], check_dtype=True, obj=name)
    articles = back["articles"]
    assert str(articles["published"].dtype) == str(an["articles"]["published"].dtype)
    assert "offsets" not in articles and articles["text"].iloc[0].startswith("قال وزير")
    csv = pd.read_csv(folder / "articles.csv")
    assert "raw_text" not in csv and len(csv) == 3
    assert ca.open_analysis(tables=folder).folder == folder  # read, not recomputed


def test_notes_are_one_plain_line_without_paths():
    message = (
        "entities: using the offline gazetteer only (no stanza resources.json in "
        "/tmp/x/y/resources). Download them once:\n  python -c ..."
    )
    assert ca._plain(message) == (
        "entities: using the offline gazetteer only (no stanza resources.json in …/resources)."
    )


def test_the_seed_corpus_knows_it_is_the_seeds():
    an = ca.Analysis(corpus=str((ROOT / "data" / "seeds").resolve()), name="seeds")
    assert an.is_seeds
    assert not ca.Analysis(corpus="/elsewhere", name="x").is_seeds


def test_chain_nodes_are_shown_as_written():
    from corpus_tools.report.display import with_written_sources

    attrs = pd.DataFrame({"source": ["الشركه", "Reuters"], "source_text": ["الشركة", ""]})
    chains = pd.DataFrame({"from": ["X", "X"], "to": ["الشركه", "Reuters"]})
    got = with_written_sources(chains, attrs, columns=("from", "to"))
    assert got["to"].tolist() == ["الشركة", "Reuters"] and got["from"].tolist() == ["X", "X"]
