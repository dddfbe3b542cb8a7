"""What the situation report counts: headline totals with ranges, incidents and fatalities per
week or month, per target category and per perpetrator, and the figures that disagree."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from vigil.export.fields import date_bounds, parse_date

COUNTED = ("fatalities", "injured", "kidnapped")
# Longer than this many days, the time charts count by month rather than by week.
WEEKLY_SPAN_DAYS = 120


@dataclass
class Total:
    """A sum of reported counts as a range: low and best sums; high is open when any incident
    gives no upper bound; ``unknown`` incidents give no figure at all."""

    low: int = 0
    best: int = 0
    high: int = 0
    open_high: bool = False
    known: int = 0
    unknown: int = 0

    def add(self, count: Optional[dict]) -> None:
        values = [count.get(k) for k in ("low", "best", "high")] if count else [None, None, None]
        low, best, high = values
        if low is None and best is None and high is None:
            self.unknown += 1
            return
        self.known += 1
        best = best if best is not None else (low if low is not None else high)
        low = low if low is not None else best
        self.low += low
        self.best += best
        if high is None:
            self.open_high = True
            self.high += best
        else:
            self.high += high

    @property
    def range_text(self) -> str:
        if self.known == 0:
            return "not reported"
        if self.low == self.high and not self.open_high:
            return str(self.best)
        upper = f"{self.high} or more" if self.open_high else str(self.high)
        return f"{self.low}–{upper}" if self.low != self.high else f"{self.low} or more"


@dataclass
class Bucket:
    label: str
    key: str
    incidents: int = 0
    fatalities: Total = field(default_factory=Total)


def _add(bucket: Bucket, record: dict) -> None:
    bucket.incidents += 1
    bucket.fatalities.add(record.get("fatalities"))


def totals(records: list[dict]) -> dict[str, Total]:
    out = {name: Total() for name in COUNTED}
    for record in records:
        for name in COUNTED:
            out[name].add(record.get(name))
    return out


def period_span(records: list[dict], since: Optional[str], until: Optional[str]) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """The report's period: the given bounds, else the incidents' own first and last days."""
    starts = [date_bounds(r)[0] for r in records]
    ends = [date_bounds(r)[1] for r in records]
    first = parse_date(since) if since else min((d for d in starts if d), default=None)
    last = parse_date(until, end=True) if until else max((d for d in ends if d), default=None)
    return first, last


def overlaps(record: dict, first: Optional[dt.date], last: Optional[dt.date]) -> bool:
    """Whether the incident's date range overlaps [first, last] (undated incidents do not)."""
    start, end = date_bounds(record)
    if start is None:
        return False
    return (first is None or end >= first) and (last is None or start <= last)


def time_unit(first: Optional[dt.date], last: Optional[dt.date]) -> str:
    if first is None or last is None:
        return "month"
    return "week" if (last - first).days <= WEEKLY_SPAN_DAYS else "month"


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def time_buckets(records: list[dict], first: Optional[dt.date], last: Optional[dt.date], unit: str) -> tuple[list[Bucket], int]:
    """Incidents and fatalities per week (from Monday) or month, every period shown, empty ones
    too; an incident counts in the period of its first day. Returns buckets and undated count."""
    days = [date_bounds(r)[0] for r in records]
    known = [d for d in days if d]
    if first is None or last is None:
        if not known:
            return [], len(records)
        first, last = first or min(known), last or max(known)
    if first > last:
        first, last = last, first
    buckets: "OrderedDict[str, Bucket]" = OrderedDict()
    cursor = _week_start(first) if unit == "week" else dt.date(first.year, first.month, 1)
    while cursor <= last and len(buckets) < 520:
        if unit == "week":
            key, label = cursor.isoformat(), f"{cursor.day} {cursor:%b %Y}"
            following = cursor + dt.timedelta(days=7)
        else:
            key, label = f"{cursor:%Y-%m}", f"{cursor:%b %Y}"
            following = _next_month(cursor)
        buckets[key] = Bucket(label, key)
        cursor = following
    undated = 0
    for record, day in zip(records, days):
        if day is None:
            undated += 1
            continue
        key = _week_start(day).isoformat() if unit == "week" else f"{day:%Y-%m}"
        if key not in buckets:  # an incident that began before the period but overlaps it
            key = next(iter(buckets)) if day < first else next(reversed(buckets))
        _add(buckets[key], record)
    return list(buckets.values()), undated


def group_buckets(records: list[dict], keys_of, *, missing: str) -> list[Bucket]:
    """Incidents and fatalities per group, largest first; an incident with two groups counts in
    both (so the bars can add up to more than the total, which the report says)."""
    groups: dict[str, Bucket] = {}
    for record in records:
        keys = list(dict.fromkeys(k for k in keys_of(record) if k)) or [missing]
        for key in keys:
            _add(groups.setdefault(key, Bucket(key, key)), record)
    return sorted(groups.values(), key=lambda b: (-b.incidents, -b.fatalities.best, b.label))


def target_keys(record: dict) -> list[str]:
    return [t.get("category") or "unknown" for t in record.get("targets") or []]


def perpetrator_keys(record: dict) -> list[str]:
    return [p.get("name") or (f"unidentified {p['category']}" if p.get("category") else "unidentified")
            for p in record.get("perpetrators") or []]


@dataclass
class Disagreement:
    """Reports that give different values for one figure."""

    subject: str  # what the figure is about
    quantity: str
    values: list[dict[str, Any]]  # {"value": "13", "source": "Indus Wire", "document": "..."}
    explanation: Optional[str] = None
    anchor: Optional[str] = None  # id of the incident row it concerns


def disagreements_shown(entries: Iterable[dict], outlet_of: dict[str, str]) -> list[Disagreement]:
    """The disagreements ``vigil.resolve.disagreements.find_disagreements`` lists (the same as
    `vigil conflicts` prints), each value named by its outlet or the source it is attributed to."""
    found = []
    for entry in entries:
        values = []
        for value in entry.get("values") or []:
            documents = [d for d in value.get("documents") or [] if d]
            source = value.get("attributed_to") or "; ".join(outlet_of.get(d, d) for d in documents)
            values.append({"value": value.get("text") or str(value.get("value")), "source": source,
                           "document": documents[0] if documents else None, "sentence": value.get("sentence")})
        found.append(Disagreement(entry.get("subject") or "", entry.get("quantity") or "figure", values,
                                  entry.get("explanation"), anchor=entry.get("incident")))
    return found


def _plain(item: Any) -> Any:
    return item.to_dict() if hasattr(item, "to_dict") else item


def claim_value(claim: dict) -> str:
    low, high, value = claim.get("low"), claim.get("high"), claim.get("value")
    def show(number):
        return f"{number:g}" if isinstance(number, float) else str(number)
    if low is not None and high is not None and low != high:
        return f"{show(low)}–{show(high)}"
    if value is None:
        return "?"
    return ("about " if claim.get("approximate") else "") + show(value)


def claims_in_period(claims: Iterable[Any], first: Optional[dt.date], last: Optional[dt.date],
                     documents: set[str]) -> list[dict]:
    """Stated figures whose period overlaps the report's, or, when they give no period, that come
    from a report one of the incidents comes from."""
    kept = []
    for claim in claims or []:
        claim = _plain(claim)
        period = claim.get("period") or {}
        start = parse_date(period.get("start"))
        end = parse_date(period.get("end"), end=True)
        if start is None and end is None:
            if (claim.get("evidence") or {}).get("document") in documents:
                kept.append(claim)
            continue
        start, end = start or end, end or start
        if (last is None or start <= last) and (first is None or end >= first):
            kept.append(claim)
    return kept
