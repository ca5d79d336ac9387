"""Charts: one house style, readable at any corpus size, and Arabic labels that come
out joined, right-to-left and in the right order next to Latin text.

Every ``plot_*`` function returns a matplotlib figure no taller than
:data:`MAX_HEIGHT_IN` inches (about 2,100 px at the style's 150 dpi), whatever the
corpus size: long lists are cut to their top entries ("top N of M" in the title),
crowded views are aggregated, and it raises :class:`NoData`, with a one-line reason,
when its input has nothing to draw.

**Arabic.** matplotlib ≥ 3.11 lays text out with libraqm, which shapes Arabic and
applies the Unicode bidi algorithm by itself; there the classic
``get_display(reshape(s))`` recipe would draw it *reversed*. Older renderers draw
isolated letters left-to-right and need that recipe. :func:`renderer_shapes_arabic`
asks the installed renderer what it does (it lays out «لا» and counts glyphs: one
ligature when it shapes), and :func:`ar` applies the recipe only where it is needed.
libraqm takes a label's direction from its first strong letter, so a label *made of
parts* — a name and a count, an id and a headline — can come out scrambled
(«Sky News عربية (12)» draws the count between the two words). :func:`bidi_label`
wraps each part in a Unicode isolate (FSI … PDI) and the whole in LRI / RLI, so each
part keeps its own order and the parts stay in sequence. A ``$`` in a label is
escaped so that it draws as a dollar sign, not as mathtext (mathtext itself stays
on: log axes label their ticks with it).

Example:
    >>> ar("صحيفة الغارديان") == "صحيفة الغارديان" or not renderer_shapes_arabic()
    True
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager, patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from corpus_tools.aggregate.chains import top_chain_graph
from corpus_tools.extract.timeline import dated_by_words

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

#: Largest figure, in inches (at ``savefig.dpi`` 150: 2,100 × 2,400 px before the
#: legend outside the axes).
MAX_HEIGHT_IN = 14.0
MAX_WIDTH_IN = 16.0
#: Most rows (bars, lanes, graph nodes in one column) a chart draws.
MAX_ROWS = 40
#: Label widths, in characters, before «…».
LABEL_CHARS = 40

#: The grey of everything folded into «other».
OTHER_COLOUR = "#b8b8b8"
#: Distinct colours for the most frequent categories: tab10 (its grey replaced), then
#: the light tab20 shades (no grey), so none looks like «other».
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#1a1a1a",
    "#bcbd22",
    "#17becf",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#dbdb8d",
    "#9edae5",
    "#393b79",
)

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


class NoData(ValueError):
    """A chart's input has nothing to draw; the message says why, in one line."""


def _need(condition: object, reason: str) -> None:
    if not condition:
        raise NoData(reason)


# ---------------------------------------------------------------- Arabic text


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
    s = "" if text is None or text is pd.NA else str(text)
    if renderer_shapes_arabic():
        return _literal(s)
    s = s.translate({ord(c): None for c in BIDI_CONTROLS})
    if not _ARABIC.search(s):
        return _literal(s)
    import arabic_reshaper
    from bidi.algorithm import get_display

    return _literal(get_display(arabic_reshaper.reshape(s)))


def _literal(s: str) -> str:
    """``$`` escaped where matplotlib would read ``$…$`` as mathtext."""
    return s.replace("$", r"\$") if mpl.rcParams["text.parse_math"] else s


def ar_all(labels: Iterable[object]) -> list[str]:
    """:func:`ar` over many labels (tick labels, legend entries)."""
    return [ar(x) for x in labels]


def text_direction(text: object) -> str | None:
    """``"rtl"`` or ``"ltr"`` by the first strong letter, ``None`` when it has none."""
    for c in str(text):
        if _RTL.match(c):
            return "rtl"
        if c.isalpha():
            return "ltr"
    return None


def bidi_label(*parts: object, sep: str = " · ", direction: str | None = None) -> str:
    """Parts of a label (a name and a count, an id and a headline) joined so that each
    keeps its own reading order and they stay in sequence, ready to draw.

    ``direction`` of the whole (``"ltr"`` or ``"rtl"``) defaults to that of the first
    part with letters. Where matplotlib shapes Arabic, each part is an isolate
    (FSI … PDI) inside LRI / RLI … PDI; on older renderers the parts are reordered here.

    >>> lab = bidi_label("Sky News عربية", "(12)", sep=" ")
    >>> lab.translate({ord(c): None for c in BIDI_CONTROLS}) == "Sky News عربية (12)" or (
    ...     not renderer_shapes_arabic())
    True
    """
    texts = [str(p) for p in parts if p is not None and p is not pd.NA and str(p) != ""]
    found = (text_direction(t) for t in texts)
    direction = direction or next((d for d in found if d), "ltr")
    if renderer_shapes_arabic():
        inner = sep.join(FSI + t + PDI for t in texts)
        return _literal((RLI if direction == "rtl" else LRI) + inner + PDI)
    shown = [ar(t) for t in texts]
    return sep.join(shown[::-1] if direction == "rtl" else shown)


def shorten(text: object, width: int = LABEL_CHARS) -> str:
    """``text`` cut to ``width`` characters, at a word when one ends near, with «…»."""
    s = " ".join(str(text).split()) if text is not None and text is not pd.NA else ""
    if len(s) <= width:
        return s
    cut = s[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ·,:;-–") + "…"


def count_label(name: object, n: int, width: int = LABEL_CHARS) -> str:
    """«name (n)», drawn in the name's direction with the count at its end."""
    return bidi_label(shorten(name, width), f"({int(n):,})", sep=" ")


def _tick(text: object, width: int = LABEL_CHARS) -> str:
    return ar(shorten(text, width))


def _article_tick(label: object, width: int = 48) -> str:
    """An :func:`article_labels` label «id · headline» drawn in the headline's
    direction: with an Arabic headline the id comes first from the right, next to the
    axis (so that ids line up), and the headline keeps its own order."""
    ident, sep, head = str(label).partition(" · ")
    if not sep:
        return _tick(label, width)
    head = shorten(head, max(12, width - len(ident)))
    return bidi_label(ident, head, direction=text_direction(head) or "ltr")


# ---------------------------------------------------------------- style, saving


@cache
def font_family() -> list[str]:
    """Installed Arabic fonts first, then DejaVu Sans for everything else."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in ARABIC_FONTS if f in installed] + [FALLBACK_FONT]


def use_style() -> None:
    """Apply the house style (fonts with Arabic glyphs, readable sizes)."""
    mpl.rcParams.update(STYLE)
    mpl.rcParams["font.family"] = font_family()


def save(fig: Figure, path: str | Path, *, data: pd.DataFrame | None = None) -> None:
    """Save a chart as PNG and, when given, the table behind it as CSV next to it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    if data is not None:
        data.to_csv(path.with_suffix(".csv"), index=False)


def _chart(fn: Callable[..., Figure]) -> Callable[..., Figure]:
    """Every chart: no larger than the maximum size."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Figure:
        fig = fn(*args, **kwargs)
        w, h = fig.get_size_inches()
        if w > MAX_WIDTH_IN or h > MAX_HEIGHT_IN:
            fig.set_size_inches(min(w, MAX_WIDTH_IN), min(h, MAX_HEIGHT_IN))
        return fig

    return wrapper


def _figure(width: float, height: float, **kwargs):
    """``plt.subplots`` with the size kept within the maximum."""
    size = (min(width, MAX_WIDTH_IN), min(max(height, 2.8), MAX_HEIGHT_IN))
    return plt.subplots(figsize=size, **kwargs)


def _rows_height(rows: int, per: float = 0.32, extra: float = 1.6) -> float:
    return min(MAX_HEIGHT_IN, per * rows + extra)


def _of(shown: int, total: int, what: str) -> str:
    """« (top 20 of 3,456 sources)» when something was left out, else ''."""
    return f" (top {shown:,} of {total:,}{' ' + what if what else ''})" if shown < total else ""


def _legend(ax, handles: list, *, title: str | None = None, fontsize: float = 8) -> None:
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        fontsize=fontsize,
        title=title,
        title_fontsize=fontsize + 1,
    )


def _stacked_barh(ax, table: pd.DataFrame, colours: Mapping, height: float = 0.75) -> np.ndarray:
    """One horizontal bar per row of ``table``, its columns stacked left to right in
    ``colours`` (column → colour); returns the bars' y positions."""
    pos = np.arange(len(table))
    left = np.zeros(len(table))
    for col, colour in colours.items():
        vals = table[col].to_numpy(dtype=float) if col in table else np.zeros(len(table))
        ax.barh(
            pos,
            vals,
            left=left,
            height=height,
            color=colour,
            label=_tick(str(col).replace("_", " ")),
        )
        left += vals
    ax.grid(axis="y", visible=False)
    return pos


def _dates(values) -> pd.Series:
    """Any datetime column (datetime64[ns], [s] …, strings) as Timestamps (NaT kept)."""
    return pd.to_datetime(pd.Series(values), errors="coerce")


def _num(values) -> np.ndarray:
    """Dates as matplotlib date numbers (days), NaN for NaT; unit-independent."""
    s = _dates(values)
    out = np.full(len(s), np.nan)
    ok = s.notna().to_numpy()
    if ok.any():
        out[ok] = mdates.date2num(s[ok].dt.to_pydatetime())
    return out


class _DaysAtLeast(mdates.AutoDateLocator):
    """Date ticks never finer than a day: the package's dates are days, so a corpus
    published over two days gets day ticks, not hours."""

    def get_locator(self, dmin, dmax):
        days = abs((dmax - dmin).total_seconds()) / 86400
        if days > 20:
            return super().get_locator(dmin, dmax)
        locator = mdates.DayLocator(interval=max(1, round(days / 8)), tz=self.tz)
        locator.set_axis(self.axis)
        return locator


def _date_axis(axis) -> None:
    locator = _DaysAtLeast()
    axis.set_major_locator(locator)
    axis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# ---------------------------------------------------------------- colours


def category_colours(values: Iterable[object], top: int = 10) -> dict[str, str]:
    """A colour per distinct value: the ``top`` most frequent (ties by name) get distinct
    colours of :data:`PALETTE`, every other value :data:`OTHER_COLOUR` («other» in
    legends; see :func:`legend_entries`) — unless only one would be grey, which then
    keeps a colour of its own. Missing values are left out.

    >>> c = category_colours(["a", "a", "a", "b", "b", "c", "d"], top=2)
    >>> c["a"] != c["b"], c["c"] == c["d"] == OTHER_COLOUR
    (True, True)
    """
    counts = pd.Series(list(values), dtype="object").dropna().astype(str).value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = max(0, min(top, len(PALETTE)))
    if len(order) == top + 1:  # one «other» alone: give it its own colour
        top = min(top + 1, len(PALETTE))
    return {v: (PALETTE[i] if i < top else OTHER_COLOUR) for i, (v, _) in enumerate(order)}


def legend_entries(colours: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, colour) for a legend: each coloured value, then «other (k)» once."""
    shown = [(v, c) for v, c in colours.items() if c != OTHER_COLOUR]
    k = len(colours) - len(shown)
    return shown + ([(f"other ({k:,})", OTHER_COLOUR)] if k else [])


def _marker(label: str, colour: str, *, marker: str = "o", size: float = 8, **kw) -> Line2D:
    """A legend entry that is one marker (no line)."""
    return Line2D(
        [0],
        [0],
        marker=marker,
        color="w",
        markerfacecolor=colour,
        markersize=size,
        label=label,
        **kw,
    )


def _colour_handles(colours: Mapping[str, str], marker: str = "s") -> list:
    return [_marker(_tick(v), c, marker=marker, size=9) for v, c in legend_entries(colours)]


# ---------------------------------------------------------------- article labels

_ID_PARTS = re.compile(r"(?<=[_\-.\s])")


def _id_tokens(ident: str) -> list[str]:
    return [t for t in _ID_PARTS.split(ident) if t]


def _common_tokens(tokens: list[list[str]]) -> int:
    """How many leading tokens every id shares (each keeps at least one of its own)."""
    if len(tokens) < 2:
        return 0
    n = 0
    while all(len(t) > n + 1 for t in tokens) and len({t[n] for t in tokens}) == 1:
        n += 1
    return n


def short_ids(ids: Iterable[object], width: int = 16) -> dict[str, str]:
    """The shortest distinguishing form of each id: parts shared by all ids dropped
    (``articles-000123`` → ``000123``), then as few parts as make it unique
    (``003_bf4f…`` → ``003``); the whole id where cutting would make two alike.

    >>> short_ids(["snn-000123", "snn-000124"])
    {'snn-000123': '000123', 'snn-000124': '000124'}
    >>> short_ids(["003_bf4f", "004_aa12", "dev_a_1", "dev_b_2"])
    {'003_bf4f': '003', '004_aa12': '004', 'dev_a_1': 'dev_a', 'dev_b_2': 'dev_b'}
    """
    idents = list(dict.fromkeys(map(str, ids)))
    tokens = {i: _id_tokens(i) or [i] for i in idents}
    common = _common_tokens(list(tokens.values()))
    rest = {i: t[common:] for i, t in tokens.items()}
    out: dict[str, str] = {}
    longest = max((len(t) for t in rest.values()), default=0)
    for k in range(1, longest + 1):
        prefixes = {i: "".join(t[:k]) for i, t in rest.items() if i not in out}
        seen = pd.Series(["".join(t[:k]) for t in rest.values()]).value_counts()
        for i, p in prefixes.items():
            if seen[p] == 1 or k >= len(rest[i]):
                out[i] = p.rstrip("_-. ") or i
    out = {i: (s if len(s) <= width else s[: width - 1] + "…") for i, s in out.items()}
    counts = pd.Series(list(out.values())).value_counts()
    return {i: (s if counts[s] == 1 else i) for i, s in out.items()}


def _headline(row) -> str:
    head = getattr(row, "headline", None)
    if not isinstance(head, str) or not head.strip():
        head = getattr(row, "text", "")
    return head if isinstance(head, str) else ""


def article_labels(articles: pd.DataFrame, *, words: int = 5) -> dict[str, str]:
    """Short, unique chart labels: the id's shortest distinguishing form
    (:func:`short_ids`) and the headline's (or text's) first words.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"article_id": ["003_bf4f"], "text": ["…"],
    ...                    "headline": ["الغارديان: انشقاق في صفوف داعش"]})
    >>> article_labels(df, words=2)
    {'003_bf4f': '003 · الغارديان: انشقاق…'}
    """
    short = short_ids(articles["article_id"]) if len(articles) else {}
    out = {}
    for row in articles.itertuples():
        tokens = _headline(row).split()
        head = " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")
        aid = str(row.article_id)
        out[aid] = f"{short[aid]} · {head}" if head else short[aid]
    return out


def _article_names(ids: Iterable[object], labels: Mapping[str, str] | None) -> list[str]:
    ids = [str(i) for i in ids]
    labels = labels or {}
    short = short_ids(ids)
    return [_article_tick(labels.get(i) or short[i]) for i in ids]


# ---------------------------------------------------------------- corpus overview


@_chart
def plot_cleaning_changes(
    summary: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    max_articles: int = 30,
    include_whitespace: bool = False,
) -> Figure:
    """Stacked bars: characters cleaning removed from each article, by kind.

    ``summary`` is :func:`corpus_tools.text.cleaning.cleaning_summary`. Large corpora
    show the ``max_articles`` articles that lost the most.
    """
    _need(len(summary), "cleaning changed nothing (the summary is empty)")
    data = summary if include_whitespace else summary[summary["kind"] != "whitespace"]
    table = data.pivot_table(
        index="article_id", columns="kind", values="chars_removed", aggfunc="sum", fill_value=0
    ).clip(lower=0)
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    _need(len(table), "cleaning removed no characters (beyond whitespace)")
    total = len(table)
    max_articles = max(1, min(max_articles, MAX_ROWS))
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index[:max_articles]]
    table = table[table.sum(axis=0).sort_values(ascending=False).index].iloc[::-1]
    fig, ax = _figure(9, _rows_height(len(table), 0.3, 1.6))
    tab20 = plt.get_cmap("tab20").colors
    colours = {kind: tab20[k % 20] for k, kind in enumerate(table.columns)}
    pos = _stacked_barh(ax, table, colours, height=0.7)
    ax.set_yticks(pos, _article_names(table.index, labels))
    ax.set_xlabel("characters removed from the raw text")
    ax.set_ylabel("article")
    ax.set_title(f"What cleaning removed, by kind{_of(len(table), total, 'articles changed')}")
    ax.legend(
        title="kind (most first)",
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        borderaxespad=0,
        fontsize=8,
    )
    return fig


@_chart
def plot_lengths(
    lengths: pd.DataFrame, *, labels: Mapping[str, str] | None = None, max_articles: int = 30
) -> Figure:
    """Article lengths before and after cleaning (bars; a histogram for large corpora)."""
    data = lengths.dropna(subset=["raw_chars", "clean_chars"]) if len(lengths) else lengths
    _need(len(data), "no articles to measure")
    if len(data) <= min(max_articles, MAX_ROWS):
        return _length_bars(data, labels)
    return _length_histogram(data)


def _length_bars(data: pd.DataFrame, labels: Mapping[str, str] | None) -> Figure:
    data = data.iloc[::-1]
    fig, ax = _figure(9, _rows_height(len(data), 0.5, 1.5))
    pos = np.arange(len(data))
    ax.barh(pos + 0.2, data["raw_chars"], height=0.4, label="raw")
    ax.barh(pos - 0.2, data["clean_chars"], height=0.4, label="clean")
    ax.set_yticks(pos, _article_names(data["article_id"], labels))
    ax.set_ylabel("article")
    ax.set_xlabel("characters")
    ax.set_title("Article length before and after cleaning")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return fig


def _length_histogram(data: pd.DataFrame) -> Figure:
    raw = data["raw_chars"].to_numpy(dtype=float)
    clean = data["clean_chars"].to_numpy(dtype=float)
    top = float(np.nanquantile(raw, 0.99)) or 1.0
    cut = int((raw > top).sum())
    fig, ax = _figure(9, 4.8)
    bins = np.linspace(0, top, 41)
    ax.hist(np.clip(raw, 0, top), bins=bins, alpha=0.6, label="raw")
    ax.hist(np.clip(clean, 0, top), bins=bins, alpha=0.6, label="clean")
    ax.set_xlabel(
        "characters per article" + (f" ({cut:,} longer ones in the last bar)" * bool(cut))
    )
    ax.set_ylabel("articles")
    ax.set_title(f"Article length before and after cleaning ({len(data):,} articles)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return fig


@_chart
def plot_top_entities(
    counts: pd.DataFrame,
    *,
    labels: tuple[str, ...] = ("MEDIA", "ORG", "LOC", "NORP", "PER"),
    top: int = 8,
) -> Figure:
    """Most mentioned entities, one panel per label (``counts`` from ``entity_counts``).

    Bars are mentions; the number after each bar is how many articles mention it.
    At most six panels and :data:`MAX_ROWS` // 2 bars per panel.
    """
    _need(len(counts), "no entities were tagged")
    shown = [lab for lab in labels if (counts["label"] == lab).any()][:6]
    _need(shown, f"no entities of type {', '.join(labels)} were tagged")
    top = max(1, min(top, MAX_ROWS // 2))
    ncols = min(3, len(shown))
    nrows = -(-len(shown) // ncols)
    fig, axes = _figure(
        4.8 * ncols, (0.3 * top + 1.4) * nrows + 0.6, nrows=nrows, ncols=ncols, squeeze=False
    )
    axes = list(axes.flat)
    for i, (ax, lab) in enumerate(zip(axes, shown, strict=False)):
        _entity_panel(ax, counts[counts["label"] == lab], lab, top)
        if i % ncols == 0:
            ax.set_ylabel("entity")
    for ax in axes[len(shown) :]:
        ax.set_visible(False)
    fig.suptitle("Most mentioned entities by type", fontweight="bold")
    fig.tight_layout()
    return fig


def _entity_panel(ax, rows: pd.DataFrame, label: str, top: int) -> None:
    sub = rows.sort_values("mentions", ascending=False).head(top).iloc[::-1]
    pos = np.arange(len(sub))
    ax.barh(pos, sub["mentions"], color="#6f42c1", alpha=0.8)
    ax.set_yticks(pos, [_tick(c, 26) for c in sub["canonical"]])
    for y, (m, a) in enumerate(zip(sub["mentions"], sub["articles"], strict=True)):
        ax.text(m, y, f" {a:,}", va="center", fontsize=8, color="#555555")
    ax.set_xlim(0, float(sub["mentions"].max()) * 1.18)
    ax.set_ylim(len(sub) - top - 0.5, len(sub) - 0.5)  # bars of one height in every panel
    ax.set_title(label + _of(len(sub), len(rows), ""), fontsize=11)
    ax.set_xlabel("mentions (number: articles)")
    ax.grid(axis="y", visible=False)


# ---------------------------------------------------------------- attribution

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
    "business": "#c49c94",
    "anonymous": "#7f7f7f",
    "estimate": "#e377c2",
    "unknown": "#dddddd",
    "": "#aaaaaa",
}
SPEECH_COLOURS = {"direct": "#d62728", "mixed": "#ff9896", "indirect": "#1f77b4"}


@_chart
def plot_sources(attributions: pd.DataFrame, *, top: int = 20) -> Figure:
    """Who is cited, how often and how: statements per source, stacked by speech."""
    _need(len(attributions), "no attributed statements")
    df = attributions.assign(source=attributions["source"].fillna("(no source)"))
    counts = (
        df.groupby(["source", "speech"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(SPEECH_COLOURS), fill_value=0)
    )
    counts = counts[counts.sum(axis=1) > 0]
    _need(len(counts), "no statement is in direct, mixed or indirect speech")
    top = max(1, min(top, MAX_ROWS))
    shown = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index[:top]].iloc[::-1]
    fig, ax = _figure(9, _rows_height(len(shown), 0.34, 1.4))
    pos = _stacked_barh(ax, shown, SPEECH_COLOURS, height=0.8)
    ax.set_yticks(pos, [_tick(s) for s in shown.index])
    ax.set_xlabel("statements")
    ax.set_ylabel("source")
    ax.set_title("Who is cited, and how" + _of(len(shown), len(counts), "sources"))
    ax.legend(title="speech", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return fig


@_chart
def plot_citation_profile(profile: pd.DataFrame, *, top: int = 15) -> Figure:
    """Per outlet: share of direct, mixed and indirect speech, and of anonymous sources.

    ``profile`` is :func:`corpus_tools.citation_profile`; the ``top`` outlets with the
    most statements are shown.
    """
    _need(len(profile), "no attributed statements, so no outlet profile")
    table = profile.pivot_table(index="outlet", columns="measure", values="share", aggfunc="first")
    n = profile.groupby("outlet")["statements"].first()
    top = max(1, min(top, MAX_ROWS))
    order = n.sort_values(ascending=False, kind="stable").index[:top][::-1]
    table = table.reindex(order).fillna(0.0)
    fig, (ax1, ax2) = _figure(
        11,
        _rows_height(len(table), 0.42, 1.8),
        ncols=2,
        sharey=True,
        gridspec_kw={"width_ratios": [3, 1.3]},
    )
    pos = _stacked_barh(ax1, table, SPEECH_COLOURS, height=0.8)
    ax1.set_yticks(pos, [count_label(o, n[o], 32) for o in table.index])
    ax1.set_xlim(0, 1)
    ax1.set_xlabel("share of statements")
    ax1.set_ylabel("outlet (statements)")
    ax1.set_title("Speech: direct, mixed, indirect", fontsize=11)
    anon = table.get("anonymous or estimate", pd.Series(0.0, index=table.index))
    ax2.barh(pos, anon.to_numpy(dtype=float), color="#7f7f7f", height=0.8)
    ax2.set_xlim(0, 1)
    ax2.set_xlabel("share")
    ax2.set_title("Anonymous or estimate", fontsize=11)
    ax2.grid(axis="y", visible=False)
    handles, names = ax1.get_legend_handles_labels()
    ax2.legend(
        handles,
        names,
        title="speech",
        loc="upper left",
        bbox_to_anchor=(1.04, 1),
        borderaxespad=0,
        fontsize=9,
    )
    what = _of(len(table), len(n), "outlets")
    fig.suptitle(f"How each outlet reports its sources{what}", fontweight="bold")
    fig.tight_layout()
    return fig


@_chart
def plot_source_types_by_outlet(
    attributions: pd.DataFrame, *, top: int = 12, articles: pd.DataFrame | None = None
) -> Figure:
    """Per outlet (``via``, else the outlet quoted, else the publisher — given in
    ``attributions`` or ``articles``): the share of its statements by source type,
    with its number of statements in the label. The ``top`` outlets are shown."""
    from corpus_tools.aggregate.citations import outlet_of

    _need(len(attributions), "no attributed statements")
    types = attributions["source_type"].fillna("unknown").replace("", "unknown").astype(str)
    table = pd.crosstab(outlet_of(attributions, articles), types)
    totals = table.sum(axis=1).sort_values(ascending=False, kind="stable")
    top = max(1, min(top, MAX_ROWS))
    shown = table.loc[totals.index[:top][::-1]]
    known = [t for t in SOURCE_TYPE_COLOURS if t in shown.columns and t != "unknown"]
    rest = sorted(set(shown.columns) - set(known) - {"unknown"})
    cols = known + rest + (["unknown"] if "unknown" in shown.columns else [])
    share = shown[cols].div(shown.sum(axis=1), axis=0)
    fig, ax = _figure(10, _rows_height(len(share), 0.42, 1.8))
    extra = dict(zip(rest, PALETTE[10:], strict=False))
    colours = {t: SOURCE_TYPE_COLOURS.get(t) or extra.get(t, OTHER_COLOUR) for t in cols}
    pos = _stacked_barh(ax, share, colours)
    ax.set_yticks(pos, [count_label(o, totals[o], 32) for o in share.index])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the outlet's statements")
    ax.set_ylabel("outlet (statements)")
    what = _of(len(share), len(totals), "outlets")
    ax.set_title(f"Whom each outlet cites: statements by source type{what}")
    ax.legend(
        title="source type", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, fontsize=8
    )
    return fig


# ---------------------------------------------------------------- citation graph


def _column_rows(g) -> int:
    levels = pd.Series([d.get("level", 0) for _, d in g.nodes(data=True)])
    return int(levels.value_counts().max()) if len(levels) else 0


def _chain_positions(g) -> dict:
    """Columns by level (publishers left). The deepest column is spaced evenly, grouped
    by parent; every other node sits at the mean height of the nodes it points to.
    Folded «other …» nodes go to the bottom of their column."""
    levels: dict[int, list] = {}
    for node, data in g.nodes(data=True):
        levels.setdefault(data.get("level", 0), []).append(node)
    rank: dict = {}
    for level in sorted(levels):  # an order that keeps siblings together
        levels[level].sort(
            key=lambda n: (
                "folded" in g.nodes[n],
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


def _left_out_note(left_out: Mapping[str, int], outlets: int, sources: int) -> str:
    parts = [f"{k:,} {what}" for what, k in left_out.items() if k]
    if not parts:
        return ""
    return (
        f"\n(top {outlets} publishers and outlets, {sources} sources each;"
        f" folded into «other»: {', '.join(parts)})"
    )


def _draw_chain_edges(ax, g, pos: dict) -> None:
    from matplotlib.patches import FancyArrowPatch

    colours = {"relays": "#999999", "quotes": "#d62728", "cites": "#1f77b4"}
    top = max((d.get("n", 0) for *_, d in g.edges(data=True)), default=1) or 1
    for src, dst, data in g.edges(data=True):
        width = 0.7 + 3.5 * math.log1p(data.get("n", 0)) / math.log1p(max(top, 1))
        ax.add_patch(
            FancyArrowPatch(
                pos[src],
                pos[dst],
                arrowstyle="-|>",
                mutation_scale=10,
                lw=width,
                color=colours.get(data.get("relation"), "#999999"),
                alpha=0.5,
                shrinkA=6,
                shrinkB=6,
                connectionstyle="arc3,rad=0.04",
            )
        )


def _node_colour(data: Mapping) -> str:
    if "folded" in data:
        return OTHER_COLOUR
    role = data.get("role", "source")
    key = role if role != "source" else data.get("source_type", "")
    return SOURCE_TYPE_COLOURS.get(key, "#aaaaaa")


def _room_above_outlets(g, pos: dict) -> float:
    """The least distance from an outlet to the next node above it in its column."""
    room = [float("inf")]
    for node, (x, y) in pos.items():
        if g.nodes[node].get("role") == "outlet":
            room += [y2 - y for x2, y2 in pos.values() if x2 == x and y2 > y]
    return min(room)


def _draw_chain_nodes(ax, g, pos: dict, short: Mapping, fontsize: float) -> None:
    above = _room_above_outlets(g, pos) >= 1.8  # outlet names above their nodes
    for node, data in g.nodes(data=True):
        x, y = pos[node]
        role = data.get("role", "source")
        ax.scatter([x], [y], s=90, color=_node_colour(data), zorder=3, edgecolor="white")
        label = _tick(short.get(node) or data.get("label") or node, 30)
        style = {"va": "center", "fontsize": fontsize, "zorder": 4}
        if "folded" in data:
            style["fontstyle"] = "italic"
        if role == "publisher":
            ax.text(x - 0.06, y, label, ha="right", **style)
        elif role == "outlet" and above:
            style["va"] = "bottom"
            ax.text(x, y + 0.28, label, ha="center", fontweight="bold", **style)
        elif role == "outlet":  # left of its node, over the edges coming in
            box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}
            ax.text(x - 0.06, y, label, ha="right", fontweight="bold", bbox=box, **style)
        else:
            ax.text(x + 0.06, y, label, ha="left", **style)


def _chain_legend(ax, g) -> None:
    colours = {"relays": "#999999", "quotes": "#d62728", "cites": "#1f77b4"}
    handles = [Line2D([0], [0], color=c, lw=2.5, label=k) for k, c in colours.items()]
    types = sorted({d.get("source_type", "") for _, d in g.nodes(data=True)} - {""})
    handles += [
        _marker(t.replace("_", " "), SOURCE_TYPE_COLOURS[t])
        for t in types
        if t in SOURCE_TYPE_COLOURS
    ]
    if any("folded" in d for _, d in g.nodes(data=True)):
        handles.append(_marker("other (folded)", OTHER_COLOUR))
    _legend(ax, handles)


@_chart
def plot_chain_graph(
    g,
    *,
    title: str = "Who cites whom: publisher → relayed outlet → sources",
    short: Mapping[str, str] | None = None,
    outlets: int = 6,
    sources: int = 4,
) -> Figure:
    """Draw a :func:`~corpus_tools.aggregate.chains.chain_graph`: publisher → outlet → source.

    Edge width grows with the number of statements; red edges carry direct quotes,
    blue ones indirect speech only, grey ones republication. ``short`` maps long node
    names to labels (e.g. unnamed publishers to article labels). A graph with more
    than :data:`MAX_ROWS` nodes in a column is drawn as
    :func:`corpus_tools.aggregate.chains.top_chain_graph` (``outlets``, ``sources``), the
    title saying what was folded.
    """
    _need(
        g is not None and g.number_of_edges() > 0,
        "the citation graph is empty: no statement and no relayed outlet",
    )
    note = ""
    if _column_rows(g) > MAX_ROWS:
        g = top_chain_graph(g, outlets=outlets, sources=sources)
        note = _left_out_note(g.graph.get("left_out", {}), outlets, sources)
    pos = _chain_positions(g)
    rows = max(_column_rows(g), 1)
    n_levels = len({p[0] for p in pos.values()}) or 1
    fig, ax = _figure(4.2 * n_levels + 2, _rows_height(rows, 0.42, 1.8))
    fontsize = 9 if rows <= 30 else 8
    _draw_chain_edges(ax, g, pos)
    _draw_chain_nodes(ax, g, pos, short or {}, fontsize)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.4, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.9)
    ax.axis("off")
    ax.set_title(title + note, fontsize=12 if note else 13)
    _chain_legend(ax, g)
    return fig


# ---------------------------------------------------------------- timeline

#: Events dated before this year, or more than :data:`PAST_YEARS` before the first
#: publication (or :data:`FUTURE_YEARS` after the last), are left out of date charts.
EARLIEST_YEAR = 1900
PAST_YEARS = 30
FUTURE_YEARS = 10


def _date_window(published) -> tuple[pd.Timestamp, pd.Timestamp | None]:
    pubs = _dates(published).dropna()
    lo = pd.Timestamp(f"{EARLIEST_YEAR}-01-01")
    if not len(pubs):
        return lo, None
    first, last = pubs.min(), pubs.max()
    lo = max(lo, pd.Timestamp(year=first.year - PAST_YEARS, month=1, day=1))
    return lo, pd.Timestamp(year=last.year + FUTURE_YEARS, month=12, day=31)


def _in_window(frame: pd.DataFrame, published) -> tuple[pd.DataFrame, str]:
    """Rows whose ``begin`` lies in the window of plausible event dates, and a note on
    those left out (``""`` when none)."""
    lo, hi = _date_window(published)
    begin = _dates(frame["begin"]).to_numpy()
    past = begin < np.datetime64(lo)
    future = begin > np.datetime64(hi) if hi is not None else np.zeros(len(frame), bool)
    parts = []
    if past.sum():
        parts.append(f"{int(past.sum()):,} dated before {lo.year}")
    if future.sum():
        parts.append(f"{int(future.sum()):,} after {hi.year}")
    note = f" ({' and '.join(parts)} left out)" if parts else ""
    kept = frame[~(past | future)]
    if hi is not None and "until" in kept:  # an interval running on for decades stops there
        kept = kept.assign(until=_dates(kept["until"]).clip(upper=hi).to_numpy())
    return kept, note


def _event_frame(timeline: pd.DataFrame) -> pd.DataFrame:
    """Events with a date (``begin`` and ``until`` as Timestamps, ``until`` at least
    ``begin``), with an outlet and a time text for every row."""
    df = timeline.copy()
    df["begin"] = _dates(df["begin"]).to_numpy()
    df["until"] = _dates(df["until"]).fillna(df["begin"]).to_numpy()
    df = df[df["begin"].notna()]
    df["outlet"] = df["outlet"].fillna("(unknown)").astype(str) if "outlet" in df else "(unknown)"
    df["time_text"] = df["time_text"].fillna("") if "time_text" in df else ""
    return df


def _by_modality(
    timeline: pd.DataFrame, modalities: Sequence[str] | None
) -> tuple[pd.DataFrame, str]:
    """The events of ``modalities`` (None: all), and a note on those left out."""
    if modalities is None or "modality" not in timeline:
        return timeline, ""
    keep = timeline["modality"].isin(list(modalities)).to_numpy()
    left = int((~keep).sum())
    what = " / ".join(modalities)
    return timeline[keep], (f" · {what} ({left:,} other events left out)" if left else "")


def _dated_by_text(events: pd.DataFrame) -> np.ndarray:
    """Rows whose date comes from the words of the text (:func:`dated_by_words`)."""
    return dated_by_words(events).to_numpy()


def _undated_groups(undated: pd.DataFrame) -> pd.DataFrame:
    return (
        undated.groupby(["event", "outlet", "begin"], as_index=False)
        .size()
        .rename(columns={"size": "n"})
    )


@_chart
def plot_timeline(
    timeline: pd.DataFrame,
    *,
    title: str = "Reported events over time",
    label_chars: int = 22,
    max_items: int = 120,
    modalities: Sequence[str] | None = ("asserted",),
) -> Figure:
    """Events by type (lanes) against the dates they are said to have happened.

    ``modalities``: the events drawn (the timeline's ``modality``): by default what is
    reported as having happened; pass more («negated», «intended», «expected»,
    «hypothetical», «reported_plan», «ongoing») or None for every row.

    Up to ``max_items`` events (that fit in :data:`MAX_ROWS` lanes): intervals are
    bars, single days markers, coloured by the outlet that reported them (top ten,
    the rest grey), each labelled with its time expression; events whose sentence
    gives no time are drawn once per event type and article at the publication date,
    hollow, with their count: "it happened by then". More: a heat strip of events per
    type and month (or year) of their date. Dates far outside the publication period
    (before 1900, 30 years before the first article, 10 after the last) are left out,
    the title says how many.
    """
    _need(len(timeline), "the timeline is empty: no reported events")
    timeline, kept = _by_modality(timeline, modalities)
    _need(len(timeline), f"no event is {' / '.join(modalities or [])}{kept}")
    events = _event_frame(timeline)
    _need(len(events), "no event has a date (no time expression and no publication date)")
    # an event no words date is drawn at its publication (``until``): it happened by then
    by_publication = ~_dated_by_text(events)
    events["begin"] = np.where(by_publication, events["until"], events["begin"])
    published = timeline["published"] if "published" in timeline else events["begin"]
    events, note = _in_window(events, published)
    note = kept + note
    _need(len(events), "every event is dated far outside the publication period" + note)
    by_text = _dated_by_text(events)
    dated = events[by_text]
    undated = _undated_groups(events[~by_text])
    if len(dated) + len(undated) <= max_items:
        # shorter labels pack more items into a lane before the chart gives up on detail
        for chars in (label_chars, max(label_chars // 2, 8)):
            lanes = _timeline_lanes(dated, undated, chars)
            if sum(h for _, h, _ in lanes) <= MAX_ROWS:
                return _timeline_detail(dated, undated, lanes, title + note, chars)
    if not len(dated):  # only publication dates: draw those
        by_publication = events.assign(until=events["begin"])
        return _timeline_heat(by_publication, 0, title + note, "dated by publication")
    return _timeline_heat(dated, len(events) - len(dated), title + note)


def _span_days(dated: pd.DataFrame, undated: pd.DataFrame) -> tuple[float, float, float]:
    lo = np.nanmin(np.concatenate([_num(dated["begin"]), _num(undated["begin"])]))
    hi = np.nanmax(np.concatenate([_num(dated["until"]), _num(undated["begin"])]))
    return float(lo), float(hi), max(float(hi - lo), 30.0)


def _timeline_lanes(dated: pd.DataFrame, undated: pd.DataFrame, label_chars: int) -> list:
    """Per event type (earliest first): its items with their sub-row, and its height."""
    label_days = _span_days(dated, undated)[2] * label_chars / 140
    items = pd.concat(
        [
            dated.assign(kind="dated", x0=_num(dated["begin"]), x1=_num(dated["until"])),
            undated.assign(kind="undated", x0=_num(undated["begin"]), x1=_num(undated["begin"])),
        ],
        ignore_index=True,
    )
    items["stop"] = items["x1"] + np.where(items["kind"] == "dated", label_days, label_days / 4)
    order = items.groupby("event")["x0"].min().sort_values().index
    lanes = []
    for ev in order:
        sub = items[items["event"] == ev].sort_values("x0")
        rows = _pack(list(zip(sub["x0"], sub["stop"], strict=True)))
        lanes.append((ev, max(rows) + 1, list(zip(sub.itertuples(), rows, strict=True))))
    return lanes


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


def _draw_timeline_item(ax, r, y: float, colour: str, dx: float) -> None:
    if r.kind == "undated":
        ax.scatter(
            [r.x0],
            [y],
            s=28 + 8 * min(int(r.n), 20),
            facecolor="white",
            edgecolor=colour,
            lw=1.5,
            zorder=3,
        )
        ax.text(r.x0 + dx, y, f"×{int(r.n)}", va="center", fontsize=7, color=colour)
        return
    if r.x1 > r.x0:
        ax.barh(y, r.x1 - r.x0 + 1, left=r.x0, height=0.55, color=colour, alpha=0.55)
    else:
        ax.scatter([r.x0], [y], s=36, color=colour, zorder=3)
    ax.text(r.x1 + dx, y, _tick(r.time_text, 28), va="center", fontsize=7)


def _timeline_detail(dated, undated, lanes: list, title: str, label_chars: int) -> Figure:
    lo, hi, span = _span_days(dated, undated)
    colours = category_colours(pd.concat([dated["outlet"], undated["outlet"]]))
    total = sum(h for _, h, _ in lanes)
    fig, ax = _figure(13, _rows_height(total, 0.32, 1.9))
    y0 = 0.0
    ticks, names = [], []
    for ev, height, items in lanes:
        ticks.append(y0 + (height - 1) / 2)
        names.append(_tick(str(ev).replace("_", " ")))
        for r, k in items:
            _draw_timeline_item(ax, r, y0 + k, colours[r.outlet], span / 150)
        y0 += height
        ax.axhline(y0 - 0.5, color="#dddddd", lw=0.6)
    ax.set_yticks(ticks, names)
    ax.set_ylim(y0 - 0.5, -0.7)
    ax.set_xlim(lo - span * 0.02, hi + span * label_chars / 140 * 1.2)
    _date_axis(ax.xaxis)
    ax.set_xlabel("when the event is said to have happened")
    ax.set_ylabel("event")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    handles = _colour_handles(colours)
    handles.append(
        _marker("no time given: by publication (×count)", "white", markeredgecolor="#555")
    )
    _legend(ax, handles, title="reported through")
    return fig


def _periods(dates: pd.Series) -> tuple[pd.PeriodIndex, str]:
    """Periods of a heat strip or bar chart: days, weeks, months or years by the span."""
    span = (dates.max() - dates.min()).days
    steps = (("D", "day", 45), ("W", "week", 270), ("M", "month", 6 * 366))
    freq, unit = next(((f, u) for f, u, limit in steps if span <= limit), ("Y", "year"))
    return pd.period_range(dates.min().to_period(freq), dates.max().to_period(freq)), unit


def _period_edges(periods: pd.PeriodIndex) -> np.ndarray:
    starts = _num(periods.start_time)
    return np.append(starts, _num([periods[-1].end_time.normalize() + pd.Timedelta(days=1)]))


def _heat_table(dated: pd.DataFrame) -> tuple[pd.DataFrame, pd.PeriodIndex, str]:
    """Dated events per type (most first) and period of the middle of their interval."""
    begin, until = _dates(dated["begin"]), _dates(dated["until"])
    mid = begin + (until - begin) / 2
    periods, unit = _periods(mid)
    table = pd.crosstab(dated["event"].astype(str).to_numpy(), mid.dt.to_period(periods.freq))
    table = table.reindex(columns=periods, fill_value=0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index[:MAX_ROWS]], periods, unit


def _count_norm(top: float):
    from matplotlib.colors import LogNorm, Normalize

    return Normalize(vmin=0, vmax=max(top, 1)) if top <= 20 else LogNorm(vmin=1, vmax=top)


def _timeline_heat(dated: pd.DataFrame, n_undated: int, title: str, what: str = "dated") -> Figure:
    from matplotlib.ticker import FuncFormatter, NullFormatter

    table, periods, unit = _heat_table(dated)
    fig, ax = _figure(13, _rows_height(len(table), 0.42, 2.2))
    counts = np.ma.masked_equal(table.to_numpy(dtype=float), 0)
    edges = _period_edges(periods)
    norm = _count_norm(float(counts.max()))
    mesh = ax.pcolormesh(edges, np.arange(len(table) + 1), counts, cmap="YlGnBu", norm=norm)
    if counts.shape[1] <= 40:  # the number in each cell
        for (i, j), v in np.ndenumerate(table.to_numpy()):
            if v:
                dark = norm(v) > 0.6
                ax.text(
                    (edges[j] + edges[j + 1]) / 2,
                    i + 0.5,
                    f"{v:,}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "#333333",
                )
    names = [count_label(str(e).replace("_", " "), table.loc[e].sum()) for e in table.index]
    ax.set_yticks(np.arange(len(table)) + 0.5, names)
    ax.set_ylim(len(table), 0)
    _date_axis(ax.xaxis)
    ax.grid(False)
    ax.set_xlabel(f"{unit} the event is said to have happened (the middle of its interval)")
    ax.set_ylabel(f"event ({what} events)")
    undated = f"; {n_undated:,} with no time of their own not shown" if n_undated else ""
    ax.set_title(f"{title}\n{len(dated):,} {what} events per type and {unit}{undated}", fontsize=12)
    bar = fig.colorbar(mesh, ax=ax, label="events", pad=0.01, fraction=0.03)
    bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0, 0, 1, 1
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    bar.ax.yaxis.set_minor_formatter(NullFormatter())
    return fig


@_chart
def plot_reported_vs_published(
    timeline: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    annotate_max: int = 12,
    detail_max: int = 300,
    modalities: Sequence[str] | None = ("asserted",),
) -> Figure:
    """When each article appeared (x) against when the events it dates happened (y).

    ``modalities``: the events drawn, as in :func:`plot_timeline`.

    Up to ``detail_max`` events: the interval as an error bar, and up to
    ``annotate_max`` articles named at the top; more: one dot per event (the middle of
    its interval), no labels. Dates far outside the publication period are left out.
    """
    _need(len(timeline), "the timeline is empty: no reported events")
    _need("published" in timeline, "the timeline has no publication dates")
    timeline, kept = _by_modality(timeline, modalities)
    dated = _event_frame(timeline[_dated_by_text(timeline)])
    dated = dated.assign(published=_dates(dated["published"]).to_numpy()).dropna(
        subset=["published"]
    )
    _need(len(dated), "no event is dated by a time expression in an article with a date")
    dated, note = _in_window(dated, dated["published"])
    _need(len(dated), "every dated event lies far outside the publication period" + note)
    dated = dated.assign(
        x=_num(dated["published"]), y0=_num(dated["begin"]), y1=_num(dated["until"])
    )
    colours = category_colours(dated["outlet"])
    fig, ax = _figure(10, 6.4)
    articles = sorted(dated["article_id"].unique())
    span = max(float(dated["x"].max() - dated["x"].min()), 1.0)
    if len(dated) <= detail_max:
        offsets = _article_offsets(articles, span) if len(articles) <= 60 else {}
        _draw_intervals(ax, dated, colours, offsets)
        if len(articles) <= annotate_max:
            _name_articles(ax, dated, articles, offsets, labels)
    else:
        mid = (dated["y0"] + dated["y1"]) / 2
        for outlet, colour in reversed(list(colours.items())):
            sub = dated["outlet"] == outlet
            ax.scatter(dated.loc[sub, "x"], mid[sub], s=8, color=colour, alpha=0.45, lw=0)
    lo = min(dated["y0"].min(), dated["x"].min())
    hi = max(dated["y1"].max(), dated["x"].max())
    ax.plot([lo, hi], [lo, hi], color="#999999", ls="--", lw=1)
    ax.set_xlim(dated["x"].min() - span * 0.12 - 0.5, dated["x"].max() + span * 0.12 + 0.5)
    _date_axis(ax.xaxis)
    _date_axis(ax.yaxis)
    ax.set_xlabel("article published")
    ax.set_ylabel("event said to have happened (interval)")
    note = "\n" + note.strip(" ()") if note else ""
    what = f"{' / '.join(modalities)} " if modalities is not None and kept else ""
    ax.set_title(f"How far back the reports reach ({len(dated):,} dated {what}events){note}")
    handles = _colour_handles(colours, marker="o")
    handles.append(Line2D([0], [0], color="#999999", ls="--", label="same day as publication"))
    _legend(ax, handles, title="reported through")
    return fig


def _article_offsets(articles: list, span: float) -> dict:
    return {a: span / 80 * (i % 5 - 2) for i, a in enumerate(articles)}


def _draw_intervals(ax, dated: pd.DataFrame, colours: Mapping, offsets: Mapping) -> None:
    x = dated["x"] + dated["article_id"].map(offsets).fillna(0.0)
    mid = (dated["y0"] + dated["y1"]) / 2
    for outlet, colour in colours.items():
        sub = (dated["outlet"] == outlet).to_numpy()
        if not sub.any():
            continue
        err = np.vstack([(mid - dated["y0"])[sub], (dated["y1"] - mid)[sub]])
        ax.errorbar(x[sub], mid[sub], yerr=err, fmt="o", color=colour, ms=5, capsize=3, alpha=0.8)


def _name_articles(ax, dated, articles, offsets, labels) -> None:
    top = max(dated["y1"].max(), dated["x"].max())
    pubs = dated.groupby("article_id")["x"].first()
    short = short_ids(articles)
    for a in articles:
        name = str((labels or {}).get(a) or short[a]).split(" · ")[0]
        ax.annotate(
            _tick(name, 14),
            (pubs[a] + offsets.get(a, 0.0), top),
            xytext=(0, 4),
            textcoords="offset points",
            rotation=90,
            fontsize=7,
            va="bottom",
            ha="center",
            color="#555555",
        )


# ---------------------------------------------------------------- articles per period


@_chart
def plot_articles_per_month(
    articles: pd.DataFrame, *, by: str = "publisher", top: int = 10
) -> Figure:
    """Stacked bars of articles per month (per day or week for spans under 45 or 270
    days, per year over six years) by ``by`` (the outlet): the ``top`` outlets in
    colour, the rest as «other»; one series «all articles» without that column."""
    _need(len(articles), "the corpus is empty")
    dates = _dates(articles["published"]) if "published" in articles else _dates([])
    _need(dates.notna().any(), "no article has a publication date")
    groups = _groups(articles, by).to_numpy()
    ok = dates.notna().to_numpy()
    dates, groups = dates[ok].reset_index(drop=True), pd.Series(groups[ok])
    periods, unit = _periods(dates)
    table = pd.crosstab(dates.dt.to_period(periods.freq).to_numpy(), groups.to_numpy())
    table = table.reindex(index=periods, fill_value=0)
    colours = category_colours(groups, top=top)
    stacked = _fold_columns(table, colours)
    fig, ax = _figure(12, 5.2)
    _period_bars(ax, stacked, _period_edges(periods), colours)
    ax.set_ylabel(f"articles per {unit}")
    shown = _of(sum(c != OTHER_COLOUR for c in colours.values()), len(colours), f"{by}s")
    missing = f", {int((~ok).sum()):,} without a date" if (~ok).sum() else ""
    split = f" by {by}" if len(stacked.columns) > 1 else ""
    note = f"{int(ok.sum()):,} articles{missing}" + shown.replace(" (", "; ").rstrip(")")
    ax.set_title(f"Articles per {unit}{split} ({note})")
    if len(stacked.columns) > 1:
        handles, names = ax.get_legend_handles_labels()
        ax.legend(
            handles[::-1],
            names[::-1],
            title=by,
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            borderaxespad=0,
            fontsize=8,
        )
    return fig


def _period_bars(ax, stacked: pd.DataFrame, edges: np.ndarray, colours: Mapping) -> None:
    """Stacked bars, one per period between ``edges`` (date numbers)."""
    bottom = np.zeros(len(stacked))
    for col in stacked.columns:
        vals = stacked[col].to_numpy(dtype=float)
        ax.bar(
            edges[:-1],
            vals,
            width=np.diff(edges) * 0.85,
            bottom=bottom,
            align="edge",
            color=colours.get(col, OTHER_COLOUR),
            label=_tick(col, 30),
        )
        bottom += vals
    _date_axis(ax.xaxis)
    ax.set_xlabel("publication date")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)


def _groups(articles: pd.DataFrame, by: str) -> pd.Series:
    """The column to stack by, «all articles» when it is absent or empty."""
    if by not in articles:
        return pd.Series("all articles", index=articles.index)
    col = articles[by].astype("object")
    known = col.notna() & (col.astype(str).str.strip() != "")
    if not known.any():
        return pd.Series("all articles", index=articles.index)
    return col.where(known, f"(no {by})").astype(str)


def _fold_columns(table: pd.DataFrame, colours: Mapping[str, str]) -> pd.DataFrame:
    """Columns in colour order (most frequent first), the grey ones summed as «other»."""
    kept = [c for c, col in colours.items() if col != OTHER_COLOUR and c in table.columns]
    out = table[kept].copy()
    rest = [c for c in table.columns if c not in kept]
    if rest:
        out[f"other ({len(rest):,})"] = table[rest].sum(axis=1)
    return out


# ---------------------------------------------------------------- figures

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
#: A white outline that keeps a label readable over points and bars.
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white", alpha=0.9)]
#: The outlet of a figure without source or ``via``, and its colour (not a category's).
NO_OUTLET = "(no outlet named)"
NO_OUTLET_COLOUR = "#5a5a5a"
#: Counted classes left out of :func:`plot_figures` unless asked for.
FIGURE_SKIP = ("unknown", "age", "duration", "percent")


def _figure_points(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures with a publication date and a positive, finite value; ``low`` / ``high``
    not positive and finite are open ends (NaN); ``x`` the date as a day number."""
    df = figures.copy()
    df["published"] = _dates(df["published"]).to_numpy()
    for col in ("value", "low", "high"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df = df[df["published"].notna() & np.isfinite(df["value"]) & (df["value"] > 0)]
    for col in ("low", "high"):
        df[col] = df[col].where(np.isfinite(df[col]) & (df[col] > 0))
    none = pd.Series(None, index=df.index, dtype="object")
    via = df["via"].astype("object") if "via" in df else none
    pub = df["publisher"].astype("object") if "publisher" in df else none
    src = df["source"].astype("object") if "source" in df else none
    via = via.where(via.notna() & (via != ""), pub)  # the outlet: via, else the publisher
    df["outlet"] = via.where(via.notna() & (via != ""), NO_OUTLET).astype(str)
    df["source"] = src.fillna("").astype(str)
    df["hedge"] = df["hedge"].fillna("exact").astype(str) if "hedge" in df else "exact"
    df["x"] = _num(df["published"])
    return df


@_chart
def plot_figures(
    figures: pd.DataFrame,
    *,
    classes: Iterable[str] | None = None,
    max_panels: int = 6,
    annotate: bool = True,
    max_labels: int = 8,
) -> Figure:
    """Reported figures over time: one panel per counted class, log-scaled values.

    x: the article's publication date; y: the value, with the interval as an error
    bar (an open end — «أكثر من», «ما يصل إلى» — as an arrow when a panel has few
    points). Markers show the hedge, colours the outlet the figure came through (top
    ten); up to ``max_labels`` points per panel — the most repeated values, then the
    largest — are labelled with their source. At most ``max_panels`` (≤ 6) panels.
    """
    _need(len(figures), "no reported figures")
    _need({"value", "published"} <= set(figures.columns), "the figures have no values or dates")
    df = _figure_points(figures)
    _need(len(df), "no figure has both a positive value and a publication date")
    if classes is None:
        counts = df.loc[~df["counted_class"].isin(FIGURE_SKIP), "counted_class"].value_counts()
        classes = list(counts.index)
    classes = [c for c in dict.fromkeys(classes) if (df["counted_class"] == c).any()]
    _need(classes, "no figure of a class to draw (all are unknown, ages, durations or percents)")
    total = len(classes)
    classes = classes[: max(1, min(max_panels, 6))]
    df = df[df["counted_class"].isin(classes)]
    colours = {NO_OUTLET: NO_OUTLET_COLOUR} if (df["outlet"] == NO_OUTLET).any() else {}
    colours |= category_colours(df.loc[df["outlet"] != NO_OUTLET, "outlet"])
    ncols = min(2, len(classes))
    nrows = math.ceil(len(classes) / ncols)
    fig, axes = _figure(7.2 * ncols, 3.6 * nrows + 0.8, nrows=nrows, ncols=ncols, squeeze=False)
    pad = max((df["x"].max() - df["x"].min()) * 0.06, 1.0)
    texts = {}
    for ax, klass in zip(axes.flat, classes, strict=False):
        sub = df[df["counted_class"] == klass]
        texts[ax] = _figure_panel(ax, sub, colours, annotate, max_labels, pad)
        ax.set_xlim(df["x"].min() - pad, df["x"].max() + pad * 1.5)
    for ax in list(axes.flat)[len(classes) :]:
        ax.set_visible(False)
    _figure_legend(fig, colours, df)
    what = _of(len(classes), total, "classes")
    fig.suptitle(
        f"Reported figures by publication date (log scale; bars: the interval){what}",
        fontweight="bold",
    )
    fig.tight_layout()
    for ax, labels in texts.items():
        _spread_labels(ax, labels)
    return fig


def _jitter(sub: pd.DataFrame, pad: float) -> np.ndarray:
    if len(sub) > 200:
        return np.zeros(len(sub))
    return (sub.groupby("published").cumcount() % 6).to_numpy() * (pad / 6)


def _figure_panel(ax, sub: pd.DataFrame, colours, annotate: bool, max_labels: int, pad: float):
    """One counted class: points, intervals, open ends, a few labels (returned)."""
    sub = sub.sort_values("published").assign(xj=lambda d: d["x"] + _jitter(d, pad))
    lo = sub["low"].fillna(sub["value"])
    hi = sub["high"].fillna(sub["value"])
    has = hi > lo
    cols = sub["outlet"].map(colours).fillna(OTHER_COLOUR)
    ax.vlines(sub["xj"][has], lo[has], hi[has], colors=cols[has], lw=2, alpha=0.5)
    for hedge, marker in HEDGE_MARKERS.items():
        m = (sub["hedge"] == hedge).to_numpy()
        if m.any():
            ax.scatter(
                sub["xj"][m],
                sub["value"][m],
                marker=marker,
                s=40 if len(sub) < 300 else 14,
                c=list(cols[m]),
                zorder=3,
                edgecolor="white",
                lw=0.5,
            )
    if len(sub) <= 60:
        _open_ends(ax, sub, cols)
    unit = sub["unit"].dropna().astype(str)
    unit = unit[unit != ""].mode()
    _log_axis(ax.yaxis)
    ax.set_title(count_label(str(sub["counted_class"].iloc[0]).replace("_", " "), len(sub)))
    ax.set_ylabel(f"value ({unit.iloc[0]})" if len(unit) else "value")
    ax.set_xlabel("article published")
    _date_axis(ax.xaxis)
    return _label_figures(ax, sub, max_labels) if annotate else []


def compact_number(v: float) -> str:
    """1,500 → «1.5k», 2,000,000 → «2M», 3e9 → «3bn», 4e12 → «4tn»; small ones as
    they are."""
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= scale:
            return f"{v / scale:.3g}{suffix}"
    return f"{v:.3g}"


def _log_axis(axis) -> None:
    """A log axis labelled with plain numbers (1k, 2M …), not 10^n."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax = axis.axes
    ax.set_yscale("log") if axis.axis_name == "y" else ax.set_xscale("log")
    plain = FuncFormatter(lambda v, _: compact_number(v))
    axis.set_major_formatter(plain)
    lo, hi = ax.get_ylim() if axis.axis_name == "y" else ax.get_xlim()
    if lo > 0 and hi / lo < 100:  # two decades or less: label 2× and 5× too
        axis.set_minor_formatter(FuncFormatter(lambda v, _: _two_five(v)))
    else:
        axis.set_minor_formatter(NullFormatter())


def _two_five(v: float) -> str:
    lead = f"{v:.0e}"[0]
    return compact_number(v) if lead in "25" else ""


def _open_ends(ax, sub: pd.DataFrame, cols: pd.Series) -> None:
    for (_, r), colour in zip(sub.iterrows(), cols, strict=True):
        for missing, factor in (("high", 2.2), ("low", 1 / 2.2)):
            if pd.isna(r[missing]):
                ax.annotate(
                    "",
                    (r["xj"], r["value"] * factor),
                    (r["xj"], r["value"]),
                    arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.2},
                )


def _label_figures(ax, sub: pd.DataFrame, max_labels: int) -> list:
    """Texts at the most repeated values (then the largest), one per source and value,
    none too close to another (so that they can be read)."""
    repeats = sub.groupby("value")["article_id"].transform("nunique")
    ranked = sub.assign(repeats=repeats, name=sub["source"].str.strip())
    ranked = ranked[ranked["name"] != ""].sort_values(["repeats", "value"], ascending=False)
    ranked = ranked.drop_duplicates(["name", "value"])
    ly = np.log10(ranked["value"].to_numpy())
    xs = ranked["xj"].to_numpy()
    gap_y = max((np.log10(sub["value"].max()) - np.log10(sub["value"].min())) / 10, 0.12)
    gap_x = max(float(sub["xj"].max() - sub["xj"].min()) * 0.3, 1e-9)
    chosen: list[int] = []
    for i in range(len(ranked)):
        if len(chosen) >= max_labels:
            break
        if all(abs(ly[i] - ly[j]) >= gap_y or abs(xs[i] - xs[j]) >= gap_x for j in chosen):
            chosen.append(i)
    return [
        ax.text(
            r.xj,
            r.value,
            _tick(r.name, 24),
            fontsize=7,
            color="#222222",
            zorder=4,
            path_effects=HALO,
        )
        for r in ranked.iloc[chosen].itertuples()
    ]


def _spread_labels(ax, texts: list) -> None:
    """Move labels apart (adjustText), with a thin line back to their point."""
    if len(texts) < 2:
        return
    try:
        from adjustText import adjust_text
    except ImportError:  # labels stay at their points
        return
    adjust_text(
        texts, ax=ax, arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5}, time_lim=0.8
    )


def _figure_legend(fig: Figure, colours: Mapping, df: pd.DataFrame) -> None:
    handles = _colour_handles(colours)
    handles += [
        Line2D([0], [0], marker=m, color="#555555", ls="", markersize=7, label=h.replace("_", " "))
        for h, m in HEDGE_MARKERS.items()
        if h in set(df["hedge"])
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 0.95),
        fontsize=8,
        title="outlet · hedge",
    )
