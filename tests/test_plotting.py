import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from PIL import Image

import corpus_tools as ct
from corpus_tools.report import plotting

#: The most pixels a saved chart may have along either side (savefig dpi 150).
MAX_PX = 2600


@pytest.fixture(autouse=True)
def _style_and_close():
    plotting.use_style()
    yield
    plt.close("all")


def test_probe_matches_what_matplotlib_does():
    # matplotlib >= 3.11 lays out text with libraqm and shapes Arabic itself.
    expected = tuple(int(x) for x in mpl.__version__.split(".")[:2]) >= (3, 11)
    assert plotting.renderer_shapes_arabic() is expected


def test_ar_leaves_text_alone_where_the_renderer_shapes(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: True)
    assert plotting.ar("صحيفة الغارديان") == "صحيفة الغارديان"


def test_ar_reshapes_and_reorders_where_it_does_not(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: False)
    out = plotting.ar("لا")
    assert out == "\ufefb"  # the lam-alef ligature, in display order
    assert plotting.ar("Guardian 2017") == "Guardian 2017"
    assert plotting.ar("\u2068لا\u2069") == "\ufefb"  # isolates are dropped there


def test_style_uses_a_font_with_arabic_glyphs():
    assert mpl.rcParams["font.family"][-1] == "DejaVu Sans"


# ------------------------------------------------------------------ bidi and «$»


def _drawn(text) -> tuple[str, object]:
    """What matplotlib draws for a Text: the string after mathtext preprocessing, and
    whether it is read as mathtext."""
    return text._preprocess_math(text.get_text())


def test_a_dollar_in_a_label_draws_literally():
    fig, ax = plt.subplots()
    label = plotting.ar("Fund $5 and $10")
    text = ax.text(0, 0, label)
    fig.canvas.draw()
    assert _drawn(text) == ("Fund $5 and $10", False)
    count = ax.text(0, 1, plotting.count_label("$ Media $", 3))
    fig.canvas.draw()
    shown, math = _drawn(count)
    assert math is False and "$ Media $" in shown


def test_a_dollar_in_a_publisher_name_draws_literally_in_a_chart():
    attrs = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "source": ["$Cash$ Daily", "$Cash$ Daily"],
            "source_type": ["media", "media"],
            "speech": ["direct", "indirect"],
            "via": [None, None],
        }
    )
    fig = plotting.plot_sources(attrs)
    fig.canvas.draw()
    ticks = fig.axes[0].get_yticklabels()
    assert [_drawn(t) for t in ticks] == [("$Cash$ Daily", False)]


def test_log_axes_still_label_their_ticks():
    figures = _synthetic(200)["figures"]
    fig = plotting.plot_figures(figures)
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert labels and not any("mathdefault" in t for t in labels)


def test_bidi_label_isolates_each_part_in_the_first_parts_direction(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: True)
    lri, rli, fsi, pdi = "\u2066", "\u2067", "\u2068", "\u2069"
    assert (
        plotting.count_label("Sky News عربية", 12)
        == f"{lri}{fsi}Sky News عربية{pdi} {fsi}(12){pdi}{pdi}"
    )
    assert plotting.count_label("وزارة الداخلية", 12).startswith(rli)
    tick = plotting._article_tick("snn3000-000123 · عنوان الخبر")
    assert tick == f"{rli}{fsi}snn3000-000123{pdi} · {fsi}عنوان الخبر{pdi}{pdi}"


def test_bidi_label_reorders_parts_itself_on_older_renderers(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: False)
    assert plotting.count_label("Guardian", 3) == "Guardian (3)"
    out = plotting.count_label("لا", 3)
    assert out == "(3) \ufefb"  # the count at the end of a right-to-left name: its left


def test_mixed_labels_lay_out_in_reading_order():
    """The glyphs of «Sky News عربية (12)» as libraqm places them, left to right."""
    if not plotting.renderer_shapes_arabic():
        pytest.skip("renderer without bidi")
    from matplotlib import font_manager
    from matplotlib.ft2font import LoadFlags

    font = font_manager.get_font(font_manager.findfont("DejaVu Sans"))
    font.set_size(12, 72)

    def visual(s: str) -> str:
        items = sorted(font._layout(s, LoadFlags.NO_HINTING), key=lambda it: it.x)
        return "".join(i.char for i in items if i.char not in plotting.BIDI_CONTROLS)

    assert visual("Sky News عربية (12)") == "Sky News )12( ةيبرع"  # the count inside: wrong
    assert visual(plotting.count_label("Sky News عربية", 12)) == "Sky News ةيبرع (12)"
    tick = plotting._article_tick("snn3000-000123 · عنوان…")
    assert visual(tick) == "…ناونع · snn3000-000123"  # id by the axis, «…» at the end


# ------------------------------------------------------------------ colours, labels


def test_category_colours_are_distinct_for_the_top_and_grey_for_the_rest():
    values = [f"outlet {i}" for i in range(15) for _ in range(20 - i)]
    colours = plotting.category_colours(values, top=10)
    top = [colours[f"outlet {i}"] for i in range(10)]
    assert len(set(top)) == 10 and plotting.OTHER_COLOUR not in top
    assert {colours[f"outlet {i}"] for i in range(10, 15)} == {plotting.OTHER_COLOUR}
    entries = plotting.legend_entries(colours)
    assert len(entries) == 11 and entries[-1] == ("other (5)", plotting.OTHER_COLOUR)
    assert plotting.category_colours(["a", None, np.nan]) == {"a": plotting.PALETTE[0]}


def test_article_labels_are_unique_and_keep_the_distinguishing_part():
    ids = [f"snn3000-{i:06d}" for i in range(3000)]
    arts = pd.DataFrame(
        {"article_id": ids, "text": ["نص"] * 3000, "headline": ["عنوان الخبر"] * 3000}
    )
    labels = plotting.article_labels(arts)
    assert len(set(labels.values())) == 3000
    assert labels["snn3000-000123"] == "000123 · عنوان الخبر"
    dev = ["dev_ant_01_janes", "dev_ant_02_lawyers", "dev_snn_01_court"]
    assert plotting.short_ids(dev) == dict(zip(dev, ["ant_01", "ant_02", "snn"], strict=True))
    seeds = ["000_11c30f5e", "001_4822fe9b"]
    assert plotting.short_ids(seeds) == {"000_11c30f5e": "000", "001_4822fe9b": "001"}
    mixed = ["a_1", "a_2", "b"]
    assert len(set(plotting.short_ids(mixed).values())) == 3


def test_shorten_cuts_long_labels_with_an_ellipsis():
    assert plotting.shorten("x" * 100, 20) == "x" * 19 + "…"
    assert plotting.shorten("short") == "short"
    assert plotting.shorten(None) == ""


# ------------------------------------------------------------------ synthetic tables


def _synthetic(n: int = 5000, unit: str = "ns", seed: int = 0) -> dict:
    """Tables of the pipeline's shape with ``n`` rows each, dates in ``unit``."""
    rng = np.random.default_rng(seed)
    n_art = max(n // 3, 2)
    aids = [f"gen-{i:06d}" for i in range(n_art)]
    pubs = [f"outlet {i}" for i in range(25)]
    published = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 700, n_art), "D")
    articles = pd.DataFrame(
        {
            "article_id": aids,
            "publisher": rng.choice(pubs, n_art),
            "relays": None,
            "published": published.astype(f"datetime64[{unit}]"),
            "headline": [f"عنوان رقم {i} عن الخبر" for i in range(n_art)],
            "text": "نص",
        }
    )
    art = rng.choice(aids, n)
    pub_of = dict(zip(aids, articles["published"], strict=True))
    types = ["official", "media", "anonymous", "unknown", "government", "estimate"]
    attrs = pd.DataFrame(
        {
            "article_id": art,
            "source": [f"source {k}" for k in rng.integers(0, 900, n)],
            "source_type": rng.choice(types, n),
            "speech": rng.choice(["direct", "indirect", "mixed"], n),
            "via": np.where(
                rng.random(n) < 0.4, rng.choice(["Reuters", "AFP", "SPA", "BBC"], n), None
            ),
        }
    )
    begin = pd.Series([pub_of[a] for a in art]) - pd.to_timedelta(rng.integers(0, 4000, n), "D")
    until = begin + pd.to_timedelta(rng.integers(0, 60, n), "D")
    timeline = pd.DataFrame(
        {
            "article_id": art,
            "event": rng.choice(["fled", "killed", "returned", "joined"], n),
            "begin": begin.astype(f"datetime64[{unit}]"),
            "until": until.astype(f"datetime64[{unit}]"),
            "dated_by": rng.choice(["expression", "publication"], n),
            "time_text": "الشهر الماضي",
            "outlet": rng.choice(pubs, n),
            "published": [pub_of[a] for a in art],
        }
    )
    timeline["published"] = timeline["published"].astype(f"datetime64[{unit}]")
    value = np.exp(rng.uniform(0, 12, n))
    figures = pd.DataFrame(
        {
            "article_id": art,
            "value": value,
            "low": value * 0.9,
            "high": np.where(rng.random(n) < 0.2, np.nan, value * 1.1),
            "hedge": rng.choice(list(plotting.HEDGE_MARKERS), n),
            "unit": "person",
            "counted_class": rng.choice(
                ["fighters", "persons", "killed", "citizens", "a", "b", "c"], n
            ),
            "source": attrs["source"],
            "via": attrs["via"],
            "published": timeline["published"],
        }
    )
    summary = pd.DataFrame(
        {
            "article_id": art,
            "kind": rng.choice(["repeat", "dateline", "nbsp"], n),
            "n_changes": 1,
            "chars_removed": rng.integers(1, 500, n),
        }
    )
    lengths = pd.DataFrame({"article_id": aids, "raw_chars": rng.integers(100, 9000, n_art)})
    lengths["clean_chars"] = (lengths["raw_chars"] * 0.9).astype("int64")
    counts = pd.DataFrame(
        {
            "label": rng.choice(["ORG", "LOC", "PER", "MEDIA"], n),
            "canonical": [f"entity number {i} with a long name" for i in range(n)],
            "mentions": rng.integers(1, 300, n),
            "articles": rng.integers(1, 50, n),
        }
    )
    chains = ct.attribution_chains(articles, attrs)
    return {
        "articles": articles,
        "attributions": attrs,
        "timeline": timeline,
        "figures": figures,
        "summary": summary,
        "lengths": lengths,
        "counts": counts,
        "profile": ct.citation_profile(attrs),
        "graph": ct.chain_graph(chains, attrs),
    }


CHARTS = {
    "plot_cleaning_changes": ("summary", {}),
    "plot_lengths": ("lengths", {}),
    "plot_top_entities": ("counts", {}),
    "plot_sources": ("attributions", {}),
    "plot_citation_profile": ("profile", {}),
    "plot_source_types_by_outlet": ("attributions", {}),
    "plot_chain_graph": ("graph", {}),
    "plot_timeline": ("timeline", {}),
    "plot_reported_vs_published": ("timeline", {}),
    "plot_figures": ("figures", {}),
    "plot_articles_per_month": ("articles", {}),
}


@pytest.fixture(scope="module")
def big():
    return _synthetic(5000)


def _pixels(fig) -> tuple[int, int]:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return Image.open(buf).size


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_stays_within_bounds_at_5000_rows(big, name):
    table, kwargs = CHARTS[name]
    fig = getattr(plotting, name)(big[table], **kwargs)
    w, h = _pixels(fig)
    assert w <= MAX_PX and h <= MAX_PX, (w, h)
    assert any(ax.get_title() for ax in fig.axes) or fig._suptitle is not None


def _empty(name: str, tables: dict):
    table = CHARTS[name][0]
    return nx.DiGraph() if table == "graph" else tables[table].iloc[0:0]


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_says_why_when_there_is_nothing_to_draw(name):
    tables = _synthetic(30)
    with pytest.raises(plotting.NoData) as err:
        getattr(plotting, name)(_empty(name, tables))
    reason = str(err.value)
    assert reason and "\n" not in reason and not reason.startswith("Traceback")


def test_nan_only_inputs_raise_no_data():
    t = _synthetic(30)
    timeline = t["timeline"].assign(begin=pd.NaT, until=pd.NaT)
    for fn in (plotting.plot_timeline, plotting.plot_reported_vs_published):
        with pytest.raises(plotting.NoData):
            fn(timeline)
    with pytest.raises(plotting.NoData, match="publication date"):
        plotting.plot_articles_per_month(t["articles"].assign(published=pd.NaT))
    with pytest.raises(plotting.NoData, match="positive"):
        plotting.plot_figures(t["figures"].assign(value=np.nan))
    with pytest.raises(plotting.NoData):
        plotting.plot_figures(t["figures"].assign(value=-1.0))
    with pytest.raises(plotting.NoData):
        plotting.plot_figures(t["figures"].assign(value=np.inf))
    with pytest.raises(plotting.NoData, match="class"):
        plotting.plot_figures(t["figures"].assign(counted_class="unknown"))
    with pytest.raises(plotting.NoData):
        plotting.plot_lengths(t["lengths"].assign(raw_chars=np.nan, clean_chars=np.nan))
    with pytest.raises(plotting.NoData):
        plotting.plot_cleaning_changes(t["summary"].assign(kind="whitespace"))
    with pytest.raises(plotting.NoData):
        plotting.plot_top_entities(t["counts"], labels=("NORP",))


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("unit", ["ns", "s"])
def test_date_charts_work_with_any_datetime_unit(unit):
    t = _synthetic(60, unit=unit)
    assert t["timeline"]["begin"].dtype == f"datetime64[{unit}]"
    for fig in (
        plotting.plot_timeline(t["timeline"]),
        plotting.plot_reported_vs_published(t["timeline"]),
        plotting.plot_figures(t["figures"]),
        plotting.plot_articles_per_month(t["articles"]),
    ):
        assert max(_pixels(fig)) <= MAX_PX


@pytest.mark.parametrize("unit", ["ns", "s"])
def test_events_far_in_the_past_are_left_out_and_counted(unit):
    t = _synthetic(60, unit=unit)
    tl = t["timeline"].copy()
    old = pd.Series([pd.Timestamp("1715-01-01")] * 3).astype(f"datetime64[{unit}]")
    tl.loc[:2, "begin"] = old.to_numpy()
    tl.loc[:2, "until"] = old.to_numpy()
    tl.loc[:2, "dated_by"] = "expression"
    fig = plotting.plot_timeline(tl)
    assert "3 dated before" in fig.axes[0].get_title()
    fig = plotting.plot_reported_vs_published(tl)
    assert "3 dated before" in fig.axes[0].get_title()
    assert fig.axes[0].get_ylim()[0] > mpl.dates.date2num(pd.Timestamp("1900-01-01"))


def test_timeline_is_detailed_when_small_and_aggregated_when_large():
    small = _synthetic(30)["timeline"].head(20)
    fig = plotting.plot_timeline(small)
    assert "per type" not in fig.axes[0].get_title()
    big = _synthetic(2000)["timeline"]
    fig = plotting.plot_timeline(big)
    assert "per type" in fig.axes[0].get_title()


def test_timeline_draws_asserted_events_unless_asked_for_more():
    tl = _synthetic(30)["timeline"].head(20).copy()
    tl["modality"] = ["asserted"] * 15 + ["intended"] * 5
    title = plotting.plot_timeline(tl).axes[0].get_title()
    assert "asserted (5 other events left out)" in title
    title = plotting.plot_timeline(tl, modalities=None).axes[0].get_title()
    assert "left out" not in title
    fig = plotting.plot_reported_vs_published(tl)
    assert "dated asserted events" in fig.axes[0].get_title()


def test_an_event_no_words_date_is_drawn_at_its_publication_not_at_the_story_start():
    pub = pd.Timestamp("2018-05-01")
    tl = pd.DataFrame(
        {
            "event": ["returned", "killed", "fled"],
            "begin": pd.to_datetime(["2018-03-01", "2018-04-10", "2010-01-01"]),
            "until": pd.to_datetime(["2018-03-31", "2018-04-10", "2018-05-01"]),
            "dated_by": ["clause", "sentence", "publication"],
            "time_text": ["آذار الماضي", "الثلاثاء", ""],
            "outlet": "BBC",
            "published": pub,
        }
    )
    ax = plotting.plot_timeline(tl).axes[0]
    assert ax.get_xlim()[0] > mpl.dates.date2num(pd.Timestamp("2018-01-01"))
    hollow = [c for c in ax.collections if len(c.get_offsets())]
    xs = [float(c.get_offsets()[0][0]) for c in hollow]
    assert mpl.dates.date2num(pub) in xs


def test_the_seed_timeline_is_detailed(seeds):
    """Eighteen event types fit in the detailed chart with shorter labels."""
    title = plotting.plot_timeline(ct.build_timeline(seeds)).axes[0].get_title()
    assert "per type" not in title


def test_articles_per_month_without_publisher_is_one_series():
    arts = _synthetic(60)["articles"].drop(columns="publisher")
    fig = plotting.plot_articles_per_month(arts)
    assert fig.axes[0].get_legend() is None
    assert "by publisher" not in fig.axes[0].get_title()
    fig = plotting.plot_articles_per_month(_synthetic(60)["articles"], top=5)
    names = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(names) == 6 and names[0].startswith("other (")


def test_source_types_fall_back_to_the_publisher():
    t = _synthetic(60)
    fig = plotting.plot_source_types_by_outlet(t["attributions"], articles=t["articles"], top=40)
    ticks = " ".join(x.get_text() for x in fig.axes[0].get_yticklabels())
    assert "outlet " in ticks and "(publisher)" not in ticks


def test_figures_label_few_points_per_panel():
    fig = plotting.plot_figures(_synthetic(3000)["figures"], max_labels=5)
    for ax in fig.axes:
        assert len(ax.texts) <= 5


def test_chain_graph_is_folded_when_large(big):
    fig = plotting.plot_chain_graph(big["graph"])
    title = fig.axes[0].get_title()
    assert "folded" in title and "sources" in title
    assert len(fig.axes[0].texts) <= 60


@pytest.fixture
def cleaned(seeds):
    return seeds


def test_overview_charts_render_with_arabic_labels(cleaned, tmp_path):
    labels = plotting.article_labels(cleaned)
    fig = plotting.plot_cleaning_changes(ct.cleaning_summary(cleaned), labels=labels)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("الغارديان" in t for t in ticks)
    plotting.save(fig, tmp_path / "changes.png", data=ct.cleaning_summary(cleaned))
    assert (tmp_path / "changes.png").stat().st_size > 10_000
    assert (tmp_path / "changes.csv").exists()
    fig = plotting.plot_lengths(ct.length_table(cleaned), labels=labels)
    assert fig.axes[0].get_title() == "Article length before and after cleaning"


def test_a_large_timeline_without_time_expressions_is_drawn_by_publication():
    tl = _synthetic(2000)["timeline"].assign(dated_by="publication")
    fig = plotting.plot_timeline(tl)
    assert "dated by publication events" in fig.axes[0].get_title()


def test_missing_columns_raise_no_data():
    t = _synthetic(30)
    with pytest.raises(plotting.NoData):
        plotting.plot_reported_vs_published(t["timeline"].drop(columns="published"))
    with pytest.raises(plotting.NoData):
        plotting.plot_figures(t["figures"].drop(columns="published"))
