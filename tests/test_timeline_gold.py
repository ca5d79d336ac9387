"""The timeline gold (tests/data/timeline_gold.yaml) is well formed, every event can be
found in its article, and the scorer beside it runs (benchmarks/score_timeline.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import ROOT, SHARED, load_script

GOLD = ROOT / "tests" / "data" / "timeline_gold.yaml"
CORPUS = SHARED / "eval" / "news-dev" / "corpus"
TYPES = {
    "fled", "defected", "returned", "arrested", "detained", "released", "charged", "tried",
    "sentenced", "convicted", "acquitted", "killed", "injured", "executed", "joined",
    "travelled", "attacked", "captured", "contacted_authorities", "surrendered",
    "crossed_border", "arrived", "paid", "published", "announced", "signed", "elected",
    "other",
}  # fmt: skip
MODALITIES = {"asserted", "negated", "intended", "expected", "hypothetical", "reported_plan"}


def _scorer():
    return load_script(ROOT / "benchmarks" / "score_timeline.py")


def test_the_gold_is_well_formed():
    articles = yaml.safe_load(GOLD.read_text("utf-8"))["articles"]
    assert len(articles) >= 12
    for aid, a in articles.items():
        assert isinstance(a["published"], dt.date), aid
        for ev in a["events"]:
            assert ev["type"] in TYPES and ev["modality"] in MODALITIES, (aid, ev["trigger"])
            assert ev["begin"] <= ev["end"], (aid, ev["trigger"])
            assert ev["trigger"] and ev["context"] and int(ev["tol"]) >= 0


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/eval/news-dev")
def test_every_gold_event_is_found_in_its_article():
    scorer = _scorer()
    articles = yaml.safe_load(GOLD.read_text("utf-8"))["articles"]
    for aid, a in articles.items():
        text = (CORPUS / f"{aid}.txt").read_text("utf-8")
        for ev in a["events"]:
            assert scorer._locate(text, ev["trigger"], ev["context"]), (aid, ev["trigger"])


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/eval/news-dev")
def test_the_scorer_scores_the_timeline():
    result = _scorer().score()
    assert result["unlocated_gold"] == 0 and result["gold_asserted_events"] > 200
    for key in ("precision", "recall", "date_right", "type_agreement"):
        assert 0.0 <= result[key] <= 1.0
