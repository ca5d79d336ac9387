"""One tokeniser and one clitic reader for every extractor.

Tokens are read from the matching form (:mod:`corpus_tools.text.normalize`):
numbers with their separators (``1,500``, ``3.5``), runs of letters, and the percent
sign. Digits and letters are separate tokens (``2016م`` → ``2016``, ``م``), so that a
number is always a token of its own.

:func:`readings` gives the ways a word can be read once its clitics are taken off:
the conjunctions و / ف, the prepositions ب / ل / ك, ``لل`` (``ل`` + the article), the
article ``ال``, and an attached object or possessive pronoun (``ه ها هم هما``). Each
:class:`Reading` says what was taken off, so a word list decides which readings it
accepts (:class:`Clitics`): a speech verb takes و / ف but never ب; a place name
takes و / ف / ب / ل / ك; an event trigger also takes the article and an object
pronoun.

>>> tokenize(normalize_for_matching("وقال 1,500 مقاتل في 2016م إن 40%"))
['وقال', '1,500', 'مقاتل', 'في', '2016', 'م', 'ان', '40', '%']
>>> [(r.stem, r.cut) for r in readings("وللمرصد")]
[('وللمرصد', 0), ('للمرصد', 1), ('المرصد', 2), ('لمرصد', 2), ('مرصد', 4)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus_tools.text.normalize import normalize_for_matching

#: The one tokeniser: numbers (with thousands separators and decimals), letters, ``%``.
TOKEN_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?|[^\W\d_]+|[%٪]")
#: Pronouns a word can carry at its end, longest first.
SUFFIXES = ("هما", "هم", "ها", "ه")


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` (already in matching form)."""
    return TOKEN_RE.findall(text)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A word-list entry as tokens: normalised, then tokenised like the text.

    >>> phrase_tokens("وزارة الداخليّة")
    ('وزاره', 'الداخليه')
    """
    return tuple(TOKEN_RE.findall(normalize_for_matching(phrase)))


@dataclass(frozen=True, slots=True)
class Reading:
    """A word read without its clitics.

    ``stem`` is what is left (``لل`` + word gives ``ال`` + word); ``cut`` is how many
    characters of the token come before the stem's first letter as written (an
    entity found in «وللمرصد» starts ``cut`` characters into the token).
    """

    stem: str
    cut: int = 0
    conj: str = ""  # و / ف
    prep: str = ""  # ب / ل / ك
    article: bool = False  # ال taken off
    suffix: str = ""  # pronoun taken off the end


@dataclass(frozen=True, slots=True)
class Clitics:
    """Which readings a word list accepts (the word as written always)."""

    conj: bool = False
    prep: bool = False
    article: bool = False
    suffix: bool = False

    def accepts(self, r: Reading) -> bool:
        return (
            (self.conj or not r.conj)
            and (self.prep or not r.prep)
            and (self.article or not r.article)
            and (self.suffix or not r.suffix)
        )


#: The word only as written.
AS_WRITTEN = Clitics()
#: و / ف in front (speech verbs, cue words).
CONJUNCTIONS = Clitics(conj=True)
#: و / ف and ب / ل / ك in front (names, nouns).
PREFIXES = Clitics(conj=True, prep=True)
#: every reading (event triggers).
ALL = Clitics(conj=True, prep=True, article=True, suffix=True)


@lru_cache(maxsize=1 << 17)
def readings(token: str) -> tuple[Reading, ...]:
    """Every reading of a normalised word, fewest characters taken off first.

    A clitic is taken off only when enough of the word is left (two letters after
    و / ف, more than three after ب / ل / ك, more than four after the article, more
    than three before a pronoun), so short words keep their first letters.

    >>> [r.stem for r in readings("فاعتقلته")]
    ['فاعتقلته', 'فاعتقلت', 'اعتقلته', 'اعتقلت']
    >>> [r.stem for r in readings("بالمدينه") if PREFIXES.accepts(r)]
    ['بالمدينه', 'المدينه']
    """
    out = [Reading(token)]
    if len(token) < 3:
        return tuple(out)
    bodies = [("", token, 0)]
    if token[0] in "وف" and len(token) - 1 >= 2:
        bodies.append((token[0], token[1:], 1))
    for conj, body, cut in bodies:
        if conj:
            out.append(Reading(body, cut, conj=conj))
        fronts = [(body, cut, "")]
        if body.startswith("لل") and len(body) > 3:
            fronts.append(("ا" + body[1:], cut + 1, "ل"))  # «للمرصد» → «المرصد»
        if len(body) > 3 and body[0] in "بلك":
            fronts.append((body[1:], cut + 1, body[0]))
        for word, at, prep in fronts:
            if prep:
                out.append(Reading(word, at, conj=conj, prep=prep))
            if word.startswith("ال") and len(word) > 4:
                out.append(Reading(word[2:], at + 2, conj=conj, prep=prep, article=True))
    for r in list(out):
        if r.article:
            continue
        for suffix in SUFFIXES:
            if len(r.stem) > len(suffix) + 3 and r.stem.endswith(suffix):
                out.append(Reading(r.stem[: -len(suffix)], r.cut, r.conj, r.prep, suffix=suffix))
                break
    out.sort(key=lambda r: (r.cut, bool(r.suffix), r.article))
    seen: set[tuple[str, int]] = set()
    unique = []
    for r in out:
        if (r.stem, r.cut) not in seen:
            seen.add((r.stem, r.cut))
            unique.append(r)
    return tuple(unique)
