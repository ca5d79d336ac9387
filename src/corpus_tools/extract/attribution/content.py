"""The content of a statement: where it starts and ends, and how it is reported.

The content opens after «أن / إن», a colon or a quotation (or a verb's own
preposition: «كشف عن», «لفت إلى»), and ends where the next top-level statement's
clause begins. :func:`speech` says whether it is quoted (direct), reported
(indirect) or both (mixed).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from corpus_tools.extract.attribution.article import Article, Source, Statement
from corpus_tools.extract.attribution.lexicon import BREAK, OPENER

_WORD_CHAR_RE = re.compile(r"\w")
_ONE_QUOTE_RE = re.compile(r"«[^«»]*»|“[^“”]*”")
_QUOTE_RE = re.compile(r"«[^»]*»|“[^”]*”")
#: What may stand between a quotation and a prepositional cue after it («…»، بحسب).
QUOTE_GAP = frozenset(" -–—،,")
#: Words a participle's content may open with («مشيراً إلى أن»).
TO = frozenset({"الي", "الى"})


def not_word(ch: str) -> bool:
    """``ch`` is not a word character."""
    return _WORD_CHAR_RE.match(ch) is None


def at_most_one_word(text: str, start: int, end: int, strip: str) -> bool:
    """``len(text[start:end].strip(strip).split()) <= 1``, reading from the end only as
    far as the second word (a long sentence before a cue is not copied or split)."""
    while end > start and text[end - 1] in strip:
        end -= 1
    while start < end and text[start] in strip:
        start += 1
    j = end
    while j > start and text[j - 1].isspace():
        j -= 1
    while j > start and not text[j - 1].isspace():
        j -= 1
    while j > start and text[j - 1].isspace():
        j -= 1
    return j == start


#: A quotation opens the content after a short adjunct of this many words at most
#: («وقالت الشركة في بيان «…»», «وكتب على حسابه في تويتر «…»»)
_ADJUNCT_BEFORE_QUOTE = 4
#: A quotation of this many words or fewer may be a name («صحيفة «الغد»»), not a content.
_QUOTED_NAME_WORDS = 4


def _quote_after_adjunct(art: Article, k: int, j: int) -> int | None:
    """Where the quotation opening before token ``j`` starts, when tokens ``k..j-1`` are a
    short adjunct with no punctuation («في بيان», «على حسابه في تويتر») and the
    quotation is longer than a name."""
    if not (0 < j - k <= _ADJUNCT_BEFORE_QUOTE) or art.tokens[k] not in art.lex.prepositions:
        return None
    if not art.gap_has(j, "«") or any(art.punct_before(t) for t in range(k + 1, j)):
        return None
    q = art.quote_at(art.ends[j - 1])
    if q is None or len(art.text[q[0] : q[1]].split()) <= _QUOTED_NAME_WORDS:
        return None
    return q[0]


def content_after(art: Article, k: int, stop: int, preps: frozenset[str]) -> int | None:
    """Content start (char offset) at token ``k`` (up to token ``stop``), or None.

    A complementizer, a colon or quotation right before ``k``, or one of ``preps``
    opens the content; after an adjunct («في تقرير نشرته، …») a complementizer or a
    colon within 12 words still does.
    """
    if k > stop:
        return None
    gap = art.gap(k)
    if ":" in gap or "«" in gap or "“" in gap:
        q = art.quote_at(art.ends[k - 1] + gap.find(":") + 1 if ":" in gap else art.ends[k - 1])
        return q[0] if q else art.starts[k]
    complementizers = art.lex.complementizers
    if art.tokens[k] in preps:
        k += 1
        if k > stop:
            return None
        if art.tokens[k] not in complementizers:
            return art.starts[k]
    for j in range(k, min(stop, k + 12) + 1):
        if j > k and (art.is_participle(j) or art.is_verb(j)):
            return None  # the words belong to the next statement
        if j > k and art.gap_has(j, ":"):  # «وقال X، أحد المحللين في مركز «جين»: «…»»
            q = art.quote_at(art.ends[j - 1] + art.gap(j).find(":") + 1)
            return q[0] if q else art.starts[j]
        q = _quote_after_adjunct(art, k, j)
        if q is not None:
            return q  # «وقالت الشركة في بيان «…»»
        if art.in_quote(j):
            continue  # «اليوم «الإثنين»، أنه»: a quoted word inside an adjunct
        if art.tokens[j] in complementizers:
            pos = art.ends[j]
            while pos < len(art.text) and art.text[pos] == " ":
                pos += 1
            return pos if j + 1 <= stop else None
        if j > k and art.gap_has(j, ":"):
            return art.starts[j]
    return _after_long_adjunct(art, k, stop)


#: How many words a long adjunct may hold before «، إن» opens the content («وقال
#: ل«الاقتصادية» فلان من إدارة … في أسئلة طرحتها الصحيفة حول …، إنه …»).
_LONG_ADJUNCT_WORDS = 40


def _after_long_adjunct(art: Article, k: int, stop: int) -> int | None:
    """A complementizer right after a comma, past the 12 words :func:`content_after`
    reads, with no cue, quotation or colon before it: the content after it."""
    complementizers = art.lex.complementizers
    for j in range(k + 13, min(stop, k + _LONG_ADJUNCT_WORDS) + 1):
        if art.is_participle(j) or art.is_verb(j) or art.in_quote(j) or art.gap_has(j, ":"):
            return None
        if art.tokens[j] in complementizers and art.punct_before(j) and j + 1 <= stop:
            pos = art.ends[j]
            while pos < len(art.text) and art.text[pos] == " ":
                pos += 1
            return pos
    return None


def clause_initial(art: Article, i: int, sent_first: int) -> bool:
    """Token ``i`` opens a clause: the sentence's start, و / ف, punctuation or an opener."""
    tokens = art.tokens
    while i > sent_first and tokens[i - 1] in art.lex.auxiliaries:
        i -= 1  # «وكان تقرير … حذر»: the clause opens at «وكان»
    if i == sent_first or (tokens[i][0] in "وف" and len(tokens[i]) > 2):
        return True
    if art.punct_before(i) or art.gap_has(i, "«") or art.gap_has(i, "»"):
        return True
    return art.ending_at(art.lex.openers, OPENER, i - 1, sent_first) is not None


def trim_opener(art: Article, start: int, end: int) -> int:
    """Move ``end`` back over the clause opener or complementizer and punctuation before it.

    «… بيد أن محللين يقدرون»: the first statement's content ends before «بيد أن».
    """
    lo = bisect_left(art.starts, start)  # no phrase may start before ``start``
    while True:
        t = bisect_right(art.ends, end) - 1  # last token ending at or before ``end``
        if t < lo:
            break
        m = art.ending_at(art.lex.clause_breaks, BREAK, t, lo)
        if m is None:
            break
        end = art.starts[m.first]
    while end > start and art.text[end - 1] in " ،,-–—\n":
        end -= 1
    return end


def close_contents(art: Article, found: list[Statement], s_end: int) -> list[Statement]:
    """Keep top-level and explicitly sourced statements; end each content where the next begins.

    A cue inside another statement's content («كشفت الصحيفة أن المتحدث … صرح») is
    its own statement only when it names its source; a subject-less one there
    («… رسالة تقول فيها») is part of the content.
    """
    if not found:
        return []
    kept = _top_level(art, found)
    for n, st in enumerate(kept):
        if st.content_end >= 0 or not st.kept:
            continue
        end = s_end
        for nxt in kept[n + 1 :]:
            if nxt.top and nxt.clause_start > st.content_start:
                cut = nxt.clause_start
                if (
                    nxt.lemma in art.lex.prep_lemmas
                    and 0 <= nxt.content_end <= art.starts[nxt.cue_first]
                ):
                    # «أكد أن «…»، حسب ما نقلته وكالة …»: the quotation the frame looks
                    # back to is still this statement's
                    cut = art.starts[nxt.cue_first]
                end = min(end, trim_opener(art, st.content_start, cut))
                break
        q = art.quote_at(st.content_start)
        if q is not None and q[1] <= end and not _WORD_CHAR_RE.search(art.text, q[1], end):
            end = q[1]
        aside = _ASIDE_RE.search(art.text, st.content_start, end)
        if aside is not None and not art.in_quote(bisect_right(art.starts, aside.start())):
            end = aside.start()  # «…، ذلك البلد الذي يناهز عدد سكانه …»: the writer's aside
        st.content_end = end
    return kept


#: The writer's aside on what the content just named: a comma, a demonstrative, a
#: definite noun and a relative pronoun («…في الفلبين، ذلك البلد الذي يناهز عدد سكانه
#: 100 مليون نسمة»). The content ends before it.
_ASIDE_RE = re.compile(r"\s*[،,]\s*(?:ذلك|تلك)\s+ال\w+\s+(?:الذي|التي|الذين)\b")


def _top_level(art: Article, found: list[Statement]) -> list[Statement]:
    """The statements of one sentence that stand on their own, marked ``top`` or nested."""
    sent_first = art.sentence_span(found[0].sent)[0]
    kept: list[Statement] = []
    for st in found:
        if st.cue_first < 0:
            kept.append(st)
            continue
        clause_tok = bisect_right(art.starts, st.clause_start - 1)
        top = clause_initial(art, clause_tok, sent_first) or clause_initial(
            art, st.cue_first, sent_first
        )
        explicit = st.source.resolution in ("named", "described") or st.relay_by is not None
        is_participle = (
            st.lemma in art.lex.participle_lemmas and st.source.resolution == "participle"
        )
        if top or explicit or is_participle:
            st.top = top
            if is_participle:  # it continues the statement before it, nested or not
                st.top = kept[-1].top if kept else True
            kept.append(st)
    return kept


def speech(content: str, names: frozenset[str] = frozenset(), colon: bool = False) -> str:
    """direct: the content is one quotation, or introduced by a colon; mixed: quoted and
    reported words; else indirect.

    A quoted word («داعش»), a quoted name (one of ``names``, the entities the
    content holds: «سي بي سي إكسترا») or a short definite phrase («الجهاديون
    الأجانب») marks a term, not speech; other quoted words are the speaker's own
    («معركة صعبة», «لم يحصل»). A headline's colon («الغارديان: …») is not speech.

    >>> speech("«نحن هنا ولن نغادر أبداً».")
    'direct'
    >>> speech("«إبادة»")
    'direct'
    >>> speech("أن مقاتلي «داعش» غادروا")
    'indirect'
    >>> speech("أن الوضع «صعب جداً ولا يحتمل أبداً» كما قالوا"), speech("يتوقع «معركة صعبة».")
    ('mixed', 'mixed')
    >>> speech("الوضع مستقر ولا خوف", colon=True)
    'direct'
    """
    body = content.strip(" .،,")
    if _ONE_QUOTE_RE.fullmatch(body):
        return "direct"
    quotes = [m for m in _QUOTE_RE.finditer(body) if not _a_term(m.group()[1:-1], names)]
    if not quotes:
        return "direct" if colon else "indirect"
    outside = body
    for m in reversed(quotes):
        outside = outside[: m.start()] + " " + outside[m.end() :]
    words = [w for w in outside.split() if _WORD_CHAR_RE.search(w)]
    return "direct" if not words else "mixed"


def _a_term(quoted: str, names: frozenset[str]) -> bool:
    """Quoted words that name or label rather than report: one word, a name of
    ``names``, or up to three words all with the article («الجهاديون الأجانب»)."""
    words = quoted.split()
    if len(words) <= 1 or quoted.strip() in names:
        return True
    return len(words) <= 3 and all(w.startswith(("ال", "«ال")) for w in words)


def statement_row(art: Article, st: Statement, src: Source, via: str | None) -> dict:
    """The table row of a statement attributed to ``src`` (offsets into the clean text)."""
    text = art.text
    if st.cue_first >= 0:
        cue_start, cue_end = art.starts[st.cue_first], art.ends[st.cue_last]
    else:
        cue_start, cue_end = st.cue_start, st.cue_end
    s_start, s_end = _source_span(art, src)
    c_start, c_end = st.content_start, st.content_end
    while c_end > c_start and text[c_end - 1] in " \n":
        c_end -= 1
    content = text[c_start:c_end]
    names = art.entity_texts_in(c_start, c_end)
    colon = st.cue_rule != "headline-colon" and _after_colon(text, c_start)
    kind = speech(content, names, colon)
    if kind == "direct" and content.startswith("«") and content.endswith("»"):
        c_start, c_end = c_start + 1, c_end - 1
        content = text[c_start:c_end]
    bounds = [
        p for p in (cue_start, cue_end, s_start, s_end, c_start, c_end) if p is not None and p >= 0
    ]
    return {
        "sent_id": st.sent,
        "start": min(bounds),
        "end": max(bounds),
        "cue": text[cue_start:cue_end],
        "cue_start": cue_start,
        "cue_end": cue_end,
        "cue_lemma": st.lemma,
        "source_text": text[s_start:s_end] if s_start >= 0 else "",
        "source_start": s_start,
        "source_end": s_end,
        "source": src.name,
        "source_id": src.entity_id,
        "source_type": src.type or "anonymous",
        "resolution": src.resolution,
        "rule": f"{st.cue_rule}:{src.rule}" if src.rule else st.cue_rule,
        "speech": kind,
        "content": content,
        "content_start": c_start,
        "content_end": c_end,
        "via": via,
    }


def _after_colon(text: str, pos: int) -> bool:
    """A colon stands right before ``pos`` (spaces and an opening quotation mark aside)."""
    j = pos
    while j > 0 and text[j - 1] in " «“\n":
        j -= 1
    return j > 0 and text[j - 1] == ":"


def _source_span(art: Article, src: Source) -> tuple[int, int]:
    """Clean-text span of the source as written (a closing » of its name included)."""
    if src.text_first < 0:
        return -1, -1
    text = art.text
    s_start, s_end = art.starts[src.text_first], art.ends[src.text_last]
    while s_end < len(text) and text[s_end] == "»" and "«" in text[s_start:s_end]:
        s_end += 1
    return s_start, s_end
