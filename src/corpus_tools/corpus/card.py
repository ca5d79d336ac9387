"""The corpus card: a small TOML file that says how to read one corpus.

An export names its columns its own way (``content``, ``date_extracted``,
``source``), a site needs its own boilerplate rules, a topic its own entities.
A card, kept beside the corpus as ``corpus.toml`` (or anywhere, pointing at the
corpus with ``data``), says it once; ``load_card`` reads it and
:func:`corpus_tools.pipeline.analysis.analyse` and the reports use it. Every key is
optional; relative paths are read from the card's folder::

    name = "SaudiNewsNet 2015, first 2,000 records"
    data = "articles.jsonl.gz"       # folder or export (default: the card's folder)
    limit = 2000                     # read only the first records
    encoding = "cp1256"              # force one encoding for .txt files
    metadata = "metadata.csv"        # metadata for an export
    boilerplate = ["my_site.toml"]   # extra cleaning rules
    entities = ["my_entities.toml"]  # extra gazetteer entries

    [columns]                        # corpus_tools name = the corpus's column
    text = "content"
    id = "url"
    published = "date_extracted"
    title = "title"
    publisher = "source"

Example:
    >>> card = CorpusCard.from_dict({"data": "x.jsonl", "columns": {"text": "body"}}, base=".")
    >>> card.text_column, card.data.name
    ('body', 'x.jsonl')
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from corpus_tools.resources import default_corpus, read_toml

#: File name of a card kept in a corpus folder.
CARD_NAME = "corpus.toml"
#: Keys a card may have at its top level.
CARD_KEYS = {"name", "data", "limit", "encoding", "metadata", "boilerplate", "entities", "columns"}
#: Column roles a card may map (beyond these, any name is carried along as it is).
COLUMN_ROLES = ("text", "id", "published", "title", "publisher", "relays")


class CardError(ValueError):
    """A corpus card that cannot be used, with the file and the reason."""


@dataclass(frozen=True)
class CorpusCard:
    """How to read one corpus (see the module docstring for the TOML form)."""

    data: Path
    name: str = ""
    limit: int | None = None
    encoding: str | None = None
    metadata: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)
    boilerplate: tuple[Path, ...] = ()
    entities: tuple[Path, ...] = ()
    card_path: Path | None = None

    @property
    def text_column(self) -> str | None:
        return self.columns.get("text")

    @property
    def id_column(self) -> str | None:
        return self.columns.get("id")

    @property
    def other_columns(self) -> dict[str, str]:
        """Columns to rename on loading: ``{corpus_tools name: the corpus's name}``."""
        return {k: v for k, v in self.columns.items() if k not in ("text", "id")}

    @property
    def label(self) -> str:
        """The name to show: the card's ``name``, else the corpus's last two path parts."""
        return self.name or "/".join(self.data.parts[-2:])

    @classmethod
    def from_dict(
        cls, raw: dict[str, Any], *, base: str | os.PathLike[str], card_path: Path | None = None
    ) -> CorpusCard:
        """Build a card from parsed TOML; relative paths are taken from ``base``."""
        where = str(card_path or "corpus card")
        unknown = sorted(set(raw) - CARD_KEYS)
        if unknown:
            raise CardError(f"{where}: unknown key(s) {unknown}; known: {sorted(CARD_KEYS)}")
        base = Path(base)
        columns = raw.get("columns", {})
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            raise CardError(f"{where}: [columns] must map names to column names (strings)")
        limit = raw.get("limit")
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise CardError(f"{where}: limit must be a positive whole number, not {limit!r}")
        return cls(
            data=_path(raw.get("data", "."), base),
            name=str(raw.get("name", "")),
            limit=limit,
            encoding=raw.get("encoding"),
            metadata=_path(raw["metadata"], base) if raw.get("metadata") else None,
            columns=dict(columns),
            boilerplate=tuple(_path(p, base) for p in _as_list(raw.get("boilerplate"))),
            entities=tuple(_path(p, base) for p in _as_list(raw.get("entities"))),
            card_path=card_path,
        )

    def with_options(self, **options: Any) -> CorpusCard:
        """This card with command-line options on top (``None`` leaves a value as it is;
        ``columns`` are merged)."""
        given = {k: v for k, v in options.items() if v is not None}
        if "columns" in given:
            given["columns"] = {**self.columns, **given["columns"]}
        for key in ("boilerplate", "entities"):
            if key in given:
                given[key] = getattr(self, key) + tuple(Path(p) for p in given[key])
        return replace(self, **given)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _path(value: str, base: Path) -> Path:
    p = Path(os.path.expandvars(str(value))).expanduser()
    return (p if p.is_absolute() else base / p).resolve()


def read_card(path: str | os.PathLike[str]) -> CorpusCard:
    """Read a card file (``corpus.toml`` or any ``.toml`` in that format)."""
    path = Path(path).resolve()
    try:
        raw = read_toml(path)
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise CardError(f"{path}: cannot read the corpus card: {exc}") from exc
    return CorpusCard.from_dict(raw, base=path.parent, card_path=path)


def find_card(corpus: str | os.PathLike[str] | None = None) -> CorpusCard:
    """The card for ``corpus``: the ``.toml`` file itself, ``corpus.toml`` in the folder
    (or beside the export), else a plain card reading the corpus as it is.

    ``None`` is the default corpus (``$CORPUS_TOOLS_CORPUS``, else the seeds).
    """
    path = default_corpus(corpus)
    if path.suffix == ".toml" and path.is_file():
        return read_card(path)
    beside = path / CARD_NAME if path.is_dir() else path.parent / CARD_NAME
    if beside.is_file():
        card = read_card(beside)
        return card if path.is_dir() or card.data == path else CorpusCard(data=path)
    return CorpusCard(data=path)


def load_card_corpus(card: CorpusCard, *, show_progress: bool | None = None):
    """Load the corpus a card describes (``load_corpus`` with the card's options).

    A ``title`` column is kept as ``title`` (cleaning finds its own ``headline``
    in the text; :func:`corpus_tools.report.display.article_titles` prefers the title).
    """
    from corpus_tools.corpus.loading import load_corpus

    if not card.data.exists():
        where = f" (from {card.card_path})" if card.card_path else ""
        raise FileNotFoundError(f"corpus {card.data} does not exist{where}")
    export = card.data.is_file()
    articles = load_corpus(
        card.data,
        encoding=card.encoding,
        metadata=card.metadata,
        text_column=card.text_column if export else None,
        id_column=card.id_column if export else None,
        columns=(card.other_columns or None) if export else None,
        limit=card.limit,
        show_progress=show_progress,
    )
    if not export and card.other_columns:  # a folder: rename its metadata columns
        renames = {src: dst for dst, src in card.other_columns.items() if src in articles}
        articles = articles.drop(columns=[d for d in renames.values() if d in articles])
        articles = articles.rename(columns=renames)
    return articles
