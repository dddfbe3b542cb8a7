"""What a feed or a news sitemap lists: article links with the title and date it gives them.

Feeds (RSS 0.9x/1.0/2.0, Atom) are read by feedparser; a sitemap (``<urlset>``, with Google
News ``<news:news>`` entries or plain ``<lastmod>``) by lxml with entities and the network off.
A sitemap index (``<sitemapindex>``) lists sitemaps, not articles: its ``sitemaps`` are followed
by vigil.watch.indexes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlsplit

SITEMAP_ROOTS = ("urlset", "sitemapindex")
LONGEST_URL = 2048  # longer links are refused: no browser or index takes them reliably


class ListingError(ValueError):
    """The answer is not a feed or a sitemap Vigil can read; the message is one line."""


@dataclass
class Item:
    url: str
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD as the listing states it


@dataclass
class Listing:
    kind: str  # feed | sitemap | sitemap index
    title: Optional[str] = None  # the feed's title: the outlet when the source names none
    items: list[Item] = field(default_factory=list)
    sitemaps: list[Item] = field(default_factory=list)  # an index's sitemaps (url and <lastmod>)
    skipped: list[str] = field(default_factory=list)  # entries that name no article

    def add(self, item: Item, where: str, into: Optional[list[Item]] = None) -> None:
        if len(item.url) > LONGEST_URL:
            self.skipped.append(f"{where} has a link of {len(item.url):,} characters (at most {LONGEST_URL:,})")
        else:
            (self.items if into is None else into).append(item)


def read_listing(content: bytes, url: str, kind: Optional[str] = None) -> Listing:
    """The listing at ``url``; ``kind`` (feed or sitemap) when the source names it, else found
    from the content."""
    root = _xml_root_name(content)
    if kind == "sitemap" or (kind is None and root in SITEMAP_ROOTS):
        return _read_sitemap(content, url)
    return _read_feed(content, url)


def _xml_root_name(content: bytes) -> Optional[str]:
    import lxml.etree

    try:
        for _event, element in lxml.etree.iterparse(_bytes_io(content), events=("start",), resolve_entities=False,
                                                    no_network=True, load_dtd=False):
            return lxml.etree.QName(element).localname
    except lxml.etree.XMLSyntaxError:
        return None
    return None


def _bytes_io(content: bytes):
    import io

    return io.BytesIO(content)


def _read_feed(content: bytes, url: str) -> Listing:
    import feedparser

    # Bytes, never a URL: feedparser would fetch a string that looks like one itself.
    parsed = feedparser.parse(content, response_headers={"content-location": url})
    if not parsed.entries and not parsed.feed.get("title") and parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        raise ListingError(f"not a feed or a sitemap ({_first_line(problem) or 'no entries'})")
    if not parsed.get("version") and not parsed.entries:
        raise ListingError("not a feed or a sitemap (no RSS, Atom or <urlset> in it)")
    listing = Listing("feed", (parsed.feed.get("title") or "").strip() or None)
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or (entry.get("id") if _is_web_url(entry.get("id")) else None)
        if not link:
            listing.skipped.append(f"entry {number} ({entry.get('title') or 'untitled'}) has no link")
            continue
        date = entry.get("published_parsed") or entry.get("updated_parsed")
        listing.add(Item(urljoin(url, link.strip()), (entry.get("title") or "").strip() or None,
                         time.strftime("%Y-%m-%d", date) if date else None), f"entry {number}")
    return listing


def _read_sitemap(content: bytes, url: str) -> Listing:
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(content, parser)
    except lxml.etree.XMLSyntaxError as error:
        raise ListingError(f"not a sitemap ({_first_line(error)})") from None
    name = lxml.etree.QName(root).localname
    if name == "sitemapindex":
        return _read_index(root, url)
    if name != "urlset":
        raise ListingError(f"not a sitemap (its root is <{name}>, not <urlset>)")
    listing = Listing("sitemap")
    for number, entry, loc in _located(root, "url", listing):
        news = next(_children(entry, "news"), None)
        title = _text(news, "title") if news is not None else None
        date = (_text(news, "publication_date") if news is not None else None) or _text(entry, "lastmod")
        if news is not None and listing.title is None:
            publication = next(_children(news, "publication"), None)
            listing.title = _text(publication, "name") if publication is not None else None
        listing.add(Item(urljoin(url, loc), title, date[:10] if date and len(date) >= 10 else None), f"<url> {number}")
    return listing


def _read_index(root, url: str) -> Listing:
    listing = Listing("sitemap index")
    for number, entry, loc in _located(root, "sitemap", listing):
        listing.add(Item(urljoin(url, loc), published=_text(entry, "lastmod")), f"<sitemap> {number}",
                    into=listing.sitemaps)
    return listing


def _located(root, localname: str, listing: Listing):
    """(number, element, <loc>) of each ``localname`` entry; one without a <loc> is noted as skipped."""
    for number, entry in enumerate(_children(root, localname), start=1):
        loc = _text(entry, "loc")
        if loc:
            yield number, entry, loc
        else:
            listing.skipped.append(f"<{localname}> {number} has no <loc>")


def _children(element, localname: str):
    return (child for child in element if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == localname)


def _text(element, localname: str) -> Optional[str]:
    child = next(_children(element, localname), None)
    return child.text.strip() if child is not None and child.text and child.text.strip() else None


def _is_web_url(value) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https")


def _first_line(value) -> str:
    return str(value or "").strip().splitlines()[0] if str(value or "").strip() else ""
