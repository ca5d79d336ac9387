"""Column contracts: every table's columns, dtypes and meanings, declared once.

The contracts live in ``data/tables.toml``; this module reads them, builds typed
frames from row dicts (:meth:`Contract.frame`), checks a frame against its contract
(:meth:`Contract.problems`) and writes the documentation (``docs/tables.md``:
``corpus-tools tables > docs/tables.md``).

>>> c = contract("sentences")
>>> c.names
['article_id', 'sent_id', 'start', 'end', 'text', 'paragraph']
>>> df = c.frame([{"article_id": "a", "sent_id": 0, "start": 0, "end": 3,
...                "text": "نعم", "paragraph": 0}])
>>> str(df["start"].dtype), c.problems(df)
('int64', [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from corpus_tools.resources import load_toml

#: Where a step's problems travel with the table it returns (:mod:`corpus_tools.pipeline.tables`).
STEP_PROBLEMS_ATTR = "step_problems"


@dataclass(frozen=True)
class Column:
    """One column: its name, pandas dtype, and what it holds."""

    name: str
    dtype: str
    meaning: str


@dataclass(frozen=True)
class Contract:
    """A table's contract: what one row is, the function that makes it, its columns."""

    table: str
    row: str
    made_by: str
    columns: tuple[Column, ...]
    extends: str = ""

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def dtypes(self) -> dict[str, str]:
        return {c.name: c.dtype for c in self.columns}

    def frame(self, rows: list[dict]) -> pd.DataFrame:
        """``rows`` as a DataFrame with exactly this contract's columns and dtypes.

        Keys a row lacks are missing values; keys not in the contract are dropped.
        Step problems carried by ``rows`` (a :class:`~corpus_tools.pipeline.tables.Rows`)
        travel in ``df.attrs``.
        """
        return typed_frame(rows, self.dtypes)

    def empty(self) -> pd.DataFrame:
        """A frame with no rows and this contract's columns."""
        return self.frame([])

    def problems(self, df: pd.DataFrame) -> list[str]:
        """How ``df`` departs from the contract (``[]`` when it keeps it)."""
        out = []
        if list(df.columns[: len(self.columns)]) != self.names:
            missing = [n for n in self.names if n not in df.columns]
            out.append(f"{self.table}: columns {list(df.columns)} (missing {missing})")
        for c in self.columns:
            if c.name in df.columns and str(df[c.name].dtype) != c.dtype:
                out.append(f"{self.table}.{c.name}: dtype {df[c.name].dtype}, not {c.dtype}")
        return out

    def markdown(self) -> str:
        """The contract as a Markdown section."""
        lines = [f"## `{self.table}`", "", f"One row: {self.row}. Made by `{self.made_by}`."]
        if self.extends:
            lines.append(f"Its first columns are those of `{self.extends}`; then:")
        lines.append("")
        lines += ["| column | dtype | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {_md(c.meaning)} |" for c in self.columns]
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Docstring markup as Markdown: ``x`` → `x`, :func:`x` → `x`; no table breaks."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`").replace("|", "/")


def typed_frame(rows: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """``rows`` as a DataFrame with exactly the columns and dtypes given."""
    cols = list(dtypes)
    df = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame({c: [] for c in cols})
    for c, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
            df[c] = pd.to_datetime(df[c])
    df = df.astype(dtypes).reset_index(drop=True)
    df.attrs[STEP_PROBLEMS_ATTR] = [dict(p) for p in getattr(rows, "problems", [])]
    return df


@cache
def contracts() -> dict[str, Contract]:
    """Every contract in ``data/tables.toml``, by table name."""
    out: dict[str, Contract] = {}
    for table, spec in load_toml("tables.toml").items():
        cols = tuple(Column(name, c["dtype"], c["meaning"]) for name, c in spec["columns"].items())
        out[table] = Contract(table, spec["row"], spec["made_by"], cols, spec.get("extends", ""))
    return out


def full(table: str) -> Contract:
    """A contract with the columns of the table it extends first (``compared_figures``
    is ``figures`` and then its own columns)."""
    c = contract(table)
    if not c.extends:
        return c
    return Contract(c.table, c.row, c.made_by, full(c.extends).columns + c.columns, c.extends)


def contract(table: str) -> Contract:
    """The contract of one table (``KeyError`` naming the tables that have one)."""
    try:
        return contracts()[table]
    except KeyError:
        raise KeyError(f"no contract for {table!r}; tables: {sorted(contracts())}") from None


def tables_markdown() -> str:
    """``docs/tables.md``: every contract, in the order of ``data/tables.toml``."""
    head = (
        "# Tables\n\nEvery table corpus_tools makes, one section each: what one row is, "
        "the function that makes it, and its columns. Offsets (`start`, `end`, "
        "`*_start`, `*_end`) are into the article's clean `text` unless the name says "
        "`raw_`. Generated from `src/corpus_tools/data/tables.toml` by "
        "`corpus-tools tables > docs/tables.md`; edit the TOML, not this file.\n\n"
    )
    return head + "\n".join(c.markdown() for c in contracts().values())
