"""Incidents in a report in another language, read through its lexicon alone.

Each sentence is folded (vigil.languages.fold) and read for trigger words, tolls, a date, places
and groups; a sentence with a trigger that is not a threat, a denial, a habit or a yearly
statistic tells an incident. Sentences are gathered as the English reader gathers them
(vigil.extract.incidents): a sentence continues the incident just told unless its day, its
neighbourhood or its kind says otherwise, or it announces another incident; a sentence with only
a toll, or a reaction (a condemnation, a funeral), can only join one. Every field points back at
the sentences it was read from: each is kept as evidence with its exact offsets in the report.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

from vigil.languages.actors import find_actors
from vigil.languages.counts import FIELDS, sentence_counts
from vigil.languages.dates import find_date
from vigil.languages.lexicon import Lexicon
from vigil.languages.places import PlaceHit, find_places
from vigil.languages.segment import sentence_spans
from vigil.languages.types import JUDICIAL, TriggerHit, decide_type, find_triggers
from vigil.model import (Count, DateRange, Document, Evidence, Incident, Location, Perpetrator, Sentence, Source,
                         Target, stable_id)

PRECISION_ORDER = ["point", "neighbourhood", "town", "district", "city", "province", "country", "unknown"]
DATE_PRECISION_ORDER = ["day", "week", "month", "season", "year", "unknown"]
CLASHING_PRECISIONS = ("neighbourhood", "town")
CONTINUATION_WINDOW = 4  # sentences after the last one about an incident that may still continue it
COUNT_FIELDS = (*FIELDS, "perpetrators_killed")


@dataclass
class Mention:
    index: int
    folded: str
    evidence: Evidence
    hit: Optional[TriggerHit]
    date: Optional[DateRange]
    places: list[Location]
    counts: dict[str, Count]
    updates: set[str]
    perpetrators: list[Perpetrator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    weapons: set[str] = field(default_factory=set)
    anchored: bool = False
    separate: bool = False
    anaphoric: bool = False
    reaction: bool = False


def _gazetteer():
    from vigil.knowledge.gazetteer import load_gazetteer

    return load_gazetteer()


@functools.lru_cache(maxsize=65536)
def _location(place_id: str, text: str) -> Optional[Location]:
    from vigil.knowledge.geoparse import location_for

    gazetteer = _gazetteer()
    if place_id not in gazetteer:
        return None
    return location_for(gazetteer.get(place_id), gazetteer, text=text)


def _copy(location: Location) -> Location:
    return Location.from_dict(location.to_dict())


def _city_of(place_id: str) -> Optional[str]:
    gazetteer = _gazetteer()
    chain = [gazetteer.get(place_id), *gazetteer.ancestors(place_id)]
    return next((p.id for p in chain if p.level == "city"), None)


def _is_within(place_id: str, ancestor: str) -> bool:
    return place_id == ancestor or _gazetteer().is_within(place_id, ancestor)


def _hit_is_event(lex: Lexicon, folded: str, hit_start: int, hit_end: int) -> bool:
    """A trigger told as a threat, a plan or a possibility ("حملہ کریں گے"), or denied, is none."""
    cues = lex.get("non_event", default={}) or {}
    after = folded[hit_end:hit_end + 60]
    before = folded[max(0, hit_start - 40):hit_start]
    if cues.get("threat_after") and lex.regex("threat_after", cues["threat_after"], bounded=False).match(after):
        return False
    if cues.get("threat_before") and lex.regex("threat_before", cues["threat_before"], bounded=False).search(before):
        return False
    if cues.get("negation_after") and lex.regex("negation_after", cues["negation_after"], bounded=False).match(after):
        return False
    if cues.get("negation_before") and lex.regex("negation_before", cues["negation_before"], bounded=False).search(before):
        return False
    return True


def _cue(lex: Lexicon, name: str, folded: str) -> bool:
    pattern = lex.get("non_event", name)
    return bool(pattern) and bool(lex.regex(f"ne:{name}", pattern).search(folded))


def _weapons(lex: Lexicon, folded: str) -> set[str]:
    return {name for name, pattern in (lex.get("weapons", default={}) or {}).items()
            if lex.regex(f"weapon:{name}", pattern).search(folded)}


def _sentence_mention(lex: Lexicon, document: Document, index: int, start: int, end: int,
                      headline: bool) -> Optional[Mention]:
    sentence = document.text[start:end]
    folded = lex.fold(sentence)
    text = folded.text
    if _cue(lex, "denial", text) or _cue(lex, "habitual", text):
        return None
    hits_places: list[PlaceHit] = find_places(lex, text, sentence, folded.origin)
    masked = [(p.start, p.end) for p in hits_places]
    hits = [h for h in find_triggers(lex, text, masked) if _hit_is_event(lex, text, h.start, h.end)]
    counts = sentence_counts(lex, text, masked)
    anchors = [(h.start, h.end) for h in hits] + [(s, e) for s, e, _ in counts.fates]
    actors = find_actors(lex, text, sentence, folded.origin, masked, anchors)
    masked += actors.spans
    # fates told as threats or denied ("ہلاک نہیں ہوا") say no toll
    date = find_date(lex, text, sentence, folded.origin, document.published)
    if _cue(lex, "aggregate", text) and not (date is not None and date.precision == "day"):
        return None
    if not hits and not counts.counts:
        return None
    hit = max(hits, key=lambda h: (h.trigger.priority, -h.start)) if hits else None
    places = []
    for p in hits_places:
        written = sentence[folded.origin[p.start]:folded.origin[p.end - 1] + 1]
        location = _location(p.place_id, written)
        if location is not None:
            location = _copy(location)
            location.text = written
            places.append(location)
    below_city = any(loc.precision in PRECISION_ORDER[:4] for loc in places)
    return Mention(
        index=index, folded=text,
        evidence=Evidence(document.id, sentence, start, end, document.timestamp_at(start)),
        hit=hit, date=date, places=places, counts=dict(counts.counts), updates=set(counts.update),
        perpetrators=actors.perpetrators, targets=actors.targets if hits else [],
        weapons={w for h in hits for w in h.trigger.weapons} | (_weapons(lex, text) if hits else set()),
        anchored=bool(date or counts.counts or below_city or headline or counts.fates),
        separate=_cue(lex, "separate", text),
        anaphoric=_cue(lex, "anaphora", text),
        reaction=_cue(lex, "reaction", text) and not counts.fates,
    )


# --------------------------------------------------------------------------- gathering


def _best_place(mention: Mention) -> Optional[Location]:
    located = [loc for loc in mention.places if loc.gazetteer_id]
    return min(located, key=lambda loc: PRECISION_ORDER.index(loc.precision)) if located else None


def _dates_clash(a: Optional[DateRange], b: Optional[DateRange]) -> bool:
    if a is None or b is None or not (a.start and b.start and a.end and b.end):
        return False
    return a.end < b.start or b.end < a.start


# A road runs through many neighbourhoods and victims are taken to hospitals: such places never
# make two incidents of one (as in vigil.resolve's data/places.json).
LOOSE_FEATURES = ("road", "hospital")


def _clashes(place: Optional[Location]) -> bool:
    """Whether a place is an area that tells one incident from another told elsewhere."""
    if place is None or place.precision not in CLASHING_PRECISIONS or not place.gazetteer_id:
        return False
    gazetteer = _gazetteer()
    return place.gazetteer_id in gazetteer and gazetteer.get(place.gazetteer_id).feature_type not in LOOSE_FEATURES


def _fits(group: list[Mention], mention: Mention) -> bool:
    if any(_dates_clash(m.date, mention.date) for m in group):
        return False
    kinds = {m.hit.trigger.event_type == JUDICIAL for m in group if m.hit}
    if mention.hit is not None and kinds and (mention.hit.trigger.event_type == JUDICIAL) not in kinds:
        return False
    mine = _best_place(mention)
    if _clashes(mine):
        for other in filter(None, map(_best_place, group)):
            if _clashes(other) and not (
                    _is_within(mine.gazetteer_id, other.gazetteer_id) or _is_within(other.gazetteer_id, mine.gazetteer_id)):
                return False
    return True


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    current: Optional[list[Mention]] = None
    for mention in mentions:
        if current is not None and not mention.separate and _fits(current, mention) and (
                mention.index - current[-1].index <= CONTINUATION_WINDOW or mention.anaphoric):
            current.append(mention)
            continue
        earlier = None
        if mention.date is not None and mention.date.precision == "day" and not mention.separate:
            earlier = next((g for g in groups if any(m.date and m.date.start == mention.date.start for m in g)
                            and _fits(g, mention)), None)
        if earlier is not None:
            earlier.append(mention)
            current = earlier
        elif mention.hit is not None and mention.anchored and not mention.reaction:
            current = [mention]
            groups.append(current)
    return groups


# --------------------------------------------------------------------------- one incident


def _widest(counts: list[Count]) -> Optional[Count]:
    return max(counts, key=lambda c: (c.best or 0, c.low or 0, c.high or 0)) if counts else None


def _incident_count(group: list[Mention], name: str) -> Optional[Count]:
    """The latest running toll ("the toll has risen to 24") if one is told, else the widest figure."""
    updated = [m.counts[name] for m in group if name in m.updates and name in m.counts]
    if updated:
        return _widest(updated)
    return _widest([m.counts[name] for m in group if name in m.counts])


def _incident_place(group: list[Mention], context: Optional[Location]) -> Optional[Location]:
    """The most precise place the incident's sentences name, the report's city's own first; a
    hospital only when nothing else is named (the wounded are taken there)."""
    located = [loc for m in group for loc in m.places if loc.gazetteer_id]
    gazetteer = _gazetteer()
    settled = [loc for loc in located if gazetteer.get(loc.gazetteer_id).feature_type != "hospital"]
    located = settled or located
    if context is not None and context.gazetteer_id:
        local = [loc for loc in located if _is_within(loc.gazetteer_id, context.gazetteer_id)]
        # A report filed from one city (its dateline) may tell of a district or a neighbourhood
        # elsewhere: named in the incident's own sentences, that place is where it happened.
        below_city = [loc for loc in located if PRECISION_ORDER.index(loc.precision) < PRECISION_ORDER.index("city")]
        if below_city and all(loc.gazetteer_id == context.gazetteer_id for loc in local):
            local = below_city
        located = local or located
    if located:
        return min(located, key=lambda loc: PRECISION_ORDER.index(loc.precision))
    return _copy(context) if context is not None else None


def _merge(items, key):
    out, seen = [], set()
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def build_incident(lex: Lexicon, document: Document, group: list[Mention], context: Optional[Location]) -> Incident:
    from vigil.extract.dates import report_dated

    triggered = [(m.folded, m.hit) for m in group if m.hit is not None]
    kind = decide_type(lex, triggered, [m.folded for m in group])
    # A year told further on is background ("he joined the police in 2014"), not the incident's.
    dated = [m.date for i, m in enumerate(group) if m.date and (i < 2 or m.date.precision != "year")]
    date = (min(dated, key=lambda d: DATE_PRECISION_ORDER.index(d.precision)) if dated
            else report_dated(document.published, []))
    counts = {name: _incident_count(group, name) for name in COUNT_FIELDS}
    evidence = [m.evidence for m in group]
    perpetrators = _merge([p for m in group for p in m.perpetrators], lambda p: p.name)
    targets = _merge([t for m in group for t in m.targets], lambda t: (t.category, t.name or t.text))
    return Incident(
        id=stable_id(document.id, *[(e.start, e.end) for e in evidence]),
        event_type=kind.event_type, sub_event_type=kind.sub_event_type, attack_type=kind.attack_type,
        weapons=sorted(set(kind.weapons) | {w for m in group for w in m.weapons}),
        date=date,
        location=_incident_place(group, context),
        perpetrators=perpetrators, targets=targets,
        fatalities=counts["fatalities"], injured=counts["injured"], kidnapped=counts["kidnapped"],
        arrested=counts["arrested"], perpetrators_killed=counts["perpetrators_killed"],
        evidence=evidence,
        sources=[Source(document.id, document.outlet, document.url, document.published)],
        confidence=round(min(0.95, 0.35 + 0.1 * min(len(group), 3) + (0.15 if dated else 0)
                             + (0.15 if counts["fatalities"] or counts["injured"] else 0)), 2),
    )


def report_context(lex: Lexicon, document: Document, spans: list[tuple[int, int]]) -> Optional[Location]:
    """The city a report is set in: its dateline ("کراچی:"), else the city named first in its
    opening sentences, else the city it names most."""
    from collections import Counter

    cities: Counter = Counter()
    first: Optional[tuple[str, str]] = None
    for number, (start, end) in enumerate(spans[:12]):
        sentence = document.text[start:end]
        folded = lex.fold(sentence)
        for p in find_places(lex, folded.text, sentence, folded.origin):
            city = _city_of(p.place_id)
            if city is None:
                continue
            cities[city] += 1
            written = sentence[folded.origin[p.start]:folded.origin[p.end - 1] + 1]
            if first is None and number < 3:
                first = (city, written)
    dateline = lex.get("dateline")
    if dateline and spans:
        for start, end in spans[:3]:
            sentence = document.text[start:end]
            folded = lex.fold(sentence)
            m = lex.regex("dateline", dateline, bounded=False).match(folded.text)
            if m:
                hits = find_places(lex, m.group("place"))
                city = _city_of(hits[0].place_id) if hits else None
                if city:
                    return _location(city, _gazetteer().get(city).name)
    if first is not None:
        return _location(first[0], _gazetteer().get(first[0]).name)
    if cities:
        city = cities.most_common(1)[0][0]
        return _location(city, _gazetteer().get(city).name)
    return None


def extract_incidents(lex: Lexicon, document: Document) -> tuple[list[Sentence], list[Incident]]:
    """The sentences and incidents of one report in ``lex``'s language."""
    spans = sentence_spans(lex, document.text)
    text = document.text
    mentions = []
    for index, (start, end) in enumerate(spans):
        headline = index == 0 and text[end:end + 1] in ("\n", "") and not text[start:end].rstrip().endswith(
            (".", "۔", "?", "؟", "!", "।"))
        mention = _sentence_mention(lex, document, index, start, end, headline)
        if mention is not None:
            mentions.append(mention)
    context = report_context(lex, document, spans)
    groups = group_mentions(mentions)
    return [Sentence(s, e) for s, e in spans], [build_incident(lex, document, g, context) for g in groups]
