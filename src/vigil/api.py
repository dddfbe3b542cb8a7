"""The Python API: what the command line calls, and what notebooks call directly.

    import vigil
    result = vigil.extract("Gunmen shot dead a constable in Orangi on Thursday.", published="2014-08-11")
    summary = vigil.ingest(["examples/reports"], db="sqlite:///vigil.db")
    store = vigil.open("sqlite:///vigil.db"); store.incidents(since="2014-01-01")
    vigil.edit_incident(incident_id, "fatalities", 4, author="amna", reason="morgue list", db="sqlite:///vigil.db")
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from vigil.faults import ReportFault
from vigil.readers.failures import INCIDENT_RECORD
from vigil.timelimit import DEFAULT_TIMEOUT

if TYPE_CHECKING:  # the NLP stack is imported only when a report is read
    from vigil.extract import Extraction
    from vigil.model import Document

DEFAULT_DB = "sqlite:///./vigil.db"


def extract(text_or_document: Union[str, Document], *, published: Optional[str] = None,
            id: str = "text", **metadata) -> Extraction:
    """Incidents (and claims) of one report, not stored. ``text_or_document`` is raw text in any
    format the readers know (plain, HTML, transcript) or an already cleaned Document."""
    from vigil.model import Document
    from vigil.readers import read_text

    if isinstance(text_or_document, Document):
        document = text_or_document
    else:
        document = read_text(text_or_document, id=id, published=published, **metadata)
    from vigil.extract import extract_documents

    return next(extract_documents([document]))


def open(db: str = DEFAULT_DB, *, create: bool = True):  # noqa: A001 - `vigil.open(db)` reads naturally
    """The store at ``db`` (a SQLAlchemy URL or a SQLite file path), created and migrated when new;
    with ``create=False`` a missing SQLite file raises vigil.store.DatabaseMissing instead."""
    from vigil.store import Store

    return Store.open(db, create=create)


# ---------------------------------------------------------------------- analysts' review
# Each opens the database (which must exist), makes one decision on a merged incident (its id, or
# one of its mentions' ids) and returns the incident as it now stands; the same as the Store's
# methods of the same names on an open store.


def confirm_incident(id: str, *, author: str, reason: Optional[str] = None, db: str = DEFAULT_DB) -> dict[str, Any]:
    """Confirm a merged incident: status confirmed, recorded with who, when and why."""
    return _decide(db, lambda store: store.confirm_incident(id, author=author, reason=reason))


def edit_incident(id: str, field: str, value: Any, *, author: str, reason: str, db: str = DEFAULT_DB) -> dict[str, Any]:
    """Set one field by hand, with a reason: event_type, sub_event_type, date (YYYY, YYYY-MM,
    YYYY-MM-DD), place (a gazetteer id or name), fatalities/injured/kidnapped/arrested/
    perpetrators_killed (a number for the best estimate, "LOW/BEST/HIGH", a {low, best, high}
    dict, or None), perpetrator or target (names, a list or "; "-separated).  A field or value
    that cannot be used raises vigil.store.errors.EditError."""
    return _decide(db, lambda store: store.edit_incident(id, field, value, author=author, reason=reason))


def reject_incident(id: str, *, author: str, reason: str, db: str = DEFAULT_DB) -> dict[str, Any]:
    """Reject a merged incident, with a reason: kept, but hidden from lists, tallies, exports and
    reports unless asked for (status "rejected" or "all")."""
    return _decide(db, lambda store: store.reject_incident(id, author=author, reason=reason))


def restore_incident(id: str, *, author: str, reason: Optional[str] = None, db: str = DEFAULT_DB) -> dict[str, Any]:
    """Bring a rejected incident back with the status it had before."""
    return _decide(db, lambda store: store.restore_incident(id, author=author, reason=reason))


def revert_edit(id: str, field: str, *, author: str, reason: str, db: str = DEFAULT_DB) -> dict[str, Any]:
    """Give one edited field of a merged incident the machine's value again (``Store.revert_edit``)."""
    return _decide(db, lambda store: store.revert_edit(id, field, author=author, reason=reason))


def incident_history(id: str, *, db: str = DEFAULT_DB) -> list[dict[str, Any]]:
    """Every recorded decision about a merged incident, oldest first (``Store.revisions(id)``)."""
    return _decide(db, lambda store: store.revisions(id))


def review_queue(*, db: str = DEFAULT_DB, limit: Optional[int] = 50, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """Merged incidents waiting for review, most in need first, each with ``need`` saying why
    (``Store.review_queue``); the filters of ``vigil incidents``."""
    return list(_decide(db, lambda store: store.review_queue(limit=limit, offset=offset, **filters)))


def _decide(db: str, action: Callable[[Any], Any]) -> Any:
    store = open(db, create=False)
    try:
        return action(store)
    finally:
        store.close()


NOT_STORED = "not-stored"  # a report read and extracted that the database would not take


@dataclass
class Failure:
    source: str
    problem: str
    fault: Optional[ReportFault] = None  # a report that failed on a bug or the time limit (vigil.faults)
    kind: Optional[str] = None  # vigil.readers.ReadFailure.kind for a read failure, or NOT_STORED

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


@dataclass
class IngestSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    near_duplicates: int = 0
    incidents: int = 0
    imported: int = 0  # incident records imported from files of incidents (vigil.store.importer)
    claims: int = 0
    words: int = 0
    failures: list[Failure] = field(default_factory=list)
    alerts: list = field(default_factory=list)  # vigil.alerts.fire.Fired: what saved alerts sent after the ingest

    @property
    def not_stored(self) -> int:
        """Reports lost to the database rather than to their input: the command must not exit 0."""
        return sum(1 for f in self.failures if f.kind == NOT_STORED)

    @property
    def read(self) -> int:
        return self.added + self.replaced + self.unchanged + self.near_duplicates

    def line(self) -> str:
        parts = [f"{self.read} report{'s' if self.read != 1 else ''} read",
                 f"{self.added} added"]
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        parts += [f"{self.unchanged} unchanged", f"{self.near_duplicates} near-duplicate",
                  f"{self.incidents} incidents"]
        if self.imported:
            parts.append(f"{self.imported} incidents imported")
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def iter_extractions(paths: list[str], *, metadata: Optional[dict] = None,
                     on_failure: Callable[[Failure], None] = lambda f: None,
                     skip: Callable[[Document], bool] = lambda d: False,
                     on_skip: Callable[[Document], None] = lambda d: None,
                     timeout: Optional[float] = DEFAULT_TIMEOUT,
                     on_fault: Optional[Callable[[ReportFault], None]] = None,
                     client=None) -> Iterator[Extraction]:
    """Read ``paths`` and extract each report; bad items go to ``on_failure`` and the rest goes on.
    Reports for which ``skip`` is true (already stored) bypass the NLP stage.  With a Dask
    ``client`` the extraction runs on its cluster (vigil.cluster), in the same order.

    A report that fails on a bug, or takes longer than ``timeout`` seconds (None or 0: no
    limit; vigil.timelimit), is left out: its ReportFault goes to ``on_fault``, or without one
    to ``on_failure`` as a Failure carrying it."""
    from vigil.readers import ReadFailure, iter_documents

    if on_fault is None:
        def on_fault(fault: ReportFault) -> None:
            on_failure(Failure(fault.source, fault.problem("skipped"), fault))

    def readable() -> Iterable[Document]:
        for item in iter_documents(paths, metadata=metadata):
            if isinstance(item, ReadFailure):
                on_failure(Failure(item.source, item.problem, kind=item.kind))
            elif skip(item):
                on_skip(item)
            else:
                yield item

    documents = readable()
    first = next(documents, None)
    if first is None:  # nothing readable: the NLP stack is never loaded
        return
    yield from _extract(itertools.chain([first], documents), timeout=timeout, on_fault=on_fault, client=client)


def _extract(documents: Iterable[Document], *, timeout, on_fault, client=None) -> Iterator[Extraction]:
    if client is not None:
        from vigil.cluster import extract_on_cluster

        return extract_on_cluster(client, documents, on_fault=on_fault)
    from vigil.extract import extract_documents

    return extract_documents(documents, timeout=timeout, on_fault=on_fault)


BUSY_RETRIES = (1.0, 2.0, 4.0)  # seconds before each new try when another writer kept the database


def _with_retries(write):
    """``write()``, tried again after a pause while the database stays busy (another process's
    write lock held past the busy timeout); the last StoreBusy is raised."""
    import time

    from vigil.store.errors import StoreBusy

    for pause in (*BUSY_RETRIES, None):
        try:
            return write()
        except StoreBusy:
            if pause is None:
                raise
            time.sleep(pause)


def ingest(paths: Sequence[str] = (), *, db: str = DEFAULT_DB, metadata: Optional[dict] = None,
           on_report: Callable[[str, str], None] = lambda source, status: None,
           on_failure: Callable[[Failure], None] = lambda f: None,
           retry_failed: bool = False, timeout: Optional[float] = DEFAULT_TIMEOUT,
           on_notice: Callable[[str], None] = lambda line: None,
           workers: int = 0, scheduler: Optional[str] = None,
           documents: Optional[Iterable[Document]] = None) -> IngestSummary:
    """Store, extract and keep every report under ``paths``; idempotent (same content = no change).

    Each report is written in its own transaction, so an interrupted run leaves no half-written
    report and a rerun picks up where it stopped.  A JSONL file of incident records (``vigil
    export --to jsonl``) is imported as incidents, not read as reports (vigil.store.importer).

    A report that fails on a bug while it is extracted, merged or stored, or takes longer than
    ``timeout`` seconds to extract (None or 0: no limit; vigil.timelimit), fails alone: it is
    stored as failed (``Store.failed_documents()``: its cleaned text, the stage, error and
    Vigil version; no incidents or claims), counted in ``summary.failures`` and passed to
    ``on_failure`` as a Failure whose ``fault`` is set.  Ingesting its text again runs it
    again; ``retry_failed=True`` runs every report stored as failed again from its stored
    text (``paths`` may then be empty), and a success stores it as usual.

    ``workers=N`` extracts on a local Dask cluster of N processes, ``scheduler="tcp://HOST:PORT"``
    on an existing one (vigil.cluster); this process still reads and stores, in the same order,
    so the stored result is the single process's.

    ``documents``: reports already read (pages `vigil watch` fetched, say), stored like those
    under ``paths`` (which may then be empty).  After the ingest, saved alerts (vigil.alerts)
    send the incidents it made or changed that they match; ``summary.alerts`` lists them and a
    delivery that failed goes to ``on_notice``.
    """
    run = dict(db=db, metadata=metadata, on_report=on_report, on_failure=on_failure, retry_failed=retry_failed,
               timeout=timeout, on_notice=on_notice, documents=documents)
    if workers or scheduler:
        from vigil.cluster import cluster_client

        with cluster_client(workers, scheduler) as client:
            return _ingest(paths, client=client, **run)
    return _ingest(paths, **run)


def _ingest(paths, *, db, metadata, on_report, on_failure, retry_failed, timeout, on_notice, documents,
            client=None) -> IngestSummary:
    from vigil.store import StoreError
    from vigil.store.importer import import_incidents, split_incident_files

    summary = IngestSummary()

    def failed(failure: Failure) -> None:
        if failure.kind == INCIDENT_RECORD and failure.source.rpartition(":")[0] in mixed:
            return  # a line of a mixed file that was imported as an incident above
        summary.failures.append(failure)
        on_failure(failure)

    def unchanged(document: Document) -> None:
        summary.unchanged += 1
        on_report(document.source or document.id, "unchanged")

    def keep_failed(fault: ReportFault) -> None:
        try:
            stored = store.record_failure(fault)
        except StoreError as error:
            failed(Failure(fault.source, f"{fault.problem('not stored')} ({error})", fault))
            return
        outcome = "stored as failed" if stored else "not stored (its text is stored under another id)"
        failed(Failure(fault.source, fault.problem(outcome), fault))

    incident_files, paths = split_incident_files(list(paths))
    mixed: set[str] = set()  # files of incidents with reports among them
    if paths and metadata:
        from vigil.readers import check_metadata

        check_metadata(metadata, paths)  # bad usage is refused before the database is created
    store = open(db)
    from vigil.store.store import timestamp

    started = timestamp()  # reports stored from now on are this ingest's (alerts look for them)
    try:
        for path in incident_files:
            try:
                imported = import_incidents(store, path, on_failure=lambda where, problem: failed(Failure(where, problem)))
            except StoreError as error:
                failed(Failure(path, str(error)))
                continue
            summary.imported += imported.added
            on_report(path, f"{imported.added} incidents imported, {imported.unchanged} unchanged")
            if imported.reports:  # a file mixing reports and incident records: its reports are read too
                paths.append(path)
                mixed.add(path)
        given = documents is not None
        extractions = [] if (incident_files or retry_failed or given) and not paths else iter_extractions(
            paths, metadata=metadata, on_failure=failed,
            skip=lambda d: store.has_content(d.content_hash), on_skip=unchanged,
            timeout=timeout, on_fault=keep_failed, client=client,
        )
        if given:
            def fresh() -> Iterator[Document]:
                for document in documents:
                    if store.has_content(document.content_hash):
                        unchanged(document)
                    else:
                        yield document

            extractions = itertools.chain(_extract(fresh(), timeout=timeout, on_fault=keep_failed, client=client),
                                          extractions)
        if retry_failed:
            stored_failed = (store.document(row["id"]) for row in store.failed_documents())
            extractions = itertools.chain(_extract(stored_failed, timeout=timeout, on_fault=keep_failed, client=client),
                                          extractions)
        for extraction in extractions:
            document = extraction.document
            try:
                result = _with_retries(lambda: store.add_report(document, extraction.sentences,
                                                                extraction.incidents, extraction.claims))
            except StoreError as error:  # the database refused it (a lock held past the busy timeout, say)
                failed(Failure(document.source or document.id, str(error), kind=NOT_STORED))
                continue
            except Exception as error:  # a bug: this report fails alone, its transaction rolled back
                keep_failed(ReportFault.from_error(document, error, "storing"))
                continue
            for notice in extraction.notices:  # e.g. a language Vigil cannot read yet: said once, not a failure
                on_notice(f"{document.source or document.id}: {notice}")
            status = result.status
            if status == "added":
                summary.added += 1
            elif status == "replaced":
                summary.replaced += 1
            elif status == "near_duplicate":
                summary.near_duplicates += 1
            else:
                summary.unchanged += 1
            if status in ("added", "replaced", "near_duplicate"):
                summary.words += len(document.text.split())
            summary.incidents += result.incidents_added
            summary.claims += result.claims_added
            on_report(document.source or document.id, status)
        from vigil.alerts.fire import fire_alerts

        try:
            summary.alerts = fire_alerts(store, since=started, on_notice=on_notice)
        except StoreError as error:  # what was ingested stays ingested; the alerts look again next time
            on_notice(f"alerts not checked after this ingest: {error}")
    finally:
        store.close()
    return summary


# ---------------------------------------------------------------------- cases (what the web app calls too)


def case_timeline(id: str, *, db: str = DEFAULT_DB) -> dict:
    """The case an incident (or one of its judicial steps) is part of: ``incident`` (the merged
    incident it is about), ``stage`` (no arrest, arrest made, charged, tried, acquitted,
    convicted) and ``steps`` (the judicial steps, oldest first): Store.case_timeline."""
    store = open(db, create=False)
    try:
        return store.case_timeline(id)
    finally:
        store.close()


def show_incident(id: str, *, db: str = DEFAULT_DB) -> tuple[dict, dict]:
    """(the merged incident ``id`` names, or the one a mention of that id belongs to; its case
    timeline).  A StoreError when there is no such incident."""
    from vigil.store import StoreError

    store = open(db, create=False)
    try:
        record = store.merged_incident(id)
        if record is None:
            raise StoreError(f"no incident {id!r} in {store.url}")
        return record, store.case_timeline(record["id"])
    finally:
        store.close()


def link(judicial: str, follows: str, *, db: str = DEFAULT_DB, by: str, reason: Optional[str] = None) -> dict:
    """An analyst's link: the judicial step ``judicial`` follows incident ``follows``, for good
    (the automatic linker never undoes it); recorded as a revision by ``by``.  Returns the step."""
    store = open(db, create=False)
    try:
        return store.link_incident(judicial, follows, author=by, reason=reason)
    finally:
        store.close()


def unlink(judicial: str, *, db: str = DEFAULT_DB, by: str, reason: Optional[str] = None) -> dict:
    """An analyst's unlink: the judicial step ``judicial`` follows no incident until someone links
    it (the automatic linker does not link it again); recorded as a revision.  Returns the step."""
    store = open(db, create=False)
    try:
        return store.unlink_incident(judicial, author=by, reason=reason)
    finally:
        store.close()
