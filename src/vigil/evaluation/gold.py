"""Gold annotations: what a report really says, written by hand, to score extraction against.

A gold file is JSONL, one report per line.  Evidence is a list of ``[start, end]`` character offsets
into the report's *cleaned* text (the text Vigil's readers produce); ``cleaned_sha256`` records
which cleaning the offsets were written against, so a change in the readers is noticed rather than
silently shifting every span.  Items marked ``optional`` are borderline: finding them is not
rewarded and not punished.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


Span = tuple[int, int]


@dataclass
class GoldIncident:
    evidence: list[Span]
    event_type: str
    sub_event_type: Optional[str]
    date: Optional[dict] = None  # {start, end, precision}
    place: Optional[dict] = None  # {name, gazetteer_id, precision, also: [ids]}
    fatalities: Optional[dict] = None
    injured: Optional[dict] = None
    kidnapped: Optional[dict] = None
    arrested: Optional[dict] = None
    perpetrators_killed: Optional[dict] = None
    perpetrators: Optional[list[str]] = None  # None: not scored
    target_categories: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    alternative_types: list[tuple[str, Optional[str]]] = field(default_factory=list)
    optional: bool = False
    notes: str = ""


@dataclass
class GoldClaim:
    evidence: list[Span]
    value: float
    kind: str = "count"
    quantity: str = ""
    low: Optional[float] = None
    high: Optional[float] = None
    approximate: bool = False
    place: Optional[str] = None
    period: Optional[dict] = None
    attributed_to: Optional[str] = None
    optional: bool = False
    notes: str = ""


@dataclass
class GoldDocument:
    document: str  # Vigil's document id
    corpus: str  # which folder holds it: "seeds" | "examples"
    file: str  # path inside that folder
    published: Optional[str]
    published_given: bool  # pass ``published`` to the reader (else the report carries its own)
    cleaned_sha256: str
    cleaned_length: int
    incidents: list[GoldIncident] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)


def _spans(value, where: str) -> list[Span]:
    if not isinstance(value, list) or not value:
        raise GoldError(f"{where}: evidence must be a non-empty list of [start, end]")
    spans = []
    for item in value:
        if (not isinstance(item, (list, tuple)) or len(item) != 2
                or not all(isinstance(x, int) for x in item) or not 0 <= item[0] < item[1]):
            raise GoldError(f"{where}: bad evidence span {item!r}")
        spans.append((item[0], item[1]))
    return spans


def _incident(data: dict, where: str) -> GoldIncident:
    try:
        return GoldIncident(
            evidence=_spans(data.get("evidence"), where),
            event_type=data["event_type"],
            sub_event_type=data.get("sub_event_type"),
            date=data.get("date"),
            place=data.get("place"),
            fatalities=data.get("fatalities"),
            injured=data.get("injured"),
            kidnapped=data.get("kidnapped"),
            arrested=data.get("arrested"),
            perpetrators_killed=data.get("perpetrators_killed"),
            perpetrators=data.get("perpetrators"),
            target_categories=list(data.get("target_categories") or []),
            victims=list(data.get("victims") or []),
            weapons=list(data.get("weapons") or []),
            alternative_types=[(a[0], a[1]) for a in data.get("alternative_types") or []],
            optional=bool(data.get("optional", False)),
            notes=data.get("notes") or "",
        )
    except KeyError as e:
        raise GoldError(f"{where}: missing field {e.args[0]!r}") from None


def _claim(data: dict, where: str) -> GoldClaim:
    if not isinstance(data.get("value"), (int, float)):
        raise GoldError(f"{where}: claim value must be a number")
    return GoldClaim(
        evidence=_spans(data.get("evidence"), where),
        value=data["value"], kind=data.get("kind", "count"), quantity=data.get("quantity", ""),
        low=data.get("low"), high=data.get("high"), approximate=bool(data.get("approximate", False)),
        place=data.get("place"), period=data.get("period"), attributed_to=data.get("attributed_to"),
        optional=bool(data.get("optional", False)), notes=data.get("notes") or "",
    )


def load_gold(path: str | Path) -> list[GoldDocument]:
    """Read a gold JSONL file; raises GoldError naming the file and line on bad content."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GoldError(f"{path}: cannot read gold file ({e.strerror or e})") from None
    documents: list[GoldDocument] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise GoldError(f"{where}: not JSON ({e.msg})") from None
        try:
            doc = GoldDocument(
                document=data["document"], corpus=data.get("corpus", ""), file=data.get("file", data["document"]),
                published=data.get("published"), published_given=bool(data.get("published_given", False)),
                cleaned_sha256=data["cleaned_sha256"], cleaned_length=int(data.get("cleaned_length", 0)),
            )
        except KeyError as e:
            raise GoldError(f"{where}: missing field {e.args[0]!r}") from None
        doc.incidents = [_incident(i, f"{where} incident {n}") for n, i in enumerate(data.get("incidents") or [], 1)]
        doc.claims = [_claim(c, f"{where} claim {n}") for n, c in enumerate(data.get("claims") or [], 1)]
        documents.append(doc)
    if not documents:
        raise GoldError(f"{path}: no gold documents")
    return documents
