"""Citation chains: publisher → relayed outlet → its sources, as edges and a graph.

:func:`attribution_chains` turns the attributions table (and the articles'
``publisher`` / ``relays`` metadata) into one row per edge and article:

===========  =====  =========================================================
article_id   str    the article
from, to     str    canonical names (an unnamed publisher is
                    ``"unnamed publisher (<article_id>)"``)
relation     str    ``relays`` (publisher → outlet it republishes), ``quotes``
                    (at least one statement in direct or mixed speech), ``cites``
                    (indirect speech only)
n            int64  statements along the edge in the article (0 for an edge
                    known from metadata only)
n_direct     int64  of which direct or mixed speech
basis        str    ``metadata``, ``text`` or ``metadata+text``
===========  =====  =========================================================

:func:`chain_graph` merges the edges of all articles into a ``networkx.DiGraph``.

Example:
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a"], "publisher": ["SANA"],
    ...     "relays": ["The Daily Telegraph"],
    ...     "text": ["وقال دبلوماسيون غربيون إن المقاتلين يريدون العودة."]})
    >>> for edge in attribution_chains(arts).itertuples(index=False):
    ...     print(edge[1], "→", edge[2], f"({edge.relation})")
    SANA → The Daily Telegraph (relays)
    The Daily Telegraph → Western diplomats (cites)
"""

from __future__ import annotations

import pandas as pd

from corpus_tools.rows import rows_by_article

CHAIN_DTYPES = {
    "article_id": "str",
    "from": "str",
    "to": "str",
    "relation": "str",
    "n": "int64",
    "n_direct": "int64",
    "basis": "str",
}


def publisher_name(article_id: str, publisher: object) -> str:
    """The publisher as a node name; unnamed ones stay apart per article."""
    if isinstance(publisher, str) and publisher.strip():
        return publisher.strip()
    return f"unnamed publisher ({article_id})"


def _article_edges(aid: str, publisher: str, relays: str | None, attrs: list[dict]) -> list[dict]:
    edges: dict[tuple[str, str, str], dict] = {}

    def add(src: str, dst: str, relation: str, basis: str, speech: str | None = None) -> None:
        if not src or not dst or src == dst:
            return
        edge = edges.setdefault(
            (src, dst), {"relation": relation, "n": 0, "n_direct": 0, "basis": set()}
        )
        edge["basis"].add(basis)
        if speech is not None:
            edge["n"] += 1
            edge["n_direct"] += speech in ("direct", "mixed")

    if relays:
        add(publisher, relays, "relays", "metadata")
    for row in attrs:
        via = row["via"] if isinstance(row["via"], str) and row["via"] else None
        source, speech = row["source"], str(row["speech"])
        if via:
            add(publisher, via, "relays", "text")
            add(via, source, "cites", "text", speech)
        elif row["source_type"] == "media":
            add(publisher, source, "relays", "text", speech)
        else:
            add(publisher, source, "cites", "text", speech)
    out = []
    for (src, dst), e in edges.items():
        relation = e["relation"]
        if relation == "cites" and e["n_direct"]:
            relation = "quotes"
        out.append(
            {
                "article_id": aid,
                "from": src,
                "to": dst,
                "relation": relation,
                "n": e["n"],
                "n_direct": e["n_direct"],
                "basis": "+".join(sorted(e["basis"])),
            }
        )
    return out


def attribution_chains(
    articles: pd.DataFrame, attributions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Edges of every article's citation chain (see the module's column table).

    ``attributions`` defaults to :func:`corpus_tools.extract_attributions` of the
    articles.
    """
    if attributions is None:
        from corpus_tools.pipeline.frames import extract_attributions  # a later stage

        attributions = extract_attributions(articles)
    used = attributions[["article_id", "via", "source", "source_type", "speech"]]
    by_article = rows_by_article(used.astype("object").where(used.notna(), None))
    publishers = articles["publisher"] if "publisher" in articles else [None] * len(articles)
    relays = articles["relays"] if "relays" in articles else [None] * len(articles)
    rows: list[dict] = []
    for aid, pub, rel in zip(articles["article_id"], publishers, relays, strict=True):
        rel = rel if isinstance(rel, str) and rel.strip() else None
        rows += _article_edges(aid, publisher_name(aid, pub), rel, by_article.get(aid, []))
    cols = list(CHAIN_DTYPES)
    df = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame({c: [] for c in cols})
    return df.astype(CHAIN_DTYPES)


def chain_graph(edges: pd.DataFrame, attributions: pd.DataFrame | None = None):
    """A ``networkx.DiGraph`` of all articles' chains.

    Edge attributes: ``relation``, ``n`` (statements), ``n_direct``, ``articles``
    (list). Node attributes: ``role`` (publisher, outlet or source), ``level``
    (0 publisher, 1 relayed outlet, 2 its sources …) and ``source_type`` where the
    attributions give one.

    >>> g = chain_graph(pd.DataFrame({"article_id": ["a"], "from": ["SANA"],
    ...     "to": ["The Daily Telegraph"], "relation": ["relays"], "n": [0],
    ...     "n_direct": [0], "basis": ["metadata"]}))
    >>> g.nodes["SANA"]["role"], g.nodes["The Daily Telegraph"]["level"]
    ('publisher', 1)
    """
    import networkx as nx

    g = nx.DiGraph()
    cols = [edges[c].tolist() for c in ("article_id", "from", "to", "relation", "n", "n_direct")]
    for aid, src, dst, relation, n, n_direct in zip(*cols, strict=True):
        if g.has_edge(src, dst):
            data = g.edges[src, dst]
            data["n"] += int(n)
            data["n_direct"] += int(n_direct)
            data["articles"].append(aid)
            if relation == "quotes" and data["relation"] == "cites":
                data["relation"] = "quotes"
        else:
            g.add_edge(
                src, dst, relation=relation, n=int(n), n_direct=int(n_direct), articles=[aid]
            )
    publishers = set(edges["from"]) - set(edges["to"])
    types = {}
    if attributions is not None and not attributions.empty:
        types = dict(zip(attributions["source"], attributions["source_type"], strict=True))
    lengths = nx.multi_source_dijkstra_path_length(g, publishers) if publishers else {}
    for node in g.nodes:
        level = int(lengths.get(node, 0))
        relays_in = any(g.edges[p, node]["relation"] == "relays" for p in g.predecessors(node))
        role = "publisher" if node in publishers else ("outlet" if relays_in else "source")
        g.nodes[node].update(level=level, role=role, source_type=types.get(node, ""))
    return g


#: Display names of the nodes :func:`top_chain_graph` folds the rest into.
OTHER_PUBLISHERS = "other publishers"
OTHER_OUTLETS = "other outlets"
OTHER_SOURCES = "other sources"


def _kind(g, node) -> str:
    """``publisher``, ``outlet`` (anything that passes statements on) or ``source``."""
    role = g.nodes[node].get("role", "source")
    if role == "publisher":
        return "publisher"
    return "outlet" if role == "outlet" or g.out_degree(node) else "source"


def _relayed_per_article(g) -> dict[str, float]:
    """Statements each article carries through relayed outlets (an edge's ``n`` split
    evenly over its articles: exact when an edge comes from one article)."""
    out: dict[str, float] = {}
    for u, _, d in g.edges(data=True):
        articles = d.get("articles", [])
        if _kind(g, u) == "publisher" or not articles:
            continue
        for a in articles:
            out[a] = out.get(a, 0.0) + d.get("n", 0) / len(articles)
    return out


def _statements(g, node, relayed: dict[str, float]) -> tuple[float, int, str]:
    """Ranking key of a publisher or outlet: the statements it passes on (an outlet's
    own, a publisher's through the outlets it relays included), then articles, name."""
    n = sum(d.get("n", 0) for _, _, d in g.out_edges(node, data=True))
    n += sum(d.get("n", 0) for _, _, d in g.in_edges(node, data=True) if d["relation"] == "relays")
    articles = {a for *_, d in g.in_edges(node, data=True) for a in d.get("articles", [])}
    articles |= {a for *_, d in g.out_edges(node, data=True) for a in d.get("articles", [])}
    if _kind(g, node) == "publisher":
        n += sum(relayed.get(a, 0.0) for a in articles)
    return (-n, -len(articles), str(node))


_RELATION_RANK = {"relays": 2, "quotes": 1, "cites": 0}


def _merge_edge(out, src, dst, data: dict) -> None:
    """Add ``data`` to the edge src → dst of ``out`` (``articles`` a set until the end)."""
    if src == dst:
        return
    if not out.has_edge(src, dst):
        out.add_edge(src, dst, relation=data["relation"], n=0, n_direct=0, articles=set())
    edge = out.edges[src, dst]
    edge["n"] += int(data.get("n", 0))
    edge["n_direct"] += int(data.get("n_direct", 0))
    edge["articles"].update(data.get("articles", []))
    order = _RELATION_RANK
    if order.get(data["relation"], 0) > order.get(edge["relation"], 0):
        edge["relation"] = data["relation"]


def _keep(n: int, top: int) -> int:
    """How many of ``n`` to keep: ``top``, or all when only one would be folded."""
    return n if n <= top + 1 else top


def _fold_heads(g, outlets: int) -> dict:
    """Each publisher and outlet → itself when among the top ``outlets`` of its kind,
    else the «other publishers / outlets» node."""
    fold = {}
    relayed = _relayed_per_article(g)
    for kind, other in (("publisher", OTHER_PUBLISHERS), ("outlet", OTHER_OUTLETS)):
        heads = [n for n in g if _kind(g, n) == kind]
        heads.sort(key=lambda n: _statements(g, n, relayed))
        keep = _keep(len(heads), outlets)
        fold.update({n: n for n in heads[:keep]})
        fold.update({n: other for n in heads[keep:]})
    return fold


def top_chain_graph(graph, outlets: int = 10, sources: int = 6):
    """The biggest part of a :func:`chain_graph`, the rest folded in.

    Keeps the ``outlets`` publishers and the ``outlets`` relayed outlets that pass on
    the most statements, and for each the ``sources`` sources it cites most; the
    others become the nodes «other publishers», «other outlets» and «other sources»,
    whose ``label`` says how many they stand for and ``folded`` counts them (one alone
    is never folded). Edges are merged (``n``, ``n_direct`` summed, ``articles``
    united); ``level`` is 0 for publishers, 1 for outlets, 2 for sources.
    ``graph.graph["left_out"]`` counts the publishers, outlets and sources folded
    away. Pure: the input is unchanged.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> for pub, n in (("A", 5), ("B", 3), ("C", 1), ("D", 1)):
    ...     g.add_node(pub, role="publisher", level=0, source_type="")
    ...     for k in range(n):
    ...         g.add_node(f"{pub}{k}", role="source", level=1, source_type="official")
    ...         g.add_edge(pub, f"{pub}{k}", relation="cites", n=1, n_direct=0, articles=["a"])
    >>> top = top_chain_graph(g, outlets=2, sources=2)
    >>> sorted(n for n, d in top.nodes(data=True) if d["role"] == "publisher")
    ['A', 'B', 'other publishers']
    >>> top.nodes["other sources"]["label"], top.graph["left_out"]
    ('other sources (3)', {'publishers': 2, 'outlets': 0, 'sources': 3})
    """
    import networkx as nx

    fold = _fold_heads(graph, outlets)
    heads = nx.DiGraph()
    for u, v, data in graph.edges(data=True):  # heads folded; sources still themselves
        _merge_edge(heads, fold.get(u, u), fold.get(v, v), data)
    out = nx.DiGraph()
    kept_heads = set(fold.values())
    for head in list(heads.nodes):
        targets = [v for v in heads.successors(head) if v not in kept_heads]
        targets.sort(key=lambda v: (-heads.edges[head, v]["n"], str(v)))
        keep = _keep(len(targets), sources)
        for rank, v in enumerate(targets):
            _merge_edge(out, head, v if rank < keep else OTHER_SOURCES, heads.edges[head, v])
        for v in heads.successors(head):
            if v in kept_heads:
                _merge_edge(out, head, v, heads.edges[head, v])
    for *_, data in out.edges(data=True):
        data["articles"] = sorted(data["articles"])
    _annotate(out, graph, fold)
    return out


def _annotate(out, graph, fold: dict) -> None:
    """Node attributes of a folded graph, and what was left out."""
    levels = {"publisher": 0, "outlet": 1, "source": 2}
    for node in out.nodes:
        if node in graph:
            kind = _kind(graph, node)
            out.nodes[node].update(graph.nodes[node], level=levels[kind], role=kind)
    sources = {n for n in graph if _kind(graph, n) == "source"}
    others = (  # sources: those not drawn at all (some are folded for one head only)
        (OTHER_PUBLISHERS, "publisher", sum(f == OTHER_PUBLISHERS for f in fold.values())),
        (OTHER_OUTLETS, "outlet", sum(f == OTHER_OUTLETS for f in fold.values())),
        (OTHER_SOURCES, "source", len(sources - set(out.nodes))),
    )
    for node, role, k in others:
        if node in out:
            out.nodes[node].update(
                role=role, level=levels[role], source_type="", label=f"{node} ({k:,})", folded=k
            )
    out.graph["left_out"] = {f"{role}s": k for _, role, k in others}
