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

from .attribution import extract_attributions

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


def _article_edges(aid: str, publisher: str, relays: str | None, attrs: pd.DataFrame) -> list[dict]:
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
    for row in attrs.itertuples():
        via = row.via if isinstance(row.via, str) and row.via else None
        if via:
            add(publisher, via, "relays", "text")
            add(via, row.source, "cites", "text", str(row.speech))
        elif row.source_type == "media":
            add(publisher, row.source, "relays", "text", str(row.speech))
        else:
            add(publisher, row.source, "cites", "text", str(row.speech))
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
        attributions = extract_attributions(articles)
    by_article = dict(tuple(attributions.groupby("article_id", sort=False)))
    empty = attributions.iloc[0:0]
    publishers = articles["publisher"] if "publisher" in articles else [None] * len(articles)
    relays = articles["relays"] if "relays" in articles else [None] * len(articles)
    rows: list[dict] = []
    for aid, pub, rel in zip(articles["article_id"], publishers, relays, strict=True):
        rel = rel if isinstance(rel, str) and rel.strip() else None
        rows += _article_edges(aid, publisher_name(aid, pub), rel, by_article.get(aid, empty))
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
