"""Incident-coded gold: real reports coded by incident across outlets, as monitors code them.

Where the offset gold (gold.py) marks evidence by character offsets in one report, an incident-coded
gold is one JSON object whose ``incidents`` each list their ``reports``: one per article that tells
the incident, with ``evidence``, an exact substring of one sentence of that article.  The articles
themselves come in a separate JSONL file (id, text and their metadata), so a gold can be shared
without the texts.  ``noise_articles`` lists articles that report no specific incident.

Field names follow ../shared/corpus/dev/gold.json (its ``meta.conventions``); only ``incident_id``,
``reports[].article_id`` and ``reports[].evidence`` are required.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from vigil.evaluation.gold import GoldError

PRIORITIES = ("core", "secondary", "background", "optional")


@dataclass
class CodedReport:
    article_id: str
    evidence: str
    role: Optional[str] = None  # primary | background
    killed: Optional[int] = None  # as this article reports it


@dataclass
class CodedIncident:
    incident_id: str
    priority: str  # core | secondary | background | optional
    reports: list[CodedReport]
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    alternative_types: list[str] = field(default_factory=list)  # "Sub-type" or "Type/Sub-type"
    date: Optional[str] = None
    date_low: Optional[str] = None
    date_high: Optional[str] = None
    location: dict = field(default_factory=dict)  # city, name, province, country, ...
    killed: dict = field(default_factory=dict)  # low, best, high across the reports
    perpetrator: Optional[str] = None  # free text, e.g. "Islamic State (claimed)"
    target_categories: list[str] = field(default_factory=list)  # free text, e.g. "police (guard)"
    description: str = ""


@dataclass
class CodedGold:
    path: Path
    incidents: list[CodedIncident]
    noise_articles: set[str]

    @property
    def article_ids(self) -> set[str]:
        return {r.article_id for i in self.incidents for r in i.reports} | self.noise_articles


@dataclass
class Article:
    """One article of the articles file, as a corpus record Vigil's JSONL reader takes."""
    id: str
    text: str
    language: Optional[str] = None
    published: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None

    def to_record(self) -> dict:
        record = {"id": self.id, "text": self.text}
        for name in ("title", "outlet", "url", "published", "language"):
            if getattr(self, name):
                record[name] = getattr(self, name)
        return record


# --------------------------------------------------------------------------- recognising the format


def _is_coded(data) -> bool:
    """A JSON object whose incidents carry reports with an article id and a text evidence."""
    if not isinstance(data, dict) or not isinstance(data.get("incidents"), list):
        return False
    return any(isinstance(r, dict) and "article_id" in r and isinstance(r.get("evidence"), str)
               for i in data["incidents"] if isinstance(i, dict)
               for r in i.get("reports") or [])


def read_coded_gold(path: str | Path) -> Optional[dict]:
    """The file's JSON when it is an incident-coded gold; None when it is something else (offset gold)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # load_gold names the problem
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None  # JSONL: several objects
    return data if _is_coded(data) else None


# --------------------------------------------------------------------------- loading


def _text_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value if v]


def _report(data, where: str) -> CodedReport:
    if not isinstance(data, dict):
        raise GoldError(f"{where}: a report must be an object")
    article_id, evidence = data.get("article_id"), data.get("evidence")
    if not isinstance(article_id, str) or not article_id:
        raise GoldError(f"{where}: missing field 'article_id'")
    if not isinstance(evidence, str) or not evidence.strip():
        raise GoldError(f"{where}: 'evidence' must be a non-empty substring of the article")
    return CodedReport(article_id=article_id, evidence=evidence, role=data.get("role"),
                       killed=data.get("killed_as_reported"))


def _incident(data, where: str) -> CodedIncident:
    if not isinstance(data, dict):
        raise GoldError(f"{where}: an incident must be an object")
    incident_id = data.get("incident_id")
    if not isinstance(incident_id, str) or not incident_id:
        raise GoldError(f"{where}: missing field 'incident_id'")
    where = f"{where} ({incident_id})"
    priority = data.get("priority") or "core"
    if priority not in PRIORITIES:
        raise GoldError(f"{where}: priority {priority!r} is not one of {', '.join(PRIORITIES)}")
    reports = data.get("reports")
    if not isinstance(reports, list) or not reports:
        raise GoldError(f"{where}: 'reports' must be a non-empty list")
    return CodedIncident(
        incident_id=incident_id, priority=priority,
        reports=[_report(r, f"{where} report {n}") for n, r in enumerate(reports, 1)],
        event_type=data.get("event_type"), sub_event_type=data.get("sub_event_type"),
        alternative_types=_text_list(data.get("alt_sub_event_types")),
        date=data.get("date"), date_low=data.get("date_low"), date_high=data.get("date_high"),
        location=data.get("location") or {}, killed=data.get("killed") or {},
        perpetrator=data.get("perpetrator"), target_categories=_text_list(data.get("target_category")),
        description=data.get("description") or "",
    )


def _coded_gold(data: dict, path: Path) -> CodedGold:
    incidents = [_incident(i, f"{path}: incident {n}") for n, i in enumerate(data["incidents"], 1)]
    seen: set[str] = set()
    for incident in incidents:
        if incident.incident_id in seen:
            raise GoldError(f"{path}: incident id {incident.incident_id!r} appears twice")
        seen.add(incident.incident_id)
    noise = {n if isinstance(n, str) else (n or {}).get("article_id") for n in data.get("noise_articles") or []}
    return CodedGold(path=path, incidents=incidents, noise_articles={n for n in noise if n})


def load_coded_gold(path: str | Path) -> CodedGold:
    """Read an incident-coded gold; raises GoldError naming the file and the problem."""
    path = Path(path)
    data = read_coded_gold(path)
    if data is None:
        raise GoldError(f"{path}: not an incident-coded gold (a JSON object whose incidents list "
                        f"reports with article_id and evidence)")
    return _coded_gold(data, path)


def _jsonl_records(path: Path, what: str, on_bad: Callable[[str], None]):
    """(line number, dict) for each good line; a bad line is reported through ``on_bad`` and skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"{path}: cannot read {what} ({getattr(e, 'strerror', None) or e})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            on_bad(f"{path}:{number}: not JSON ({e.msg}); skipped")
            continue
        if not isinstance(record, dict):
            on_bad(f"{path}:{number}: not a JSON object; skipped")
            continue
        yield number, record


def load_articles(path: str | Path, on_bad: Callable[[str], None] = lambda message: None) -> list[Article]:
    """The articles file: JSONL with id, text and optional language, publication_date (or
    published), outlet, url, title.  Lines without an id or a text are reported and skipped."""
    path = Path(path)
    articles, seen = [], set()
    for number, record in _jsonl_records(path, "articles file", on_bad):
        article_id, text = record.get("id"), record.get("text")
        if not isinstance(article_id, str) or not article_id:
            on_bad(f"{path}:{number}: article without an id; skipped")
            continue
        if not isinstance(text, str) or not text.strip():
            on_bad(f"{path}:{number}: article {article_id!r} has no text; skipped")
            continue
        if article_id in seen:
            on_bad(f"{path}:{number}: article id {article_id!r} appears twice; skipped")
            continue
        seen.add(article_id)
        articles.append(Article(
            id=article_id, text=text, language=record.get("language"),
            published=record.get("publication_date") or record.get("published"),
            outlet=record.get("outlet"), url=record.get("url"), title=record.get("title"),
        ))
    if not articles:
        raise GoldError(f"{path}: no articles with an id and a text")
    return articles


def load_parts(path: str | Path, on_bad: Callable[[str], None] = lambda message: None) -> dict[str, str]:
    """Article id -> part (e.g. karachi, pakistan, world) from an index JSONL with id and part."""
    path = Path(path)
    return {record["id"]: str(record["part"]) for _, record in _jsonl_records(path, "index", on_bad)
            if isinstance(record.get("id"), str) and record.get("part")}
