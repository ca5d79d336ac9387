"""The ``corpus-tools`` command line.

``corpus-tools reports [CORPUS] [options]``
    analyse the corpus and render every notebook to ``reports/`` (see
    :mod:`corpus_tools.report.reports`).
``corpus-tools analyse [CORPUS] --out FOLDER [options]``
    compute every table and write them as Parquet and CSV (no notebooks).
``corpus-tools card [CORPUS] [options]``
    show how the corpus will be read (its card with the options applied).
``corpus-tools tables``
    print every table's column contract as Markdown (``docs/tables.md``).
``corpus-tools train-tagger [--train FILE …] [--unlabelled CORPUS] [--out FOLDER]``
    rebuild the entity tagger's model (and word clusters) from the shared data
    (:mod:`corpus_tools.extract.tagger.train`).

The corpus options (``--card``, ``--text-column``, ``--date-column``,
``--title-column``, ``--publisher-column``, ``--limit``, ``--boilerplate``,
``--entities`` …) are the same for all three; they override the corpus card.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from corpus_tools.corpus.card import CorpusCard
from corpus_tools.pipeline.analysis import Analysis
from corpus_tools.report import reports


def _analyse(argv: Sequence[str]) -> int:
    from corpus_tools.pipeline.analysis import analyse
    from corpus_tools.pipeline.run import PARTITION_SIZE

    parser = argparse.ArgumentParser(prog="corpus-tools analyse")
    reports.add_corpus_options(parser)
    parser.add_argument("--out", type=Path, required=True, help="folder for the tables")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--backend",
        default="auto",
        help="entity backend: auto (default), gazetteer, tagger, stanza, gazetteer+stanza",
    )
    parser.add_argument(
        "--partition-size", type=int, default=PARTITION_SIZE, help="articles per partition"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="start again (default: resume a run in --out)"
    )
    parser.add_argument(
        "--scheduler", help="a Dask scheduler's address (tcp://host:8786): run there"
    )
    args = parser.parse_args(argv)
    card = reports.card_from_args(args)
    if args.scheduler:
        an = _analyse_on_dask(card, args)
    else:
        an = analyse(
            card,
            n_jobs=args.jobs,
            backend=args.backend,
            folder=args.out,
            partition_size=args.partition_size,
            resume=not args.fresh,
        )
    for name in an.tables:
        print(f"{name:18} {an.n_rows(name):>9,} rows")
    for name, why in an.missing.items():
        print(f"{name:18} not available: {why}")
    for note in an.notes:
        print(f"note: {note}")
    return 1 if an.missing else 0


def _analyse_on_dask(card: CorpusCard, args: argparse.Namespace) -> Analysis:
    """Load the corpus here, cut it into partitions, and analyse them on the cluster."""
    import dask.dataframe as dd
    from distributed import Client

    from corpus_tools.corpus.card import load_card_corpus
    from corpus_tools.pipeline.analysis import analyse_dask

    raw = load_card_corpus(card)
    parts = max(-(-len(raw) // args.partition_size), 1)
    with Client(args.scheduler) as client:
        return analyse_dask(
            dd.from_pandas(raw, npartitions=parts, sort=False),
            args.out,
            client=client,
            backend=args.backend,
            boilerplate=tuple(str(p) for p in card.boilerplate),
            entities=tuple(str(p) for p in card.entities or ()),
            name=card.label,
            resume=not args.fresh,
        )


def _card(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="corpus-tools card")
    reports.add_corpus_options(parser)
    card = reports.card_from_args(parser.parse_args(argv))
    for key, value in vars(card).items():
        print(f"{key:12} {value}")
    return 0


def _tables(argv: Sequence[str]) -> int:
    from corpus_tools.contracts import tables_markdown

    argparse.ArgumentParser(prog="corpus-tools tables").parse_args(argv)
    sys.stdout.write(tables_markdown())
    return 0


def _train_tagger(argv: Sequence[str]) -> int:
    from corpus_tools.extract.tagger.train import main as train_main

    return train_main(argv)


COMMANDS = {
    "reports": reports.main,
    "analyse": _analyse,
    "card": _card,
    "tables": _tables,
    "train-tagger": _train_tagger,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
