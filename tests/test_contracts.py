"""Every table keeps its column contract.

The contract below is written out by hand, apart from ``data/tables.toml`` (which
builds the frames): a change to either that the other does not share fails here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import corpus_tools as ct
from corpus_tools.contracts import contracts, full, tables_markdown

ROOT = Path(__file__).resolve().parents[1]

S, N, F, B, D = "str", "int64", "float64", "bool", "datetime64[s]"
EXPECTED = {
    "sentences": dict(article_id=S, sent_id=N, start=N, end=N, text=S, paragraph=N),
    "entities": dict(
        article_id=S, sent_id=N, start=N, end=N, text=S, clitic=S, label=S, canonical=S,
        entity_id=S, kind=S, country=S, backend=S,
    ),
    "attributions": dict(
        article_id=S, sent_id=N, start=N, end=N, cue=S, cue_start=N, cue_end=N, cue_lemma=S,
        source_text=S, source_start=N, source_end=N, source=S, source_id=S, source_type=S,
        resolution=S, rule=S, speech=S, content=S, content_start=N, content_end=N, via=S,
    ),
    "times": dict(
        article_id=S, sent_id=N, start=N, end=N, text=S, kind=S, value=S, mod=S, begin=D,
        until=D, granularity=S, anchored=B, anchor=D, resolved=B, note=S,
    ),
    "timeline": dict(
        article_id=S, sent_id=N, event=S, trigger=S, trigger_start=N, trigger_end=N,
        modality=S, polarity=S, modality_cue=S, participant=S, participant_type=S,
        figure_start=N, begin=D, until=D, dated_by=S, time_text=S, time_value=S, time_start=N,
        time_end=N, granularity=S, entities=S, nationalities=S, source=S, via=S, outlet=S,
        published=D, mentions=N,
    ),
    "figures": dict(
        article_id=S, sent_id=N, start=N, end=N, text=S, value=F, low=F, high=F, hedge=S,
        hedge_cue=S, unit=S, counted=S, counted_class=S, nationality=S, event=S, source=S,
        via=S, time_begin=D, time_end=D, time_text=S, in_headline=B, published=D,
        publisher=S,
    ),
    "compared_figures": dict(
        outlet=S, group_id=N, group=S, group_figures=N, group_articles=N, agreement=S,
        repeated_in=S, repeats=N,
    ),
    "chains": {
        "article_id": S, "from": S, "to": S, "relation": S, "n": N, "n_direct": N, "basis": S,
    },
    "cleaning": dict(
        article_id=S, kind=S, raw_start=N, raw_end=N, removed_text=S, inserted_text=S,
        reason=S,
    ),
    "cleaning_summary": dict(article_id=S, kind=S, n_changes=N, chars_removed=N),
    "lengths": dict(
        article_id=S, raw_chars=N, clean_chars=N, raw_words=N, clean_words=N, share_kept=F
    ),
    "figure_groups": dict(
        group_id=N, group=S, figures=N, articles=N, outlets=S, low=F, high=F, agreement=S,
        statements=S,
    ),
    "problems": dict(path=S, article_id=S, problem=S, detail=S, step=S),
}  # fmt: skip
#: The analysis's table of each contract (its ``figures`` are the compared ones).
TABLE = {"compared_figures": "figures", "figures": None}


def test_the_declared_contracts_are_the_expected_ones():
    assert {name: c.dtypes for name, c in contracts().items()} == EXPECTED
    assert all(col.meaning.strip() for c in contracts().values() for col in c.columns)


@pytest.mark.parametrize("corpus", ["seeds", "news-dev"])
def test_every_table_of_a_run_keeps_its_contract(corpus):
    news_dev = ROOT.parent / "shared" / "eval" / "news-dev" / "corpus"
    path = ROOT / "data" / "seeds" if corpus == "seeds" else news_dev
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        an = ct.analyse(path, backend="gazetteer", show_progress=False)
    for name in EXPECTED:
        table = TABLE.get(name, name)
        if table is None:
            continue
        df = an[table]
        want = (
            EXPECTED["figures"] | EXPECTED[name] if name == "compared_figures" else EXPECTED[name]
        )
        assert {c: str(df[c].dtype) for c in df.columns} == want, name
        assert full(name).problems(df) == []
        assert len(df) or name == "problems", f"{name} is empty on {corpus}"


def test_the_step_by_step_functions_keep_the_contracts_too():
    arts = ct.clean_corpus(ct.load_corpus(ROOT / "data" / "seeds", show_progress=False))
    ents = ct.tag_entities(arts, backend="gazetteer", show_progress=False)
    for name, df in {
        "entities": ents,
        "attributions": ct.extract_attributions(arts, ents),
        "times": ct.extract_time_expressions(arts),
        "sentences": ct.sentences(arts),
        "cleaning": ct.cleaning_report(arts),
    }.items():
        assert {c: str(df[c].dtype) for c in df.columns} == EXPECTED[name], name


def test_the_documentation_of_the_tables_is_current():
    written = (ROOT / "docs" / "tables.md").read_text("utf-8")
    assert written == tables_markdown(), (
        "docs/tables.md is out of date: corpus-tools tables > docs/tables.md"
    )
