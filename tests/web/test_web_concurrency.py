"""A team at work at once (bounded to a few seconds): an upload being ingested while two editors
decide and twenty readers browse. No request may fail and no decision may be lost."""
from __future__ import annotations

import json
import threading
import time

from .conftest import incident_ids

READERS = 20
SECONDS = 4.0
PLACES = ("Korangi", "Malir", "Landhi", "Saddar", "Gulshan-e-Iqbal", "Baldia Town", "Kemari", "Orangi Town")


def _corpus() -> str:
    """Eight short reports, written for this test, one JSONL line each."""
    lines = []
    for n, place in enumerate(PLACES):
        text = (f"KARACHI, July {n + 2} — Gunmen on a motorcycle shot dead {n + 2} men outside a tea stall in {place} "
                f"on the evening of July {n + 1}, police said. The attackers escaped before officers arrived.")
        lines.append(json.dumps({"id": f"busy-{n}", "title": f"{n + 2} shot dead in {place}", "published": f"2021-07-{n + 2:02d}",
                                 "outlet": "Desk Test Wire", "text": text}))
    return "\n".join(lines) + "\n"


def test_ingest_edits_and_readers_at_once_lose_nothing(desk):
    ids = incident_ids(desk)
    errors: list[str] = []
    reads: list[str] = []
    stop = threading.Event()
    done_edits: dict[str, list[tuple[int, str]]] = {"patrol": [], "blast": []}

    def reader(n: int) -> None:
        paths = ["/", "/incidents", f"/incidents/{ids['grenade']}", "/review", "/documents", "/api/incidents",
                 "/api/tally?by=week", f"/api/incidents/{ids['patrol']}"]
        with desk.api("viewer") as client:
            i = n
            while not stop.is_set():
                path = paths[i % len(paths)]
                try:
                    response = client.get(path)
                    if response.status_code != 200:
                        errors.append(f"reader GET {path}: {response.status_code}")
                    reads.append(path)
                except Exception as error:  # a dropped connection is a failure too
                    errors.append(f"reader GET {path}: {error!r}")
                i += 1

    def editor(which: str) -> None:
        with desk.api("editor") as client:
            value = 10
            while not stop.is_set():
                reason = f"{which} count {value}"
                try:
                    response = client.post(f"/api/incidents/{ids[which]}/edit",
                                           json={"field": "fatalities", "value": value, "reason": reason})
                    if response.status_code != 200:
                        errors.append(f"edit {which}: {response.status_code} {response.text[:200]}")
                    else:
                        done_edits[which].append((value, reason))
                except Exception as error:
                    errors.append(f"edit {which}: {error!r}")
                value += 1

    with desk.api("editor") as api:  # the first edit loads the gazetteer and actor tables: not timed here
        warm = api.post(f"/api/incidents/{ids['grenade']}/edit", json={"field": "injured", "value": 8, "reason": "warm"})
        assert warm.status_code == 200
    # The corpus goes up as a file through the upload form, and is ingested while the others work.
    browser = desk.signed_in("editor")
    upload = browser.http.post("/documents", data={"csrf_token": browser.csrf},
                               files={"file": ("busy.jsonl", _corpus().encode("utf-8"))})
    assert upload.status_code == 303
    job_page = upload.headers["location"]
    with desk.api("editor") as api:
        started_as = api.get("/api" + job_page).json()["state"]

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads += [threading.Thread(target=editor, args=(which,)) for which in done_edits]
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[:5]
    assert len(set(reads)) > 5 and len(reads) >= READERS  # every reader was served, page after page
    assert started_as in ("queued", "running")  # the ingest did run beside the others

    deadline = time.monotonic() + 90
    while 'data-state="done"' not in (page := browser.get(job_page).text):
        assert 'data-state="failed"' not in page and time.monotonic() < deadline, page[-2000:]
        time.sleep(0.3)
    assert "8 added" in page
    browser.close()
    with desk.api("viewer") as api:
        assert api.get("/api/incidents", params={"document": "busy-3"}).json()["total"] == 1
        for which, edits in done_edits.items():
            assert edits, f"no edit of {which} went through"
            history = api.get(f"/api/incidents/{ids[which]}/history").json()
            assert [h["reason"] for h in history if h["field"] == "fatalities"] == [reason for _, reason in edits]
            assert api.get(f"/api/incidents/{ids[which]}").json()["fatalities"]["best"] == edits[-1][0]
