"""Importing incident records (``vigil export --to jsonl``) into a store, losing no field.

A JSONL file whose records are Incident-contract objects (``event_type`` and ``evidence``, no
``text`` or ``html``) is a file of incidents, not a corpus of reports (``is_incidents_file``).

Provenance stays honest although the reports themselves are not in the file: each report the
evidence cites is stored as a *partial document* (format ``incidents-jsonl``) whose text holds
exactly the evidence sentences at their offsets, spaces elsewhere, so ``text[start:end]`` is the
sentence as it was (its content hash covers its id as well as its text), and its outlet, url and published date come from the records' ``sources``.
When the report is already stored in full, the evidence must match its text instead.  A later
file citing more of a partial document's sentences fills them in.

- A record with ``mentions`` is an incident merged across reports: it is stored as it is (every
  key, ``reports``, ``conflicts`` and ``mentions`` included) as a merged incident whose one
  member is itself, out of reach of re-clustering (no date window), so exporting it again gives
  the same record.  The review decisions its marks tell (``edits``, ``review``) are kept again as
  revisions and decisions (vigil.store.decisions.recreate), so a revert or a restore works on it
  as in the store it came from.
- Any other record is one report's incident: stored like an extracted one and merged with the
  incidents already stored.

Importing the same file again changes nothing.  Records go in one transaction per batch.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Union

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from vigil.export.records import incident_record
from vigil.model import Document, Incident
from vigil.readers.corpus import is_incident_record as _is_incident_record
from vigil.store import clusters, contract, decisions
from vigil.store.errors import StoreError
from vigil.store.nearduplicates import words
from vigil.store.rows import incident_values
from vigil.store.schema import documents, incident_evidence, incident_members, incidents, merged_incidents, sentences

FORMAT = "incidents-jsonl"
BATCH = 1000


def _is_report_record(record: Any) -> bool:
    """A report of a corpus (text or html) on a line of its own: the readers read it, not this."""
    return isinstance(record, dict) and ("text" in record or "html" in record)


_SNIFF_LIMIT = 4 * 1024 * 1024  # a first record longer than this is no incident record
_SNIFFED_IN_FOLDERS = (".jsonl", ".ndjson", ".json")


def is_incidents_file(path: Union[str, Path]) -> bool:
    """Whether a file's first record is an incident (so the file is imported, not read as reports)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            while True:
                line = handle.readline(_SNIFF_LIMIT)
                if not line:
                    return False
                if line.strip():
                    return line.lstrip().startswith("{") and _is_incident_record(json.loads(line))
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def split_incident_files(paths: list[str]) -> tuple[list[str], list[str]]:
    """(files of incident records, the other paths to read as reports).  A file given by name is
    sniffed whatever its name; in a folder, files named .jsonl, .ndjson or .json are, and a
    folder holding incident files is replaced by its other files."""
    import os

    from vigil.readers.paths import expand_inputs

    found, others = [], []
    for given in paths:
        if given != "-" and os.path.isfile(given):
            (found if is_incidents_file(given) else others).append(given)
        elif given != "-" and os.path.isdir(given):
            inside = [item.path for item in expand_inputs([given]) if hasattr(item, "path")]
            here = [p for p in inside if p.lower().endswith(_SNIFFED_IN_FOLDERS) and is_incidents_file(p)]
            found.extend(here)
            others.extend([p for p in inside if p not in here] if here else [given])
        else:
            others.append(given)
    return found, others


@dataclass
class ImportSummary:
    added: int = 0  # incidents stored
    unchanged: int = 0  # already stored as they are
    documents: int = 0  # partial documents stored or filled in
    reports: int = 0  # lines that are reports, not incidents: left to the readers (a mixed file)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, problem)

    def line(self, source: str) -> str:
        return (f"{source}: {self.added} incidents imported, {self.unchanged} unchanged, "
                f"{self.documents} partial reports, {len(self.failures)} failed")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _records(path: Path, check: bool = True) -> Iterator[tuple[str, Any, Optional[str]]]:
    """(file:line, the record or why it is none, its problem with the contract or None; not
    looked for without ``check``)."""
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except ValueError as error:
                    yield where, error, f"not JSON ({error})"
                    continue
                yield where, record, _problem(record, line) if check else None


def _problem(record: Any, line: str) -> Optional[str]:
    """What makes a record unusable, naming the field (vigil.store.contract), or None."""
    if not _is_incident_record(record):
        return "not an incident record (needs event_type and evidence, no text)"
    problem = contract.type_problem(line) or contract.value_problem(record)
    if problem:
        name = record["id"] if isinstance(record.get("id"), str) and record["id"] else None
        return f"incident {name!r}: {problem}" if name else problem
    return None


_INCIDENT_FIELDS = [f.name for f in dataclasses.fields(Incident)]


def _merged_incident_row(record: dict[str, Any], document_id: str) -> dict[str, Any]:
    """The ``incidents`` row of a merged record: its contract fields, read without building the
    dataclasses (a merged record is stored as it is)."""
    data = incident_record({k: record[k] for k in _INCIDENT_FIELDS if k in record})

    def bound(figure: str, which: str) -> Optional[int]:
        return (data.get(figure) or {}).get(which)

    return {"id": data["id"], "document_id": document_id, "event_type": data["event_type"],
            "sub_event_type": data.get("sub_event_type"), "date_start": (data.get("date") or {}).get("start"),
            "date_end": (data.get("date") or {}).get("end"),
            **{f"{f}_{b}": bound(f, b) for f in ("fatalities", "injured") for b in ("low", "best", "high")},
            "status": data["status"], "data": data}


class _Partial:
    """A report known only by the evidence sentences that cite it."""

    def __init__(self, document_id: str):
        self.id = document_id
        self.spans: dict[tuple[int, int], str] = {}
        self.meta: dict[str, Optional[str]] = {"outlet": None, "url": None, "published": None}

    def add(self, start: int, end: int, sentence: str) -> Optional[str]:
        for (s, e), other in self.spans.items():
            if s < end and start < e and (s, e, other) != (start, end, sentence):
                overlap_ok = all(other[i - s] == sentence[i - start] for i in range(max(s, start), min(e, end)))
                if not overlap_ok:
                    return f"evidence [{start}:{end}] of {self.id!r} overlaps other evidence with other words"
        self.spans[(start, end)] = sentence
        return None

    def text(self) -> str:
        chars = [" "] * max((e for _, e in self.spans), default=0)
        for (start, end), sentence in self.spans.items():
            chars[start:end] = sentence
        return "".join(chars)


def _plan(path: Path, summary: ImportSummary) -> tuple[dict[str, _Partial], set[str]]:
    """First pass: the documents the good records cite; the places of the bad ones."""
    partials: dict[str, _Partial] = {}
    bad: set[str] = set()
    for where, record, problem in _records(path):
        if _is_report_record(record):
            summary.reports += 1
            bad.add(where)
            continue
        for e in (record["evidence"] if problem is None else []):
            partial = partials.setdefault(e["document"], _Partial(e["document"]))
            problem = partial.add(e["start"], e["end"], e["sentence"]) or problem
        if problem is not None:
            summary.failures.append((where, problem))
            bad.add(where)
            continue
        for source in record.get("sources") or []:
            if isinstance(source, dict) and source.get("document") in partials:
                meta = partials[source["document"]].meta
                for key in meta:
                    meta[key] = meta[key] or source.get(key)
    return partials, bad


def _store_documents(connection: Connection, partials: dict[str, _Partial], source: str,
                     summary: ImportSummary) -> dict[str, str]:
    """Stores or fills in the partial documents; returns the documents whose evidence cannot be
    stored, with the reason (a full report whose text differs)."""
    refused: dict[str, str] = {}
    ids = sorted(partials)
    stored = {}
    for start in range(0, len(ids), 500):
        stored.update((row.id, row) for row in connection.execute(
            select(documents.c.id, documents.c.format, documents.c.text).where(documents.c.id.in_(ids[start:start + 500]))))
    new_documents, new_sentences = [], []
    for partial in partials.values():
        row = stored.get(partial.id)
        if row is not None and row.format != FORMAT:
            wrong = [(s, e) for (s, e), sentence in partial.spans.items() if row.text[s:e] != sentence]
            if wrong:
                refused[partial.id] = (f"evidence [{wrong[0][0]}:{wrong[0][1]}] does not match the stored report "
                                       f"{partial.id!r}")
            continue
        if row is not None:  # a partial document from an earlier import: keep its sentences too
            for start, end in _spans_of(row.text, connection, partial.id):
                problem = partial.add(start, end, row.text[start:end])
                if problem:
                    refused[partial.id] = problem
            if partial.id in refused:
                continue
        text = partial.text()
        if row is not None and row.text == text:
            continue
        document = Document(id=partial.id, text=text, format=FORMAT, source=source, **partial.meta)
        values = {"id": document.id, "content_hash": _partial_hash(document), "title": None,
                  "outlet": document.outlet, "url": document.url, "published": document.published,
                  "published_inferred": False, "published_evidence": None, "language": None, "author": None,
                  "format": FORMAT, "source": source, "text": text, "cues": [], "word_count": len(words(text)),
                  "ingested_at": _now()}
        if row is None:
            new_documents.append(values)
        else:
            connection.execute(update(documents).where(documents.c.id == partial.id).values(**values))
            connection.execute(delete(sentences).where(sentences.c.document_id == partial.id))
        new_sentences.extend({"document_id": partial.id, "idx": i, "start": s, "end": e}
                             for i, (s, e) in enumerate(sorted(partial.spans)))
        summary.documents += 1
    for start in range(0, len(new_documents), 1000):
        connection.execute(insert(documents), new_documents[start:start + 1000])
    for start in range(0, len(new_sentences), 5000):
        connection.execute(insert(sentences), new_sentences[start:start + 5000])
    return refused


def _new_ids(connection: Connection, partials: dict[str, _Partial]) -> set[str]:
    """The partial documents this import is about to create (none of them stored yet)."""
    ids = sorted(partials)
    stored: set[str] = set()
    for start in range(0, len(ids), 500):
        stored.update(connection.execute(select(documents.c.id).where(documents.c.id.in_(ids[start:start + 500]))).scalars())
    return set(ids) - stored


def _drop_uncited(connection: Connection, created: set[str]) -> int:
    """Removes the partial documents this import created that no stored incident cites (their
    records failed), so a failed import leaves nothing half-made behind; how many."""
    ids = sorted(created)
    cited: set[str] = set()
    for start in range(0, len(ids), 500):
        cited.update(connection.execute(select(incident_evidence.c.document_id).distinct().where(
            incident_evidence.c.document_id.in_(ids[start:start + 500]))).scalars())
    uncited = [i for i in ids if i not in cited]
    for start in range(0, len(uncited), 500):
        chunk = uncited[start:start + 500]
        connection.execute(delete(sentences).where(sentences.c.document_id.in_(chunk)))
        connection.execute(delete(documents).where(documents.c.id.in_(chunk)))
    return len(uncited)


def _partial_hash(document: Document) -> str:
    """A partial document is identified by its id and sentences: two reports cited at the same
    offsets with the same words would otherwise have the same text and collide."""
    import hashlib

    return hashlib.sha256(f"{FORMAT}\x1f{document.id}\x1f{document.text}".encode("utf-8")).hexdigest()


def _spans_of(text: str, connection: Connection, document_id: str) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in connection.execute(
        select(sentences.c.start, sentences.c.end).where(sentences.c.document_id == document_id))]


def _evidence_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"incident_id": record["id"], "idx": i, "document_id": e["document"], "start": e["start"],
             "end": e["end"], "sentence": e["sentence"], "timestamp": e.get("timestamp")}
            for i, e in enumerate(record["evidence"])]


def _write_batch(connection: Connection, batch: list[tuple[str, dict]], summary: ImportSummary) -> None:
    ids = [record["id"] for _, record in batch]
    stored = dict(connection.execute(select(incidents.c.id, incidents.c.data).where(incidents.c.id.in_(ids))).all())
    stored_merged = dict(connection.execute(
        select(merged_incidents.c.id, merged_incidents.c.data).where(merged_incidents.c.id.in_(ids))).all())
    new_incidents, new_evidence, new_members, new_merged = [], [], [], []
    mentions_by_document: dict[str, list[Incident]] = {}
    seen: set[str] = set()
    for where, record in batch:
        merged = "mentions" in record
        if merged:  # the contract's defaults for what the record leaves out (a status, say)
            record = incident_record(record)
        incident = None if merged else Incident.from_dict(record)
        if record["id"] in stored or record["id"] in seen:
            same = (stored_merged.get(record["id"]) == record) if merged else (stored.get(record["id"]) == incident.to_dict())
            if same or record["id"] in seen:
                summary.unchanged += 1
            else:
                summary.failures.append((where, f"incident {record['id']!r} is stored with other content; "
                                                "remove its report first to replace it"))
            continue
        seen.add(record["id"])
        document_id = record["evidence"][0]["document"]
        new_incidents.append(_merged_incident_row(record, document_id) if merged
                             else incident_values(incident, document_id))
        new_evidence.extend(_evidence_rows(record))
        if merged:
            # Its own one member, with no date window: re-clustering never reaches it.
            new_members.append({"mention_id": record["id"], "document_id": document_id, "merged_id": record["id"],
                                "component": record["id"], "block_start": None, "block_end": None, "names": []})
            new_merged.append(clusters.merged_values(record))
        else:
            mentions_by_document.setdefault(document_id, []).append(incident)
        summary.added += 1
    for table, rows in ((incidents, new_incidents), (incident_evidence, new_evidence),
                        (incident_members, new_members), (merged_incidents, new_merged)):
        if rows:
            connection.execute(insert(table), rows)
    for row in new_merged:  # reviewed in the store it came from: its decisions kept again
        decisions.recreate(connection, row["data"], [row["id"]])
    for document_id, mentions in mentions_by_document.items():
        text = connection.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar_one()
        clusters.attach(connection, mentions, document_id, text)


def import_incidents(store, path: Union[str, Path], *, batch_size: int = BATCH,
                     on_failure: Callable[[str, str], None] = lambda where, problem: None) -> ImportSummary:
    """Import a JSONL file of incident records into ``store`` (see the module docstring)."""
    path = Path(path)
    summary = ImportSummary()
    try:
        partials, bad = _plan(path, summary)
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"{path}: cannot read ({getattr(error, 'strerror', None) or error})") from None
    with store._transaction(f"import incidents from {path}", write=True) as connection:
        new_partials = _new_ids(connection, partials)
        refused = _store_documents(connection, partials, str(path), summary)
    pending: list[tuple[str, dict]] = []

    def flush() -> None:
        if not pending:
            return
        try:
            with store._transaction(f"import incidents from {path}", write=True) as connection:
                _write_batch(connection, pending, summary)
        except Exception:  # noqa: BLE001 - find the record at fault: each alone, in its own transaction
            for where, record in pending:
                try:
                    with store._transaction(f"import incidents from {path}", write=True) as connection:
                        _write_batch(connection, [(where, record)], summary)
                except Exception as error:  # noqa: BLE001 - this record fails, the file goes on
                    summary.failures.append((where, f"not stored ({type(error).__name__}: {error})"))
        pending.clear()

    for where, record, _ in _records(path, check=False):
        if where in bad:
            continue
        cited = {e["document"] for e in record["evidence"]}
        refusal = next((refused[d] for d in sorted(cited) if d in refused), None)
        if refusal:
            summary.failures.append((where, refusal))
            continue
        pending.append((where, record))
        if len(pending) >= batch_size:
            flush()
    flush()
    with store._transaction(f"import incidents from {path}", write=True) as connection:
        summary.documents -= _drop_uncited(connection, new_partials)
    for where, problem in summary.failures:
        on_failure(where, problem)
    return summary
