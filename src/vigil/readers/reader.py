"""Reading reports: files, folders, stdin and in-memory strings -> Documents (or ReadFailures).

Everything is streamed: a file is sniffed from its first 64 KB, then read line by line (JSONL and
CSV record by record), and cut into parts of at most ``max_report_chars`` characters, so memory
stays bounded whatever the input size.  One bad input never stops a batch.
"""
from __future__ import annotations

import io
import os
import sys
from itertools import chain
from typing import BinaryIO, Iterable, Iterator, Optional

from ..model import Document
from .corpus import Record, bounded_lines, check_record, is_incident_record, iter_csv, iter_jsonl, record_id_problem
from .encoding import InvalidUtf8, detect_encoding
from .failures import INCIDENT_RECORD, ReadError, ReadFailure, UsageError
from .headline import guess_title_and_author
from .html import extract_page
from .parts import Part, Piece, assemble_parts
from .paths import STDIN, Input, expand_inputs
from .published import normalise_published, published_for
from .sniff import sniff_format, sniff_text_format
from .text import iter_paragraphs, iter_raw_lines
from .transcript import iter_cue_pieces, iter_cues

HEAD_BYTES = 65536
MAX_HTML_CHARS = 20_000_000  # a page is parsed whole; beyond this it is refused, not swapped
METADATA_KEYS = ("outlet", "published", "url", "language", "title", "author")
TRANSCRIPT_FORMATS = ("transcript", "srt", "vtt")


# --------------------------------------------------------------------------- public API


def iter_documents(paths: list[str], *, metadata: Optional[dict] = None,
                   max_report_chars: int = 1_000_000) -> Iterator[Document | ReadFailure]:
    """One Document per report (or per part of a huge one), or a ReadFailure per bad input.

    Raises UsageError at once for bad options (unknown metadata, invalid published, ``id`` with
    more than one file).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise UsageError("no input given")
    if max_report_chars < 1000:
        raise UsageError(f"max_report_chars must be at least 1000, got {max_report_chars}")
    overrides = check_metadata(metadata or {}, paths)
    items = expand_inputs(paths)
    return _iter_items(items, overrides, max_report_chars)


def read_text(text: str, *, id: str = "text", **metadata) -> Document:
    """A Document from an in-memory string (plain text, HTML or a transcript), cleaned.

    Raises ReadError with a one-line message for empty or unreadable text or bad metadata.
    """
    unknown = set(metadata) - set(METADATA_KEYS) - {"source"}
    if unknown:
        raise ReadError(f"{id}: unknown metadata: {', '.join(sorted(unknown))}")
    if not isinstance(text, str):
        raise ReadError(f"{id}: expected a str, got {type(text).__name__}")
    if not text.strip():
        raise ReadError(f"{id}: empty text")
    given = {k: v for k, v in metadata.items() if v is not None and k != "source"}
    try:
        if "published" in given:
            given["published"] = normalise_published(given["published"])
        fmt = sniff_text_format(text)
        docs = _documents_from_string(text, fmt, doc_id=id, source=metadata.get("source"),
                                      given=given, max_chars=2 * len(text) + 16, doc_format=fmt)
        return next(docs)
    except ReadError as e:
        raise ReadError(f"{id}: {e}") from None


# --------------------------------------------------------------------------- options


def check_metadata(metadata: dict, paths: list[str]) -> dict:
    """The metadata flags given for ``paths``, checked and normalised; UsageError when they cannot
    apply (an unknown key, --id for more than one file, a bad date).  Callers that open a database
    call it first, so bad usage creates nothing."""
    unknown = set(metadata) - set(METADATA_KEYS) - {"id"}
    if unknown:
        raise UsageError(f"unknown metadata: {', '.join(sorted(unknown))}")
    given = {k: v for k, v in metadata.items() if v is not None}
    if "id" in given:
        single_file = len(paths) == 1 and not os.path.isdir(paths[0])
        if not single_file:
            raise UsageError("--id needs exactly one input file")
        given["id"] = str(given["id"])
    if "published" in given:
        try:
            given["published"] = normalise_published(given["published"])
        except ReadError as e:
            raise UsageError(f"--{e}") from None
    return given


# --------------------------------------------------------------------------- files


def _iter_items(items, overrides: dict, max_chars: int) -> Iterator[Document | ReadFailure]:
    first_read_from: dict[str, str] = {}  # report id -> where it was read, for this batch
    for item in items:
        if isinstance(item, ReadFailure):
            yield item
            continue
        for read in _read_input(item, overrides, max_chars):
            if isinstance(read, Document):
                where = read.source or read.id
                if read.id in first_read_from:  # a second report under one id would replace the first
                    yield ReadFailure(where, f"id {read.id!r} was already read in this batch from "
                                             f"{first_read_from[read.id]}; the first is kept, this one skipped")
                    continue
                first_read_from[read.id] = where
            yield read


def _os_problem(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return (e.strerror or str(e)).lower()


def _read_input(inp: Input, overrides: dict, max_chars: int) -> Iterator[Document | ReadFailure]:
    # Flags given on the command line win; a file's sidecar or manifest row fills the rest.
    overrides = {**inp.metadata, **overrides}
    try:
        stream = sys.stdin.buffer if inp.path == STDIN else open(inp.path, "rb")
    except OSError as e:
        yield ReadFailure(inp.source, _os_problem(e))
        return
    parts_read = 0
    try:
        for read in _read_stream(stream, inp, overrides, max_chars):
            parts_read += isinstance(read, Document)
            yield read
    except ReadError as e:
        yield ReadFailure(inp.source, str(e))
    except UnicodeDecodeError as e:
        # Say exactly what was kept: the parts of a long report read before the bad bytes, or nothing.
        kept = (f"parts 1 to {parts_read} were read, the rest of the file was not" if parts_read
                else "nothing of the file was read")
        yield ReadFailure(inp.source, f"not text: invalid {e.encoding} further into the file ({kept})")
    except OSError as e:
        yield ReadFailure(inp.source, _os_problem(e))
    except Exception as e:  # never let one odd file end the batch with a traceback
        yield ReadFailure(inp.source, f"unreadable ({type(e).__name__}: {e})")
    finally:
        if inp.path != STDIN:
            stream.close()


class _HeadThenRest(io.RawIOBase):
    """The sniffed head bytes followed by the rest of the stream (works for stdin too)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_stream(stream: BinaryIO, inp: Input, overrides: dict, max_chars: int):
    head = stream.read(HEAD_BYTES)
    if not head:
        raise ReadError("empty file")
    complete = len(head) < HEAD_BYTES
    try:
        encoding, undecodable = detect_encoding(head, complete=complete), None
    except InvalidUtf8 as error:  # a corpus may still be read record by record (below)
        encoding, undecodable = "utf-8", error
    head_text = head.decode(encoding, errors="ignore")
    if not head_text.strip() and complete:
        raise ReadError("empty file (only whitespace)")
    fmt = sniff_format(head_text, inp.path if inp.path != STDIN else "stdin.txt")
    # JSON is UTF-8 by definition: its lines are decoded one by one, whatever the head looked
    # like, so one bad line costs one record; a UTF-16/32 export is decoded as a whole stream.
    per_line = fmt == "jsonl" and encoding in ("utf-8", "utf-8-sig", "cp1252")
    if undecodable is not None and not per_line:
        raise undecodable
    binary = io.BufferedReader(_HeadThenRest(head, stream), buffer_size=HEAD_BYTES)
    # A UTF-8 CSV keeps its undecodable bytes as lone surrogates so that the row holding them is
    # refused by name (vigil.readers.corpus.check_record) and the other rows are read.
    errors = "surrogateescape" if fmt == "csv" and encoding == "utf-8" else "strict"
    text_stream = io.TextIOWrapper(binary, encoding=encoding, errors=errors,
                                   newline="" if fmt == "csv" else None)
    if fmt == "jsonl":
        lines = bounded_lines(binary.readline) if per_line else (
            None if line is None else line.encode("utf-8") for line in bounded_lines(text_stream.readline))
        yield from _corpus_documents(iter_jsonl(lines, inp.source), inp, overrides, max_chars, fmt)
        return
    if fmt == "csv":
        yield from _corpus_documents(iter_csv(text_stream, inp.source), inp, overrides, max_chars, fmt)
        return
    doc_id = overrides.get("id", inp.doc_id)
    given = {k: v for k, v in overrides.items() if k != "id"}
    if fmt == "html":
        markup = text_stream.read(MAX_HTML_CHARS + 1)
        if len(markup) > MAX_HTML_CHARS:
            raise ReadError(f"HTML page too large (over {MAX_HTML_CHARS:,} characters)")
        yield from _documents_from_string(markup, "html", doc_id=doc_id, source=inp.source,
                                          given=given, max_chars=max_chars, doc_format="html")
        return
    lines = (line for line, _ in iter_raw_lines(text_stream))
    if fmt in TRANSCRIPT_FORMATS:
        pieces = iter_cue_pieces(iter_cues(lines, fmt))
    else:
        pieces = _paragraph_pieces(iter_paragraphs(iter_raw_lines(text_stream), max_chars))
    yield from _build_documents(assemble_parts(pieces, max_chars), doc_id=doc_id, fmt=fmt,
                                source=inp.source, given=given, found={})


def _paragraph_pieces(paragraphs: Iterable[str]) -> Iterator[Piece]:
    return (Piece(p) for p in paragraphs)


# --------------------------------------------------------------------------- strings and records


def _documents_from_string(text: str, fmt: str, *, doc_id: str, source: Optional[str], given: dict,
                           max_chars: int, doc_format: str) -> Iterator[Document]:
    """Documents of one report held in memory (a record, a page, a read_text string)."""
    found: dict = {}
    if fmt == "html":
        page = extract_page(text)
        found = {"title": page.title, "author": page.author, "outlet": page.outlet,
                 "url": page.url, "language": page.language, "published": page.published}
        text, fmt = page.text, "text"
    lines = io.StringIO(text)
    if fmt in TRANSCRIPT_FORMATS:
        pieces = iter_cue_pieces(iter_cues((line.rstrip("\r\n") for line in lines), fmt))
    else:
        pieces = _paragraph_pieces(iter_paragraphs(iter_raw_lines(lines), max_chars))
    return _build_documents(assemble_parts(pieces, max_chars), doc_id=doc_id, fmt=doc_format,
                            source=source, given=given, found=found,
                            guess_header=fmt == "text")


def _corpus_documents(records: Iterable[Record | ReadFailure], inp: Input, overrides: dict,
                      max_chars: int, fmt: str) -> Iterator[Document | ReadFailure]:
    name = os.path.basename(inp.path) if inp.path != STDIN else "stdin"
    for record in records:
        if isinstance(record, ReadFailure):
            yield record
            continue
        if is_incident_record(record.fields):
            yield ReadFailure(record.source, "an incident record, not a report (vigil ingest imports it)",
                              INCIDENT_RECORD)
            continue
        problem = check_record(record)
        if problem:
            yield ReadFailure(record.source, problem)
            continue
        fields = record.fields
        id_problem = record_id_problem(fields.get("id"))
        if id_problem:
            yield ReadFailure(record.source, id_problem)
            continue
        doc_id = str(fields["id"]) if fields.get("id") not in (None, "") else f"{name}:{record.line}"
        given = {k: v for k, v in overrides.items() if k != "id"}
        given.update({k: fields[k] for k in METADATA_KEYS if fields.get(k) not in (None, "")})
        try:
            if "published" in given:
                given["published"] = normalise_published(given["published"])
            has_text = isinstance(fields.get("text"), str) and fields["text"].strip()
            body = fields["text"] if has_text else fields["html"]
            body_format = sniff_text_format(body) if has_text else "html"
            yield from _documents_from_string(body, body_format, doc_id=doc_id, source=record.source,
                                              given=given, max_chars=max_chars, doc_format=fmt)
        except ReadError as e:
            yield ReadFailure(record.source, str(e))


# --------------------------------------------------------------------------- documents


def _build_documents(parts: Iterator[Part], *, doc_id: str, fmt: str, source: Optional[str],
                     given: dict, found: dict, guess_header: bool = True) -> Iterator[Document]:
    """Documents from parts: "id" for one part, "id#part1", "id#part2"... for several."""
    parts = iter(parts)
    first = next(parts, None)
    if first is None:
        raise ReadError("no readable text left after cleaning (only page furniture, markup or timestamps)")
    second = next(parts, None)
    meta = dict(given)
    for key, value in found.items():
        if value and key not in meta:
            meta[key] = value
    if meta.get("published") and "published" not in given:
        try:
            meta["published"] = normalise_published(meta["published"])
        except ReadError:  # a page's odd date markup is dropped, not fatal
            del meta["published"]
    if guess_header and fmt not in TRANSCRIPT_FORMATS:
        title, author = guess_title_and_author(first.text)
        meta.setdefault("title", title)
        meta.setdefault("author", author)
    if second is None:
        yield _document(first, doc_id, fmt, source, meta, None)
        return
    inherited = None
    for number, part in enumerate(chain((first, second), parts), start=1):
        doc = _document(part, f"{doc_id}#part{number}", fmt, source, meta, inherited)
        if doc.published_inferred and inherited is None:
            inherited = (doc.published, doc.published_evidence, doc.published_source)
        yield doc


def _document(part: Part, doc_id: str, fmt: str, source: Optional[str], meta: dict,
              inherited) -> Document:
    doc = Document(id=doc_id, text=part.text, format=fmt, source=source, cues=part.cues,
                   **{k: meta.get(k) for k in METADATA_KEYS})
    if doc.published is None:
        inferred = published_for(part.text, doc_id, doc.url)
        if inferred:
            doc.published, doc.published_evidence = inferred.published, inferred.evidence
            doc.published_source = inferred.url
            doc.published_inferred = True
        elif inherited:  # a later part of a long report: the date read in an earlier part
            doc.published, doc.published_evidence, doc.published_source = inherited
            doc.published_inferred = True
    return doc
