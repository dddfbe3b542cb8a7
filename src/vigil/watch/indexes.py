"""Following a sitemap index: the sitemaps it lists are fetched as its own listing is, politely
(robots.txt, the pace per host, conditional requests with each sitemap's own ETag and
Last-Modified, kept in ``watch_sources`` under the sitemap's URL), and their articles pooled.

At most ``MAX_SITEMAPS`` sitemaps are asked for per poll, the most recent first by the index's
``<lastmod>``; the others wait for the next poll.  A sitemap whose ``<lastmod>`` is older than
the poll that last read it whole is not asked for at all.  An index inside an index is followed
down to ``MAX_DEPTH`` levels.  A sitemap that
cannot be read is one problem line and the others go through.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Optional

from vigil.watch.fetch import Fetcher, FetchError
from vigil.watch.listings import Item, Listing, ListingError, read_listing
from vigil.watch.state import WatchState

MAX_SITEMAPS = 50  # sitemaps read per poll of an index
MAX_DEPTH = 2  # an index may list indexes, which may list only sitemaps
COMPLETE = "200"  # a sitemap's last status when every article it listed went through


@dataclass
class IndexRead:
    """What the sitemaps of an index gave: their articles pooled, and how each sitemap went."""

    items: list[Item] = field(default_factory=list)
    title: Optional[str] = None  # the first news sitemap's publication
    read: int = 0  # sitemaps answered with a listing
    not_modified: int = 0  # sitemaps answered 304
    failed: int = 0
    unchanged: int = 0  # not asked for: its <lastmod> in the index is older than the poll that read it
    skipped: int = 0  # over MAX_SITEMAPS: left for the next poll
    validators: dict[str, tuple[Optional[str], Optional[str]]] = field(default_factory=dict)  # url -> ETag, L-M

    @property
    def sitemaps(self) -> int:
        """Sitemaps asked for in this poll."""
        return self.read + self.not_modified + self.failed

    def summary(self) -> str:
        """"4 sitemaps (2 read, 1 not modified, 1 failed)" for the poll line."""
        listed = self.sitemaps + self.unchanged + self.skipped
        parts = [f"{count} {label}" for count, label in (
            (self.read, "read"), (self.not_modified, "not modified"), (self.unchanged, "unchanged by <lastmod>"),
            (self.failed, "failed"), (self.skipped, "left for the next poll")) if count]
        return f"{listed} sitemap{'s' if listed != 1 else ''} ({', '.join(parts) or 'none read'})"


def read_index(index: Listing, *, location: str, state: WatchState, fetcher: Fetcher,
               on_problem: Callable[[str], None]) -> IndexRead:
    """The articles the sitemaps of ``index`` (the listing at ``location``) list."""
    found = IndexRead()
    _follow(index, location, 1, found, {location}, state=state, fetcher=fetcher, on_problem=on_problem)
    return found


def record_sitemaps(found: IndexRead, state: WatchState, *, keep_validators: bool) -> None:
    """Count each sitemap's poll; its new validators are kept only when nothing it listed is left
    to fetch again (the rule of any listing)."""
    for url, validators in found.validators.items():
        state.record_poll(url, "sitemap", COMPLETE if keep_validators else "200, articles left",
                          validators=validators if keep_validators else None)


def _follow(index: Listing, location: str, depth: int, found: IndexRead, visited: set[str], *,
            state: WatchState, fetcher: Fetcher, on_problem: Callable[[str], None]) -> None:
    for skipped in index.skipped:
        on_problem(f"{location}: {skipped} (skipped)")
    # The most recent first: a news site's index lists a sitemap per day or month.
    sitemaps = sorted((s for s in index.sitemaps if s.url not in visited), key=lambda s: s.published or "",
                      reverse=True)
    over = 0
    for sitemap in sitemaps:
        visited.add(sitemap.url)
        if _unchanged_since_read(sitemap, state):
            found.unchanged += 1  # no request: the index says it has not changed since it was read whole
            continue
        if found.sitemaps >= MAX_SITEMAPS:
            over += 1
            continue
        listing = _read_sitemap(sitemap.url, found, state=state, fetcher=fetcher, on_problem=on_problem)
        if listing is None:
            continue
        if listing.kind == "sitemap index":
            if depth >= MAX_DEPTH:
                found.read -= 1  # read, but refused: counted as failed
                found.validators.pop(sitemap.url, None)
                found.failed += 1
                on_problem(f"{sitemap.url}: failed: an index nested more than {MAX_DEPTH} deep (skipped)")
                continue
            _follow(listing, sitemap.url, depth + 1, found, visited, state=state, fetcher=fetcher,
                    on_problem=on_problem)
            continue
        for skipped in listing.skipped:
            on_problem(f"{sitemap.url}: {skipped} (skipped)")
        found.items += listing.items
        found.title = found.title or listing.title
    if over:
        found.skipped += over
        on_problem(f"{location}: {over} of its sitemaps left for the next poll (at most {MAX_SITEMAPS} read "
                   "a poll, the most recent first)")


def _unchanged_since_read(sitemap: Item, state: WatchState) -> bool:
    """Whether the index's <lastmod> for ``sitemap`` is before the last poll that read it whole."""
    if not sitemap.published:
        return False
    known = state.source(sitemap.url)
    if known.last_status not in (COMPLETE, "304") or not known.last_polled_at:
        return False
    try:
        changed = datetime.fromisoformat(sitemap.published.replace("Z", "+00:00"))
    except ValueError:
        return False
    if len(sitemap.published) <= 10:  # a date alone: it may have changed until the end of that day
        changed += timedelta(days=1)
    if changed.tzinfo is None:
        changed = changed.replace(tzinfo=timezone.utc)
    return changed <= datetime.fromisoformat(known.last_polled_at)


def _read_sitemap(url: str, found: IndexRead, *, state: WatchState, fetcher: Fetcher,
                  on_problem: Callable[[str], None]) -> Optional[Listing]:
    """The listing at ``url``, or None when it is unchanged (304) or cannot be read (said)."""

    def failed(problem: str) -> None:
        found.failed += 1
        on_problem(f"{url}: failed: {problem} (skipped, asked for again at the next poll)")
        state.record_poll(url, "sitemap", problem)

    refusal = fetcher.refusal(url)
    if refusal:
        return failed(refusal)
    known = state.source(url)
    try:
        page = fetcher.get(url, etag=known.etag, last_modified=known.last_modified)
    except FetchError as error:
        return failed(str(error))
    if page.not_modified:
        found.not_modified += 1
        state.record_poll(url, "sitemap", "304", not_modified=True)
        return None
    try:
        listing = read_listing(page.content, page.url, "sitemap")
    except ListingError as error:
        return failed(str(error))
    found.read += 1
    found.validators[url] = (page.etag, page.last_modified)
    return listing
