"""Reading articles: text, HTML, JSONL and CSV files, folders mixing them, and stdin, streamed
one document at a time.

HTML pages are reduced to the article's main text with trafilatura (navigation, ads and
comments dropped), keeping the title, publication date and canonical URL; a page with no
readable article is skipped with a warning.

Paths are all checked before anything is read, so a typo fails at once; a bad record or file
inside a run is skipped with an :class:`~geonews.errors.InputWarning` naming ``file:line`` and
the run goes on. Bytes that are not UTF-8 are replaced (U+FFFD) with a warning; offsets refer
to the decoded text.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import trafilatura

from geonews.errors import InputError, InputFormatError, InputNotFound, InputWarning
from geonews.models import Document
from geonews.text.text_kind import parse_text_kind

__all__ = ["READERS", "STDIN", "decode", "document_from_record", "read_documents"]

STDIN = "-"


#: A text whose start has more than this share of U+FFFD or control characters is binary.
MAX_JUNK_SHARE = 0.1
_JUNK = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, where: str) -> str | None:
    """The text of ``data``: UTF-8 (or UTF-16 with a byte-order mark), bad bytes replaced by
    U+FFFD with a warning; ``None`` (with a warning) when it looks binary."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\x00" in data[:8192]:
        warnings.warn(f"{where}: looks like a binary file, skipped", InputWarning, stacklevel=2)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        head = text[:8192]
        if len(_JUNK.findall(head)) > MAX_JUNK_SHARE * len(head):
            warnings.warn(f"{where}: looks like a binary file, skipped", InputWarning,
                          stacklevel=2)
            return None
        warnings.warn(f"{where}: not valid UTF-8 (first bad byte at {exc.start}); "
                      "bad bytes replaced with U+FFFD", InputWarning, stacklevel=2)
        return text


def _given_spans(value: Any, where: str) -> tuple[tuple[int, int], ...] | None:
    if value is None:
        return None
    try:
        return tuple((int(t["start"]), int(t["end"])) for t in value)
    except (TypeError, KeyError, ValueError):
        raise InputFormatError(
            f"{where}: 'toponyms' must be a list of {{start, end}} objects") from None


def document_from_record(record: Mapping[str, Any], where: str, default_id: str) -> Document:
    """A :class:`Document` from a JSONL/CSV record with ``text`` and optional metadata."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InputFormatError(f"{where}: record has no 'text' string "
                               f"(fields: {', '.join(sorted(map(str, record))) or 'none'})")
    doc_id = record.get("id")
    spans = _given_spans(record.get("toponyms"), where)
    if spans and any(not 0 <= s < e <= len(text) for s, e in spans):
        raise InputFormatError(f"{where}: a toponym span lies outside the text "
                               f"(text length {len(text)})")

    def optional(name: str) -> str | None:
        value = record.get(name)
        return None if value in (None, "") else str(value)

    try:
        kind = parse_text_kind(optional("text_kind"))
    except InputFormatError as exc:
        raise InputFormatError(f"{where}: {exc}") from None
    return Document(id=str(doc_id) if doc_id not in (None, "") else default_id, text=text,
                    title=optional("title"), date=optional("date"), url=optional("url"),
                    toponyms=spans, text_kind=kind)


def _read_text(path: Path, doc_id: str) -> Iterator[Document]:
    text = decode(path.read_bytes(), str(path))
    if text is None:
        return
    if not text.strip():
        warnings.warn(f"{path}: empty, skipped", InputWarning, stacklevel=2)
        return
    yield Document(id=doc_id, text=text)


def _read_html(path: Path, doc_id: str) -> Iterator[Document]:
    """The main text of an HTML article (trafilatura), with its title, date and URL."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        warnings.warn(f"{path}: looks like a binary file, skipped", InputWarning, stacklevel=2)
        return
    try:
        page = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure means "unreadable page"
        warnings.warn(f"{path}: unreadable HTML ({type(exc).__name__}: {exc}), skipped",
                      InputWarning, stacklevel=2)
        return
    text = page.text if page is not None else None
    if not text or not text.strip():
        warnings.warn(f"{path}: no article text found in the HTML, skipped", InputWarning,
                      stacklevel=2)
        return
    yield Document(id=doc_id, text=text, title=page.title or None, date=page.date or None,
                   url=page.url or None)


def _is_mention_record(record: Any) -> bool:
    """A parsed mention (``geonews parse`` output) rather than an article."""
    return isinstance(record, dict) and "id" not in record and all(
        f in record for f in ("doc_id", "start", "end"))


def _read_jsonl(path: Path, doc_id: str) -> Iterator[Document]:
    first = True
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            line = decode(raw, where)
            if line is None:
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise InputFormatError(f"{where}: expected a JSON object, "
                                           f"got {type(record).__name__}")
                if first and _is_mention_record(record):
                    warnings.warn(f"{where}: holds parsed mentions (geonews parse output), not "
                                  f"articles; file skipped (map, list or export it as it is: "
                                  f"'geonews map {path}')", InputWarning, stacklevel=2)
                    return
                first = False
                yield document_from_record(record, where, f"{doc_id}-{number}")
            except json.JSONDecodeError as exc:
                warnings.warn(f"{where}: malformed JSON ({exc.msg}), line skipped",
                              InputWarning, stacklevel=2)
            except InputFormatError as exc:
                warnings.warn(f"{exc}, line skipped", InputWarning, stacklevel=2)


def _read_csv(path: Path, doc_id: str) -> Iterator[Document]:
    text = decode(path.read_bytes(), str(path))
    if text is None:
        return
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or []) or "none"
        raise InputFormatError(f"{path}: no 'text' column (columns found: {found})")
    for number, row in enumerate(reader, start=2):
        try:
            yield document_from_record(row, f"{path}:{number}", f"{doc_id}-{number - 1}")
        except InputFormatError as exc:
            warnings.warn(f"{exc}, row skipped", InputWarning, stacklevel=2)


#: Readers by file extension; each yields the documents of one file.
READERS = {".txt": _read_text, ".text": _read_text, ".jsonl": _read_jsonl,
           ".ndjson": _read_jsonl, ".csv": _read_csv, ".html": _read_html, ".htm": _read_html,
           ".xhtml": _read_html}


#: Parse output formats that are never articles, by extension.
_PARSE_OUTPUT = {".gpkg": "GeoPackage", ".parquet": "GeoParquet file",
                 ".geoparquet": "GeoParquet file"}


def _files(path: Path) -> list[tuple[Path, str]]:
    """``(file, document id stem)`` pairs for a file or a folder (recursively, sorted)."""
    if path.is_file():
        if path.suffix.lower() in _PARSE_OUTPUT:
            raise InputFormatError(
                f"{path}: a {_PARSE_OUTPUT[path.suffix.lower()]} of parsed mentions, not articles; "
                f"map, list or export it as it is: 'geonews map {path}', 'geonews mentions "
                f"{path}', 'geonews export {path} -o ...'")
        if path.suffix.lower() not in READERS:
            raise InputFormatError(f"{path}: unsupported input format {path.suffix!r} "
                                   f"(supported: {', '.join(sorted(READERS))})")
        return [(path, path.stem)]
    found = sorted(p for p in path.rglob("*") if p.is_file()
                   and p.suffix.lower() in READERS and not p.name.startswith("."))
    if not found:
        raise InputFormatError(f"{path}: folder has no articles "
                               f"(looked for {', '.join(sorted(READERS))})")
    return [(p, p.relative_to(path).with_suffix("").as_posix()) for p in found]


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Stream the documents of every input; ``"-"`` reads one article from stdin. A folder
    is read recursively, every supported file in it (hidden files and others ignored).

    Raises :class:`InputNotFound` / :class:`InputFormatError` before reading anything if an
    input does not exist or has an unsupported format.
    """
    plan: list[tuple[Path, str] | str] = []
    for raw in paths:
        if str(raw) == STDIN:
            plan.append(STDIN)
            continue
        path = Path(raw)
        if not path.exists():
            raise InputNotFound(f"{path}: no such file or folder")
        plan.extend(_files(path))
    if not plan:
        raise InputNotFound("no input given")
    return _stream(plan)


def _stream(plan: list[tuple[Path, str] | str]) -> Iterator[Document]:
    """The documents of every planned input; :class:`InputError` at the end if there were
    none at all (every input empty, binary or malformed)."""
    read = 0
    for document in _documents(plan):
        read += 1
        yield document
    if not read:
        raise InputError("no articles in the input (every file was empty, binary or "
                         "malformed; see the warnings above)")


def _documents(plan: list[tuple[Path, str] | str]) -> Iterator[Document]:
    for item in plan:
        if item == STDIN:
            text = decode(sys.stdin.buffer.read(), "<stdin>")
            if text is not None and text.strip():
                yield Document(id="stdin", text=text)
            elif text is not None:
                warnings.warn("<stdin>: empty, skipped", InputWarning, stacklevel=2)
            continue
        path, doc_id = item
        try:
            yield from READERS[path.suffix.lower()](path, doc_id)
        except OSError as exc:
            warnings.warn(f"{path}: cannot be read ({exc.strerror or exc}), skipped",
                          InputWarning, stacklevel=2)
