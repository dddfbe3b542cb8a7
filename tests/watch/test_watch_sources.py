"""Reading what to follow (CSV, TOML, arguments) and what a listing lists (RSS, Atom, sitemaps)."""
from __future__ import annotations

import pytest

from vigil.watch.listings import ListingError, read_listing
from vigil.watch.sources import SourceError, make_source, parse_interval, read_sources_file


@pytest.mark.parametrize("value, seconds", [(900, 900.0), ("90", 90.0), ("30s", 30.0), ("15m", 900.0),
                                            ("2h", 7200.0), ("1d", 86400.0), ("1.5 h", 5400.0)])
def test_intervals(value, seconds):
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["soon", "-5", "15 minutes", True, ""])
def test_bad_intervals(value):
    with pytest.raises(SourceError, match="bad interval"):
        parse_interval(value)


def test_csv_with_a_header_and_without(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    with_header = tmp_path / "a.csv"
    with_header.write_text("# our feeds\nsource,kind,interval,outlet,language\n"
                           "https://news.example/rss,feed,15m,Harbour Times,en\n\ninbox,,,,\n", encoding="utf-8")
    sources, problems = read_sources_file(str(with_header))
    assert problems == []
    assert [(s.location, s.kind, s.interval, s.outlet, s.language) for s in sources] == [
        ("https://news.example/rss", "feed", 900.0, "Harbour Times", "en"),
        (str(folder.resolve()), "folder", None, None, None)]  # relative to the file's folder
    plain = tmp_path / "b.csv"
    plain.write_text("https://news.example/rss\nhttps://news.example/sitemap.xml\n", encoding="utf-8")
    assert [s.location for s in read_sources_file(str(plain))[0]] == [
        "https://news.example/rss", "https://news.example/sitemap.xml"]


def test_toml_tables_and_lists(tmp_path):
    tables = tmp_path / "a.toml"
    tables.write_text('[[source]]\nurl = "https://news.example/rss"\ninterval = 600\n\n'
                      '[[source]]\nurl = "https://news.example/news.xml"\nkind = "sitemap"\n\n'
                      '[[source]]\nurl = "https://news.example/x"\nkind = "podcast"\n', encoding="utf-8")
    sources, problems = read_sources_file(str(tables))
    assert [(s.kind, s.interval) for s in sources] == [(None, 600.0), ("sitemap", None)]
    assert problems == [f"{tables}: [[source]] 3: https://news.example/x: unknown kind 'podcast' "
                        "(use feed, sitemap, folder)"]
    listed = tmp_path / "b.toml"
    listed.write_text('sources = ["https://news.example/rss"]\n', encoding="utf-8")
    assert [s.location for s in read_sources_file(str(listed))[0]] == ["https://news.example/rss"]
    for text, problem in (("[[source]]\nurl = 'https://a.example'\nevery = 5\n", "unknown field 'every'"),
                          ("title = 'x'\n", "no sources"), ("[[source]\n", "not TOML")):
        bad = tmp_path / "bad.toml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(SourceError, match=problem):
            read_sources_file(str(bad))


def test_arguments():
    assert make_source("https://news.example/rss").kind is None
    for argument, problem in (("ftp://news.example/rss", "not a URL Vigil can follow"),
                              ("https:///rss", "a URL without a host"), ("/no/such/folder", "no such folder")):
        with pytest.raises(SourceError, match=problem):
            make_source(argument)


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Times</title>
<item><title>One</title><link>/news/one.html</link><pubDate>Tue, 05 Mar 2024 10:00:00 +0500</pubDate></item>
<item><title>No link at all</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Indus Wire</title><id>urn:x</id>
<updated>2024-03-05T00:00:00Z</updated>
<entry><title>Two</title><id>https://wire.example/two</id><updated>2024-03-04T23:00:00Z</updated></entry>
</feed>"""


def test_feeds_list_their_articles_with_title_and_date():
    rss = read_listing(RSS, "https://news.example/feed.xml")
    assert (rss.kind, rss.title) == ("feed", "Harbour Times")
    assert [(i.url, i.title, i.published) for i in rss.items] == [
        ("https://news.example/news/one.html", "One", "2024-03-05")]  # a relative link made whole
    assert rss.skipped == ["entry 2 (No link at all) has no link"]
    atom = read_listing(ATOM, "https://wire.example/atom")
    assert [(i.url, i.published) for i in atom.items] == [("https://wire.example/two", "2024-03-04")]


def test_sitemaps_and_what_is_neither():
    plain = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://news.example/a.html</loc><lastmod>2024-03-01</lastmod></url><url></url></urlset>"""
    listing = read_listing(plain, "https://news.example/sitemap.xml")
    assert [(i.url, i.published) for i in listing.items] == [("https://news.example/a.html", "2024-03-01")]
    assert listing.skipped == ["<url> 2 has no <loc>"]
    long = f"<urlset><url><loc>https://news.example/{'a' * 3000}</loc></url></urlset>".encode()
    assert read_listing(long, "https://news.example/s.xml").skipped == [
        "<url> 1 has a link of 3,021 characters (at most 2,048)"]
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>x.xml</loc>'
             b'<lastmod>2024-03-02</lastmod></sitemap><sitemap></sitemap></sitemapindex>')
    listed = read_listing(index, "https://news.example/sitemap.xml")
    assert (listed.kind, listed.items) == ("sitemap index", [])
    assert [(i.url, i.published) for i in listed.sitemaps] == [("https://news.example/x.xml", "2024-03-02")]
    assert listed.skipped == ["<sitemap> 2 has no <loc>"]
    with pytest.raises(ListingError, match="not a feed or a sitemap"):
        read_listing(b"<html><body><p>Hello</p></body></html>", "https://news.example/")
    entity = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>'
    assert all("root:" not in (i.url or "") for i in read_listing(entity, "https://news.example/s.xml").items)
