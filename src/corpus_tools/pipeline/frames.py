"""The table-level functions: one extractor over a frame of clean articles.

``tag_entities``, ``extract_attributions``, ``extract_time_expressions``,
``build_timeline`` and ``extract_figures`` each run one step of :mod:`.steps` on
every article's :class:`~corpus_tools.text.document.Document` and return its table
(column contracts: ``docs/tables.md``). The tables a step reads are passed in; a
table not passed is computed first, here, by its own step with the same defaults
(entities with ``backend="auto"``), once for the corpus — never inside another
step. :func:`corpus_tools.analyse` runs every step in one pass instead.

>>> arts = pd.DataFrame({"article_id": ["a"], "published": [pd.Timestamp("2017-10-01")],
...                      "text": ["قال الوزير إن 150 شخصاً عادوا أمس."]})
>>> ents = tag_entities(arts, backend="gazetteer", show_progress=False)
>>> extract_figures(arts, entities=ents)["value"].tolist()
[150.0]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial

import pandas as pd

from corpus_tools.contracts import contract
from corpus_tools.pipeline.steps import STEPS, Resources, Step, document_of, sentence_rows
from corpus_tools.pipeline.tables import (
    ArticleInput,
    iter_articles,
    map_articles,
    only,
)
from corpus_tools.text.document import Document

#: The columns of each table a later step reads (workers receive no more).
USED_COLUMNS = {
    "entities": [
        "start", "end", "text", "clitic", "label", "canonical", "entity_id", "kind",
        "country", "backend", "sent_id",
    ],
    "attributions": [
        "sent_id", "start", "end", "cue", "cue_start", "cue_end", "cue_lemma", "source_text",
        "source_start", "source_end", "source", "source_id", "source_type", "resolution",
        "speech", "content", "content_start", "content_end", "via",
    ],
    "times": [
        "sent_id", "start", "end", "text", "kind", "value", "mod", "begin", "until",
        "granularity", "anchored", "anchor", "resolved", "note",
    ],
    "figures": ["sent_id", "start", "end", "text", "value", "unit", "counted", "counted_class"],
}  # fmt: skip
_STEP = {s.layer: s for s in STEPS}


def _document(art: ArticleInput) -> Document:
    doc = Document(art.text, art.article_id, art.published, art.relays, art.publisher, art.headline)
    for layer, rows in art.tables.items():
        if rows is not None:
            doc.layers[layer] = [{k: v for k, v in r.items() if k != "article_id"} for r in rows]
    return doc


def _step_worker(art: ArticleInput, step: Step, resources: Resources) -> list[dict]:
    return step.run(_document(art), resources)


def _run_step(
    layer: str,
    articles: pd.DataFrame,
    given: dict[str, pd.DataFrame | None],
    *,
    n_jobs: int = 1,
    show_progress: bool | None = None,
    resources: Resources | None = None,
    name: str = "",
) -> pd.DataFrame:
    """One step over every article, with the tables it reads; its table."""
    step = _STEP[layer]
    tables = {n: only(given[n], ["article_id", *USED_COLUMNS[n]]) for n in step.needs}
    inputs = iter_articles(articles, name or step.table, tables)
    worker = partial(_step_worker, step=step, resources=resources or Resources())
    rows = map_articles(worker, inputs, n_jobs=n_jobs, desc=step.table, show_progress=show_progress)
    return contract(step.table).frame(rows)


def _needed(
    articles: pd.DataFrame, given: dict[str, pd.DataFrame | None], needs: Sequence[str], **jobs
) -> dict[str, pd.DataFrame]:
    """The tables ``needs`` names: those given, the others computed (in step order)."""
    out = dict(given)
    for layer in needs:
        if out.get(layer) is None:
            if layer == "entities":
                out[layer] = tag_entities(articles, **jobs)
            else:
                out[layer] = _run_step(
                    layer, articles, _needed(articles, out, _STEP[layer].needs, **jobs), **jobs
                )
    return out


def _with_needs(
    layer: str,
    name: str,
    articles: pd.DataFrame,
    given: dict[str, pd.DataFrame | None],
    n_jobs: int,
    show_progress: bool | None,
) -> pd.DataFrame:
    """The table of ``layer``'s step, after the tables it needs (given or computed)."""
    _check_text(articles, name)
    jobs = {"n_jobs": n_jobs, "show_progress": show_progress}
    given = _needed(articles, given, _STEP[layer].needs, **jobs)
    return _run_step(layer, articles, given, name=name, **jobs)


def _check_text(articles: pd.DataFrame, name: str) -> None:
    if "text" not in articles.columns:
        raise KeyError(f"{name} needs clean 'text': run clean_corpus first")


def tag_entities(
    articles: pd.DataFrame,
    backend: str = "auto",
    *,
    entities: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """Tag every article's clean ``text``; one row per mention (``docs/tables.md``).

    ``backend``: ``"auto"`` (offline: the gazetteer and patterns fused with the
    package's trained tagger; README, "Entity tagger"), ``"gazetteer"`` (gazetteer +
    patterns only), ``"tagger"`` (the trained tagger's spans only), ``"stanza"``
    (stanza's Arabic NER, canonicalised through the gazetteer; fails with how to get
    the models when they are absent) or ``"gazetteer+stanza"`` (the gazetteer's rows
    plus stanza's mentions it missed). ``entities``: the user's own entity files.
    ``n_jobs``: worker processes for the per-document backends (stanza runs in this
    process).
    """
    from corpus_tools.pipeline.run import DOCUMENT_BACKENDS, resolve_backend

    _check_text(articles, "tag_entities")
    files = (
        ()
        if entities is None
        else (entities,)
        if isinstance(entities, str | os.PathLike)
        else tuple(entities)
    )
    backend = resolve_backend(backend)
    resources = Resources(tuple(os.fspath(f) for f in files), backend=backend)
    if backend in DOCUMENT_BACKENDS:
        return _run_step(
            "entities",
            articles,
            {},
            n_jobs=n_jobs,
            show_progress=show_progress,
            resources=resources,
            name="tag_entities",
        )
    from corpus_tools.extract.entities import tag_with_stanza

    return tag_with_stanza(articles, backend, resources.gazetteer(), show_progress=show_progress)


def extract_attributions(
    articles: pd.DataFrame,
    entities: pd.DataFrame | None = None,
    *,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """One row per attributed statement in every article (``docs/tables.md``).

    ``entities``: a :func:`tag_entities` table of the same articles (tagged first,
    with the default backend, when omitted). A ``relays`` column in the articles
    (from ``metadata.csv``) names the outlet each article relays.
    """
    given = {"entities": entities}
    return _with_needs(
        "attributions", "extract_attributions", articles, given, n_jobs, show_progress
    )


def extract_time_expressions(
    articles: pd.DataFrame, *, n_jobs: int = 1, show_progress: bool | None = None
) -> pd.DataFrame:
    """One row per time expression in every article (``docs/tables.md``), anchored on
    the article's ``published`` date when the articles have that column."""
    _check_text(articles, "extract_time_expressions")
    return _run_step(
        "times",
        articles,
        {},
        n_jobs=n_jobs,
        show_progress=show_progress,
        name="extract_time_expressions",
    )


def build_timeline(
    articles: pd.DataFrame,
    *,
    entities: pd.DataFrame | None = None,
    attributions: pd.DataFrame | None = None,
    times: pd.DataFrame | None = None,
    figures: pd.DataFrame | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """One row per reported event in every article (``docs/tables.md``).

    The tables it reads may be passed in; those that are not are computed first,
    once for the corpus, with the default settings.
    """
    given = {"entities": entities, "attributions": attributions, "times": times, "figures": figures}
    return _with_needs("events", "build_timeline", articles, given, n_jobs, show_progress)


def extract_figures(
    articles: pd.DataFrame,
    *,
    entities: pd.DataFrame | None = None,
    attributions: pd.DataFrame | None = None,
    times: pd.DataFrame | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """One row per reported figure in every article (``docs/tables.md``).

    The tables it reads may be passed in; those that are not are computed first,
    once for the corpus, with the default settings.
    """
    given = {"entities": entities, "attributions": attributions, "times": times}
    return _with_needs("figures", "extract_figures", articles, given, n_jobs, show_progress)


def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article (``docs/tables.md``).

    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["جملة أولى. جملة ثانية؟"]})
    >>> sentences(df)[["sent_id", "start", "end", "text"]].values.tolist()
    [[0, 0, 10, 'جملة أولى.'], [1, 11, 22, 'جملة ثانية؟']]
    """
    _check_text(articles, "sentences")
    rows = []
    for record in articles[["article_id", "text"]].to_dict("records"):
        if isinstance(record["text"], str):
            doc = document_of(record)
            rows += [{"article_id": doc.article_id, **r} for r in sentence_rows(doc)]
    return contract("sentences").frame(rows)
