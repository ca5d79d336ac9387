"""Per-article work is pure: running it in worker processes gives the same tables."""

from __future__ import annotations

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.pipeline.tables import iter_articles, map_articles


def _lengths(art) -> list[dict]:
    return [{"chars": len(art.text)}]


def test_map_articles_in_processes_keeps_order():
    arts = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(30)],
            "text": ["نص " * i + "." for i in range(1, 31)],
        }
    )
    serial = map_articles(_lengths, iter_articles(arts, "test"))
    parallel = map_articles(_lengths, iter_articles(arts, "test"), n_jobs=2, min_parallel=0)
    assert serial == parallel and [r["article_id"] for r in parallel] == list(arts["article_id"])


@pytest.fixture(scope="module")
def many(seeds):
    """The seeds 50 times over (250 articles), each copy its own article."""
    copies = [seeds.assign(article_id=seeds["article_id"] + f"-{k}") for k in range(50)]
    return pd.concat(copies, ignore_index=True).drop(columns=["offsets", "changes"])


def test_extractors_give_the_same_tables_with_two_workers(many):
    ents1 = ct.tag_entities(many, backend="gazetteer")
    ents2 = ct.tag_entities(many, backend="gazetteer", n_jobs=2)
    pd.testing.assert_frame_equal(ents1, ents2)
    pd.testing.assert_frame_equal(
        ct.extract_attributions(many, ents1), ct.extract_attributions(many, ents1, n_jobs=2)
    )
    times1 = ct.extract_time_expressions(many)
    pd.testing.assert_frame_equal(times1, ct.extract_time_expressions(many, n_jobs=2))
    pd.testing.assert_frame_equal(
        ct.extract_figures(many, entities=ents1, times=times1),
        ct.extract_figures(many, entities=ents1, times=times1, n_jobs=2),
    )
    attrs = ct.extract_attributions(many, ents1)
    given = {"entities": ents1, "attributions": attrs, "times": times1}
    pd.testing.assert_frame_equal(
        ct.extract_figures(many, **given), ct.extract_figures(many, **given, n_jobs=2)
    )
    pd.testing.assert_frame_equal(
        ct.build_timeline(many, **given), ct.build_timeline(many, **given, n_jobs=2)
    )
