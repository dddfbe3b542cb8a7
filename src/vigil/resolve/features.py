"""What the merge compares about one incident mention, read once from its record.

A mention is one report's incident (a row of the store's ``incidents`` table).  Its features
depend on that record alone, so every pairwise decision built on them is symmetric and the
same whatever order reports arrive in.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Iterable, Optional

from vigil.extract.dates import yearless_day
from vigil.languages.letters import count_ascii_letters, non_ascii_characters
from vigil.languages.transliterate import candidate_skeletons, is_uncased
from vigil.model import Count, Incident

# Days a date may be off by, per precision: outlets disagree on the weekday; "last week" is loose.
DATE_SLACK = {"day": 2, "week": 7}
# An undated mention is assumed to lie in the fortnight before its report was published.
UNDATED_WINDOW_DAYS = 14
# A place finer than a city names where it happened; a city or wider only bounds it.
PRECISE_PLACES = {"point", "neighbourhood", "town", "district"}

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def word_list(name: str) -> frozenset[str]:
    """The words of a list in resolve/data, one a line, "#" lines being comments."""
    text = resources.files("vigil.resolve").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return word_list("stopwords.txt")


def content_words(text: str) -> frozenset[str]:
    """Lower-case content words with a crude plural strip: the vocabulary two reports share."""
    stop = stopwords()
    out = set()
    for word in _WORD.findall(text.lower()):
        if word in stop or (len(word) < 3 and not word.isdigit()):
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def normalise_name(name: str) -> str:
    """A person's or group's name as compared: no accents, case, punctuation or titles' dots."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(_WORD.findall(text))


def day_number(iso: Optional[str], *, last: bool = False) -> Optional[int]:
    """An ISO date (or a partial YYYY / YYYY-MM) as a day ordinal; partial dates widen to the
    first or last day they cover."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 12 if last else 1, 31 if last else 1).toordinal()
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if last:
                following = date(year + (month == 12), month % 12 + 1, 1)
                return following.toordinal() - 1
            return date(year, month, 1).toordinal()
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def iso_day(number: int) -> str:
    return date.fromordinal(number).isoformat()


@dataclass(frozen=True)
class MentionFeatures:
    id: str
    document: str
    event_type: str
    sub_event_type: Optional[str]
    attack_type: Optional[str]
    start: Optional[int]  # the stated date range as day ordinals; None when undated
    end: Optional[int]
    precision: str
    block: Optional[tuple[int, int]]  # the widened range candidates are looked up in
    place_id: Optional[str]
    place_chain: tuple[str, ...]  # the place and its ancestors' gazetteer ids
    place_city: Optional[str]  # the city (or failing that the widest place below country) it lies in
    place_loose: bool  # a hospital or a road: where victims went or a long line, not a spot
    place_precision: str
    place_name: Optional[str]
    fatalities: Optional[Count]
    injured: Optional[Count]
    victims: frozenset[str]
    perpetrators: frozenset[str]
    claimed_by: frozenset[str]
    targets: frozenset[str]
    primary_target: Optional[str]  # the category of the first target named, usually in the lead
    weapons: frozenset[str]
    words: frozenset[str]
    # Proper-name words around the evidence (vigil.resolve.names); in a script without capitals,
    # candidate names (word pairs), which only a comparison across scripts reads.
    names: frozenset[str] = frozenset()
    language: Optional[str] = None  # the report's language (ISO 639-1), when stored with it
    script: str = "LATIN"  # the writing system of the evidence (script_of)
    uncased: bool = False  # written in a script without capitals: names are candidates, not names
    name_shapes: frozenset[tuple[str, ...]] = frozenset()  # candidate names' consonant skeletons
    # An undated report's "January 15": no year, so no window, but no other day of the year either.
    month_day: Optional[tuple[int, int]] = None
    # A place Vigil does not know, kept under its own name at a place holding it ("Solhan")
    place_unknown: bool = False
    # The place is not written in the mention's sentences: the report's dateline or setting
    # ("RAIPUR:" above a story of a clash in Bijapur), which says only roughly where it was.
    place_from_setting: bool = False
    place_province: Optional[str] = None  # the first-level division the place lies in


@functools.lru_cache(maxsize=1)
def _loose_types() -> frozenset[str]:
    data = json.loads(resources.files("vigil.resolve").joinpath("data/places.json").read_text("utf-8"))
    return frozenset(data["loose_feature_types"])


@functools.lru_cache(maxsize=65536)
def _place_facts(place_id: Optional[str]) -> tuple[Optional[str], bool, Optional[str]]:
    """(the city the place lies in, whether it is a loose kind of place, the province it lies in)."""
    if not place_id:
        return None, False, None
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
        if place_id not in gazetteer:
            return None, False, None
        place = gazetteer.get(place_id)
        chain = [place, *gazetteer.ancestors(place_id)]
    except Exception:  # without a gazetteer only ids are compared
        return None, False, None
    city = next((p.id for p in chain if p.level == "city"), None)
    province = next((p.id for p in chain if p.level == "province"), None)
    return city, place.feature_type in _loose_types(), province


def _unknown_place(place) -> bool:
    """The location names a place the gazetteer lacks, placed at one holding it."""
    if place is None or not getattr(place, "gazetteer_id", None):
        return False
    try:
        from vigil.knowledge.geoparse import is_fallback

        return is_fallback(place)
    except Exception:  # without a gazetteer only ids are compared
        return False


def place_written(place, evidence) -> bool:
    """The place is written in one of the mention's sentences (its words as the text gave them,
    else its name), rather than taken from where the report was filed (its dateline) or its
    setting."""
    if place is None:
        return False
    text = (getattr(place, "text", None) or getattr(place, "name", None) or "").strip()
    return bool(text) and any(text in (e.sentence or "") for e in evidence)


def _from_setting(place, evidence) -> bool:
    """A city (a dateline's or the report's setting) that none of the mention's sentences name."""
    if place is None or not getattr(place, "gazetteer_id", None) or getattr(place, "precision", None) != "city":
        return False
    return not place_written(place, evidence)


def _place_chain(place_id: Optional[str]) -> tuple[str, ...]:
    if not place_id:
        return ()
    return _chain_of(place_id)


@functools.lru_cache(maxsize=65536)
def _chain_of(place_id: str) -> tuple[str, ...]:
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
        if place_id not in gazetteer:
            return (place_id,)
        return (place_id, *[p.id for p in gazetteer.ancestors(place_id)])
    except Exception:  # a missing or broken gazetteer leaves only the id itself to compare
        return (place_id,)


def _block(start: Optional[int], end: Optional[int], precision: str,
           published: Optional[str]) -> Optional[tuple[int, int]]:
    if start is None and end is None:
        day = day_number(published, last=True)
        if day is None:
            return None
        return day - UNDATED_WINDOW_DAYS, day
    start = start if start is not None else end
    end = end if end is not None else start
    slack = DATE_SLACK.get(precision, 0)
    return start - slack, end + slack


def script_of(text: str) -> str:
    """The writing system most letters of ``text`` are in ("LATIN", "ARABIC", "DEVANAGARI", ...),
    as the first word of their Unicode names; "LATIN" for a text without letters."""
    if text.isascii():
        return "LATIN"  # most reports: every letter, if any, is a Latin one
    counts: dict[str, int] = {}
    latin = count_ascii_letters(text)
    if latin:
        counts["LATIN"] = latin
    for char in non_ascii_characters(text):
        script = _script_of_letter(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else "LATIN"



@functools.lru_cache(maxsize=8192)
def _script_of_letter(char: str) -> Optional[str]:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split()[0] if name else None


def _language(incident: Incident) -> Optional[str]:
    languages = sorted({s.language for s in incident.sources if getattr(s, "language", None)})
    return languages[0] if len(languages) == 1 else None


def _published(incident: Incident) -> Optional[str]:
    dates = sorted(s.published for s in incident.sources if s.published)
    return dates[-1] if dates else None


def mention_features(incident: Incident, document: Optional[str] = None,
                     names: Iterable[str] = ()) -> MentionFeatures:
    """The features of one stored mention (``document``: its report, when the evidence is empty;
    ``names``: the proper-name words around its evidence in the report's text)."""
    when = incident.date
    # No date at all, in a dated report, is an earlier incident the report recalls ("the Saddar
    # blast"): any time before the report, so no window; content keys find its candidates.
    recalled = when is None
    if when is not None and when.approximate:
        when = None  # the report's own date, not the incident's: block it as an undated mention
    start = day_number(when.start) if when else None
    end = day_number(when.end, last=True) if when else None
    if start is not None and end is not None and end < start:
        start, end = end, start
    precision = when.precision if when else "unknown"
    place = incident.location
    place_id = place.gazetteer_id if place else None
    evidence_text = " ".join(e.sentence for e in incident.evidence)
    uncased = is_uncased(evidence_text)
    doc = document or (incident.evidence[0].document if incident.evidence else
                       (incident.sources[0].document if incident.sources else ""))
    return MentionFeatures(
        id=incident.id,
        document=doc,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        attack_type=incident.attack_type,
        start=start,
        end=end,
        precision=precision,
        block=None if recalled else _block(start, end, precision, _published(incident)),
        place_id=place_id,
        place_chain=_place_chain(place_id),
        place_city=_place_facts(place_id)[0],
        place_loose=_place_facts(place_id)[1],
        place_precision=(place.precision if place else "unknown") or "unknown",
        place_name=normalise_name(place.name) if place and place.name else None,
        place_unknown=_unknown_place(place),
        place_from_setting=_from_setting(place, incident.evidence),
        place_province=_place_facts(place_id)[2],
        fatalities=incident.fatalities,
        injured=incident.injured,
        victims=frozenset(normalise_name(v.name) for v in incident.victims if v.name),
        perpetrators=frozenset(normalise_name(p.name) for p in incident.perpetrators if p.name),
        claimed_by=frozenset(normalise_name(p.name) for p in incident.perpetrators
                             if p.name and p.attribution == "claimed"),
        targets=frozenset(t.category for t in incident.targets if t.category and t.category != "unknown"),
        primary_target=next((t.category for t in incident.targets if t.category and t.category != "unknown"), None),
        weapons=frozenset(w.split(":")[0].strip() for w in incident.weapons),
        words=content_words(evidence_text),
        names=frozenset(names),
        language=_language(incident),
        script=script_of(evidence_text),
        uncased=uncased,
        name_shapes=candidate_skeletons(names) if uncased else frozenset(),
        month_day=(yearless_day(evidence_text) if incident.date is None and _published(incident) is None
                   else None),
    )


# Name words shorter than this are too often initials or particles to find anything by.
KEY_WORD_LENGTH = 4


def candidate_keys(features: MentionFeatures) -> list[str]:
    """What finds this mention by content, without a date: its proper-name words (victims,
    groups, facilities, officials named around the evidence), its place when that is finer
    than a city, and what any language tells alike: the groups said to have done it (by the actor
    dictionary's names), the kind of event, the toll and the kinds of target in the city and
    the district it happened in.  Each key depends on the mention alone; how rare a key is, the
    store knows (a key too common finds nothing)."""
    keys = set() if features.uncased else {f"n:{word}" for word in features.names if len(word) >= KEY_WORD_LENGTH}
    keys.update(f"n:{word}" for name in features.victims for word in name.split() if len(word) >= KEY_WORD_LENGTH)
    if features.place_id and features.place_precision in PRECISE_PLACES:
        keys.add(f"p:{features.place_id}")
    keys.update(f"a:{name}" for name in features.perpetrators)
    for area in _areas(features):
        keys.add(f"e:{area}|{features.sub_event_type or features.event_type}")
        keys.update(f"t:{area}|{target}" for target in features.targets)
        for figure, count in (("f", features.fatalities), ("i", features.injured)):
            if count is not None and count.best:
                keys.add(f"{figure}:{area}|{count.best}")
    return sorted(keys)


# Places too wide to say where an incident happened, even with its kind and toll.
_WIDE_PLACES = {"province", "country", "unknown"}
# The levels of place an incident is keyed by: one report names the city, another the district.
_AREA_LEVELS = ("city", "district")


def _areas(features: MentionFeatures) -> tuple[str, ...]:
    """The city and the district the mention's place lies in (or is), as gazetteer ids; the
    place itself when the gazetteer places it in neither."""
    if not features.place_id:
        return ()
    found = _areas_of(features.place_id)
    if found:
        return found
    return () if features.place_precision in _WIDE_PLACES else (features.place_id,)


@functools.lru_cache(maxsize=65536)
def _areas_of(place_id: str) -> tuple[str, ...]:
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
        if place_id not in gazetteer:
            return ()
        chain = [gazetteer.get(place_id), *gazetteer.ancestors(place_id)]
    except Exception:  # without a gazetteer only the place itself is a key
        return ()
    return tuple(p.id for p in chain if p.level in _AREA_LEVELS)


def block_bounds(features: MentionFeatures) -> tuple[Optional[str], Optional[str]]:
    """The widened range as ISO dates, as the store indexes it."""
    if features.block is None:
        return None, None
    return iso_day(features.block[0]), iso_day(features.block[1])


def shift_days(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
