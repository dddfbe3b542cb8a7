"""One poll of one source: ask for its listing (conditionally), fetch the articles not seen
before, and ingest them through ``vigil.ingest`` (which skips stored content and keeps
near-duplicates from being counted twice); one line tells what came of it.

At most ``max_items`` new articles are fetched per poll (the source's own cap, else the
command's), in the listing's order; the rest are left for the next polls, which find the ones
taken already seen.  A feed's new ETag and Last-Modified are kept only when every article it
listed went through and none was left, so a page that failed or waits its turn is asked for
again at the next poll instead of hiding behind a 304.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator, Optional

from vigil.readers import ReadError
from vigil.watch.fetch import Fetcher, FetchError, Page
from vigil.watch.listings import Item, Listing, ListingError, read_listing
from vigil.watch.sources import MAX_ITEMS, Source, display
from vigil.watch.state import WatchState

if TYPE_CHECKING:
    from vigil.watch.indexes import IndexRead

STORED = ("added", "replaced", "unchanged", "near_duplicate")
NOT_MODIFIED = "304"


@dataclass
class PollResult:
    source: Source
    kind: str = ""
    status: str = ""  # "200", "304", "changed" (a folder), or "failed"
    problem: Optional[str] = None  # why the poll failed
    items: int = 0  # articles the listing names
    seen: int = 0  # already stored: skipped without a request
    refused: int = 0  # robots.txt says no
    taken: int = 0  # new articles fetched in this poll
    left: int = 0  # new articles over the cap, left for the next poll
    failed: int = 0  # could not be fetched, read or stored
    added: int = 0
    replaced: int = 0
    unchanged: int = 0  # the same text is stored already (under another URL, say)
    near_duplicates: int = 0
    incidents: int = 0
    alerts: int = 0
    seconds: float = 0.0
    index: Optional["IndexRead"] = None  # how the sitemaps of a sitemap index went

    @property
    def not_modified(self) -> bool:
        return self.status == NOT_MODIFIED

    def line(self) -> str:
        name = display(self.source)
        if self.status == "failed":
            return f"{name}: failed: {self.problem}"
        if self.not_modified:
            return f"{name}: {NOT_MODIFIED} not modified" if self.source.is_web else f"{name}: not modified"
        head = f"{name}: {self.status} {self.kind}"
        if self.index is not None:
            head += f", {self.index.summary()}"
        if self.source.is_web:
            head += f", {self.items} items"
        if self.left:
            head += f", {self.taken} taken, {self.left} left for the next poll"
        parts = [f"{self.added} added"]
        for count, label in ((self.replaced, "replaced"), (self.unchanged, "unchanged"),
                             (self.near_duplicates, "near-duplicate")):
            if count:
                parts.append(f"{count} {label}")
        if self.source.is_web:
            parts.append(f"{self.seen} seen")
        if self.refused:
            parts.append(f"{self.refused} refused by robots.txt")
        parts += [f"{self.failed} failed", f"{self.incidents} incidents"]
        if self.alerts:
            parts.append(f"{self.alerts} alert{'s' if self.alerts != 1 else ''} sent")
        return f"{head}: {', '.join(parts)} ({self.seconds:.1f} s)"


def poll_source(source: Source, *, db: str, state: WatchState, fetcher: Fetcher,
                timeout: Optional[float], on_problem: Callable[[str], None], max_items: int = MAX_ITEMS) -> PollResult:
    """One poll; ``max_items`` caps the new articles fetched (0: no cap) unless the source has its own cap."""
    started = time.monotonic()
    result = PollResult(source)
    if source.is_web:
        cap = source.max_items if source.max_items is not None else max_items
        _poll_web(source, result, db=db, state=state, fetcher=fetcher, timeout=timeout, on_problem=on_problem,
                  cap=cap)
    else:
        _poll_folder(source, result, db=db, state=state, timeout=timeout, on_problem=on_problem)
    result.seconds = time.monotonic() - started
    return result


def _poll_web(source: Source, result: PollResult, *, db, state, fetcher, timeout, on_problem, cap: int) -> None:
    known = state.source(source.location)
    kind = source.kind or "feed"

    def failed(problem: str) -> None:
        result.status, result.problem = "failed", problem
        state.record_poll(source.location, kind, problem)

    refusal = fetcher.refusal(source.location)
    if refusal:
        return failed(refusal)
    try:
        page = fetcher.get(source.location, etag=known.etag, last_modified=known.last_modified)
    except FetchError as error:
        return failed(str(error))
    if page.not_modified:
        result.status, result.kind = NOT_MODIFIED, kind
        state.record_poll(source.location, kind, NOT_MODIFIED, not_modified=True)
        return
    try:
        listing = read_listing(page.content, page.url, source.kind)
    except ListingError as error:
        return failed(str(error))
    index = None
    if listing.kind == "sitemap index":
        from vigil.watch.indexes import read_index

        index = result.index = read_index(listing, location=source.location, state=state, fetcher=fetcher,
                                          on_problem=on_problem)
        if index.failed and not index.read and not index.not_modified:
            return failed(f"none of its {index.failed} sitemaps could be read")
        listing = Listing(listing.kind, index.title, index.items)
    result.status, result.kind = str(page.status), listing.kind
    for skipped in listing.skipped:
        on_problem(f"{source.location}: {skipped} (skipped)")
    items = list({item.url: item for item in listing.items}.values())
    result.items = len(items)
    unseen = state.unseen(item.url for item in items)
    wanted = []
    for item in items:
        if item.url not in unseen:
            result.seen += 1
            continue
        refusal = fetcher.refusal(item.url)
        if refusal:
            result.refused += 1
            on_problem(f"{item.url}: {refusal} (skipped)")
            continue
        wanted.append(item)
    if cap and len(wanted) > cap:
        result.left, wanted = len(wanted) - cap, wanted[:cap]
    result.taken = len(wanted)
    if wanted:
        _ingest_articles(source, listing, wanted, result, db=db, state=state, fetcher=fetcher, timeout=timeout,
                         on_problem=on_problem)
    # Keep the listing's validators only when nothing is left to fetch again at the next poll.
    complete = not result.failed and not result.left
    if index is not None:
        from vigil.watch.indexes import record_sitemaps

        record_sitemaps(index, state, keep_validators=complete)
        complete = complete and not index.failed and not index.skipped
    validators = (page.etag, page.last_modified) if complete else None
    state.record_poll(source.location, _stored_kind(listing.kind), result.status, validators=validators)


def _stored_kind(kind: str) -> str:
    return "sitemap" if kind == "sitemap index" else kind  # watch_sources.kind: feed | sitemap | folder


def _ingest_articles(source: Source, listing: Listing, items: list[Item], result: PollResult, *, db, state,
                     fetcher, timeout, on_problem) -> None:
    from vigil import api

    read: dict[str, object] = {}  # url -> Document, for what the ingest says of it

    def articles() -> Iterator:
        for item in items:
            try:
                page = fetcher.get(item.url)
                document = page_document(page, item, outlet=source.outlet or listing.title, language=source.language)
            except (FetchError, ReadError) as error:
                result.failed += 1
                problem = str(error).removeprefix(f"{item.url}: ")  # read_text names the report itself
                on_problem(f"{item.url}: {problem} (skipped, asked for again at the next poll)")
                continue
            read[item.url] = document
            yield document

    seen: list[dict] = []

    def on_report(where: str, status: str) -> None:
        document = read.pop(where, None)  # held only until stored: a poll without a cap may list thousands
        if document is not None and status in STORED:
            seen.append({"url": where, "document_id": document.id, "content_hash": document.content_hash,
                         "status": status})

    def on_failure(failure) -> None:
        result.failed += 1
        on_problem(str(failure))

    summary = api.ingest(db=db, documents=articles(), on_report=on_report, on_failure=on_failure,
                         timeout=timeout, on_notice=on_problem)
    state.mark_seen(source.location, seen)
    _count(result, summary)


def page_document(page: Page, item: Item, *, outlet: Optional[str], language: Optional[str]):
    """The report an article page holds (its main text by trafilatura, vigil.readers.html), with
    the listing's title and date; ReadError when it holds none."""
    from vigil.readers import read_text
    from vigil.readers.encoding import detect_encoding
    from vigil.store.filters import is_partial_date

    encoding = _known_codec(page.charset) or detect_encoding(page.content[:65536], complete=len(page.content) <= 65536)
    text = page.content.decode(encoding, errors="replace")
    published = item.published if is_partial_date(item.published) else None
    return read_text(text, id=item.url, source=item.url, url=item.url, title=item.title, published=published,
                     outlet=outlet, language=language)


def _known_codec(name: Optional[str]) -> Optional[str]:
    import codecs

    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _poll_folder(source: Source, result: PollResult, *, db, state, timeout, on_problem) -> None:
    """A folder is "not modified" while its files' names, sizes and times stay the same; when
    they change it is ingested again (stored reports are recognised and skipped)."""
    from vigil import api

    result.kind = "folder"
    fingerprint = folder_fingerprint(source.location)
    if fingerprint == state.source(source.location).etag:
        result.status = NOT_MODIFIED
        state.record_poll(source.location, "folder", NOT_MODIFIED, not_modified=True)
        return

    def on_failure(failure) -> None:
        result.failed += 1
        on_problem(str(failure))

    metadata = {k: v for k, v in (("outlet", source.outlet), ("language", source.language)) if v}
    summary = api.ingest([source.location], db=db, metadata=metadata or None, on_failure=on_failure,
                         timeout=timeout, on_notice=on_problem)
    result.status = "changed"
    _count(result, summary)
    state.record_poll(source.location, "folder", "changed", validators=(fingerprint, None))


def folder_fingerprint(folder: str) -> str:
    """A hash of every file's path, size and modification time under ``folder``."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            digest.update(f"{os.path.relpath(path, folder)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _count(result: PollResult, summary) -> None:
    result.added += summary.added
    result.replaced += summary.replaced
    result.unchanged += summary.unchanged
    result.near_duplicates += summary.near_duplicates
    result.incidents += summary.incidents
    result.alerts += sum(1 for fired in summary.alerts if fired.problem is None)
