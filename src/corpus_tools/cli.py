"""The ``corpus-tools`` command line.

``corpus-tools reports [CORPUS] [options]``
    analyse the corpus and render every notebook to ``reports/`` (see
    :mod:`corpus_tools.report.reports`).
``corpus-tools analyse [CORPUS] --out FOLDER [options]``
    compute every table and write them as Parquet and CSV (no notebooks).
``corpus-tools card [CORPUS] [options]``
    show how the corpus will be read (its card with the options applied).

The corpus options (``--card``, ``--text-column``, ``--date-column``,
``--title-column``, ``--publisher-column``, ``--limit``, ``--boilerplate``,
``--entities`` …) are the same for all three; they override the corpus card.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from corpus_tools.report import reports


def _analyse(argv: Sequence[str]) -> int:
    from corpus_tools.pipeline.analysis import analyse

    parser = argparse.ArgumentParser(prog="corpus-tools analyse")
    reports.add_corpus_options(parser)
    parser.add_argument("--out", type=Path, required=True, help="folder for the tables")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args(argv)
    card = reports.card_from_args(args)
    an = analyse(card, n_jobs=args.jobs, backend=args.backend)
    an.save(args.out)
    for name, df in an.tables.items():
        print(f"{name:18} {len(df):>9,} rows")
    for name, why in an.missing.items():
        print(f"{name:18} not available: {why}")
    for note in an.notes:
        print(f"note: {note}")
    return 1 if an.missing else 0


def _card(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="corpus-tools card")
    reports.add_corpus_options(parser)
    card = reports.card_from_args(parser.parse_args(argv))
    for key, value in vars(card).items():
        print(f"{key:12} {value}")
    return 0


COMMANDS = {"reports": reports.main, "analyse": _analyse, "card": _card}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
