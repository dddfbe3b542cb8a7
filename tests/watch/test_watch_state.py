"""The watch's and the alerts' tables on both backends: polls counted, validators kept or left,
seen URLs (by the watch or by any stored report), alerts saved and what they sent."""
from __future__ import annotations

import pytest

from vigil.alerts.rules import Alert, AlertError
from vigil.alerts.saved import last_sent, list_alerts, record_delivery, remove_alert, save_alert
from vigil.model import Document
from vigil.store import Store
from vigil.watch.state import WatchState

FEED = "https://news.example/feed.xml"


@pytest.fixture
def store(db_url):
    opened = Store.open(db_url)
    yield opened
    opened.close()


def test_polls_and_validators(store):
    state = WatchState(store)
    assert state.source(FEED).polls == 0
    state.record_poll(FEED, "feed", "200", validators=('"v1"', "Mon, 04 Mar 2024 18:00:00 GMT"))
    state.record_poll(FEED, "feed", "304", not_modified=True)
    state.record_poll(FEED, "feed", "200")  # a poll that left a page to fetch again keeps the old validators
    known = state.source(FEED)
    assert (known.polls, known.not_modified, known.etag, known.last_modified) == \
        (3, 1, '"v1"', "Mon, 04 Mar 2024 18:00:00 GMT")
    assert known.last_polled_at
    assert [row["last_status"] for row in state.sources()] == ["200"]


def test_seen_by_the_watch_or_by_a_stored_report(store):
    state = WatchState(store)
    report = Document(id="wire-1", text="A stored report about a quiet day in Lyari, written for a test.",
                      url="https://news.example/b.html")
    store.add_report(report, [], [], [])
    state.mark_seen(FEED, [{"url": "https://news.example/a.html", "document_id": "a", "content_hash": "0" * 64,
                            "status": "added"}])
    state.mark_seen(FEED, [{"url": "https://news.example/a.html", "document_id": "a", "content_hash": "0" * 64,
                            "status": "unchanged"}])  # seen twice: kept once
    asked = [f"https://news.example/{name}.html" for name in "abc"]
    assert state.unseen(asked) == {"https://news.example/c.html"}
    assert len(store.snapshot()["watch_seen"]) == 1


def test_alerts_and_deliveries(store):
    save_alert(store, Alert("orangi", {"place": "Orangi Town", "min_fatalities": 1}, "stdout"))
    with pytest.raises(AlertError, match="exists already"):
        save_alert(store, Alert("orangi", {"place": "Lyari"}, "stdout"))
    assert list_alerts(store) == [Alert("orangi", {"place": "Orangi Town", "min_fatalities": 1}, "stdout")]
    members = {"a:0": "a", "b:4": "b"}
    with store.transaction("send", write=True) as connection:
        assert last_sent(connection, "orangi", members) == (False, set())
        record_delivery(connection, "orangi", "m1", members, "F1", "webhook down")
        assert last_sent(connection, "orangi", members) == (True, {None})  # tried, nothing sent yet
        record_delivery(connection, "orangi", "m1", members, "F1", None)
        assert last_sent(connection, "orangi", {"b:4": "b", "c:9": "c"}) == (True, {"F1"})  # by a shared mention
        assert last_sent(connection, "orangi", {"a:7": "a"}) == (True, {"F1"})  # its report's new mention
        assert last_sent(connection, "orangi", {"z:1": "z"}) == (False, set())
    remove_alert(store, "orangi")
    assert list_alerts(store) == [] and store.snapshot()["alert_deliveries"] == []
