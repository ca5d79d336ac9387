import pandas as pd

import corpus_tools as ct
from corpus_tools.aggregate.chains import (
    OTHER_OUTLETS,
    OTHER_PUBLISHERS,
    OTHER_SOURCES,
    top_chain_graph,
)


def _graph():
    """12 publishers with 1..12 statements each, all cited directly, plus 5 relayed
    outlets with 2..10 statements through them; every statement a different source."""
    rows = []
    for p in range(12):
        for k in range(p + 1):
            rows.append((f"a{p}-{k}", f"pub {p:02d}", None, f"src {p}-{k}"))
    for o in range(5):
        for k in range(2 * (o + 1)):
            rows.append((f"b{o}-{k}", "pub 00", f"outlet {o}", f"via-src {o}-{k}"))
    df = pd.DataFrame(rows, columns=["article_id", "publisher", "via", "source"])
    attrs = df.assign(source_type="official", speech="indirect")
    articles = df[["article_id", "publisher"]].assign(relays=None)
    return ct.chain_graph(ct.attribution_chains(articles, attrs), attrs)


def _statements(g) -> int:
    return sum(d["n"] for *_, d in g.edges(data=True))


def test_top_chain_graph_keeps_the_biggest_and_folds_the_rest():
    g = _graph()
    top = top_chain_graph(g, outlets=3, sources=2)
    publishers = {n for n, d in top.nodes(data=True) if d["role"] == "publisher"}
    assert publishers == {"pub 11", "pub 10", "pub 00", OTHER_PUBLISHERS}  # pub 00 relays 30
    outlets = {n for n, d in top.nodes(data=True) if d["role"] == "outlet"}
    assert outlets == {"outlet 4", "outlet 3", "outlet 2", OTHER_OUTLETS}
    assert top.nodes[OTHER_PUBLISHERS]["label"] == "other publishers (9)"
    assert top.nodes[OTHER_OUTLETS]["folded"] == 2
    assert top.graph["left_out"]["publishers"] == 9
    assert top.graph["left_out"]["outlets"] == 2
    kept_sources = {n for n, d in top.nodes(data=True) if d["role"] == "source"} - {OTHER_SOURCES}
    for head in ("pub 11", "outlet 4"):
        assert len(set(top.successors(head)) & kept_sources) == 2
    assert top.graph["left_out"]["sources"] == top.nodes[OTHER_SOURCES]["folded"]
    assert _statements(top) == _statements(g)  # folded, not lost
    assert {d["level"] for n, d in top.nodes(data=True) if d["role"] == "source"} == {2}


def test_top_chain_graph_leaves_a_small_graph_and_its_input_alone():
    g = _graph()
    before = (g.number_of_nodes(), g.number_of_edges())
    top = top_chain_graph(g, outlets=50, sources=50)
    assert (g.number_of_nodes(), g.number_of_edges()) == before
    assert set(top.nodes) == set(g.nodes) and top.number_of_edges() == g.number_of_edges()
    assert top.graph["left_out"] == {"publishers": 0, "outlets": 0, "sources": 0}


def test_one_alone_is_never_folded():
    g = _graph()
    top = top_chain_graph(g, outlets=11, sources=100)
    assert OTHER_PUBLISHERS not in top  # 12 publishers: folding one would save nothing
