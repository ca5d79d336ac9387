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

from corpus_tools.report.plotting import use_style

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
            f"{r.event} · {getattr(r, 'modality', 'asserted')} · {day(r.begin)} – "
            f"{day(r.until)} ({r.dated_by})",
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


# --- names as written ------------------------------------------------------------

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]+")
_ARABIC_RUN = re.compile(r"[\u0621-\u064a](?:[\u0621-\u064a ]*[\u0621-\u064a])?")


def written_form(key: str, surfaces: Iterable[str]) -> str:
    """How a name in matching form («وزاره الداخليه») was written in the text: the most
    frequent stretch of ``surfaces`` whose matching form is ``key`` (``key`` itself
    when none is).

    >>> written_form("وزاره الداخليه", ["قالت وزارة الداخلية", "وزارة الداخلية"])
    'وزارة الداخلية'
    """
    from collections import Counter

    from corpus_tools.text.normalize import normalize_with_offsets, span_to_original, strip_marks

    surfaces = [s for s in surfaces if isinstance(s, str) and s]
    prepared = [(s, *normalize_with_offsets(s)) for s in surfaces]

    def written(run: str) -> str:
        seen: Counter[str] = Counter()
        for surface, norm, idx in prepared:
            at = norm.find(run)
            if at >= 0:
                s, e = span_to_original(idx, at, at + len(run))
                seen[strip_marks(surface[s:e])] += 1
        return seen.most_common(1)[0][0] if seen else run

    if _ARABIC_LETTER.fullmatch(key.replace(" ", "")) or not prepared:
        return written(key) if prepared else key
    return _ARABIC_RUN.sub(lambda m: written(m.group(0)), key)  # «ministry (الداخليه)»


def written_names(names: pd.Series, surfaces: pd.Series) -> pd.Series:
    """``names`` with every Arabic matching form replaced by its written form, read
    from the ``surfaces`` of the same rows (English names are left as they are).

    >>> written_names(pd.Series(["مصدر امني", "Reuters"]), pd.Series(["مصدر أمني", ""])).tolist()
    ['مصدر أمني', 'Reuters']
    """
    keys = names.astype("object")
    arabic = keys.map(lambda k: isinstance(k, str) and bool(_ARABIC_LETTER.search(k)))
    forms: dict[str, list[str]] = {}
    for k, s in zip(keys[arabic], surfaces.astype("object")[arabic], strict=True):
        forms.setdefault(k, []).append(s)
    table = {k: written_form(k, v) for k, v in forms.items()}
    return keys.map(lambda k: table.get(k, k)).astype(names.dtype)


def with_written_sources(
    table: pd.DataFrame | None,
    attributions: pd.DataFrame | None = None,
    columns: tuple[str, ...] = ("source",),
) -> pd.DataFrame | None:
    """``table`` whose source ``columns`` show Arabic names as written, not in matching
    form.

    The written forms are read from the ``source_text`` of ``attributions`` (default:
    ``table`` itself, an attribution table); timeline, figure and chain tables pass the
    attributions their sources come from (chains: ``columns=("from", "to")``).
    """
    if table is None or table.empty:
        return table
    surfaces = table if attributions is None else attributions
    if "source_text" not in surfaces:
        return table
    shown = written_names(surfaces["source"], surfaces["source_text"])
    table_map = dict(zip(surfaces["source"].astype("object"), shown.astype("object"), strict=True))
    return table.assign(
        **{c: table[c].map(lambda k: table_map.get(k, k)) for c in columns if c in table}
    )


def with_written_entities(entities: pd.DataFrame) -> pd.DataFrame:
    """Entities whose ``canonical`` shows Arabic names as written (pattern-found names
    keep their matching form as their key in ``entity_id``)."""
    if entities is None or entities.empty:
        return entities
    return entities.assign(canonical=written_names(entities["canonical"], entities["text"]))


def article_titles(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles whose ``headline`` is the corpus's own ``title`` where it has one."""
    if "title" not in articles:
        return articles
    title = articles["title"].astype("object")
    given = title.map(lambda t: isinstance(t, str) and bool(t.strip()))
    head = articles["headline"].astype("object") if "headline" in articles else title
    return articles.assign(headline=title.where(given, head))


# --- report building blocks ------------------------------------------------------


def note_html(text: str, kind: str = "note") -> str:
    """A one-paragraph note (``kind``: note, unavailable)."""
    return f'<p class="ct-{kind}">{html.escape(text)}</p>'


def unavailable(reason: str) -> None:
    """Say that a table or chart is not available for this corpus, and why."""
    from IPython.display import HTML, display

    display(HTML(note_html(f"Not available for this corpus: {reason}", "unavailable")))


def show_notes(notes: Iterable[str]) -> None:
    """The run's notes (fallbacks, skipped files), one plain line each."""
    from IPython.display import HTML, display

    for n in notes:
        display(HTML(note_html(n)))


def show_table(
    df: pd.DataFrame | None,
    *,
    top: int = 20,
    columns: list[str] | None = None,
    what: str = "rows",
    file: object = None,
    why: str = "",
) -> None:
    """Show the first ``top`` rows and say how many are left out (and where they all are).

    ``file``: the saved full table to point to; ``why``: the reason when ``df`` is None.
    """
    from IPython.display import HTML, display

    if df is None:
        unavailable(why or "the table could not be computed")
        return
    if df.empty:
        display(HTML(note_html(f"No {what} in this corpus.")))
        return
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    display(clip_cells(df[cols].head(top).reset_index(drop=True)))
    left = len(df) - min(top, len(df))
    if left or file:
        where = f" Full table: {_file_link(file)}." if file else ""
        shown = f"{min(top, len(df)):,} of {len(df):,} {what} shown." if left else ""
        display(HTML(f'<p class="ct-note">{shown}{where}</p>'))


#: Longest text shown in a table cell of a report (the files keep every character).
MAX_CELL_CHARS = 240


def clip_cells(df: pd.DataFrame, width: int = MAX_CELL_CHARS) -> pd.DataFrame:
    """Text cells cut to ``width`` characters with «…», for display only.

    >>> clip_cells(pd.DataFrame({"a": ["x" * 10, "ab"]}), width=4)["a"].tolist()
    ['xxx…', 'ab']
    """
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = _dates_as_text(out[col])
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: v[: width - 1] + "…" if isinstance(v, str) and len(v) > width else v
            )
    return out


def _dates_as_text(dates: pd.Series) -> pd.Series:
    """Days as ``2015-07-21``; with the time only where the column has times of day."""
    timed = (dates.dropna() != dates.dropna().dt.normalize()).any()
    text = dates.dt.strftime("%Y-%m-%d %H:%M" if timed else "%Y-%m-%d")
    return text.where(dates.notna(), "")


def _file_link(file: object) -> str:
    from pathlib import Path

    path = Path(str(file))
    name = f"{path.parent.name}/{path.name}"  # reports keep their tables in tables/
    return f'<a href="{html.escape(name)}"><code>{html.escape(name)}</code></a>'


def show_chart(plot, *args, **kwargs) -> None:
    """Draw a chart and show it; when its data has nothing to draw, say so instead.

    ``plot`` is a :mod:`corpus_tools.report.plotting` function; an argument that is
    ``None`` (a table that could not be computed) makes the chart unavailable.
    The figure is shown once and closed (charts of a long notebook do not pile up).
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    from corpus_tools.report.plotting import NoData

    if any(a is None for a in args):
        unavailable("the table it draws could not be computed")
        return
    try:
        fig = plot(*args, **kwargs)
    except NoData as exc:
        unavailable(str(exc))
        return
    display(fig)
    plt.close(fig)


def show_reading(path: object, *, when: bool) -> None:
    """Show a written reading (Markdown) of a corpus only when it applies."""
    from pathlib import Path

    from IPython.display import Markdown, display

    if when and Path(str(path)).is_file():
        display(Markdown(Path(str(path)).read_text(encoding="utf-8")))


def pick_articles(
    articles: pd.DataFrame,
    counts: pd.Series | None = None,
    *,
    k: int = 3,
    chosen: Iterable[str] | None = None,
    max_chars: int = 8000,
    max_paragraphs: int = 40,
) -> list[str]:
    """The articles to show in full.

    ``chosen`` when given; every article when there are at most ``k``; else the
    ``k`` with the highest ``counts`` (per ``article_id``) among articles of an
    ordinary length and shape — at most ``max_chars`` and ``max_paragraphs``
    (lists and tables of figures are many short lines) and not in the shortest
    tenth, where page dumps live.

    >>> arts = pd.DataFrame({"article_id": list("abcd"), "text": ["x" * 50] * 4})
    >>> pick_articles(arts, pd.Series({"c": 5, "a": 2}), k=2)
    ['c', 'a']
    """
    if chosen:
        return [str(a) for a in chosen]
    ids = articles["article_id"].astype("str")
    if len(ids) <= k:
        return ids.tolist()
    size = articles["text"].str.len()
    paragraphs = articles["text"].str.count("\n\n") + 1
    ordinary = ids[
        (size <= max_chars) & (size >= size.quantile(0.1)) & (paragraphs <= max_paragraphs)
    ]
    pool = ordinary if len(ordinary) >= k else ids
    score = (counts if counts is not None else pd.Series(dtype="float64")).reindex(pool).fillna(0)
    return score.sort_values(ascending=False, kind="stable").index[:k].tolist()


def figure_spans(figures: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Highlight spans for one article's figures (tooltip: value, interval, hedge, class)."""

    def num(x) -> str:
        return "…" if pd.isna(x) else f"{x:g}"

    return [
        (
            int(r.start),
            int(r.end),
            "quote",
            f"{num(r.value)} [{num(r.low)}–{num(r.high)}] {r.hedge} · {r.unit} · "
            f"{r.counted_class} · {r.source}",
        )
        for r in figures.itertuples()
    ]


def corpus_facts(articles: pd.DataFrame) -> str:
    """One line: how many articles, from how many outlets, over which dates.

    >>> corpus_facts(pd.DataFrame({"article_id": ["a", "b"], "publisher": ["X", None]}))
    '2 articles · 1 outlet named (1 article without) · no publication dates'
    """
    facts = [f"{len(articles):,} article{'s' * (len(articles) != 1)}"]
    pub = articles["publisher"] if "publisher" in articles else pd.Series(dtype="object")
    named = pub.notna() & (pub.astype("object") != "")
    if named.any():
        n = pub[named].nunique()
        without = int((~named).sum())
        facts.append(
            f"{n:,} outlet{'s' * (n != 1)} named"
            + (f" ({without:,} article{'s' * (without != 1)} without)" if without else "")
        )
    else:
        facts.append("no outlet named")
    dates = articles["published"] if "published" in articles else pd.Series(dtype="object")
    if dates.notna().any():
        undated = int(dates.isna().sum())
        facts.append(
            f"published {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
            + (f" ({undated:,} without a date)" if undated else "")
        )
    else:
        facts.append("no publication dates")
    return " · ".join(facts)


def articles_by_outlet(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per outlet with their first and last publication date."""
    pub = articles["publisher"] if "publisher" in articles else pd.Series("", index=articles.index)
    pub = pub.astype("object").where(
        pub.notna() & (pub.astype("object") != ""), "(no outlet named)"
    )
    dates = (
        articles["published"]
        if "published" in articles
        else pd.Series(pd.NaT, index=articles.index)
    )
    df = pd.DataFrame({"outlet": pub, "published": dates, "chars": articles["text"].str.len()})
    return (
        df.groupby("outlet")
        .agg(
            articles=("outlet", "size"),
            first=("published", "min"),
            last=("published", "max"),
            mean_chars=("chars", "mean"),
        )
        .round({"mean_chars": 0})
        .sort_values("articles", ascending=False)
        .reset_index()
    )


def cleaning_overview(summary: pd.DataFrame | None) -> pd.DataFrame | None:
    """Per kind of change: how many articles it touched, how many changes, characters removed."""
    if summary is None:
        return None
    return (
        summary.groupby("kind")
        .agg(
            articles=("article_id", "nunique"),
            changes=("n_changes", "sum"),
            chars_removed=("chars_removed", "sum"),
        )
        .sort_values("chars_removed", ascending=False)
        .reset_index()
    )


def entity_presence(
    entities: pd.DataFrame, articles: pd.DataFrame, *, labels=None, top: int = 25
) -> pd.DataFrame:
    """Mentions of the entities most articles mention: one column per article in a
    small corpus (at most 12), else per outlet (the 10 with the most articles)."""
    counts = entities.groupby("entity_id")["article_id"].nunique().sort_values(ascending=False)
    keep = counts[counts >= 2].index[:top] if (counts >= 2).any() else counts.index[:top]
    sub = entities[entities["entity_id"].isin(keep)]
    if articles["article_id"].nunique() <= 12:
        column = sub["article_id"].map(lambda a: (labels or {}).get(a, a).split(" · ")[0])
    else:
        pub = articles.set_index("article_id")["publisher"] if "publisher" in articles else None
        column = sub["article_id"].map(pub) if pub is not None else sub["article_id"]
        column = column.astype("object").fillna("(no outlet named)")
        top_cols = column.value_counts().index[:10]
        column = column.where(column.isin(top_cols), "other outlets")
    return (
        sub.assign(column=column)
        .pivot_table(
            index=["label", "canonical"],
            columns="column",
            values="start",
            aggfunc="size",
            fill_value=0,
        )
        .assign(_total=lambda d: d.sum(axis=1))
        .sort_values("_total", ascending=False)
        .drop(columns="_total")
    )
