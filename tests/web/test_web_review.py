"""Reviewing at the desk: the queue, and confirm / edit / reject / restore through the forms and
the API, each a revision that the tallies, lists and exports follow."""
from __future__ import annotations

import re

from .conftest import incident_ids


def _killed(desk, **filters) -> int:
    with desk.api("viewer") as api:
        rows = api.get("/api/tally", params={"by": "type", **filters}).json()["rows"]
    return sum(r["fatalities_best"] or 0 for r in rows)


def test_queue_lists_what_waits_most_in_need_first_with_actions_for_editors(shared_desk):
    viewer = shared_desk.signed_in("viewer")
    page = viewer.get("/review").text
    assert page.count('<article class="review-item') == 3
    assert 'class="need"' in page and "data-action=" not in page  # a viewer reads, does not decide
    editor = shared_desk.signed_in("editor")
    page = editor.get("/review?place=Karachi").text
    assert page.count('data-action="confirm"') == 3 and page.count('data-action="reject"') == 3
    assert '<script src="/static/desk.js"></script>' in page
    with shared_desk.api("viewer") as api:
        queue = api.get("/api/review").json()
    assert queue["total"] == 3 and all(item["need"] for item in queue["incidents"])
    order = [item["id"] for item in queue["incidents"]]
    assert re.findall(r'<article class="review-item[^"]*" data-incident="([0-9a-f]+)"', page) == order
    viewer.close()
    editor.close()


def test_edit_a_toll_with_a_reason_then_reject_and_restore(desk):
    ids = incident_ids(desk)
    editor = desk.signed_in("editor")
    before = _killed(desk)
    page = f"/incidents/{ids['blast']}"
    response = editor.post(f"{page}/edit", {"field": "fatalities", "value": "4", "reason": "the morgue counted four",
                                            "next": page})
    assert response.status_code == 303 and response.headers["location"] == page
    assert _killed(desk) == before + 2  # 2 as extracted, 4 as corrected
    shown = editor.get(page).text
    assert "edited by editor" in shown and "the morgue counted four" in shown and "status-edited" in shown
    with desk.api("viewer") as api:
        record = api.get(f"/api/incidents/{ids['blast']}").json()
        assert record["edited"] == ["fatalities"] and record["fatalities"]["best"] == 4
        assert record["edits"]["fatalities"]["machine"]["best"] == 2
        history = api.get(f"/api/incidents/{ids['blast']}/history").json()
        assert [(h["field"], h["author"], h["reason"]) for h in history] == [
            ("fatalities", "editor", "the morgue counted four")]
        exported = api.get("/export", params={"to": "acled-csv"}).text
        assert "vigil_edited=fatalities" in exported

    refused = editor.post(f"{page}/reject", {"reason": ""})
    assert refused.status_code == 400 and "reason" in refused.text
    assert editor.post(f"{page}/reject", {"reason": "a gas cylinder, not a bomb"}).status_code == 303
    assert _killed(desk) == before - 2  # gone from the tallies
    with desk.api("viewer") as api:
        assert api.get("/api/incidents").json()["total"] == 2
        assert api.get("/api/incidents", params={"status": "rejected"}).json()["total"] == 1
    assert 'data-action="restore"' in editor.get(page).text
    assert editor.post(f"{page}/restore", {"reason": "police confirm a bomb"}).status_code == 303
    assert _killed(desk) == before + 2
    assert editor.post(f"{page}/confirm", {"next": "/review"}).headers["location"] == "/review"
    with desk.api("viewer") as api:
        assert api.get(f"/api/incidents/{ids['blast']}").json()["status"] == "confirmed"
        assert api.get("/api/review").json()["total"] == 2  # confirmed: out of the queue
    admin = desk.signed_in("admin")
    audit = admin.get("/admin/audit").text
    for action in ("edit", "reject", "restore", "confirm"):
        assert f'class="action-{action}"' in audit
    editor.close()
    admin.close()


def test_review_through_the_api_with_a_token(desk):
    ids = incident_ids(desk)
    with desk.api("editor") as api:
        edited = api.post(f"/api/incidents/{ids['grenade']}/edit",
                          json={"field": "injured", "value": "7/9/12", "reason": "hospital and police differ"})
        assert edited.status_code == 200 and edited.json()["injured"] == {"low": 7, "best": 9, "high": 12}
        place = api.post(f"/api/incidents/{ids['grenade']}/edit",
                         json={"field": "place", "value": "Karachii", "reason": "typo"})
        assert place.status_code == 400 and "gazetteer" in place.json()["error"]
        choices = api.get("/api/places", params={"q": "Lyari"}).json()
        assert choices and all({"id", "name", "level", "within"} <= set(c) for c in choices)
        rejected = api.post(f"/api/incidents/{ids['grenade']}/reject", json={"reason": "duplicate of a later report"})
        assert rejected.json()["status"] == "rejected"
        assert api.post(f"/api/incidents/{ids['grenade']}/edit",
                        json={"field": "injured", "value": 3, "reason": "x"}).status_code == 400
        assert api.post(f"/api/incidents/{ids['grenade']}/reject", json={}).status_code == 422
        restored = api.post(f"/api/incidents/{ids['grenade']}/restore", json={})
        assert restored.json()["status"] == "edited"
        assert api.post("/api/incidents/no-such/confirm", json={}).status_code == 404
    with desk.api("viewer") as viewer:
        assert viewer.post(f"/api/incidents/{ids['grenade']}/confirm", json={}).status_code == 403


def test_revert_an_edit_through_the_form_and_the_api_and_the_dashboard_follows(desk):
    ids = incident_ids(desk)
    editor = desk.signed_in("editor")
    page = f"/incidents/{ids['blast']}"
    before = _killed(desk)
    dashboard = editor.get("/").text  # counted once: what follows must be the change, not a recount
    assert editor.post(f"{page}/edit", {"field": "fatalities", "value": "4", "reason": "morgue", "next": page}
                       ).status_code == 303
    assert editor.post(f"{page}/edit", {"field": "place", "value": "Lyari", "reason": "wrong town", "next": page}
                       ).status_code == 303
    shown = editor.get(page).text
    assert shown.count('data-action="revert"') == 2  # one beside each edited field
    assert _killed(desk) == before + 2 and editor.get("/").text != dashboard
    response = editor.post(f"{page}/revert", {"field": "fatalities", "reason": "the morgue list was wrong",
                                              "next": page})
    assert response.status_code == 303 and response.headers["location"] == page
    assert _killed(desk) == before
    assert editor.post(f"{page}/revert", {"field": "fatalities", "reason": "again"}).status_code == 400
    assert editor.post(f"{page}/revert", {"field": "location", "reason": ""}).status_code == 400
    assert 'data-action="revert"' in editor.get(page).text

    with desk.api("editor") as api:
        reverted = api.post(f"/api/incidents/{ids['blast']}/revert", json={"field": "place", "reason": "Saddar after all"})
        assert reverted.status_code == 200, reverted.text
        assert "edited" not in reverted.json() and reverted.json()["status"] == "extracted"
        assert api.post(f"/api/incidents/{ids['blast']}/revert", json={"field": "colour", "reason": "x"}).status_code == 400
        history = api.get(f"/api/incidents/{ids['blast']}/history").json()
    assert [(h["field"], h["author"], h["reason"]) for h in history][-2:] == [
        ("fatalities", "editor", "the morgue list was wrong"), ("location", "editor", "Saddar after all")]
    assert 'data-action="revert"' not in editor.get(page).text
    with desk.api("viewer") as api:
        assert api.post(f"/api/incidents/{ids['blast']}/revert", json={"field": "place", "reason": "x"}).status_code == 403
    editor.close()
