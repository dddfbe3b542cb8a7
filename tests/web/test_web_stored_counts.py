"""The dashboard over HTTP shows the same page whether a view's first count is read from the
stored counts (vigil.store.changes.merged_counts) or from the incidents one by one: after
edits, a rejection, a restore, a merge and a split made through the API, for views filtered by
place, perpetrator, target, type, dates and status, by month and by week, on SQLite and on
PostgreSQL (skipped, saying why, when no server answers)."""
from __future__ import annotations

import pytest

from vigil.store import running
from vigil.web.dashboard import Dashboards

from .conftest import FIXTURES, add_accounts, incident_ids, serve

VIEWS = ["/", "/?unit=week", "/?place=Karachi&since=2015", "/?place=Lyari", "/?perpetrator=TTP&unit=week",
         "/?target=police", "/?type=Explosions/Remote+violence", "/?status=all", "/?status=rejected",
         "/?status=edited&unit=week", "/?since=2021-04&until=2021-12"]


def _pages(desk, monkeypatch, viewer, from_stored: bool) -> dict[str, str]:
    """Each view's page, counted in full (a new set of dashboards for each: nothing followed)."""
    used = []
    stored = running.stored
    with monkeypatch.context() as patched:
        patched.setattr(running, "stored", lambda filters: used.append(stored(filters) and from_stored) or used[-1])
        pages = {}
        for view in VIEWS:
            desk.app.state.dashboards = Dashboards()
            response = viewer.get(view)
            assert response.status_code == 200, view
            pages[view] = response.text
    assert len(used) == len(VIEWS) and all(used) == from_stored  # each view was counted, the way asked
    return pages


def _same_pages(desk, monkeypatch, viewer, when: str) -> None:
    stored = _pages(desk, monkeypatch, viewer, True)
    counted = _pages(desk, monkeypatch, viewer, False)
    for view in VIEWS:
        assert stored[view] == counted[view], f"{view} after {when}"


def _decide_and_compare(desk, monkeypatch) -> None:
    if desk.app.state.warming is not None:
        desk.app.state.warming.join()  # the default view counted as the desk started
    ids = incident_ids(desk)
    viewer = desk.signed_in("viewer")
    _same_pages(desk, monkeypatch, viewer, "the ingest")
    before = viewer.get("/?status=all").text
    with desk.api("editor") as api:
        for field, value in (("fatalities", "3/5/"), ("place", "Lyari"), ("perpetrator", "TTP"),
                             ("target", "police"), ("date", "2021-05-02")):
            edited = api.post(f"/api/incidents/{ids['blast']}/edit", json={"field": field, "value": value,
                                                                           "reason": "checked"})
            assert edited.status_code == 200, edited.text
            _same_pages(desk, monkeypatch, viewer, f"an edit of {field}")
        assert api.post(f"/api/incidents/{ids['patrol']}/reject", json={"reason": "no attack"}).status_code == 200
        _same_pages(desk, monkeypatch, viewer, "a rejection")
        assert api.post(f"/api/incidents/{ids['patrol']}/restore", json={}).status_code == 200
        _same_pages(desk, monkeypatch, viewer, "a restore")
        merged = api.post("/api/incidents/merge", json={"first": ids["grenade"], "second": ids["blast"],
                                                         "reason": "one campaign"})
        assert merged.status_code == 200
        _same_pages(desk, monkeypatch, viewer, "a merge")
        split = api.post(f"/api/incidents/{merged.json()['id']}/split",
                         json={"document": "desk-orangi-blast", "reason": "two attacks after all"})
        assert split.status_code == 200
        _same_pages(desk, monkeypatch, viewer, "a split")
    desk.app.state.dashboards = Dashboards()
    assert viewer.get("/?status=all").text != before  # the decisions show on the dashboard
    viewer.close()


def test_the_dashboard_is_the_same_from_the_stored_counts_on_sqlite(desk, monkeypatch):
    _decide_and_compare(desk, monkeypatch)


@pytest.mark.postgres
def test_the_dashboard_is_the_same_from_the_stored_counts_on_postgresql(empty_postgres_url, monkeypatch):
    import vigil

    summary = vigil.ingest([str(FIXTURES / "reports.jsonl")], db=empty_postgres_url)
    assert summary.added == 4 and not summary.failures
    tokens = add_accounts(empty_postgres_url)
    with serve(empty_postgres_url) as desk:
        desk.tokens = tokens
        _decide_and_compare(desk, monkeypatch)
