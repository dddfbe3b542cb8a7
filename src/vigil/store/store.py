"""The Store: the one place Vigil's state lives (SQLite by default, PostgreSQL for a team).

Each report is written in one transaction: its document, sentences, near-duplicate signature,
incidents with their evidence, and claims, or nothing at all.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator, Optional

from sqlalchemy import and_, delete, func, insert, or_, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from vigil.faults import ReportFault, inject_fault, stage
from vigil.model import Claim, Document, Incident, Sentence
from vigil.store import cases, changes, clusters, decisions, schema
from vigil.store.connect import (DEFAULT_URL, WRITING, is_busy, create_store_engine, display_url, error_line, is_missing_database,
                                 parse_url)
from vigil.store.errors import DatabaseMissing, StoreBusy, StoreError
from vigil.store import facets
from vigil.store.facets import DEFAULT_PLACE_LEVEL
from vigil.store.filters import (
    CLAIM_FILTERS,
    INCIDENT_FILTERS,
    SORTS,
    check_filters,
    claim_filter,
    incident_conditions,
    merged_conditions,
    place_sort_key,
    record_filter,
)
from vigil.store.results import IncidentList
from vigil.store.migrate import is_at_head, is_migration_error, upgrade_to_head
from vigil.store.nearduplicates import THRESHOLD, Signature
from vigil.store.rows import claim_values, document_from_row, document_values, evidence_values, incident_values
from vigil.store.schema import (
    claims,
    document_bands,
    document_minhash,
    documents,
    failures,
    incident_evidence,
    incident_members,
    incidents,
    merge_constraints,
    revisions,
    sentences,
)
from vigil.store.search import search_documents as _search_documents
from vigil.store.tally import tally as _tally
from vigil.store.tally import _check_groups, tally_merged
from vigil.store.validate import check_report

# Listing documents leaves out the bulky columns.
_METADATA_COLUMNS = [c for c in documents.c if c.name not in ("text", "cues")]


@dataclass
class AddResult:
    """What add_report did with one report.

    status: "added" (new report), "replaced" (same id, changed text: old rows replaced),
    "unchanged" (this exact text is already stored; document_id is the id it is stored under,
    which may differ from the id passed in; nothing is written),
    "near_duplicate" (stored with its sentences, linked to ``duplicate_of``, incidents and
    claims left out so they are not counted twice).
    """

    status: str
    document_id: str
    duplicate_of: Optional[str] = None
    similarity: Optional[float] = None
    incidents_added: int = 0
    claims_added: int = 0


@dataclass
class _Match:
    document_id: str
    similarity: float


def timestamp() -> str:
    """Now, as the store writes its times (``ingested_at``, ``created_at``, ...): UTC, whole seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_now = timestamp


# Opening a database another process is creating: tries, and the wait before each retry grows.
OPEN_ATTEMPTS = 5
OPEN_RETRY_S = 0.5


class Store:
    def __init__(self, engine: Engine, url: str):
        self._engine = engine
        self.url = url  # for messages; password hidden
        # Merge each report's incidents into cross-report incidents as it is stored (vigil.resolve).
        self.merge = True

    # ------------------------------------------------------------------ opening

    @staticmethod
    def _migrate(engine: Engine) -> None:
        """Bring the schema to the newest revision, creating it in a new database. Two processes
        opening one new SQLite file at once can find it locked where the busy timeout does not
        apply (while the first sets up its journal): the open is tried again, a few times."""
        for attempt in range(OPEN_ATTEMPTS):
            try:
                with engine.connect() as connection, connection.begin():
                    current = is_at_head(connection)
                if not current:  # create or migrate under the write lock: other processes may be starting too
                    with engine.connect() as connection:
                        connection.execution_options(**WRITING)
                        with connection.begin():
                            upgrade_to_head(connection)
                return
            except SQLAlchemyError as error:
                if not is_busy(error) or attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(OPEN_RETRY_S * (attempt + 1))

    @classmethod
    def open(cls, url: str = DEFAULT_URL, *, create: bool = True) -> "Store":
        """Open (creating and migrating to the newest schema if needed) the database at ``url``
        (a SQLAlchemy URL or a SQLite file path).  With ``create=False`` a SQLite file that does
        not exist is a DatabaseMissing error and nothing is created."""
        if not create and is_missing_database(url):
            raise DatabaseMissing(f"no database at {display_url(parse_url(url))} "
                                  "(vigil ingest creates one; check --db)")
        engine = create_store_engine(url, reading=not create)
        shown = display_url(parse_url(url))
        try:
            cls._migrate(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(f"cannot open database {shown}: {error_line(error)}") from None
        except Exception as error:
            engine.dispose()
            if not is_migration_error(error):
                raise
            # Usually a database written by a newer Vigil, whose revision this one does not know.
            raise StoreError(f"cannot migrate database {shown}: {error} (made by a newer Vigil?)") from None
        store = cls(engine, shown)
        store.merge_unplaced()
        store.link_cases()
        store.refresh_facets()
        return store

    def link_cases(self) -> int:
        """Link the judicial steps not looked at yet (stored before cases existed) to the
        incidents they follow, and give merged incidents written before then their case fields;
        returns how many steps and incidents that was."""
        with self._transaction("look for unlinked judicial steps") as connection:  # readers never wait
            if not (cases.pending_steps(connection, limit=1) or cases.stale_merged(connection, limit=1)):
                return 0
        with self._transaction("link judicial steps", write=True) as connection:
            return cases.link_pending(connection)

    def refresh_facets(self) -> int:
        """Recompute the place, target and perpetrator lists of merged incidents written before
        they had their present form (vigil.store.facets); returns how many rows that was."""
        merged = schema.merged_incidents
        stale = ~merged.c.places.like(f"|{facets.FACETS_VERSION}|%")
        with self._transaction("look for stale merged incidents") as connection:  # readers never wait
            if connection.execute(select(merged.c.id).where(stale).limit(1)).first() is None:
                return 0
        with self._transaction("refresh merged incidents", write=True) as connection:
            rows = connection.execute(select(merged.c.id, merged.c.data).where(stale)).all()
            for merged_id, data in rows:
                connection.execute(update(merged).where(merged.c.id == merged_id).values(**facets.record_marks(data)))
        return len(rows)

    def merge_unplaced(self) -> int:
        """Merge mentions that belong to no merged incident yet (stored before merging existed,
        or with ``merge`` off); returns how many reports that touched."""
        with self._transaction("look for unmerged incidents") as connection:  # readers never wait
            if not clusters.unplaced_documents(connection):
                return 0
        with self._transaction("merge stored incidents", write=True) as connection:
            pending = clusters.unplaced_documents(connection)
            for document_id in pending:
                clusters.place_document(connection, document_id)
        return len(pending)

    def recluster(self) -> int:
        """Draw every link again and re-cluster every stored mention, as after a change to how
        mentions are compared; analysts' merges and splits (kept as constraints) still hold.
        Returns how many reports were placed again."""
        with self._transaction("re-cluster incidents", write=True) as connection:
            mentions = list(connection.execute(select(incidents.c.id).order_by(incidents.c.id)).scalars())
            for start in range(0, len(mentions), 500):
                chunk = mentions[start:start + 500]
                connection.execute(delete(schema.mention_keys).where(schema.mention_keys.c.mention_id.in_(chunk)))
                connection.execute(delete(schema.case_links).where(schema.case_links.c.judicial_id.in_(chunk)))
                connection.execute(delete(schema.incident_links).where(or_(
                    schema.incident_links.c.mention_a.in_(chunk), schema.incident_links.c.mention_b.in_(chunk))))
                connection.execute(delete(incident_members).where(incident_members.c.mention_id.in_(chunk)))
            connection.execute(delete(schema.merged_incidents))
            pending = clusters.unplaced_documents(connection)
            for document_id in pending:
                clusters.place_document(connection, document_id)
        return len(pending)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def transaction(self, action: str, *, write: bool = False, snapshot: bool = False):
        """One transaction on the store's database, for the features that keep their own tables
        beside the reports (vigil.watch, vigil.alerts, vigil.store.copy); ``action`` names it in
        errors ("cannot ACTION in URL: ..."), ``write`` takes the write lock at its start,
        ``snapshot``: every statement sees the database as the first did (PostgreSQL's
        REPEATABLE READ; a SQLite transaction always does)."""
        return self._transaction(action, write=write, snapshot=snapshot)

    @contextmanager
    def _transaction(self, action: str, *, write: bool = False, snapshot: bool = False) -> Iterator[Connection]:
        """One transaction.  ``write``: it will write, so it takes the database's write lock at
        its start (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), waiting up to the
        busy timeout for another writer, rather than failing half-way when a read turns into a
        write (vigil.store.connect.begin_writing)."""
        try:
            with self._engine.connect() as connection:
                if write:
                    connection.execution_options(**WRITING)
                if snapshot and connection.dialect.name == "postgresql":
                    connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    yield connection
                    if write:
                        changes.prune(connection)
        except SQLAlchemyError as error:
            kind = StoreBusy if is_busy(error) else StoreError
            raise kind(f"cannot {action} in {self.url}: {error_line(error)}") from None

    # ------------------------------------------------------------------ writing

    def add_report(
        self,
        document: Document,
        sentences: list[Sentence],
        incidents: list[Incident],
        claims: list[Claim],
        *,
        merge: Optional[bool] = None,
    ) -> AddResult:
        """Store one report and what was extracted from it, in one transaction; its incidents join
        the merged incidents they tell (``merge``, default ``self.merge``).  A report stored as
        failed (``record_failure``) is stored again in full and its failure cleared ("added")."""
        merge = self.merge if merge is None else merge
        check_report(document, sentences, incidents, claims)
        signature = Signature.of_text(document.text)
        with self._transaction(f"store report {document.id!r}", write=True) as connection:
            stored_as = connection.execute(
                select(documents.c.id).where(documents.c.content_hash == document.content_hash)
            ).scalar()
            if stored_as is not None and not (_is_failed(connection, stored_as)
                                              and _drop_failed_copy(connection, stored_as, document.id)):
                return AddResult("unchanged", stored_as)
            replacing = connection.execute(
                select(documents.c.id).where(documents.c.id == document.id)
            ).first() is not None
            retrying = replacing and _is_failed(connection, document.id)
            left_behind: set[str] = set()
            if replacing:
                left_behind = _delete_report_rows(connection, document.id)
            match = _find_near_duplicate(connection, signature, document.id) if signature else None

            values = document_values(document)
            values.update(
                duplicate_of=match.document_id if match else None,
                duplicate_similarity=match.similarity if match else None,
                ingested_at=_now(),
            )
            if replacing:
                connection.execute(update(documents).where(documents.c.id == document.id).values(**values))
            else:
                connection.execute(insert(documents).values(**values))
            _insert(connection, schema.sentences, [
                {"document_id": document.id, "idx": i, "start": s.start, "end": s.end}
                for i, s in enumerate(sentences)
            ])
            if signature is not None:
                connection.execute(insert(document_minhash).values(
                    document_id=document.id, signature=signature.to_bytes()))
                _insert(connection, document_bands, [
                    {"document_id": document.id, "band": band, "hash": value}
                    for band, value in signature.bands()
                ])
            if match is not None:
                clusters.rebuild(connection, left_behind)
                return AddResult("near_duplicate", document.id, match.document_id, match.similarity)

            _insert(connection, schema.incidents, [incident_values(i, document.id) for i in incidents])
            _insert(connection, incident_evidence,
                    [row for i in incidents for row in evidence_values(i, document)])
            _insert(connection, schema.claims, [claim_values(c, document.id) for c in claims])
            inject_fault("storing", document.text)  # after rows are written: the rollback is tested
            with stage("merging"):
                inject_fault("merging", document.text)
                if merge:
                    clusters.attach(connection, incidents, document.id, document.text, left_behind)
                else:
                    clusters.rebuild(connection, left_behind)
            return AddResult("replaced" if replacing and not retrying else "added", document.id,
                             incidents_added=len(incidents), claims_added=len(claims))

    def record_failure(self, fault: ReportFault) -> bool:
        """Store ``fault.document`` as failed: its documents row (the cleaned text, so it can be
        retried) and a failures row with the stage, error, message and Vigil version; nothing
        is extracted from it.  A report stored before under the same id with another text
        loses what was extracted from that text (its evidence pointed into text no longer
        kept), as replacing it would.  Returns False, storing nothing, when the same text is
        already stored under another id."""
        document = fault.document
        with self._transaction(f"store report {document.id!r} as failed", write=True) as connection:
            stored_as = connection.execute(
                select(documents.c.id).where(documents.c.content_hash == document.content_hash)
            ).scalar()
            if stored_as is not None and stored_as != document.id:
                return False
            values = document_values(document)
            values.update(duplicate_of=None, duplicate_similarity=None, ingested_at=_now())
            if connection.execute(select(documents.c.id).where(documents.c.id == document.id)).first():
                clusters.rebuild(connection, _delete_report_rows(connection, document.id))
                connection.execute(update(documents).where(documents.c.id == document.id).values(**values))
            else:
                connection.execute(insert(documents).values(**values))
            connection.execute(insert(failures).values(
                document_id=document.id, stage=fault.stage, error=fault.error, message=fault.message,
                version=fault.version, traceback=fault.traceback, failed_at=fault.failed_at))
        return True

    # ------------------------------------------------------------------ reading

    def has_content(self, content_hash: str) -> bool:
        """Whether a report with this cleaned-text hash is stored (so its NLP can be skipped);
        a report stored as failed is not: ingesting it again runs it again."""
        with self._transaction("look up content") as connection:
            return connection.execute(
                select(documents.c.id).where(documents.c.content_hash == content_hash)
                .where(documents.c.id.not_in(select(failures.c.document_id))).limit(1)
            ).first() is not None

    def failed_documents(self) -> list[dict[str, Any]]:
        """Reports stored as failed, by id: id, source, stage, error (class name), message,
        version (Vigil's, when it failed), failed_at and traceback.  ``document(id)`` gives each
        one's stored text; ``vigil.ingest(retry_failed=True)`` runs them again."""
        statement = (select(documents.c.id, documents.c.source, failures.c.stage, failures.c.error,
                            failures.c.message, failures.c.version, failures.c.failed_at, failures.c.traceback)
                     .join(failures, failures.c.document_id == documents.c.id).order_by(documents.c.id))
        with self._transaction("list failed reports") as connection:
            return [dict(row) for row in connection.execute(statement).mappings()]

    def documents(self, limit: Optional[int] = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stored reports' metadata (no text or cues), ordered by id."""
        statement = select(*_METADATA_COLUMNS).order_by(documents.c.id)
        statement = _paginate(statement, limit, offset)
        with self._transaction("list documents") as connection:
            return [dict(row) for row in connection.execute(statement).mappings()]

    def document(self, id: str) -> Optional[Document]:
        row = self.document_row(id)
        return document_from_row(row) if row else None

    def document_row(self, id: str) -> Optional[dict[str, Any]]:
        """The full documents row, with duplicate_of, content_hash, word_count and ingested_at."""
        with self._transaction(f"read document {id!r}") as connection:
            row = connection.execute(select(documents).where(documents.c.id == id)).mappings().first()
        return dict(row) if row else None

    def incidents(
        self,
        *,
        sort: str = "date",
        desc: bool = False,
        limit: Optional[int] = None,
        offset: int = 0,
        as_dicts: bool = False,
        **filters: Any,
    ) -> IncidentList:
        """Each report's own incidents (not merged), as ``Incident`` records in an IncidentList
        (``.to_dataframe()``).  Filters (vigil.store.filters): since/until (date ranges overlap),
        event_type, sub_event_type, target (category), perpetrator (any alias of a known actor,
        else part of a name), place (and everything inside it), text (every word in the
        evidence), status, min_fatalities (best >= N), document.  ``sort``: date (undated last),
        fatalities (best; unknown last) or place (by name; none last); ``desc`` reverses.
        ``as_dicts``: the stored contract dicts instead of records (building the records costs
        ~0.3 ms each, most of an export of 100,000)."""
        filters = check_filters(filters, "list incidents")
        _check_sort(sort)
        accepts = record_filter(**filters)
        statement = select(incidents.c.data).where(*incident_conditions(**filters))
        statement = statement.order_by(*_order(incidents, sort, desc))
        if accepts is None and sort != "place":
            statement = _paginate(statement, limit, offset)
        with self._transaction("list incidents") as connection:
            records = list(connection.execute(statement).scalars())
        if accepts is not None or sort == "place":
            records = [r for r in records if accepts is None or accepts(r)]
            if sort == "place":
                records.sort(key=lambda r: place_sort_key(facets.place_marks(r.get("location"))))
                if desc:
                    records = _reverse_known(records, lambda r: place_sort_key(facets.place_marks(r.get("location"))))
            records = _paginate_list(records, limit, offset)
        return IncidentList(records if as_dicts else (Incident.from_dict(data) for data in records))

    def claims(self, *, document: Optional[str] = None, **filters: Any) -> list[Claim]:
        """Stated figures, by report then id.  Filters: document, quantity (its words),
        place (the place or one inside it), kind, since/until (the claim's period overlaps)."""
        filters = check_filters(filters, "list claims", CLAIM_FILTERS)
        statement = select(claims.c.data).order_by(claims.c.document_id, claims.c.id)
        if document is not None:
            statement = statement.where(claims.c.document_id == document)
        if filters.get("kind"):
            statement = statement.where(claims.c.kind == filters["kind"])
        with self._transaction("list claims") as connection:
            found = [Claim.from_dict(data) for data in connection.execute(statement).scalars()]
        accepts = claim_filter(**filters)
        return found if accepts is None else [c for c in found if accepts(c)]

    def conflicts(self, *, document: Optional[str] = None, **filters: Any) -> list[dict[str, Any]]:
        """Figures that disagree across the stored reports (same quantity, place and period),
        each value with its evidence, and the explanation the texts give.  Filters are those of
        ``claims``; ``document`` keeps the disagreements a report takes part in."""
        from vigil.resolve.claims import find_conflicts

        found = find_conflicts(self.claims(**filters))
        if document is not None:
            found = [c for c in found
                     if any(e["document"] == document for v in c["values"] for e in v["evidence"])]
        return found

    def disagreements(self, *, document: Optional[str] = None, **filters: Any) -> list[dict[str, Any]]:
        """Everything the reports disagree on (vigil.resolve.disagreements): conflicting stated
        figures, then merged incidents whose reports give different tolls, dates, places, types
        or claims.  Filters are those of ``claims``; ``quantity`` and ``kind`` (other than
        "count") keep only stated figures, ``place`` and ``since``/``until`` select incidents as
        ``merged_incidents`` does; ``document`` keeps what that report takes part in."""
        from vigil.resolve.disagreements import find_disagreements

        conflicts = self.conflicts(document=document, **filters)
        incidents: list[dict[str, Any]] = []
        if not filters.get("quantity") and filters.get("kind") in (None, "count"):
            wanted = {k: filters[k] for k in ("place", "since", "until") if filters.get(k) is not None}
            if document is not None:
                wanted["document"] = document
            incidents = list(self.merged_incidents(sort="date", **wanted))
        return find_disagreements(conflicts, incidents)

    def tally(self, by: list[str], **filters: Any) -> list[dict[str, Any]]:
        """Each report's own incidents (not merged: see ``merged_tally``) counted, and their
        figures summed, grouped by ``by`` (month, year, type, sub-type, outlet).

        Each row has the group keys, ``incidents``, ``fatalities_low/best/high`` and
        ``injured_low/best/high`` (sums of the known values; None when none is known) and
        ``fatalities_known`` / ``injured_known`` (how many incidents state that figure).
        Filters: since, until, event_type, text, document.
        """
        allowed = {"since", "until", "event_type", "text", "document"}
        unknown = sorted(set(filters) - allowed)
        if unknown:
            raise StoreError(f"cannot tally: unknown filter {unknown[0]!r} (use {', '.join(sorted(allowed))})")
        with self._transaction("tally incidents") as connection:
            return _tally(connection, by, filters)

    # ------------------------------------------------------------------ merged incidents

    MERGED_FILTERS = INCIDENT_FILTERS

    def merged_incidents(self, *, sort: str = "date", desc: bool = False, limit: Optional[int] = None,
                         offset: int = 0, **filters: Any) -> IncidentList:
        """Incidents merged across reports (contract-shaped dicts with ``reports``, ``conflicts``
        and ``mentions``) in an IncidentList; the filters and ``sort`` of ``incidents``."""
        filters = check_filters(filters, "list incidents")
        _check_sort(sort)
        merged = schema.merged_incidents
        with self._transaction("list merged incidents") as connection:
            conditions = merged_conditions(**filters, connection=connection)
            if sort != "place":
                return IncidentList(data for (data,) in _page_of_records(
                    connection, conditions, _order(merged, sort, desc), limit, offset))
            # By place name: the lists are sorted here, then the page's records read.
            keyed = [(place_sort_key(row.places), row.date_start or "9999", row.id) for row in connection.execute(
                select(merged.c.id, merged.c.places, merged.c.date_start).where(*conditions))]
            keyed.sort()
            if desc:
                keyed = _reverse_known(keyed, lambda k: k[0])
            page = [k[2] for k in _paginate_list(keyed, limit, offset)]
            data = {}
            for start in range(0, len(page), 500):
                data.update(connection.execute(select(merged.c.id, merged.c.data)
                                               .where(merged.c.id.in_(page[start:start + 500]))).all())
            return IncidentList(data[i] for i in page)

    def count_merged_incidents(self, **filters: Any) -> int:
        """How many merged incidents ``merged_incidents`` gives with these filters."""
        filters = check_filters(filters, "count incidents")
        with self._transaction("count merged incidents") as connection:
            conditions = merged_conditions(**filters, connection=connection)
            return connection.execute(select(func.count()).select_from(schema.merged_incidents)
                                      .where(*conditions)).scalar_one()

    def merged_incident(self, id: str) -> Optional[dict[str, Any]]:
        """One merged incident by its id, or the one a mention (a report's incident) belongs to."""
        merged = schema.merged_incidents
        with self._transaction(f"read incident {id!r}") as connection:
            data = connection.execute(select(merged.c.data).where(merged.c.id == id)).scalar()
            if data is None:
                data = connection.execute(
                    select(merged.c.data).join(incident_members, incident_members.c.merged_id == merged.c.id)
                    .where(incident_members.c.mention_id == id)).scalar()
        return data

    def merged_tally(self, by: list[str], *, level: str = DEFAULT_PLACE_LEVEL, **filters: Any) -> list[dict[str, Any]]:
        """Counts of merged incidents (an incident told by many reports counts once) and sums of
        fatalities and injured (low/best/high; None when no incident states them) grouped by
        ``by``: month, year, type, sub-type, case-stage, target, perpetrator (canonical names), place (at
        ``level``: neighbourhood, town, district, city, province, country; an incident placed
        only more coarsely counts under the place it has), outlet.  The filters of ``incidents``.
        One key of a dashboard's (or none) with filters reading nothing but the incidents' own
        columns is summed from the stored counts (vigil.store.running.stored_tally), the
        same rows from a fifth as many groups as incidents."""
        from vigil.store import running

        filters = check_filters(filters, "tally incidents")
        by = [by] if isinstance(by, str) else list(by)
        _check_groups(by, level)
        with self._transaction("tally merged incidents") as connection:
            rows = running.stored_tally(connection, by, filters, level)
            return rows if rows is not None else tally_merged(connection, by, filters, level)

    def refresh_statistics(self) -> None:
        """Let the database's query planner see how the tables are filled (ANALYZE), so that it
        reads the covering indexes rather than the rows: a server calls it when it starts.  A
        database this process may only read is left as it is.  Not sampled on SQLite: a sample
        estimates each index's rows apart (226,800 for one, 94,080 for the table's key at
        100,000 incidents), and so misled the planner reads every row with its JSON rather than
        the desk's index (three times slower); the whole table takes 0.1 s at 100,000.
        On PostgreSQL the tables the desk counts and looks incidents up in are analyzed too, and
        vacuumed first when most of their pages are not yet marked all-visible (a bulk import on a
        server whose autovacuum is off or has not come round yet): until then every count reads
        the rows rather than an index (``PG_DESK_TABLES``)."""
        try:
            with self._transaction("refresh the query planner's statistics", write=True) as connection:
                if connection.dialect.name == "sqlite":
                    connection.exec_driver_sql("PRAGMA analysis_limit=0")
                    connection.exec_driver_sql("ANALYZE merged_incidents")
                    return
                thin = _thinly_visible(connection, PG_DESK_TABLES)
                for table in PG_DESK_TABLES:
                    if table not in thin:
                        connection.exec_driver_sql(f"ANALYZE {table}")
        except StoreError:
            return
        if thin:
            self._vacuum(thin)

    def _vacuum(self, tables: list[str]) -> None:
        """VACUUM (ANALYZE) these PostgreSQL tables (outside a transaction, as VACUUM must be); a
        table this role may not vacuum is left as it is."""
        try:
            with self._engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                for table in tables:
                    connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
        except SQLAlchemyError:
            pass

    def fingerprint(self) -> tuple:
        """A value that changes when reports are added or removed, incidents merged or split, or
        a decision recorded, or any merged incident written (for caches of what is counted from
        them; index-only counts and the change log's newest number)."""
        with self._transaction("read the store's fingerprint") as connection:
            return tuple(connection.execute(select(
                select(func.count()).select_from(documents).scalar_subquery(),
                select(func.count()).select_from(schema.merged_incidents).scalar_subquery(),
                select(func.max(revisions.c.id)).scalar_subquery(),
                select(func.max(changes.merged_changes.c.seq)).scalar_subquery(),
            )).one())

    def revisions(self, entity_id: Optional[str] = None) -> list[dict[str, Any]]:
        """Analysts' recorded decisions, oldest first: all, or those about one entity.  For a
        merged incident (or one of its mentions) that is its whole history: the merges and
        splits that shaped it and every review decision made on it, under whatever id the
        incident had then.  Each is a dict with id, entity, entity_id, field, old_value,
        new_value, author, reason and created_at."""
        statement = select(revisions).order_by(revisions.c.id)
        with self._transaction("list revisions") as connection:
            if entity_id is not None:
                related = _incident_revisions(connection, entity_id)
                condition = revisions.c.entity_id == entity_id
                statement = statement.where(or_(condition, revisions.c.id.in_(sorted(related))) if related else condition)
            return [dict(row) for row in connection.execute(statement).mappings()]

    # ------------------------------------------------------------------ analysts' review

    def confirm_incident(self, id: str, *, author: str, reason: Optional[str] = None) -> dict[str, Any]:
        """Confirm a merged incident (by its id or a mention's): status confirmed.  Returns the
        incident as it now stands."""
        return self._review(id, "confirm", author=author, reason=reason)

    def edit_incident(self, id: str, field: str, value: Any, *, author: str, reason: str) -> dict[str, Any]:
        """Set one field of a merged incident by hand (vigil.review.edits: event_type,
        sub_event_type, date, place, fatalities and the other tolls, perpetrator, target) with a
        reason: status edited, the field listed in ``edited`` and signed in ``edits``.  Raises
        EditError for a field or value that cannot be used.  Returns the incident."""
        from vigil.review.edits import parse_edit

        field, parsed = parse_edit(field, value)  # before the write lock: the gazetteer may load
        return self._review(id, "edit", author=author, reason=reason, field=field, value=parsed)

    def reject_incident(self, id: str, *, author: str, reason: str) -> dict[str, Any]:
        """Reject a merged incident with a reason: kept, but left out of lists, tallies, exports
        and reports unless status "rejected" (or "all") is asked for.  Returns the incident."""
        return self._review(id, "reject", author=author, reason=reason)

    def restore_incident(self, id: str, *, author: str, reason: Optional[str] = None) -> dict[str, Any]:
        """Undo the rejection of a merged incident: it takes back the status it had before
        (confirmed, edited or as extracted).  Returns the incident."""
        return self._review(id, "restore", author=author, reason=reason)

    def revert_edit(self, id: str, field: str, *, author: str, reason: str) -> dict[str, Any]:
        """Take back the edits of one field of a merged incident, with a reason: the field has the
        machine's value again (an event type and its sub-type go back together), and the status
        is that of the latest decision still standing (the machine's when none is).  Recorded as a
        revision of that field.  Raises EditError for an unknown field, StoreError for a field
        nobody edited.  Returns the incident."""
        from vigil.review.edits import field_name

        return self._review(id, "revert", author=author, reason=reason, field=field_name(field, "revert"))

    def _review(self, id: str, action: str, *, author: str, reason: Optional[str],
                field: Optional[str] = None, value: Any = None) -> dict[str, Any]:
        from vigil.review.apply import STATUS_OF_ACTION
        from vigil.review.edits import TYPE_FIELDS, settle

        if not author:
            raise StoreError("an analyst's decision needs an author (--by NAME)")
        if action in ("edit", "reject", "revert") and not (reason or "").strip():
            raise StoreError(f"cannot {action} incident {id!r}: give the reason for the record (--reason)")
        merged = schema.merged_incidents
        with self._transaction(f"{action} incident {id!r}", write=True) as connection:
            members, merged_id = _members(connection, id)
            record = connection.execute(select(merged.c.data).where(merged.c.id == merged_id)).scalar_one()
            _check_status(id, action, record["status"])
            if action == "edit":
                value = settle(field, value, record)
                revision = _record(connection, "incident", merged_id, field, record.get(field), value, author, reason)
            elif action == "revert":
                together = TYPE_FIELDS if field in TYPE_FIELDS else (field,)
                if not set(together) & set(record.get("edited") or []):
                    raise StoreError(f"cannot revert {field} of incident {id!r}: nobody edited it "
                                     f"(edited: {', '.join(record.get('edited') or []) or 'nothing'})")
                revision = _record(connection, "incident", merged_id, field, record.get(field), None, author, reason)
                decisions.deactivate_edits(connection, members, together)
            else:
                revision = _record(connection, "incident", merged_id, "status", record["status"],
                                   STATUS_OF_ACTION.get(action), author, reason)
            if action == "restore":
                decisions.deactivate_rejects(connection, members)
            decisions.record(connection, revision, action, members, author=author, reason=reason, field=field,
                             value=value, active=action not in ("restore", "revert"))
            data = clusters.reapply_decisions(connection, merged_id)
            if action in ("restore", "revert"):
                _set_new_value(connection, revision, data["status"] if action == "restore" else data.get(field))
            return data

    def review_queue(self, limit: Optional[int] = 50, offset: int = 0, **filters: Any) -> IncidentList:
        """Merged incidents waiting for review, most in need first (vigil.store.queue): low
        confidence, then reports that disagree, then newest; edited ones after untouched ones;
        confirmed and rejected ones only when a ``status`` filter asks for them.  Each record
        carries ``need``, why it is where it is.  The filters of ``merged_incidents``."""
        from vigil.store import queue

        filters = check_filters(filters, "list the review queue")
        merged = schema.merged_incidents
        with self._transaction("list the review queue") as connection:
            conditions = queue.queue_conditions(filters, connection)
            rows = _page_of_records(connection, conditions, queue.need_order(), limit, offset, merged.c.disagreements)
        return IncidentList({**data, "need": queue.need(data, disagreements)} for data, disagreements in rows)

    def review_queue_size(self, **filters: Any) -> int:
        """How many merged incidents ``review_queue`` has with these filters (for paging)."""
        from vigil.store import queue

        filters = check_filters(filters, "count the review queue")
        with self._transaction("count the review queue") as connection:
            conditions = queue.queue_conditions(filters, connection)
            return connection.execute(select(func.count()).select_from(schema.merged_incidents)
                                      .where(*conditions)).scalar_one()

    # ------------------------------------------------------------------ analysts' decisions

    def remove_document(self, id: str, *, author: str, reason: Optional[str] = None) -> list[Document]:
        """Delete a report and everything extracted from it; the merged incidents it was part of
        are rebuilt without it (splitting what it alone joined).  Reports stored as its
        near-duplicates lost their original: they are deleted too and returned, so the caller
        can extract and store them again as reports of their own."""
        with self._transaction(f"remove report {id!r}", write=True) as connection:
            if connection.execute(select(documents.c.id).where(documents.c.id == id)).first() is None:
                raise StoreError(f"cannot remove report {id!r}: no such report in {self.url}")
            mentions = list(connection.execute(select(incidents.c.id).where(incidents.c.document_id == id)).scalars())
            merged_before = sorted(set(connection.execute(
                select(incident_members.c.merged_id).where(incident_members.c.document_id == id)).scalars()))
            # Near-duplicates of this report (and of those, in turn) go with it.
            doomed, frontier = [id], [id]
            while frontier:
                frontier = list(connection.execute(
                    select(documents.c.id).where(documents.c.duplicate_of.in_(frontier))).scalars())
                doomed.extend(frontier)
            freed = [document_from_row(connection.execute(select(documents).where(documents.c.id == d))
                                       .mappings().one()) for d in doomed[1:]]
            left_behind: set[str] = set()
            for document_id in doomed:
                left_behind |= _delete_report_rows(connection, document_id)
            for document_id in reversed(doomed):
                connection.execute(delete(documents).where(documents.c.id == document_id))
            clusters.rebuild(connection, left_behind)
            _record(connection, "document", id, "removed",
                    {"mentions": mentions, "merged_incidents": merged_before,
                     "near_duplicates": [d.id for d in freed]}, None, author, reason)
        return freed

    def merge_incidents(self, first: str, second: str, *, author: str, reason: Optional[str] = None) -> dict[str, Any]:
        """Join two merged incidents (or the incidents of two mentions) for good: a must-link that
        re-clustering always honours.  Returns the merged incident."""
        with self._transaction(f"merge incidents {first!r} and {second!r}", write=True) as connection:
            members_a, merged_a = _members(connection, first)
            members_b, merged_b = _members(connection, second)
            if merged_a == merged_b:
                raise StoreError(f"cannot merge {first!r} and {second!r}: they are already one incident")
            everything = sorted(set(members_a) | set(members_b))
            anchor = everything[0]
            revision = _record(connection, "incident", merged_a, "merge",
                               {"incidents": [merged_a, merged_b], "mentions": everything},
                               None, author, reason)
            mentions = set(everything)
            _deactivate(connection, "cannot_link", mentions, mentions)
            _constrain(connection, "must_link", [(anchor, m) for m in everything if m != anchor], revision)
            clusters.rebuild(connection, clusters._closed_pool(connection, mentions))
            new_id = connection.execute(select(incident_members.c.merged_id)
                                        .where(incident_members.c.mention_id == anchor)).scalar()
            _set_new_value(connection, revision, {"incident": new_id})
            return connection.execute(select(schema.merged_incidents.c.data)
                                      .where(schema.merged_incidents.c.id == new_id)).scalar()

    def split_incident(self, id: str, document: str, *, author: str, reason: Optional[str] = None) -> list[dict[str, Any]]:
        """Take one report's mentions out of a merged incident for good: cannot-links between them
        and the rest that re-clustering always honours.  Returns the incidents both sides end in."""
        with self._transaction(f"split incident {id!r}", write=True) as connection:
            members, merged_id = _members(connection, id)
            rows = connection.execute(select(incidents.c.id, incidents.c.document_id)
                                      .where(incidents.c.id.in_(members))).all()
            leaving = sorted(r.id for r in rows if r.document_id == document)
            staying = sorted(r.id for r in rows if r.document_id != document)
            if not leaving:
                raise StoreError(f"cannot split {id!r}: report {document!r} is not part of it")
            if not staying:
                raise StoreError(f"cannot split {id!r}: report {document!r} is all there is to it")
            revision = _record(connection, "incident", merged_id, "split",
                               {"document": document, "mentions": leaving, "rest": staying}, None, author, reason)
            _deactivate(connection, "must_link", set(leaving), set(staying))
            _constrain(connection, "cannot_link", [(a, b) for a in leaving for b in staying], revision)
            clusters.rebuild(connection, clusters._closed_pool(connection, set(members)))
            ids = sorted(set(connection.execute(select(incident_members.c.merged_id)
                                                .where(incident_members.c.mention_id.in_(members))).scalars()))
            _set_new_value(connection, revision, {"incidents": ids})
            return [connection.execute(select(schema.merged_incidents.c.data)
                                       .where(schema.merged_incidents.c.id == i)).scalar() for i in ids]

    def link_incident(self, judicial: str, follows: str, *, author: str, reason: Optional[str] = None) -> dict[str, Any]:
        """Decide for good that a judicial step (a merged incident or one of its mentions: an
        arrest, charge, trial or verdict) follows another incident; the automatic linker never
        undoes it.  Recorded as a revision (field ``follows``).  Returns the step's merged incident."""
        with self._transaction(f"link incident {judicial!r} to {follows!r}", write=True) as connection:
            steps, step_id, step = _judicial_step(connection, judicial, "link")
            members, incident_id = _members(connection, follows)
            if incident_id == step_id:
                raise StoreError(f"cannot link {judicial!r} to itself")
            if _merged_row(connection, incident_id)["event_type"] == cases.JUDICIAL:
                raise StoreError(f"cannot link {judicial!r} to {follows!r}: that is a judicial step too "
                                 "(link a step to the incident its case is about)")
            if step.get("follows") == incident_id:
                raise StoreError(f"{judicial!r} already follows {incident_id!r}")
            revision = _record(connection, "incident", step_id, "follows", {"follows": step.get("follows")},
                               {"follows": incident_id}, author, reason)
            cases.decide(connection, "link", steps, members[0], revision, _now())
            cases.refresh(connection, set(steps) | set(members) | _followed_members(connection, step))
            return _merged_row(connection, _merged_id_of(connection, steps[0]))["data"]

    def unlink_incident(self, judicial: str, *, author: str, reason: Optional[str] = None) -> dict[str, Any]:
        """Decide for good that a judicial step follows no incident the automatic linker finds
        (until an analyst links it).  Recorded as a revision (field ``follows``).  Returns the
        step's merged incident."""
        with self._transaction(f"unlink incident {judicial!r}", write=True) as connection:
            steps, step_id, step = _judicial_step(connection, judicial, "unlink")
            if not step.get("follows"):
                raise StoreError(f"cannot unlink {judicial!r}: it follows no incident")
            revision = _record(connection, "incident", step_id, "follows", {"follows": step.get("follows")},
                               {"follows": None}, author, reason)
            cases.decide(connection, "unlink", steps, None, revision, _now())
            cases.refresh(connection, set(steps) | _followed_members(connection, step))
            return _merged_row(connection, _merged_id_of(connection, steps[0]))["data"]

    def case_timeline(self, id: str) -> dict[str, Any]:
        """The case an incident (or a judicial step of it) is part of: ``incident`` (the merged
        incident the case is about; None for a judicial step that follows none), ``stage`` (how
        far its case went: no arrest, arrest made, charged, tried, acquitted, convicted) and
        ``steps`` (the merged judicial incidents, oldest first; a step that follows nothing is
        its own only step)."""
        with self._transaction(f"read the case of {id!r}") as connection:
            _, merged_id = _members(connection, id)
            record = _merged_row(connection, merged_id)["data"]
            if record["event_type"] == cases.JUDICIAL:
                if not record.get("follows"):
                    return {"incident": None, "stage": None, "steps": [record]}
                record = _merged_row(connection, record["follows"])["data"]
            steps = [_merged_row(connection, f["incident"])["data"] for f in record.get("follow_ups") or []]
            return {"incident": record, "stage": record.get("case_stage"), "steps": steps}

    def counts(self) -> dict[str, int]:
        with self._transaction("count rows") as connection:
            def count(table, *where):
                return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

            return {
                "documents": count(documents),
                "incidents": count(incidents),
                "claims": count(claims),
                "sentences": count(sentences),
                "near_duplicates": count(documents, documents.c.duplicate_of.is_not(None)),
            }

    def search_documents(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """(document id, snippet with [matched] words) for reports containing every query word."""
        with self._transaction("search documents") as connection:
            return _search_documents(connection, query, limit)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table except timestamps, in a fixed order: equal snapshots mean
        equal stored data."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self._transaction("snapshot") as connection:
            for table in schema.metadata.sorted_tables:
                columns = [c for c in table.c if c.name not in schema.TIMESTAMP_COLUMNS]
                rows = connection.execute(select(*columns).order_by(*table.primary_key.columns))
                out[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows.mappings()]
        return out


# ---------------------------------------------------------------------- helpers


def _plain(value: Any) -> Any:
    """Binary columns as hex, so snapshots compare and print the same on both backends."""
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def _insert(connection: Connection, table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)


def _check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise StoreError(f"cannot sort by {sort!r}: choose from {', '.join(SORTS)}")


def _order(table, sort: str, desc: bool) -> list:
    """ORDER BY for a date or fatalities sort; unknown values last either way, then by id."""
    column = table.c.fatalities_best if sort == "fatalities" else table.c.date_start
    ordered = column.desc() if desc else column
    then = [table.c.date_start.is_(None), table.c.date_start] if sort == "fatalities" else []
    return [column.is_(None), ordered, *then, table.c.id]


def _reverse_known(items: list, key) -> list:
    """A list sorted ascending, reversed except that items without a value stay last."""
    known = [i for i in items if not key(i)[0]]
    return known[::-1] + [i for i in items if key(i)[0]]


def _paginate_list(items: list, limit: Optional[int], offset: int) -> list:
    _paginate(select(1), limit, offset)  # the same checks
    return items[offset:] if limit is None else items[offset:offset + limit]


def _paginate(statement, limit: Optional[int], offset: int):
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise StoreError(f"bad limit {limit!r}: expected a non-negative integer")
    if not isinstance(offset, int) or offset < 0:
        raise StoreError(f"bad offset {offset!r}: expected a non-negative integer")
    # SQL's LIMIT and OFFSET are 64-bit integers: a larger one (a 20-digit --limit) means the same
    # as the largest, which no table reaches, rather than an overflow in the driver.
    if limit is not None:
        statement = statement.limit(min(limit, _LARGEST_SQL_INTEGER))
    return statement.offset(min(offset, _LARGEST_SQL_INTEGER)) if offset else statement


_LARGEST_SQL_INTEGER = 2 ** 63 - 1


def _delete_report_rows(connection: Connection, document_id: str) -> set[str]:
    """Remove everything stored from one report except its documents row (others may link to it).
    Returns the other reports' mentions whose merged incidents must be rebuilt."""
    own_incidents = select(incidents.c.id).where(incidents.c.document_id == document_id)
    left_behind = clusters.detach(connection, list(connection.execute(own_incidents).scalars()))
    connection.execute(delete(incident_evidence).where(or_(
        incident_evidence.c.document_id == document_id,
        incident_evidence.c.incident_id.in_(own_incidents),
    )))
    for table in (incidents, claims, sentences, document_bands, document_minhash, failures):
        connection.execute(delete(table).where(table.c.document_id == document_id))
    return left_behind


def _is_failed(connection: Connection, document_id: str) -> bool:
    return connection.execute(select(failures.c.document_id).where(failures.c.document_id == document_id)).first() \
        is not None


def _drop_failed_copy(connection: Connection, failed_id: str, document_id: str) -> bool:
    """A report stored as failed whose text now comes in under ``document_id``: that is its retry,
    so the failed copy goes (unless it is that very report, or a near-duplicate still points at it)."""
    if failed_id == document_id:
        return True
    if connection.execute(select(documents.c.id).where(documents.c.duplicate_of == failed_id)).first():
        return False
    connection.execute(delete(failures).where(failures.c.document_id == failed_id))
    connection.execute(delete(documents).where(documents.c.id == failed_id))
    return True


def _find_near_duplicate(connection: Connection, signature: Signature, document_id: str) -> Optional[_Match]:
    """The stored report most similar to ``signature`` at or above the threshold, if any.

    Reports already linked to ``document_id`` are skipped so a replaced report never ends up
    in a cycle with its own near-duplicates.
    """
    band_match = or_(*[
        and_(document_bands.c.band == band, document_bands.c.hash == value)
        for band, value in signature.bands()
    ])
    candidates = (
        select(documents.c.id, documents.c.duplicate_of, document_minhash.c.signature)
        .join(document_minhash, document_minhash.c.document_id == documents.c.id)
        .where(documents.c.id.in_(select(document_bands.c.document_id).where(band_match)))
        .where(documents.c.id != document_id)
        .where(or_(documents.c.duplicate_of.is_(None), documents.c.duplicate_of != document_id))
    )
    best: Optional[tuple] = None
    for row in connection.execute(candidates):
        similarity = signature.similarity(Signature.from_bytes(bytes(row.signature)))
        if similarity < THRESHOLD:
            continue
        # Most similar first; among equals prefer an original over a copy, then the smaller id.
        key = (-similarity, row.duplicate_of is not None, row.id)
        if best is None or key < best[0]:
            best = (key, _Match(row.id, similarity))
    return best[1] if best else None


# ---------------------------------------------------------------------- analysts' decisions


def _members(connection: Connection, id: str) -> tuple[list[str], str]:
    """The mentions of a merged incident given its id or the id of one of its mentions."""
    merged_id = connection.execute(select(incident_members.c.merged_id).where(or_(
        incident_members.c.merged_id == id, incident_members.c.mention_id == id)).limit(1)).scalar()
    if merged_id is None:
        raise StoreError(f"no incident {id!r}: give a merged incident id (vigil incidents) or a report's incident id")
    members = sorted(connection.execute(select(incident_members.c.mention_id)
                                        .where(incident_members.c.merged_id == merged_id)).scalars())
    return members, merged_id


def _merged_row(connection: Connection, merged_id: str) -> dict[str, Any]:
    row = connection.execute(select(schema.merged_incidents).where(schema.merged_incidents.c.id == merged_id)
                             ).mappings().first()
    if row is None:
        raise StoreError(f"no incident {merged_id!r}")
    return dict(row)


def _merged_id_of(connection: Connection, mention: str) -> str:
    return connection.execute(select(incident_members.c.merged_id).where(incident_members.c.mention_id == mention)).scalar()


def _judicial_step(connection: Connection, id: str, action: str) -> tuple[list[str], str, dict[str, Any]]:
    """(member mentions, merged id, record) of the judicial step ``id`` names; a StoreError when
    it is no judicial step."""
    members, merged_id = _members(connection, id)
    record = _merged_row(connection, merged_id)["data"]
    if record["event_type"] != cases.JUDICIAL:
        raise StoreError(f"cannot {action} {id!r}: it is no judicial step (arrest, charge, trial or verdict) "
                         f"but {record.get('sub_event_type') or record['event_type']}")
    return members, merged_id, record


def _followed_members(connection: Connection, step: dict[str, Any]) -> set[str]:
    """The mentions of the incident a judicial step's record follows now (none: empty)."""
    if not step.get("follows"):
        return set()
    return set(connection.execute(select(incident_members.c.mention_id)
                                  .where(incident_members.c.merged_id == step["follows"])).scalars())


def _record(connection: Connection, entity: str, entity_id: str, field: str, old_value: Any,
            new_value: Any, author: str, reason: Optional[str]) -> int:
    if not author:
        raise StoreError("an analyst's decision needs an author (--by NAME)")
    result = connection.execute(insert(revisions).values(
        entity=entity, entity_id=entity_id, field=field, old_value=old_value, new_value=new_value,
        author=author, reason=reason, created_at=_now()))
    return result.inserted_primary_key[0]


# What the desk counts and pages on PostgreSQL (Store.refresh_statistics): the reports and the
# merged incidents (the store's fingerprint counts them), the tables of place and perpetrator keys
# (the filters look incidents up in them) and the stored counts (a view's first count).
PG_DESK_TABLES = ("documents", "merged_incidents", "merged_places", "merged_perpetrators", "merged_counts")


def _thinly_visible(connection: Connection, tables: tuple[str, ...]) -> list[str]:
    """Those of ``tables`` (PostgreSQL) whose visibility map marks fewer than half their pages
    all-visible: an index-only scan of them still reads most of the rows."""
    rows = connection.execute(text(
        "SELECT c.relname, c.relallvisible, pg_relation_size(c.oid) / current_setting('block_size')::int "
        "FROM pg_class AS c WHERE c.relkind = 'r' AND c.relname = ANY(:names) "
        "AND c.relnamespace = to_regnamespace(current_schema())::oid"), {"names": list(tables)})
    return [name for name, visible, pages in rows if pages and 2 * visible < pages]


def _page_of_records(connection: Connection, conditions: list, order: list, limit: Optional[int], offset: int,
                     *columns, record=None) -> list[tuple]:
    """(data, *columns) of one page of merged incidents.  The page's ids are found first and
    their records read after: sorting whole records makes SQLite carry every record it passes
    through the sort (0.6 s to skip 5,000 of 10,000), where the ids alone come from the narrow
    columns or an index (benchmarks/review_speed.py).  Everything at once is one query.
    ``record``: what is read in place of each whole record (by default its data)."""
    merged = schema.merged_incidents
    record = merged.c.data if record is None else record
    if limit is None and not offset:
        statement = select(record, *columns).where(*conditions).order_by(*order)
        return [tuple(row) for row in connection.execute(_paginate(statement, limit, offset))]
    ids = list(connection.execute(_paginate(select(merged.c.id).where(*conditions).order_by(*order),
                                            limit, offset)).scalars())
    found: dict[str, tuple] = {}
    for start in range(0, len(ids), 500):
        for row in connection.execute(select(merged.c.id, record, *columns)
                                      .where(merged.c.id.in_(ids[start:start + 500]))):
            found[row[0]] = tuple(row[1:])
    return [found[i] for i in ids]


def _check_status(id: str, action: str, status: str) -> None:
    """Refuse a review decision the incident's status does not allow."""
    if action == "restore" and status != "rejected":
        raise StoreError(f"cannot restore incident {id!r}: it is not rejected (its status is {status})")
    if action != "restore" and status == "rejected":
        raise StoreError(f"cannot {action} incident {id!r}: it is rejected (restore it first)")
    if action == "confirm" and status == "confirmed":
        raise StoreError(f"cannot confirm incident {id!r}: it is already confirmed")


def _incident_revisions(connection: Connection, id: str) -> set[int]:
    """The revisions about the merged incident ``id`` (or the one a mention ``id`` is in): its
    merges, splits and review decisions, whatever id it had then; empty for any other id."""
    try:
        members, merged_id = _members(connection, id)
    except StoreError:
        return set()
    c = merge_constraints.c
    found = decisions.history_revisions(connection, members)
    for start in range(0, len(members), 500):
        chunk = members[start:start + 500]
        found.update(connection.execute(select(c.revision_id).where(
            or_(c.mention_a.in_(chunk), c.mention_b.in_(chunk)))).scalars())
    found.update(connection.execute(select(revisions.c.id).where(
        revisions.c.entity == "incident", revisions.c.entity_id == merged_id)).scalars())
    return found


def _set_new_value(connection: Connection, revision: int, value: Any) -> None:
    connection.execute(update(revisions).where(revisions.c.id == revision).values(new_value=value))


def _document_of(connection: Connection, mentions: list[str]) -> dict[str, str]:
    return {r.id: r.document_id for r in connection.execute(
        select(incidents.c.id, incidents.c.document_id).where(incidents.c.id.in_(mentions)))}


def _constrain(connection: Connection, kind: str, pairs: list[tuple[str, str]], revision: int) -> None:
    documents_of = _document_of(connection, sorted({m for pair in pairs for m in pair}))
    rows = [{"kind": kind, "mention_a": a, "mention_b": b, "document_a": documents_of[a],
             "document_b": documents_of[b], "revision_id": revision, "active": True, "created_at": _now()}
            for a, b in pairs]
    _insert(connection, merge_constraints, rows)


def _deactivate(connection: Connection, kind: str, side_a: set[str], side_b: set[str]) -> None:
    """A newer decision supersedes older ones between the same mentions."""
    c = merge_constraints.c
    connection.execute(update(merge_constraints).where(and_(
        c.kind == kind, c.active.is_(True),
        or_(and_(c.mention_a.in_(side_a), c.mention_b.in_(side_b)),
            and_(c.mention_a.in_(side_b), c.mention_b.in_(side_a))),
    )).values(active=False))
