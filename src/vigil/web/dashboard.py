"""What the dashboard shows for a set of filters: totals with ranges, the timeline by week or
month, tallies by type, place, perpetrator and target, the map of the latest incidents.

Counting runs in the store (vigil.store.running, one incident told by many reports counts once);
the charts are the situation report's (vigil.report.charts), drawn from the tally's rows.  What
is counted for a view is kept and, asked for again, brought up to date from the changes made
since (Dashboards): at 100,000 incidents counting a view in full takes 0.1-0.2 s (its tallies
read from the counts the store keeps, vigil.store.changes.merged_counts, when its filters
allow), changes followed a few milliseconds.  The default view is counted in the background as the desk starts
(Dashboards.warm), and what the place and perpetrator filters read is loaded then.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from markupsafe import Markup, escape

from vigil.export.fields import count_phrase, place_line
from vigil.export.summary import date_phrase
from vigil.report import charts
from vigil.report.figures import Bucket, Total
from vigil.store import facets

MAX_TIMELINE_BARS = 520
GROUPS = (("type", "Event type"), ("place", "Place (town)"), ("perpetrator", "Perpetrator"), ("target", "Target"))
GROUP_ROWS_SHOWN = 12
DEFAULT_UNIT = "month"  # the timeline's unit when the address names none

log = logging.getLogger(__name__)


@dataclass
class TallyRow:
    key: Optional[str]
    incidents: int
    fatalities: str  # low–best–high in words
    injured: str


def _total(row: dict[str, Any], figure: str) -> Total:
    low, best, high = (row.get(f"{figure}_{bound}") for bound in ("low", "best", "high"))
    known = row.get(f"{figure}_known") or 0
    best = best if best is not None else (low or 0)
    open_high = high is None and known > 0
    return Total(low=low if low is not None else best, best=best, high=high if high is not None else best,
                 open_high=open_high, known=known, unknown=row.get("incidents", 0) - known)


def range_phrase(row: dict[str, Any], figure: str) -> str:
    """A tally row's sum as "low–best–high": "28–46–46", "252–252–?" when a high is open."""
    if not row or not row.get(f"{figure}_known"):
        return "–"
    low, best, high = (row.get(f"{figure}_{bound}") for bound in ("low", "best", "high"))
    shown = [str(v) if v is not None else "?" for v in (low, best, high)]
    return "–".join(shown)


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def timeline(rows: list[dict[str, Any]], unit: str) -> tuple[list[Bucket], int, bool]:
    """Buckets for every week or month from the first to the last dated one (empty ones too);
    how many incidents have no date; whether older periods were left out to keep it readable."""
    dated = [r for r in rows if r.get(unit)]
    undated = sum(r["incidents"] for r in rows if not r.get(unit))
    if not dated:
        return [], undated, False
    by_key = {r[unit]: r for r in dated}
    if unit == "week":
        cursor, last = dt.date.fromisoformat(dated[0]["week"]), dt.date.fromisoformat(dated[-1]["week"])
    else:
        cursor = dt.date.fromisoformat(dated[0]["month"] + "-01")
        last = dt.date.fromisoformat(dated[-1]["month"] + "-01")
    buckets = []
    while cursor <= last:
        key = cursor.isoformat() if unit == "week" else f"{cursor:%Y-%m}"
        label = f"{cursor.day} {cursor:%b %Y}" if unit == "week" else f"{cursor:%b %Y}"
        row = by_key.get(key)
        bucket = Bucket(label, key)
        if row:
            bucket.incidents = row["incidents"]
            bucket.fatalities = _total(row, "fatalities")
        buckets.append(bucket)
        cursor = cursor + dt.timedelta(days=7) if unit == "week" else _month_after(cursor)
    cut = len(buckets) > MAX_TIMELINE_BARS
    return buckets[-MAX_TIMELINE_BARS:], undated, cut


def group_rows(rows: list[dict[str, Any]], key: str) -> list[TallyRow]:
    """A tally's rows, most incidents first."""
    ordered = sorted(rows, key=lambda r: (-r["incidents"], r.get(key) is None, str(r.get(key) or "")))
    return [TallyRow(r.get(key), r["incidents"], range_phrase(r, "fatalities"), range_phrase(r, "injured"))
            for r in ordered]


def time_chart(buckets: list[Bucket], unit: str) -> Markup:
    if not buckets:
        return Markup("")
    return charts.time_chart(f"incidents-by-{unit}", buckets, "incidents", f"Incidents per {unit}")


def popup(record: dict[str, Any]) -> Markup:
    """A map marker's popup: what, when, where, killed, and the link to the incident."""
    what = record.get("sub_event_type") or record.get("event_type") or "Incident"
    return Markup(
        f'<strong>{escape(what)}</strong><br>{escape(date_phrase(record.get("date")))}'
        f'<br>{escape(place_line(record.get("location")))}'
        f'<br>killed: {escape(count_phrase(record.get("fatalities")))}'
        f'<br><a href="/incidents/{escape(record["id"])}">open the incident</a>'
    )


def incident_map(records: list[dict[str, Any]]):
    """The map component's fragment for ``records`` (those without coordinates are counted)."""
    from vigil.maps import render_map
    from vigil.report.maps import incident_points

    points, unplaced = incident_points(records, popup)
    return render_map(points, element_id="map", label="Map of the incidents shown"), unplaced


def overview(counts, unit: str, the_map=None) -> dict[str, Any]:
    """Everything the dashboard draws from a view's counts (vigil.store.running), search results
    aside; ``the_map``: the map already drawn from the same latest incidents, if any."""
    totals = next(iter(counts.rows("total")), None)
    buckets, undated, cut = timeline(counts.rows(unit), unit)
    tallies = [(key, label, group_rows(counts.rows(key), key)[:GROUP_ROWS_SHOWN]) for key, label in GROUPS]
    the_map, unplaced = the_map or incident_map(counts.latest)
    return {"totals": totals, "chart": time_chart(buckets, unit), "undated": undated, "cut": cut,
            "tallies": tallies, "latest": counts.latest, "the_map": the_map, "unplaced": unplaced}


class Dashboards:
    """The dashboards of the views asked for lately, each with the counts it was drawn from.
    Asked again, a view's counts follow the changes made since (vigil.store.running.follow): the
    same numbers as a recount, from the changed incidents only.  A view that cannot be followed
    (filters on the reports' text, report or language) is counted again when the store's
    fingerprint changes, and at least once a minute.  One view is counted in full by one thread
    at a time: whoever asks for it meanwhile waits for those counts (the warm-up's among them)."""

    def __init__(self, size: int = 32, ttl: float = 60.0):
        self.size, self.ttl = size, ttl
        self._held: dict[Any, tuple[Any, dict[str, Any], float, Any]] = {}
        self._counting: dict[Any, threading.Event] = {}  # views being counted in full, set when done
        self._lock = threading.Lock()

    @staticmethod
    def key(filters: dict[str, Any], unit: str) -> Any:
        return (tuple(sorted(filters.items())), unit)

    def held(self, filters: dict[str, Any], unit: str = DEFAULT_UNIT):
        """The counts kept for a view (vigil.store.running.Counts), None if it was never counted."""
        with self._lock:
            found = self._held.get(self.key(filters, unit))
        return found[0] if found is not None else None

    def warm(self, store, map_limit: int, filters: Optional[dict[str, Any]] = None,
             unit: str = DEFAULT_UNIT, then: Optional[Callable[[], None]] = None) -> threading.Thread:
        """Count a view (by default the dashboard's first page, no filter) in a background thread,
        so that the first to ask for it after the desk starts does not wait for a full count; and
        load what the place and perpetrator filters read, for the first filtered view; then call
        ``then``, if given, in the same thread."""
        def count() -> None:
            try:
                self.get(store, dict(filters or {}), unit, map_limit)
                facets.load_knowledge()
                if then is not None:
                    then()
            except Exception as error:  # the first request counts it instead
                log.warning("counting the dashboard in the background failed: %s", error)

        thread = threading.Thread(target=count, name="vigil-dashboard-warm-up", daemon=True)
        thread.start()
        return thread

    def get(self, store, filters: dict[str, Any], unit: str, map_limit: int, level: str = "town") -> dict[str, Any]:
        from vigil.store import running

        key = self.key(filters, unit)
        now = time.monotonic()
        with self._lock:
            found = self._held.get(key)
        fingerprint = None if running.followable(filters) else store.fingerprint()
        counts = None
        if found is not None:
            held, shown, at, was = found
            if fingerprint is None:
                counts = running.follow(store, held)
            elif was == fingerprint and now - at < self.ttl:
                counts = held
            if counts is held:
                return shown
            if counts is not None and (counts.version, counts.latest_version) == (held.version, held.latest_version):
                self._keep(key, counts, shown, fingerprint)
                return shown
        if counts is None:
            with self._lock:
                busy = self._counting.get(key)
                if busy is None:
                    done = self._counting[key] = threading.Event()
            if busy is not None:  # another thread is counting this view: its counts, followed
                busy.wait()
                return self.get(store, filters, unit, map_limit, level)
            try:
                counts = running.count(store, filters, unit, level, map_limit, draw=incident_map)
                shown = overview(counts, unit, counts.drawn)
                self._keep(key, counts, shown, fingerprint)
            finally:
                with self._lock:
                    del self._counting[key]
                done.set()
            return shown
        same_map = counts.latest_version == held.latest_version
        shown = overview(counts, unit, (shown["the_map"], shown["unplaced"]) if same_map else None)
        self._keep(key, counts, shown, fingerprint)
        return shown

    def _keep(self, key: Any, counts, shown: dict[str, Any], fingerprint: Any) -> None:
        with self._lock:
            self._held[key] = (counts, shown, time.monotonic(), fingerprint)
            while len(self._held) > self.size:
                del self._held[min(self._held, key=lambda k: self._held[k][2])]


class ViewCache:
    """Views counted for a store fingerprint (Store.fingerprint: reports, incidents, decisions),
    each kept at most ``ttl`` seconds so that a change the fingerprint cannot see (a report
    replaced by a new version of itself) shows within that time."""

    def __init__(self, ttl: float = 60.0, size: int = 32):
        self.ttl, self.size = ttl, size
        self._entries: dict[Any, tuple[Any, float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, fingerprint: Any, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
        if found is not None and found[0] == fingerprint and now - found[1] < self.ttl:
            return found[2]
        value = compute()
        with self._lock:
            self._entries[key] = (fingerprint, now, value)
            while len(self._entries) > self.size:
                del self._entries[min(self._entries, key=lambda k: self._entries[k][1])]
        return value
