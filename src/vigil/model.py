"""The records Vigil passes between stages, shaped after the data contracts in DESIGN.md.

Every record serialises to the contract's JSON with ``to_dict`` and back with ``from_dict``;
the round trip is exact.  Fields are only ever added, never renamed, because tools outside
the project read these shapes.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, get_args, get_origin, get_type_hints


class Record:
    """Mixin giving dataclasses a contract-shaped JSON form that round-trips."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: Optional[dict[str, Any]]):
        if data is None:
            return None
        return cls(**{name: load(data[name]) for name, load in _field_loaders(cls) if name in data})

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str):
        return cls.from_dict(json.loads(text))


@functools.lru_cache(maxsize=None)
def _field_loaders(cls) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field's loader, made once per class from its resolved type: resolving types and
    reading them apart is slow, and stores rebuild hundreds of thousands of records."""
    hints = get_type_hints(cls)
    return tuple((f.name, _loader(hints[f.name])) for f in dataclasses.fields(cls))


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def _same(value: Any) -> Any:
    return value


@functools.lru_cache(maxsize=None)
def _loader(hint: Any) -> Callable[[Any], Any]:
    """How a JSON value of type ``hint`` becomes the record's value (None stays None)."""
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is list:
        item = _loader(args[0])
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is tuple:
        items = [_loader(a) for a in args]
        return lambda value: None if value is None else tuple(load(v) for load, v in zip(items, value))
    if args and type(None) in args:  # Optional[X]
        return _loader([a for a in args if a is not type(None)][0])
    if isinstance(hint, type) and issubclass(hint, Record):
        return lambda value: None if value is None else hint.from_dict(value)
    return _same


# --------------------------------------------------------------------------- documents


@dataclass
class TimeCue(Record):
    """A stretch of cleaned text spoken during one subtitle cue."""

    start: int
    end: int
    timestamp: str  # cue start as written, e.g. "0:03:31"
    timestamp_end: Optional[str] = None


@dataclass
class Document(Record):
    """One report: its metadata and its cleaned text, the text all offsets point into."""

    id: str
    text: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None  # ISO date, or partial "YYYY-MM" / "YYYY"
    published_inferred: bool = False
    # When the date was inferred, the stretch of cleaned text it was read from.
    published_evidence: Optional["Evidence"] = None
    # When the date was inferred from the report's address instead, that url.
    published_source: Optional[str] = None
    language: Optional[str] = None
    author: Optional[str] = None
    format: str = "text"  # text | html | transcript | srt | vtt | jsonl | csv
    source: Optional[str] = None  # where it was read from: path, "path:line", "-"
    cues: list[TimeCue] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """Identity of a report's content: the same cleaned text twice is the same report."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def timestamp_at(self, offset: int) -> Optional[str]:
        """The timestamp of the cue whose text covers ``offset`` (None for non-transcripts)."""
        if not self.cues:
            return None
        i = bisect.bisect_right(self.cues, offset, key=lambda c: c.start) - 1  # cues are in text order
        if i < 0:
            return self.cues[0].timestamp
        return self.cues[i].timestamp


@dataclass
class Sentence(Record):
    start: int
    end: int


# --------------------------------------------------------------------------- provenance


@dataclass
class Evidence(Record):
    """A stretch of a stored report's cleaned text that supports a value."""

    document: str
    sentence: str
    start: int
    end: int
    timestamp: Optional[str] = None


@dataclass
class Source(Record):
    document: str
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None  # ISO 639-1, given or identified (DESIGN: sources[].language)


# --------------------------------------------------------------------------- incident fields


@dataclass
class DateRange(Record):
    start: Optional[str] = None
    end: Optional[str] = None
    precision: str = "unknown"  # day | week | month | season | year | unknown
    text: Optional[str] = None
    # The text gives no date: the range ends on the report's date (DESIGN, "date.approximate").
    approximate: bool = False


@dataclass
class Location(Record):
    name: Optional[str] = None
    neighbourhood: Optional[str] = None
    town: Optional[str] = None
    district: Optional[str] = None
    city: Optional[str] = None
    province: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: str = "unknown"  # point | neighbourhood | town | district | city | province | country | unknown
    gazetteer_id: Optional[str] = None
    text: Optional[str] = None
    # What lat/lon are: "own" (this very place's point), "approximate" (a rounded or stand-in
    # point), "parent" (a containing place's point); None when there is no point.
    coord_quality: Optional[str] = None


@dataclass
class Perpetrator(Record):
    name: Optional[str] = None
    text: Optional[str] = None
    category: Optional[str] = None
    attribution: Optional[str] = None  # claimed | suspected | alleged | stated


@dataclass
class Target(Record):
    name: Optional[str] = None
    text: Optional[str] = None
    category: Optional[str] = None


@dataclass
class Victim(Record):
    name: Optional[str] = None
    text: Optional[str] = None
    role: Optional[str] = None  # killed | injured | kidnapped | arrested | disappeared


@dataclass
class Count(Record):
    """A reported number as a range; ``None`` for a bound the text does not give."""

    low: Optional[int] = None
    best: Optional[int] = None
    high: Optional[int] = None


@dataclass
class ReportFigures(Record):
    """One report's own figures for a merged incident."""

    document: str
    fatalities: Optional[Count] = None
    injured: Optional[Count] = None
    published: Optional[str] = None  # the report's date: later reports weigh more in the best figure
    # The sentence of that report which states each figure (None when no one sentence does).
    fatalities_evidence: Optional[Evidence] = None
    injured_evidence: Optional[Evidence] = None


@dataclass
class FollowUp(Record):
    """A judicial step (arrest, charge, trial, verdict) that follows an incident: its case timeline."""

    incident: str  # the judicial step's merged incident id
    sub_event_type: Optional[str] = None  # Arrests, Charge, Trial, Conviction, Acquittal, Release
    date: Optional[DateRange] = None


@dataclass
class Incident(Record):
    id: str
    event_type: str
    sub_event_type: Optional[str] = None
    attack_type: Optional[str] = None
    weapons: list[str] = field(default_factory=list)
    date: Optional[DateRange] = None
    location: Optional[Location] = None
    perpetrators: list[Perpetrator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    fatalities: Optional[Count] = None
    injured: Optional[Count] = None
    kidnapped: Optional[Count] = None
    arrested: Optional[Count] = None
    perpetrators_killed: Optional[Count] = None
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    reports: list[ReportFigures] = field(default_factory=list)
    status: str = "extracted"  # extracted | confirmed | edited | rejected
    confidence: Optional[float] = None
    # Cases (merged incidents only): the incident a judicial step concerns, and the judicial
    # steps that follow an incident, oldest first.
    follows: Optional[str] = None
    follow_ups: list[FollowUp] = field(default_factory=list)


# --------------------------------------------------------------------------- claims


@dataclass
class Period(Record):
    start: Optional[str] = None
    end: Optional[str] = None


@dataclass
class Claim(Record):
    id: str
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    approximate: bool = False
    quantity: Optional[str] = None
    qualifier: Optional[str] = None
    place: Optional[str] = None
    period: Optional[Period] = None
    attributed_to: Optional[str] = None
    kind: str = "count"  # count | rate | ratio | percentage | money | distance | ordinal
    evidence: Optional[Evidence] = None


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, stable hash id from the given parts (document id, offsets, ...)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]
