"""The timeline of reported events: what happened when, according to whom.

:func:`document_events` reads the triggers of a prepared
:class:`~corpus_tools.text.document.Document` (:func:`~corpus_tools.extract.events.find_triggers`:
fled, returned, arrested, detained, released, charged, tried, sentenced, convicted,
killed, executed, joined, travelled, attacked, captured … from ``data/events.toml``)
and gives each

- its ``modality`` and ``polarity`` (:mod:`corpus_tools.extract.modality`: asserted,
  negated, intended, expected, hypothetical, reported_plan, and ``ongoing`` for a
  state or habit told in the imperfect);
- its date, by the time expression of its own clause, else a free one of its sentence,
  else — flagged ``publication`` — the span from the earliest time the article tells
  of to its publication for an event told as done, the publication date for any other
  (:mod:`corpus_tools.extract.event_dates`; ``dated_by`` names the rule); «منذ» + a
  count back with a completed event is the point that long ago («غادر منذ ثلاث سنوات»: ``since``);
- who did it: the ``participant`` of its clause (a person, group, nationality or
  outlet, else a count from the figures layer, linked by ``figure_start``);
- who reports it: the source of the attribution whose content holds the trigger, and
  the outlet (:func:`~corpus_tools.extract.outlets.outlet`).

:func:`timeline_for_text` does it for one text, :func:`build_timeline` for a corpus.
Columns: the ``timeline`` contract (``data/tables.toml``, ``docs/tables.md``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import pandas as pd

from corpus_tools.extract.anchoring import Spans, covering
from corpus_tools.extract.event_dates import (
    clauses,
    date_of,
    narrative_time,
    opens_linked,
    usable_times,
)
from corpus_tools.extract.events import Hit, find_triggers
from corpus_tools.extract.modality import goes_on, modality_of, polarity
from corpus_tools.extract.outlets import outlet
from corpus_tools.rows import text_or_none
from corpus_tools.text.document import Document

#: The layers an event or figure reads, and the tables they come from.
UPSTREAM = ("entities", "attributions", "times")


# --- dating ----------------------------------------------------------------------------------
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


def _told_done(hit: Hit, modality: str, nouns: bool = True) -> bool:
    """An asserted event told as done: by a perfect or a set phrase, and (``nouns``) a
    verbal noun — which may also name something that goes on («وتستمر المحاكمة»)."""
    kinds = ("past", "phrase", "noun") if nouns else ("past", "phrase")
    return modality == "asserted" and hit.kind in kinds


_DAY = pd.Timedelta(days=1)

#: ``dated_by`` rules under which no words date the event.
UNDATED = frozenset({"lead", "publication"})


def dated_by_words(timeline: pd.DataFrame) -> pd.Series:
    """Which timeline rows a time expression of the text dates (``dated_by`` not in
    :data:`UNDATED`).

    >>> dated_by_words(pd.DataFrame({"dated_by": ["clause", "lead", "publication"]})).tolist()
    [True, False, False]
    """
    return ~timeline["dated_by"].isin(list(UNDATED))


def lead_verbs(doc: Document) -> frozenset[int]:
    """The tokens that open an article's lead: the first two words of its first
    sentence after the headline (when the text opens with one). A hard-news lead opens
    with the verb of the news it reports («قضت محكمة …», «أعلنت الشركة …»).

    >>> sorted(lead_verbs(Document("أفرج التنظيم عن 6 رهائن. وقال المرصد إن …")))
    [0, 1]
    """
    for s, e in doc.sentences or [(0, len(doc.text))]:
        tokens = doc.tokens_in(s, e) if s >= doc.headline_end else range(0)
        if len(tokens):
            return frozenset(tokens[:2])
    return frozenset()


def story_start(times: Sequence[dict], published: pd.Timestamp | None) -> pd.Timestamp | None:
    """Where the story an article tells begins: the earliest start of its usable time
    expressions (:func:`~corpus_tools.extract.event_dates.usable_times`) that is not
    after its publication; None when there is none (or no publication date).

    >>> pub = pd.Timestamp("2018-04-08")
    >>> story_start([{"begin": pd.Timestamp("2014-01-01")}, {"begin": pd.NaT}], pub)
    Timestamp('2014-01-01 00:00:00')
    """
    if published is None:
        return None
    starts = [t["begin"] for t in times if pd.notna(t["begin"]) and t["begin"] <= published]
    return min(starts, default=None)


def _dating(
    doc: Document,
    hit: Hit,
    t: dict | None,
    rule: str,
    modality: str,
    published: pd.Timestamp | None,
    story: pd.Timestamp | None = None,
    lead_tokens: frozenset[int] = frozenset(),
) -> dict:
    """The date columns of an event: from its time expression ``t``; else, for an event
    told as done, the news of the day when its perfect opens the lead (``lead_tokens``:
    :func:`lead_verbs`; the publication day or the one before) or the span of the
    story up to the publication (``story``: its start, :func:`story_start`), and for
    any other the publication."""
    if t is None:
        lead = published is not None and hit.first in lead_tokens
        lead = lead and _told_done(hit, modality, nouns=False)
        done = story is not None and _told_done(hit, modality)
        begin = published - _DAY if lead else story if done else published
        return {
            "begin": begin,
            "until": published,
            "dated_by": "lead" if lead else "publication",
            "time_text": "",
            "time_value": "",
            "time_start": -1,
            "time_end": -1,
            "granularity": "day" if published is not None and (lead or begin == published) else "",
        }
    between = doc.text[min(hit.end, t["start"]) : max(hit.start, t["start"])]
    begin, until = _event_interval(t, between, published)
    if t["kind"] == "since" and t.get("mod") == "APPROX" and _told_done(hit, modality, False):
        until, rule = begin, "since"  # «غادر منذ ثلاث سنوات»: three years ago, once
    return {
        "begin": begin,
        "until": until,
        "dated_by": rule,
        "time_text": t["text"],
        "time_value": t["value"],
        "time_start": t["start"],
        "time_end": t["end"],
        "granularity": t["granularity"],
    }


# --- rows ------------------------------------------------------------------------------------
def as_date(value: object) -> pd.Timestamp | None:
    """A publication date as a Timestamp, or None when missing."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def _by_sentence(rows: list[dict], starts: list[int], key: str = "start") -> dict[int, list]:
    """Rows grouped by the sentence their ``key`` offset falls in (order kept)."""
    out: dict[int, list] = {}
    for r in rows:
        out.setdefault(max(bisect_right(starts, r[key]) - 1, 0), []).append(r)
    return out


def times_by_sentence(times: list[dict]) -> dict[int, list[dict]]:
    """The time rows of each sentence (their ``sent_id``), in table order."""
    out: dict[int, list[dict]] = {}
    for t in times:
        out.setdefault(t["sent_id"], []).append(t)
    return out


def _joined(names: Iterable[object]) -> str:
    """Distinct names, ``; ``-joined, in order; missing ones (NaN, NA, None) left out."""
    return "; ".join(dict.fromkeys(n for n in names if text_or_none(n)))


def _who(doc: Document, attr: dict | None) -> dict:
    """The source, via and outlet columns of an event (attributed by ``attr`` or not)."""
    source = text_or_none(attr["source"]) if attr else None
    via = text_or_none(attr["via"]) if attr else None  # NaN when rows come from a table
    kind = attr["source_type"] if attr else None
    return {
        "source": source,
        "via": via,
        "outlet": outlet(via, source, kind, doc.relays, doc.publisher),
    }


def _undated(
    doc: Document,
    k: int,
    sent_ids: list[int],
    clause: list[tuple[int, int]],
    dates: list[tuple[dict | None, str]],
    times_in: dict[int, list[dict]],
    scope: tuple[int, int] | None,
) -> tuple[dict | None, str]:
    """The date of an event told as done that its sentence leaves undated: that of the
    event it is linked to («بعد إدانتها»), else where the narrative stands (inside an
    attributed content, only a time of that content): ``event_dates``."""
    if opens_linked(doc, clause[k]):
        for o in range(k - 1, -1, -1):
            if sent_ids[o] != sent_ids[k]:
                break
            if dates[o][0] is not None:
                return dates[o][0], "linked"
    t = narrative_time(doc, clause[k][0], times_in, by=as_date(doc.published))
    if t is not None and (scope is None or scope[0] <= t["start"] < scope[1]):
        return t, "narrative"
    return None, "publication"


#: Entity labels that can do or undergo an event, and what the participant column calls them.
_PARTICIPANT_TYPES = {"PER": "person", "ORG": "group", "NORP": "nationality", "MEDIA": "outlet"}


def _participant(
    doc: Document, hit: Hit, clause: tuple[int, int], ents: list[dict], figures: list[dict]
) -> dict:
    """Who did or underwent the event: the first person, group, nationality or outlet
    of its clause after the trigger (Arabic puts the subject after the verb), else the
    one nearest before it in the clause, else the one just before a clause that opens
    with a relative pronoun («بن غالم الذي غادر»); a count (a figure of the clause
    counting people) when no entity is there. ``figure_start`` links the figure row."""
    start, end = clause
    fig = next((f for f in figures if start <= f["start"] < end and f["unit"] == "person"), None)
    people = [e for e in ents if e["label"] in _PARTICIPANT_TYPES]
    near = doc.ends[min(hit.reach + 4, len(doc.ends) - 1)]  # the subject follows the verb
    after = [e for e in people if hit.end <= e["start"] < min(end, near)]
    before = [e for e in people if start <= e["start"] and e["end"] <= hit.start]
    if not before and start < hit.start:  # a relative clause: the noun it describes
        before = [e for e in people if start - 3 <= e["end"] <= start]
    who = after[0] if after else (before[-1] if before else None)
    if who is None and fig is not None:
        return {
            "participant": fig["text"],
            "participant_type": "count",
            "figure_start": fig["start"],
        }
    return {
        "participant": who["canonical"] if who else None,
        "participant_type": _PARTICIPANT_TYPES[who["label"]] if who else None,
        "figure_start": fig["start"] if fig is not None else -1,
    }


def document_events(doc: Document) -> list[dict]:
    """Event rows (dicts, no ``article_id``) of one document: the ``events`` layer.

    Reads the ``entities``, ``attributions`` and ``times`` layers (``KeyError`` when
    one is missing) and, when there is one, the ``figures`` layer (the participant's
    count). A verbal noun after a trigger of the same type in its sentence mentions the
    same event again («فرار … الفرار» is one); two verbs are two events.
    """
    ents, attrs, times = (doc.layer(name) for name in UPSTREAM)
    figures = doc.layers.get("figures", [])
    published = as_date(doc.published)
    hits = find_triggers(doc)
    ents_in = _by_sentence(ents, doc.sentence_starts)
    usable = usable_times(doc, times)
    times_in = times_by_sentence(usable)
    story, lead = story_start(usable, published), lead_verbs(doc)
    contents = Spans((a["content_start"], a["content_end"]) for a in attrs)
    attributed = covering(attrs, [h.start for h in hits], last=True)
    sent_ids = [doc.sentence_of(h.start) for h in hits]
    clause = clauses(doc, hits, times)
    in_sentence: dict[int, list[int]] = {}
    for k, sent_id in enumerate(sent_ids):
        in_sentence.setdefault(sent_id, []).append(k)
    # every clause of the sentence: a time in the trigger's own clause dates it before
    # this is asked, so these stand for "the clauses of the other triggers"
    owned = {i: Spans(clause[k] for k in ks) for i, ks in in_sentence.items()}
    modalities: list[tuple[str, str]] = []
    for k, hit in enumerate(hits):
        previous = (hits[k - 1], modalities[-1]) if k else None
        modalities.append(modality_of(doc, hit, previous))
    dates: list[tuple[dict | None, str]] = []
    for k, (hit, attr) in enumerate(zip(hits, attributed, strict=True)):
        sent_id = sent_ids[k]
        scope = (attr["content_start"], attr["content_end"]) if attr else None
        t, rule = date_of(
            doc, hit, clause[k], owned[sent_id], times_in.get(sent_id, []), scope, contents
        )
        if t is None and _told_done(hit, modalities[k][0]):
            t, rule = _undated(doc, k, sent_ids, clause, dates, times_in, scope)
        dates.append((t, rule))
        if modalities[k][0] == "asserted" and rule != "clause" and goes_on(doc, hit):
            modalities[k] = ("ongoing", "")  # «يُحتجزون في معسكرات»: a state, not a happening
    rows: list[dict] = []
    kinds: list[str] = []
    seen: set[tuple[int, str]] = set()
    for k, (hit, attr) in enumerate(zip(hits, attributed, strict=True)):
        sent_id = sent_ids[k]
        if hit.kind == "noun" and (sent_id, hit.event) in seen:
            continue  # «فروا … بعد الفرار»: a noun after a verb or noun of its sentence
        seen.add((sent_id, hit.event))
        in_sent = ents_in.get(sent_id, []) if doc.sentences else ents
        modality, cue = modalities[k]
        t, rule = dates[k]
        kinds.append(hit.kind)
        rows.append(
            {
                "sent_id": sent_id,
                "event": hit.event,
                "trigger": doc.text[hit.start : hit.end],
                "trigger_start": hit.start,
                "trigger_end": hit.end,
                "modality": modality,
                "polarity": polarity(modality),
                "modality_cue": cue,
                **_participant(doc, hit, clause[k], in_sent, figures),
                "entities": _joined(e["canonical"] for e in in_sent),
                "nationalities": _joined(e["canonical"] for e in in_sent if e["label"] == "NORP"),
                **_who(doc, attr),
                "published": published,
                **_dating(doc, hit, t, rule, modality, published, story, lead),
                "mentions": 1,
            }
        )
    return _one_per_happening(rows, kinds, doc.headline_end)


#: How well each ``dated_by`` rule dates an event, best first (the mention a merged
#: row keeps).
_RULE_RANK = {
    "clause": 0, "sentence": 1, "since": 2, "linked": 3, "narrative": 4, "lead": 5,
    "publication": 6,
}  # fmt: skip


def _same_happening(a: dict, b: dict, kind_b: str) -> bool:
    """Whether row ``b``, later in the article, mentions the event of row ``a`` again:
    same type and modality, no other date (undated by its own words, or the same
    interval) and the same participant (for a verb, which may tell a new happening, one
    that is named)."""
    if a["event"] != b["event"] or a["modality"] != b["modality"]:
        return False
    own = ("clause", "sentence", "since")
    both_own = a["dated_by"] in own and b["dated_by"] in own
    if both_own and (a["begin"], a["until"]) != (b["begin"], b["until"]):
        return False
    if kind_b in ("noun", "phrase"):
        return a["participant"] == b["participant"]
    return a["participant"] is not None and a["participant"] == b["participant"]


#: How many earlier rows of its type, modality and participant a row is compared with.
_REPEAT_WINDOW = 50


def _one_per_happening(rows: list[dict], kinds: list[str], head_end: int = 0) -> list[dict]:
    """Fold the later mentions of a happening into one row (``mentions`` counts them):
    a trial named five times is one event on the timeline. The row keeps the mention
    best dated by its own words (``_RULE_RANK``), the earlier one among equals. An
    event of the headline (text before ``head_end``) is the body's first event of its
    type and modality, when the body has one: the headline announces what the body
    tells."""
    heads = [r for r in rows if r["trigger_start"] < head_end]
    body = [(r, k) for r, k in zip(rows, kinds, strict=True) if r["trigger_start"] >= head_end]
    kept: list[dict] = []
    # the rows a later one may repeat share its type, modality and participant
    by_key: dict[tuple, list[int]] = {}
    for row, kind in body:
        key = (row["event"], row["modality"], row["participant"])
        ks = by_key.setdefault(key, [])
        # a verb naming nobody tells a happening of its own; a repeat stands near
        named = kind in ("noun", "phrase") or row["participant"] is not None
        near = reversed(ks[-_REPEAT_WINDOW:]) if named else ()
        k = next((k for k in near if _same_happening(kept[k], row, kind)), None)
        if k is None:
            ks.append(len(kept))
            kept.append(row)
            continue
        n = kept[k]["mentions"] + 1
        if _RULE_RANK[row["dated_by"]] < _RULE_RANK[kept[k]["dated_by"]]:
            kept[k] = row
        kept[k]["mentions"] = n
    alone = []
    for row in heads:
        same = next(
            (k for k in kept if (k["event"], k["modality"]) == (row["event"], row["modality"])),
            None,
        )
        if same is None:
            alone.append(row)
        else:
            same["mentions"] += 1
    return sorted(alone + kept, key=lambda r: r["trigger_start"])


# --- one text ------------------------------------------------------------------------------
def _computed_layer(doc: Document, name: str) -> list[dict]:
    """The rows of layer ``name`` of ``doc``, computed by its extractor's
    ``document_<layer>`` (imported here: the timeline does not depend on them)."""
    if name == "entities":
        from corpus_tools.extract.entities import document_entities

        return document_entities(doc)
    if name == "attributions":
        from corpus_tools.extract.attribution import document_attributions

        return document_attributions(doc)
    from corpus_tools.extract.timex import document_times

    return document_times(doc)


def text_document(
    text: str,
    published: object = None,
    relays: object = None,
    publisher: object = None,
    headline: object = None,
    **given: list[dict] | None,
) -> Document:
    """A :class:`Document` of one clean text with the layers ``given`` (``None``: not
    given), and the entities, attributions and times layers it lacks computed by their
    extractors (``document_entities``, ``document_attributions``, ``document_times``)."""
    layers = {name: rows for name, rows in given.items() if rows is not None}
    doc = Document(
        text,
        published=as_date(published),
        relays=text_or_none(relays),
        publisher=text_or_none(publisher),
        headline=text_or_none(headline),
        layers=layers,
    )
    for name in UPSTREAM:
        if name not in doc.layers:
            doc.layers[name] = _computed_layer(doc, name)
    return doc


def timeline_for_text(
    text: str,
    published: pd.Timestamp | None = None,
    relays: str | None = None,
    publisher: str | None = None,
    entity_rows: list[dict] | None = None,
    attribution_rows: list[dict] | None = None,
    time_rows: list[dict] | None = None,
    figure_rows: list[dict] | None = None,
) -> list[dict]:
    """Event rows (dicts, no ``article_id``) of one clean text; pure.

    The entity, attribution and time rows not given are computed here by their
    extractors' ``document_entities``, ``document_attributions`` and
    ``document_times`` (:func:`text_document`), and the figure rows (the
    participants' counts) by ``document_figures``; then :func:`document_events`.
    """
    if not text:
        return []
    doc = text_document(
        text,
        published,
        relays,
        publisher,
        entities=entity_rows,
        attributions=attribution_rows,
        times=time_rows,
        figures=figure_rows,
    )
    if "figures" not in doc.layers:
        from corpus_tools.extract.figures import document_figures

        doc.layers["figures"] = document_figures(doc)
    return document_events(doc)
