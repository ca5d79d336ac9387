"""Loading: a folder of text files or an export (CSV, JSONL, Parquet) → one row per article.

Nothing is corrupted silently and one broken file never sinks a corpus run:
whatever can be read is loaded, and every repair or guess is a row of
:func:`load_problems` naming the file (``file:line`` for a line or record).

Encodings are detected, never guessed silently: byte-order marks first, then
UTF-8 — kept when only a few byte sequences are invalid (each replaced with
U+FFFD and counted) — and a legacy code page only for bytes that are not UTF-8
at all, with a check that Arabic text decoded as Arabic (cp1256 and ISO-8859-6
are easy to confuse on short texts) and that Latin text decoded as cp1252 /
Latin-1. A file with UTF-8 lines and legacy lines gets each line decoded right.
Ambiguous slashed dates (``07/06/2016``) are read day first, as Arabic and
European sources write them, unless the column holds dates that can only be
month first (``06/25/2016``); either way the choice is reported once per column.

Column contract of :func:`load_corpus`:

==============  ===============  ==========================================================
column          dtype            meaning
==============  ===============  ==========================================================
article_id      str              file stem, or the export's id column (unique)
path            str              file the text came from (``file:line`` for exports)
raw_text        str              the text exactly as decoded: never modified later
encoding        str              detected encoding (``utf-8``, ``cp1256``, ``utf-16``,
                                 ``utf-8+cp1256`` for a file mixing both …)
publisher …     str              metadata columns, as given (all optional)
published       datetime64[s]    publication date (any year 1 … 9999); NaT where unknown
==============  ===============  ==========================================================

Problem kinds (the ``problem`` column of :func:`load_problems`):

=====================  ==============================================================
problem                meaning
=====================  ==============================================================
empty                  no text (file of 0 bytes or only whitespace, empty record)
binary                 not a text (PDF, image, control characters): skipped
undecodable            no known encoding decodes it: skipped
unreadable             the file cannot be read (permissions, I/O error): skipped
unreadable_folder      a folder that cannot be listed: its files are not loaded
bad_bytes              UTF-8 with a few invalid byte sequences: each is U+FFFD (loaded)
nul_bytes              NUL bytes removed from a text (loaded)
legacy_encoding        not UTF-8: decoded with a legacy code page, with its confidence
mixed_encoding         UTF-8 lines and legacy lines in one file: each line decoded right
truncated              a compressed export ends early: records up to the named line kept
bad_record             a JSON record that is not valid JSON or not an object: skipped
bad_line               a CSV line with broken quoting or a wrong number of fields: skipped
lone_surrogate         a lone surrogate (JSON ``"\\ud800"``) replaced with U+FFFD (loaded)
bad_date               a date that is not one: NaT
ambiguous_date         slashed dates that read either way (07/06/2016): the order chosen
metadata_without_file  a metadata row with no text file
no_metadata            a text file with no metadata row (loaded without it)
=====================  ==============================================================

Example:
    >>> articles = load_corpus()  # the seed corpus, or $CORPUS_TOOLS_CORPUS
    >>> articles[["article_id", "encoding"]].iloc[0].tolist()
    ['000_11c30f5ed57a55bb', 'utf-8']
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gzip
import io
import itertools
import json
import os
import re
import unicodedata
import warnings
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from corpus_tools.progress import progress
from corpus_tools.resources import default_corpus
from corpus_tools.rows import CorpusWarning

__all__ = ["CorpusWarning", "default_corpus", "detect_encoding", "load_corpus", "load_problems"]

TEXT_COLUMNS = ("raw_text", "text", "content", "body", "article", "article_text")
ID_COLUMNS = ("article_id", "id", "doc_id", "document_id")
DATE_COLUMNS = ("published", "date", "pub_date", "publication_date", "published_at")
PROBLEM_COLUMNS = ["path", "article_id", "problem", "detail"]
EXPORT_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq"}
MAX_FILE_WARNINGS = 20
#: A line whose invalid UTF-8 sequences are at most this share of its non-ASCII
#: characters is UTF-8 with damage; above it, the line is in a legacy code page.
UTF8_DAMAGE_MAX = 0.3
#: A legacy reading below this confidence also gives a warning.
LOW_CONFIDENCE = 0.5
#: NUL bytes are removed (not a reason to drop the file) up to this share of the bytes.
NUL_SHARE_MAX = 0.01

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
    "cp1252": "cp1252",
    "latin_1": "latin-1",
    "cp1250": "cp1250",
}
_ARABIC_FALLBACKS = ("cp1256", "iso8859_6")
_LATIN_FALLBACKS = ("cp1252", "latin_1")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class UnreadableText(ValueError):
    """Bytes that are not a text: ``kind`` is ``empty``, ``binary`` or ``undecodable``."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


@dataclass
class Note:
    """Something done to make a text readable: a problem ``kind`` and its ``detail``."""

    kind: str
    detail: str
    warn: bool = True


@dataclass
class Decoded:
    """Decoded bytes: the text, the encoding and what was repaired or guessed."""

    text: str
    encoding: str
    notes: list[Note] = field(default_factory=list)


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

    def notes(self, path: str, notes: Iterable[Note], article_id: str = "") -> None:
        for note in notes:
            self.add(path, note.kind, note.detail, article_id, warn=note.warn)

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


def _ascii_letter_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isascii() for c in letters) / len(letters)


def _latin1_accents(text: str) -> float:
    """Share of the non-ASCII letters that are Latin-1 ones («é», «à»; French read as
    cp1250 has «ŕ» for «à»); 0.5 when there is none."""
    accents = [c for c in text if c.isalpha() and not c.isascii()]
    if not accents:
        return 0.5
    return sum(c < "\u0100" for c in accents) / len(accents)


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


def _check_text(text: str, encoding: str) -> None:
    if not text.strip():
        raise UnreadableText("empty", "file holds only whitespace")
    if _control_share(text) > 0.02:
        raise UnreadableText(
            "binary", f"looks binary: control characters after decoding as {encoding}"
        )


def _line_list(lines: list[int], most: int = 5) -> str:
    """``line 3`` or ``lines 3, 7, 9 …`` (1-based)."""
    shown = ", ".join(str(n) for n in lines[:most]) + (" …" if len(lines) > most else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


def _utf8_with_damage(data: bytes) -> tuple[str, int, int]:
    """``data`` as UTF-8 with U+FFFD for each invalid sequence:
    ``(text, invalid sequences, valid non-ASCII characters)``."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text, bad, non_ascii - bad


def _name(encoding: str) -> str:
    return _ENCODING_NAMES.get(encoding, encoding.replace("_", "-"))


def _legacy_readings(data: bytes) -> list[tuple[str, str, float | None]]:
    """Readings of ``data``: charset-normalizer's best (with its chaos) first, then the
    Arabic and Latin code pages: ``(text, encoding, chaos or None)``."""
    best = from_bytes(data).best()
    readings: list[tuple[str, str, float | None]] = []
    if best is not None:
        readings.append((str(best), best.encoding, best.chaos))
    for enc in (*_ARABIC_FALLBACKS, *_LATIN_FALLBACKS):
        if all(enc != r[1] for r in readings):
            with contextlib.suppress(UnicodeDecodeError):
                readings.append((data.decode(enc), enc, None))
    return readings


def _legacy_decode(data: bytes) -> tuple[str, str, float, str]:
    """Bytes that are not UTF-8 in a legacy code page: ``(text, encoding, confidence,
    runner-up)``. Arabic readings are ranked by how Arabic they look; text mostly in
    ASCII letters (Latin script) by its share of Latin-1 accented letters, cp1252 first."""
    readings = _legacy_readings(data)
    if not readings:
        raise UnreadableText("undecodable", "no known encoding decodes it")
    text, enc, chaos = readings[0]
    # Short texts fool charset-normalizer, and cp1256 / ISO-8859-6 both decode each
    # other's bytes into Arabic letters: prefer the reading that looks most like Arabic.
    if _arabic_share(text) < 0.5 or enc in _ARABIC_FALLBACKS:
        text, enc, chaos = max(readings, key=lambda r: _arabic_plausibility(r[0]))
    if _arabic_share(text) >= 0.5:
        score = _arabic_plausibility
    elif _ascii_letter_share(text) >= 0.5:
        score = _latin1_accents
        order = sorted(readings, key=lambda r: r[1] not in _LATIN_FALLBACKS)
        text, enc, chaos = max(order, key=lambda r: score(r[0]))
    else:  # another script (Cyrillic, Greek …): charset-normalizer's reading
        text, enc, chaos = readings[0]
        return text, _name(enc), round(1 - (chaos or 0.0), 2), ""
    best = score(text)
    others = [(score(r[0]), r[1]) for r in readings if r[0] != text]
    runner = max(others, default=None)
    gap = best - runner[0] if runner else 0.5
    confidence = min(max(best, 0.0), 1.0) * min(max(0.5 + gap, 0.0), 1.0)
    after = f"; next best {_name(runner[1])} {min(max(runner[0], 0), 1):.2f}" if runner else ""
    return text, _name(enc), round(confidence, 2), after


def _legacy_note(encoding: str, confidence: float, runner: str) -> Note:
    detail = f"not UTF-8: decoded as {encoding} (confidence {confidence:.2f}{runner})"
    return Note("legacy_encoding", detail, warn=confidence < LOW_CONFIDENCE)


def _damaged_or_mixed_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid sequences (each U+FFFD), or with whole lines in a legacy
    code page (decoded with it); ``None`` when the bytes are not UTF-8 at all."""
    lines = data.split(b"\n")
    texts: list[str] = []
    damaged: dict[int, int] = {}
    legacy: list[int] = []
    valid = legacy_bad = 0
    for i, line in enumerate(lines):
        text, bad, good = _utf8_with_damage(line)
        texts.append(text)
        if bad and bad > UTF8_DAMAGE_MAX * (bad + good):
            legacy.append(i)
            legacy_bad += bad
            continue
        valid += good
        if bad:
            damaged[i + 1] = bad
    if legacy and valid < 3:
        return None
    notes: list[Note] = []
    encoding = "utf-8"
    if legacy_bad >= 4:
        chunk = b"\n".join(lines[i] for i in legacy)
        _, enc, confidence, _ = _legacy_decode(chunk)
        codec = {v: k for k, v in _ENCODING_NAMES.items()}.get(enc, enc)
        for i in legacy:
            texts[i] = lines[i].decode(codec, "replace")
        encoding = f"utf-8+{enc}"
        notes.append(
            Note(
                "mixed_encoding",
                f"{len(legacy)} of {len(lines)} lines are not UTF-8 "
                f"({_line_list([i + 1 for i in legacy])}): decoded as {enc} "
                f"(confidence {confidence:.2f}), the others as UTF-8",
            )
        )
    else:
        damaged.update({i + 1: _utf8_with_damage(lines[i])[1] for i in legacy})
    if damaged:
        notes.append(
            Note(
                "bad_bytes",
                f"{sum(damaged.values())} invalid UTF-8 byte sequence(s) replaced with "
                f"U+FFFD ({_line_list(sorted(damaged))})",
            )
        )
    return Decoded("\n".join(texts), encoding, notes)


def _decode_8bit(data: bytes) -> Decoded:
    """UTF-8 (strict, else with damage or legacy lines), else a legacy code page."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = _damaged_or_mixed_utf8(data)
    if decoded is not None:
        return decoded
    text, enc, confidence, runner = _legacy_decode(data)
    return Decoded(text, enc, [_legacy_note(enc, confidence, runner)])


def _decode_bom(data: bytes) -> Decoded | None:
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if not data.startswith(bom):
            continue
        if name == "utf-8-sig":
            decoded = _decode_8bit(data[len(bom) :])
            decoded.encoding = decoded.encoding.replace("utf-8", "utf-8-sig", 1)
            return decoded
        try:
            return Decoded(data.decode(name), name)
        except UnicodeDecodeError as exc:
            raise UnreadableText(
                "undecodable",
                f"starts with a {name} byte-order mark but does not decode: {exc.reason}",
            ) from exc
    return None


def _strip_nuls(data: bytes) -> tuple[bytes, list[Note]]:
    """NUL bytes removed when few (or only trailing padding); else not a text."""
    count = data.count(b"\x00")
    if not count:
        return data, []
    if data.rstrip(b"\x00").count(b"\x00") > NUL_SHARE_MAX * len(data):
        raise UnreadableText("binary", "not a text file: contains NUL bytes")
    return data.replace(b"\x00", b""), [Note("nul_bytes", f"{count} NUL byte(s) removed")]


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``: text, encoding and the notes on what was repaired or guessed
    (``bad_bytes``, ``nul_bytes``, ``legacy_encoding``, ``mixed_encoding``); raise
    :class:`UnreadableText` for bytes that are not a text.

    >>> d = decode_bytes("سوريا".encode() + b"\\xff")
    >>> d.text, d.encoding, d.notes[0].kind
    ('سوريا\\ufffd', 'utf-8', 'bad_bytes')
    """
    if not data:
        raise UnreadableText("empty", "empty file (0 bytes)")
    decoded = _decode_bom(data)
    if decoded is None:
        for magic, what in _MAGIC.items():
            if data.startswith(magic):
                raise UnreadableText("binary", f"not a text file: looks like {what}")
        decoded = _detect_utf16_without_bom(data) if b"\x00" in data else None
    if decoded is None:
        data, notes = _strip_nuls(data)
        decoded = _decode_8bit(data)
        decoded.notes[:0] = notes
    _check_text(decoded.text, decoded.encoding)
    return decoded


def detect_encoding(data: bytes) -> tuple[str, str]:
    """Decode ``data``: return ``(text, encoding)`` or raise :class:`UnreadableText`
    (:func:`decode_bytes` also says what was repaired or guessed).

    >>> detect_encoding("سوريا".encode("cp1256"))
    ('سوريا', 'cp1256')
    >>> detect_encoding("\\ufeffسوريا".encode("utf-8"))[1]
    'utf-8-sig'
    """
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


def _detect_utf16_without_bom(data: bytes) -> Decoded | None:
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
            return Decoded(text, enc)
    return None


def _read_text_file(path: Path, encoding: str | None) -> Decoded:
    data = path.read_bytes()
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableText(
                "undecodable", f"does not decode as {encoding}: {exc.reason} at byte {exc.start}"
            ) from exc
        _check_text(text, encoding)
        return Decoded(text, encoding)
    return decode_bytes(data)


def _is_gz(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _gunzip(data: bytes, chunk: int = 1 << 20) -> tuple[bytes, str | None]:
    """Decompress gzip ``data`` (any number of members) as far as it goes:
    ``(bytes, why it stopped early)``, the reason ``None`` when complete."""
    out: list[bytes] = []
    dec, pos = zlib.decompressobj(16 + zlib.MAX_WBITS), 0
    while pos < len(data):
        try:
            out.append(dec.decompress(data[pos : pos + chunk]))
        except zlib.error as exc:
            return b"".join(out), f"corrupt compressed data ({exc})"
        pos += chunk
        if dec.eof:
            data, pos = (dec.unused_data + data[pos:]).lstrip(b"\x00"), 0
            dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
            if not data:
                return b"".join(out), None
    return b"".join(out), None if dec.eof or not data else "the compressed data ends early"


def _read_bytes(path: Path, problems: _Problems) -> bytes:
    """The file's bytes, decompressed for ``.gz``; a cut-off archive is read up to its
    last complete line and reported as ``truncated``."""
    data = path.read_bytes()
    if not _is_gz(path):
        return data
    out, why = _gunzip(data)
    if why is None:
        return out
    out = out[: out.rfind(b"\n") + 1]
    lines = out.count(b"\n")
    problems.add(
        str(path),
        "truncated" if lines else "unreadable",
        f"{why} (file cut off?): read up to line {lines}, the last complete one; the rest is lost",
    )
    return out


def _decode_export(data: bytes, path: Path, problems: _Problems) -> Decoded | None:
    try:
        decoded = decode_bytes(data)
    except UnreadableText as exc:
        problems.add(str(path), exc.kind, str(exc))
        return None
    problems.notes(str(path), decoded.notes)
    return decoded


class _Restart(Exception):
    """Start the CSV reader again at a given line."""


def _csv_rows(text: str, sep: str, where: str, problems: _Problems) -> list[tuple[int, list[str]]]:
    """CSV rows with their first line (1-based), the header first. A line with broken
    quoting, or a record with too many fields, is reported as ``bad_line`` and
    skipped (reading resumes at the next line); a record with too few is padded."""
    lines = io.StringIO(text, newline="").readlines()
    rows: list[tuple[int, list[str]]] = []
    width, i = 0, 0
    while i < len(lines):
        reader = csv.reader(itertools.islice(lines, i, None), delimiter=sep, strict=True)
        start = i
        try:
            for row in reader:
                first, start = start, i + reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if not width:
                    width = len(row)
                elif len(row) > width:
                    problems.add(
                        f"{where}:{first + 1}",
                        "bad_line",
                        f"{len(row)} fields where the header has {width}; line skipped",
                    )
                    if start - first > 1:  # a stray quote swallowed the lines after it
                        i = first + 1
                        raise _Restart
                    continue
                elif len(row) < width:
                    problems.add(
                        f"{where}:{first + 1}",
                        "bad_line",
                        f"{len(row)} fields where the header has {width}; the rest left empty",
                    )
                    row = row + [""] * (width - len(row))
                rows.append((first + 1, row))
            break
        except _Restart:
            continue
        except csv.Error as exc:
            problems.add(
                f"{where}:{start + 1}", "bad_line", f"broken quoting ({exc}); line skipped"
            )
            i = start + 1
    return rows


def _read_csv(
    text: str, sep: str, path: Path, problems: _Problems, limit: int | None
) -> pd.DataFrame:
    """A CSV export: pandas, and the tolerant reader where pandas cannot parse it."""
    with contextlib.suppress(pd.errors.ParserError):
        df = pd.read_csv(
            io.StringIO(text), sep=sep, dtype="str", keep_default_na=False, nrows=limit
        )
        df["path"] = [f"{path}:{i + 2}" for i in range(len(df))]
        return df
    rows = _csv_rows(text, sep, str(path), problems)
    body = rows[1:] if limit is None else rows[1 : limit + 1]
    header = rows[0][1] if rows else []
    df = pd.DataFrame([r for _, r in body], columns=header, dtype="str")
    df["path"] = [f"{path}:{line}" for line, _ in body]
    return df


def _read_metadata(path: Path, problems: _Problems) -> pd.DataFrame:
    """``metadata.csv``: rows that can be read (bad lines reported), ``""`` as NA."""
    decoded = _decode_export(path.read_bytes(), path, problems)
    rows = _csv_rows(decoded.text, ",", str(path), problems) if decoded else []
    header = [c.strip() for c in rows[0][1]] if rows else ["article_id"]
    meta = pd.DataFrame([r for _, r in rows[1:]], columns=header, dtype="str")
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


_SLASHED_RE = r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d)(.*)$"


def _day_first(raw: pd.Series, col: str, df: pd.DataFrame, problems: _Problems) -> pd.Series:
    """Slashed ``d/m/yyyy`` dates (also ``.`` or ``-``) rewritten as ISO: day first, as
    Arabic and European sources write them, unless the column has dates that can only
    be month first (``06/25/2016``) and none that can only be day first. Dates that
    read either way are reported once per column (``ambiguous_date``)."""
    text = raw.astype("str")
    parts = text.str.extract(_SLASHED_RE)
    hit = parts[0].notna()
    if not hit.any():
        return text
    a, b = parts.loc[hit, 0].astype(int), parts.loc[hit, 2].astype(int)
    only_day_first, only_month_first = (a > 12) & (b <= 12), (b > 12) & (a <= 12)
    month_first = bool(only_month_first.any() and not only_day_first.any())
    swap = only_month_first | (month_first & ~only_day_first)
    day, month = a.where(~swap, b), b.where(~swap, a)
    iso = (
        parts.loc[hit, 3].astype(str)
        + "-"
        + month.astype(str).str.zfill(2)
        + "-"
        + day.astype(str).str.zfill(2)
        + parts.loc[hit, 4].astype(str)
    )
    out = text.copy()
    out[hit] = iso
    ambiguous = (a <= 12) & (b <= 12) & (a != b)
    if ambiguous.any():
        at = ambiguous.idxmax()
        if only_month_first.any():
            other = raw[only_month_first.idxmax()]
            why = (
                f"since the column also has {other!r}, which can only be month first"
                if month_first
                else f"as Arabic and European sources do ({other!r} can only be month "
                "first and was read so)"
            )
        else:
            why = "as Arabic and European sources write them"
        aid = df.at[at, "article_id"]
        problems.add(
            str(df.attrs.get("metadata") or df.at[at, "path"]),
            "ambiguous_date",
            f"{col}: {int(ambiguous.sum())} slashed date(s) read either way, such as "
            f"{raw[at]!r} (article {aid!r}); read {'month' if month_first else 'day'} first "
            f"({raw[at]!r} → {iso[at][:10]}) {why}",
            str(aid),
        )
    return out


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
            parsed = _to_dates(_day_first(raw, col, df, problems))
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


def _text_files(root: Path, problems: _Problems) -> list[Path]:
    """Every ``.txt`` file under ``root`` (the extension in any case), hidden files and
    folders left out; a folder that cannot be listed is reported (``unreadable_folder``)."""

    def unreadable(exc: OSError) -> None:
        problems.add(
            str(exc.filename or root),
            "unreadable_folder",
            f"cannot list this folder ({exc.strerror or exc}); its files are not loaded",
        )

    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder) / f for f in files if f.lower().endswith(".txt") and f[:1] != "."]
    return sorted(found)


def _load_folder(
    root: Path,
    encoding: str | None,
    metadata: Path | None,
    problems: _Problems,
    show_progress: bool | None,
    limit: int | None = None,
) -> pd.DataFrame:
    files = _text_files(root, problems)[:limit]
    _check_duplicates(pd.Series([p.stem for p in files], dtype="str"), str(root))
    rows = []
    for path in progress(files, desc="loading", show=show_progress):
        try:
            decoded = _read_text_file(path, encoding)
        except UnreadableText as exc:
            problems.add(str(path), exc.kind, str(exc), path.stem)
            continue
        except OSError as exc:
            problems.add(str(path), "unreadable", f"cannot read: {exc}", path.stem)
            continue
        problems.notes(str(path), decoded.notes, path.stem)
        rows.append(
            {
                "article_id": path.stem,
                "path": str(path),
                "raw_text": decoded.text,
                "encoding": decoded.encoding,
            }
        )
    articles = pd.DataFrame(rows, columns=["article_id", "path", "raw_text", "encoding"])
    meta_path = metadata or (root / "metadata.csv")
    if meta_path.is_file():
        failed = {r["article_id"] for r in problems.rows}
        meta = _read_metadata(meta_path, problems)
        loaded = set(articles["article_id"])
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
        articles.attrs["metadata"] = str(meta_path)
    elif metadata is not None:
        raise FileNotFoundError(f"metadata file {metadata} does not exist")
    return articles


def _no_surrogates(value: object, where: str, problems: _Problems, aid: str) -> object:
    """``value`` with lone surrogates (JSON ``"\\ud800"``) replaced by U+FFFD, reported."""
    if isinstance(value, str):
        fixed, n = _SURROGATE_RE.subn("\ufffd", value)
        if n:
            problems.add(
                where, "lone_surrogate", f"{n} lone surrogate(s) replaced with U+FFFD", aid
            )
        return fixed
    if isinstance(value, dict):
        return {k: _no_surrogates(v, where, problems, aid) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_surrogates(v, where, problems, aid) for v in value]
    return value


def _record(value: object, where: str, problems: _Problems, what: str) -> dict | None:
    """A JSON value as a record (lone surrogates replaced); None (reported) if not an object."""
    if not isinstance(value, dict):
        problems.add(where, "bad_record", f"{what} is a JSON {type(value).__name__}, not an object")
        return None
    aid = next((str(value[c]) for c in ID_COLUMNS if c in value), "")
    return _no_surrogates(value, where, problems, aid)  # type: ignore[return-value]


def _json_line(line: bytes, where: str, problems: _Problems) -> dict | None:
    if not line.strip():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text, bad, _ = _utf8_with_damage(line)
        problems.add(
            where, "bad_bytes", f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
        )
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        problems.add(where, "bad_record", f"not valid JSON: {exc}")
        return None
    return _record(value, where, problems, "this line")


def _json_lines(path: Path, problems: _Problems, limit: int | None) -> list[tuple[str, dict]]:
    """JSON lines, streamed; a cut-off ``.gz`` keeps the records before the break."""
    out: list[tuple[str, dict]] = []
    lineno = 0
    try:
        with (gzip.open if _is_gz(path) else open)(path, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                record = _json_line(line, f"{path}:{lineno}", problems)
                if record is not None:
                    out.append((f"{path}:{lineno}", record))
                    if limit is not None and len(out) >= limit:
                        break
    except (EOFError, OSError, zlib.error) as exc:
        problems.add(
            str(path),
            "truncated" if lineno else "unreadable",
            f"reading stopped early ({exc}): read up to line {lineno}; the rest is lost",
        )
    return out


_WS = re.compile(r"[ \t\n\r]*")


def _json_array(
    text: str, path: Path, problems: _Problems, limit: int | None
) -> list[tuple[str, dict]]:
    """The objects of a JSON array (indented or not), each with ``file:line``; a broken
    or cut-off array keeps the records before the break, which is reported."""
    decoder, out = json.JSONDecoder(), []
    pos = _WS.match(text, text.index("[") + 1).end()
    line, counted, n = 1, 0, 0
    while not text.startswith("]", pos) and (limit is None or len(out) < limit):
        line, counted = line + text.count("\n", counted, pos), pos
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            problems.add(
                f"{path}:{exc.lineno}",
                "bad_record",
                f"not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg}): "
                f"the {len(out)} record(s) before it are read, the rest is lost",
            )
            break
        n += 1
        record = _record(value, f"{path}:{line}", problems, f"record {n}")
        if record is not None:
            out.append((f"{path}:{line}", record))
        pos = _WS.match(text, end).end()
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()
        elif not text.startswith("]", pos):
            where = line + text.count("\n", counted, pos)
            problems.add(
                f"{path}:{where}",
                "bad_record",
                f"',' or ']' expected after record {n} at line {where}: the rest is lost",
            )
            break
    return out


def _json_container(value: object, path: Path) -> list[tuple[str, object]] | None:
    """The records of a JSON object that holds records: a dict of objects keyed by id
    (the key becomes ``article_id`` where a record has no id) or ``{"key": [records]}``;
    None for an object that is itself a record."""
    if not isinstance(value, dict) or not value or any(c in value for c in TEXT_COLUMNS):
        return None
    items = list(value.values())
    if all(isinstance(v, dict) for v in items):
        return [
            (f"{path}#/{k}", v if any(c in v for c in ID_COLUMNS) else {"article_id": k, **v})
            for k, v in value.items()
        ]
    if len(items) == 1 and isinstance(items[0], list):
        key = next(iter(value))
        return [(f"{path}#/{key}/{i}", v) for i, v in enumerate(items[0])]
    return None


def _json_document(
    path: Path, problems: _Problems, limit: int | None
) -> list[tuple[str, dict]] | None:
    """A JSON file that is one document: an array of records, one record, a dict of
    records keyed by id (every value an object), or ``{"key": [records]}``; None when
    it does not parse as one document (then it is read as JSON lines)."""
    decoded = _decode_export(_read_bytes(path, problems), path, problems)
    if decoded is None:
        return []
    text = decoded.text.lstrip("\ufeff")
    if text.lstrip().startswith("["):
        return _json_array(text, path, problems, limit)
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    found = _json_container(value, path)
    if found is not None:
        kept = [(w, _record(v, w, problems, "this record")) for w, v in found]
        return [(w, r) for w, r in kept if r is not None][:limit]
    line = text[: len(text) - len(text.lstrip())].count("\n") + 1
    record = _record(value, f"{path}:{line}", problems, "the file")
    return [] if record is None else [(f"{path}:{line}", record)]


def _head(path: Path, size: int = 1 << 16) -> bytes:
    """The first bytes of a file (decompressed for ``.gz``), BOM and blanks left out."""
    with open(path, "rb") as fh:
        raw = fh.read(size)
    if _is_gz(path):
        try:
            raw = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, size)
        except zlib.error:
            return b""
    return raw.removeprefix(codecs.BOM_UTF8).lstrip()


def _json_records(path: Path, problems: _Problems, limit: int | None) -> list[tuple[str, dict]]:
    """Records of a ``.json`` / ``.jsonl`` file, each with where it starts. JSON lines are
    streamed; a file that starts with ``[``, a ``.json`` file, or one whose first line is
    not a whole JSON object is read as one document (as JSON lines if it is not one)."""
    head = _head(path)
    first = head.split(b"\n", 1)[0]
    document = head.startswith(b"[") or (
        head.startswith(b"{") and path.name.lower().endswith((".json", ".json.gz"))
    )
    if head.startswith(b"{") and b"\n" in head and not document:
        try:
            document = not isinstance(json.loads(first.decode("utf-8", "replace")), dict)
        except json.JSONDecodeError:
            document = True
    if document:
        records = _json_document(path, problems, limit)
        if records is not None:
            return records
    return _json_lines(path, problems, limit)


def _read_export(path: Path, problems: _Problems, limit: int | None = None) -> pd.DataFrame:
    suffixes = [s.lower() for s in path.suffixes]
    kind = suffixes[-2] if suffixes[-1] == ".gz" and len(suffixes) > 1 else suffixes[-1]
    if kind in (".parquet", ".pq"):
        df = pd.read_parquet(path)[:limit]
        df["path"] = [f"{path}:{i + 1}" for i in range(len(df))]
        df["encoding"] = "parquet"
        return df
    if kind in (".csv", ".tsv"):
        decoded = _decode_export(_read_bytes(path, problems), path, problems)
        if decoded is None:
            return pd.DataFrame(columns=["raw_text", "path", "encoding"])
        df = _read_csv(decoded.text, "\t" if kind == ".tsv" else ",", path, problems, limit)
        df["encoding"] = decoded.encoding
        return df.replace({"": pd.NA})
    if kind in (".jsonl", ".ndjson", ".json"):
        found = _json_records(path, problems, limit)
        if not found:
            return pd.DataFrame(columns=["raw_text", "path", "encoding"])
        df = pd.DataFrame.from_records([r for _, r in found])
        df["path"] = [w for w, _ in found]
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
    if df.empty and set(df.columns) <= {"raw_text", "path", "encoding"}:  # nothing readable
        return pd.DataFrame(columns=["article_id", "path", "raw_text", "encoding"], dtype="str")
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

    Files that cannot be read are skipped with a :class:`CorpusWarning`; texts that
    needed a repair or a guess (bad bytes, a legacy code page, a cut-off archive …) are
    loaded and reported the same way; see :func:`load_problems`. Duplicate article ids
    raise ``ValueError``.
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
    articles.attrs.pop("metadata", None)
    articles.attrs["problems"] = problems.rows
    articles.attrs["source"] = str(root)
    return articles


def load_problems(articles: pd.DataFrame) -> pd.DataFrame:
    """Problems met while loading: ``path``, ``article_id``, ``problem``, ``detail``.

    ``problem`` is one of the kinds in the module's table: ``empty``, ``binary``,
    ``undecodable``, ``unreadable``, ``unreadable_folder``, ``bad_bytes``, ``nul_bytes``,
    ``legacy_encoding``, ``mixed_encoding``, ``truncated``, ``bad_record``, ``bad_line``,
    ``lone_surrogate``, ``bad_date``, ``ambiguous_date``, ``metadata_without_file``,
    ``no_metadata``. Rows for texts that were repaired or guessed (``bad_bytes``,
    ``nul_bytes``, ``legacy_encoding``, ``mixed_encoding``, ``lone_surrogate``) are for
    articles that did load.
    """
    rows = articles.attrs.get("problems", [])
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype("str")
