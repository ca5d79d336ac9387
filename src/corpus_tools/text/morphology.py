"""Verb and participle forms generated from a lemma: one rule for every word list
that names verbs (reporting cues in ``data/attribution.toml``, event triggers in
``data/events.toml``).

>>> verb_forms("عاد", "يعود")["pl"][:2], future_forms(["يعود", "تعود"])
(['عادوا', 'يعودون'], ['سيعود', 'ستعود'])
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["first_person_forms", "future_forms", "participle_forms", "verb_forms"]

#: Letters a defective verb ends with in the perfect («دعا», «نفى») and imperfect.
_WEAK_PAST, _WEAK_PRESENT = "اى", "ويى"


def verb_forms(past: str, present: str) -> dict[str, list[str]]:
    """The third-person forms of a verb from its perfect and imperfect (3rd masc. sg.),
    by the subject they agree with: m, f (also non-human plurals) and pl (human
    plural and dual).

    >>> verb_forms("قال", "يقول")["f"], verb_forms("قال", "يقول")["pl"]
    (['قالت', 'تقول'], ['قالوا', 'يقولون', 'قالا', 'قالتا', 'يقولان', 'تقولان'])
    >>> verb_forms("دعا", "يدعو")["pl"], verb_forms("رأى", "يرى")["f"]
    (['دعوا', 'يدعون'], ['رأت', 'ترى'])
    """
    weak_past = past[-1] in _WEAK_PAST
    p = past[:-1] if weak_past else past
    y = present[:-1] if present[-1] in _WEAK_PRESENT else present
    t = "ت" + present[1:]  # the imperfect of a feminine subject
    pl = [p + "وا", y + "ون"]
    if not weak_past:
        pl += [past + "ا", past + "تا", present + "ان", t + "ان"]
    return {"m": [past, present], "f": [p + "ت", t], "pl": pl}


def participle_forms(stem: str) -> list[str]:
    """The forms of an active participle that continue a statement (accusative: masc.,
    fem., plural, fem. dual): «مضيف» → مضيفا، مضيفة، مضيفين، مضيفتين.

    >>> participle_forms("داعي")
    ['داعيا', 'داعية', 'داعين', 'داعيتين']
    """
    plural = stem[:-1] + "ين" if stem.endswith("ي") else stem + "ين"
    return [stem + "ا", stem + "ة", plural, stem + "تين"]


def first_person_forms(past: str, present: str) -> list[str]:
    """First-person plural and singular forms («عدنا», «نعود», «أعود»): what a
    speaker says of himself in a quotation.

    >>> first_person_forms("سيطر", "يسيطر")
    ['سيطرنا', 'نسيطر', 'أسيطر']
    """
    weak_past = past[-1] in _WEAK_PAST
    p = past[:-1] if weak_past else past
    return [p + "نا", "ن" + present[1:], "أ" + present[1:]]


def future_forms(presents: Iterable[str]) -> list[str]:
    """The imperfect forms with the future prefix «س» («سيعود», «ستعود»)."""
    return ["س" + f for f in presents]


#: Possessive pronouns a noun may carry, longest first («قيمتهما», «تقريرها»).
POSSESSIVES = ("هما", "هم", "ها", "ه")


def without_possessive(noun: str) -> str:
    """A noun (matching form) without its possessive pronoun, its ة restored where the
    pronoun had made it ت; three letters at least are left, else the noun as it is.

    >>> without_possessive("تقريرها"), without_possessive("قيمتها"), without_possessive("عددهم")
    ('تقرير', 'قيمه', 'عدد')
    >>> without_possessive("وجه")
    'وجه'
    """
    for p in POSSESSIVES:
        if noun.endswith(p) and len(noun) - len(p) >= 3:
            bare = noun[: -len(p)]
            return bare[:-1] + "ه" if bare.endswith("ت") else bare
    return noun
