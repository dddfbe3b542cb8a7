"""Whether two mentions may tell the same incident (blocking) and how strongly they agree (score).

Both functions are symmetric and read only the two mentions, so the links they draw, and the
clusters built on those links, do not depend on the order reports were ingested in.

The score is a sum of evidence for and against, in the manner of a log-odds: a date, a place
or a type in common each add a little; named victims, counts and the words of the evidence
add or remove a lot.  Two shootings in one neighbourhood on one evening share date, place and
type but differ in victims, targets, tolls and wording, and stay apart.
"""
from __future__ import annotations

import functools
import json
from datetime import date
from importlib import resources
from typing import Optional

from rapidfuzz import fuzz

from vigil.model import Count
from vigil.resolve.features import PRECISE_PLACES, MentionFeatures
from vigil.languages.transliterate import names_across
from vigil.resolve.names import both_ways, telling_shared_names

# Pairs scoring above this are linked; clusters merge while their average link stays above it.
THRESHOLD = 0.0
NAME_MATCH = 85  # rapidfuzz token-set ratio at which two spellings are one person or group
# Places in different cities, when names tie the reports together all the same.
DISTANT_PLACES = -1.5
# A mention no date bounds (an undated report's undated incident) links only on what it tells.
UNDATED = -0.5
# Two mentions neither of which any date bounds: neither date tells against the other.
BOTH_UNDATED = -0.25


@functools.lru_cache(maxsize=1)
def _type_groups() -> dict[str, int]:
    data = json.loads(resources.files("vigil.resolve").joinpath("data/event_types.json").read_text("utf-8"))
    return {t: i for i, group in enumerate(data["compatible_groups"]) for t in group}


def event_types_compatible(a: str, b: str) -> bool:
    """Two ACLED event types outlets use for one incident (resolve/data/event_types.json)."""
    if a == b:
        return True
    groups = _type_groups()
    return a in groups and groups.get(a) == groups.get(b)


def types_compatible(a: MentionFeatures, b: MentionFeatures) -> bool:
    if a.event_type == b.event_type:
        # Judicial steps are distinct events: an arrest is not the trial of the same case.
        return a.event_type != "Strategic developments" or a.sub_event_type == b.sub_event_type
    return event_types_compatible(a.event_type, b.event_type)


def dates_compatible(a: MentionFeatures, b: MentionFeatures) -> bool:
    if a.block is None or b.block is None:
        # nothing bounds when it happened but an undated report's day of the year, if it gave one
        return _day_of_year_fits(a, b) and _day_of_year_fits(b, a)
    return a.block[0] <= b.block[1] and b.block[0] <= a.block[1]


# Days either side a day of the year may fall from the other report's date (time zones, a
# night attack reported by the next morning's date).
MONTH_DAY_SLACK = 1


def _day_of_year_fits(undated: MentionFeatures, other: MentionFeatures) -> bool:
    """An undated report's "January 15" fits a dated mention whose range holds a January 15
    (give or take a day), any year; a range of more than a month, or no date, is not checked."""
    if undated.month_day is None or other.start is None or other.end is None or other.end - other.start > 31:
        return True
    month, day = undated.month_day
    for ordinal in range(other.start - MONTH_DAY_SLACK, other.end + MONTH_DAY_SLACK + 1):
        told = date.fromordinal(ordinal)
        if (told.month, told.day) == (month, day):
            return True
    return False


def places_nested(a: MentionFeatures, b: MentionFeatures) -> bool:
    return bool(a.place_id and b.place_id) and (a.place_id in b.place_chain or b.place_id in a.place_chain)


def places_compatible(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Same or nested gazetteer places, or places in one city (reports name different landmarks
    near one spot; the score weighs that); a mention with no place fits any place."""
    if a.place_id and b.place_id:
        return places_nested(a, b) or (a.place_city is not None and a.place_city == b.place_city) \
            or _setting_in_same_province(a, b)
    if a.place_id or b.place_id or not (a.place_name and b.place_name):
        return True
    return a.place_name == b.place_name or a.place_name in b.place_name or b.place_name in a.place_name


def _setting_in_same_province(a: MentionFeatures, b: MentionFeatures) -> bool:
    """One report only has its dateline or setting for a place ("RAIPUR:"), and the other names
    a place in the same province: a bureau in the capital reports the province's mass-casualty
    attacks (a killing or two it files from its own city is that city's)."""
    return (a.place_from_setting or b.place_from_setting) and a.place_province is not None \
        and a.place_province == b.place_province and (_many_victims(a) or _many_victims(b))


def compatible(a: MentionFeatures, b: MentionFeatures) -> bool:
    """The blocking rule: different reports, overlapping date windows, related types, and nested
    places, unless both reports name the same people or groups: a report may place an incident
    where the wounded were taken or where an official spoke, and names are harder to get wrong."""
    if a.document == b.document or not types_compatible(a, b) or not dates_compatible(a, b):
        return False
    return places_compatible(a, b) or _same_names(a, b)


def _same_names(a: MentionFeatures, b: MentionFeatures) -> bool:
    if a.uncased or b.uncased:  # candidate names are no names to block on
        return False
    return bool(a.names and b.names) and telling_shared_names(a.names, b.names) >= 2


# "At least 15" or "over 15" leaves the toll open, but not without end: a report that saw 110 dead
# would not say "over 15". An open figure reaches this many times its floor (plus a few).
OPEN_REACH = 3


def count_range(count: Optional[Count]) -> Optional[tuple[int, Optional[int]]]:
    """(smallest stated value, largest; None when open-ended as in "at least 12") of a count."""
    if count is None:
        return None
    values = [v for v in (count.low, count.best, count.high) if v is not None]
    if not values:
        return None
    if count.high is None and count.low is not None:
        return min(values), None
    return min(values), max(values)


def _reach(low: int, high: Optional[int]) -> int:
    return high if high is not None else max(OPEN_REACH * low, low + 5)


def count_agreement(a: Optional[Count], b: Optional[Count]) -> Optional[float]:
    """+1 equal, about 0 roughly compatible, negative far apart; None when either is unknown."""
    va, vb = count_range(a), count_range(b)
    if va is None or vb is None:
        return None
    (low_a, high_a), (low_b, high_b) = va, vb
    high_a, high_b = _reach(low_a, high_a), _reach(low_b, high_b)
    # Ranges (an open "at least" reaching some way up) that overlap agree.
    if low_b <= high_a and low_a <= high_b:
        return 1.0
    if high_a < low_b:
        small, large = high_a, low_b
    else:
        small, large = high_b, low_a
    gap = large - small
    if gap <= 2 or large <= 1.5 * small:
        return 0.3  # tolls rise as the wounded die and outlets round
    if large <= 3 * small:
        return -0.5
    return -1.5


# The least a mass-casualty attack's far-apart tolls count against one incident.
RISING_TOLL = -0.5


def _names_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(fuzz.token_set_ratio(x, y) >= NAME_MATCH for x in a for y in b)


# Up to this many dead, an incident is about its named victims.
FEW_VICTIMS = 3


def _few_victims(mention: MentionFeatures) -> bool:
    stated = count_range(mention.fatalities)
    return stated is None or stated[0] <= FEW_VICTIMS


# From this many dead, an incident is a mass-casualty attack.
MANY_VICTIMS = 10


def _many_victims(mention: MentionFeatures) -> bool:
    stated = count_range(mention.fatalities)
    return stated is not None and stated[0] >= MANY_VICTIMS


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def same_language(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Whether two mentions' evidence can be compared word for word: one script, and one
    language when both reports say theirs."""
    return a.script == b.script and (a.language is None or b.language is None or a.language == b.language)


def _date_score(a: MentionFeatures, b: MentionFeatures) -> float:
    if a.block is None and b.block is None:
        return BOTH_UNDATED
    if a.block is None or b.block is None:
        return UNDATED
    if a.start is None or b.start is None:
        return 0.0
    if a.precision == "day" and b.precision == "day":
        gap = abs(a.start - b.start)
        return {0: 1.0, 1: 0.2}.get(gap, -0.8 * (gap - 1))
    if a.end is not None and b.end is not None and a.start <= b.end and b.start <= a.end:
        return 0.2
    return -0.3


def _place_score(a: MentionFeatures, b: MentionFeatures) -> float:
    if (a.place_unknown and b.place_unknown and a.place_name and a.place_name == b.place_name
            and (a.place_id == b.place_id or places_nested(a, b))):
        return 1.0  # one village the gazetteer lacks, named by both ("Solhan"), wherever each placed it
    if a.place_id and a.place_id == b.place_id:
        return 1.0 if a.place_precision in PRECISE_PLACES else 0.2
    if places_nested(a, b) or _setting_in_same_province(a, b):
        return 0.0
    if not places_compatible(a, b):
        return DISTANT_PLACES
    if a.place_id and b.place_id:
        # Different spots in one city: a real difference unless one is a hospital or a road.
        return 0.0 if a.place_loose or b.place_loose else -1.0
    if a.place_name and a.place_name == b.place_name:
        return 0.5
    return 0.0


def score_terms(a: MentionFeatures, b: MentionFeatures) -> list[tuple[str, float]]:
    """The evidence for and against two compatible mentions telling one incident, term by term
    (their sum is ``score``): what an explanation of a link or a miss shows."""
    return _setting_terms(a, b) + _people_terms(a, b) + _detail_terms(a, b)


def could_link(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Whether two compatible mentions may score above THRESHOLD: every term but the people's,
    plus the most those could add (the people's terms compare names letter by letter, the
    dearest part of a score; most candidates fall short without them)."""
    most = ((2.0 if a.victims and b.victims else 0.0)
            + (1.5 if a.uncased != b.uncased or (a.names and b.names) else 0.0)
            + (0.5 if a.perpetrators and b.perpetrators else 0.0))
    # A margin over the rounding of ``score``: a pair this close is scored in full.
    return sum(v for _, v in _setting_terms(a, b) + _detail_terms(a, b)) + most > THRESHOLD - 1e-6


def _setting_terms(a: MentionFeatures, b: MentionFeatures) -> list[tuple[str, float]]:
    """When, where, what and how many."""
    terms: list[tuple[str, float]] = [("prior", -1.5), ("date", _date_score(a, b)), ("place", _place_score(a, b))]

    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        terms.append(("type", 0.7))
    elif a.event_type == b.event_type:
        terms.append(("type", 0.3))
    if a.attack_type and a.attack_type == b.attack_type:
        terms.append(("attack type", 0.2))

    # A mass-casualty attack's first reports count a handful, later ones dozens, dead and wounded
    # (in one place: far apart, two such attacks are two).
    mass_casualty = (_many_victims(a) or _many_victims(b)) and places_compatible(a, b)
    for field, weight in (("fatalities", 0.8), ("injured", 0.4)):
        agreement = count_agreement(getattr(a, field), getattr(b, field))
        if agreement is not None:
            if mass_casualty:
                agreement = max(agreement, RISING_TOLL)
            terms.append((field, weight * agreement))
    return terms


def _people_terms(a: MentionFeatures, b: MentionFeatures) -> list[tuple[str, float]]:
    """Who was killed, who is named and who did it."""
    terms: list[tuple[str, float]] = []
    if a.victims and b.victims:
        terms.append(("victims", 2.0 if _names_overlap(a.victims, b.victims) else -2.0))
    if a.uncased != b.uncased:
        # Names across scripts: an Urdu report's candidate names that spell the English one's.
        uncased, cased = (a, b) if a.uncased else (b, a)
        name_words = set(cased.names) | {w for name in cased.victims for w in name.split()}
        if names_across(uncased.name_shapes, name_words):
            terms.append(("names", 1.5))
        # No match says little: an Urdu report often names the officers, an English one the victims.
    elif a.names and b.names and not a.uncased:
        # Two name words in common (a first and a last name) is one person.  None at all tells two
        # stories apart when each is a killing of one or two people, whose names define it; around
        # a mass-casualty attack reports name different groups, places and officials instead.
        shared = both_ways(a.names, b.names)
        telling_shared = telling_shared_names(a.names, b.names) if shared else 0
        if shared >= 2 and telling_shared >= 2:
            terms.append(("names", 1.5))
        elif telling_shared:
            terms.append(("names", 0.3))  # one telling name word in common
        elif shared:
            pass  # only the commonest name words ("Syed", "Hussain") in common: they tell nothing
        else:
            # One stray capitalised word on a side ("Daudpota" of a road) says little either way.
            telling = min(len(a.names), len(b.names)) >= 2
            if telling and _few_victims(a) and _few_victims(b):
                terms.append(("names", -2.0))
            elif not (_many_victims(a) or _many_victims(b)):
                terms.append(("names", -0.5))
            # around a mass-casualty attack, each outlet quotes its own officials: no evidence
    if a.perpetrators and b.perpetrators and _names_overlap(a.perpetrators, b.perpetrators):
        terms.append(("perpetrators", 0.5))
    return terms


def _detail_terms(a: MentionFeatures, b: MentionFeatures) -> list[tuple[str, float]]:
    """Who was hit, with what, and the wording."""
    terms: list[tuple[str, float]] = []
    if a.targets and b.targets:
        # Around a mass-casualty attack outlets lead with different victims (the cadets, the
        # families watching): who was hit sets two killings apart, not two accounts of a massacre.
        many = _many_victims(a) or _many_victims(b)
        terms.append(("targets", 0.5 if a.targets & b.targets else (-0.3 if many else -1.0)))
        # Who the lead says was hit: a constable in one report, a shopkeeper in the other.
        if a.primary_target and b.primary_target and a.primary_target != b.primary_target and not many:
            terms.append(("primary target", -1.0))
    if a.weapons and b.weapons:
        terms.append(("weapons", 0.3 if a.weapons & b.weapons else -0.3))

    # Shared wording: outlets retelling one incident reuse its names, places and details.  Reports
    # in two languages share no words whatever they tell: only the terms above compare them.
    if same_language(a, b):
        terms.append(("wording", 6.0 * (jaccard(a.words, b.words) - 0.12)))
    return terms


def score(a: MentionFeatures, b: MentionFeatures) -> float:
    """How strongly two compatible mentions look like one incident (above THRESHOLD: link them)."""
    return round(sum(value for _, value in score_terms(a, b)), 6)
