"""Where a reported event or figure stands: who said it and when it happened.

One rule for the timeline (:mod:`corpus_tools.extract.timeline`) and the figures
(:mod:`corpus_tools.extract.figures`):

- :func:`covering`: the attribution whose content holds a position;
- :func:`nearest_time`: the time expression of the sentence, nearest to the
  position, that places a point or a period — not a duration, and when the position
  lies in an attributed content, one from that content.

The two tables read the rule with two settings, for reasons of meaning:

- ``present``: «الآن» (``PRESENT_REF``) dates a figure («يوجد الآن 150 مقاتلاً»:
  how many there are now) but not an event (a happening is dated by when it
  happened, else by the publication: the timeline's ``dated_by``);
- ``outside``: an event outside every content is the narrator's («نشرته اليوم»), and a
  time inside someone's quotation in its sentence does not date it; a figure outside
  every content takes any time of its sentence.

Where contents overlap, the timeline takes the last attribution in table order and
the figures the first (``covering(..., last=)``): kept as they were, for neither is
right more often (on 1,458 SaudiNewsNet articles the choice changes 10 events and 37
figures, the outer relaying source or the inner speaker, either way round).

>>> times = [{"start": 20, "end": 25, "kind": "date", "value": "2015", "begin": 1,
...           "until": 2}, {"start": 2, "end": 6, "kind": "duration", "value": "P3Y",
...           "begin": None, "until": None}]
>>> nearest_time(times, 8)["value"], nearest_time(times, 8, within=(0, 10))
('2015', None)
>>> Spans([(0, 4), (2, 9)]).covers(8), Spans([(0, 4)]).covers(4)
(True, False)
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

import pandas as pd

__all__ = ["Spans", "covering", "nearest_time"]


class Spans:
    """Does any of a set of ``[start, end)`` spans cover a position? By binary search
    over the spans sorted by start, with the farthest end reached so far."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def covers(self, pos: int) -> bool:
        """``any(s <= pos < e for s, e in spans)``."""
        k = bisect_right(self.starts, pos)  # spans with s <= pos
        return k > 0 and self.reach[k - 1] > pos


def covering(attrs: Sequence[dict], positions: Sequence[int], *, last: bool = False) -> list:
    """For each position, the first attribution in table order (``last``: the last one)
    whose content holds it (``content_start <= pos < content_end``), else None.

    A sweep over the positions in order, with the contents that have begun in a heap
    by table order (those that ended are dropped as they surface): no position reads
    every attribution.
    """
    out: list[dict | None] = [None] * len(positions)
    if not attrs:
        return out
    sign = -1 if last else 1
    by_start = sorted(range(len(attrs)), key=lambda k: attrs[k]["content_start"])
    heap: list[tuple[int, int]] = []  # (± table order, content_end)
    n = 0
    for q in sorted(range(len(positions)), key=positions.__getitem__):
        pos = positions[q]
        while n < len(by_start) and attrs[by_start[n]]["content_start"] <= pos:
            k = by_start[n]
            heapq.heappush(heap, (sign * k, attrs[k]["content_end"]))
            n += 1
        while heap and heap[0][1] <= pos:
            heapq.heappop(heap)  # ended before pos, so before every later position too
        if heap:
            out[q] = attrs[sign * heap[0][0]]
    return out


def nearest_time(
    times: Iterable[dict],
    pos: int,
    within: tuple[int, int] | None = None,
    *,
    outside: Spans | None = None,
    present: bool = True,
) -> dict | None:
    """The time row nearest to ``pos`` (by its nearer end; the first of equals) that
    places a point or a period: not a duration, with a ``begin`` or an ``until``.

    ``times``: the rows of the position's sentence. ``within``: the content holding
    the position (only times that start inside it); else, with ``outside``, only
    times that start outside every one of those spans. ``present=False``: not
    «الآن» either (see the module docstring for why the tables differ).
    """
    best, best_distance = None, None
    for t in times:
        if t["kind"] == "duration" or (not present and t["value"] == "PRESENT_REF"):
            continue
        if pd.isna(t["begin"]) and pd.isna(t["until"]):
            continue
        start = t["start"]
        if within is not None:
            if not within[0] <= start < within[1]:
                continue
        elif outside is not None and outside.covers(start):
            continue
        distance = min(abs(start - pos), abs(t["end"] - pos))
        if best_distance is None or distance < best_distance:
            best, best_distance = t, distance
    return best
