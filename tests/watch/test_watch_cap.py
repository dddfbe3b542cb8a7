"""A cap on the articles fetched per poll: a feed listing more than the cap is taken over
successive polls, each article once, and the poll line tells what was taken and what is left."""
from __future__ import annotations

from sqlalchemy import select

from vigil.store import Store
from vigil.store.schema import watch_sources

MONDAY = "Mon, 04 Mar 2024 18:00:00 GMT"


def _numbered_feed(web, pages, count: int) -> str:
    items = [(web.serve(f"/news/{n}.html", pages.numbered(n)), f"bulletin {n}", MONDAY) for n in range(count)]
    return web.serve("/feed.xml", pages.rss("Harbour Times", items), content_type="application/rss+xml", etag='"v1"')


def _poll_line(stderr: str) -> str:
    [line] = [line for line in stderr.splitlines() if "/feed.xml:" in line]
    return line


def test_a_feed_over_the_cap_is_taken_over_successive_polls_none_twice(web, pages, vigil, db, tmp_path):
    feed = _numbered_feed(web, pages, 7)
    listed = tmp_path / "sources.toml"
    listed.write_text(f'[[source]]\nurl = "{feed}"\ninterval = 0\nmax_items = 3\n', encoding="utf-8")

    def poll() -> str:
        outcome = vigil("watch", "--once", "--host-delay", "0", "--db", db, "--sources", listed)
        assert outcome.code == 0, outcome.stderr
        return _poll_line(outcome.stderr)

    first = poll()
    assert "200 feed, 7 items, 3 taken, 4 left for the next poll: 3 added, 0 seen, 0 failed" in first
    second = poll()
    assert "200 feed, 7 items, 3 taken, 1 left for the next poll: 3 added, 3 seen, 0 failed" in second
    third = poll()
    assert "200 feed, 7 items: 1 added, 6 seen, 0 failed" in third  # the backlog is done: no taken/left
    assert web.asked("/feed.xml")[1].headers.get("if-none-match") is None  # nothing hid behind a 304
    assert poll().endswith(f"{feed}: 304 not modified")  # validators kept once nothing is left

    assert all(len(web.asked(f"/news/{n}.html")) == 1 for n in range(7))  # every article fetched once
    with Store.open(db) as store:
        assert store.counts()["documents"] == 7
        with store.transaction("read") as connection:
            assert connection.execute(select(watch_sources.c.etag)).scalar_one() == '"v1"'


def test_the_command_line_sets_the_cap_and_zero_lifts_it(web, pages, vigil, db):
    feed = _numbered_feed(web, pages, 3)
    capped = vigil("watch", "--once", "--interval", "0", "--host-delay", "0", "--max-items", "2", "--db", db, feed)
    assert capped.code == 0, capped.stderr
    assert "3 items, 2 taken, 1 left for the next poll: 2 added" in _poll_line(capped.stderr)
    open_ended = vigil("watch", "--once", "--interval", "0", "--host-delay", "0", "--max-items", "0", "--db", db,
                       feed)
    assert "3 items: 1 added, 2 seen" in _poll_line(open_ended.stderr)


def test_a_source_s_own_cap_wins_and_a_bad_one_is_named(web, pages, vigil, db, tmp_path):
    feed = _numbered_feed(web, pages, 3)
    listed = tmp_path / "sources.csv"
    listed.write_text(f"url,interval,max_items\n{feed},0,1\n{web.url('/other.xml')},0,many\n", encoding="utf-8")
    outcome = vigil("watch", "--once", "--host-delay", "0", "--max-items", "5", "--db", db, "--sources", listed)
    assert outcome.code == 0, outcome.stderr
    assert f"{listed}: line 3: bad max_items 'many'" in outcome.stderr
    assert "3 items, 1 taken, 2 left for the next poll: 1 added" in _poll_line(outcome.stderr)
