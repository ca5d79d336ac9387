"""Showing results in notebooks and HTML reports, with Arabic right-to-left.

:func:`setup_notebook` applies the chart style and a small style sheet (from
``data/report.css``) that makes every table cell and paragraph take its
direction from its own first strong character (``unicode-bidi: plaintext``):
Arabic cells read right-to-left, English ones left-to-right.
:func:`show_article` renders one clean text with highlighted spans, escaped.

Example:
    >>> html = article_html("قال «نحن هنا»", [(4, 13, "quote", "اقتباس")])
    >>> "<mark" in html and 'dir="rtl"' in html
    True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from importlib import resources

import pandas as pd

from .plotting import use_style

HIGHLIGHT_COLOURS = {
    "removed": "#f8d7da",
    "quote": "#d1ecf1",
    "source": "#fff3cd",
    "cue": "#d4edda",
    "entity": "#e2d9f3",
    "content": "#e8f4fd",
    "PER": "#f5c6cb",
    "ORG": "#c3e6cb",
    "LOC": "#bee5eb",
    "NORP": "#ffeeba",
    "MEDIA": "#d6c8f0",
    "MISC": "#e2e3e5",
}


def report_css() -> str:
    """The style sheet notebooks and reports share (right-to-left aware)."""
    return (resources.files("corpus_tools") / "data" / "report.css").read_text(encoding="utf-8")


def setup_notebook() -> None:
    """Chart style plus right-to-left aware tables; call once at the top of a notebook."""
    from IPython.display import HTML, display

    use_style()
    pd.set_option("display.max_colwidth", 120)
    display(HTML(f"<style>{report_css()}</style>"))


def article_html(
    text: str, spans: Iterable[tuple[int, int, str, str]] = (), *, title: str | None = None
) -> str:
    """Clean ``text`` as right-to-left HTML with ``(start, end, kind, tooltip)`` spans marked.

    Spans may not overlap (later overlapping ones are skipped); all text is escaped.
    """
    parts: list[str] = []
    pos = 0
    for start, end, kind, tip in sorted(spans):
        if start < pos or end <= start:
            continue
        parts.append(html.escape(text[pos:start]))
        colour = HIGHLIGHT_COLOURS.get(kind, "#eeeeee")
        parts.append(
            f'<mark class="ct-{html.escape(kind)}" style="background:{colour}" '
            f'title="{html.escape(tip)}">{html.escape(text[start:end])}</mark>'
        )
        pos = end
    parts.append(html.escape(text[pos:]))
    body = "".join(parts).replace("\n\n", "</p><p>").replace("\n", "<br>")
    head = heading_html(title) if title else ""
    return f'<div class="ct-article" dir="rtl" lang="ar">{head}<p>{body}</p></div>'


def show_article(
    text: str, spans: Iterable[tuple[int, int, str, str]] = (), *, title: str | None = None
) -> None:
    """Display :func:`article_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(article_html(text, spans, title=title)))


def raw_with_removals_html(raw_text: str, report: pd.DataFrame, *, title: str | None = None) -> str:
    """The raw text with what cleaning removed struck through (one article's report rows)."""
    rows = report.loc[
        (report["kind"] != "whitespace")
        & (report["raw_end"] > report["raw_start"])
        & (report["inserted_text"] == "")
    ]
    spans = [
        (int(s), int(e), "removed", f"{k}: {r}")
        for s, e, k, r in zip(
            rows["raw_start"], rows["raw_end"], rows["kind"], rows["reason"], strict=True
        )
    ]
    return article_html(raw_text, spans, title=title)


def entity_spans(entities: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Highlight spans from a :func:`corpus_tools.tag_entities` table (one article's rows).

    The kind is the label (each has its colour); the tooltip names the canonical
    entity, its id and the backend that found it.
    """
    return [
        (
            int(r.start),
            int(r.end),
            str(r.label),
            f"{r.label} · {r.canonical} · {r.entity_id} ({r.backend})",
        )
        for r in entities.itertuples()
    ]


def legend_html(kinds: Iterable[str]) -> str:
    """A one-line colour key for highlighted kinds."""
    items = "".join(
        f'<mark style="background:{HIGHLIGHT_COLOURS.get(k, "#eeeeee")}">{html.escape(k)}</mark> '
        for k in kinds
    )
    return f'<p class="ct-legend" dir="ltr">{items}</p>'


def attribution_spans(attributions: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Highlight spans for one article's attributions: cue, source and content.

    Cues and sources win where spans overlap; a content is split around them, so a
    statement nested in another's content keeps its own cue and source visible.
    """
    marks: list[tuple[int, int, str, str]] = []
    for r in attributions.itertuples():
        tip = f"{r.source} ({r.source_type}) · {r.cue_lemma} · {r.speech}"
        if isinstance(r.via, str) and r.via:
            tip += f" · via {r.via}"
        if r.cue_end > r.cue_start:
            marks.append((int(r.cue_start), int(r.cue_end), "cue", tip))
        if r.source_start >= 0:
            marks.append((int(r.source_start), int(r.source_end), "source", tip))
    marks.sort()
    taken = [(s, e) for s, e, _, _ in marks]
    for r in attributions.itertuples():
        tip = f"said by {r.source} ({r.speech})"
        pieces = [(int(r.content_start), int(r.content_end))]
        for s, e in taken:
            pieces = [p for a, b in pieces for p in ((a, min(b, s)), (max(a, e), b)) if p[1] > p[0]]
        marks += [(a, b, "quote" if r.speech == "direct" else "content", tip) for a, b in pieces]
    out: list[tuple[int, int, str, str]] = []
    for span in sorted(marks):
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def timeline_spans(times: pd.DataFrame, timeline: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Highlight spans for one article: time expressions (with their interval) and triggers."""

    def day(ts) -> str:
        return "?" if pd.isna(ts) else f"{ts:%Y-%m-%d}"

    marks = [
        (
            int(r.start),
            int(r.end),
            "quote",
            f"{r.kind} · {r.value} · {day(r.begin)} – {day(r.until)}",
        )
        for r in times.itertuples()
    ]
    marks += [
        (
            int(r.trigger_start),
            int(r.trigger_end),
            "cue",
            f"{r.event} · {day(r.begin)} – {day(r.until)} ({r.dated_by})",
        )
        for r in timeline.itertuples()
    ]
    return sorted(marks)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_GUILLEMETS = re.compile(r"«[^«»<>]{1,300}»")


def isolate_quotes(page: str) -> str:
    """Wrap every «…» in the text of an HTML page in ``<bdi>``, so that a list of
    Arabic quotations inside English prose keeps its order. Tags, attributes and
    ``<script>`` / ``<style>`` contents are left as they are.

    >>> isolate_quotes('<p title="«x»">say «أمس», «اليوم»</p>')
    '<p title="«x»">say <bdi>«أمس»</bdi>, <bdi>«اليوم»</bdi></p>'
    """
    parts = _TAG_OR_TEXT.split(page)
    skip = None
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z]+)", part)
            tag = name.group(1).lower() if name else ""
            if skip is None and tag in ("script", "style") and not part.startswith("</"):
                skip = tag
            elif skip == tag and part.startswith("</"):
                skip = None
            continue
        if skip is None and "«" in part:
            parts[i] = _GUILLEMETS.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", part)
    return "".join(parts)


_ARABIC = re.compile(r"[\u0600-\u06ff]")


def heading_html(title: str, level: int = 4) -> str:
    """A left-to-right heading whose Arabic parts (between `` · ``) are isolated.

    >>> heading_html("003 · الغارديان: «داعش»… · 9 figures")
    '<h4 dir="ltr">003 · <bdi>الغارديان: «داعش»…</bdi> · 9 figures</h4>'
    """
    parts = [
        f"<bdi>{html.escape(p)}</bdi>" if _ARABIC.search(p) else html.escape(p)
        for p in title.split(" · ")
    ]
    return f'<h{level} dir="ltr">{" · ".join(parts)}</h{level}>'


def show_heading(title: str, level: int = 4) -> None:
    """Display :func:`heading_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(heading_html(title, level)))
