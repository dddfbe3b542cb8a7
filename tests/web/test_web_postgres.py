"""The desk on PostgreSQL (a team's shared store): the same pages, API and decisions as on SQLite.
Skipped, saying why, when no server answers at 127.0.0.1:5432."""
from __future__ import annotations

import pytest

from .conftest import FIXTURES, add_accounts, incident_ids, serve

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_desk(postgres_url):
    import psycopg

    import vigil

    with psycopg.connect(postgres_url, autocommit=True) as connection:  # start from an empty database
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
    summary = vigil.ingest([str(FIXTURES / "reports.jsonl")], db=postgres_url)
    assert summary.added == 4 and not summary.failures
    tokens = add_accounts(postgres_url)
    with serve(postgres_url) as desk:
        desk.tokens = tokens
        yield desk


def test_the_desk_reads_searches_and_decides_on_postgresql(postgres_desk):
    desk = postgres_desk
    ids = incident_ids(desk)
    assert set(ids) == {"patrol", "grenade", "blast"} and ids["grenade"] != ids["blast"]
    editor = desk.signed_in("editor")
    dashboard = editor.get("/", params={"q": "extortion"})
    assert dashboard.status_code == 200 and 'href="/documents/desk-lyari-grenade"' in dashboard.text
    assert 'data-field="fatalities"' in editor.get(f"/incidents/{ids['patrol']}").text
    for value in ("' OR '1'='1", "%", "\\"):
        for param in ("place", "perpetrator", "text", "type"):
            response = editor.get("/incidents", params={param: value})
            assert response.status_code in (200, 400), (param, value)
    edited = editor.post(f"/incidents/{ids['blast']}/edit", {"field": "fatalities", "value": "5", "reason": "morgue"})
    assert edited.status_code == 303
    with desk.api("editor") as api:
        assert api.get(f"/api/incidents/{ids['blast']}").json()["fatalities"]["best"] == 5
        weeks = api.get("/api/tally", params={"by": "week"}).json()["rows"]
        assert [r["week"] for r in weeks] == ["2021-03-08", "2021-03-29", "2021-05-17"]
        merged = api.post("/api/incidents/merge", json={"first": ids["grenade"], "second": ids["blast"]})
        assert merged.status_code == 200
        assert api.post(f"/api/incidents/{merged.json()['id']}/split",
                        json={"document": "desk-orangi-blast"}).status_code == 200
        rejected = api.post(f"/api/incidents/{ids['patrol']}/reject", json={"reason": "testing"})
        assert rejected.json()["status"] == "rejected"
        assert api.get("/api/incidents").json()["total"] == 2
    admin = desk.signed_in("admin")
    assert "login" in admin.get("/admin/audit").text
    editor.close()
    admin.close()
