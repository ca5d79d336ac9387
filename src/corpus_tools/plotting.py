"""Charts: one house style, and Arabic labels that come out joined and right-to-left.

matplotlib ≥ 3.11 lays text out with libraqm, which shapes Arabic and orders it
right-to-left by itself; there the classic ``get_display(reshape(s))`` recipe
would draw it *reversed*. Older renderers draw isolated letters left-to-right and
need that recipe. :func:`renderer_shapes_arabic` asks the installed renderer what
it does (it lays out «لا» and counts glyphs: one ligature when it shapes), and
:func:`ar` applies the recipe only where it is needed.

Example:
    >>> ar("صحيفة الغارديان") == "صحيفة الغارديان" or not renderer_shapes_arabic()
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager

#: Fonts tried first, when installed: Naskh faces read better than DejaVu's Arabic.
ARABIC_FONTS = (
    "Noto Naskh Arabic",
    "Noto Sans Arabic",
    "Amiri",
    "Scheherazade New",
    "Arial Unicode MS",
)
FALLBACK_FONT = "DejaVu Sans"  # bundled with matplotlib, has Arabic glyphs

STYLE = {
    "figure.figsize": (9, 4.8),
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
}


@cache
def renderer_shapes_arabic() -> bool:
    """True when matplotlib's own text layout joins Arabic letters (libraqm)."""
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_manager.findfont(FALLBACK_FONT))
    font.set_size(12, 72)
    font.set_text("لا")  # lam + alef: one ligature glyph when shaped
    return font.get_num_glyphs() == 1


def ar(text: object) -> str:
    """A label that renders correctly: unchanged where matplotlib shapes Arabic itself,
    reshaped and reordered (arabic-reshaper + python-bidi) where it does not."""
    s = "" if text is None else str(text)
    if renderer_shapes_arabic() or not any("\u0600" <= c <= "\u06ff" for c in s):
        return s
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(s))


def ar_all(labels: Iterable[object]) -> list[str]:
    """:func:`ar` over many labels (tick labels, legend entries)."""
    return [ar(x) for x in labels]


@cache
def font_family() -> list[str]:
    """Installed Arabic fonts first, then DejaVu Sans for everything else."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in ARABIC_FONTS if f in installed] + [FALLBACK_FONT]


def use_style() -> None:
    """Apply the house style (fonts with Arabic glyphs, readable sizes)."""
    mpl.rcParams.update(STYLE)
    mpl.rcParams["font.family"] = font_family()


def save(fig: plt.Figure, path, *, data=None) -> None:
    """Save a chart as PNG and, when given, the table behind it as CSV next to it."""
    from pathlib import Path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    if data is not None:
        data.to_csv(path.with_suffix(".csv"), index=False)


def _short_ids(ids, width: int = 14, labels=None) -> list[str]:
    labels = labels or {}
    out = []
    for i in map(str, ids):
        name = labels.get(i) or (i if len(i) <= width else i[: width - 1] + "…")
        out.append(ar(name))
    return out


def article_labels(articles, *, words: int = 5) -> dict[str, str]:
    """Short chart labels: the id's first part and the headline's (or text's) first words.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"article_id": ["003_bf4f"], "text": ["…"],
    ...                    "headline": ["الغارديان: انشقاق في صفوف داعش"]})
    >>> article_labels(df, words=2)
    {'003_bf4f': '003 · الغارديان: انشقاق…'}
    """
    out = {}
    for row in articles.itertuples():
        head = getattr(row, "headline", None)
        if not isinstance(head, str) or not head:
            head = getattr(row, "text", "") or ""
        tokens = str(head).split()
        short = " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")
        out[str(row.article_id)] = f"{str(row.article_id).split('_')[0][:8]} · {short}"
    return out


def plot_cleaning_changes(
    summary, *, labels=None, max_articles: int = 30, include_whitespace: bool = False
):
    """Stacked bars: characters cleaning removed from each article, by kind.

    ``summary`` is :func:`corpus_tools.cleaning.cleaning_summary`. Large corpora
    show the ``max_articles`` articles that lost the most.
    """
    data = summary if include_whitespace else summary[summary["kind"] != "whitespace"]
    table = data.pivot_table(
        index="article_id", columns="kind", values="chars_removed", aggfunc="sum", fill_value=0
    )
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index[:max_articles]]
    table = table.loc[:, table.sum(axis=0) > 0]
    table = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.45 * len(table) + 1.5)))
    table.plot.barh(stacked=True, ax=ax, colormap="tab20", width=0.7)
    ax.set_yticks(range(len(table)), _short_ids(table.index, labels=labels))
    ax.set_xlabel("characters removed from the raw text")
    ax.set_ylabel("article")
    shown = f" (top {len(table)})" if len(table) < summary["article_id"].nunique() else ""
    ax.set_title(f"What cleaning removed, by kind{shown}")
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    return fig


def plot_lengths(lengths, *, labels=None, max_articles: int = 30):
    """Article lengths before and after cleaning (bars; a histogram for large corpora)."""
    if len(lengths) <= max_articles:
        data = lengths.iloc[::-1]
        fig, ax = plt.subplots(figsize=(9, max(2.5, 0.5 * len(data) + 1.5)))
        pos = list(range(len(data)))
        ax.barh([p + 0.2 for p in pos], data["raw_chars"], height=0.4, label="raw")
        ax.barh([p - 0.2 for p in pos], data["clean_chars"], height=0.4, label="clean")
        ax.set_yticks(pos, _short_ids(data["article_id"], labels=labels))
        ax.set_ylabel("article")
        ax.set_xlabel("characters")
    else:
        fig, ax = plt.subplots()
        bins = 40
        ax.hist(lengths["raw_chars"], bins=bins, alpha=0.6, label="raw")
        ax.hist(lengths["clean_chars"], bins=bins, alpha=0.6, label="clean")
        ax.set_xlabel("characters per article")
        ax.set_ylabel("articles")
    ax.set_title("Article length before and after cleaning")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def plot_top_entities(counts, *, labels=("MEDIA", "ORG", "LOC", "NORP", "PER"), top: int = 8):
    """Most mentioned entities, one panel per label (``counts`` from ``entity_counts``).

    Bars are mentions; the number after each bar is how many articles mention it.
    """
    shown = [lab for lab in labels if (counts["label"] == lab).any()] or list(labels[:1])
    ncols = min(3, len(shown))
    nrows = -(-len(shown) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 0.32 * top * nrows + 1.6 * nrows))
    axes = list(getattr(axes, "flat", [axes]))
    for ax, lab in zip(axes, shown, strict=False):
        sub = counts[counts["label"] == lab].head(top).iloc[::-1]
        ax.barh(ar_all(sub["canonical"]), sub["mentions"], color="#6f42c1", alpha=0.8)
        for y, (m, a) in enumerate(zip(sub["mentions"], sub["articles"], strict=True)):
            ax.text(m, y, f" {a}", va="center", fontsize=8, color="#555555")
        ax.set_title(lab)
        ax.set_xlabel("mentions (number: articles)")
        ax.grid(axis="y", visible=False)
    for ax in axes[len(shown) :]:
        ax.set_visible(False)
    fig.suptitle("Most mentioned entities by type", fontweight="bold")
    fig.tight_layout()
    return fig


#: Colours of chain-graph nodes: publishers and outlets by role, sources by type.
SOURCE_TYPE_COLOURS = {
    "publisher": "#343a40",
    "outlet": "#6f42c1",
    "media": "#6f42c1",
    "government": "#1f77b4",
    "official": "#17becf",
    "diplomat": "#2ca02c",
    "intelligence": "#8c564b",
    "ngo_or_research": "#bcbd22",
    "militant_or_former_member": "#d62728",
    "private_person": "#ff7f0e",
    "anonymous": "#7f7f7f",
    "estimate": "#e377c2",
    "": "#aaaaaa",
}


def _chain_positions(g) -> dict:
    """Columns by level (publishers left). The deepest column is spaced evenly, grouped
    by parent; every other node sits at the mean height of the nodes it points to."""
    levels: dict[int, list] = {}
    for node, data in g.nodes(data=True):
        levels.setdefault(data.get("level", 0), []).append(node)
    rank: dict = {}
    for level in sorted(levels):  # an order that keeps siblings together
        levels[level].sort(
            key=lambda n: (
                min((rank[p] for p in g.predecessors(n) if p in rank), default=-1),
                str(n),
            )
        )
        for node in levels[level]:
            rank[node] = len(rank)
    pos: dict = {}
    for level in sorted(levels, reverse=True):
        nodes = levels[level]
        wanted = []
        for i, node in enumerate(nodes):
            kids = [pos[k][1] for k in g.successors(node) if k in pos]
            wanted.append(sum(kids) / len(kids) if kids else -float(i))
        placed: list[float] = []
        for node, y in sorted(zip(nodes, wanted, strict=True), key=lambda t: -t[1]):
            if placed and y > placed[-1] - 1.0:
                y = placed[-1] - 1.0  # keep labels apart
            placed.append(y)
            pos[node] = (level, y)
    return pos


def plot_chain_graph(
    g, *, title: str = "Who cites whom: publisher → relayed outlet → sources", short=None
):
    """Draw a :func:`corpus_tools.chains.chain_graph`: columns publisher → outlet → source.

    Edge width grows with the number of statements; red edges carry direct quotes,
    blue ones indirect speech only, grey ones republication. ``short`` maps long node
    names to labels (e.g. unnamed publishers to article labels).
    """
    import math

    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    pos = _chain_positions(g)
    rows = max(
        (sum(1 for p in pos.values() if p[0] == lv) for lv in {p[0] for p in pos.values()}),
        default=1,
    )
    n_levels = len({p[0] for p in pos.values()}) or 1
    fig, ax = plt.subplots(figsize=(4.2 * n_levels + 2, max(4.0, 0.42 * rows + 1.5)))
    colours = {"relays": "#999999", "quotes": "#d62728", "cites": "#1f77b4"}
    for src, dst, data in g.edges(data=True):
        width = 0.8 + 1.2 * math.log1p(data.get("n", 0))
        ax.add_patch(
            FancyArrowPatch(
                pos[src],
                pos[dst],
                arrowstyle="-|>",
                mutation_scale=10,
                lw=width,
                color=colours.get(data.get("relation"), "#999999"),
                alpha=0.55,
                shrinkA=6,
                shrinkB=6,
                connectionstyle="arc3,rad=0.04",
            )
        )
    for node, data in g.nodes(data=True):
        x, y = pos[node]
        role = data.get("role", "source")
        colour = SOURCE_TYPE_COLOURS.get(
            role if role != "source" else data.get("source_type", ""), "#aaaaaa"
        )
        ax.scatter([x], [y], s=90, color=colour, zorder=3, edgecolor="white")
        label = ar((short or {}).get(node, node))
        if role == "publisher":
            ax.text(x - 0.06, y, label, ha="right", va="center", fontsize=9)
        elif role == "outlet":
            ax.text(x, y + 0.28, label, ha="center", va="bottom", fontsize=9, fontweight="bold")
        else:
            ax.text(x + 0.06, y, label, ha="left", va="center", fontsize=9)
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    ax.set_xlim(min(xs) - 1.4, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.9)
    ax.axis("off")
    ax.set_title(title)
    handles = [Line2D([0], [0], color=c, lw=2.5, label=k) for k, c in colours.items()]
    types = sorted({d.get("source_type", "") for _, d in g.nodes(data=True)} - {""})
    handles += [
        Line2D(
            [0],
            [0],
            marker="o",
            color="w",
            markerfacecolor=SOURCE_TYPE_COLOURS[t],
            markersize=8,
            label=t,
        )
        for t in types
        if t in SOURCE_TYPE_COLOURS
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return fig


def plot_sources(attributions, *, top: int = 20):
    """Who is cited, how often and how: statements per source, stacked by speech."""
    counts = (
        attributions.groupby(["source", "speech"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["direct", "mixed", "indirect"], fill_value=0)
    )
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index[:top]].iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.34 * len(counts) + 1.4)))
    left = None
    colours = {"direct": "#d62728", "mixed": "#ff9896", "indirect": "#1f77b4"}
    for speech in counts.columns:
        ax.barh(
            ar_all(counts.index), counts[speech], left=left, label=speech, color=colours[speech]
        )
        left = counts[speech] if left is None else left + counts[speech]
    ax.set_xlabel("statements")
    ax.set_title("Who is cited, and how")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def plot_citation_profile(profile):
    """Per outlet: share of direct, mixed and indirect speech, and of anonymous sources."""
    table = profile.pivot(index="outlet", columns="measure", values="share")
    n = profile.groupby("outlet")["statements"].first()
    table = table.loc[n.sort_values().index]
    fig, (ax1, ax2) = plt.subplots(
        1,
        2,
        figsize=(11, max(3.0, 0.45 * len(table) + 1.5)),
        sharey=True,
        gridspec_kw={"width_ratios": [3, 1.3]},
    )
    labels = ar_all(f"{o} ({n[o]})" for o in table.index)
    left = None
    colours = {"direct": "#d62728", "mixed": "#ff9896", "indirect": "#1f77b4"}
    for speech in ("direct", "mixed", "indirect"):
        vals = table.get(speech, 0)
        ax1.barh(labels, vals, left=left, color=colours[speech], label=speech)
        left = vals if left is None else left + vals
    ax1.set_xlim(0, 1)
    ax1.set_xlabel("share of statements")
    ax1.set_title("Speech: direct, mixed, indirect")
    ax1.legend(loc="lower left", bbox_to_anchor=(0, 1.08), ncol=3, fontsize=9)
    ax2.barh(labels, table.get("anonymous or estimate", 0), color="#7f7f7f")
    ax2.set_xlim(0, 1)
    ax2.set_xlabel("share")
    ax2.set_title("Anonymous or estimate")
    for ax in (ax1, ax2):
        ax.grid(axis="y", visible=False)
    fig.suptitle("How each outlet reports its sources (statements in brackets)", fontweight="bold")
    fig.tight_layout()
    return fig


def _outlet_colours(outlets) -> dict:
    palette = plt.get_cmap("tab10").colors
    return {o: palette[i % len(palette)] for i, o in enumerate(sorted(set(outlets)))}


def _pack(spans: list[tuple[float, float]]) -> list[int]:
    """Sub-row of each (start, stop) so that spans in one sub-row do not overlap."""
    rows_end: list[float] = []
    out = []
    for start, stop in spans:
        for k, end in enumerate(rows_end):
            if start > end:
                rows_end[k] = stop
                out.append(k)
                break
        else:
            rows_end.append(stop)
            out.append(len(rows_end) - 1)
    return out


def plot_timeline(timeline, *, title: str = "Reported events over time", label_chars: int = 22):
    """Events by type (lanes) against the dates they are said to have happened.

    Intervals are bars, single days markers, coloured by the outlet that reported
    them; each is labelled with its time expression (Arabic, shaped). Events whose
    sentence gives no time are drawn once per event type and article at the
    publication date, hollow, with their count: "it happened by then".
    """
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.lines import Line2D

    dated = timeline[timeline["dated_by"] == "expression"].dropna(subset=["begin"]).copy()
    undated = timeline[timeline["dated_by"] == "publication"].dropna(subset=["begin"])
    undated = (
        undated.groupby(["event", "outlet", "begin"], as_index=False)
        .size()
        .rename(columns={"size": "n"})
    )
    colours = _outlet_colours(pd.concat([dated["outlet"], undated["outlet"]]))
    lo = min([d for d in (dated["begin"].min(), undated["begin"].min()) if pd.notna(d)])
    hi = max([d for d in (dated["until"].max(), undated["begin"].max()) if pd.notna(d)])
    span_days = max((hi - lo).days, 30)
    label_days = span_days * label_chars / 140
    order = (
        pd.concat([dated[["event", "begin"]], undated[["event", "begin"]]])
        .groupby("event")["begin"]
        .min()
        .sort_values()
        .index.tolist()
    )
    lanes: dict[str, list] = {}
    for ev in order:
        items = []
        for r in dated[dated["event"] == ev].sort_values("begin").itertuples():
            items.append(("dated", r))
        for r in undated[undated["event"] == ev].sort_values("begin").itertuples():
            items.append(("undated", r))
        items.sort(key=lambda it: it[1].begin)
        spans = []
        for kind, r in items:
            room = label_days if kind == "dated" else label_days / 4
            stop = (r.until if kind == "dated" else r.begin) + pd.Timedelta(days=room)
            spans.append((mdates.date2num(r.begin), mdates.date2num(stop)))
        lanes[ev] = list(zip(items, _pack(spans), strict=True))
    heights = {ev: max((k for _, k in items), default=0) + 1 for ev, items in lanes.items()}
    total = sum(heights.values())
    fig, ax = plt.subplots(figsize=(13, max(4.0, 0.32 * total + 1.8)))
    y0 = 0.0
    ticks, names = [], []
    for ev in order:
        h = heights[ev]
        ticks.append(y0 + (h - 1) / 2)
        names.append(ev.replace("_", " "))
        for (kind, r), k in lanes[ev]:
            y = y0 + k
            colour = colours[r.outlet]
            if kind == "undated":
                ax.scatter(
                    [r.begin],
                    [y],
                    s=28 + 8 * r.n,
                    facecolor="white",
                    edgecolor=colour,
                    lw=1.5,
                    zorder=3,
                )
                ax.text(
                    r.begin + pd.Timedelta(days=span_days / 150),
                    y,
                    f"×{r.n}",
                    va="center",
                    fontsize=7,
                    color=colour,
                )
                continue
            if r.until > r.begin:
                ax.barh(
                    y,
                    (r.until - r.begin).days + 1,
                    left=r.begin,
                    height=0.55,
                    color=colour,
                    alpha=0.55,
                )
            else:
                ax.scatter([r.begin], [y], s=36, color=colour, zorder=3)
            ax.text(
                r.until + pd.Timedelta(days=span_days / 150),
                y,
                ar(r.time_text),
                va="center",
                fontsize=7,
            )
        y0 += h
        ax.axhline(y0 - 0.5, color="#dddddd", lw=0.6)
    ax.set_yticks(ticks, names)
    ax.set_ylim(y0 - 0.5, -0.7)
    ax.set_xlim(lo - pd.Timedelta(days=span_days * 0.02), hi + pd.Timedelta(days=label_days * 1.2))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.set_xlabel("when the event is said to have happened")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    handles = [
        Line2D([0], [0], marker="s", color="w", markerfacecolor=c, markersize=9, label=o)
        for o, c in colours.items()
    ]
    handles.append(
        Line2D(
            [0],
            [0],
            marker="o",
            color="w",
            markerfacecolor="white",
            markeredgecolor="#555",
            markersize=8,
            label="no time given: by publication (×count)",
        )
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        title="reported through",
    )
    return fig


def plot_reported_vs_published(timeline, *, labels=None):
    """When each article appeared (x) against when the events it dates happened (y)."""
    import matplotlib.dates as mdates
    import pandas as pd

    dated = timeline[(timeline["dated_by"] == "expression")].dropna(subset=["begin", "published"])
    colours = _outlet_colours(dated["outlet"])
    fig, ax = plt.subplots(figsize=(9, 6))
    articles = sorted(dated["article_id"].unique())
    pubs = dated.groupby("article_id")["published"].first()
    span = max((pubs.max() - pubs.min()).days, 60)
    offsets = {a: pd.Timedelta(days=span / 60 * (i % 5 - 2)) for i, a in enumerate(articles)}
    for r in dated.itertuples():
        x = r.published + offsets[r.article_id]
        mid = r.begin + (r.until - r.begin) / 2
        ax.errorbar(
            [x],
            [mid],
            yerr=[[mid - r.begin], [r.until - mid]],
            fmt="o",
            color=colours[r.outlet],
            ms=5,
            capsize=3,
            alpha=0.8,
        )
    lo = min(dated["begin"].min(), dated["published"].min())
    hi = max(dated["until"].max(), dated["published"].max())
    ax.plot([lo, hi], [lo, hi], color="#999999", ls="--", lw=1, label="same day as publication")
    for a in articles:
        short = str((labels or {}).get(a, a)).split(" · ")[0][:12]
        ax.annotate(
            ar(short),
            (pubs[a] + offsets[a], hi),
            xytext=(0, 4),
            textcoords="offset points",
            rotation=90,
            fontsize=7,
            va="bottom",
            ha="center",
            color="#555555",
        )
    ax.set_xlim(
        pubs.min() - pd.Timedelta(days=span * 0.15), pubs.max() + pd.Timedelta(days=span * 0.15)
    )
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.yaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.set_xlabel("article published")
    ax.set_ylabel("event said to have happened (interval)")
    ax.set_title("How far back the reports reach")
    handles = [
        plt.Line2D([0], [0], marker="o", color=c, ls="", label=o) for o, c in colours.items()
    ]
    handles.append(plt.Line2D([0], [0], color="#999999", ls="--", label="same day as publication"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return fig


#: Marker of each hedge in figure charts.
HEDGE_MARKERS = {
    "exact": "o",
    "approx": "D",
    "range": "s",
    "vague": "X",
    "more_than": "^",
    "at_least": "^",
    "at_most": "v",
    "up_to": "v",
}


def plot_figures(figures, *, classes=None, max_panels: int = 6, annotate: bool = True):
    """Reported figures over time: one panel per counted class, log-scaled values.

    x: the article's publication date; y: the value, with the interval as an error
    bar (an open end — «أكثر من», «ما يصل إلى» — as an arrow). Markers show the
    hedge, colours the outlet the figure came through; each point is labelled with
    its source.
    """
    import math

    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.lines import Line2D

    df = figures.dropna(subset=["published", "value"]).copy()
    df = df[df["value"] > 0]
    df["outlet"] = [
        v if isinstance(v, str) and v else (s if isinstance(s, str) and s else "(unknown)")
        for v, s in zip(df["via"], df["source"], strict=True)
    ]
    if classes is None:
        skip = {"unknown", "age", "duration", "percent"}
        counts = df.loc[~df["counted_class"].isin(skip), "counted_class"].value_counts()
        classes = list(counts.index[:max_panels])
    df = df[df["counted_class"].isin(classes)]
    colours = _outlet_colours(df["outlet"]) if len(df) else {}
    n = max(len(classes), 1)
    ncols = min(2, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.2 * ncols, 3.6 * nrows), squeeze=False)
    span = (df["published"].max() - df["published"].min()) if len(df) else pd.Timedelta(days=30)
    pad = max(span * 0.08, pd.Timedelta(days=20))
    for ax, klass in zip(axes.flat, classes, strict=False):
        sub = df[df["counted_class"] == klass].sort_values("published")
        jitter = sub.groupby("published").cumcount() * (pad / 6)
        for k, ((_, r), dx) in enumerate(zip(sub.iterrows(), jitter, strict=True)):
            x = r["published"] + dx
            colour = colours[r["outlet"]]
            lo = r["low"] if pd.notna(r["low"]) else r["value"]
            hi = r["high"] if pd.notna(r["high"]) else r["value"]
            if hi > lo:
                ax.vlines(x, lo, hi, color=colour, lw=2, alpha=0.6)
            ax.scatter(
                [x],
                [r["value"]],
                marker=HEDGE_MARKERS.get(r["hedge"], "o"),
                s=46,
                color=colour,
                zorder=3,
                edgecolor="white",
                lw=0.5,
            )
            if pd.isna(r["high"]):
                ax.annotate(
                    "",
                    (x, r["value"] * 2.2),
                    (x, r["value"]),
                    arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.2},
                )
            if pd.isna(r["low"]):
                ax.annotate(
                    "",
                    (x, r["value"] / 2.2),
                    (x, r["value"]),
                    arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.2},
                )
            if annotate:
                label = str(r["source"] or "")[:26]
                ax.annotate(
                    ar(label),
                    (x, r["value"]),
                    xytext=(5, 3 if k % 2 == 0 else -9),
                    textcoords="offset points",
                    fontsize=6.5,
                    color="#444444",
                )
        unit = sub["unit"].mode().iloc[0] if len(sub) and sub["unit"].notna().any() else ""
        ax.set_yscale("log")
        ax.set_title(klass.replace("_", " "))
        ax.set_ylabel(f"value ({unit})" if unit else "value")
        ax.set_xlim(df["published"].min() - pad, df["published"].max() + pad * 2)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    for ax in list(axes.flat)[len(classes) :]:
        ax.set_visible(False)
    handles = [
        Line2D([0], [0], marker="s", color="w", markerfacecolor=c, markersize=9, label=o)
        for o, c in colours.items()
    ]
    handles += [
        Line2D([0], [0], marker=m, color="#555555", ls="", markersize=7, label=h)
        for h, m in HEDGE_MARKERS.items()
        if h in set(df["hedge"])
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 0.98),
        fontsize=8,
        title="outlet · hedge",
    )
    fig.suptitle(
        "Reported figures by publication date (log scale; bars: the interval)", fontweight="bold"
    )
    fig.tight_layout()
    return fig
