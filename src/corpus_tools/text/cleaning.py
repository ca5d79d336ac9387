"""Cleaning: from a raw scrape to the text analysts read and extractors tag.

Each step is a small pure function ``str -> list[Edit]`` (plus the boilerplate
step, which also returns fields). :func:`clean_text` applies them in order to a
:class:`~corpus_tools.text.textmap.MappedText`, so every character of the clean text
still knows its raw span, and every edit is logged with its reason. The steps are
repeated until nothing changes, which makes cleaning idempotent.

Column contract of :func:`clean_corpus` (added to the loaded articles; ``raw_text``
is never touched):

=================  =================  ===================================================
column             dtype              meaning
=================  =================  ===================================================
text               str                clean text; paragraphs separated by one blank line
headline           str / NA           first paragraph when it is a headline
dateline           str / NA           «لندن-سانا»: place and agency opening the article
byline             str / NA           author or desk from a metadata block
source_line        str / NA           «المصدر : …» line
page_timestamp     str / NA           date/time printed in page furniture, as written
page_date          datetime64[s]      that date read as a day (NaT if none); it may be
                                      the page's render date, not the publication date
page_date_from     str / NA           ``metadata_block`` or ``page_timestamp``
n_changes          int64              number of logged edits
offsets            object             compact clean → raw map (see :func:`raw_spans`)
changes            object             tuple of :class:`~corpus_tools.text.textmap.Change`
=================  =================  ===================================================

Example:
    >>> r = clean_text("عناصر  من داعش\\u0640\\u0640\\nكشفت صحيفة \\"وول\\nستريت جورنال\\" أن…")
    >>> r.text
    'عناصر من داعش\\n\\nكشفت صحيفة «وول ستريت جورنال» أن…'
    >>> r.fields["headline"]
    'عناصر من داعش'
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from corpus_tools.pipeline.tables import positions_by, problem_row, warn_failed, with_problems
from corpus_tools.progress import progress
from corpus_tools.text.boilerplate import (
    BULLETS,
    TERMINAL,
    TRAILING_CLOSERS,
    Rules,
    boilerplate_edits,
    is_title_like,
    load_rules,
)
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.textmap import Change, Edit, MappedText, OffsetMap

FIELD_COLUMNS = (
    "headline",
    "dateline",
    "byline",
    "source_line",
    "page_timestamp",
    "page_date",
    "page_date_from",
)
MAX_PASSES = 6

# ---- character classes ---------------------------------------------------------
PRESENTATION_FORMS_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e]+")
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_CLUSTER_RE = re.compile(f"(?s).[{_MARKS}]+")
INVISIBLE = {
    "tatweel": ("\u0640", "tatweel (kashida) elongation"),
    "invisible": ("\u200b\u200c\u200d\u2060\ufeff\u00ad", "zero-width or soft-hyphen character"),
    "bidi_control": ("\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c", "bidi control character"),
    "control": ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f", "control character"),
}
_ANY_INVISIBLE_RE = re.compile("|".join(f"(?P<{k}>[{c}]+)" for k, (c, _) in INVISIBLE.items()))
NBSP_RE = re.compile("[\u00a0\u202f\u2007]+")
SPACE_RE = re.compile("[\t\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
NEWLINE_RE = re.compile("\r\n?|[\u2028\u2029\u0085]")
MULTISPACE_RE = re.compile(" {2,}")
LINE_EDGE_SPACE_RE = re.compile("^ +| +$", re.M)
DOUBLE_QUOTES = '"“”„‟″〝〞＂«»'
QUOTE_RE = re.compile(f"[{DOUBLE_QUOTES}]")
_BLANK_LINE_RE = re.compile("(?=\n\n)")  # every start of "\n\n", overlapping ones too
OPEN_QUOTE, CLOSE_QUOTE = "«", "»"
_OPENERS = "([{«—–-/"
_CLOSER_PUNCT = ".,،؛;:!?؟)]}»…"
SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=\S) +(?=[.,،؛;:!?؟)\]»])")
SPACE_AFTER_OPEN_RE = re.compile(r"(?<=[«(\[]) +")
NEWLINE_RUN_RE = re.compile(r"\s*\n\s*")
WORD_RE = re.compile(r"\w+")
LIST_ITEM_RE = re.compile(rf"^(?:[{BULLETS}*\-–—]\s|\d{{1,2}} ?[.)\-–]\s)")


# ---- character-level steps -------------------------------------------------------
def unicode_edits(text: str) -> list[Edit]:
    """NFKC for Arabic presentation forms and full-width ASCII; NFC for the rest.

    >>> [e.replacement for e in unicode_edits("\\ufefb")]  # lam-alef ligature
    ['لا']
    """
    edits = [
        Edit(
            m.start(),
            m.end(),
            unicodedata.normalize("NFKC", m[0]),
            "unicode",
            "presentation form or full-width character normalised (NFKC)",
        )
        for m in PRESENTATION_FORMS_RE.finditer(text)
    ]
    if unicodedata.is_normalized("NFC", text):
        return edits
    taken = {i for e in edits for i in range(e.start, e.end)}
    # NFC changes a character followed by combining marks (composition, mark order)
    # or a singleton with a canonical decomposition; look only at those.
    clusters = list(_CLUSTER_RE.finditer(text))
    singles = "".join(c for c in set(text) if unicodedata.normalize("NFC", c) != c)
    if singles:
        covered = {i for m in clusters for i in range(m.start(), m.end())}
        clusters += [
            m for m in re.finditer(f"[{re.escape(singles)}]", text) if m.start() not in covered
        ]
    for m in sorted(clusters, key=lambda m: m.start()):
        cluster = m[0]
        if m.start() in taken or unicodedata.is_normalized("NFC", cluster):
            continue
        edits.append(
            Edit(
                m.start(),
                m.end(),
                unicodedata.normalize("NFC", cluster),
                "unicode",
                "canonical composition / mark order normalised (NFC)",
            )
        )
    return edits


def invisible_edits(text: str) -> list[Edit]:
    """Remove tatweel, zero-width, bidi-control and control characters.

    >>> [(e.kind, e.start) for e in invisible_edits("داعـــش\\u200f")]
    [('tatweel', 3), ('bidi_control', 7)]
    """
    edits = []
    for m in _ANY_INVISIBLE_RE.finditer(text):
        kind = m.lastgroup or "invisible"
        edits.append(Edit(m.start(), m.end(), "", kind, INVISIBLE[kind][1]))
    return edits


def space_char_edits(text: str) -> list[Edit]:
    """NBSP and other space characters → space; CR and Unicode line separators → newline."""
    edits = [
        Edit(m.start(), m.end(), " ", "nbsp", "no-break space → space")
        for m in NBSP_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), " ", "whitespace", "tab or special space → space")
        for m in SPACE_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), "\n", "whitespace", "line separator → newline")
        for m in NEWLINE_RE.finditer(text)
    ]
    return edits


def space_run_edits(text: str) -> list[Edit]:
    """Collapse runs of spaces; trim spaces at the edges of lines."""
    edits = [
        Edit(m.start(), m.end(), "", "whitespace", "space at line edge")
        for m in LINE_EDGE_SPACE_RE.finditer(text)
    ]
    taken = {e.start for e in edits}
    edits += [
        Edit(m.start() + 1, m.end(), "", "whitespace", "repeated space")
        for m in MULTISPACE_RE.finditer(text)
        if m.start() not in taken and m.end() < len(text) and text[m.end()] != "\n"
    ]
    return _non_overlapping(edits)


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def quote_edits(text: str) -> list[Edit]:
    """Unify double quotation marks as «…», deciding open or close from context.

    A mark after a space and before a word opens; one after a word and before a
    space or punctuation closes; otherwise it closes an open quotation or opens
    a new one. Quotation state resets at blank lines.

    >>> t = 'قال "إنه “هنا” الآن". '
    >>> MappedText.from_raw(t).apply(quote_edits(t)).text
    'قال «إنه «هنا» الآن». '
    """
    edits: list[Edit] = []
    depth = 0
    last_newline = -2
    # the start of the last blank line before each mark (``text.rfind("\n\n", 0, i)``),
    # found by walking the blank lines alongside the marks: no rescan of the text
    breaks = [m.start() for m in _BLANK_LINE_RE.finditer(text)]
    k = 0
    para_break = -1
    for m in QUOTE_RE.finditer(text):
        i, q = m.start(), m[0]
        while k < len(breaks) and breaks[k] + 2 <= i:
            para_break = breaks[k]
            k += 1
        if para_break > last_newline:
            depth, last_newline = 0, para_break
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        left_open = prev.isspace() or prev in _OPENERS
        right_close = nxt.isspace() or nxt in _CLOSER_PUNCT
        if q == OPEN_QUOTE:
            opening = True
        elif q == CLOSE_QUOTE:
            opening = False
        elif left_open and not right_close:
            opening = True
        elif right_close and not left_open:
            opening = False
        else:
            opening = depth == 0
        depth = depth + 1 if opening else max(depth - 1, 0)
        new = OPEN_QUOTE if opening else CLOSE_QUOTE
        if new != q:
            edits.append(Edit(i, i + 1, new, "quote", f"quotation mark {q!r} unified as {new}"))
    return edits


def punctuation_space_edits(text: str) -> list[Edit]:
    """Remove spaces before closing punctuation and after opening quotes or brackets.

    >>> [e.start for e in punctuation_space_edits("السعوديين ، و« إنه »")]
    [9, 14, 18]
    """
    edits = [
        Edit(m.start(), m.end(), "", "whitespace", "space before punctuation")
        for m in SPACE_BEFORE_PUNCT_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), "", "whitespace", "space after opening quote or bracket")
        for m in SPACE_AFTER_OPEN_RE.finditer(text)
    ]
    return _non_overlapping(edits)


# ---- structure: lines, paragraphs, repeats -------------------------------------------
def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(TRAILING_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def line_break_edits(text: str, rules: Rules | None = None) -> list[Edit]:
    """Join lines broken inside a sentence; make every other break a paragraph break.

    A break is joined (→ space) when the line ends with a comma (across at most
    one blank line), or when there is no blank line and the paragraph has an open
    quotation or the line ends without sentence punctuation and is not a heading.
    Every other break becomes exactly one blank line.

    >>> t = 'عنوان الخبر\\nكشفت صحيفة «وول\\nستريت جورنال» أن الجهاديين\\nيفرون.'
    >>> MappedText.from_raw(t).apply(line_break_edits(t)).text
    'عنوان الخبر\\n\\nكشفت صحيفة «وول ستريت جورنال» أن الجهاديين يفرون.'
    """
    rules = rules or load_rules()
    edits: list[Edit] = []
    para_start = line_start = 0
    prev_gap = 1  # the document start counts as a paragraph break
    for m in NEWLINE_RUN_RE.finditer(text):
        s, e = m.span()
        if s == 0 or e == len(text):
            edits.append(Edit(s, e, "", "whitespace", "blank space at the edge of the text"))
            line_start = para_start = e
            continue
        gap = m[0].count("\n") - 1
        line = text[line_start:s]
        paragraph = text[para_start:s]
        next_line = text[e : text.find("\n", e) if "\n" in text[e:] else len(text)]
        first_line = line_start == para_start
        norm_line = normalize_for_matching(line)
        mid_sentence = bool(rules.continues_at_end.fullmatch(norm_line))
        heading = (
            first_line
            and prev_gap >= 1
            and is_title_like(line)
            and not mid_sentence
            and not rules.continues_at_start.fullmatch(norm_line)
        )
        listy = bool(LIST_ITEM_RE.match(next_line) or LIST_ITEM_RE.match(line))
        open_quote = paragraph.count(OPEN_QUOTE) > paragraph.count(CLOSE_QUOTE)
        comma = line.rstrip()[-1:] in ("،", ",", "؛", ";")
        if listy:
            join = False
        elif comma and gap <= 1:
            join, why = True, "line broken after a comma"
        elif gap == 0 and open_quote:
            join, why = True, "line broken inside a quotation"
        elif gap == 0 and not _ends_sentence(line) and not heading:
            join, why = True, "line broken in the middle of a sentence"
        elif gap <= 1 and mid_sentence:
            join, why = True, "line ends on a word that cannot end a sentence"
        else:
            join = False
        if join:
            edits.append(Edit(s, e, " ", "line_join", why))
        else:
            if m[0] != "\n\n":
                edits.append(Edit(s, e, "\n\n", "whitespace", "paragraph break normalised"))
            para_start = e
            prev_gap = gap
        line_start = e
    return edits


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (separated by blank lines)."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        if part.strip():
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def _shingles(tokens: list[str], n: int = 3) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 1))]


def _covered_share(
    tokens: list[str], shingles: list[tuple[str, ...]], seen: set[tuple[str, ...]], n: int = 3
) -> float:
    """Share of ``tokens`` inside at least one word n-gram that occurred before."""
    covered = [False] * len(tokens)
    for i, sh in enumerate(shingles):
        if sh in seen:
            for k in range(i, min(i + n, len(tokens))):
                covered[k] = True
    return sum(covered) / len(tokens) if tokens else 0.0


@dataclass
class RepeatScan:
    """Which paragraphs repeat earlier text, and a headline stranded before a copy."""

    edits: list[Edit] = field(default_factory=list)
    stranded_headline: tuple[int, int] | None = None


def repeat_edits(
    text: str,
    *,
    min_words: int = 8,
    near_min_words: int = 25,
    coverage: float = 0.9,
    copy_share: float = 0.5,
) -> RepeatScan:
    """Find repeated paragraphs and repeated copies of the article.

    A paragraph of at least ``min_words`` words is removed when its words (in
    matching form) equal an earlier paragraph's, or, for paragraphs of at least
    ``near_min_words`` words, when at least ``coverage`` of its words sit inside
    word 3-grams that already occurred earlier: this catches a second copy
    flattened into one paragraph, even with a few words changed, while formulaic
    short paragraphs («وفي يوم … هنأ …») that share phrases are kept.
    List items are never removed (the same item may stand in two lists), and a
    headline is only moved when what follows it repeats at least ``copy_share``
    of the kept text (a copy of the article, not a stray repeat).

    >>> p1 = "ذكرت الوكالة أن مئات المقاتلين الأجانب فروا من المدينة خلال الأسبوع."
    >>> t = p1 + "\\n\\nوأضافت أن السلطات اعتقلت عشرات منهم.\\n\\n" + p1
    >>> [t[e.start:e.end] for e in repeat_edits(t).edits] == ["\\n\\n" + p1]
    True
    """
    scan = RepeatScan()
    seen_exact: set[str] = set()
    seen_shingles: set[tuple[str, ...]] = set()
    paragraphs = paragraph_spans(text)
    kept: list[int] = []
    removed: list[int] = []
    words: list[int] = []
    for k, (s, e) in enumerate(paragraphs):
        tokens = WORD_RE.findall(normalize_for_matching(text[s:e]))
        words.append(len(tokens))
        shingles = _shingles(tokens)
        why = None
        if len(tokens) >= min_words and not LIST_ITEM_RE.match(text[s:e]):
            key = " ".join(tokens)
            if key in seen_exact:
                why = "repeated paragraph (exact)"
            elif (
                len(tokens) >= near_min_words
                and (share := _covered_share(tokens, shingles, seen_shingles)) >= coverage
            ):
                why = f"repeated text: {share:.0%} of its words repeat earlier text (near copy)"
        if why is None:
            seen_exact.add(" ".join(tokens))
            seen_shingles.update(shingles)
            kept.append(k)
            continue
        removed.append(k)
        start = paragraphs[k - 1][1] if k > 0 else s
        end = e if k > 0 else (paragraphs[k + 1][0] if k + 1 < len(paragraphs) else e)
        scan.edits.append(Edit(start, end, "", "repeat", why))
    # A headline printed between the first copy and a later (removed) copy.
    if removed and len(kept) > 1 and kept[-1] > 0 and kept[-1] + 1 in removed:
        h = kept[-1]
        s, e = paragraphs[h]
        first_s, first_e = paragraphs[kept[0]]
        copied = sum(words[k] for k in removed if k > h)
        body = sum(words[k] for k in kept[:-1])
        if (
            copied >= copy_share * body
            and is_title_like(text[s:e])
            and not is_title_like(text[first_s:first_e])
        ):
            scan.stranded_headline = (s, e)
    return scan


# ---- the pipeline -------------------------------------------------------------------
CHAR_STEPS: tuple[Callable[[str], list[Edit]], ...] = (
    unicode_edits,
    invisible_edits,
    space_char_edits,
    quote_edits,
    space_run_edits,
    punctuation_space_edits,
)


@dataclass
class CleanResult:
    """The outcome of cleaning one text."""

    text: str
    offsets: OffsetMap
    changes: list[Change]
    fields: dict[str, str]


def _move_headline(
    mt: MappedText, span: tuple[int, int], raw: str, log: list[Change]
) -> MappedText:
    s, e = span
    headline = mt[s:e]
    rs, re_ = mt.raw_span(s, e)
    before = mt[: max(s - 2, 0)]
    after = mt[e:]
    sep = mt.inserted("\n\n", int(mt.raw_span(e - 1, e)[1]))
    log.append(
        Change(
            "headline_moved",
            rs,
            re_,
            raw[rs:re_],
            headline.text,
            "headline printed before a repeated copy, moved to the top",
        )
    )
    return headline + sep + before + after


def clean_text(raw: str, rules: Rules | None = None) -> CleanResult:
    """Clean one raw article (pure: depends only on ``raw`` and ``rules``).

    >>> clean_text("لندن-سانا\\nكشف دبلوماسيون غربيون…").fields["dateline"]
    'لندن-سانا'
    """
    rules = rules or load_rules()
    mt = MappedText.from_raw(raw)
    log: list[Change] = []
    fields: dict[str, str] = {}
    for _ in range(MAX_PASSES):
        before = mt.text
        for step in CHAR_STEPS:
            mt = mt.apply(step(mt.text), raw, log)
        edits, found = boilerplate_edits(mt.text, rules)
        for key, value in found.items():
            fields.setdefault(key, value)
        mt = mt.apply(edits, raw, log)
        mt = mt.apply(line_break_edits(mt.text, rules), raw, log)
        scan = repeat_edits(mt.text)
        if scan.stranded_headline is not None:
            s, e = scan.stranded_headline
            shift = sum(x.end - x.start for x in scan.edits if x.end <= s)
            mt = mt.apply(scan.edits, raw, log)
            mt = _move_headline(mt, (s - shift, e - shift), raw, log)
        else:
            mt = mt.apply(scan.edits, raw, log)
        if mt.text == before:
            break
    paragraphs = paragraph_spans(mt.text)
    if len(paragraphs) > 1:
        s, e = paragraphs[0]
        if is_title_like(mt.text[s:e], max_words=25):
            fields.setdefault("headline", mt.text[s:e])
    return CleanResult(mt.text, OffsetMap.from_mapped(mt), log, fields)


def _failed(raw: str) -> CleanResult:
    """What an article that cleaning failed on gets: no text (every later step skips it)."""
    return CleanResult("", OffsetMap.from_mapped(MappedText.from_raw("")), [], {})


def _clean_or_fail(raw: str, rules: Rules) -> CleanResult | BaseException:
    try:
        return clean_text(raw, rules)
    except Exception as exc:  # one article must not sink the corpus
        return exc


def _portable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _clean_many(raws: list[str], rule_files: tuple[str, ...]) -> list[CleanResult | BaseException]:
    rules = load_rules(list(rule_files)) if rule_files else load_rules()
    out = [_clean_or_fail(r, rules) for r in raws]
    return [_portable(r) if isinstance(r, BaseException) else r for r in out]


def clean_corpus(
    articles: pd.DataFrame,
    *,
    boilerplate: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    n_jobs: int = 1,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """Add clean ``text`` and the fields cleaning found (see the module's column table).

    ``boilerplate``: extra rule files (same format as ``data/boilerplate.toml``).
    ``n_jobs``: worker processes (articles are cleaned independently).

    An article cleaning fails on gets an empty ``text`` (later steps skip it), a
    row in :func:`corpus_tools.pipeline.tables.step_problems` of the result, and one
    warning says how many failed; when every article fails, the first error is raised.

    >>> df = pd.DataFrame({"article_id": ["a"], "raw_text": ["نص  الخبر\\u200f."]})
    >>> clean_corpus(df).loc[0, "text"]
    'نص الخبر.'
    """
    if "raw_text" not in articles.columns:
        raise KeyError("clean_corpus needs a 'raw_text' column (see load_corpus)")
    if boilerplate is None:
        rule_files: tuple[str, ...] = ()
    elif isinstance(boilerplate, str | os.PathLike):
        rule_files = (os.fspath(boilerplate),)
    else:
        rule_files = tuple(os.fspath(p) for p in boilerplate)
    rules = load_rules(list(rule_files)) if rule_files else load_rules()
    raws = ["" if pd.isna(r) else str(r) for r in articles["raw_text"]]
    if n_jobs > 1 and len(raws) > 200:
        size = max(len(raws) // (n_jobs * 8), 50)
        chunks = [raws[i : i + size] for i in range(0, len(raws), size)]
        with ProcessPoolExecutor(n_jobs) as pool:
            futures = pool.map(_clean_many, chunks, [rule_files] * len(chunks))
            results = [
                r
                for chunk in progress(
                    futures, total=len(chunks), desc="cleaning", show=show_progress, unit="chunk"
                )
                for r in chunk
            ]
    else:
        results = [
            _clean_or_fail(r, rules) for r in progress(raws, desc="cleaning", show=show_progress)
        ]
    ids = articles["article_id"].tolist() if "article_id" in articles else list(range(len(raws)))
    failed = [k for k, r in enumerate(results) if isinstance(r, BaseException)]
    if failed and len(failed) == len(results):
        exc = results[failed[0]]
        exc.add_note(f"clean_corpus failed on every article ({len(results):,})")
        raise exc
    problems = [problem_row(ids[k], "clean_corpus", results[k]) for k in failed]
    for k in failed:
        results[k] = _failed(raws[k])
    warn_failed("clean_corpus", problems, len(results))
    out = articles.copy()
    out["text"] = pd.array([r.text for r in results], dtype="str")
    for name in FIELD_COLUMNS:
        values = [r.fields.get(name) for r in results]
        if name == "page_date":
            dates = pd.to_datetime(
                pd.Series(values, index=out.index, dtype="object"), errors="coerce"
            )
            out[name] = dates.astype("datetime64[s]")
        else:
            out[name] = pd.array(values, dtype="str")
    extra = sorted({k for r in results for k in r.fields} - set(FIELD_COLUMNS))
    for name in extra:
        out[name] = pd.array([r.fields.get(name) for r in results], dtype="str")
    out["n_changes"] = np.array([len(r.changes) for r in results], dtype=np.int64)
    out["offsets"] = pd.Series([r.offsets for r in results], index=out.index, dtype="object")
    out["changes"] = pd.Series([tuple(r.changes) for r in results], index=out.index, dtype="object")
    gone = (out["text"].str.len() == 0) & (pd.Series(raws, index=out.index) != "")
    gone.iloc[failed] = False
    emptied = out.loc[gone, "article_id"].tolist()
    if emptied:
        warnings.warn(
            f"cleaning removed everything from {len(emptied)} article(s) "
            f"(see cleaning_report): {emptied[:10]}",
            stacklevel=2,
        )
    return with_problems(out, problems)


REPORT_COLUMNS = [
    "article_id",
    "kind",
    "raw_start",
    "raw_end",
    "removed_text",
    "inserted_text",
    "reason",
]


def cleaning_report(articles: pd.DataFrame, *, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per change cleaning made: where in ``raw_text``, what went, and why.

    Columns: ``article_id``, ``kind``, ``raw_start``, ``raw_end`` (int64, offsets in
    ``raw_text``), ``removed_text``, ``inserted_text``, ``reason``. ``kinds`` keeps
    only those kinds (e.g. leave out ``whitespace``).
    """
    if "changes" not in articles.columns:
        raise KeyError("cleaning_report needs articles from clean_corpus")
    wanted = set(kinds) if kinds is not None else None
    rows = [
        (aid, c.kind, c.raw_start, c.raw_end, c.removed_text, c.inserted_text, c.reason)
        for aid, changes in zip(articles["article_id"], articles["changes"], strict=True)
        for c in changes
        if wanted is None or c.kind in wanted
    ]
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return report.astype(
        {
            "article_id": "str",
            "kind": "str",
            "raw_start": "int64",
            "raw_end": "int64",
            "removed_text": "str",
            "inserted_text": "str",
            "reason": "str",
        }
    )


def raw_spans(
    articles: pd.DataFrame, spans: pd.DataFrame, *, start: str = "start", end: str = "end"
) -> pd.DataFrame:
    """Add ``raw_start`` / ``raw_end``: where each clean-text span lies in ``raw_text``.

    ``spans`` has ``article_id`` and clean offsets (``start``, ``end``), as every
    extractor's output does. A span inside one paragraph maps exactly; one that
    crosses a removed block maps to the raw range around it.
    """
    maps = dict(zip(articles["article_id"], articles["offsets"], strict=True))
    raw_s = np.zeros(len(spans), dtype=np.int64)
    raw_e = np.zeros(len(spans), dtype=np.int64)
    positions = np.arange(len(spans))
    for aid, group in positions_by(spans["article_id"], positions):
        if aid not in maps:
            raise KeyError(f"article {aid!r} is not in the cleaned articles")
        s, e = maps[aid].raw_spans(spans[start].to_numpy()[group], spans[end].to_numpy()[group])
        raw_s[group], raw_e[group] = s, e
    out = spans.copy()
    out["raw_start"], out["raw_end"] = raw_s, raw_e
    return out


def raw_span(articles: pd.DataFrame, article_id: str, start: int, end: int) -> tuple[int, int]:
    """Where ``text[start:end]`` of one article lies in its ``raw_text``."""
    row = articles.loc[articles["article_id"] == article_id]
    if row.empty:
        raise KeyError(f"article {article_id!r} is not in the cleaned articles")
    return row["offsets"].iloc[0].raw_span(start, end)


def cleaning_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """What cleaning did, per article and kind (long form).

    Columns: ``article_id``, ``kind``, ``n_changes`` (int64), ``chars_removed``
    (int64: raw characters removed minus characters inserted).
    """
    report = cleaning_report(articles)
    report["chars_removed"] = (
        report["removed_text"].str.len() - report["inserted_text"].str.len()
    ).astype("int64")
    summary = report.groupby(["article_id", "kind"], as_index=False).agg(
        n_changes=("kind", "size"), chars_removed=("chars_removed", "sum")
    )
    return summary.astype({"n_changes": "int64", "chars_removed": "int64"})


def length_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Characters and words before and after cleaning, one row per article."""
    out = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "raw_chars": articles["raw_text"].str.len().astype("int64"),
            "clean_chars": articles["text"].str.len().astype("int64"),
            "raw_words": articles["raw_text"].str.split().str.len().astype("int64"),
            "clean_words": articles["text"].str.split().str.len().fillna(0).astype("int64"),
        }
    )
    out["share_kept"] = (out["clean_chars"] / out["raw_chars"].where(out["raw_chars"] > 0)).round(3)
    return out.reset_index(drop=True)
