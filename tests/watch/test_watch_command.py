"""`vigil watch` against a local web server: new articles ingested, a second poll answered 304,
seen articles skipped, robots.txt honoured, a failing page reported while the rest goes through,
and the state kept in the store across processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from vigil import __version__
from vigil.store import Store
from vigil.store.schema import watch_seen, watch_sources

MONDAY = "Mon, 04 Mar 2024 18:00:00 GMT"


def _feed(web, pages, *paths_and_pages, etag='"v1"', path="/feed.xml"):
    """Serve the article pages and an RSS feed listing them; returns the feed's URL."""
    items = []
    for article_path, page in paths_and_pages:
        items.append((web.serve(article_path, page), article_path.rsplit("/", 1)[-1], MONDAY))
    return web.serve(path, pages.rss("Harbour Times", items), content_type="application/rss+xml", etag=etag)


def _watch(vigil, db, *args):
    return vigil("watch", "--once", "--interval", "0", "--host-delay", "0", "--db", db, *args)


def _poll_lines(stderr: str) -> list[str]:
    """The lines that tell a poll of a feed or sitemap (not an article's problem, not "not due")."""
    return [line for line in stderr.splitlines()
            if ("/feed.xml:" in line or "sitemap.xml:" in line) and "not due" not in line]


def _start_interruptible(args: list[str]) -> subprocess.Popen:
    """Start ``args`` as a command typed at a terminal, where SIGINT (Ctrl-C) interrupts it, however
    the tests were started: a background job of a shell without job control has SIGINT ignored, and
    an ignored signal stays ignored in every process it starts (Python then never raises
    KeyboardInterrupt).  A handled signal is reset to its default by exec: handle it meanwhile."""
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, inherited)


def _source_row(db: str) -> dict:
    with Store.open(db) as store, store.transaction("read") as connection:
        return dict(connection.execute(select(watch_sources)).mappings().one())


def test_once_ingests_new_articles_and_a_second_poll_is_a_304(web, pages, vigil, db):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK), ("/news/fire.html", pages.MARKET_FIRE))

    first = _watch(vigil, db, feed)
    assert first.code == 0, first.stderr
    [line] = _poll_lines(first.stderr)  # one line per poll
    assert f"{feed}: 200 feed, 2 items: 2 added, 0 seen, 0 failed, 1 incidents" in line
    with Store.open(db) as store:
        stored = {d["url"]: d for d in store.documents()}
        assert set(stored) == {web.url("/news/attack.html"), web.url("/news/fire.html")}
        assert stored[web.url("/news/attack.html")]["outlet"] == "Harbour Times"  # the feed's title
        assert stored[web.url("/news/attack.html")]["published"] == "2024-03-04"  # the feed's date
        [incident] = store.merged_incidents()
        assert incident["location"]["name"] == "Orangi Town"
    # Every request names Vigil and its version; robots.txt was read before anything else.
    assert {r.headers["user-agent"] for r in web.requests} == {f"Vigil/{__version__} (incident monitor; vigil watch)"}
    assert web.requests[0].path == "/robots.txt"

    second = _watch(vigil, db, feed)
    assert second.code == 0, second.stderr
    assert _poll_lines(second.stderr) == [f"vigil watch: {feed}: 304 not modified"]
    assert web.asked("/feed.xml")[-1].headers["if-none-match"] == '"v1"'
    assert web.statuses("/feed.xml") == [200, 304]
    assert len(web.asked("/news/attack.html")) == 1  # not fetched again
    row = _source_row(db)
    assert (row["polls"], row["not_modified"], row["etag"], row["last_status"]) == (2, 1, '"v1"', "304")


def test_a_changed_feed_gives_only_its_new_item_and_counts_the_seen_ones(web, pages, vigil, db):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    assert _watch(vigil, db, feed).code == 0
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK), ("/news/school.html", pages.SCHOOL_REOPENS),
                 etag='"v2"')

    changed = _watch(vigil, db, feed)
    assert changed.code == 0, changed.stderr
    [line] = _poll_lines(changed.stderr)
    assert "200 feed, 2 items: 1 added, 1 seen, 0 failed" in line
    assert len(web.asked("/news/attack.html")) == 1 and len(web.asked("/news/school.html")) == 1
    with Store.open(db) as store, store.transaction("read") as connection:
        seen = dict(connection.execute(select(watch_seen.c.url, watch_seen.c.status)).all())
    assert seen == {web.url("/news/attack.html"): "added", web.url("/news/school.html"): "added"}


def test_the_same_text_under_a_new_url_is_recognised_by_its_content(web, pages, vigil, db):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    assert _watch(vigil, db, feed).code == 0
    rerun = pages.CHECKPOINT_ATTACK.replace("several hours", "many hours")  # another outlet, one word changed
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK),
                 ("/amp/attack.html", pages.CHECKPOINT_ATTACK), ("/wire/attack.html", rerun), etag='"v2"')

    again = _watch(vigil, db, feed)
    [line] = _poll_lines(again.stderr)
    assert "0 added, 1 unchanged, 1 near-duplicate, 1 seen" in line
    with Store.open(db) as store:
        assert store.counts()["documents"] == 2 and store.counts()["near_duplicates"] == 1
        assert store.document_row(web.url("/wire/attack.html"))["duplicate_of"] == web.url("/news/attack.html")
        assert len(store.merged_incidents()) == 1  # its incident is not counted twice


def test_robots_txt_is_honoured(web, pages, vigil, db):
    web.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: Vigil\nDisallow: /members/\n",
              content_type="text/plain")
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK), ("/members/fire.html", pages.MARKET_FIRE))

    outcome = _watch(vigil, db, feed)
    assert outcome.code == 0, outcome.stderr
    [line] = _poll_lines(outcome.stderr)
    assert "1 added, 0 seen, 1 refused by robots.txt, 0 failed" in line
    assert f"{web.url('/members/fire.html')}: disallowed by robots.txt (skipped)" in outcome.stderr
    assert web.asked("/members/fire.html") == []

    web.serve("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    private = _feed(web, pages, path="/private/feed.xml")
    refused = _watch(vigil, db, private)
    assert refused.code == 1  # the whole source was refused
    assert f"{private}: failed: disallowed by robots.txt" in refused.stderr
    assert web.asked("/private/feed.xml") == []


def test_a_failing_page_is_reported_and_the_rest_goes_through(web, pages, vigil, db):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    web.serve(feed.removeprefix(web.base), pages.rss("Harbour Times", [
        (web.url("/news/gone.html"), "gone", MONDAY), (web.url("/news/attack.html"), "attack", MONDAY),
        (web.serve("/news/empty.html", "<html><body><nav>Home</nav></body></html>"), "empty", MONDAY),
    ]), content_type="application/rss+xml", etag='"v1"')

    outcome = _watch(vigil, db, feed)
    assert outcome.code == 0, outcome.stderr
    assert f"{web.url('/news/gone.html')}: HTTP 404 Not Found (skipped, asked for again at the next poll)" \
        in outcome.stderr
    assert f"{web.url('/news/empty.html')}: " in outcome.stderr
    [line] = _poll_lines(outcome.stderr)
    assert "1 added, 0 seen, 2 failed" in line
    # The feed's ETag was not kept, so the next poll reads it again and asks for the failed pages only.
    assert _source_row(db)["etag"] is None
    web.serve("/news/gone.html", pages.SCHOOL_REOPENS)
    retried = _watch(vigil, db, feed)
    assert "1 added, 1 seen, 1 failed" in _poll_lines(retried.stderr)[0]
    assert len(web.asked("/news/attack.html")) == 1


def test_state_survives_a_new_process(web, pages, vigil, db):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    assert _watch(vigil, db, feed).code == 0

    later = subprocess.run([sys.executable, "-m", "vigil.cli", "watch", "--once", "--interval", "0",
                            "--host-delay", "0", "--db", db, feed], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "COLUMNS": "200"})
    assert later.returncode == 0, later.stderr
    assert _poll_lines(later.stderr) == [f"vigil watch: {feed}: 304 not modified"]
    assert web.asked("/feed.xml")[-1].headers["if-none-match"] == '"v1"'


def test_a_source_is_polled_on_its_own_interval(web, pages, vigil, db, tmp_path):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    sitemap = web.serve("/sitemap.xml", pages.news_sitemap("Indus Wire", [
        (web.serve("/news/school.html", pages.SCHOOL_REOPENS), "Lyari school reopens", "2024-03-06T08:00:00+05:00")]),
        content_type="application/xml", last_modified="Wed, 06 Mar 2024 08:00:00 GMT")
    listed = tmp_path / "sources.toml"
    listed.write_text(f'[[source]]\nurl = "{feed}"\ninterval = "1h"\n\n'
                      f'[[source]]\nurl = "{sitemap}"\ninterval = 0\noutlet = "Indus Wire"\n', encoding="utf-8")

    first = vigil("watch", "--once", "--host-delay", "0", "--db", db, "--sources", listed)
    assert first.code == 0, first.stderr
    assert len(_poll_lines(first.stderr)) == 2
    with Store.open(db) as store:
        school = store.document(web.url("/news/school.html"))
        assert (school.outlet, school.published) == ("Indus Wire", "2024-03-06")

    second = vigil("watch", "--once", "--host-delay", "0", "--db", db, "--sources", listed)
    assert second.code == 0, second.stderr
    assert f"{feed}: not due (next poll in" in second.stderr
    assert _poll_lines(second.stderr) == [f"vigil watch: {sitemap}: 304 not modified"]
    assert web.asked("/sitemap.xml")[-1].headers["if-modified-since"] == "Wed, 06 Mar 2024 08:00:00 GMT"
    assert len(web.asked("/feed.xml")) == 1


def test_a_folder_is_a_source(vigil, db, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "school.txt").write_text("A government school in Lyari reopened on Wednesday after repairs to its "
                                       "roof, the education department said.\n", encoding="utf-8")
    first = _watch(vigil, db, folder)
    assert first.code == 0, first.stderr
    assert "changed folder: 1 added, 0 failed" in first.stderr
    assert "not modified" in _watch(vigil, db, folder).stderr
    (folder / "market.txt").write_text("A fire broke out in a cloth market in Saddar on Monday night and nobody "
                                       "was hurt, officials said.\n", encoding="utf-8")
    third = _watch(vigil, db, folder)
    assert "changed folder: 1 added, 1 unchanged, 0 failed" in third.stderr


def test_bad_sources_are_named_and_the_others_followed(web, pages, vigil, db, tmp_path):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    listed = tmp_path / "sources.csv"
    listed.write_text(f"url,interval,outlet\n{feed},0,Harbour Times\nftp://example.org/x,0,\n"
                      f"{web.url('/other.xml')},soon,\n", encoding="utf-8")
    outcome = vigil("watch", "--once", "--host-delay", "0", "--db", db, "--sources", listed, tmp_path / "missing")
    assert outcome.code == 0, outcome.stderr
    assert f"{listed}: line 3: ftp://example.org/x: not a URL Vigil can follow" in outcome.stderr
    assert f"{listed}: line 4: bad interval 'soon'" in outcome.stderr
    assert "missing: no such folder" in outcome.stderr
    assert len(_poll_lines(outcome.stderr)) == 1

    nothing = vigil("watch", "--once", "--db", db, "ftp://example.org/x")
    assert nothing.code == 2 and "no source to follow" in nothing.stderr
    no_file = vigil("watch", "--once", "--db", db, "--sources", tmp_path / "none.toml")
    assert no_file.code == 2 and "none.toml: no such file or directory" in no_file.stderr


def test_a_source_that_is_not_a_feed_fails_alone(web, pages, vigil, db):
    feed = _feed(web, pages, ("/news/attack.html", pages.CHECKPOINT_ATTACK))
    page = web.url("/news/attack.html")
    outcome = _watch(vigil, db, page, feed, web.url("/nowhere.xml"))
    assert outcome.code == 1
    assert f"{page}: failed: not a feed or a sitemap" in outcome.stderr
    assert f"{web.url('/nowhere.xml')}: failed: HTTP 404 Not Found" in outcome.stderr
    assert "2 of 3 polls failed" in outcome.stderr
    with Store.open(db) as store:
        assert store.counts()["documents"] == 1


def test_without_once_it_polls_each_source_on_its_interval_until_interrupted(web, pages, db):
    feed = web.serve("/feed.xml", pages.rss("Harbour Times", []), content_type="application/rss+xml", etag='"v1"')
    watching = _start_interruptible([sys.executable, "-m", "vigil.cli", "watch", "--interval", "1", "--host-delay", "0",
                                     "--db", db, feed])
    try:
        deadline = time.monotonic() + 60
        while len(web.asked("/feed.xml")) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        watching.send_signal(signal.SIGINT)
        stderr = watching.communicate(timeout=120)[1]  # a loaded machine may be slow to wind down
    assert web.statuses("/feed.xml")[:3] == [200, 304, 304]
    asked_at = [r.headers["x-at"] for r in web.asked("/feed.xml")]
    assert all(later - earlier >= 0.9 for earlier, later in zip(asked_at, asked_at[1:]))  # its interval apart
    assert watching.returncode == 130
    assert "vigil watch: interrupted" in stderr
    first, second = _poll_lines(stderr)[:2]
    assert first.startswith(f"vigil watch: {feed}: 200 feed, 0 items: 0 added, 0 seen, 0 failed")
    assert second == f"vigil watch: {feed}: 304 not modified"


# Runs `vigil watch` after arranging that a real SIGINT reaches the process while lxml.etree is first
# imported (during the first poll, to read the feed), at the moment lxml registers its classes with
# collections.abc: lxml drops an exception raised there, KeyboardInterrupt included.
_INTERRUPT_DURING_LXML_IMPORT = """
import abc, importlib.util, os, runpy, signal, sys

importing = sent = False

class LxmlEtree:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "lxml.etree":
            return None
        sys.meta_path.remove(LxmlEtree)
        spec = importlib.util.find_spec(name)
        setting_up = spec.loader.exec_module

        def exec_module(module):
            global importing
            importing = True
            try:
                setting_up(module)
            finally:
                importing = False

        spec.loader.exec_module = exec_module
        return spec

register = abc.ABCMeta.register

def register_interrupted(cls, subclass):
    global sent
    if importing and not sent:
        sent = True
        os.kill(os.getpid(), signal.SIGINT)
    return register(cls, subclass)

sys.meta_path.insert(0, LxmlEtree)
abc.ABCMeta.register = register_interrupted
runpy.run_module("vigil.cli", run_name="__main__", alter_sys=True)
"""


def test_an_interrupt_that_a_library_drops_during_a_poll_still_ends_the_watch(web, pages, db):
    feed = web.serve("/feed.xml", pages.rss("Harbour Times", []), content_type="application/rss+xml", etag='"v1"')
    watching = _start_interruptible([sys.executable, "-c", _INTERRUPT_DURING_LXML_IMPORT, "watch", "--interval", "1",
                                     "--host-delay", "0", "--db", db, feed])
    try:
        stderr = watching.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        watching.kill()
        pytest.fail(f"the watch polled on after its interrupt:\n{watching.communicate()[1][-300:]}")
    assert watching.returncode == 130, stderr
    assert "vigil watch: interrupted" in stderr
    assert len(web.asked("/feed.xml")) == 1  # it ended after the poll the interrupt came in
