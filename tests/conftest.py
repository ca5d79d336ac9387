from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import corpus_tools as ct

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds():
    """The seed corpus, loaded and cleaned once per test session."""
    return ct.clean_corpus(ct.load_corpus(SEEDS))


@pytest.fixture(scope="session")
def seed_text(seeds):
    def get(prefix: str) -> str:
        return seeds.loc[seeds["article_id"].str.startswith(prefix), "text"].iloc[0]

    return get


def load_script(path: Path):
    """A script of ``benchmarks/`` imported as a module (it is no package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
