"""Where an incident happened: the place a sentence names, else the report's dateline city.

Resolution to coordinates goes through the knowledge base's geoparser when it is installed;
without it a place keeps its name and text with precision "unknown".
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from vigil.extract.spans import span_ents
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
    name = name.title() if name.isupper() else name
    from vigil.knowledge.gazetteer import load_gazetteer

    if not load_gazetteer().lookup(name, fuzzy=False):
        return None  # "RFI:" or "UPDATE:" open a line like a dateline but are no place
    return PlaceMention(name, start, end)


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


def context_city_location(context_city_id: Optional[str]) -> Optional[Location]:
    """The report's own city (its dateline or most-named city) as a Location, for an incident
    whose sentences name no place: the report is set there."""
    geoparse = _geoparser()
    if geoparse is None or not context_city_id:
        return None
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    place = gazetteer.get(context_city_id)
    return geoparse.location_for(place, gazetteer, text=place.name) if place else None


def locate(mention: PlaceMention, context_city_id: Optional[str]) -> Location:
    """Resolve a place mention to a Location, as precisely as the gazetteer allows."""
    geoparse = _geoparser()
    if geoparse is None:
        return Location(name=mention.text, text=mention.text, precision="unknown")
    location = geoparse.resolve_place(mention.text, context_city_id=context_city_id)
    location.text = mention.text
    return location


@functools.lru_cache(maxsize=1)
def _place_suffixes() -> re.Pattern:
    data = json.loads(resources.files("vigil.extract").joinpath("data/place_words.json").read_text("utf-8"))
    return re.compile(rf"(?:{data['place_suffixes']})$", re.IGNORECASE)


def _looks_like_place(span) -> bool:
    """Known to the knowledge base, or shaped like a place name ("Qasimabad", "Bilal Colony")."""
    if span.ent_id_ and not span.ent_id_.startswith("actor:"):
        return not _common_word_abroad(span)
    text = span.text.strip()
    if not text[:1].isupper():
        return False
    geoparse = _geoparser()
    if geoparse is not None:
        from vigil.knowledge.gazetteer import load_gazetteer

        if load_gazetteer().lookup(text, fuzzy=False):
            return True
    return bool(_place_suffixes().search(text))


def _common_word_abroad(span) -> bool:
    """A one-word name of a place abroad that the tagger does not read as a proper noun:
    "Reading the statement ...", "Police said ..." are words, not the towns of that name."""
    if len(span) != 1 or span[0].pos_ in ("PROPN", ""):
        return False
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    if span.ent_id_ not in gazetteer:
        return False
    home = _home_country()
    return not gazetteer.is_within(span.ent_id_, home)


def _home_country() -> str:
    from vigil.knowledge.geoparse import rules

    return rules()["home_country"]


@functools.lru_cache(maxsize=1)
def _facility_nouns() -> dict[str, str]:
    data = json.loads(resources.files("vigil.extract").joinpath("data/place_words.json").read_text("utf-8"))
    return {k: v for k, v in data["facility_nouns"].items() if not k.startswith("_")}


@functools.lru_cache(maxsize=64)
def _main_facility(city_id: str, feature_type: str):
    """The city's one main facility of a kind: its international airport, say."""
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    inside = [p for p in gazetteer if p.feature_type == feature_type and gazetteer.is_within(p.id, city_id)]
    main = [p for p in inside if "international" in p.name.lower()] or inside
    return main[0] if len(main) == 1 else None


def facility_mentions(sentence, context_city_id: Optional[str]) -> list[tuple[PlaceMention, Location]]:
    """Facilities a sentence names by their kind ("stormed the airport"), resolved in the report's city."""
    geoparse = _geoparser()
    if geoparse is None or not context_city_id:
        return []
    found = []
    for token in sentence:
        feature = _facility_nouns().get(token.lemma_.lower())
        if feature is None:
            continue
        named = next((e for e in span_ents(sentence) if e.start <= token.i < e.end
                      and any(t.pos_ == "PROPN" for t in e)), None)
        if named is not None:
            continue  # a named facility ("Jinnah International Airport") is a place entity already
        place = _main_facility(context_city_id, feature)
        if place is not None:
            from vigil.knowledge.gazetteer import load_gazetteer

            mention = PlaceMention(token.text, token.idx, token.idx + len(token.text))
            found.append((mention, geoparse.location_for(place, load_gazetteer(), text=token.text)))
    return found


def place_candidates(sentence) -> list[PlaceMention]:
    """The place names a sentence (a spaCy span) gives, in order, skipping entities the model
    labels as places but which are not known and do not look like places."""
    return [PlaceMention(s.text, s.start_char, s.end_char)
            for s in span_ents(sentence) if s.label_ in PLACE_LABELS and _looks_like_place(s)]
