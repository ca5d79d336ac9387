"""Reports: execute every notebook in ``notebooks/`` fresh and render it to HTML.

``python -m corpus_tools.reports`` (or ``corpus-tools-reports``) writes
``reports/<notebook>.html`` and an ``index.html`` linking them. A cell that fails
stops the run with the notebook's name and the error: a report is never
rendered from a half-run notebook. ``--corpus PATH`` points every notebook at
another corpus (through ``$CORPUS_TOOLS_CORPUS``, which the notebooks' parameter
cell reads; plain ``jupyter nbconvert --execute`` honours it too).
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .display import isolate_quotes, report_css
from .resources import CORPUS_ENV_VAR, project_root


@dataclass
class Rendered:
    notebook: Path
    output: Path
    title: str
    summary: str
    seconds: float


class NotebookFailed(RuntimeError):
    """A notebook cell raised while rendering the reports."""


def _title_and_summary(nb) -> tuple[str, str]:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [ln.strip() for ln in cell.source.splitlines() if ln.strip()]
            title = next((ln.lstrip("# ") for ln in lines if ln.startswith("#")), "")
            summary = next((ln for ln in lines if not ln.startswith("#")), "")
            return title, summary
    return "", ""


def render_notebook(notebook: Path, out_dir: Path, *, timeout: int = 1200) -> Rendered:
    """Execute ``notebook`` in its own folder and write ``out_dir/<name>.html``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    started = time.perf_counter()
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise NotebookFailed(f"{notebook.name}: a cell failed\n{exc}") from exc
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    body = body.replace("</head>", f"<style>{report_css()}</style>\n</head>", 1)
    body = isolate_quotes(body)
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"{notebook.stem}.html"
    output.write_text(body, encoding="utf-8")
    title, summary = _title_and_summary(nb)
    return Rendered(
        notebook, output, title or notebook.stem, summary, time.perf_counter() - started
    )


def write_index(rendered: list[Rendered], out_dir: Path, corpus: str) -> Path:
    """Write ``index.html`` linking every rendered notebook."""
    items = "\n".join(
        f'<li><a href="{html.escape(r.output.name)}">{html.escape(r.title)}</a>'
        f"<p>{isolate_quotes(html.escape(r.summary))}</p></li>"
        for r in rendered
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>corpus_tools reports</title>
<style>body {{ font-family: system-ui, "DejaVu Sans", sans-serif; max-width: 52em;
margin: 2em auto; line-height: 1.5 }} li {{ margin-bottom: 1em }}
li p {{ margin: 0.2em 0; color: #444; unicode-bidi: plaintext }}
{report_css()}</style></head>
<body><h1>corpus_tools reports</h1>
<p>Corpus: <code>{html.escape(corpus)}</code> · rendered {time.strftime("%Y-%m-%d %H:%M")}</p>
<ol>
{items}
</ol></body></html>
"""
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def render_all(notebooks_dir: Path, out_dir: Path, *, corpus: str | None = None) -> list[Rendered]:
    """Render every ``*.ipynb`` in ``notebooks_dir`` (in name order) and the index."""
    notebooks = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    previous = os.environ.get(CORPUS_ENV_VAR)
    if corpus:
        os.environ[CORPUS_ENV_VAR] = str(Path(corpus).resolve())
    try:
        rendered = []
        for nb in notebooks:
            print(f"rendering {nb.name} …", flush=True)
            r = render_notebook(nb, out_dir)
            print(f"  → {r.output} ({r.seconds:.1f} s)", flush=True)
            rendered.append(r)
    finally:
        if corpus:
            if previous is None:
                os.environ.pop(CORPUS_ENV_VAR, None)
            else:
                os.environ[CORPUS_ENV_VAR] = previous
    index = write_index(rendered, out_dir, corpus or os.environ.get(CORPUS_ENV_VAR) or "data/seeds")
    print(f"index: {index}")
    return rendered


def main(argv: list[str] | None = None) -> int:
    root = project_root() or Path.cwd()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=root / "notebooks")
    parser.add_argument("--out", type=Path, default=root / "reports")
    parser.add_argument("--corpus", help="corpus folder or export (default: data/seeds)")
    args = parser.parse_args(argv)
    try:
        render_all(args.notebooks, args.out, corpus=args.corpus)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
