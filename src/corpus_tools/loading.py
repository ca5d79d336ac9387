"""Loading: a folder of text files or an export (CSV, JSONL, Parquet) → one row per article.

Encodings are detected, not guessed by the user: byte-order marks first, then
strict UTF-8, then charset-normalizer, with a check that Arabic text decoded
as Arabic (cp1256 and ISO-8859-6 are easy to confuse on short texts). A file
that cannot be read is skipped with a warning naming it and listed in
:func:`load_problems`; everything else still loads.

Column contract of :func:`load_corpus`:

==============  ===============  ==========================================================
column          dtype            meaning
==============  ===============  ==========================================================
article_id      str              file stem, or the export's id column (unique)
path            str              file the text came from (``file:line`` for exports)
raw_text        str              the text exactly as decoded: never modified later
encoding        str              detected encoding (``utf-8``, ``cp1256``, ``utf-16`` …)
publisher …     str              metadata columns, as given (all optional)
published       datetime64[s]    publication date (any year 1 … 9999); NaT where unknown
==============  ===============  ==========================================================

Example:
    >>> articles = load_corpus()  # the seed corpus, or $CORPUS_TOOLS_CORPUS
    >>> articles[["article_id", "encoding"]].iloc[0].tolist()
    ['000_11c30f5ed57a55bb', 'utf-8']
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from .progress import progress
from .resources import default_corpus

__all__ = ["CorpusWarning", "default_corpus", "detect_encoding", "load_corpus", "load_problems"]

TEXT_COLUMNS = ("raw_text", "text", "content", "body", "article", "article_text")
ID_COLUMNS = ("article_id", "id", "doc_id", "document_id")
DATE_COLUMNS = ("published", "date", "pub_date", "publication_date", "published_at")
PROBLEM_COLUMNS = ["path", "article_id", "problem", "detail"]
EXPORT_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq"}
MAX_FILE_WARNINGS = 20

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_ENCODING_NAMES = {
    "utf_8": "utf-8",
    "utf_8_sig": "utf-8-sig",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "utf_32": "utf-32",
    "cp1256": "cp1256",
    "windows_1256": "cp1256",
    "iso8859_6": "iso-8859-6",
    "mac_arabic": "mac-arabic",
    "cp720": "cp720",
    "cp864": "cp864",
}
_ARABIC_FALLBACKS = ("cp1256", "iso8859_6")


class CorpusWarning(UserWarning):
    """A file or record that could not be loaded, or metadata that does not match."""


class UnreadableText(ValueError):
    """Bytes that are not a text: ``kind`` is ``empty``, ``binary`` or ``undecodable``."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


@dataclass
class _Problems:
    rows: list[dict[str, str]]
    warned: int = 0

    def add(
        self, path: str, problem: str, detail: str, article_id: str = "", warn: bool = True
    ) -> None:
        self.rows.append(
            {"path": path, "article_id": article_id, "problem": problem, "detail": detail}
        )
        if warn:
            self.warned += 1
            if self.warned <= MAX_FILE_WARNINGS:
                warnings.warn(f"{path}: {detail}", CorpusWarning, stacklevel=4)

    def finish(self) -> None:
        if self.warned > MAX_FILE_WARNINGS:
            warnings.warn(
                f"{self.warned - MAX_FILE_WARNINGS} more problems not shown; "
                "see load_problems(articles)",
                CorpusWarning,
                stacklevel=3,
            )


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters)


_LATIN_IN_WORD_RE = re.compile(
    r"[\u0600-\u06ff][a-zA-Z\u00c0-\u00ff]|[a-zA-Z\u00c0-\u00ff][\u0600-\u06ff]"
)
_ARTICLE_RE = re.compile(r"(?:^|\s)[وفبلك]?ال[\u0621-\u064a]")


def _arabic_plausibility(text: str) -> float:
    """How much ``text`` reads like Arabic: Arabic letters, the article «ال», and no
    Latin letters glued inside Arabic words (the mark of a wrong Arabic code page)."""
    words = max(len(text.split()), 1)
    return (
        _arabic_share(text)
        + len(_ARTICLE_RE.findall(text)) / words
        - 2 * len(_LATIN_IN_WORD_RE.findall(text)) / words
    )


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(
        1
        for c in text
        if unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn") and c not in "\n\r\t\f\v"
    )
    return bad / len(text)


def _check_text(text: str, encoding: str) -> tuple[str, str]:
    if not text.strip():
        raise UnreadableText("empty", "file holds only whitespace")
    if _control_share(text) > 0.02:
        raise UnreadableText(
            "binary", f"looks binary: control characters after decoding as {encoding}"
        )
    return text, encoding


def detect_encoding(data: bytes) -> tuple[str, str]:
    """Decode ``data``: return ``(text, encoding)`` or raise :class:`UnreadableText`.

    >>> detect_encoding("سوريا".encode("cp1256"))
    ('سوريا', 'cp1256')
    >>> detect_encoding("\\ufeffسوريا".encode("utf-8"))[1]
    'utf-8-sig'
    """
    if not data:
        raise UnreadableText("empty", "empty file (0 bytes)")
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise UnreadableText(
                    "undecodable",
                    f"starts with a {name} byte-order mark but does not decode: {exc.reason}",
                ) from exc
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise UnreadableText("binary", f"not a text file: looks like {what}")
    if b"\x00" in data:
        return _detect_utf16_without_bom(data)
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    candidates: list[tuple[str, str]] = []
    if best is not None:
        candidates.append((str(best), best.encoding))
    for enc in _ARABIC_FALLBACKS:
        try:
            candidates.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise UnreadableText("undecodable", "no known encoding decodes it")
    text, enc = candidates[0]
    # Short texts fool charset-normalizer, and cp1256 / ISO-8859-6 both decode each
    # other's bytes into Arabic letters: prefer the reading that looks most like Arabic.
    if _arabic_share(text) < 0.5 or enc in _ARABIC_FALLBACKS:
        text, enc = max(candidates, key=lambda c: _arabic_plausibility(c[0]))
    return _check_text(text, _ENCODING_NAMES.get(enc, enc))


def _detect_utf16_without_bom(data: bytes) -> tuple[str, str]:
    for enc in ("utf-16-le", "utf-16-be"):
        if len(data) % 2:
            break
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        plausible = sum(
            c.isspace() or c < "\u0250" or "\u0600" <= c <= "\u06ff" or "\u2000" <= c <= "\u206f"
            for c in text
        )
        if _control_share(text) < 0.01 and plausible > 0.9 * len(text):
            return _check_text(text, enc)
    raise UnreadableText("binary", "not a text file: contains NUL bytes")


def _read_text_file(path: Path, encoding: str | None) -> tuple[str, str]:
    data = path.read_bytes()
    if encoding:
        try:
            return _check_text(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableText(
                "undecodable", f"does not decode as {encoding}: {exc.reason} at byte {exc.start}"
            ) from exc
    return detect_encoding(data)


def _read_metadata(path: Path, problems: _Problems) -> pd.DataFrame:
    text, _ = detect_encoding(path.read_bytes())
    meta = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    meta.columns = [c.strip() for c in meta.columns]
    if "article_id" not in meta.columns:
        raise ValueError(
            f"{path}: metadata needs an 'article_id' column (found {list(meta.columns)})"
        )
    meta = meta.replace({"": pd.NA})
    dup = meta["article_id"][meta["article_id"].duplicated()].tolist()
    if dup:
        raise ValueError(f"{path}: duplicate article_id in metadata: {sorted(set(dup))[:20]}")
    return meta


def _to_dates(raw: pd.Series) -> pd.Series:
    """Strings as dates (NaT where not one); offsets that differ from row to row, or
    rows with and without one, are compared in UTC."""
    text = raw.astype("str")
    try:
        return pd.to_datetime(text, errors="coerce", format="mixed")
    except ValueError:  # «Mixed timezones detected»
        return pd.to_datetime(text, errors="coerce", format="mixed", utc=True)


def _parse_published(df: pd.DataFrame, problems: _Problems) -> pd.DataFrame:
    """Parse ``published`` (and any ``*_published`` column) as dates at second
    resolution (years 1 … 9999, not only pandas' nanosecond 1677–2262); NaT where unknown."""
    if "published" not in df.columns:
        df["published"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[s]")
    for col in [c for c in df.columns if c == "published" or c.endswith("_published")]:
        raw = df[col]
        if pd.api.types.is_datetime64_any_dtype(raw):
            parsed = raw
        else:
            parsed = _to_dates(raw)
            bad = raw.notna() & (raw.astype("str").str.strip() != "") & parsed.isna()
            for aid, value, path in zip(
                df.loc[bad, "article_id"], raw[bad], df.loc[bad, "path"], strict=True
            ):
                problems.add(
                    str(path), "bad_date", f"{col} {value!r} is not a date; set to NaT", str(aid)
                )
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert(None)
        df[col] = parsed.astype("datetime64[s]")
    return df


def _check_duplicates(ids: pd.Series, where: str) -> None:
    dup = ids[ids.duplicated(keep=False)]
    if not dup.empty:
        names = sorted(set(dup.tolist()))
        raise ValueError(
            f"{where}: duplicate article ids {names[:20]}"
            f"{' …' if len(names) > 20 else ''}; ids must be unique "
            "(rename the files or give an id column)"
        )


def _load_folder(
    root: Path,
    encoding: str | None,
    metadata: Path | None,
    problems: _Problems,
    show_progress: bool | None,
    limit: int | None = None,
) -> pd.DataFrame:
    files = sorted(
        p
        for p in root.rglob("*.txt")
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
    )[:limit]
    _check_duplicates(pd.Series([p.stem for p in files], dtype="str"), str(root))
    rows = []
    for path in progress(files, desc="loading", show=show_progress):
        try:
            text, enc = _read_text_file(path, encoding)
        except UnreadableText as exc:
            problems.add(str(path), exc.kind, str(exc), path.stem)
            continue
        except OSError as exc:
            problems.add(str(path), "unreadable", f"cannot read: {exc}", path.stem)
            continue
        rows.append({"article_id": path.stem, "path": str(path), "raw_text": text, "encoding": enc})
    articles = pd.DataFrame(rows, columns=["article_id", "path", "raw_text", "encoding"])
    meta_path = metadata or (root / "metadata.csv")
    if meta_path.is_file():
        meta = _read_metadata(meta_path, problems)
        loaded = set(articles["article_id"])
        failed = {r["article_id"] for r in problems.rows}
        for aid in meta["article_id"]:
            if aid not in loaded and aid not in failed and limit is None:
                problems.add(
                    str(meta_path),
                    "metadata_without_file",
                    f"metadata row {aid!r} has no .txt file",
                    aid,
                )
        for aid in sorted(loaded - set(meta["article_id"])):
            problems.add(
                str(meta_path),
                "no_metadata",
                f"{aid!r} has no row in the metadata (loaded without it)",
                aid,
            )
        meta = meta.drop(columns=[c for c in ("path", "raw_text", "encoding") if c in meta])
        articles = articles.merge(meta, on="article_id", how="left")
    elif metadata is not None:
        raise FileNotFoundError(f"metadata file {metadata} does not exist")
    return articles


def _iter_json_records(
    path: Path, problems: _Problems, limit: int | None = None
) -> Iterable[tuple[int, dict]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        head = fh.read(1)
    if path.name.endswith((".json", ".json.gz")) and head == b"[":
        with opener(path, "rb") as fh:
            records = json.load(fh)
        yield from ((i + 1, r) for i, r in enumerate(records[:limit]))
        return
    count = 0
    with opener(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                problems.add(f"{path}:{lineno}", "bad_record", f"not valid JSON: {exc}")
                continue
            if not isinstance(record, dict):
                problems.add(f"{path}:{lineno}", "bad_record", "a JSON line that is not an object")
                continue
            yield lineno, record
            count += 1
            if limit is not None and count >= limit:
                return


def _read_export(path: Path, problems: _Problems, limit: int | None = None) -> pd.DataFrame:
    suffixes = [s.lower() for s in path.suffixes]
    kind = suffixes[-2] if suffixes[-1] == ".gz" and len(suffixes) > 1 else suffixes[-1]
    if kind in (".parquet", ".pq"):
        df = pd.read_parquet(path)[:limit]
        df["path"] = [f"{path}:{i + 1}" for i in range(len(df))]
        df["encoding"] = "parquet"
        return df
    if kind in (".csv", ".tsv"):
        data = gzip.decompress(path.read_bytes()) if suffixes[-1] == ".gz" else path.read_bytes()
        text, enc = detect_encoding(data)
        df = pd.read_csv(
            io.StringIO(text),
            sep="\t" if kind == ".tsv" else ",",
            dtype="str",
            keep_default_na=False,
            nrows=limit,
        )
        df["path"] = [f"{path}:{i + 2}" for i in range(len(df))]
        df["encoding"] = enc
        return df.replace({"": pd.NA})
    if kind in (".jsonl", ".ndjson", ".json"):
        lines, records = [], []
        for lineno, record in _iter_json_records(path, problems, limit):
            lines.append(f"{path}:{lineno}")
            records.append(record)
        df = pd.DataFrame.from_records(records)
        df["path"] = lines
        df["encoding"] = "utf-8"
        return df
    raise ValueError(
        f"{path}: unsupported export format {kind!r} "
        f"(use a folder of .txt files, .csv, .tsv, .jsonl or .parquet)"
    )


def _load_export(
    path: Path,
    text_column: str | None,
    id_column: str | None,
    columns: Mapping[str, str] | None,
    problems: _Problems,
    limit: int | None = None,
) -> pd.DataFrame:
    df = _read_export(path, problems, limit)
    if columns:
        missing = [src for src in columns.values() if src not in df.columns]
        if missing:
            raise KeyError(f"{path}: columns {missing} not found (have {list(df.columns)})")
        df = df.drop(columns=[c for c in columns if c in df.columns and c not in columns.values()])
        df = df.rename(columns={src: dst for dst, src in columns.items()})
    text_col = text_column or next((c for c in TEXT_COLUMNS if c in df.columns), None)
    if text_col is None or text_col not in df.columns:
        raise KeyError(
            f"{path}: no text column; name it with text_column= (have {list(df.columns)})"
        )
    df = df.rename(columns={text_col: "raw_text"}) if text_col != "raw_text" else df
    id_col = id_column or next((c for c in ID_COLUMNS if c in df.columns), None)
    stem = path.name.split(".")[0]
    if id_col is None:
        df["article_id"] = [f"{stem}-{i:06d}" for i in range(len(df))]
    else:
        if id_col not in df.columns:
            raise KeyError(f"{path}: id column {id_col!r} not found")
        df["article_id"] = df[id_col].astype("str")
        if id_col != "article_id":
            df = df.drop(columns=[id_col])
    if "published" not in df.columns:
        date_col = next((c for c in DATE_COLUMNS if c in df.columns), None)
        if date_col:
            df = df.rename(columns={date_col: "published"})
    _check_duplicates(df["article_id"], str(path))
    text = df["raw_text"]
    empty = text.isna() | (text.astype("str").str.strip() == "")
    for p, aid in zip(df.loc[empty, "path"], df.loc[empty, "article_id"], strict=True):
        problems.add(str(p), "empty", "record has no text", str(aid), warn=False)
    if empty.any():
        warnings.warn(
            f"{path}: {int(empty.sum())} record(s) with no text skipped; "
            "see load_problems(articles)",
            CorpusWarning,
            stacklevel=3,
        )
    df = df.loc[~empty].reset_index(drop=True)
    df["raw_text"] = df["raw_text"].astype("str")
    return df


def load_corpus(
    path: str | os.PathLike[str] | None = None,
    *,
    encoding: str | None = None,
    metadata: str | os.PathLike[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    columns: Mapping[str, str] | None = None,
    limit: int | None = None,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """Load a corpus: one row per article (see the module's column table).

    ``path``: a folder of ``.txt`` files (searched recursively; ``metadata.csv``
    beside them is joined on ``article_id``), or an export file (``.csv``, ``.tsv``,
    ``.jsonl``, ``.json``, ``.parquet``, optionally ``.gz``). Default: the seed corpus
    (or ``$CORPUS_TOOLS_CORPUS``).
    ``encoding``: force one encoding for text files instead of detecting it.
    ``text_column`` / ``id_column``: name the export's columns when they are not one
    of the usual names; ``columns`` maps more: ``{"published": "date_extracted"}``.
    ``limit``: read only the first ``limit`` files or records (a quick look at a big corpus).

    Files that cannot be read are skipped with a :class:`CorpusWarning`; see
    :func:`load_problems`. Duplicate article ids raise ``ValueError``.
    """
    root = default_corpus(path)
    problems = _Problems([])
    if root.is_dir():
        articles = _load_folder(
            root, encoding, Path(metadata) if metadata else None, problems, show_progress, limit
        )
    elif root.is_file():
        articles = _load_export(root, text_column, id_column, columns, problems, limit)
        if metadata:
            meta = _read_metadata(Path(metadata), problems)
            articles = articles.merge(meta, on="article_id", how="left", suffixes=("", "_meta"))
    else:
        raise FileNotFoundError(f"corpus {root} does not exist")
    articles = _parse_published(articles, problems)
    for col in articles.columns:
        if articles[col].dtype == object:
            with contextlib.suppress(TypeError, ValueError):
                articles[col] = articles[col].astype("str")
    front = ["article_id", "path", "raw_text", "encoding"]
    articles = articles[front + [c for c in articles.columns if c not in front]]
    problems.finish()
    articles.attrs["problems"] = problems.rows
    articles.attrs["source"] = str(root)
    return articles


def load_problems(articles: pd.DataFrame) -> pd.DataFrame:
    """Problems met while loading: ``path``, ``article_id``, ``problem``, ``detail``.

    ``problem`` is one of ``empty``, ``binary``, ``undecodable``, ``unreadable``,
    ``bad_record``, ``bad_date``, ``metadata_without_file``, ``no_metadata``.
    """
    rows = articles.attrs.get("problems", [])
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype("str")
