"""The package's layout shows its architecture: stages import only earlier stages.

Module-level imports are read from the source (not executed). Stages, in order:
``resources``/``progress``/``contracts``/``rows`` (shared), ``text`` (preparation),
``corpus`` (reading), ``extract`` (extractors), ``aggregate`` (across articles),
``pipeline`` (running a corpus), ``report`` (showing it), ``cli``. A module may
import its own stage and earlier ones at module level; a later stage only inside a
function (a lazy import, for a convenience default).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "corpus_tools"
ORDER = ["shared", "text", "corpus", "extract", "aggregate", "pipeline", "report", "top"]
SHARED = {"resources", "progress", "contracts", "rows"}


def _module(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "top"
    if parts[1] in SHARED:
        return "shared"
    if parts[1] in ("cli", "__main__"):
        return "top"
    return parts[1] if parts[1] in ORDER else "top"


def _top_level_imports(path: Path) -> set[str]:
    """corpus_tools modules imported at module level (not inside functions)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in tree.body:
        nodes = [node]
        if isinstance(node, ast.If):  # TYPE_CHECKING blocks do not run
            continue
        for n in nodes:
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("corpus_tools"):
                found.add(n.module)
            elif isinstance(n, ast.Import):
                found |= {a.name for a in n.names if a.name.startswith("corpus_tools")}
    return found


MODULES = {_module(p): p for p in PKG.rglob("*.py")}
GRAPH = {m: {i for i in _top_level_imports(p) if i in MODULES} for m, p in MODULES.items()}


def test_no_import_cycles():
    seen: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(m: str, stack: list[str]) -> None:
        seen[m] = 1
        for n in sorted(GRAPH[m]):
            if seen.get(n) == 1:
                cycle = [*stack[stack.index(n) :], n]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if n not in seen:
                visit(n, [*stack, n])
        seen[m] = 2

    for m in sorted(GRAPH):
        if m not in seen:
            visit(m, [m])


def test_stages_import_only_their_own_and_earlier_stages():
    wrong = []
    for m, imports in sorted(GRAPH.items()):
        if m == "corpus_tools":
            continue  # the package's public names come from every stage
        for i in sorted(imports):
            if i.startswith(m + ".") and m.count(".") == 1:
                continue  # a subpackage's __init__ re-exporting its modules
            if ORDER.index(_stage(i)) > ORDER.index(_stage(m)):
                wrong.append(f"{m} ({_stage(m)}) imports {i} ({_stage(i)})")
    assert not wrong, "\n".join(wrong)
