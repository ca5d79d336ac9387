"""Speech cues and the statements they open, sentence by sentence.

Reporting verbs in their inflections and with و / ف («وقالت», «تنقل عن», «لفتت إلى
أن»), relay verbs whose subject is the outlet a statement comes through («نقلت
الصحيفة عن دبلوماسيين»), participles that continue a statement («مضيفاً أن»),
prepositional cues («بحسب», «وفقاً لـ», «على حد تعبير») and a headline's source and
colon («الغارديان: …»). Candidate cue tokens are found with one lookup per token
(:attr:`~corpus_tools.extract.attribution.article.Article.cue_tokens`); only they are
matched against the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import replace

from corpus_tools.extract.attribution.article import Article, Source, Statement
from corpus_tools.extract.attribution.content import (
    QUOTE_GAP,
    TO,
    at_most_one_word,
    close_contents,
    content_after,
    not_word,
)
from corpus_tools.extract.attribution.lexicon import (
    NISBA_RE,
    Prep,
    Verb,
    without_conjunction,
)
from corpus_tools.extract.attribution.sources import (
    abbreviated_title,
    analyse_np,
    apposed_name,
    coordinated,
    opening_title,
    unclassified,
)
from corpus_tools.text.normalize import normalize_for_matching

#: «وبحسب الصحيفة، فلقد سجلت …»: what may stand before the content after the source.
_LEAD_IN_RE = re.compile(
    r"[\s،,]*(?:ف(?:إن|ان|لقد|قد)?(?:ه)?\s+)?(?:(?:أن|إن|أنّ|إنّ)(?:ه|ها|هم)?\s+)?"
)
_NO_STOPS: frozenset[str] = frozenset()


def find_statements(art: Article) -> list[Statement]:
    """Every statement of the article, sentence by sentence, contents closed.

    Only the sentences that hold a candidate cue token are read (and the first, which
    may be a headline: «الغارديان: …»).
    """
    out: list[Statement] = []
    for sent_id, cands in _candidates_by_sentence(art):
        toks = art.sentence_span(sent_id)
        first, last = toks[0], toks[-1]
        found: list[Statement] = []
        nxt = first
        for i in cands:
            if i < nxt or art.in_quote(i):
                continue
            st = statement_at(art, i, first, last, sent_id)
            if st is not None:
                if st.source.resolution == "dropped_subject":
                    _relative_source(art, st, found[-1].source if found else None, first)
                found.append(st)
                nxt = st.cue_last + 1
        if sent_id == 0 and not found:
            hl = headline_statement(art, first, last, sent_id)
            if hl is not None:
                found.append(hl)
        out += _one_per_content(close_contents(art, found, art.sentences[sent_id][1]))
    _continued_by_fa(art, out)
    return out


#: A sentence that goes on with the one before it: «فقد», «فإن» … at its head.
_FA_RE = re.compile(r"[\s«\"]*ف(?:قد|لقد|إن|ان|إنه|انه|إنها|انها|إنهم|انهم)\s")
#: How many such sentences a content may run on over.
_FA_SENTENCES = 2


def _continued_by_fa(art: Article, statements: list[Statement]) -> None:
    """«وأوضح المتحدث أنه على صعيد الإحصائيات …. فقد تم إبلاغ المنظمة بوجود 1382
    حالة»: a content that reaches the end of its sentence runs on over the next ones
    that open with «فقد», «فإن» … and hold no statement of their own (up to two)."""
    if not statements:
        return
    with_statement = {st.sent for st in statements}
    for st in statements:
        if not st.kept or st.content_start < 0 or st.content_end < 0:
            continue
        k = st.sent
        while k + 1 - st.sent <= _FA_SENTENCES and k + 1 < len(art.sentences):
            s_end = art.sentences[k][1]
            if art.text[st.content_end : s_end].strip(" .،,؛;\n"):
                break  # the content stops inside its sentence
            nxt_start, nxt_end = art.sentences[k + 1]
            if k + 1 in with_statement or not _FA_RE.match(art.text, nxt_start):
                break
            st.content_end, k = nxt_end, k + 1


#: How many words (a time: «مطلع آذار/مارس») may stand between a source and the
#: relative pronoun that goes back to it.
_RELATIVE_GAP = 4


def _relative_source(art: Article, st: Statement, before: Source | None, first: int) -> None:
    """A cue with no subject right after a relative pronoun has the source the pronoun
    goes back to (rule ``relative``): a named body, outlet or person right before it
    («النائب الجمهوري دينيس روس الذي أوضح أن …»), else, after a comma, the source of
    the sentence's statement just before («… مصدر مقرب من الملف مطلع آذار، الذي
    أوضح أن …»)."""
    rel = st.cue_first - 1
    if rel <= first or art.tokens[rel] not in art.lex.relatives:
        return
    src = _entity_before(art, st, rel) or _source_before(art, rel, before)
    if src is not None:
        st.source = replace(src, rule="relative")


def _entity_before(art: Article, st: Statement, rel: int) -> Source | None:
    """The named body, outlet or person that ends right before the relative pronoun at
    ``rel`` and agrees with it (التي / الذي: a body or an outlet either way; a person by
    the gender the verb gives)."""
    ent = art.entity_at.get(rel - 1)
    word = art.tokens[rel]
    if ent is None or art.last_token(ent) != rel - 1 or art.punct_before(rel):
        return None
    if ent["label"] not in ("ORG", "MEDIA", "PER") or word not in ("التي", "الذي"):
        return None
    if ent["label"] == "PER" and word != ("التي" if st.source.feminine else "الذي"):
        return None
    src = analyse_np(art, art.first_token(ent), rel - 1)
    return src if src is not None and src.resolution == "named" else None


def _source_before(art: Article, rel: int, before: Source | None) -> Source | None:
    """The source of the statement before, when a comma stands before the pronoun, at
    most :data:`_RELATIVE_GAP` words back, and the pronoun agrees with it (الذي: one man
    or body; التي: a woman, a feminine body or a plural of things; الذين: people)."""
    if before is None or not art.punct_before(rel):
        return None
    if before.resolution not in ("named", "described") or before.text_last < 0:
        return None
    if not 0 < rel - before.text_last <= _RELATIVE_GAP:
        return None
    agrees = {
        "الذي": not before.plural and not before.feminine,
        "التي": before.feminine,
        "الذين": before.plural,
    }.get(art.tokens[rel], False)
    return before if agrees else None


def _one_per_content(statements: list[Statement]) -> list[Statement]:
    """«وأردف قائلا: «…»»: a verb and the participle right after it introduce one
    content; the later cue of the same content is no statement of its own."""
    out: list[Statement] = []
    for st in statements:
        prev = out[-1] if out else None
        if (
            prev is not None
            and st.kept
            and prev.kept
            and st.content_start >= 0
            and st.content_start == prev.content_start
            and st.source.resolution == "participle"
        ):
            continue
        out.append(st)
    return out


def _candidates_by_sentence(art: Article) -> list[tuple[int, list[int]]]:
    """(sentence, its candidate cue tokens) for the first sentence and every sentence
    with candidates, in order; sentences without tokens are left out."""
    if not art.sentences:
        return []
    by_sentence: dict[int, list[int]] = {0: []}
    for i in art.cue_tokens:
        k = art.sentence_of_token(i)
        if k is not None:
            by_sentence.setdefault(k, []).append(i)
    return [(k, cands) for k, cands in sorted(by_sentence.items()) if art.sentence_span(k)]


def statement_at(art: Article, i: int, first: int, last: int, sent: int) -> Statement | None:
    """The statement whose cue starts at token ``i`` (of the sentence ``first..last``)."""
    prep = art.prep_at(i)
    if prep is not None:
        return prep_statement(art, i, *prep, first, last, sent)
    lemma = art.participle_at(i)
    if lemma is not None:
        start = content_after(art, i + 1, last, TO)
        verb = art.lex.verb_by_lemma.get(lemma)
        if start is None and verb is not None:
            start = _clitic_content(art, i + 1, last, verb)  # «مطالباً بالإفراج»
            if start is None and verb.takes_object:
                start = _object_then_content(art, i + 1, last, verb)
        if start is None:
            return None
        src = Source(-1, -1, "", None, "", "participle")
        return Statement(
            sent,
            i,
            i,
            None,
            None,
            lemma,
            src,
            start,
            -1,
            art.starts[i],
            None,
            cue_rule="participle",
        )
    verb = art.verb_at(i)
    if verb is None:
        return None
    return verb_statement(art, i, verb, first, last, sent)


def np_end(art: Article, k: int, last: int, stops: frozenset[str]) -> int:
    """Last token of a noun phrase starting at ``k`` (``k - 1`` when empty): it stops at
    punctuation, a quotation, a complementizer, one of ``stops`` or an outlet told."""
    if k > last:
        return k - 1
    tokens, complementizers = art.tokens, art.lex.complementizers
    if tokens[k] in complementizers or tokens[k] in stops:
        return k - 1
    for j in range(k + 1, min(last, k + 24) + 1):
        tok = tokens[j]
        if art.punct_before(j) and not abbreviated_title(art, j - 1):  # «د. يوسف»
            name_last = apposed_name(art, k, j, last)  # «وكيل الوزارة، إنريك دومينغو، أن»
            return j - 1 if name_last is None else name_last
        if (
            _quote_opens(art, j)
            or tok in complementizers
            or tok in stops
            or _told_outlet(art, j)  # «قال … لصحيفة الغارديان»: the outlet told
        ):
            return j - 1
    return min(last, k + 24)


def _quote_opens(art: Article, j: int) -> bool:
    """A quotation opens right before token ``j`` and is not a name: no entity holds its
    first word, or the entity ends before the quotation does («في بيان «جامعة الفلبين …
    أكدت أنه …»»; not «صحيفة «الغارديان»», «منظمة «أطباء من أجل الصالح العام»»)."""
    if not art.gap_has(j, "«"):
        return False
    q = art.quote_at(art.ends[j - 1])
    if q is None:
        return False
    ent = art.entity_at.get(j)
    return ent is None or art.ends[art.last_token(ent)] < q[1] - 1


def _told_outlet(art: Article, j: int) -> bool:
    """Token ``j`` opens an outlet a statement was made to (:meth:`Article.told_outlet`)."""
    return art.told_outlet(j) is not None


#: How many words an aside between a subject and the outlet it spoke to may hold.
_ASIDE_WORDS = 12


def _told_after_aside(art: Article, k: int, last: int) -> tuple[str, int] | None:
    """«وقال قائد …، المدعومة من الولايات المتحدة، لفرانس برس، إن …»: the outlet told,
    after an aside set off by commas between the subject and the content."""
    if k > last or not art.punct_before(k) or art.tokens[k] in art.lex.complementizers:
        return None
    for j in range(k + 1, min(last, k + _ASIDE_WORDS) + 1):
        tok = art.tokens[j]
        if tok in art.lex.complementizers or art.gap_has(j, ":") or art.gap_has(j, "«"):
            return None
        if art.punct_before(j):
            return art.told_outlet(j)
    return None


def verb_statement(
    art: Article, i: int, verb: Verb, first: int, last: int, sent: int
) -> Statement | None:
    """The statement a reporting verb at token ``i`` opens (VSO, SVO, relayed or passive)."""
    if verb.requires and not _followed_by(art, i, last, verb.requires):
        return None
    via, subject_at = None, i + 1
    told = art.told_outlet(subject_at) if subject_at <= last else None
    if told is not None:  # «قال لوكالة فرانس برس …»
        via, subject_at = told[0], told[1] + 1
    src, np_last, clause_start = _subject(art, i, verb, first, last, subject_at)
    if src is not None and not src.plural and verb.agree in ("m", "f"):
        src.feminine = verb.agree == "f"  # «وقالت سوزان ورال»: the verb says her gender
    k = np_last + 1
    told = art.told_outlet(k) if src is not None and k <= last else None
    if told is None and src is not None:
        told = _told_after_aside(art, k, last)
    if told is not None:  # «قال … لصحيفة «الغارديان»»
        via, k = told[0], told[1] + 1
    if verb.relay:
        if k > last or art.tokens[k] not in verb.stops:
            return None
        return _relayed(art, i, verb, k, last, sent, src, clause_start)
    content = content_after(art, k, last, verb.content_prep)
    if content is None and src is not None:
        content = _clitic_content(art, src.text_last + 1, last, verb)
    if (
        content is None
        and src is not None
        and src.text_last + 1 < k <= last
        and art.punct_before(k)
    ):
        # «أقر التحالف الدولي بقيادة الولايات المتحدة …، الجمعة، بمقتل …»: after the
        # subject's modifiers and a time word set off by commas
        content = _clitic_content(art, k, last, verb)
    if content is None and verb.takes_object:
        content = _object_then_content(art, k, last, verb)  # «دعت الدول المانحة إلى …»
    content_end = -1
    if content is None:  # «…»، قال مسؤول: the quotation came first
        q = art.last_quote_before(clause_start, not_word)
        if q is not None:
            content, content_end = q
    if content is None and verb.counts and src is not None and src.rule != "own-words":
        content = _counted_object(art, max(src.text_last, i) + 1, last)  # «سجل المركز 44 هجوما»
    if content is None and verb.masdar and src is not None and src.rule != "own-words":
        content = _masdar_object(art, max(src.text_last, i) + 1, last)  # «أعلن الجيش مقتل …»
    if content is None and verb.estimate and without_conjunction(art.tokens[i])[0] in "يت":
        content = art.starts[k] if k <= last else None  # «يقدرون عددهم ب…»
    if content is None:
        if src is None:
            return None
        # «صرح … قائلاً»: the participle will carry the content
        rule = "verb-after" if src.text_first > i else "verb-before"
        return Statement(
            sent,
            i,
            i,
            None,
            None,
            verb.lemma,
            src,
            -1,
            -1,
            clause_start,
            via,
            kept=False,
            cue_rule=rule,
        )
    if src is None:
        src = _coordinated_subject(art, i, first, verb)
    if src is None:
        if without_conjunction(art.tokens[i]) in art.lex.impersonal:
            return None  # «يُذكر أن …»: the writer's background, nobody's statement
        src = _unwritten_subject(verb)
        rule = "verb-none"
    else:
        rule = "verb-after" if src.text_first > i else "verb-before"
    return Statement(
        sent,
        i,
        i,
        None,
        None,
        verb.lemma,
        src,
        content,
        content_end,
        clause_start,
        via,
        cue_rule=rule,
    )


#: Words with ب / ل that open an adjunct, not a content («بسبب», «بعد», «بشكل»).
_NOT_CONTENT = frozenset(
    {"بعد", "بين", "بسبب", "بشكل", "بدوره", "بدورها", "بحسب", "بينما", "بدون", "لدي", "لدى"}
)
#: Words with ب that continue the subject («الحكومة بقيادة حزب العدالة»): the content's
#: preposition is looked for after the phrase they open.
_SUBJECT_GOES_ON = frozenset({"بقياده", "برئاسه", "بزعامه"})
#: How many words such a phrase may hold.
_GOES_ON_WORDS = 6


def _clitic_content(art: Article, j: int, last: int, verb: Verb) -> int | None:
    """«نددت المنظمة بالإعدامات»: a one-letter content preposition written on the word
    right after the subject (and any time words: «… الخميس بما …», «…، الجمعة، بمقتل»)
    opens the content."""
    skipped = False
    while j <= last and art.tokens[j] in art.lex.adverbs:
        j += 1
        skipped = True
    if j > last or (art.punct_before(j) and not skipped):
        return None
    tok = art.tokens[j]
    if tok in _SUBJECT_GOES_ON:  # «نددت الحكومة بقيادة حزب العدالة بالهجوم»
        for k in range(j + 1, min(last, j + _GOES_ON_WORDS) + 1):
            if art.punct_before(k) or art.is_verb(k) or art.tokens[k] in art.lex.complementizers:
                return None
            if art.tokens[k] not in _SUBJECT_GOES_ON and _clitic_content(art, k, k, verb):
                return art.starts[k]
        return None
    if tok in art.lex.function_words or tok in _NOT_CONTENT:
        return None  # «بعد الاجتماع», «بسبب», «بشكل»: an adjunct, not the content
    for prep in verb.content_prep:
        if len(prep) == 1 and tok.startswith(prep) and len(tok) >= 3:
            return art.starts[j]
    return None


def _counted_object(art: Article, j: int, last: int) -> int | None:
    """The object of a counting verb when a number stands in its first seven words (time
    words before it aside): where the content starts."""
    while j <= last and art.tokens[j] in art.lex.adverbs:
        j += 1
    for k in range(j, min(last, j + 6) + 1):
        if k > j and (art.punct_before(k) or art.is_verb(k)):
            return None
        if any(ch.isdigit() for ch in art.tokens[k]) and not _a_year(art.tokens[k]):
            return art.starts[j]
    return None


#: How many words a verbal-noun content must hold before punctuation, at least.
_MASDAR_WORDS = 2


def _masdar_object(art: Article, j: int, last: int) -> int | None:
    """«أعلن الجيش مقتل 15 مسلحاً», «أكدت الوزارة أمس ارتفاع أعداد النازحين»: right
    after the subject (and any time words), a word that opens a noun phrase of two words
    or more, with no punctuation before it, is the object, and the content.

    Not when the word may still belong to the subject or is no noun to open a content:
    a word with the article («أعلنت الشركة البرمجيات …»), a word with و before a
    definite one («أعلن الجيش وقوات الأمن …»: a second subject; «وجود قوات» is a noun),
    a title («أعلن عمر الصفراء مدير …», «ورئيس المجلس»), a name, a function word, a
    preposition, a complementizer or a cue."""
    while j <= last and art.tokens[j] in art.lex.adverbs and not art.punct_before(j):
        j += 1
    if j + _MASDAR_WORDS - 1 > last or art.punct_before(j) or art.gap_has(j, "«"):
        return None
    tok = art.tokens[j]
    lex = art.lex
    if tok.startswith("ال") and _definite_masdar(art, j):
        return art.starts[j]
    if (
        _read_already(art, j)
        or len(tok) < 3
        or tok.startswith(("ال", "ل"))
        or without_conjunction(tok).startswith("ال")
        or (tok[0] == "و" and art.tokens[j + 1].startswith("ال"))
        or tok in lex.prepositions
        or tok in lex.complementizers
        or opening_title(art, j) is not None
    ):
        return None
    if any(art.punct_before(k) for k in range(j + 1, j + _MASDAR_WORDS)):
        return None
    return art.starts[j]


#: Prepositions a definite verbal noun object takes right after it («العثور على»,
#: «الانتهاء من», «الكشف عن»).
_MASDAR_PREPOSITIONS = frozenset(
    normalize_for_matching(w) for w in ("على", "من", "عن", "في", "إلى")
)


def _definite_masdar(art: Article, j: int) -> bool:
    """«أعلنت الشركة العثور على …», «أعلن الجيش السيطرة على …»: a definite word right
    after the subject, no adjective of it (no nisba «-ي», no entity, no modifier of the
    lexicon, no «الم-» participle of an office such as «المشرف على»), after a definite
    word, the verb, an adverb or a name, and followed at once by the preposition it
    governs, is a verbal noun object. (A definite word with nothing after it may still describe the
    subject: «وأعلنت الشركة البرمجيات الجديدة».)"""
    tok, prev = art.tokens[j], art.tokens[j - 1]
    if not (
        prev.startswith("ال")
        or art.bits(j - 1)
        or art.entity_at.get(j - 1) is not None
        or prev in art.lex.adverbs
    ):
        return False  # after an indefinite noun it is its genitive: «أسعار بيع الديزل في»
    if tok.startswith("الم") and not tok.endswith("ه"):
        return False  # a participle of an office, the subject's apposition: «المشرف على»
    return (
        j + 1 < len(art.tokens)
        and len(tok) > 4
        and art.tokens[j + 1] in _MASDAR_PREPOSITIONS
        and not art.punct_before(j + 1)
        and NISBA_RE.search(tok) is None
        and not _read_already(art, j)
        and tok not in art.lex.adverbs
    )


def _read_already(art: Article, j: int) -> bool:
    """Token ``j`` is no verbal noun to open a content: not a word, a function word, a
    word of the cue lexicon (bits) or part of an entity."""
    tok = art.tokens[j]
    return (
        not tok.isalpha()
        or tok in art.lex.function_words
        or bool(art.bits(j))
        or art.entity_at.get(j) is not None
    )


def _a_year(tok: str) -> bool:
    return tok.isdigit() and len(tok) == 4 and tok[:2] in ("19", "20")


def _object_then_content(art: Article, k: int, last: int, verb: Verb) -> int | None:
    """«دعت الحكومة الدول المانحة إلى تقديم …», «مطالباً القوات الأمنية بالضرب …»: an
    object, then the content's preposition within five words; the content is both."""
    for j in range(k, min(last, k + 5) + 1):
        if j > k and (art.punct_before(j) or art.is_verb(j) or art.is_participle(j)):
            return None
        if j > k and (
            art.tokens[j] in verb.content_prep or _clitic_content(art, j, j, verb) is not None
        ):
            return art.starts[k]
    return None


def _followed_by(art: Article, i: int, last: int, word: str, words: int = 8) -> bool:
    """``word`` is among the ``words`` words after token ``i`` in its sentence (numbers
    and signs do not count: «وأعرب وزراء خارجية الدول ال28 في بيانهم الختامي عن»)."""
    n = 0
    for j in range(i + 1, last + 1):
        tok = art.tokens[j]
        if tok == word:
            return True
        n += tok[0].isalpha()
        if n >= words:
            break
    return False


def _coordinated_subject(art: Article, i: int, first: int, verb: Verb) -> Source | None:
    """«لكن محكمة التمييز أعادت دراسة الملف، واعتبرت أن …»: a verb with و after a comma
    and no subject of its own shares the subject written at the start of its sentence
    before the first verb, when it agrees with it in number and gender."""
    tok = art.tokens[i]
    if i <= first or not art.punct_before(i) or without_conjunction(tok) == tok:
        return None
    j = first
    while j < i and without_conjunction(art.tokens[j]) in art.lex.subject_openers:
        j += 1
    if j >= i or art.is_verb(j) or art.is_participle(j) or art.prep_at(j) is not None:
        return None  # the sentence opens with a cue: that statement has its own subject
    src = analyse_np(art, j, np_end(art, j, i - 1, verb.stops))
    if src is None or src.resolution not in ("named", "described", "anaphor"):
        return None
    if src.rule == "title-name" and src.entity_id is None:
        return None  # «الوزير استقبل السفير»: «استقبل» read as a name is the verb
    after = src.text_last + 1
    if after >= i or art.punct_before(after) or art.tokens[after] in art.lex.complementizers:
        return None  # no verb of its own right after it
    return src if _agrees(verb, src) else None


def _agrees(verb: Verb, src: Source) -> bool:
    """The verb agrees with the source in number and, in the singular, in gender."""
    if verb.agree == "pl" or src.plural:
        return verb.agree == "pl" and src.plural
    return (verb.agree == "f") == src.feminine


def _unwritten_subject(verb: Verb) -> Source:
    """The source of a verb with no subject: dropped («وأضافت»), or passive («ويُقدَّر»)."""
    resolution = "passive" if verb.estimate else "dropped_subject"
    src = Source(-1, -1, "", None, "estimate" if verb.estimate else "", resolution)
    src.plural = verb.agree == "pl"
    src.feminine = verb.agree == "f"
    return src


def _subject(
    art: Article, i: int, verb: Verb, first: int, last: int, k: int
) -> tuple[Source | None, int, int]:
    """The verb's subject: (source, last token it reaches, where its clause starts).

    After the verb (VSO, from token ``k``: after the outlet told, if any), else before
    it (SVO: «الصحيفة نقلت»).
    """
    before = _pluperfect_subject(art, i, first)
    if before is not None:  # «وكانت الحكومة العراقية دعت الدول …»: the subject came first
        return before, i, art.starts[before.text_first]
    if k <= last and (art.gap_has(k, ":") or (art.gap_has(k, "«") and not art.entity_at.get(k))):
        np_last = i  # «قال: …», «قال «…»»: no subject after the verb
    elif k <= last and art.tokens[k] in art.lex.prepositions and art.entity_at.get(k) is None:
        np_last = i  # «رأت في تقرير …»: an adjunct, not a subject (not «قال علي …»)
    else:
        np_last = np_end(art, k, last, verb.stops)
    src = analyse_np(art, k, np_last) if np_last >= k else None
    nominative = art.tokens[k].endswith("ون") if k <= last else False  # «ودعا المتظاهرون»
    if (
        src is None
        and np_last >= k
        and not art.entity_at.get(k)
        and not (verb.estimate or (verb.takes_object and not nominative))
    ):
        src = unclassified(art, k, np_last)  # («ويقدر عددهم»: an object, not a subject)
    clause_start = art.starts[i]
    if src is not None:
        return src, np_last, clause_start
    back = i - 1
    while back >= first and not _subject_stops_before(art, back):
        back -= 1
    b_first = back + 1
    while b_first < i and without_conjunction(art.tokens[b_first]) in art.lex.subject_openers:
        b_first += 1  # «… لكن متحدثا باسم التحالف قال»
    end = i - 1
    while end > b_first and art.tokens[end] in art.lex.auxiliaries:
        end -= 1  # «أن رئيس الوزراء قد أعلن»: «قد» is not the subject's
    if b_first < i and not art.punct_before(i):
        src = analyse_np(art, b_first, end)
        if src is not None:
            clause_start = art.starts[src.text_first] if src.text_first >= 0 else clause_start
            np_last = i  # the content follows the verb
    return src, max(np_last, i), clause_start


def _pluperfect_subject(art: Article, i: int, first: int) -> Source | None:
    """«وكان الوزير قد قال», «وكانت الحكومة دعت»: an auxiliary, a subject, the verb."""
    back = i - 1
    while back >= first and not _subject_stops_before(art, back):
        if art.tokens[back] in art.lex.auxiliaries and back < i - 1:
            if without_conjunction(art.tokens[back]) in ("قد", "لقد"):
                back -= 1
                continue
            src = analyse_np(art, back + 1, i - 1)
            # the subject reaches the verb, or starts right after the auxiliary («وكانت
            # لجنة تحقيق في مجلس الشيوخ قد رأت»: its modifier in between)
            ok = src is not None and (src.text_last >= i - 2 or src.text_first == back + 1)
            return src if ok else None
        back -= 1
    return None


def _subject_stops_before(art: Article, j: int) -> bool:
    """A subject before a verb cannot reach back over token ``j``."""
    return (
        art.punct_before(j + 1)
        or art.tokens[j] in art.lex.complementizers
        or art.in_quote(j)
        or art.is_verb(j)
        or art.is_participle(j)
    )


def _relayed(
    art: Article,
    i: int,
    verb: Verb,
    k: int,
    last: int,
    sent: int,
    src: Source | None,
    clause_start: int,
) -> Statement | None:
    """«نقلت الصحيفة عن مسؤولين أن …»: the original source after the relay preposition."""
    relay_by = src or Source(-1, -1, "", None, "media", "dropped_subject", feminine=True)
    r_last = np_end(art, k + 1, last, _NO_STOPS)
    original = analyse_np(art, k + 1, r_last)
    if original is None:
        return None
    content = content_after(art, r_last + 1, last, _NO_STOPS)
    if content is None and original.text_last + 1 <= last:
        content = art.starts[original.text_last + 1]
    if content is None:
        return None
    return Statement(
        sent,
        i,
        i,
        None,
        None,
        verb.lemma,
        original,
        content,
        -1,
        clause_start,
        None,
        relay_by=relay_by,
        also=coordinated(art, original, r_last),
        cue_rule="relay",
    )


def prep_statement(
    art: Article, i: int, cue_last: int, prep: Prep, first: int, last: int, sent: int
) -> Statement | None:
    """«بحسب الصحيفة»: the source follows the cue; the content before or after it."""
    k = cue_last + 1
    if k > last:
        return None
    if art.tokens[k] in ("ل", "لـ"):
        k += 1
        if k > last:
            return None  # «وفقاً لـ» ending the text
    said = _what_was_said(art, k, last)  # «بحسب ما ذكر …», «وفقاً لما أكده …»
    rule = "prep-what" if said > k else "prep"
    if said > k:
        cue_last = said - 1  # the verb after «ما» belongs to this cue, not a statement
    k = said
    if k > last:
        return None
    lam = prep.lam or k > cue_last + 1
    src = analyse_np(art, k, np_end(art, k, last, _NO_STOPS), lam=lam)
    if src is None:
        return None
    after = src.text_last + 1
    via = None
    told = art.told_outlet(after) if after <= last else None
    if told is not None:  # «بحسب ما ذكر مصدر قضائي لفرانس برس»
        via, after = told[0], told[1] + 1
    while after <= last and art.tokens[after] in art.lex.relatives:
        after = np_end(art, after + 1, last, _NO_STOPS) + 1
    quote_before = art.last_quote_before(art.starts[i], QUOTE_GAP.__contains__)
    if quote_before is not None:  # «…»، بحسب الصحيفة
        c_start, c_end = quote_before
        clause_start = c_start
    elif at_most_one_word(art.text, art.starts[first], art.starts[i], " «»-–—،,"):
        # «وبحسب الصحيفة، فلقد سجلت …»: the content follows
        if after > last:
            return None
        pos = art.starts[after]
        m = _LEAD_IN_RE.match(art.text, pos)
        c_start, c_end, clause_start = (m.end() if m else pos), -1, art.starts[i]
    else:  # «… بحسب الصحيفة»: the content came first
        c_start = clause_start = art.starts[first]
        c_end = art.starts[i]
    return Statement(
        sent,
        i,
        cue_last,
        None,
        None,
        prep.lemma,
        src,
        c_start,
        c_end,
        clause_start,
        via,
        cue_rule=rule,
    )


def _what_was_said(art: Article, k: int, last: int) -> int:
    """After «بحسب» / «وفقاً لـ»: the token after «ما» / «لما» and the verb that
    follows it («بحسب ما ذكر مصدر», «وفقاً لما أكده المتحدث»), else ``k``."""
    if without_conjunction(art.tokens[k]) not in ("ما", "لما") or k + 1 > last:
        return k
    j = k + 1
    tok = art.tokens[j]
    if art.is_verb(j) or any(art.lex.verbs.longest_at((tok[:-n],), 0) for n in (1, 2)):
        return j + 1  # «ذكر», «أكده», «أعلنته»
    return k


def headline_statement(art: Article, first: int, last: int, sent: int) -> Statement | None:
    """«الغارديان: انشقاق في صفوف داعش»: a source and a colon open a headline."""
    for j in range(first + 1, min(last, first + 4) + 1):
        gap = art.gap(j)
        if ":" in gap:
            src = analyse_np(art, first, j - 1)
            if src is None or src.resolution not in ("named", "described"):
                return None
            colon = art.ends[j - 1] + gap.index(":")
            return Statement(
                sent,
                -1,
                -1,
                colon,
                colon + 1,
                ":",
                src,
                art.starts[j],
                -1,
                art.starts[first],
                None,
                cue_rule="headline-colon",
            )
    return None
