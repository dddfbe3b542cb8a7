"""Alerts: saved filters that fire after `vigil watch` or `vigil ingest` for a new or changed
matching incident, once, and again only when its figures change; to stdout, a JSONL file or a
webhook (the local receiver)."""
from __future__ import annotations

import json

from sqlalchemy import select, update

from vigil.alerts.fire import fire_alerts
from vigil.store import Store
from vigil.store.schema import alert_deliveries, incident_members, merged_incidents

MONDAY = "Mon, 04 Mar 2024 18:00:00 GMT"
ORANGI_POLICE = ("--place", "Orangi Town", "--target", "police", "--min-fatalities", "1")


def _serve_feed(web, pages, articles: dict[str, str], etag: str) -> str:
    items = [(web.serve(path, page), path, MONDAY) for path, page in articles.items()]
    return web.serve("/feed.xml", pages.rss("Harbour Times", items), content_type="application/rss+xml", etag=etag)


def _watch(vigil, db, feed):
    outcome = vigil("watch", "--once", "--interval", "0", "--host-delay", "0", "--db", db, feed)
    assert outcome.code == 0, outcome.stderr
    return outcome


def _alert_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("alert ")]


def test_an_alert_fires_once_and_again_only_when_the_figures_change(web, pages, vigil, db):
    added = vigil("alerts", "add", "orangi-police", *ORANGI_POLICE, "--to", "stdout", "--db", db)
    assert added.code == 0, added.stderr
    feed = _serve_feed(web, pages, {"/news/attack.html": pages.CHECKPOINT_ATTACK,
                                    "/news/fire.html": pages.MARKET_FIRE}, '"v1"')

    first = _watch(vigil, db, feed)
    [line] = _alert_lines(first.stdout)
    assert line.startswith("alert orangi-police: new: ")
    assert "Attack in Orangi Town, 2 killed (1 report)" in line
    assert "1 alert sent" in first.stderr

    # A new item about something else: the incident is not sent again.
    feed = _serve_feed(web, pages, {"/news/attack.html": pages.CHECKPOINT_ATTACK, "/news/fire.html": pages.MARKET_FIRE,
                                    "/news/school.html": pages.SCHOOL_REOPENS}, '"v2"')
    assert _alert_lines(_watch(vigil, db, feed).stdout) == []
    assert _alert_lines(_watch(vigil, db, feed).stdout) == []  # a 304

    # Another outlet's report joins the incident and raises its toll: sent again.
    feed = _serve_feed(web, pages, {"/news/attack.html": pages.CHECKPOINT_ATTACK,
                                    "/news/toll.html": pages.CHECKPOINT_TOLL_RISES}, '"v3"')
    [again] = _alert_lines(_watch(vigil, db, feed).stdout)
    assert again.startswith("alert orangi-police: figures changed: ")
    assert "2–3 killed (2 reports)" in again  # low 2, high 3
    with Store.open(db) as store:  # the same incident, now told by two reports
        [incident] = store.merged_incidents(place="Orangi Town")
    assert again.split()[4] == incident["id"]
    assert {s["url"] for s in incident["sources"]} == {web.url("/news/attack.html"), web.url("/news/toll.html")}


def test_plain_ingest_fires_to_a_jsonl_file(pages, vigil, db, tmp_path):
    sent = tmp_path / "alerts.jsonl"
    assert vigil("alerts", "add", "orangi", *ORANGI_POLICE, "--to", f"jsonl:{sent}", "--db", db).code == 0
    report = tmp_path / "attack.html"
    report.write_text(pages.CHECKPOINT_ATTACK, encoding="utf-8")
    first = vigil("ingest", report, "--published", "2024-03-05", "--db", db)
    assert first.code == 0, first.stderr
    [line] = sent.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert (record["alert"], record["reason"]) == ("orangi", "new")
    with Store.open(db) as store:
        [incident] = store.merged_incidents()
    assert record["incident"] == json.loads(json.dumps(incident))  # the contract JSON, whole
    assert vigil("ingest", report, "--published", "2024-03-05", "--db", db).code == 0  # unchanged: nothing
    assert len(sent.read_text(encoding="utf-8").splitlines()) == 1


def test_a_webhook_gets_the_incident_and_a_failed_post_is_tried_again(web, pages, vigil, db, tmp_path):
    hook = web.url("/hooks/vigil")
    assert vigil("alerts", "add", "orangi", *ORANGI_POLICE, "--to", f"webhook:{hook}", "--db", db).code == 0
    web.post_status = 500
    report = tmp_path / "attack.html"
    report.write_text(pages.CHECKPOINT_ATTACK, encoding="utf-8")
    failed = vigil("ingest", report, "--published", "2024-03-05", "--db", db)
    assert failed.code == 0, failed.stderr
    assert "not sent, tried again after the next ingest (webhook " in failed.stderr
    assert "HTTP 500 Internal Server Error" in failed.stderr

    web.post_status = 204
    other = tmp_path / "school.html"
    other.write_text(pages.SCHOOL_REOPENS, encoding="utf-8")
    assert vigil("ingest", other, "--db", db).code == 0  # an ingest that does not touch the incident
    posts = web.asked("/hooks/vigil", "POST")
    assert [p.headers["x-answered"] for p in posts] == [500, 500, 204]  # one retry within the ingest, then later
    body = json.loads(posts[-1].body)
    assert body["location"]["name"] == "Orangi Town" and body["fatalities"]["best"] == 2
    assert (posts[-1].headers["x-vigil-alert"], posts[-1].headers["x-vigil-reason"]) == ("orangi", "new")
    assert vigil("ingest", other, "--db", db).code == 0
    assert len(web.asked("/hooks/vigil", "POST")) == 3  # sent: not again


def test_what_was_sent_is_known_by_the_incident_s_mentions(pages, vigil, db, tmp_path):
    """Re-clustering may give an incident another id; its mentions say it was sent already."""
    report = tmp_path / "attack.html"
    report.write_text(pages.CHECKPOINT_ATTACK, encoding="utf-8")
    assert vigil("alerts", "add", "orangi", *ORANGI_POLICE, "--to", "stdout", "--db", db).code == 0
    assert len(_alert_lines(vigil("ingest", report, "--published", "2024-03-05", "--db", db).stdout)) == 1
    with Store.open(db) as store:
        with store.transaction("rename", write=True) as connection:
            [old] = connection.execute(select(merged_incidents.c.id)).scalars()
            connection.execute(update(merged_incidents).values(id="renamed"))
            connection.execute(update(incident_members).values(merged_id="renamed"))
        assert fire_alerts(store, since="0000") == []  # every incident a candidate: none sent again
        with store.transaction("forget", write=True) as connection:  # a changed toll is sent again
            connection.execute(update(alert_deliveries).values(figures='{"fatalities": null}'))
        [fired] = fire_alerts(store, since="0000")
    assert (fired.incident, fired.reason, fired.problem) == ("renamed", "figures changed", None)
    assert old != "renamed"


def test_add_list_remove_and_bad_alerts(vigil, db, tmp_path):
    assert vigil("alerts", "add", "karachi-blasts", "--place", "Karachi", "--type", "Explosions/Remote violence",
                 "--perpetrator", "TTP", "--to", "stdout", "--db", db).code == 0
    listed = vigil("alerts", "list", "--db", db, "--format", "json")
    assert json.loads(listed.stdout) == [{"name": "karachi-blasts", "to": "stdout", "filters": {
        "place": "Karachi", "event_type": "Explosions/Remote violence", "perpetrator": "TTP"}}]
    table = vigil("alerts", "list", "--db", db, "--format", "csv")  # a cell starting with - gets a '
    assert table.stdout.splitlines()[1] == \
        'karachi-blasts,"\'--perpetrator TTP --place Karachi --type ""Explosions/Remote violence""",stdout'

    for args, code, problem in (
        (("karachi-blasts", "--place", "Karachi", "--to", "stdout"), 1, "an alert named 'karachi-blasts' exists"),
        (("x", "--to", "stdout"), 1, "an alert needs at least one filter"),
        (("x", "--place", "Karachi", "--to", "email:me"), 1, "bad destination 'email:me'"),
        (("x", "--place", "Karachi", "--to", f"jsonl:{tmp_path}/no/such/a.jsonl"), 1, "does not exist"),
        (("x", "--place", "Karachi", "--to", "webhook:ftp://x"), 1, "a webhook needs an http(s) URL"),
        (("bad name", "--place", "Karachi", "--to", "stdout"), 1, "bad alert name 'bad name'"),
        (("x", "--since", "2024-13", "--to", "stdout"), 2, "is not a date"),
    ):
        outcome = vigil("alerts", "add", *args, "--db", db)
        assert (outcome.code, problem in outcome.stderr) == (code, True), outcome.stderr
        assert len(outcome.stderr.strip().splitlines()) == 1

    assert vigil("alerts", "remove", "karachi-blasts", "--db", db).code == 0
    assert vigil("alerts", "list", "--db", db).stdout.strip() == "No alerts saved."
    gone = vigil("alerts", "remove", "karachi-blasts", "--db", db)
    assert gone.code == 1 and "no alert named 'karachi-blasts'" in gone.stderr
    assert vigil("alerts", "list", "--db", tmp_path / "none.db").code == 2


def test_a_replaced_report_that_changes_the_figures_fires_again(pages, vigil, db, tmp_path):
    """The same report (same path, so the same id) ingested again with a new text: replaced, and
    its incident's toll changes only through that: sent again, once."""
    assert vigil("alerts", "add", "orangi", *ORANGI_POLICE, "--to", "stdout", "--db", db).code == 0
    report = tmp_path / "attack.html"
    report.write_text(pages.CHECKPOINT_ATTACK, encoding="utf-8")
    first = vigil("ingest", report, "--published", "2024-03-05", "--db", db)
    assert [line.split(": ")[1] for line in _alert_lines(first.stdout)] == ["new"]

    report.write_text(pages.CHECKPOINT_TOLL_RISES, encoding="utf-8")  # the outlet updated its story
    replaced = vigil("ingest", report, "--published", "2024-03-05", "--db", db)
    assert replaced.code == 0, replaced.stderr
    assert "1 replaced" in replaced.stdout + replaced.stderr
    with Store.open(db) as store:
        assert store.counts()["documents"] == 1  # replaced, not added
        [incident] = store.merged_incidents(place="Orangi Town")
    assert incident["fatalities"]["best"] == 3
    [again] = _alert_lines(replaced.stdout)
    assert again.startswith(f"alert orangi: figures changed: {incident['id']} ")
    assert "3 killed (1 report)" in again

    same = vigil("ingest", report, "--published", "2024-03-05", "--db", db)  # nothing new: not sent again
    assert _alert_lines(same.stdout) == []
    report.write_text(pages.CHECKPOINT_TOLL_RISES.replace("never regained", "did not regain"), encoding="utf-8")
    reworded = vigil("ingest", report, "--published", "2024-03-05", "--db", db)  # replaced, same figures
    assert reworded.code == 0, reworded.stderr
    assert "1 replaced" in reworded.stdout + reworded.stderr
    assert _alert_lines(reworded.stdout) == []


LYARI_SHOOTING = """<html><head><title>Two shopkeepers shot dead in Lyari</title></head><body><article>
<h1>Two shopkeepers shot dead in Lyari</h1>
<p>KARACHI: Two shopkeepers were shot dead by armed men outside their shops in Lyari on Saturday night,
police said.</p>
<p>Traders in the area closed their shops on Sunday to protest against the killings.</p>
</article></body></html>"""


def test_matching_incidents_are_read_a_page_at_a_time_and_each_sent_once(pages, vigil, db, tmp_path, monkeypatch):
    import vigil.alerts.fire as fire

    monkeypatch.setattr(fire, "PAGE", 1)  # an ingest of any size never holds every matching incident
    assert vigil("alerts", "add", "killings", "--min-fatalities", "1", "--to", "stdout", "--db", db).code == 0
    for name, page, published in (("attack.html", pages.CHECKPOINT_ATTACK, "2024-03-05"),
                                  ("lyari.html", LYARI_SHOOTING, "2024-02-11")):
        (tmp_path / name).write_text(page, encoding="utf-8")
        (tmp_path / name).with_suffix(".meta.json").write_text(f'{{"published": "{published}"}}', encoding="utf-8")
    outcome = vigil("ingest", tmp_path, "--db", db)
    assert outcome.code == 0, outcome.stderr
    sent = _alert_lines(outcome.stdout)
    assert len(sent) == 2
    assert "Lyari" in sent[0] and "Orangi Town" in sent[1]  # oldest first, across pages
    assert _alert_lines(vigil("ingest", tmp_path, "--db", db).stdout) == []
