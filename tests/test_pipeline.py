"""One pass per article, partitions, processes, a folder of tables, resuming, Dask."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.pipeline import run, steps
from corpus_tools.pipeline.run import RunOptions, TableStore, analyse_partition, partitions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
NEWS_DEV = ROOT.parent / "shared" / "eval" / "news-dev" / "corpus"
PER_ARTICLE = ("sentences", "entities", "attributions", "times", "timeline", "figures")


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    corpus = NEWS_DEV if NEWS_DEV.is_dir() else SEEDS
    return _quiet(ct.load_corpus, corpus, show_progress=False)


@pytest.fixture(scope="module")
def serial(raw) -> ct.Analysis:
    return _quiet(ct.analyse, raw, show_progress=False)


def _size(raw: pd.DataFrame) -> int:
    """A partition size that cuts ``raw`` into three partitions or more."""
    return max(len(raw) // 3, 1)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=[c for c in run.OBJECT_COLUMNS if c in df.columns]).reset_index(
        drop=True
    )


def test_one_pass_gives_the_tables_of_the_step_by_step_functions(raw, serial):
    clean = _quiet(ct.clean_corpus, raw, show_progress=False)
    ents = ct.tag_entities(clean, show_progress=False)
    attrs = ct.extract_attributions(clean, ents)
    times = ct.extract_time_expressions(clean)
    expected = {
        "sentences": ct.sentences(clean),
        "entities": ents,
        "attributions": attrs,
        "times": times,
        "timeline": ct.build_timeline(clean, entities=ents, attributions=attrs, times=times),
        "figures": ct.extract_figures(clean, entities=ents, attributions=attrs, times=times),
    }
    for name, want in expected.items():
        got = serial[name][list(want.columns)]
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


def test_partitions_and_processes_do_not_change_the_tables(raw, serial):
    small = _quiet(ct.analyse, raw, show_progress=False, partition_size=_size(raw))
    pooled = _quiet(ct.analyse, raw, show_progress=False, n_jobs=2)
    for name in serial.tables:
        want = _plain(serial[name])
        pd.testing.assert_frame_equal(_plain(small[name]), want, obj=f"{name} (partitions of 4)")
        pd.testing.assert_frame_equal(_plain(pooled[name]), want, obj=f"{name} (2 processes)")


def test_a_folder_run_stores_the_same_tables_and_reads_them_back(raw, serial, tmp_path):
    an = _quiet(
        ct.analyse,
        raw,
        show_progress=False,
        folder=tmp_path,
        partition_size=_size(raw),
    )
    assert sorted(an.tables) == sorted(serial.tables)
    for name in serial.tables:
        pd.testing.assert_frame_equal(an[name], _plain(serial[name]), obj=name)
    parts = sorted((tmp_path / "entities.parquet").glob("part-*.parquet"))
    assert len(parts) == len(partitions(raw, _size(raw)))
    assert (tmp_path / "entities.csv").is_file() and an.n_rows("entities") == len(
        serial["entities"]
    )


def test_a_crashed_folder_run_resumes_and_redoes_only_the_unfinished_partition(raw, tmp_path):
    _quiet(
        ct.analyse,
        raw,
        show_progress=False,
        folder=tmp_path,
        partition_size=_size(raw),
    )
    store = TableStore(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "times.parquet").glob("*.parquet")}
    # partition 1 was being written when the run died: its marker and one table are gone
    (store.marks / "part-00001.json").unlink()
    (tmp_path / "entities.parquet" / "part-00001.parquet").unlink()
    calls = []
    real = run.analyse_partition

    def counting(raw_part, options):
        calls.append(len(raw_part))
        return real(raw_part, options)

    run.analyse_partition = counting
    try:
        an = _quiet(
            ct.analyse,
            raw,
            show_progress=False,
            folder=tmp_path,
            partition_size=_size(raw),
        )
    finally:
        run.analyse_partition = real
    assert calls == [len(partitions(raw, _size(raw))[1])]
    after = {p: p.stat().st_mtime_ns for p in before}
    changed = [p.name for p in before if after[p] != before[p]]
    assert changed == ["part-00001.parquet"]
    fresh = _quiet(ct.analyse, raw, show_progress=False)
    pd.testing.assert_frame_equal(an["times"], _plain(fresh["times"]))


def test_a_step_that_fails_on_one_article_loses_only_that_articles_rows(raw, monkeypatch):
    victim = str(raw["article_id"].iloc[1])
    real = steps.STEPS[1].run  # attributions

    def fragile(doc, res):
        if doc.article_id == victim:
            raise ValueError("broken article")
        return real(doc, res)

    broken = (steps.STEPS[0], steps.Step("attributions", ("entities",), fragile), *steps.STEPS[2:])
    monkeypatch.setattr(steps, "STEPS", broken)
    monkeypatch.setattr(run, "STEPS", broken)
    part = analyse_partition(raw, RunOptions())
    problems = part["step_problems"]
    assert problems.values.tolist() == [[victim, "attributions", "ValueError", "broken article"]]
    assert victim not in set(part["attributions"]["article_id"])
    assert victim in set(part["figures"]["article_id"]) | set(part["entities"]["article_id"])
    an = ct.analyse(raw, show_progress=False)
    assert any(n.startswith(f"attributions: 1 of {len(raw)} articles failed") for n in an.notes)
    assert an["problems"].query("problem == 'step_failed'")["step"].tolist() == ["attributions"]


def test_steps_run_in_order_and_say_what_they_need():
    assert [s.table for s in steps.steps_for(["figures"])] == [
        "entities",
        "attributions",
        "times",
        "figures",
    ]
    assert [s.table for s in steps.steps_for(["times"])] == ["times"]
    with pytest.raises(KeyError, match="no step makes"):
        steps.steps_for(["opinions"])


def test_a_layer_read_before_its_step_ran_names_the_step():
    doc = ct.text.document.Document("قال الوزير.")
    with pytest.raises(KeyError, match="no 'entities' layer yet"):
        doc.layer("entities")


dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


def test_dask_on_a_two_worker_local_cluster_gives_the_serial_tables(raw, serial, tmp_path):
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    ddf = dd.from_pandas(raw, npartitions=3, sort=False)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        an = _quiet(ct.analyse_dask, ddf, tmp_path / "tables", client=client)
        assert len(TableStore(tmp_path / "tables").counts()) == 3
    for name in serial.tables:
        if name == "problems":
            continue  # the loader's problems are the caller's, before Dask
        pd.testing.assert_frame_equal(an[name], _plain(serial[name]), obj=name)


def test_dask_reads_a_partitioned_parquet_dataset(raw, serial, tmp_path):
    data = tmp_path / "articles"
    data.mkdir()
    for k, part in enumerate(partitions(raw, _size(raw))):
        part.to_parquet(data / f"part-{k}.parquet", index=False)
    an = _quiet(ct.analyse_dask, str(data), tmp_path / "tables")  # Dask's local scheduler
    pd.testing.assert_frame_equal(an["figures"], _plain(serial["figures"]))
    marks = sorted(os.listdir(tmp_path / "tables" / "_partitions"))
    assert marks == [f"part-{k:05d}.json" for k in range(len(partitions(raw, _size(raw))))]
