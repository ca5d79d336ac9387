"""Did it happen? The modality and polarity of an event trigger.

One reading of the words before a trigger, in its clause (``data/modality.toml``):

- a trigger in the future («سيعود») is ``expected``; one read with the «ل» of purpose
  («للانضمام», «لمغادرة», «لإجراء محاكمة») is ``intended`` (not with a pronoun:
  «لانضمامه» is a cause);
- else the cue nearest before it, up to ``window`` tokens back and with no clause break
  between (punctuation, a relative pronoun, «إن» of reported speech, a subordinator),
  decides: ``negated`` («لم», «عدم», «لن»), ``intended`` («يريدون», «محاولة»),
  ``expected`` («يتوقع», «انتظار»), ``hypothetical`` («قد» before an imperfect, «إذا»,
  «يمكن أن») or ``reported_plan`` («تعتزم», «من المقرر»);
- «قد», «يكون», «ربما» before a perfect hedge what happened: it stays ``asserted``
  («قد يكون قتل»), as a hedged report is still a report of an event;
- an imperfect with no cue that no time of its clause dates is ``ongoing``, a state or
  a habit («التي تحاكم بتهمة», «يُحتجزون في معسكرات»), except in the headline and
  after «قبل أن / بعد أن» (:func:`goes_on`; the timeline applies it).

``polarity`` is ``negative`` for a negated event, else ``positive``.

>>> from corpus_tools.extract.events import find_events
>>> def read(text):
...     doc, out = Document(text), []
...     for h in find_events(text):
...         out.append((h, modality_of(doc, h, out[-1] if out else None)))
...     return [m for _, (m, _) in out]
>>> read("لم يتمكنوا من الفرار"), read("يريدون العودة"), read("قد يعودون")
(['negated'], ['intended'], ['hypothetical'])
>>> read("وقال إنه قد يكون قتل في قصف"), read("سافر للانضمام إلى التنظيم")
(['asserted', 'asserted'], ['asserted', 'intended'])
>>> read("لم يتمكنوا من الفرار والعودة")
['negated', 'negated']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from corpus_tools.resources import load_toml
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching, strip_marks
from corpus_tools.text.tokens import without_conjunction

__all__ = [
    "CLAUSE_PUNCT_RE", "MODALITIES", "clause_breaks", "goes_on", "modality_of", "polarity",
]  # fmt: skip

#: Every modality a row may have, the default first; ``ongoing`` has no cue words
#: (:func:`goes_on`).
MODALITIES = (
    "asserted", "negated", "intended", "expected", "hypothetical", "reported_plan", "ongoing",
)  # fmt: skip
_CUE_KINDS = MODALITIES[1:-1]
#: A clause break between two tokens (in the clean text between them).
CLAUSE_PUNCT_RE = re.compile(r"[.،,؛;:!?؟()\[\]«»\"“”]")
#: «ألا» (that … not), as written: the matching form folds it into «إلا» (except).
_NOT_THAT_RE = re.compile(r"^[وف]?[بل]?ألا$")
#: «إن» of reported speech, as written (the matching form folds it into «أن»).
_SPEECH_INNA_RE = re.compile(r"^[وف]?إن(?:ه|ها|هم|هما|هن|نا)?$")


@dataclass(frozen=True)
class _Cues:
    window: int
    kinds: dict[str, str]  # word → modality
    hedges: frozenset[str]
    breaks: frozenset[str]
    light: frozenset[str]


@cache
def _cues() -> _Cues:
    data = load_toml("modality.toml")
    n = normalize_for_matching
    kinds: dict[str, str] = {}
    for kind in _CUE_KINDS:
        for word in data[kind]:
            kinds.setdefault(n(word), kind)
    return _Cues(
        int(data.get("window", 4)),
        kinds,
        frozenset(n(w) for w in data["hedges_before_perfect"]),
        frozenset(n(w) for w in data["breaks"]),
        frozenset(n(w) for w in data.get("light_nouns", [])),
    )


def clause_breaks() -> frozenset[str]:
    """The words that end a clause (``breaks`` of ``data/modality.toml``, matching form)."""
    return _cues().breaks


def modality_of(doc: Document, hit, previous: tuple | None = None) -> tuple[str, str]:
    """``(modality, cue)`` of a trigger (an :class:`~corpus_tools.extract.events.Hit`):
    the modality and the words that decide it (``""`` when asserted by default).

    ``previous``: ``(hit, (modality, cue))`` of the trigger before it; a cue before
    that one governs it, and this one shares its modality («لم يتمكنوا من الفرار
    والعودة»: both negated) when nothing breaks the clause between them."""
    if hit.kind == "future":
        return "expected", doc.text[hit.start : hit.start + 2].strip()
    if hit.prep == "ل" and hit.kind in ("noun", "present") and not _has_pronoun(doc, hit):
        return "intended", "ل"  # not «لانضمامه»: «for his joining», a cause
    cues = _cues()
    tokens = doc.tokens
    if hit.kind == "noun" and hit.first and _is_purpose(tokens[hit.first - 1], cues.light):
        return "intended", doc.text[doc.starts[hit.first - 1] : doc.ends[hit.first - 1]]
    sentence_start = doc.sentences[doc.sentence_of(hit.start)][0] if doc.sentences else 0
    for j in range(hit.first - 1, max(hit.first - 1 - cues.window, -1), -1):
        if doc.starts[j] < sentence_start or CLAUSE_PUNCT_RE.search(doc.gap(j + 1)):
            break
        if previous is not None and previous[0].first <= j <= previous[0].reach:
            return previous[1] if previous[1][0] != "asserted" else ("asserted", "")
        word = without_conjunction(tokens[j])
        if _NOT_THAT_RE.match(doc.text[doc.starts[j] : doc.ends[j]]):
            return "negated", doc.text[doc.starts[j] : doc.ends[j]]
        if word in cues.breaks or tokens[j] in cues.breaks:
            break
        if _SPEECH_INNA_RE.match(doc.text[doc.starts[j] : doc.ends[j]]):
            break
        if hit.kind in ("past", "phrase") and word in cues.hedges:
            return "asserted", doc.text[doc.starts[j] : doc.ends[j]]
        kind = cues.kinds.get(word) or cues.kinds.get(tokens[j])
        if kind is not None:
            return kind, doc.text[doc.starts[j] : doc.ends[j]]
    return "asserted", ""


#: A pronoun at the end of a word as written (ه, not the ة the matching form folds into it).
_PRONOUN_END_RE = re.compile(r"(?:ه|ها|هم|هما|هن)$")


def _has_pronoun(doc: Document, hit) -> bool:
    """Whether the trigger's last word carries a pronoun: read off (``suffix``), or part
    of a form the trigger list gives whole («لإدانته», «لسفره»: «for his conviction»)."""
    if hit.suffix:
        return True
    word = strip_marks(doc.text[doc.starts[hit.last] : doc.ends[hit.last]])
    return bool(_PRONOUN_END_RE.search(word))


#: Words before «أن» after which an imperfect tells a past event («قبل أن ينضم»).
_PAST_SUBJUNCTIVE = frozenset(
    normalize_for_matching(w) for w in ("قبل", "بعد", "حتى", "إلى", "منذ", "بمجرد")
)


def goes_on(doc: Document, hit) -> bool:
    """Whether an asserted trigger in the imperfect tells a state or a habit, not a
    happening («التي تحاكم بتهمة», «يُحتجزون في معسكرات», «إذ يفر بعضهم»): not in
    the headline (whose present is the news: «ترامب يجمّد»), and not after «قبل أن /
    بعد أن» (a past event). The timeline calls such a row ``ongoing`` unless a time of
    its own clause dates it («يزور الوزير باريس اليوم»).

    >>> from corpus_tools.extract.events import find_events
    >>> [goes_on(Document(t), find_events(t)[-1]) for t in (
    ...     "والمسلحون يحتجزون في معسكرات", "وتدرب في اليمن قبل أن ينضم إلى التنظيم")]
    [True, False]
    """
    if hit.kind != "present":
        return False
    if hit.start < doc.headline_end:
        return False
    i = hit.first
    if i >= 2 and without_conjunction(doc.tokens[i - 1]) == "ان":
        return without_conjunction(doc.tokens[i - 2]) not in _PAST_SUBJUNCTIVE
    return True


def _is_purpose(token: str, light: frozenset[str]) -> bool:
    """«لإجراء», «لتنفيذ»: a light noun with the «ل» of purpose."""
    t = without_conjunction(token)
    return t.startswith("ل") and (t[1:] in light or ("ا" + t[1:]) in light)


def polarity(modality: str) -> str:
    """``negative`` for a negated event, else ``positive``."""
    return "negative" if modality == "negated" else "positive"
