"""Where an incident happened: the place a sentence names, else the report's dateline city.

Resolution to coordinates goes through the knowledge base's geoparser when it is installed;
without it a place keeps its name and text with precision "unknown".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from vigil.model import Location

PLACE_LABELS = ("GPE", "LOC", "FAC")

@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int  # offsets in the document's cleaned text
    end: int


def find_dateline(text: str) -> Optional[PlaceMention]:
    """The dateline place of a report ("KARACHI, Pakistan —"), if one opens a paragraph near the top."""
    from vigil.knowledge.geoparse import find_dateline as dateline_in

    found = dateline_in(text)
    if found is None:
        return None
    name, start, end = found
    return PlaceMention(name.title() if name.isupper() else name, start, end)


def _geoparser():
    try:
        from vigil.knowledge import geoparse
    except ImportError:
        return None
    return geoparse


def document_context(text: str) -> Optional[str]:
    """The gazetteer id of the city a report is about (its dateline or most-named city)."""
    geoparse = _geoparser()
    return geoparse.document_context(text) if geoparse else None


def locate(mention: PlaceMention, context_city_id: Optional[str]) -> Location:
    """Resolve a place mention to a Location, as precisely as the gazetteer allows."""
    geoparse = _geoparser()
    if geoparse is None:
        return Location(name=mention.text, text=mention.text, precision="unknown")
    location = geoparse.resolve_place(mention.text, context_city_id=context_city_id)
    location.text = mention.text
    return location


def best_place_in(spans) -> Optional[PlaceMention]:
    """The most specific place entity among spaCy spans: later, narrower names beat a country."""
    places = [s for s in spans if s.label_ in PLACE_LABELS]
    if not places:
        return None
    # A sentence naming "Orangi, Karachi, Pakistan" is most precise at its first place name.
    span = places[0]
    return PlaceMention(span.text, span.start_char, span.end_char)
