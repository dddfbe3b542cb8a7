"""`vigil db copy`: every table, row and revision from one database into an empty one, SQLite to
SQLite and SQLite to PostgreSQL and back, compared cell by cell; a target that holds anything is
refused and left as it was."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from vigil.alerts.rules import Alert
from vigil.alerts.saved import record_delivery, save_alert
from vigil.cli import app
from vigil.faults import InjectedFault, ReportFault
from vigil.model import Count
from vigil.store import Store, StoreError
from vigil.store.accounts import Accounts
from vigil.store.copy import copy_database
from vigil.store.schema import case_decisions, case_links, incident_links, mention_keys, metadata
from vigil.watch.state import WatchState


def _copy(source: str, target: str, *more: str):
    return CliRunner().invoke(app, ["db", "copy", "--from", source, "--to", target, *more])


def _failure(document) -> ReportFault:
    try:
        raise InjectedFault("a bug on purpose")
    except InjectedFault as error:
        return ReportFault.from_error(document, error, "extraction")


def _fill(url: str, reports) -> None:
    """A database with something in every table: reports, a near-duplicate, incidents merged and
    split by hand (revisions, constraints), a reviewer's edit, the desk's accounts, a failed report,
    watch state and an alert's record."""
    with Store.open(url) as store:
        van = reports.document("van", reports.POLICE_VAN_REPORT, outlet="Harbour Times", url="https://a.example/van")
        sentence = reports.POLICE_VAN_REPORT.split(", officials said.")[0] + ", officials said."
        store.add_report(van, reports.sentences(van),
                         [reports.incident(van, sentence, start="2024-03-05", fatalities=Count(2, 2, 2))],
                         [reports.claim(van, sentence, 2, "police constables")])
        rerun = reports.document("rerun", reports.POLICE_VAN_RERUN, outlet="Indus Wire")
        assert store.add_report(rerun, reports.sentences(rerun), [], []).status == "near_duplicate"
        school = reports.document("school", reports.SCHOOL_REPORT, language="en")
        first = reports.SCHOOL_REPORT.split(". ")[0] + "."
        store.add_report(school, reports.sentences(school),
                         [reports.incident(school, first, event_type="Explosions/Remote violence",
                                           sub_event_type="Grenade", start="2024-02-26")], [])
        merged = store.merge_incidents("van:0", f"school:{reports.SCHOOL_REPORT.index(first)}", author="amna",
                                       reason="one attack")
        store.split_incident(merged["id"], "school", author="amna")
        # A review decision (review_decisions, review_anchors) and the desk's accounts.
        store.edit_incident("van:0", "fatalities", "3", author="amna", reason="a third constable died in hospital")
        accounts = Accounts(store)
        editor = accounts.add_user("amna", "a long enough passphrase", role="editor")
        accounts.open_session(editor)
        accounts.new_token("amna", "scripts")
        accounts.record("sign-in", actor="amna")
        broken = reports.document("broken", "A report that failed in extraction, kept for a retry later on.")
        store.record_failure(_failure(broken))
        state = WatchState(store)
        state.record_poll("https://a.example/feed.xml", "feed", "200", validators=('"v1"', None))
        state.mark_seen("https://a.example/feed.xml", [{"url": "https://a.example/van", "document_id": "van",
                                                        "content_hash": van.content_hash, "status": "added"}])
        save_alert(store, Alert("lyari", {"place": "Lyari", "min_fatalities": 1}, "stdout"))
        school_mention = f"school:{reports.SCHOOL_REPORT.index(first)}"
        with store.transaction("send", write=True) as connection:
            record_delivery(connection, "lyari", "m1", {"van:0": "van"}, '{"fatalities": 2}', None)
            # Rows these hand-made mentions are too plain to get from the resolver.
            connection.execute(insert(incident_links).values(mention_a="van:0", mention_b=school_mention, score=0.25))
            connection.execute(insert(mention_keys).values(key="place:lyari", mention_id="van:0", dated=True))
            connection.execute(insert(case_links).values(judicial_id=school_mention, incident_id="van:0", score=0.8,
                                                         crime_start="2024-03-05", crime_end="2024-03-05"))
            connection.execute(insert(case_decisions).values(
                kind="unlink", judicial_id=school_mention, judicial_document="school", incident_id=None,
                incident_document=None, revision_id=1, active=False, created_at="2024-03-06T09:00:00+00:00"))


def _raw_sqlite(path) -> dict[str, list[tuple]]:
    """Every row of every table as SQLite holds it: timestamps, JSON text, NULLs and all, and
    what full-text search finds."""
    with sqlite3.connect(path) as connection:
        rows = {table.name: connection.execute(
            f'SELECT * FROM "{table.name}" ORDER BY {", ".join(c.name for c in table.primary_key.columns)}').fetchall()
            for table in metadata.sorted_tables}
        rows["documents_fts"] = connection.execute(
            "SELECT document_id, title, text FROM documents_fts ORDER BY document_id").fetchall()
    return rows


@pytest.fixture
def source(tmp_path, reports) -> str:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    _fill(url, reports)
    return url


def test_sqlite_to_sqlite_copies_every_row_exactly(source, tmp_path):
    target = tmp_path / "target.db"
    outcome = _copy(source, f"sqlite:///{target}", "--batch-size", "2")
    assert outcome.exit_code == 0, outcome.stderr
    assert "revisions: 3 rows" in outcome.stderr and "merge_constraints: 2 rows" in outcome.stderr
    raw = _raw_sqlite(source.removeprefix("sqlite:///"))
    assert all(raw[table] for table in raw), [t for t in raw if not raw[t]]  # nothing left empty by the fixture
    assert _raw_sqlite(target) == raw
    with Store.open(source) as original, Store.open(f"sqlite:///{target}") as copied:
        assert copied.snapshot() == original.snapshot()
        assert copied.search_documents("grenade") == original.search_documents("grenade") != []
        assert copied.document_row("rerun")["duplicate_of"] == "van"


def test_a_target_that_holds_anything_is_refused_and_left_alone(source, tmp_path, reports):
    target = f"sqlite:///{tmp_path / 'busy.db'}"
    with Store.open(target) as store:
        document = reports.document("school", reports.SCHOOL_REPORT)
        store.add_report(document, reports.sentences(document), [], [])
        before = store.snapshot()
    outcome = _copy(source, target)
    assert outcome.exit_code == 1
    [line] = outcome.stderr.strip().splitlines()
    assert line.startswith(f"vigil db copy: cannot copy into {target}: it is not empty (documents, ")
    assert line.endswith(" hold rows); copy into a new or empty database")
    with Store.open(target) as store:
        assert store.snapshot() == before

    same = _copy(source, f"sqlite:///{tmp_path}/../{tmp_path.name}/source.db")  # another way to the same file
    assert same.exit_code == 1 and "onto itself" in same.stderr
    missing = _copy(f"sqlite:///{tmp_path / 'none.db'}", f"sqlite:///{tmp_path / 'new.db'}")
    assert missing.exit_code == 2 and "no database at" in missing.stderr
    assert not (tmp_path / "new.db").exists()


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_loses_nothing(source, tmp_path, empty_postgres_url):
    team_url = empty_postgres_url
    to_postgres = _copy(source, team_url)
    assert to_postgres.exit_code == 0, to_postgres.stderr
    with Store.open(source) as original, Store.open(team_url) as team:
        assert team.snapshot() == original.snapshot()
        assert [d for d, _ in team.search_documents("grenade")] == ["school"]  # PostgreSQL's own index
    back = tmp_path / "back.db"
    outcome = _copy(team_url, f"sqlite:///{back}", "--batch-size", "3")
    assert outcome.exit_code == 0, outcome.stderr
    assert _raw_sqlite(back) == _raw_sqlite(source.removeprefix("sqlite:///"))  # every cell, timestamps too

    with Store.open(team_url) as team:  # the team goes on writing: ids carry on after the copied ones
        last = team.revisions()[-1]["id"]
        team.remove_document("school", author="amna", reason="a new revision after the copy")
        assert team.revisions()[-1]["id"] == last + 1
    refused = _copy(source, team_url)
    assert refused.exit_code == 1 and "it is not empty" in refused.stderr


def test_the_copy_api_counts_what_it_copied(source, tmp_path):
    result = copy_database(source, f"sqlite:///{tmp_path / 'api.db'}")
    assert list(result.rows) == [t.name for t in metadata.sorted_tables]  # parents before children
    assert result.rows["documents"] == 4 and result.total == sum(result.rows.values())
    with pytest.raises(StoreError, match="bad batch size"):
        copy_database(source, f"sqlite:///{tmp_path / 'other.db'}", batch_rows=0)
