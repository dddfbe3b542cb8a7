"""Linking a judicial step to the incident it follows from the desk, and unlinking it: real HTTP
against the real app on a SQLite file of the project's case reports (tests/fixtures/cases)."""
from __future__ import annotations

from pathlib import Path

import vigil

from .conftest import add_accounts, serve

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "reports.jsonl"


def _merged_of(db: str, document: str) -> str:
    store = vigil.open(db)
    try:
        [record] = store.merged_incidents(document=document)
        return record["id"]
    finally:
        store.close()


def test_an_editor_unlinks_and_links_a_judicial_step_and_the_page_and_api_follow(tmp_path):
    db = f"sqlite:///{tmp_path / 'cases.db'}"
    vigil.ingest([str(REPORTS)], db=db)
    tokens = add_accounts(db)
    killing, arrest = _merged_of(db, "harbour-2016-05-10"), _merged_of(db, "harbour-2016-06-02")
    with serve(db) as desk:
        desk.tokens = tokens
        with desk.api("viewer") as api:
            assert api.get(f"/api/incidents/{arrest}").json()["follows"] == killing
            assert api.post(f"/api/incidents/{arrest}/unlink", json={"reason": "x"}).status_code == 403
        with desk.api("editor") as api:
            unlinked = api.post(f"/api/incidents/{arrest}/unlink", json={"reason": "another case"})
            assert unlinked.status_code == 200 and unlinked.json()["follows"] is None
            assert killing not in [f.get("incident") for f in
                                   api.get(f"/api/incidents/{killing}").json().get("follow_ups") or []]
        editor = desk.signed_in("editor")
        page = f"/incidents/{arrest}"
        assert 'action="/incidents/' + arrest + '/link"' in editor.get(page).text
        linked = editor.post(f"{page}/link", {"follows": killing, "reason": "the court named the victim"})
        assert linked.status_code == 303
        with desk.api("viewer") as api:
            assert api.get(f"/api/incidents/{arrest}").json()["follows"] == killing
            history = api.get(f"/api/incidents/{arrest}/history").json()
            assert [h["field"] for h in history][-2:] == ["follows", "follows"]
        editor.close()
