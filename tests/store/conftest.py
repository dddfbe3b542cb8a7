"""Fixtures for the store tests: every test runs against a temporary SQLite file and, when the
server at 127.0.0.1:5432 answers, a PostgreSQL database made for this test session (``db_url``,
tests/conftest.py)."""
from __future__ import annotations

import re

import pytest

from vigil.model import Claim, Count, DateRange, Document, Evidence, Incident, Sentence
from vigil.store import Store


@pytest.fixture
def store(db_url):
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def desk_store(db_url):
    """The desk's fixture reports (tests/web/fixtures/reports.jsonl) ingested, the store opened."""
    from pathlib import Path

    import vigil

    vigil.ingest([str(Path(__file__).resolve().parents[1] / "web" / "fixtures" / "reports.jsonl")], db=db_url)
    opened = vigil.open(db_url)
    yield opened
    opened.close()


# Reports written for these tests (the project's own words, not quoted from any outlet).
POLICE_VAN_REPORT = (
    "KARACHI: Two police constables were shot dead and a third was wounded on Tuesday morning "
    "when men on motorcycles opened fire on a patrol van near the fish market in Lyari, officials said. "
    "The van had stopped at a tea stall close to the main roundabout when the attackers arrived from a "
    "side street and fired several bursts before escaping through the crowded lanes behind the market. "
    "A senior superintendent told reporters that the gunmen appeared to have watched the patrol for some "
    "days and knew exactly where the officers took their morning break. "
    "The wounded constable was taken to the civil hospital, where doctors described his condition as "
    "stable after an operation to remove a bullet from his shoulder. "
    "Shopkeepers pulled down their shutters within minutes and traffic on the coastal road was diverted "
    "for most of the afternoon while forensic teams collected spent cartridges from the pavement. "
    "No group had claimed responsibility by the evening, but investigators said they were examining "
    "recordings from cameras mounted on a nearby bank and a petrol station. "
    "Relatives of the dead men gathered outside the mortuary and demanded that the provincial government "
    "compensate the families and explain why the patrol had no escort vehicle. "
    "The inspector general ordered an inquiry and said patrol routes in the district would be changed "
    "so that officers no longer stopped at the same places every day."
)

# The same report as a second outlet ran it: three words changed, nothing else.
POLICE_VAN_RERUN = (
    POLICE_VAN_REPORT.replace("Tuesday morning", "Tuesday forenoon")
    .replace("several bursts", "many bursts")
    .replace("crowded lanes", "narrow lanes")
)

SCHOOL_REPORT = (
    "A private school in Orangi Town reopened on Monday, a week after a grenade was thrown into its "
    "courtyard during the night. Nobody was hurt in that attack because the building was empty. "
    "Parents said attendance was low and asked for a guard at the gate."
)


class Reports:
    """Builds documents, sentences, incidents and claims by hand, with offsets found in the text."""

    POLICE_VAN_REPORT = POLICE_VAN_REPORT
    POLICE_VAN_RERUN = POLICE_VAN_RERUN
    SCHOOL_REPORT = SCHOOL_REPORT

    @staticmethod
    def document(id: str, text: str, **meta) -> Document:
        return Document(id=id, text=text, **meta)

    @staticmethod
    def sentences(document: Document) -> list[Sentence]:
        return [Sentence(m.start(), m.end()) for m in re.finditer(r"\S[^.]*\.?", document.text)]

    @staticmethod
    def evidence(document: Document, sentence: str) -> Evidence:
        start = document.text.index(sentence)
        return Evidence(document=document.id, sentence=sentence, start=start, end=start + len(sentence))

    @classmethod
    def incident(
        cls,
        document: Document,
        sentence: str,
        *,
        id: str | None = None,
        event_type: str = "Violence against civilians",
        sub_event_type: str | None = "Attack",
        start: str | None = None,
        end: str | None = None,
        fatalities: Count | None = None,
        injured: Count | None = None,
    ) -> Incident:
        return Incident(
            id=id or f"{document.id}:{document.text.index(sentence)}",
            event_type=event_type,
            sub_event_type=sub_event_type,
            date=DateRange(start=start, end=end or start, precision="day" if start else "unknown"),
            fatalities=fatalities,
            injured=injured,
            evidence=[cls.evidence(document, sentence)],
            confidence=0.8,
        )

    @classmethod
    def claim(cls, document: Document, sentence: str, value: float, quantity: str, *, id: str | None = None) -> Claim:
        return Claim(
            id=id or f"{document.id}:claim:{document.text.index(sentence)}",
            value=value, low=value, high=value, quantity=quantity, place="Karachi",
            evidence=cls.evidence(document, sentence),
        )


@pytest.fixture
def reports() -> type[Reports]:
    return Reports

