"""What `vigil watch` remembers between runs, kept in the store (tables ``watch_sources`` and
``watch_seen``, migration 0009) so a restarted or cron-run watch carries on where it stopped."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import insert, select, update

from vigil.store.schema import documents, watch_seen, watch_sources
from vigil.store.store import timestamp

_LOOKUP_BATCH = 500


@dataclass
class SourceState:
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    last_polled_at: Optional[str] = None  # ISO time of the last poll, UTC
    polls: int = 0
    not_modified: int = 0
    last_status: Optional[str] = None  # "200", "304", or the problem of the last poll


class WatchState:
    """The watch's tables in an open Store."""

    def __init__(self, store):
        self._store = store

    def source(self, location: str) -> SourceState:
        with self._store.transaction("read the watch state") as connection:
            row = connection.execute(select(watch_sources).where(watch_sources.c.source == location)).mappings().first()
        if row is None:
            return SourceState()
        return SourceState(row["etag"], row["last_modified"], row["last_polled_at"], row["polls"], row["not_modified"],
                           row["last_status"])

    def record_poll(self, location: str, kind: str, status: str, *, not_modified: bool = False,
                    validators: Optional[tuple[Optional[str], Optional[str]]] = None) -> None:
        """Count a poll of ``location``; ``validators`` (ETag, Last-Modified) replace the stored
        ones when given (kept when a poll left something to fetch again)."""
        with self._store.transaction("record a poll", write=True) as connection:
            row = connection.execute(select(watch_sources.c.polls, watch_sources.c.not_modified)
                                     .where(watch_sources.c.source == location)).first()
            values = {"kind": kind, "last_polled_at": timestamp(), "last_status": status}
            if validators is not None:
                values["etag"], values["last_modified"] = validators
            if row is None:
                connection.execute(insert(watch_sources).values(
                    source=location, polls=1, not_modified=int(not_modified), **values))
            else:
                connection.execute(update(watch_sources).where(watch_sources.c.source == location).values(
                    polls=row.polls + 1, not_modified=row.not_modified + int(not_modified), **values))

    def unseen(self, urls: Iterable[str]) -> set[str]:
        """The URLs no watch has stored yet and no stored report names as its url."""
        wanted = list(dict.fromkeys(urls))
        known: set[str] = set()
        with self._store.transaction("look up seen articles") as connection:
            for start in range(0, len(wanted), _LOOKUP_BATCH):
                chunk = wanted[start:start + _LOOKUP_BATCH]
                known.update(connection.execute(select(watch_seen.c.url).where(watch_seen.c.url.in_(chunk))).scalars())
                known.update(connection.execute(select(documents.c.url).where(documents.c.url.in_(chunk))).scalars())
        return set(wanted) - known

    def mark_seen(self, source: str, seen: list[dict]) -> None:
        """Remember articles stored from ``source``: dicts of url, document_id, content_hash, status."""
        if not seen:
            return
        with self._store.transaction("remember seen articles", write=True) as connection:
            stored = set(connection.execute(select(watch_seen.c.url)
                                            .where(watch_seen.c.url.in_([s["url"] for s in seen]))).scalars())
            rows = [{"source": source, "seen_at": timestamp(), **s} for s in seen if s["url"] not in stored]
            if rows:
                connection.execute(insert(watch_seen), rows)

    def sources(self) -> list[dict]:
        """Every followed source's row, by source."""
        with self._store.transaction("list watched sources") as connection:
            return [dict(row) for row in connection.execute(select(watch_sources).order_by(watch_sources.c.source))
                    .mappings()]
