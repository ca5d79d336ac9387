"""The shared text layer: the prepared document, the tokeniser, clitic readings, phrases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tools.text.document import Document, quote_spans
from corpus_tools.text.normalize import normalize_for_matching, span_to_original
from corpus_tools.text.phrases import PhraseIndex
from corpus_tools.text.segmenting import split_sentences
from corpus_tools.text.tokens import (
    ALL,
    AS_WRITTEN,
    CONJUNCTIONS,
    PREFIXES,
    TOKEN_RE,
    readings,
    token_bounds,
    tokenize,
)

#: Letters, digits, separators, marks, tatweel, quotes, newlines, a symbol outside the BMP.
ALPHABET = "قالوفبلكهمنا 0123٣٤,.٫٬%٪_\n«»“”ـًٌّa𝐀"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_token_bounds_are_the_spans_of_the_one_tokeniser(text):
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    starts, ends = token_bounds(text)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == spans


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_document_tokens_map_back_to_the_clean_text(text):
    doc = Document(text)
    assert doc.tokens == tokenize(doc.norm)
    for (s, e), a, b in zip(doc.token_spans, doc.starts, doc.ends, strict=True):
        assert (a, b) == span_to_original(doc.idx, s, e, text)
    assert doc.sentences == split_sentences(text)
    assert doc.quotes == quote_spans(text)


def test_a_token_keeps_its_diacritics_and_the_document_its_metadata():
    doc = Document("قال مقاتلاً: «عدنا». ثم صمت.", "a1", publisher="سانا")
    i = doc.tokens.index("مقاتلا")
    assert doc.text[doc.starts[i] : doc.ends[i]] == "مقاتلاً"
    assert doc.sentence_of(doc.starts[-1]) == 1 and doc.quotes == [(13, 19)]
    assert doc.tokens_in(0, 4) == range(0, 1) and doc.gap(1) == " "
    assert (doc.article_id, doc.publisher, doc.layers) == ("a1", "سانا", {})


def test_readings_take_off_clitics_only_where_enough_of_the_word_is_left():
    assert [r.stem for r in readings("وقال")] == ["وقال", "قال"]
    assert [r.stem for r in readings("ولد")] == ["ولد", "لد"]  # two letters left after و
    assert [r.stem for r in readings("بلد")] == ["بلد"]  # ب needs more than three after it
    r = {x.stem: x for x in readings("وللمرصد")}
    assert (r["المرصد"].cut, r["المرصد"].conj, r["المرصد"].prep) == (2, "و", "ل")
    assert r["مرصد"].article and r["مرصد"].cut == 4


def test_each_word_list_accepts_only_the_readings_it_allows():
    by = {r.stem: r for r in readings("فبالمدينه")}
    assert not AS_WRITTEN.accepts(by["بالمدينه"]) and CONJUNCTIONS.accepts(by["بالمدينه"])
    assert PREFIXES.accepts(by["المدينه"]) and not PREFIXES.accepts(by["مدينه"])
    assert ALL.accepts(by["مدينه"])


def test_the_phrase_index_finds_the_longest_phrase_with_allowed_clitics():
    index = PhraseIndex(
        [("وزارة الداخلية", "interior"), ("وزارة", "ministry"), ("قال", "said")], PREFIXES
    )
    toks = tokenize(normalize_for_matching("وقال لوزارة الداخلية إن الوزارة"))
    found = [(m.first, m.last, m.value, m.reading.cut) for m in index.find(toks)]
    assert found == [(0, 0, "said", 1), (1, 2, "interior", 1)]
    assert "وزاره" in index and len(index) == 3
    strict = PhraseIndex([("قال", "said")], AS_WRITTEN)
    assert strict.find(toks) == []


def test_a_quotation_left_open_by_the_writer_swallows_nothing_after_it():
    # the first « never closes: the quotations after it stand on their own
    text = "وأكد أن «المواقف لم تتغير، موضحا أن «الدعم مستمر». ونددت المنظمة بما وصفته «موجة قمع»."
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["«الدعم مستمر»", "«موجة قمع»"]
    # a paragraph's end still closes what is open, and nesting is kept
    nested = "قال «أولا\nثم «ثانيا «ثالثا»»"
    assert quote_spans(nested) == [(nested.index("«ثانيا"), len(nested))]
    assert quote_spans("» قال «نعم»") == [(6, 11)]  # a stray » opens nothing
