"""Source attribution: who said what, citing whom — one row per attributed statement.

:func:`document_attributions` reads one prepared article sentence by sentence and
finds reporting cues (``data/attribution.toml``): verbs in their inflections and
with و/ف («وقالت», «تنقل عن», «لفتت إلى أن»), participles that continue a
statement («مضيفاً أن»), and prepositional cues («بحسب», «وفقاً لـ», «على حد
تعبير»). For each it finds the source — after the verb (VSO), before it (SVO:
«الصحيفة نقلت»), or after the preposition — and the content: after «أن / إن», a
colon or a quotation, or the quotation just before «على حد تعبير».

The source is reduced to a canonical name: an entity's (from
:func:`corpus_tools.tag_entities`) when one is named («وزير الدفاع الأمريكي جيم
ماتيس» → Jim Mattis; «المتحدث باسم وزارة الخارجية البريطانية» → UK Foreign Office
spokesperson), else a description built from the head noun and its modifiers
(«دبلوماسيون غربيون» → Western diplomats). «الصحيفة» refers back to the outlet last
named; a cue with no subject («وأضافت أن») takes the latest source that agrees with
the verb; a whole paragraph in quotation marks takes the latest speaker. The
``resolution`` column says which of these happened, so nothing is silently guessed.

The package, one module per role (as BBC's citron splits them):

- :mod:`.lexicon` — ``data/attribution.toml`` read into phrase indexes;
- :mod:`.article` — one :class:`~corpus_tools.text.document.Document` read for
  attribution (entities by token, quotations by position), statements and sources;
- :mod:`.cues` — speech cues: verbs, relay verbs, participles, prepositional cues;
- :mod:`.sources` — the source noun phrase: entities, heads, modifiers, titles, types;
- :mod:`.content` — the content span; direct, indirect or mixed speech;
- :mod:`.coreference` — anaphors, dropped subjects, the previous speaker, family names;
- here — :func:`document_attributions` (one Document) and :func:`attributions_for_text`.

The table: :func:`corpus_tools.extract_attributions`; its columns: the
``attributions`` contract (``data/tables.toml``, ``docs/tables.md``); outlets and
citation profiles across articles: :mod:`corpus_tools.aggregate.citations`.

Example:
    >>> [row] = attributions_for_text(
    ...     "ونقلت صحيفة «الغارديان» عن مسؤولين فرنسيين أن المقاتلين عادوا.")
    >>> row["source"], row["via"], row["content"]
    ('French officials', 'The Guardian', 'المقاتلين عادوا.')
"""

from __future__ import annotations

from corpus_tools.extract.attribution.article import Article
from corpus_tools.extract.attribution.coreference import bare_quotes, resolve
from corpus_tools.extract.attribution.cues import find_statements
from corpus_tools.extract.attribution.lexicon import lexicon
from corpus_tools.extract.attribution.sources import ENTITY_SOURCE_TYPES, SOURCE_TYPES
from corpus_tools.extract.entities import document_entities
from corpus_tools.text.document import Document

__all__ = [
    "ENTITY_SOURCE_TYPES",
    "SOURCE_TYPES",
    "attributions_for_text",
    "document_attributions",
    "lexicon",
]


def document_attributions(doc: Document) -> list[dict]:
    """Attribution rows (no ``article_id``) of one prepared document, in text order.

    Reads the document's tokens, sentences, quotations, ``relays`` and its
    ``entities`` layer (``KeyError`` when the entities have not run).
    """
    art = Article(doc, lexicon())
    rows = resolve(art, find_statements(art))
    rows += bare_quotes(art, rows)
    return sorted(rows, key=lambda r: (r["start"], r["cue_start"]))


def attributions_for_text(
    text: str, entity_rows: list[dict] | None = None, relays: str | None = None
) -> list[dict]:
    """Attribution rows (dicts, no ``article_id``) of one clean text; pure.

    Builds a :class:`~corpus_tools.text.document.Document` and calls
    :func:`document_attributions`. ``entity_rows``: entity rows of the same text
    (found here when omitted, with
    :func:`corpus_tools.extract.entities.document_entities`);
    ``relays``: the outlet the article relays, when the metadata says so (the source
    of statements before any outlet is named).
    """
    if not text:
        return []
    doc = Document(text, relays=relays)
    doc.layers["entities"] = _entities(doc) if entity_rows is None else entity_rows
    return document_attributions(doc)


def _entities(doc: Document) -> list[dict]:
    """The document's entity rows, for a caller that gave none."""
    return document_entities(doc)
