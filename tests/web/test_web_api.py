"""The JSON API as a script uses it: a token, the contract's JSON, the CLI's filters, pages."""
from __future__ import annotations

import time

from .conftest import incident_ids


def test_incidents_come_in_pages_with_the_clis_filters(shared_desk):
    import vigil

    with shared_desk.api("viewer") as api:
        first = api.get("/api/incidents", params={"limit": 2, "sort": "fatalities", "desc": "true"}).json()
        assert first["total"] == 3 and len(first["incidents"]) == 2 and first["next"]
        rest = api.get(first["next"]).json()
        assert len(rest["incidents"]) == 1 and rest["next"] is None
        ids = [i["id"] for i in first["incidents"] + rest["incidents"]]
        store = vigil.open(shared_desk.db)
        try:
            assert ids == [i["id"] for i in store.merged_incidents(sort="fatalities", desc=True)]
            assert api.get("/api/incidents", params={"type": "Explosions/Remote violence"}).json()["total"] == \
                len(store.merged_incidents(event_type="Explosions/Remote violence"))
        finally:
            store.close()
        # Contract JSON: every field of the incident contract, with the merged incident's own.
        record = first["incidents"][0]
        assert {"id", "event_type", "date", "location", "fatalities", "evidence", "sources", "reports",
                "status"} <= set(record)
        assert api.get("/api/incidents", params={"since": "2021-05", "min_fatalities": 1}).json()["total"] == 1
        bad = api.get("/api/incidents", params={"since": "2021-13"})
        assert bad.status_code == 400 and "since" in bad.json()["error"]
        assert api.get("/api/incidents", params={"limit": 0}).status_code == 422


def test_one_incident_one_report_a_tally_and_a_search(shared_desk):
    ids = incident_ids(shared_desk)
    with shared_desk.api("viewer") as api:
        incident = api.get(f"/api/incidents/{ids['patrol']}").json()
        assert {s["document"] for s in incident["sources"]} == {"desk-courier-patrol", "desk-record-patrol"}
        assert api.get(f"/api/incidents/{incident['mentions'][0]}").json()["id"] == ids["patrol"]
        assert api.get("/api/incidents/nothing-here").status_code == 404
        report = api.get("/api/documents/desk-record-patrol").json()
        assert report["incidents"] == [ids["patrol"]] and report["outlet"] == "Sindh Daily Record"
        sentence = incident["evidence"][0]
        text = api.get(f"/api/documents/{sentence['document']}").json()["text"]
        assert text[sentence["start"]:sentence["end"]] == sentence["sentence"]  # offsets into the stored text
        tally = api.get("/api/tally", params=[("by", "month"), ("by", "type")]).json()
        assert tally["by"] == ["month", "type"] and sum(r["incidents"] for r in tally["rows"]) == 3
        weeks = api.get("/api/tally", params={"by": "week"}).json()["rows"]
        assert [r["week"] for r in weeks] == ["2021-03-08", "2021-03-29", "2021-05-17"]
        hits = api.get("/api/search", params={"q": "rickshaw"}).json()
        assert [h["document"] for h in hits] == ["desk-orangi-blast"] and "[rickshaw]" in hits[0]["snippet"]


def test_ingest_merge_and_split_with_an_editors_token(desk):
    ids = incident_ids(desk)
    with desk.api("editor") as api:
        queued = api.post("/api/documents", json={
            "text": "Police said unidentified men shot dead a tailor in Malir on Friday evening and fled.",
            "title": "Tailor shot dead in Malir", "published": "2021-07-03", "outlet": "Desk Test Wire"})
        assert queued.status_code == 202
        status = queued.json()["status"]
        deadline = time.monotonic() + 60
        job = api.get(status).json()
        while job["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
            job = api.get(status).json()
        assert job["state"] == "done" and job["document"]
        assert api.get(f"/api/documents/{job['document']}").json()["title"] == "Tailor shot dead in Malir"

        merged = api.post("/api/incidents/merge", json={"first": ids["grenade"], "second": ids["blast"],
                                                         "reason": "one campaign"})
        assert merged.status_code == 200
        assert {s["document"] for s in merged.json()["sources"]} == {"desk-lyari-grenade", "desk-orangi-blast"}
        parts = api.post(f"/api/incidents/{merged.json()['id']}/split",
                         json={"document": "desk-orangi-blast", "reason": "two attacks after all"}).json()["incidents"]
        assert len(parts) == 2
        history = api.get(f"/api/incidents/{incident_ids(desk)['blast']}/history").json()
        assert [h["field"] for h in history] == ["merge", "split"] and history[1]["author"] == "editor"
        again = api.post("/api/incidents/merge", json={"first": ids["patrol"], "second": ids["patrol"]})
        assert again.status_code == 400 and "already one incident" in again.json()["error"]
