"""Site boilerplate: find page furniture line by line and say what it told us.

Rules live in ``data/boilerplate.toml`` (see its header for the format); users add
their own files. :func:`boilerplate_edits` returns the deletions for one text and
the facts worth keeping (byline, dateline, page date, source line) as fields.

Example:
    >>> rules = load_rules()
    >>> edits, fields = boilerplate_edits("لندن-سانا\\nنص الخبر.\\nعذراً التعليقات مغلقة", rules)
    >>> [e.kind for e in edits], fields["dateline"]
    (['dateline', 'comment_form'], 'لندن-سانا')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from corpus_tools.resources import load_toml, read_toml
from corpus_tools.text.dates import parse_date
from corpus_tools.text.normalize import (
    normalize_for_matching,
    normalize_with_offsets,
    span_to_original,
)
from corpus_tools.text.textmap import Edit

ACTIONS = {"drop_line", "drop_block", "drop_rest", "field", "prefix"}
BULLETS = "•·▪●◦‣∙■□►▸"
TERMINAL = ".!?؟…:"
TRAILING_CLOSERS = "»)]\"'”’"
_VAR_RE = re.compile(r"\{(\w+)\}")
#: Lines up to this length keep their matching form in a small cache: cleaning asks
#: for the same lines and paragraphs in several steps and passes.
_CACHED_UP_TO = 10_000


@lru_cache(maxsize=512)
def _cached_form(text: str) -> str:
    return normalize_for_matching(text)


def _match_form(text: str) -> str:
    """``normalize_for_matching(text)``, remembered for short texts."""
    return _cached_form(text) if len(text) <= _CACHED_UP_TO else normalize_for_matching(text)


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule (see ``data/boilerplate.toml``)."""

    name: str
    kind: str
    action: str
    pattern: re.Pattern[str]
    reason: str
    where: str = "any"
    field: str | None = None


@dataclass(frozen=True)
class Rules:
    """A compiled rule set and the classifiers for bullet metadata blocks."""

    rules: tuple[Rule, ...]
    continues_at_start: re.Pattern[str]
    continues_at_end: re.Pattern[str]
    block_date: re.Pattern[str]
    block_counter: re.Pattern[str]
    block_tag: re.Pattern[str]
    #: Matches (``match``) every line some rule matches, and a few more: lines it
    #: misses need no rule tried (``None``: try them all).
    any_rule: re.Pattern[str] | None = None


def _expand(pattern: str, variables: dict[str, str]) -> str:
    for _ in range(5):  # variables may refer to variables
        new = _VAR_RE.sub(lambda m: variables.get(m[1], m[0]), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def _compile_rules(configs: Sequence[dict], sources: Sequence[str]) -> Rules:
    variables: dict[str, str] = {}
    for cfg in configs:
        variables.update(cfg.get("vars", {}))
    rules: list[Rule] = []
    block: dict[str, str] = {}
    structure: dict[str, str] = {}
    for cfg, source in zip(configs, sources, strict=True):
        block.update(cfg.get("metadata_block", {}))
        structure.update(cfg.get("structure", {}))
        for raw in cfg.get("rule", []):
            name = raw.get("name", "?")
            action = raw.get("action", "drop_line")
            if action not in ACTIONS:
                raise ValueError(f"{source}: rule {name!r} has unknown action {action!r}")
            try:
                pattern = re.compile(_expand(raw["pattern"], variables))
            except (KeyError, re.error) as exc:
                raise ValueError(f"{source}: rule {name!r} has a bad pattern: {exc}") from exc
            rules.append(
                Rule(
                    name=name,
                    kind=raw.get("kind", "boilerplate"),
                    action=action,
                    pattern=pattern,
                    reason=raw.get("reason", name),
                    where=raw.get("where", "any"),
                    field=raw.get("field"),
                )
            )
    never = "(?!)"
    return Rules(
        rules=tuple(rules),
        any_rule=_any_rule(rules),
        continues_at_start=re.compile(
            _expand(structure.get("continues_at_start", never), variables)
        ),
        continues_at_end=re.compile(_expand(structure.get("continues_at_end", never), variables)),
        block_date=re.compile(_expand(block.get("date", never), variables)),
        block_counter=re.compile(_expand(block.get("view_counter", never), variables)),
        block_tag=re.compile(_expand(block.get("tag", never), variables)),
    )


_NAMED_GROUP_RE = re.compile(r"\(\?P<\w+>")
_BACKREF_RE = re.compile(r"\(\?P=|\\\d|\\g<")


def _any_rule(rules: Sequence[Rule]) -> re.Pattern[str] | None:
    """One pattern that matches where any rule does: the rules as alternatives, each
    anchored at the end unless it is a prefix rule, their named groups unnamed.

    ``None`` when the rules cannot be joined so (back-references, inline flags).
    """
    parts = []
    for rule in rules:
        source = rule.pattern.pattern
        if rule.pattern.flags != re.UNICODE or _BACKREF_RE.search(source):
            return None
        source = _NAMED_GROUP_RE.sub("(?:", source)
        parts.append(f"(?:{source})" if rule.action == "prefix" else f"(?:{source})\\Z")
    try:
        return re.compile("|".join(parts) or "(?!)")
    except re.error:
        return None


@cache
def _default_rules() -> Rules:
    return _compile_rules([load_toml("boilerplate.toml")], ["corpus_tools/data/boilerplate.toml"])


def load_rules(
    extra: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
) -> Rules:
    """The package's rules plus those in ``extra`` (a TOML file or several).

    >>> len(load_rules().rules) > 10
    True
    """
    if extra is None:
        return _default_rules()
    paths = [extra] if isinstance(extra, str | os.PathLike) else list(extra)
    configs = [load_toml("boilerplate.toml"), *(read_toml(p) for p in paths)]
    return _compile_rules(configs, ["corpus_tools/data/boilerplate.toml", *map(str, paths)])


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, newline excluded.

    >>> line_spans("ab\\n\\nc")
    [(0, 2), (3, 3), (4, 5)]
    """
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def is_title_like(line: str, max_words: int = 20) -> bool:
    """A short line that does not end a sentence: a headline or a heading.

    >>> is_title_like("الغارديان: انشقاق في صفوف «داعش»"), is_title_like("نص الخبر.")
    (True, False)
    """
    stripped = line.strip().rstrip(TRAILING_CLOSERS)
    if not stripped or stripped[-1] in TERMINAL or stripped[-1] in "،,؛;":
        return False
    return len(stripped.split()) <= max_words


def _item(line: str) -> str:
    return line.strip().lstrip(BULLETS).strip()


def _metadata_block(text: str, lines: list[tuple[int, int]], i: int, rules: Rules):
    """If a bullet metadata block starts at line ``i``: its last line index and items."""
    items, j = [], i
    while j < len(lines):
        s, e = lines[j]
        line = text[s:e].strip()
        if not line:
            j += 1
            continue
        if line[0] not in BULLETS or len(_item(line).split()) > 6:
            break
        items.append((j, _item(line)))
        j += 1
    if len(items) < 2:
        return None
    kinds = []
    for j, item in items:
        norm = _match_form(item)
        if rules.block_date.fullmatch(norm):
            kinds.append((j, item, "date"))
        elif rules.block_counter.fullmatch(norm):
            kinds.append((j, item, "view_counter"))
        elif rules.block_tag.fullmatch(norm):
            kinds.append((j, item, "tag"))
        else:
            kinds.append((j, item, "text"))
    if all(k == "text" for _, _, k in kinds):
        return None
    return items[-1][0], kinds


def _drop(text: str, lines: list[tuple[int, int]], j: int) -> tuple[int, int]:
    """The span that removes line ``j`` together with its newline."""
    s, e = lines[j]
    return (s, e + 1) if e < len(text) else (s, e)


def _drop_introduced(
    text: str, lines: list[tuple[int, int]], i: int, rule: Rule, edits: list[Edit]
) -> int:
    """Drop the headline-like lines a «read also» cue introduces; return the next line."""
    removed = False
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if not line.strip():
            if removed:
                break
        elif is_title_like(line):
            ds, de = _drop(text, lines, i)
            edits.append(Edit(ds, de, "", rule.kind, f"headline introduced by: {rule.reason}"))
            removed = True
        else:
            break
        i += 1
    return i


def boilerplate_edits(text: str, rules: Rules) -> tuple[list[Edit], dict[str, str]]:
    """Deletions for the boilerplate lines of ``text``, and the fields they carried.

    ``text`` should already have normalised whitespace (one space between words).
    Fields: ``dateline``, ``byline``, ``page_date`` (ISO), ``page_date_from``,
    ``page_timestamp``, ``source_line`` and any ``field`` a user rule names.
    """
    lines = line_spans(text)
    edits: list[Edit] = []
    fields: dict[str, str] = {}
    kept_nonempty = 0
    i = 0
    while i < len(lines):
        s, e = lines[i]
        stripped = text[s:e].strip()
        if not stripped:
            i += 1
            continue
        if stripped[0] in BULLETS:
            block = _metadata_block(text, lines, i, rules)
            if block is not None:
                _drop_metadata_block(text, lines, block[1], edits, fields)
                i = block[0] + 1
                continue
        found = _first_rule(stripped, rules, kept_nonempty)
        if found is None:
            kept_nonempty += 1
            i += 1
            continue
        rule, m, idx = found
        value = ""
        if "value" in m.groupdict() and m["value"] is not None:
            vs, ve = span_to_original(idx, *m.span("value"))
            value = stripped[vs:ve]
        if rule.action == "prefix":
            lead = len(text[s:e]) - len(text[s:e].lstrip())
            _, pe = span_to_original(idx, 0, m.end())
            edits.append(Edit(s, s + lead + pe, "", rule.kind, rule.reason))
            _keep_field(fields, rule.field, value)
            kept_nonempty += 1
            i += 1
        elif rule.action == "drop_rest":
            edits.append(Edit(s, len(text), "", rule.kind, rule.reason))
            i = len(lines)
        else:
            ds, de = _drop(text, lines, i)
            edits.append(Edit(ds, de, "", rule.kind, rule.reason))
            _keep_line_field(fields, rule, value)
            i += 1
            if rule.action == "drop_block" and not value.strip():
                i = _drop_introduced(text, lines, i, rule, edits)
    return edits, fields


def _first_rule(
    stripped: str, rules: Rules, kept_nonempty: int
) -> tuple[Rule, re.Match[str], np.ndarray] | None:
    """The first rule that applies to a line (after ``kept_nonempty`` kept lines), its
    match in the line's matching form, and that form's offsets into the line."""
    if rules.any_rule is not None and not rules.any_rule.match(_match_form(stripped)):
        return None
    norm, idx = normalize_with_offsets(stripped)
    for rule in rules.rules:
        if rule.where == "start" and kept_nonempty >= 3:
            continue
        if rule.where == "tail" and kept_nonempty == 0:
            continue
        if rule.action == "prefix":
            m = rule.pattern.match(norm)
            if m and m.end() != len(norm):
                return rule, m, idx
        elif m := rule.pattern.fullmatch(norm):
            return rule, m, idx
    return None


def _keep_field(fields: dict[str, str], name: str | None, value: str) -> None:
    if name and value.strip() and name not in fields:
        fields[name] = value.strip()


def _keep_line_field(fields: dict[str, str], rule: Rule, value: str) -> None:
    """Keep the value of a dropped line in its field (a page timestamp also as a date)."""
    if not rule.field:
        return
    _keep_field(fields, rule.field, value)
    if rule.field == "page_timestamp" and "page_date" not in fields:
        date = parse_date(value)
        if date is not None:
            fields["page_date"] = date.date().isoformat()
            fields["page_date_from"] = "page_timestamp"


def _drop_metadata_block(
    text: str,
    lines: list[tuple[int, int]],
    items: list[tuple[int, str, str]],
    edits: list[Edit],
    fields: dict[str, str],
) -> None:
    """Drop every item of a metadata block, keeping its date and byline as fields."""
    for j, item, kind in items:
        if kind == "date":
            _keep_field(fields, "page_timestamp", item)
            date = parse_date(item)
            if date is not None and "page_date" not in fields:
                fields["page_date"] = date.date().isoformat()
                fields["page_date_from"] = "metadata_block"
            reason = "date in a metadata block (kept as page_date)"
        elif kind == "view_counter":
            reason = "view counter in a metadata block"
        elif kind == "tag":
            reason = "category tag in a metadata block"
        else:
            if "byline" in fields:
                reason = "metadata block item"
            else:
                reason = "byline in a metadata block (kept as byline)"
            _keep_field(fields, "byline", item)
        ds, de = _drop(text, lines, j)
        edits.append(Edit(ds, de, "", "metadata_block", reason))
