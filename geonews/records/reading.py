"""Reading parse output back into mention records: JSONL, GeoParquet, GeoPackage, part files.

``map``, ``regions``, ``mentions`` and ``export`` take parse output as well as articles, told
apart by content (:func:`input_kind`): a GeoParquet file with ``doc_id``/``start``/``end``
columns, a GeoPackage with a ``mentions`` layer, a JSONL file whose first record is a mention
record, or a directory of part files (:mod:`geonews.records.parts`). :func:`read_mentions`
reads any of them as schema records (:mod:`geonews.records.schema`); :func:`read_records`
streams a JSONL file, skipping malformed lines with a warning.
"""

from __future__ import annotations

import enum
import itertools
import json
import sys
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pyogrio

from geonews.errors import InputFormatError, InputNotFound, InputWarning
from geonews.records.parts import part_files
from geonews.records.schema import DOCUMENT_FIELDS
from geonews.text.dates import iso_date

__all__ = ["InputKind", "REQUIRED_FIELDS", "STDIN", "frame_records", "input_kind",
           "is_mention_line", "is_mentions_file", "read_mentions", "read_records",
           "records_from_lines"]

STDIN = "-"
#: Fields a line must have to be read as a mention record.
REQUIRED_FIELDS: tuple[str, ...] = ("doc_id", "start", "end")
_PARQUET_MAGIC = b"PAR1"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class InputKind(enum.Enum):
    """What an input holds."""

    ARTICLES = "articles"
    MENTIONS = "parsed mentions"


# --------------------------------------------------------------------------- JSONL


def _check_record(record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise InputFormatError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [f for f in REQUIRED_FIELDS if f not in record]
    if missing:
        raise InputFormatError(
            f"{where}: not a mention record (missing {', '.join(missing)}; fields: "
            f"{', '.join(sorted(map(str, record))) or 'none'})")
    return record


def records_from_lines(lines: Iterable[bytes], where: str) -> Iterator[dict[str, Any]]:
    """Mention records from JSONL lines (see :func:`read_records`); ``where`` names the source."""
    first = True
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        at = f"{where}:{number}"
        try:
            record = _check_record(json.loads(raw), at)
        except json.JSONDecodeError as exc:
            warnings.warn(f"{at}: malformed JSON ({exc.msg}), line skipped", InputWarning,
                          stacklevel=3)
            continue
        except UnicodeDecodeError:
            warnings.warn(f"{at}: not valid UTF-8, line skipped", InputWarning, stacklevel=3)
            continue
        except InputFormatError as exc:
            if first:  # the file is not a mentions file at all: say so once
                raise InputFormatError(f"{exc}; run 'geonews parse' on articles first") from None
            warnings.warn(f"{exc}, line skipped", InputWarning, stacklevel=3)
            continue
        first = False
        yield record


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the mention records of a JSONL file (``"-"``: stdin).

    A malformed line is skipped with an :class:`InputWarning` naming ``file:line``; a file
    whose first record is not a mention record raises :class:`InputFormatError`.
    """
    if str(path) == STDIN:
        return records_from_lines(sys.stdin.buffer, "<stdin>")
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file")
    return _read_file_records(path)


def _read_file_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        yield from records_from_lines(handle, str(path))


def is_mention_line(line: bytes | str) -> bool:
    """True when ``line`` is a JSON mention record (has ``doc_id``, ``start``, ``end``)."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and all(f in record for f in REQUIRED_FIELDS)


def _first_line(path: Path) -> bytes:
    with path.open("rb") as handle:
        return next((raw for raw in handle if raw.strip()), b"")


def is_mentions_file(path: str | Path) -> bool:
    """True when ``path`` is a JSONL file whose first record is a mention record."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
        return False
    return is_mention_line(_first_line(path))


# --------------------------------------------------------------------------- telling inputs apart


def _magic(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC))


def _gpkg_layers(path: Path) -> set[str]:
    return {str(name) for name, _ in pyogrio.list_layers(path)}


def input_kind(path: str | Path) -> InputKind:
    """Whether ``path`` holds articles or parse output, by its content (see the module
    docstring); anything that is not parse output is read as articles. A Parquet or SQLite
    file that is neither raises :class:`InputFormatError` saying what it holds.
    """
    path = Path(path)
    if path.is_dir() and part_files(path):
        return InputKind.MENTIONS
    if not path.is_file():
        return InputKind.ARTICLES
    magic = _magic(path)
    if magic.startswith(_PARQUET_MAGIC):
        columns = pq.read_schema(path).names
        if all(c in columns for c in REQUIRED_FIELDS):
            return InputKind.MENTIONS
        raise InputFormatError(f"{path}: a Parquet file but not geonews parse output (columns: "
                               f"{', '.join(columns[:12]) or 'none'})")
    if magic == _SQLITE_MAGIC:
        layers = _gpkg_layers(path)
        if "mentions" in layers:
            return InputKind.MENTIONS
        raise InputFormatError(f"{path}: a GeoPackage/SQLite file without a 'mentions' layer "
                               f"(layers: {', '.join(sorted(layers)) or 'none'}); not geonews "
                               "parse output")
    return InputKind.MENTIONS if is_mentions_file(path) else InputKind.ARTICLES


# --------------------------------------------------------------------------- GIS formats


def frame_records(frame: Any) -> list[dict[str, Any]]:
    """The rows of a mention table (read back, or a mention frame) as records: no geometry,
    nulls as ``None``, dates as ``YYYY-MM-DD``, document fields only where set."""
    frame = frame.drop(columns="geometry", errors="ignore")
    if "date" in frame.columns:
        frame = frame.assign(date=frame["date"].map(iso_date, na_action="ignore"))
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{k: v for k, v in row.items()
             if v is not None or k not in DOCUMENT_FIELDS} for row in rows]


def _read_gpkg(path: Path) -> list[dict[str, Any]]:
    frame = pyogrio.read_dataframe(path, layer="mentions", read_geometry=False, use_arrow=True)
    if "documents" in _gpkg_layers(path):
        documents = pyogrio.read_dataframe(path, layer="documents", read_geometry=False,
                                           use_arrow=True)
        wanted = ["doc_id", *(f for f in DOCUMENT_FIELDS
                              if f in documents.columns and f not in frame.columns)]
        frame = frame.merge(documents[wanted].drop_duplicates("doc_id"), on="doc_id",
                            how="left")
    return frame_records(frame)


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    return frame_records(pq.read_table(path).to_pandas())


def read_mentions(path: str | Path) -> Iterator[dict[str, Any]]:
    """The mention records of one piece of parse output: JSONL (``"-"``: stdin), GeoParquet,
    GeoPackage (with the document fields of its ``documents`` table) or a directory of part
    files."""
    if str(path) == STDIN:
        return read_records(STDIN)
    path = Path(path)
    if path.is_dir() and part_files(path):
        return itertools.chain.from_iterable(read_mentions(p) for p in part_files(path))
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file")
    magic = _magic(path)
    if magic.startswith(_PARQUET_MAGIC):
        return iter(_read_parquet(path))
    if magic == _SQLITE_MAGIC:
        return iter(_read_gpkg(path))
    return read_records(path)
