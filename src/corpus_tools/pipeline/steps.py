"""The per-article steps, in order, and one pass of them over a prepared document.

Each :class:`Step` reads a :class:`~corpus_tools.text.document.Document` (its text
views and the layers of the steps it ``needs``) and returns the rows of its layer.
:func:`run_document` runs the steps one after another on one document; a step that
raises adds a problem row for that article and an empty layer, and the others go on.
Nothing here knows about corpora, processes or files: that is :mod:`.run`.

>>> from corpus_tools.text.document import Document
>>> doc = Document("قال الوزير إن 150 شخصاً عادوا أمس.", "a", pd.Timestamp("2017-10-01"))
>>> out = run_document(doc, Resources())
>>> [r["value"] for r in out.rows["figures"]], out.problems
([150.0], [])
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from corpus_tools.pipeline.tables import problem_row
from corpus_tools.text.document import Document

#: The tables the steps make, by the layer they add to the document.
TABLE_OF_LAYER = {
    "entities": "entities",
    "attributions": "attributions",
    "times": "times",
    "events": "timeline",
    "figures": "figures",
}


@dataclass(frozen=True)
class Resources:
    """What the steps read besides the document: the user's entity files (their
    gazetteer), whether entities come from elsewhere (stanza, tagged per batch) and
    the entity backend of the document step (``auto``, ``gazetteer`` or ``tagger``)."""

    entity_files: tuple[str, ...] = ()
    entities_given: bool = False
    backend: str = "auto"

    def gazetteer(self) -> Any:
        from corpus_tools.extract.entities import load_gazetteer

        return load_gazetteer(list(self.entity_files) or None)


@dataclass(frozen=True)
class Step:
    """One per-article step: the layer it adds, the layers it reads, its function."""

    layer: str
    needs: tuple[str, ...]
    run: Callable[[Document, Resources], list[dict]]

    @property
    def table(self) -> str:
        return TABLE_OF_LAYER[self.layer]


# --- the steps (each a thin call into its extractor) ----------------------------------
def _entities(doc: Document, res: Resources) -> list[dict]:
    from corpus_tools.extract.entities import document_entities

    return document_entities(doc, res.gazetteer(), backend=res.backend)


def _attributions(doc: Document, res: Resources) -> list[dict]:
    from corpus_tools.extract.attribution import document_attributions

    return document_attributions(doc)


def _times(doc: Document, res: Resources) -> list[dict]:
    from corpus_tools.extract.timex import document_times

    return document_times(doc)


def _events(doc: Document, res: Resources) -> list[dict]:
    from corpus_tools.extract.timeline import document_events

    return document_events(doc)


def _figures(doc: Document, res: Resources) -> list[dict]:
    from corpus_tools.extract.figures import document_figures

    rows = document_figures(doc)
    for r in rows:
        r["publisher"] = doc.publisher
    return rows


#: Every step, in the order it runs.
STEPS: tuple[Step, ...] = (
    Step("entities", (), _entities),
    Step("attributions", ("entities",), _attributions),
    Step("times", (), _times),
    Step("figures", ("entities", "attributions", "times"), _figures),
    Step("events", ("entities", "attributions", "times", "figures"), _events),
)


def steps_for(tables: Sequence[str]) -> tuple[Step, ...]:
    """The steps that make ``tables`` (table names), with the steps they need, in order."""
    by_table = {s.table: s for s in STEPS}
    unknown = [t for t in tables if t not in by_table]
    if unknown:
        raise KeyError(f"no step makes {unknown}; steps make {list(by_table)}")
    wanted = {by_table[t].layer for t in tables}
    grew = True
    while grew:
        needs = {n for s in STEPS if s.layer in wanted for n in s.needs}
        grew = not needs <= wanted
        wanted |= needs
    return tuple(s for s in STEPS if s.layer in wanted)


@dataclass
class DocumentResult:
    """The rows each step added for one document, and the steps that failed on it."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)


def run_document(
    doc: Document, resources: Resources, steps: Sequence[Step] = STEPS
) -> DocumentResult:
    """Run ``steps`` on ``doc`` in order; each adds its layer (rows by table name).

    A layer already in ``doc.layers`` (given by the caller, e.g. stanza's entities)
    is kept, not recomputed. A step that raises leaves an empty layer and one
    problem row (:func:`~corpus_tools.pipeline.tables.problem_row`).
    """
    out = DocumentResult()
    for step in steps:
        if step.layer not in doc.layers:
            try:
                doc.layers[step.layer] = step.run(doc, resources)
            except Exception as exc:  # one article must not sink the corpus
                out.problems.append(problem_row(doc.article_id, step.table, exc))
                doc.layers[step.layer] = []
        out.rows[step.table] = doc.layers[step.layer]
    return out


def sentence_rows(doc: Document) -> list[dict]:
    """The ``sentences`` table's rows of one document (paragraph index included)."""
    para_starts = [s for s, _ in doc.paragraphs] or [0]
    return [
        {
            "sent_id": k,
            "start": s,
            "end": e,
            "text": doc.text[s:e],
            "paragraph": max(bisect_right(para_starts, s) - 1, 0),
        }
        for k, (s, e) in enumerate(doc.sentences)
    ]


def document_of(row: dict, text_column: str = "text") -> Document:
    """The :class:`Document` of one articles-table row (a dict of its columns)."""

    def name(key: str) -> str | None:
        v = row.get(key)
        return v if isinstance(v, str) and v.strip() else None

    published = row.get("published")
    published = None if published is None or pd.isna(published) else pd.Timestamp(published)
    return Document(
        row.get(text_column) or "",
        str(row.get("article_id", "")),
        published,
        name("relays"),
        name("publisher"),
        name("headline"),
    )
