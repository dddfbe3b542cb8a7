"""A team's PostgreSQL as docs/postgresql.md sets it up: an owner role that migrates, a writer
that ingests and decides, a reader that only queries (and is refused a write), each finding the
tables through its search_path."""
from __future__ import annotations

import uuid

import pytest
from typer.testing import CliRunner

from vigil.cli import app
from vigil.store import Store, StoreError

pytestmark = pytest.mark.postgres

# The same statements as docs/postgresql.md, with names made unique for the test run.
SETUP = """
CREATE ROLE {owner} LOGIN;
CREATE ROLE {writer} LOGIN;
CREATE ROLE {reader} LOGIN;
CREATE DATABASE {db} OWNER {owner};
"""
GRANTS = """
REVOKE ALL ON DATABASE {db} FROM PUBLIC;
GRANT CONNECT ON DATABASE {db} TO {writer}, {reader};
CREATE SCHEMA vigil AUTHORIZATION {owner};
GRANT USAGE ON SCHEMA vigil TO {writer}, {reader};
ALTER ROLE {owner} IN DATABASE {db} SET search_path = vigil;
ALTER ROLE {writer} IN DATABASE {db} SET search_path = vigil;
ALTER ROLE {reader} IN DATABASE {db} SET search_path = vigil;
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA vigil GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {writer};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA vigil GRANT USAGE, SELECT ON SEQUENCES TO {writer};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA vigil GRANT SELECT ON TABLES TO {reader};
"""


@pytest.fixture
def team(postgres_url):
    import psycopg

    server = postgres_url.rsplit("/", 1)[0]
    suffix = uuid.uuid4().hex[:8]
    names = {"owner": f"vigil_owner_{suffix}", "writer": f"vigil_writer_{suffix}",
             "reader": f"vigil_reader_{suffix}", "db": f"vigil_team_{suffix}"}
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for statement in SETUP.format(**names).strip().splitlines():
            admin.execute(statement)
    with psycopg.connect(f"{server}/{names['db']}", autocommit=True) as admin:
        for statement in GRANTS.format(**names).strip().splitlines():
            admin.execute(statement)
    host = server.split("@", 1)[1]
    yield {role: f"postgresql://{names[role]}@{host}/{names['db']}" for role in ("owner", "writer", "reader")}
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS {names["db"]} WITH (FORCE)')
        for role in ("owner", "writer", "reader"):
            admin.execute(f"DROP ROLE IF EXISTS {names[role]}")


def test_owner_migrates_writer_writes_reader_reads(team, reports, tmp_path):
    migrated = CliRunner().invoke(app, ["db", "migrate", "--db", team["owner"]])
    assert migrated.exit_code == 0, migrated.stderr
    assert "is at revision 0013, the newest this Vigil knows" in migrated.stderr

    van = reports.document("van", reports.POLICE_VAN_REPORT)
    sentence = reports.POLICE_VAN_REPORT.split(", officials said.")[0] + ", officials said."
    with Store.open(team["writer"]) as writer:
        writer.add_report(van, reports.sentences(van), [reports.incident(van, sentence, start="2024-03-05")], [])
        [incident] = writer.merged_incidents()
        writer.remove_document("van", author="amna", reason="the revisions' sequence is the writer's to use")
        writer.add_report(van, reports.sentences(van), [reports.incident(van, sentence, start="2024-03-05")], [])

    with Store.open(team["reader"], create=False) as reader:
        assert [i["id"] for i in reader.merged_incidents()] == [incident["id"]]
        assert [r["field"] for r in reader.revisions()] == ["removed"]
        school = reports.document("school", reports.SCHOOL_REPORT)
        with pytest.raises(StoreError, match="permission denied for table documents"):
            reader.add_report(school, reports.sentences(school), [], [])
    refused = CliRunner().invoke(app, ["alerts", "add", "x", "--place", "Lyari", "--to", "stdout",
                                       "--db", team["reader"]])
    assert refused.exit_code == 1 and "permission denied for table alerts" in refused.stderr
    home = f"sqlite:///{tmp_path / 'snapshot.db'}"  # a reader may take a copy home
    copied = CliRunner().invoke(app, ["db", "copy", "--from", team["reader"], "--to", home])
    assert copied.exit_code == 0, copied.stderr
    with Store.open(home) as snapshot:
        assert [i["id"] for i in snapshot.merged_incidents()] == [incident["id"]]
