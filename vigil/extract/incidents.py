"""Incidents in one report: find the sentences that report one, type them, read their
arguments, and merge the sentences that tell the same incident into one record.

Every field comes from a sentence whose offsets are kept as evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from vigil.extract.counts import find_counts
from vigil.extract.dates import resolve_date
from vigil.extract.places import PlaceMention, best_place_in, find_dateline, locate
from vigil.extract.triggers import TriggerHit, find_triggers, is_non_event
from vigil.model import Count, DateRange, Document, Evidence, Incident, Location, Source, stable_id

# A sentence that totals many incidents over a period is a claim, not an incident:
# "the 100th police officer killed this year", "on average one dies every day".
_AGGREGATE = re.compile(
    r"\b(?:this year|so far|since (?:january|the start|the beginning)|per (?:year|month|day)|every (?:day|week|month|year)"
    r"|each (?:day|year)|on average|annual(?:ly)?|toll (?:of|for) (?:the year|\d{4})|\d+(?:st|nd|rd|th)\b"
    r"|(?:figures|statistics|data|tally) (?:from|by|compiled|released|show))",
    re.IGNORECASE,
)

COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")


@dataclass
class Mention:
    """One sentence reporting an incident, before sentences are merged."""

    hit: TriggerHit
    evidence: Evidence
    date: Optional[DateRange]
    place: Optional[PlaceMention]
    counts: dict[str, Count] = field(default_factory=dict)


def _sentence_mention(document: Document, sent, published: Optional[str]) -> Optional[Mention]:
    text = sent.text
    hits = [h for h in find_triggers(text) if not is_non_event(text, h)]
    if not hits or _AGGREGATE.search(text):
        return None
    start = sent.start_char
    evidence = Evidence(
        document=document.id,
        sentence=text,
        start=start,
        end=start + len(text),
        timestamp=document.timestamp_at(start),
    )
    resolved = resolve_date(text, published)
    counts: dict[str, Count] = {}
    for mention in find_counts(text):
        q = mention.quantity
        previous = counts.get(mention.field)
        # Several groups in one sentence add up ("two policemen and a passer-by were killed").
        if previous is None:
            counts[mention.field] = Count(q.low, q.best, q.high)
        else:
            counts[mention.field] = Count(
                _add(previous.low, q.low), _add(previous.best, q.best), _add(previous.high, q.high)
            )
    date = resolved[0] if resolved else None
    if date and date.precision == "year" and (counts.get("fatalities") or Count()).best and counts["fatalities"].best >= 50:
        return None  # a year's toll is a statistic about many incidents
    return Mention(
        hit=hits[0],
        evidence=evidence,
        date=date,
        place=best_place_in(sent.ents),
        counts=counts,
    )


def _add(a: Optional[int], b: Optional[int]) -> Optional[int]:
    return None if a is None or b is None else a + b


# Triggers below this priority ("killed", "attack") only say that violence happened, not which
# kind: such sentences join the nearest specific incident they do not contradict.
GENERIC_PRIORITY = 50
JUDICIAL = "Strategic developments"


def _dates_clash(a: Optional[DateRange], b: Optional[DateRange]) -> bool:
    if a is None or b is None or not (a.start and b.start):
        return False
    return a.end < b.start or b.end < a.start


def _fits(group: list[Mention], mention: Mention) -> bool:
    return not any(_dates_clash(m.date, mention.date) for m in group)


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Sentences telling the same incident, grouped: first the sentences whose trigger names a
    kind of incident, by type and date; then the generic ones, each with its nearest fitting group."""
    groups: list[list[Mention]] = []
    generic = []
    for mention in mentions:
        trigger = mention.hit.trigger
        if trigger.priority < GENERIC_PRIORITY and trigger.event_type != JUDICIAL:
            generic.append(mention)
            continue
        home = next((g for g in groups if g[0].hit.trigger.event_type == trigger.event_type and _fits(g, mention)), None)
        if home is None:
            groups.append([mention])
        else:
            home.append(mention)
    for mention in generic:
        violent = [g for g in groups if g[0].hit.trigger.event_type != JUDICIAL and _fits(g, mention)]
        if violent:
            nearest = min(violent, key=lambda g: min(abs(m.evidence.start - mention.evidence.start) for m in g))
            nearest.append(mention)
        else:
            groups.append([mention])
    for group in groups:
        group.sort(key=lambda m: m.evidence.start)
    return sorted(groups, key=lambda g: g[0].evidence.start)


def _widest(counts: list[Count]) -> Optional[Count]:
    """Within one report the most complete figure wins: later sentences repeat or update the lead."""
    if not counts:
        return None
    return max(counts, key=lambda c: (c.best or 0, c.high or 0))


def _build(document: Document, mentions: list[Mention], context_city: Optional[PlaceMention],
           context_city_id: Optional[str]) -> Incident:
    lead = max(mentions, key=lambda m: m.hit.trigger.priority)
    trigger = lead.hit.trigger
    dated = [m.date for m in mentions if m.date]
    date = min(dated, key=lambda d: ["day", "week", "month", "season", "year", "unknown"].index(d.precision)) if dated else None
    place = next((m.place for m in mentions if m.place), None) or context_city
    location: Optional[Location] = locate(place, context_city_id) if place else None
    weapons = sorted({w for m in mentions for w in m.hit.trigger.weapons})
    counts = {f: _widest([m.counts[f] for m in mentions if f in m.counts]) for f in COUNT_FIELDS}
    evidence = [m.evidence for m in mentions]
    return Incident(
        id=stable_id(document.id, *[(e.start, e.end) for e in evidence]),
        event_type=trigger.event_type,
        sub_event_type=trigger.sub_event_type,
        attack_type=trigger.attack_type,
        weapons=weapons,
        date=date,
        location=location,
        fatalities=counts["fatalities"],
        injured=counts["injured"],
        kidnapped=counts["kidnapped"],
        arrested=counts["arrested"],
        perpetrators_killed=counts["perpetrators_killed"],
        evidence=evidence,
        sources=[Source(document.id, document.outlet, document.url, document.published)],
        # A basic, honest signal: more supporting sentences and a stated count raise confidence.
        confidence=round(min(0.95, 0.4 + 0.1 * len(mentions) + (0.15 if counts["fatalities"] else 0)), 2),
    )


def extract_incidents(document: Document, spacy_doc, context_city_id: Optional[str] = None) -> list[Incident]:
    """The incidents one report tells, each sentence of evidence pointing into its cleaned text."""
    mentions = [
        m for sent in spacy_doc.sents
        if (m := _sentence_mention(document, sent, document.published)) is not None
    ]
    groups = group_mentions(mentions)
    context_city = find_dateline(document.text)
    return [_build(document, group, context_city, context_city_id) for group in groups]
