"""Package data files (word lists, patterns) and project paths, each defined once.

Data the code needs lives in versioned files under ``corpus_tools/data/``; this
module finds and reads them, and knows where the seed corpus lives.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

PACKAGE_DATA = resources.files("corpus_tools") / "data"
#: Environment variable that points notebooks and reports at another corpus.
CORPUS_ENV_VAR = "CORPUS_TOOLS_CORPUS"


@cache
def function_words() -> list[str]:
    """The closed-class words of ``data/function_words.toml`` (prepositions with a
    pronoun, demonstratives) as written: never a name nor a speaker."""
    data = load_toml("function_words.toml")
    return [*data["pronoun_prepositions"], *data["demonstratives"]]


def load_toml(name: str) -> dict[str, Any]:
    """Read ``corpus_tools/data/<name>`` (cached; treat the result as read-only)."""
    with (PACKAGE_DATA / name).open("rb") as fh:
        return tomllib.load(fh)


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a user's TOML file (same formats as the package's own data files)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def project_root(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The checkout this package runs from: the nearest folder holding ``data/seeds``.

    Looks upwards from ``start`` (default: the working directory), then from the
    package's own location (an editable install lives in ``src/``).
    """
    candidates = [Path(start or Path.cwd()).resolve(), Path(__file__).resolve().parent]
    for base in candidates:
        for folder in (base, *base.parents):
            if (folder / "data" / "seeds").is_dir() and (folder / "pyproject.toml").is_file():
                return folder
    return None


def default_corpus(path: str | os.PathLike[str] | None = None) -> Path:
    """The corpus a notebook or report works on.

    ``path`` if given, else ``$CORPUS_TOOLS_CORPUS``, else the seed corpus in
    ``data/seeds`` of this checkout.
    """
    chosen = path or os.environ.get(CORPUS_ENV_VAR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    root = project_root()
    if root is None:
        raise FileNotFoundError(
            f"no corpus given and no data/seeds folder found; pass a path or set ${CORPUS_ENV_VAR}"
        )
    return root / "data" / "seeds"
