"""A sitemap index: the sitemaps it lists are followed politely (robots.txt, conditional
requests), a bad one is named and skipped while the rest goes through, nesting is limited, and
at most so many sitemaps are read a poll, the others at the next."""
from __future__ import annotations

import re

import vigil.watch.indexes as indexes
from vigil.store import Store

SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _index(web, path: str, *sitemaps: tuple[str, str | None], etag: str | None = '"i1"') -> str:
    """Serve a <sitemapindex> listing (path, lastmod) sitemaps."""
    entries = "".join(f"<sitemap><loc>{web.url(p)}</loc>{f'<lastmod>{m}</lastmod>' if m else ''}</sitemap>"
                      for p, m in sitemaps)
    return web.serve(path, f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAPS}">{entries}</sitemapindex>',
                     content_type="application/xml", etag=etag)


def _sitemap(web, pages, path: str, *articles: tuple[str, str], etag: str | None = None) -> str:
    items = [(web.serve(p, page), p.rsplit("/", 1)[-1], "2024-03-05T09:00:00+05:00") for p, page in articles]
    return web.serve(path, pages.news_sitemap("Indus Wire", items), content_type="application/xml", etag=etag)


def _watch(vigil, db, url):
    outcome = vigil("watch", "--once", "--interval", "0", "--host-delay", "0", "--db", db, url)
    lines = [line for line in outcome.stderr.splitlines()
             if re.match(rf"vigil watch: {re.escape(url)}: (\d\d\d |failed: )", line)]
    assert len(lines) == 1, outcome.stderr
    [line] = lines
    return outcome, line


def test_an_index_s_sitemaps_are_followed_and_a_bad_one_skipped(web, pages, vigil, db):
    web.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    _sitemap(web, pages, "/maps/march.xml", ("/news/attack.html", pages.CHECKPOINT_ATTACK),
             ("/news/fire.html", pages.MARKET_FIRE), etag='"m1"')
    _sitemap(web, pages, "/maps/older.xml", ("/news/school.html", pages.SCHOOL_REOPENS), etag='"o1"')
    _index(web, "/maps/archive.xml", ("/maps/older.xml", "2024-02-01"))  # an index inside the index
    index = _index(web, "/sitemap-index.xml", ("/maps/march.xml", None), ("/maps/gone.xml", None),
                   ("/maps/archive.xml", "2024-03-01"), ("/private/map.xml", None))

    outcome, line = _watch(vigil, db, index)
    assert outcome.code == 0, outcome.stderr
    assert (f"{index}: 200 sitemap index, 5 sitemaps (3 read, 2 failed), 3 items: 3 added, 0 seen, 0 failed"
            in line)
    assert f"{web.url('/maps/gone.xml')}: failed: HTTP 404 Not Found (skipped" in outcome.stderr
    assert f"{web.url('/private/map.xml')}: failed: disallowed by robots.txt (skipped" in outcome.stderr
    assert web.asked("/private/map.xml") == []
    with Store.open(db) as store:
        assert store.document(web.url("/news/school.html")).outlet == "Indus Wire"
        assert store.counts()["documents"] == 3

    # A sitemap failed, so the index is read again; the sitemaps read whole are asked conditionally.
    again, line = _watch(vigil, db, index)
    assert "200 sitemap index, 4 sitemaps (1 not modified, 1 unchanged by <lastmod>, 2 failed), 0 items" in line
    assert web.asked("/sitemap-index.xml")[-1].headers.get("if-none-match") is None
    assert web.asked("/maps/march.xml")[-1].headers["if-none-match"] == '"m1"'
    assert web.statuses("/maps/march.xml") == [200, 304]
    assert len(web.asked("/maps/older.xml")) == 1  # its <lastmod> is older than the poll that read it
    assert len(web.asked("/news/attack.html")) == 1


def test_nesting_is_limited_and_an_index_of_bad_sitemaps_fails(web, pages, vigil, db, monkeypatch):
    monkeypatch.setattr(indexes, "MAX_DEPTH", 1)
    _sitemap(web, pages, "/maps/older.xml", ("/news/school.html", pages.SCHOOL_REOPENS))
    _index(web, "/maps/archive.xml", ("/maps/older.xml", None))
    _sitemap(web, pages, "/maps/march.xml", ("/news/fire.html", pages.MARKET_FIRE))
    index = _index(web, "/sitemap-index.xml", ("/maps/archive.xml", None), ("/maps/march.xml", None))
    outcome, line = _watch(vigil, db, index)
    assert outcome.code == 0, outcome.stderr
    assert f"{web.url('/maps/archive.xml')}: failed: an index nested more than 1 deep" in outcome.stderr
    assert "2 sitemaps (1 read, 1 failed), 1 items: 1 added" in line
    assert web.asked("/maps/older.xml") == []

    broken = _index(web, "/broken-index.xml", ("/maps/none.xml", None), ("/maps/nothing.xml", None))
    outcome, line = _watch(vigil, db, broken)
    assert outcome.code == 1
    assert line == f"vigil watch: {broken}: failed: none of its 2 sitemaps could be read"


def test_at_most_so_many_sitemaps_a_poll_the_others_at_the_next(web, pages, vigil, db, monkeypatch):
    monkeypatch.setattr(indexes, "MAX_SITEMAPS", 1)
    _sitemap(web, pages, "/maps/new.xml", ("/news/attack.html", pages.CHECKPOINT_ATTACK), etag='"n1"')
    _sitemap(web, pages, "/maps/old.xml", ("/news/school.html", pages.SCHOOL_REOPENS), etag='"o1"')
    index = _index(web, "/sitemap-index.xml", ("/maps/old.xml", "2024-03-01"),
                   ("/maps/new.xml", "2024-03-06T10:00:00+00:00"))

    first, line = _watch(vigil, db, index)
    assert "2 sitemaps (1 read, 1 left for the next poll), 1 items: 1 added" in line
    assert web.asked("/maps/old.xml") == []  # the most recent first
    assert f"{index}: 1 of its sitemaps left for the next poll" in first.stderr
    second, line = _watch(vigil, db, index)
    assert "2 sitemaps (1 read, 1 unchanged by <lastmod>), 1 items: 1 added" in line
    assert len(web.asked("/maps/new.xml")) == 1 and len(web.asked("/maps/old.xml")) == 1
    third, line = _watch(vigil, db, index)
    assert line.endswith(f"{index}: 304 not modified")  # all read: the index's ETag was kept
