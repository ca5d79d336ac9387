import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.text.cleaning import paragraph_spans
from corpus_tools.text.segmenting import split_sentences


def pieces(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فر المقاتلون. وعاد بعضهم؟ نعم!", ["فر المقاتلون.", "وعاد بعضهم؟", "نعم!"]),
        ("بلغت النسبة 3.5 بالمئة. ثم ارتفعت.", ["بلغت النسبة 3.5 بالمئة.", "ثم ارتفعت."]),
        ("نشر في 2017.04.27 تقرير. وانتهى.", ["نشر في 2017.04.27 تقرير.", "وانتهى."]),
        ("قال د. أحمد إن الوضع خطير. وغادر.", ["قال د. أحمد إن الوضع خطير.", "وغادر."]),
        # a digit before a full stop is no abbreviation
        ("بلغ عدد القتلى 5. وقال الوزير.", ["بلغ عدد القتلى 5.", "وقال الوزير."]),
        # initials in brackets («(د. ب. أ)»: Deutsche Presse-Agentur)
        (
            "تلقت الوكالة (د. ب. أ) نسخة منه. وانتهى.",
            ["تلقت الوكالة (د. ب. أ) نسخة منه.", "وانتهى."],
        ),
        # a quotation of several sentences stays one sentence with its cue
        (
            "وقال «انضم لي آخرون. ولا يزال المزيد في الطريق». ثم صمت.",
            ["وقال «انضم لي آخرون. ولا يزال المزيد في الطريق».", "ثم صمت."],
        ),
        ("قال «إنه هنا.» وأضاف أمراً.", ["قال «إنه هنا.»", "وأضاف أمراً."]),
        # an unclosed quotation does not swallow the rest
        ("قال «إنه هنا. وذهب.", ["قال «إنه هنا.", "وذهب."]),
        # paragraph breaks end sentences, even without punctuation
        ("عنوان بلا نقطة\n\nنص الخبر.", ["عنوان بلا نقطة", "نص الخبر."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert pieces(text) == expected


def test_sentences_table_contract(seeds):
    sents = ct.sentences(seeds)
    assert list(sents.columns) == ["article_id", "sent_id", "start", "end", "text", "paragraph"]
    assert str(sents["start"].dtype) == "int64"
    texts = dict(zip(seeds["article_id"], seeds["text"], strict=True))
    for row in sents.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    # 000's quotation of three sentences stays whole
    quoted = sents[sents["text"].str.contains("أن قرابة 150 مواطناً")]
    assert len(quoted) == 1 and quoted["text"].iloc[0].endswith("مروعة».")


def test_sentences_needs_clean_text():
    with pytest.raises(KeyError, match="clean_corpus"):
        ct.sentences(pd.DataFrame({"article_id": ["a"], "raw_text": ["x"]}))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\t.", max_size=60))
def test_paragraphs_are_the_blank_line_separated_parts_with_text(text):
    expected, pos = [], 0
    for part in text.split("\n\n"):
        if part.strip():
            expected.append((pos, pos + len(part)))
        pos += len(part) + 2
    assert paragraph_spans(text) == expected
