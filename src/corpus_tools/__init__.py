"""corpus_tools: load, clean and tag Arabic news corpora.

Each step takes and returns a tidy pandas DataFrame (column contracts in each
module's docstring)::

    import corpus_tools as ct
    articles = ct.clean_corpus(ct.load_corpus("data/seeds"))
    sents = ct.sentences(articles)
    report = ct.cleaning_report(articles)
    entities = ct.tag_entities(articles)
    attributions = ct.extract_attributions(articles, entities)
"""

from corpus_tools.aggregate.chains import attribution_chains, chain_graph
from corpus_tools.aggregate.citations import citation_profile, outlet_of
from corpus_tools.aggregate.compare import compare_figures, figure_groups
from corpus_tools.contracts import contract
from corpus_tools.corpus.card import CorpusCard, find_card, read_card
from corpus_tools.corpus.loading import CorpusWarning, detect_encoding, load_corpus, load_problems
from corpus_tools.evaluation import evaluate_entities, read_bio
from corpus_tools.extract.entities import entity_counts, load_gazetteer
from corpus_tools.extract.timeline import dated_by_words
from corpus_tools.pipeline.analysis import Analysis, analyse, analyse_dask, open_analysis
from corpus_tools.pipeline.frames import (
    build_timeline,
    extract_attributions,
    extract_figures,
    extract_time_expressions,
    sentences,
    tag_entities,
)
from corpus_tools.resources import default_corpus
from corpus_tools.rows import StepWarning, step_problems
from corpus_tools.text.cleaning import (
    clean_corpus,
    clean_text,
    cleaning_report,
    cleaning_summary,
    length_table,
    raw_span,
    raw_spans,
)
from corpus_tools.text.dates import parse_date
from corpus_tools.text.document import Document
from corpus_tools.text.normalize import normalize_for_matching, normalize_with_offsets
from corpus_tools.text.segmenting import split_sentences

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "CorpusCard",
    "CorpusWarning",
    "Document",
    "StepWarning",
    "analyse",
    "analyse_dask",
    "attribution_chains",
    "build_timeline",
    "chain_graph",
    "citation_profile",
    "clean_corpus",
    "clean_text",
    "cleaning_report",
    "cleaning_summary",
    "compare_figures",
    "contract",
    "dated_by_words",
    "default_corpus",
    "detect_encoding",
    "entity_counts",
    "evaluate_entities",
    "extract_attributions",
    "extract_figures",
    "extract_time_expressions",
    "figure_groups",
    "find_card",
    "length_table",
    "load_corpus",
    "load_gazetteer",
    "load_problems",
    "normalize_for_matching",
    "normalize_with_offsets",
    "open_analysis",
    "outlet_of",
    "parse_date",
    "raw_span",
    "raw_spans",
    "read_bio",
    "read_card",
    "sentences",
    "split_sentences",
    "step_problems",
    "tag_entities",
]
