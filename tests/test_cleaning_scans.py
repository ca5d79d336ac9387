"""The fast scans of cleaning give exactly what the plain versions they replace give.

Each step is compared with a reference written the simple way (one regular expression
over the whole text, per-line normalisation, every rule tried), and the shortcuts of
:func:`clean_text` (skipping steps with nothing to find, reusing a step's result for
the same text) are checked not to change its result.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_tools.text import boilerplate, cleaning
from corpus_tools.text.normalize import normalize_for_matching
from corpus_tools.text.textmap import Edit

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = [
    *'ab .،,؛;:!?؟)](«»[\n\t"“”„＂‟',
    *"\u0640\u200b\u200f\u202b\x07\x85\u00ad\u00a0\u2007\u3000\r\u2028",
    *"\u064e\u0651\u0301e\u212b\ufefb\ufe70\ufe8e\uff02\uff08•-1",
    "  ",
    "\n\n",
    "\n \n",
    " .",
    "( ",
    "« ",
    "a\u0308",
    "\u0651\u064e",
    "قال",
    "في",
    "وقال",
    "عنوان",
    "1. ",
    "- ",
]
TEXTS = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(PIECES), max_size=50).map("".join))


# --- references: the plain versions ---------------------------------------------------
NFKC_WHY = "presentation form or full-width character normalised (NFKC)"
NFC_WHY = "canonical composition / mark order normalised (NFC)"


def _ref_unicode(text: str) -> list[Edit]:
    edits = [
        Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m[0]), "unicode", NFKC_WHY)
        for m in cleaning.PRESENTATION_FORMS_RE.finditer(text)
    ]
    if unicodedata.is_normalized("NFC", text):
        return edits
    taken = {i for e in edits for i in range(e.start, e.end)}
    clusters = list(cleaning._CLUSTER_RE.finditer(text))
    singles = "".join(c for c in set(text) if unicodedata.normalize("NFC", c) != c)
    if singles:
        covered = {i for m in clusters for i in range(m.start(), m.end())}
        clusters += [
            m for m in re.finditer(f"[{re.escape(singles)}]", text) if m.start() not in covered
        ]
    for m in sorted(clusters, key=lambda m: m.start()):
        if m.start() in taken or unicodedata.is_normalized("NFC", m[0]):
            continue
        nfc = unicodedata.normalize("NFC", m[0])
        edits.append(Edit(m.start(), m.end(), nfc, "unicode", NFC_WHY))
    return edits


def _ref_invisible(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", m.lastgroup, cleaning.INVISIBLE[m.lastgroup][1])
        for m in cleaning._ANY_INVISIBLE_RE.finditer(text)
    ]


def _ref_space_runs(text: str) -> list[Edit]:
    edits = [
        Edit(m.start(), m.end(), "", "whitespace", "space at line edge")
        for m in cleaning.LINE_EDGE_SPACE_RE.finditer(text)
    ]
    taken = {e.start for e in edits}
    edits += [
        Edit(m.start() + 1, m.end(), "", "whitespace", "repeated space")
        for m in cleaning.MULTISPACE_RE.finditer(text)
        if m.start() not in taken and m.end() < len(text) and text[m.end()] != "\n"
    ]
    return cleaning._non_overlapping(edits)


def _ref_punctuation_spaces(text: str) -> list[Edit]:
    edits = [
        Edit(m.start(), m.end(), "", "whitespace", "space before punctuation")
        for m in cleaning.SPACE_BEFORE_PUNCT_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), "", "whitespace", "space after opening quote or bracket")
        for m in cleaning.SPACE_AFTER_OPEN_RE.finditer(text)
    ]
    return cleaning._non_overlapping(edits)


def _ref_covered_share(tokens: list[str], seen: set[tuple[str, ...]], n: int = 3) -> float:
    shingles = [tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 1))]
    covered = [False] * len(tokens)
    for i, sh in enumerate(shingles):
        if sh in seen:
            for k in range(i, min(i + n, len(tokens))):
                covered[k] = True
    return sum(covered) / len(tokens) if tokens else 0.0


# --- the steps --------------------------------------------------------------------------
@SETTINGS
@given(TEXTS)
def test_unicode_edits_are_those_of_the_cluster_scan(text):
    assert cleaning.unicode_edits(text) == _ref_unicode(text)


@SETTINGS
@given(TEXTS)
def test_invisible_edits_are_those_of_one_pattern_per_kind(text):
    assert cleaning.invisible_edits(text) == _ref_invisible(text)


@SETTINGS
@given(TEXTS)
def test_space_runs_are_those_of_the_line_edge_patterns(text):
    assert cleaning.space_run_edits(text) == _ref_space_runs(text)


@SETTINGS
@given(TEXTS)
def test_punctuation_spaces_are_those_of_the_lookbehind_patterns(text):
    assert cleaning.punctuation_space_edits(text) == _ref_punctuation_spaces(text)


@SETTINGS
@given(TEXTS)
def test_newline_runs_are_those_of_the_whitespace_pattern(text):
    expected = [m.span() for m in cleaning.NEWLINE_RUN_RE.finditer(text)]
    assert list(cleaning._newline_runs(text)) == expected


@SETTINGS
@given(TEXTS)
def test_a_step_skipped_for_want_of_characters_has_nothing_to_do(text):
    needs = cleaning._steps_with_work(text)
    for step in cleaning._STEP_NEEDS:
        if not cleaning._may_find(step, needs, text):
            assert step(text) == [], step.__name__


@SETTINGS
@given(
    st.lists(st.lists(st.sampled_from("abcdefg"), max_size=12), max_size=6),
    st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=40),
    st.sampled_from([0.0, 0.3, 0.9, 1.0]),
)
def test_repeated_share_is_that_of_all_three_word_groups(kept, tokens, coverage):
    seen = cleaning._SeenText()
    reference: set[tuple[str, ...]] = set()
    for words in kept:
        seen.add(" ".join(words), words)
        reference.update(cleaning._shingles(words))
    share = _ref_covered_share(tokens, reference)
    got = seen.covered_share(tokens, coverage)
    assert got == share if share >= coverage else got < coverage


# --- boilerplate --------------------------------------------------------------------------
LINES = st.lists(
    st.sampled_from(
        [
            "لندن-سانا",
            "دمشق - سانا:",
            "الرياض (واس) -",
            "• فريق ماسة",
            "• 2017-04-27",
            "• 7529",
            "• من الأرشيف",
            "اقرأ أيضاً:",
            "مواضيع ذات صلة",
            "المصدر: رويترز",
            "شارك",
            "طباعة | شارك",
            "تابعونا على تويتر",
            "الخميس، 27 أبريل 2017",
            "10:30 ص",
            "عدد المشاهدات: 123",
            "أضف تعليقك",
            "التعليقات مغلقة",
            "عنوان قصير",
            "كشف دبلوماسيون أن المقاتلين فروا.",
            "",
            "  ",
        ]
    ),
    max_size=10,
).map("\n".join)


def _ref_first_rule(line: str, rules: boilerplate.Rules, kept: int):
    norm = normalize_for_matching(line)
    for rule in rules.rules:
        if (rule.where == "start" and kept >= 3) or (rule.where == "tail" and kept == 0):
            continue
        if rule.action == "prefix":
            m = rule.pattern.match(norm)
            if m and m.end() != len(norm):
                return rule.name, m.span()
        elif m := rule.pattern.fullmatch(norm):
            return rule.name, m.span()
    return None


@SETTINGS
@given(LINES, st.integers(0, 4))
def test_the_joined_rules_pass_every_line_a_rule_matches(text, kept):
    rules = boilerplate.load_rules()
    for line in text.split("\n"):
        found = boilerplate._first_rule(line.strip(), rules, kept)
        expected = _ref_first_rule(line.strip(), rules, kept)
        assert (found and (found[0].name, found[1].span())) == expected


@pytest.mark.parametrize("pattern", [r"(?P<x>a)(?P=x)", r"(a)\1", r"(?i)abc"])
def test_rules_that_cannot_be_joined_are_tried_one_by_one(pattern, tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(f"[[rule]]\nname = 'x'\npattern = '{pattern}'\n", encoding="utf-8")
    rules = boilerplate.load_rules(path)
    assert rules.any_rule is None
    assert boilerplate.boilerplate_edits("نص\nAbc\nنص", rules)[0] == (
        [Edit(3, 7, "", "boilerplate", "x")] if pattern == r"(?i)abc" else []
    )


# --- clean_text's shortcuts ---------------------------------------------------------------
def _outcome(r: cleaning.CleanResult):
    return r.text, r.offsets.to_array().tolist(), r.changes, r.fields


@SETTINGS
@given(
    st.one_of(TEXTS, LINES, st.lists(st.sampled_from([*PIECES, "\n\n"]), max_size=80).map("".join))
)
def test_skipping_and_remembering_steps_changes_nothing(raw):
    fast = _outcome(cleaning.clean_text(raw))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cleaning, "_STEP_NEEDS", {})
        mp.setattr(cleaning, "_remembered", lambda memo, step, text, *args: step(text, *args))
        plain = _outcome(cleaning.clean_text(raw))
    assert fast == plain
