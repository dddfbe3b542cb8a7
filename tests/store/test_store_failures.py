"""Reports stored as failed, on SQLite and PostgreSQL: what is kept, what is rolled back, retries,
and the migration that added them."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

import vigil
from vigil.faults import InjectedFault, ReportFault
from vigil.store import Store
from vigil.store.connect import create_store_engine
from vigil.store.migrate import alembic_config, current_revision, head_revision

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "faults"
MARKER = "Ibrahim Hyderi"  # in b_grenade.txt only


def fault_for(document, stage="extraction") -> ReportFault:
    try:
        raise InjectedFault("a bug")
    except InjectedFault as error:
        return ReportFault.from_error(document, error, stage)


def rows_of(store: Store, document_id: str) -> dict[str, int]:
    snapshot = store.snapshot()
    return {table: sum(1 for row in rows if document_id in (row.get("document_id"), row.get("id")))
            for table, rows in snapshot.items() if table in ("incidents", "claims", "sentences", "documents")}


def test_a_failed_report_keeps_its_text_and_nothing_else_until_it_is_stored_again(store, reports):
    van = reports.document("van", reports.POLICE_VAN_REPORT, source="van.txt")
    assert store.record_failure(fault_for(van)) is True

    [row] = store.failed_documents()
    assert {k: row[k] for k in ("id", "source", "stage", "error", "message")} == \
        {"id": "van", "source": "van.txt", "stage": "extraction", "error": "InjectedFault", "message": "a bug"}
    assert row["version"] == vigil.__version__ and row["failed_at"] and "InjectedFault" in row["traceback"]
    assert store.document("van").text == reports.POLICE_VAN_REPORT
    assert not store.has_content(van.content_hash)  # so ingesting it again runs it again
    assert rows_of(store, "van") == {"documents": 1, "sentences": 0, "incidents": 0, "claims": 0}

    sentence = "Two police constables were shot dead and a third was wounded on Tuesday morning " \
               "when men on motorcycles opened fire on a patrol van near the fish market in Lyari, officials said."
    incident = reports.incident(van, sentence)
    claim = reports.claim(van, sentence, 2, "police constables")
    result = store.add_report(van, reports.sentences(van), [incident], [claim])
    assert (result.status, result.incidents_added) == ("added", 1)
    assert store.failed_documents() == []
    assert store.has_content(van.content_hash)
    assert store.add_report(van, reports.sentences(van), [incident], [claim]).status == "unchanged"


def test_a_changed_report_that_fails_replaces_what_its_old_text_gave(store, reports):
    van = reports.document("van", reports.POLICE_VAN_REPORT)
    sentence = reports.POLICE_VAN_REPORT.split(". ")[0] + "."
    store.add_report(van, reports.sentences(van), [reports.incident(van, sentence)], [])
    edited = reports.document("van", reports.POLICE_VAN_RERUN)
    assert store.record_failure(fault_for(edited, "nlp")) is True
    assert rows_of(store, "van") == {"documents": 1, "sentences": 0, "incidents": 0, "claims": 0}
    assert store.merged_incidents() == []
    assert store.document("van").text == reports.POLICE_VAN_RERUN
    assert [r["stage"] for r in store.failed_documents()] == ["nlp"]

    # The same text under another id: not stored twice.
    copy = reports.document("copy", reports.POLICE_VAN_RERUN)
    assert store.record_failure(fault_for(copy)) is False
    assert [r["id"] for r in store.failed_documents()] == ["van"]
    # ... but stored in full under that id, it is the failed one's retry: the failed copy goes.
    assert store.add_report(copy, reports.sentences(copy), [], []).status == "added"
    assert store.failed_documents() == [] and store.document("van") is None


def test_removing_a_failed_report_removes_its_failure(store, reports):
    school = reports.document("school", reports.SCHOOL_REPORT)
    store.record_failure(fault_for(school))
    store.remove_document("school", author="test")
    assert store.failed_documents() == [] and store.document("school") is None


@pytest.mark.parametrize("stage", ["storing", "merging"])
def test_ingest_isolates_a_bug_in_storing_or_merging_and_retries_it(db_url, monkeypatch, stage):
    monkeypatch.setenv("VIGIL_FAULT", f"{stage}:{MARKER}")
    seen = []
    summary = vigil.ingest([str(REPORTS)], db=db_url, on_failure=seen.append)
    assert (summary.added, len(summary.failures)) == (2, 1)
    [failure] = seen
    assert failure.source.endswith("b_grenade.txt") and failure.fault.stage == stage
    assert "stored as failed" in failure.problem

    with Store.open(db_url) as store:
        # Its transaction wrote incidents and claims before the fault: all rolled back.
        assert rows_of(store, "b_grenade.txt") == {"documents": 1, "sentences": 0, "incidents": 0, "claims": 0}
        assert [r["id"] for r in store.failed_documents()] == ["b_grenade.txt"]
        assert all(store.incidents(document=d) for d in ("a_constable.txt", "c_bombing.txt"))

    # Ingesting the same reports again runs the failed one again (it is not "unchanged").
    again = vigil.ingest([str(REPORTS)], db=db_url)
    assert (again.unchanged, again.added, len(again.failures)) == (2, 0, 1)

    monkeypatch.delenv("VIGIL_FAULT")
    retried = vigil.ingest(db=db_url, retry_failed=True)
    assert (retried.added, retried.failures) == (1, [])
    with Store.open(db_url) as store:
        assert store.failed_documents() == [] and store.incidents(document="b_grenade.txt")
        assert len(store.documents()) == 3


def test_database_made_before_failures_existed_is_migrated(db_url, reports):
    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    engine.dispose()

    with Store.open(db_url) as store:
        school = reports.document("school", reports.SCHOOL_REPORT)
        store.record_failure(fault_for(school))
        assert [r["id"] for r in store.failed_documents()] == ["school"]
    engine = create_store_engine(db_url)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert "failures" in inspect(connection).get_table_names()
    engine.dispose()
