"""The geoparser: a place mention and its report's context -> a Location (DESIGN.md contract).

Context decides between namesakes: in a Karachi report "Saddar" is Karachi's Saddar and not
Rawalpindi's, and "Orangi" is Orangi Town. An unknown capitalised name in a report whose
context city is known resolves to that city at city precision, keeps its text, and is recorded
as missing so curators can add it (``missing_places()``; ``vigil gazetteer missing``).
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter
from importlib import resources
from typing import Optional

from vigil.knowledge.gazetteer import Gazetteer, Place, load_gazetteer
from vigil.model import Location

# "KARACHI, Pakistan —", "QUETTA (Reuters) -", "PESHAWAR:" opening a paragraph.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*(?:—|–|--|-|:)\s",
    re.MULTILINE,
)
_MISSING: Counter = Counter()


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    path = resources.files("vigil.knowledge").joinpath("data/geoparse_rules.json")
    return json.loads(path.read_text(encoding="utf-8"))


def geo_precision_codes(precision: str) -> tuple[Optional[int], Optional[int]]:
    """(ACLED geo_precision, UCDP where_prec) for a Location.precision."""
    r = rules()
    return r["acled_geo_precision"].get(precision), r["ucdp_where_prec"].get(precision)


def _clean(text: str) -> str:
    name = re.sub(r"[’']s$", "", (text or "").strip().strip(".,;:!?\"“”()[]"))
    return re.sub(r"\s+", " ", name).strip()


def _variants(name: str):
    """The name as written, then without generic prefixes/suffixes ("the", "area")."""
    yield name
    lowered = name.lower()
    r = rules()
    for prefix in r["strip_prefixes"]:
        if lowered.startswith(prefix):
            yield name[len(prefix):]
    for suffix in r["strip_suffixes"]:
        if lowered.endswith(suffix) and len(name) > len(suffix) + 2:
            yield name[: -len(suffix)]


def _choose(candidates: list[Place], gazetteer: Gazetteer, context_city_id: Optional[str]) -> Place:
    """Prefer a candidate inside the context city, then inside its country; else the top-ranked."""
    if context_city_id and context_city_id in gazetteer:
        inside = [p for p in candidates if gazetteer.is_within(p.id, context_city_id)]
        if inside:
            return inside[0]
        country = _country_of(gazetteer, context_city_id)
        same_country = [p for p in candidates if country and gazetteer.is_within(p.id, country)]
        if same_country:
            return same_country[0]
    return candidates[0]


def _country_of(gazetteer: Gazetteer, place_id: str) -> Optional[str]:
    chain = [gazetteer.get(place_id), *gazetteer.ancestors(place_id)]
    return next((p.id for p in chain if p.level == "country"), None)


def location_for(place: Place, gazetteer: Gazetteer, text: Optional[str] = None) -> Location:
    """The Location of a gazetteer entry, its named levels filled from its parent chain."""
    loc = Location(name=place.name, lat=place.lat, lon=place.lon, gazetteer_id=place.id, text=text,
                   precision=rules()["precision_by_level"].get(place.level, "unknown"))
    for p in [place, *gazetteer.ancestors(place.id)]:
        field = {"neighbourhood": "neighbourhood", "town": "town", "district": "district",
                 "city": "city", "province": "province", "country": "country"}.get(p.level)
        if field and getattr(loc, field) is None:
            setattr(loc, field, p.name)
    return loc


def resolve_place(text: str, *, context_city_id: Optional[str] = None,
                  gazetteer: Optional[Gazetteer] = None) -> Location:
    """Resolve a place mention to the most precise gazetteer entry the text supports."""
    gazetteer = gazetteer or load_gazetteer()
    name = _clean(text)
    if "," in name:  # "Orangi, Karachi": the first part, read in the context of the rest
        head, _, rest = name.partition(",")
        outer = resolve_place(rest, context_city_id=context_city_id, gazetteer=gazetteer)
        inner = resolve_place(head, context_city_id=outer.gazetteer_id or context_city_id, gazetteer=gazetteer)
        chosen = inner if inner.precision != "unknown" and inner.gazetteer_id != outer.gazetteer_id else outer
        chosen.text = text
        return chosen
    for variant in _variants(name):
        candidates = gazetteer.lookup(variant)
        if candidates:
            return location_for(_choose(candidates, gazetteer, context_city_id), gazetteer, text)
    if context_city_id and context_city_id in gazetteer and name[:1].isupper():
        _MISSING[(context_city_id, name)] += 1
        loc = location_for(gazetteer.get(context_city_id), gazetteer, text)
        loc.name = name
        return loc
    return Location(name=name or None, text=text, precision="unknown")


def missing_places() -> list[tuple[str, str, int]]:
    """(context city id, name, times seen) for names resolved only to their context city."""
    return sorted(((c, n, k) for (c, n), k in _MISSING.items()), key=lambda t: (-t[2], t[0], t[1]))


def clear_missing() -> None:
    _MISSING.clear()


@functools.lru_cache(maxsize=2)
def _city_pattern(gazetteer: Gazetteer) -> tuple[re.Pattern, dict[str, str]]:
    """A regex for the names of cities big enough to be a report's setting."""
    minimum = rules()["context_min_population"]
    by_name: dict[str, str] = {}
    for place in gazetteer:
        if place.level != "city":
            continue
        if place.id.startswith("gn:") and (place.population or 0) < minimum:
            continue
        for name in (place.name, *place.aliases):
            if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{3,}", name) and name[0].isupper():
                by_name.setdefault(name.lower(), place.id)
    body = "|".join(re.escape(n) for n in sorted(by_name, key=lambda n: (-len(n), n)))
    # Only names written with a capital count: the case-sensitive lookahead skips every other
    # position before the thousands of alternatives are tried (a tenth of the time per report).
    return re.compile(rf"(?<![\w-])(?-i:(?=[A-Z]))(?:{body})(?![\w-])", re.IGNORECASE), by_name


def find_dateline(text: str, search_chars: int = 3000) -> Optional[tuple[str, int, int]]:
    """The place name a dateline opens a paragraph with near the top, and its offsets in ``text``."""
    m = _DATELINE.search((text or "")[:search_chars])
    if not m:
        return None
    name = m.group("place").strip()
    return name, m.start("place"), m.start("place") + len(name)


def document_context(text: str, *, gazetteer: Optional[Gazetteer] = None) -> Optional[str]:
    """The gazetteer id of the city a report is set in: its dateline, else its most-named city."""
    gazetteer = gazetteer or load_gazetteer()
    dateline = find_dateline(text)
    if dateline:
        for place in gazetteer.lookup(dateline[0].title(), fuzzy=False):
            if place.level == "city":
                return place.id
    pattern, by_name = _city_pattern(gazetteer)
    counts = Counter(by_name[m.group(0).lower()] for m in pattern.finditer(text or "")
                     if m.group(0)[0].isupper())
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    return best if n > rest[0][1] else None
