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
