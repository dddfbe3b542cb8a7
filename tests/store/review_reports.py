"""Invented reports for the review tests (the project's own words; no outlet's text), built by
hand into documents and mentions so the store tests need no NLP.

- a grenade thrown into a cloth market in Kharadar, told by two papers that disagree on the toll
  (two dead, three dead), and a third paper that can be ingested later;
- the abduction of an engineer in Quetta, told by one paper in one sentence (low confidence);
- two unrelated shootings told once each, one in Mauripur and an older one in Baldia Town.
"""
from __future__ import annotations

from vigil.knowledge.gazetteer import load_gazetteer
from vigil.knowledge.geoparse import location_for
from vigil.model import Count, DateRange, Document, Evidence, Incident, Sentence, Source, Target
from vigil.store import Store

GRENADE_TYPE = ("Explosions/Remote violence", "Grenade")
SHOOTING_TYPE = ("Violence against civilians", "Attack")

# id: (text, the sentence the incident is read from, published, outlet, type, place, date,
#      fatalities, injured, kidnapped, confidence)
REPORTS = {
    "kh-courier": (
        "Two shopkeepers were killed and eleven people were hurt when a hand grenade was lobbed into the "
        "cloth market in Kharadar on Friday afternoon. Traders shut the market for the rest of the day.",
        0, "2015-06-13", "Evening Courier", GRENADE_TYPE, "khi:kharadar", "2015-06-12",
        Count(2, 2, 2), Count(11, 11, 11), None, 0.8),
    "kh-harbour": (
        "A grenade thrown by a man on a motorbike killed three traders in the Kharadar cloth market on "
        "Friday and wounded eleven others, police said.",
        0, "2015-06-13", "Harbour Times", GRENADE_TYPE, "khi:kharadar", "2015-06-12",
        Count(3, 3, 3), Count(11, 11, 11), None, 0.8),
    "kh-ledger": (
        "Police said the grenade attack on the Kharadar cloth market on Friday left two traders dead and "
        "eleven wounded. A suspect was seen fleeing on a motorbike.",
        0, "2015-06-14", "City Ledger", GRENADE_TYPE, "khi:kharadar", "2015-06-12",
        Count(2, 2, 2), Count(11, 11, 11), None, 0.8),
    "qt-engineer": (
        "Armed men abducted a water engineer from his car near Sariab in Quetta on Monday morning, his "
        "colleagues said. The provincial minister promised to find him.",
        0, "2015-07-07", "Valley Post", ("Violence against civilians", "Abduction/forced disappearance"),
        "gn:1167528", "2015-07-06", None, None, Count(1, 1, 1), 0.55),
    "mp-shooting": (
        "A rickshaw driver was shot dead by two gunmen at a fuel station in Mauripur late on Sunday.",
        0, "2015-08-10", "Harbour Times", SHOOTING_TYPE, "khi:mauripur", "2015-08-09",
        Count(1, 1, 1), None, None, 0.9),
    "bt-shooting": (
        "Gunmen killed a tailor inside his shop in Baldia Town on Wednesday evening and escaped on foot.",
        0, "2015-05-07", "Evening Courier", SHOOTING_TYPE, "khi:baldia-town", "2015-05-06",
        Count(1, 1, 1), None, None, 0.9),
}
FIRST_BATCH = ("kh-courier", "kh-harbour", "qt-engineer", "mp-shooting", "bt-shooting")


def report(doc_id: str, text: str | None = None, *, mention: str | None = None):
    """(document, sentences, [incident], claims) for ``add_report``; ``text`` replaces the report's
    text (a changed version: its first sentence is the evidence), ``mention`` the mention id."""
    (body, _, published, outlet, (event_type, sub_event_type), place_id, day,
     fatalities, injured, kidnapped, confidence) = REPORTS[doc_id]
    text = text or body
    sentence = text.split(". ")[0].rstrip(".") + "."
    sentences = [Sentence(0, len(sentence))]
    if len(text) > len(sentence) + 1:
        sentences.append(Sentence(len(sentence) + 1, len(text)))
    gazetteer = load_gazetteer()
    incident = Incident(
        id=mention or f"{doc_id}:0",
        event_type=event_type, sub_event_type=sub_event_type,
        date=DateRange(day, day, "day", "on a weekday"),
        location=location_for(gazetteer.get(place_id), gazetteer, text=gazetteer.get(place_id).name),
        targets=[Target(text="civilians", category="civilians")],
        fatalities=fatalities, injured=injured, kidnapped=kidnapped,
        evidence=[Evidence(doc_id, sentence, 0, len(sentence))],
        sources=[Source(doc_id, outlet, None, published)],
        confidence=confidence,
    )
    return Document(id=doc_id, text=text, outlet=outlet, published=published), sentences, [incident], []


def fill(store: Store, ids=FIRST_BATCH) -> Store:
    for doc_id in ids:
        store.add_report(*report(doc_id))
    return store


def sources(record: dict) -> list[str]:
    return sorted(s["document"] for s in record["sources"])
