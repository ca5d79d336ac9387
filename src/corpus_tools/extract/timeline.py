"""The timeline of reported events: what happened when, according to whom.

:func:`build_timeline` finds event triggers (``data/events.toml``: fled, defected,
returned, arrested, killed, joined, contacted_authorities, crossed_border,
paid_smugglers, published, captured_city …) sentence by sentence, dates each with
the time expression of its sentence that lies nearest to it (durations cannot date
an event), or — flagged — with the article's publication date when the sentence
has none, and adds the entities of the sentence and the source of the attribution
whose content holds the trigger.

Column contract of :func:`build_timeline`:

=============  ==============  ===================================================
article_id     str             the article
sent_id        int64           sentence
event          str             canonical event type
trigger        str             the words; trigger_start / trigger_end (int64)
begin, until   datetime64[s]   when it happened, as an interval (inclusive,
                               begin ≤ until)
dated_by       str             ``expression`` or ``publication`` (no time in the
                               sentence: it happened by then, at the latest). An
                               event inside an attributed content is dated only by
                               expressions in that content; «منذ» between the
                               event and its expression runs it to the publication
                               (when that is not before the expression)
time_text      str             the time expression it rests on (``""`` if none)
time_value     str             its TIMEX3 value; time_start / time_end (int64, -1)
granularity    str             day, week, month, season, year
entities       str             canonical entities of the sentence, ``; ``-joined
nationalities  str             the NORP entities among them
source         str             the attribution's source (``<NA>`` when unattributed)
via            str             the outlet it reached the reader through
outlet         str             ``via``, else the source when it is an outlet, else
                               the outlet the article relays, else its publisher
published      datetime64[s]   the article's date
=============  ==============  ===================================================
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from heapq import heappop, heappush

import pandas as pd

from corpus_tools.extract.attribution import attributions_for_text
from corpus_tools.extract.entities import TOKEN_RE, tag_text
from corpus_tools.extract.timex import time_expressions_for_text
from corpus_tools.pipeline.tables import (
    ArticleInput,
    iter_articles,
    map_articles,
    only,
    text_or_none,
    typed_frame,
)
from corpus_tools.resources import load_toml
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
)
from corpus_tools.text.segmenting import split_sentences

#: The columns of the attribution and time tables a timeline or figure worker reads.
ATTRIBUTION_USED = ["article_id", "content_start", "content_end", "source", "via", "source_type"]
TIME_USED = [
    "article_id",
    "sent_id",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "begin",
    "until",
    "granularity",
]
TIMELINE_DTYPES = {
    "article_id": "str",
    "sent_id": "int64",
    "event": "str",
    "trigger": "str",
    "trigger_start": "int64",
    "trigger_end": "int64",
    "begin": "datetime64[s]",
    "until": "datetime64[s]",
    "dated_by": "str",
    "time_text": "str",
    "time_value": "str",
    "time_start": "int64",
    "time_end": "int64",
    "granularity": "str",
    "entities": "str",
    "nationalities": "str",
    "source": "str",
    "via": "str",
    "outlet": "str",
    "published": "datetime64[s]",
}


@dataclass(frozen=True)
class _Trigger:
    event: str
    rest: tuple[str, ...]
    requires_any: frozenset[str]
    not_before: frozenset[str]


@cache
def _triggers() -> dict[str, list[_Trigger]]:
    out: dict[str, list[_Trigger]] = {}
    n = normalize_for_matching
    for ev in load_toml("events.toml")["event"]:
        req = frozenset(n(w) for w in ev.get("requires_any", []))
        nb = frozenset(n(w) for w in ev.get("not_before", []))
        for form in ev["triggers"]:
            toks = tuple(TOKEN_RE.findall(n(form)))
            out.setdefault(toks[0], []).append(_Trigger(ev["event"], toks[1:], req, nb))
    for entries in out.values():
        entries.sort(key=lambda t: -len(t.rest))
    return out


def _readings(token: str) -> list[str]:
    """The word and its stems without و ف ب ل, the article, or an object pronoun.

    >>> _readings("وفر"), _readings("اعتقلته")
    (['وفر', 'فر'], ['اعتقلته', 'اعتقلت'])
    """
    out = [token]
    body = token
    if len(body) >= 3 and body[0] in "وف":
        body = body[1:]
        out.append(body)
    if len(body) > 3 and body[0] in "بل" and not body.startswith("لل"):
        out.append(body[1:])
    if body.startswith("لل") and len(body) > 4:
        out.append("ال" + body[2:])
    if body.startswith("ال") and len(body) > 4:
        out.append(body[2:])  # «الوصول»
    for suffix in ("هم", "ها", "ه"):
        if len(body) > len(suffix) + 3 and body.endswith(suffix):
            out.append(body[: -len(suffix)])
            break
    return out


def find_events(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, event)`` of every trigger in a clean text.

    >>> [(e, text) for s, t, e in find_events("فر المقاتلون ثم عادوا إلى بلدانهم")
    ...  for text in ["فر المقاتلون ثم عادوا إلى بلدانهم"[s:t]]]
    [('fled', 'فر'), ('returned', 'عادوا')]
    """
    norm, idx = normalize_with_offsets(text)
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(norm)]
    tokens = [norm[s:e] for s, e in spans]
    sentences = split_sentences(text)
    sent_words: list[set[str]] = []
    starts = [s for s, _ in sentences] or [0]
    for s, e in sentences or [(0, len(text))]:
        sent_words.append(set(TOKEN_RE.findall(normalize_for_matching(text[s:e]))))
    out = []
    table = _triggers()
    i = 0
    while i < len(tokens):
        found = None
        for stem in _readings(tokens[i]):
            for trig in table.get(stem, ()):
                k = len(trig.rest)
                if tuple(tokens[i + 1 : i + 1 + k]) != trig.rest:
                    continue
                if i and tokens[i - 1] in trig.not_before:
                    continue
                start = int(idx[spans[i][0]])
                if trig.requires_any:
                    words = sent_words[max(bisect_right(starts, start) - 1, 0)]
                    if not (words & trig.requires_any):
                        continue
                found = (i + k, trig.event)
                break
            if found:
                break
        if found is None:
            i += 1
            continue
        last, event = found
        out.append((*span_to_original(idx, spans[i][0], spans[last][1], text), event))
        i = last + 1
    return out


def _nearest_time(
    times: list[dict],
    pos: int,
    scope: tuple[int, int] | None,
    in_content: dict[int, bool],
) -> dict | None:
    """The time expression that dates an event at ``pos``, among ``times`` (those of
    the event's sentence).

    Only expressions that place a point or a period (not a duration, not «الآن»);
    for an event inside an attributed content only those in that content, for one
    outside every content («نشرته اليوم») only those outside too (``in_content``:
    ``id(row)`` → whether it lies in some content). The nearest wins.
    """
    usable = [
        t
        for t in times
        if t["kind"] != "duration"
        and t["value"] != "PRESENT_REF"
        and (pd.notna(t["begin"]) or pd.notna(t["until"]))
        and (scope[0] <= t["start"] < scope[1] if scope else not in_content[id(t)])
    ]
    if not usable:
        return None
    return min(usable, key=lambda t: min(abs(t["start"] - pos), abs(t["end"] - pos)))


def _by_sentence(rows: list[dict], starts: list[int], key: str = "start") -> dict[int, list]:
    """Rows grouped by the sentence their ``key`` offset falls in (order kept)."""
    out: dict[int, list] = {}
    for r in rows:
        out.setdefault(max(bisect_right(starts, r[key]) - 1, 0), []).append(r)
    return out


def _inside_any(positions: list[int], spans: list[tuple[int, int]]) -> list[bool]:
    """For each position, whether some ``[start, end)`` span holds it (spans merged once)."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif b > a:
            merged.append([a, b])
    firsts = [a for a, _ in merged]
    out = []
    for p in positions:
        k = bisect_right(firsts, p) - 1
        out.append(k >= 0 and p < merged[k][1])
    return out


def _covering(attrs: list[dict], positions: list[int]) -> dict[int, dict]:
    """For each position, the last attribution (in table order) whose content holds it.

    A sweep over the positions in order with a heap of open contents (latest first),
    instead of a scan of every attribution for every event.
    """
    order = sorted(range(len(attrs)), key=lambda i: attrs[i]["content_start"])
    heap: list[tuple[int, int]] = []  # (-table index, content_end)
    out: dict[int, dict] = {}
    k = 0
    for p in sorted(set(positions)):
        while k < len(order) and attrs[order[k]]["content_start"] <= p:
            heappush(heap, (-order[k], attrs[order[k]]["content_end"]))
            k += 1
        while heap and heap[0][1] <= p:  # closed before p: closed for every later p too
            heappop(heap)
        if heap:
            out[p] = attrs[-heap[0][0]]
    return out


_SINCE_RE = re.compile(r"(?:^|\s)منذ\s")


def _event_interval(t: dict, between: str, published: pd.Timestamp | None) -> tuple:
    """(begin, until) an expression gives an event: its interval (one end known: that
    point). «منذ» in ``between`` (the words from event to expression, no punctuation:
    «قُتلوا منذ انطلاق العمليات … في خريف عام 2014») runs it on to the publication,
    unless the publication comes before the expression."""
    begin = t["begin"] if pd.notna(t["begin"]) else t["until"]
    until = t["until"] if pd.notna(t["until"]) else t["begin"]
    since = _SINCE_RE.search(" " + between) and not re.search(r"[.،,؛]", between)
    if since and published is not None and begin <= published:
        until = published
    return begin, until


def article_tables(
    text: str,
    published: pd.Timestamp | None,
    relays: str | None,
    entity_rows: list[dict] | None,
    attribution_rows: list[dict] | None,
    time_rows: list[dict] | None,
) -> tuple[list[dict], list[dict], list[dict]]:
    """The entity, attribution and time rows of one text: those given, else computed."""
    ents = tag_text(text) if entity_rows is None else entity_rows
    if attribution_rows is None:
        attribution_rows = attributions_for_text(text, ents, relays)
    times = time_expressions_for_text(text, published) if time_rows is None else time_rows
    return ents, attribution_rows, times


def _joined(names: Iterable[object]) -> str:
    """Distinct names, ``; ``-joined, in order; missing ones (NaN, NA, None) left out."""
    return "; ".join(dict.fromkeys(n for n in names if text_or_none(n)))


def timeline_for_text(
    text: str,
    published: pd.Timestamp | None = None,
    relays: str | None = None,
    publisher: str | None = None,
    entity_rows: list[dict] | None = None,
    attribution_rows: list[dict] | None = None,
    time_rows: list[dict] | None = None,
) -> list[dict]:
    """Event rows (dicts, no ``article_id``) of one clean text; pure."""
    if not text:
        return []
    published = None if published is None or pd.isna(published) else pd.Timestamp(published)
    relays, publisher = text_or_none(relays), text_or_none(publisher)
    ents, attrs, times = article_tables(
        text, published, relays, entity_rows, attribution_rows, time_rows
    )
    sentences = split_sentences(text)
    starts = [s for s, _ in sentences] or [0]
    events = find_events(text)
    ents_in = _by_sentence(ents, starts)
    times_in: dict[int, list] = {}
    for t in times:
        times_in.setdefault(t["sent_id"], []).append(t)
    contents = [(a["content_start"], a["content_end"]) for a in attrs]
    inside = _inside_any([t["start"] for t in times], contents)
    in_content = {id(t): flag for t, flag in zip(times, inside, strict=True)}
    covering = _covering(attrs, [start for start, _, _ in events])
    rows: list[dict] = []
    seen: set[tuple[int, str]] = set()
    for start, end, event in events:
        sent_id = max(bisect_right(starts, start) - 1, 0)
        if (sent_id, event) in seen:
            continue  # «فرار … الفرار» in one sentence is one event
        seen.add((sent_id, event))
        in_sent = ents_in.get(sent_id, []) if sentences else ents
        attr = covering.get(start)
        scope = (attr["content_start"], attr["content_end"]) if attr else None
        t = _nearest_time(times_in.get(sent_id, []), start, scope, in_content)
        source = text_or_none(attr["source"]) if attr else None
        via = text_or_none(attr["via"]) if attr else None  # NaN when rows come from a table
        own = source if attr and attr["source_type"] == "media" else None
        row = {
            "sent_id": sent_id,
            "event": event,
            "trigger": text[start:end],
            "trigger_start": start,
            "trigger_end": end,
            "entities": _joined(e["canonical"] for e in in_sent),
            "nationalities": _joined(e["canonical"] for e in in_sent if e["label"] == "NORP"),
            "source": source,
            "via": via,
            "outlet": via or own or relays or publisher or "(unknown)",
            "published": published,
        }
        if t is not None:
            between = text[min(end, t["start"]) : max(start, t["start"])]
            begin, until = _event_interval(t, between, published)
            row.update(
                begin=begin,
                until=until,
                dated_by="expression",
                time_text=t["text"],
                time_value=t["value"],
                time_start=t["start"],
                time_end=t["end"],
                granularity=t["granularity"],
            )
        else:
            row.update(
                begin=published,
                until=published,
                dated_by="publication",
                time_text="",
                time_value="",
                time_start=-1,
                time_end=-1,
                granularity="day" if published is not None else "",
            )
        rows.append(row)
    return rows


def worker_tables(
    entities: pd.DataFrame | None, attributions: pd.DataFrame | None, times: pd.DataFrame | None
) -> dict[str, pd.DataFrame | None]:
    """The tables a timeline or figure worker reads, cut to the columns it reads.

    Entities are cut only when attributions are given (else the worker computes
    attributions from the full entity rows).
    """
    if attributions is not None:
        entities = only(entities, ["article_id", "start", "end", "label", "canonical", "kind"])
        attributions = only(attributions, ATTRIBUTION_USED)
    return {"entities": entities, "attributions": attributions, "times": only(times, TIME_USED)}


def _timeline_worker(art: ArticleInput) -> list[dict]:
    return timeline_for_text(
        art.text,
        art.published,
        art.relays,
        art.publisher,
        entity_rows=art.tables["entities"],
        attribution_rows=art.tables["attributions"],
        time_rows=art.tables["times"],
    )


def build_timeline(
    articles: pd.DataFrame,
    *,
    entities: pd.DataFrame | None = None,
    attributions: pd.DataFrame | None = None,
    times: pd.DataFrame | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """One row per reported event in every article (see the module's column table).

    Tables already computed (``tag_entities``, ``extract_attributions``,
    ``extract_time_expressions``) may be passed in; else they are computed here.
    ``n_jobs``: worker processes (articles are independent).
    """
    tables = worker_tables(entities, attributions, times)
    inputs = iter_articles(articles, "build_timeline", tables)
    rows = map_articles(
        _timeline_worker, inputs, n_jobs=n_jobs, desc="timeline", show_progress=show_progress
    )
    return typed_frame(rows, TIMELINE_DTYPES)
