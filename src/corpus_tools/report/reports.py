"""Reports: analyse a corpus once, execute every notebook on its tables, render HTML.

``python -m corpus_tools.report.reports [CORPUS]`` (also ``corpus-tools reports``):

1. reads the corpus through its card (:mod:`corpus_tools.corpus.card`; command-line
   options override the card),
2. runs :func:`corpus_tools.pipeline.analysis.analyse` once and saves every table as
   Parquet and CSV under ``<out>/tables/`` (linked from the reports),
3. executes each notebook in ``notebooks/`` on those tables (no progress bars, no
   network: the pages load no CDN scripts) and renders it to HTML,
   showing prose, tables and charts (``--code`` keeps the code cells),
4. writes ``index.html``: the corpus, its size, the date of the run, each report
   with its size and status, the tables.

Everything is written into a fresh folder that replaces ``<out>`` only at the end,
so no page of an earlier run survives next to the new ones. A notebook that fails
is marked failed on the index (with its error) and the command exits with 1.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.corpus.card import CorpusCard, find_card
from corpus_tools.pipeline.analysis import TABLES_ENV_VAR, Analysis, analyse
from corpus_tools.report.display import corpus_facts, isolate_quotes, report_css
from corpus_tools.resources import CORPUS_ENV_VAR, PACKAGE_DATA, project_root

#: The nbconvert template (in ``data/templates``): JupyterLab's, without CDN scripts.
TEMPLATE = "offline"
#: Environment for the kernels: no progress bars, no colour codes in tracebacks.
KERNEL_ENV = {"TQDM_DISABLE": "1", "NO_COLOR": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


@dataclass
class Rendered:
    """One notebook's report: where it is, what it is, and whether it worked."""

    notebook: Path
    output: Path
    title: str
    summary: str
    seconds: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


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


def _exporter(*, code: bool = False):
    from nbconvert import HTMLExporter

    templates = Path(str(PACKAGE_DATA / "templates"))
    return HTMLExporter(
        extra_template_basedirs=[str(templates)],
        template_name=TEMPLATE,
        exclude_input=not code,
        exclude_input_prompt=not code,
        exclude_output_prompt=not code,
    )


def _page(nb, *, code: bool = False) -> str:
    """The report page: prose and outputs (``code``: with the code cells too)."""
    body, _ = _exporter(code=code).from_notebook_node(nb)
    body = body.replace("</head>", f"<style>{report_css()}</style>\n</head>", 1)
    return isolate_quotes(body)


def render_notebook(
    notebook: Path,
    out_dir: Path,
    *,
    timeout: int = 1200,
    raise_on_error: bool = True,
    code: bool = False,
) -> Rendered:
    """Execute ``notebook`` in its own folder and write ``out_dir/<name>.html``.

    A failing cell raises :class:`NotebookFailed` (``raise_on_error``) or gives a
    :class:`Rendered` with ``error`` set and the page rendered up to the failure.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    started = time.perf_counter()
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    error = ""
    try:
        client.execute()
    except CellExecutionError as exc:
        if raise_on_error:
            raise NotebookFailed(f"{notebook.name}: a cell failed\n{exc}") from exc
        error = _last_error_line(str(exc))
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"{notebook.stem}.html"
    output.write_text(_page(nb, code=code), encoding="utf-8")
    title, summary = _title_and_summary(nb)
    seconds = time.perf_counter() - started
    return Rendered(notebook, output, title or notebook.stem, summary, seconds, error)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _last_error_line(message: str) -> str:
    lines = [ln.strip() for ln in _ANSI.sub("", message).splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.split(":")[0].endswith(("Error", "Exception"))]
    return (errors[-1] if errors else lines[-1] if lines else "failed")[:400]


def _size(path: Path) -> str:
    n = path.stat().st_size if path.exists() else 0
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def _corpus_facts(an: Analysis) -> str:
    arts = an.get("articles")
    return corpus_facts(arts) if arts is not None else "no articles could be read"


def _tables_html(an: Analysis) -> str:
    if an.folder is None:
        return ""
    rows = []
    for name in an.tables:
        links = " · ".join(
            f'<a href="tables/{name}.{kind}">{kind}</a>'
            for kind in ("csv", "parquet")
            if (an.folder / f"{name}.{kind}").exists()
        )
        n = an.n_rows(name)
        rows.append(f"<tr><td>{html.escape(name)}</td><td>{n:,}</td><td>{links}</td></tr>")
    for name, why in an.missing.items():
        rows.append(f"<tr><td>{html.escape(name)}</td><td colspan=2>{html.escape(why)}</td></tr>")
    return (
        "<h2>Tables</h2><p>Every row of every table, with character offsets into the clean "
        "text (CSV files leave out the article texts; the Parquet files have them).</p>"
        f"<table><tr><th>table</th><th>rows</th><th>files</th></tr>{''.join(rows)}</table>"
    )


def write_index(
    rendered: list[Rendered], out_dir: Path, corpus: str, analysis: Analysis | None = None
) -> Path:
    """Write ``index.html``: the corpus and run, each report with its status, the tables."""
    items = []
    for r in rendered:
        status = (
            f'<p class="failed">FAILED: {html.escape(r.error)}</p>'
            if r.error
            else f"<p>{isolate_quotes(html.escape(r.summary))}</p>"
        )
        items.append(
            f'<li><a href="{html.escape(r.output.name)}">{html.escape(r.title)}</a> '
            f'<span class="meta">{_size(r.output)} · {r.seconds:.0f} s</span>{status}</li>'
        )
    name = analysis.name if analysis else corpus
    facts = _corpus_facts(analysis) if analysis else ""
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in (analysis.notes if analysis else []))
    failed = sum(not r.ok for r in rendered)
    banner = (
        f'<p class="failed">{failed} of {len(rendered)} reports failed: '
        "read them as incomplete.</p>"
        if failed
        else ""
    )
    title = f"corpus_tools reports · {html.escape(name)}"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: system-ui, "DejaVu Sans", sans-serif; max-width: 56em;
margin: 2em auto; line-height: 1.5 }} li {{ margin-bottom: 1em }}
li p {{ margin: 0.2em 0; color: #444; unicode-bidi: plaintext }}
.meta {{ color: #777; font-size: 0.9em }} .failed {{ color: #b00020; font-weight: bold }}
table {{ border-collapse: collapse }} td, th {{ padding: 0.2em 0.8em; text-align: left }}
{report_css()}</style></head>
<body><h1>corpus_tools reports</h1>
<p>Corpus: <b><bdi>{html.escape(name)}</bdi></b> (<code>{html.escape(corpus)}</code>)<br>
{html.escape(facts)}<br>run {time.strftime("%Y-%m-%d %H:%M")}</p>
{banner}
<ol>
{"".join(items)}
</ol>
{f"<h2>Notes</h2><ul>{notes}</ul>" if notes else ""}
{_tables_html(analysis) if analysis else ""}
</body></html>
"""
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` (nothing of the old run stays)."""
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        out_dir.rename(old)
        staging.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out_dir)


def render_all(
    notebooks_dir: Path,
    out_dir: Path,
    *,
    corpus: str | os.PathLike[str] | CorpusCard | None = None,
    n_jobs: int = 1,
    backend: str = "auto",
    code: bool = False,
) -> list[Rendered]:
    """Analyse the corpus, render every ``*.ipynb`` (name order) and the index.

    Returns the rendered notebooks (check ``.ok``); ``out_dir`` is replaced whole.
    """
    notebooks = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebooks_dir}")
    card = corpus if isinstance(corpus, CorpusCard) else find_card(corpus)
    out_dir = Path(out_dir).resolve()
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    print(f"analysing {card.label} ({card.data}) …", flush=True)
    started = time.perf_counter()
    an = analyse(
        card, n_jobs=n_jobs, backend=backend, show_progress=None, folder=staging / "tables"
    )
    print(
        f"  {an.n_articles:,} articles, tables in {time.perf_counter() - started:.0f} s", flush=True
    )
    for name, why in an.missing.items():
        print(f"  not available: {name}: {why}", flush=True)
    env = {
        CORPUS_ENV_VAR: str(card.card_path or card.data),
        TABLES_ENV_VAR: str(staging / "tables"),
        **KERNEL_ENV,
    }
    previous = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        rendered = []
        for nb in notebooks:
            print(f"rendering {nb.name} …", flush=True)
            r = render_notebook(nb, staging, raise_on_error=False, code=code)
            state = f"FAILED: {r.error}" if r.error else _size(r.output)
            print(f"  → {r.output.name} ({r.seconds:.1f} s, {state})", flush=True)
            rendered.append(r)
    finally:
        for k, v in previous.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    write_index(rendered, staging, str(card.data), an)
    _swap_in(staging, out_dir)
    for r in rendered:
        r.output = out_dir / r.output.name
    an.folder = out_dir / "tables"
    print(f"index: {out_dir / 'index.html'}")
    return rendered


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """The options that say how to read a corpus (they override its card)."""
    parser.add_argument(
        "corpus",
        nargs="?",
        help="corpus folder, export file or card (.toml); default: $CORPUS_TOOLS_CORPUS "
        "or data/seeds",
    )
    parser.add_argument("--corpus", dest="corpus_opt", help=argparse.SUPPRESS)
    parser.add_argument("--card", type=Path, help="a corpus card (TOML) to read the corpus with")
    for role in ("text", "id", "date", "title", "publisher", "relays"):
        parser.add_argument(f"--{role}-column", metavar="NAME", help=f"the export's {role} column")
    parser.add_argument("--limit", type=int, help="read only the first N files or records")
    parser.add_argument("--encoding", help="force one encoding for .txt files")
    parser.add_argument("--boilerplate", action="append", type=Path, help="extra cleaning rules")
    parser.add_argument("--entities", action="append", type=Path, help="extra gazetteer file")


def card_from_args(args: argparse.Namespace) -> CorpusCard:
    """The corpus card the command line describes (its file, then the options)."""
    from corpus_tools.corpus.card import read_card

    corpus = args.corpus or args.corpus_opt
    card = read_card(args.card) if args.card else find_card(corpus)
    if args.card and corpus:
        card = card.with_options(data=Path(corpus).resolve())
    columns = {
        ("published" if role == "date" else role): getattr(args, f"{role}_column")
        for role in ("text", "id", "date", "title", "publisher", "relays")
        if getattr(args, f"{role}_column")
    }
    return card.with_options(
        columns=columns or None,
        limit=args.limit,
        encoding=args.encoding,
        boilerplate=args.boilerplate,
        entities=args.entities,
    )


def main(argv: Sequence[str] | None = None) -> int:
    root = project_root() or Path.cwd()
    parser = argparse.ArgumentParser(
        prog="corpus-tools reports", description=__doc__.splitlines()[0]
    )
    add_corpus_options(parser)
    parser.add_argument("--notebooks", type=Path, default=root / "notebooks")
    parser.add_argument("--out", type=Path, default=root / "reports")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for the analysis")
    parser.add_argument(
        "--backend",
        default="auto",
        help="entity backend: auto (default), gazetteer, tagger, stanza, gazetteer+stanza",
    )
    parser.add_argument("--code", action="store_true", help="show the code cells in the reports")
    args = parser.parse_args(argv)
    try:
        card = card_from_args(args)
        rendered = render_all(
            args.notebooks,
            args.out,
            corpus=card,
            n_jobs=args.jobs,
            backend=args.backend,
            code=args.code,
        )
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = [r for r in rendered if not r.ok]
    for r in failed:
        print(f"error: {r.notebook.name} failed: {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
