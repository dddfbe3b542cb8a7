"""The geoparser: a place mention and its report's context -> a Location (DESIGN.md contract).

Context decides between namesakes. A report's context (``document_context``) is the place it
is set in (its dateline, else its most-named city, province or country) together with the
countries and provinces the whole report names, each weighed by how often: "Hyderabad" in a
report that names Sindh or Karachi is Sindh's, in one that names Telangana it is India's; in a
Karachi report "Saddar" is Karachi's Saddar and not Rawalpindi's. The home country
(``home_country`` in data/geoparse_rules.json) is a weak prior when nothing else decides, and
population breaks the remaining ties.

A capitalised name Vigil cannot find keeps its text and falls back to the smallest known place
that contains it ("Koshebe, Borno" -> Borno; an unknown name in a Karachi report -> Karachi),
at that place's precision and with ``coord_quality`` "parent"; it is recorded as missing so
curators can add it (``missing_places()``; ``vigil gazetteer missing``).
"""
from __future__ import annotations

import functools
import itertools
import json
import re
from collections import Counter
from importlib import resources
from typing import Iterable, Optional

from vigil.knowledge.gazetteer import Gazetteer, Place, load_gazetteer, normalise_name
from vigil.model import Location

# "KARACHI, Pakistan —", "QUETTA (Reuters) -", "PESHAWAR:" opening a paragraph, perhaps after a
# page's date stamp ("date 2023-05-14 SUKKUR, May 14 (APP): Two men ...").
_DATELINE = re.compile(
    r"^\s*(?:(?:[Dd]ate|[Pp]ublished|[Uu]pdated):?\s+)?(?:\d{4}-\d{2}-\d{2}\s+)?"
    r"(?P<place>[A-Z][A-Z .'-]{2,40}?)(?:,\s*(?P<region>[A-Z][\w .]{1,30}?))?\s*(?:\([^)]{1,40}\))?"
    r"\s*(?:(?:—|–|--|-|:)\s|(?:—|–|:)(?=[A-Z]))",
    re.MULTILINE,
)
_MISSING: Counter = Counter()
# Levels of the places inside a city.
BELOW_CITY_LEVELS = ("point", "neighbourhood", "town")
# Levels a report can be set in, and the levels whose names make up its regions.
SETTING_LEVELS = ("city", "province", "country")
REGION_LEVELS = ("province", "country")
# How much a dateline weighs against one mention of a place in the text.
DATELINE_WEIGHT = 3
# A name of up to this many words is read as one place ("Dera Ismail Khan", "Khyber Pakhtunkhwa").
MAX_NAME_WORDS = 4
# A word, its inner apostrophes kept ("N'Djamena") and a possessive "'s" left out.
_WORD = re.compile(r"[A-Za-zÀ-ɏ]\w*(?:['’](?!s\b)\w+)*")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    path = resources.files("vigil.knowledge").joinpath("data/geoparse_rules.json")
    return json.loads(path.read_text(encoding="utf-8"))


class ReportContext(str):
    """The gazetteer id of the place a report is set in, carrying ``regions`` (the countries and
    provinces the report names, and those of the places it names, with their weights) and
    ``cities`` (how often it names each city). It is a ``str`` so code that only needs the
    setting's id uses it as one."""

    regions: dict[str, float]
    cities: dict[str, int]

    def __new__(cls, place_id: str, regions: Optional[dict[str, float]] = None,
                cities: Optional[dict[str, int]] = None):
        context = super().__new__(cls, place_id)
        context.regions = dict(regions or {})
        context.cities = dict(cities or {})
        return context


def main_city_within(context: Optional[str], region_id: str,
                     gazetteer: Optional[Gazetteer] = None) -> Optional[str]:
    """The city a report names most inside ``region_id`` (a district, province or country),
    when it names it more often than any other there: "the attack in Yemen" in a report that
    keeps naming Aden was in Aden."""
    cities = getattr(context, "cities", None)
    if not cities:
        return None
    gazetteer = gazetteer or load_gazetteer()
    inside = sorted(((n, pid) for pid, n in cities.items()
                     if pid != region_id and pid in gazetteer and gazetteer.is_within(pid, region_id)), reverse=True)
    if not inside or (len(inside) > 1 and inside[0][0] == inside[1][0]):
        return None
    return inside[0][1]


def _regions_of(context: Optional[str]) -> dict[str, float]:
    return getattr(context, "regions", {}) or {}


# --------------------------------------------------------------------------- precision codes


def geo_precision_codes(precision: str, coord_quality: Optional[str] = "own",
                        point_level: Optional[str] = None) -> tuple[Optional[int], Optional[int]]:
    """(ACLED geo_precision, UCDP where_prec) for a Location's precision and the quality of its
    point. ACLED 1 (and UCDP 1) only for a place's own point: an approximate or borrowed point
    is at best 2, and a point borrowed from a district, province or country is coded as that
    level (``point_level``)."""
    r = rules()
    acled, ucdp = r["acled_geo_precision"].get(precision), r["ucdp_where_prec"].get(precision)
    if acled is None or ucdp is None:
        return acled, ucdp
    if coord_quality != "own":
        acled, ucdp = max(acled, 2), max(ucdp, 2)
    if point_level:
        acled = max(acled, r["acled_geo_precision"].get(point_level) or acled)
        ucdp = max(ucdp, r["ucdp_where_prec"].get(point_level) or ucdp)
    return acled, ucdp


def location_precision_codes(location: Optional[dict], gazetteer: Optional[Gazetteer] = None
                             ) -> tuple[Optional[int], Optional[int]]:
    """(ACLED geo_precision, UCDP where_prec) for an incident's location (a dict as exported).
    A location stored before it carried ``coord_quality`` takes its gazetteer entry's."""
    if not location:
        return None, None
    precision = location.get("precision") or "unknown"
    quality = location.get("coord_quality")
    point_level = None
    place_id = location.get("gazetteer_id")
    if place_id:
        gazetteer = gazetteer or load_gazetteer()
        if place_id in gazetteer:
            place = gazetteer.get(place_id)
            is_place = location.get("name") in (None, place.name)
            if quality is None:
                quality = place.coord_quality if is_place else "parent"
            if quality == "parent":  # a fallback's point is its container's own, or borrowed further up
                point_level = _point_level(gazetteer, place)
    return geo_precision_codes(precision, quality or "approximate", point_level)


def _point_level(gazetteer: Gazetteer, place: Place) -> str:
    """The level of the place whose point ``place`` carries: its own, or its ancestor's."""
    if place.coord_quality == "parent" and place.coord_source.startswith("parent "):
        ancestor = place.coord_source.split(" ", 1)[1]
        if ancestor in gazetteer:
            return gazetteer.get(ancestor).level
    return place.level


# --------------------------------------------------------------------------- resolving one name


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


def _chain_ids(gazetteer: Gazetteer, place_id: str) -> list[str]:
    return [place_id, *(p.id for p in gazetteer.ancestors(place_id))]


def _plain_name(name: str) -> str:
    """A name without the generic words around it ("Koshebe village" -> "Koshebe")."""
    return min(_variants(name), key=len).strip() or name


def _choose(candidates: list[Place], gazetteer: Gazetteer, context: Optional[str]) -> Place:
    """The candidate the report's context supports best: inside the report's setting first,
    then inside the regions the report names (weighed), then in the home country; the
    gazetteer's ranking (main name, level, population) breaks ties."""
    if len(candidates) == 1:
        return candidates[0]
    setting = context if context and context in gazetteer else None
    regions = _regions_of(context)
    home = rules()["home_country"]

    chains = {place.id: _chain_ids(gazetteer, place.id) for place in candidates}
    # "Basra", "Kaduna": a province and its city answer to one name; an incident is in the city
    holds_another = {place.id for place in candidates
                     if any(other.id != place.id and place.id in chains[other.id] for other in candidates)}

    def support(item: tuple[int, Place]):
        rank, place = item
        chain = chains[place.id]
        inside_setting = bool(setting) and setting in chain
        weight = sum(regions.get(pid, 0.0) for pid in chain if pid != place.id or place.id not in holds_another)
        return (not inside_setting, -weight, home not in chain, place.id in holds_another, rank)

    return min(enumerate(candidates), key=support)[1]


def country_weight(place_id: str, context: Optional[str], gazetteer: Optional[Gazetteer] = None) -> float:
    """How much the report (``context``'s regions) is about the country ``place_id`` lies in."""
    regions = _regions_of(context)
    if not regions:
        return 0.0
    gazetteer = gazetteer or load_gazetteer()
    country = _country_of(gazetteer, place_id) if place_id in gazetteer else None
    return float(regions.get(country, 0.0)) if country else 0.0


def _far_namesake(place: Place, gazetteer: Gazetteer, context: Optional[str]) -> bool:
    """A small town abroad ("Bagan" in Russia) in a report set elsewhere ("Bagan" in Kurram):
    the report means a place Vigil does not know. Only towns of fewer than
    ``namesake_min_population`` people (larger ones are meant anywhere) in a country the report
    does not name."""
    from vigil.knowledge.gazetteer import WORLD_CITY_SOURCE

    if WORLD_CITY_SOURCE not in place.sources or (place.population or 0) >= rules()["namesake_min_population"]:
        return False
    regions = _regions_of(context)
    setting_country = _country_of(gazetteer, context) if context and context in gazetteer else None
    if not regions and setting_country is None:
        return False
    country = _country_of(gazetteer, place.id)
    return country != setting_country and not regions.get(country)


def _ancestor_at(gazetteer: Gazetteer, place_id: str, level: str) -> Optional[str]:
    """The id of the place at ``level`` holding ``place_id`` (itself included), or None."""
    chain = [gazetteer.get(place_id), *gazetteer.ancestors(place_id)]
    return next((p.id for p in chain if p.level == level), None)


def _city_of(gazetteer: Gazetteer, place_id: str) -> Optional[str]:
    return _ancestor_at(gazetteer, place_id, "city")


def _another_city_s_place(place: Place, gazetteer: Gazetteer, context: Optional[str]) -> Optional[Place]:
    """A place inside one city (a hospital, a neighbourhood) named in a report set in another
    city that never names the first: the report means its own city's place of that name, which
    Vigil does not know. Returns the city the report tells of most (else its setting's city), or
    None when the place may well be the one meant."""
    if not isinstance(context, ReportContext) or context not in gazetteer or place.level not in BELOW_CITY_LEVELS:
        return None  # a bare place id says nothing of the cities the report names
    city = _city_of(gazetteer, place.id)
    setting_city = _city_of(gazetteer, context)
    cities = getattr(context, "cities", {}) or {}
    if city is None or setting_city is None or city == setting_city or cities.get(city):
        return None
    told = max(cities.items(), key=lambda kv: (kv[1], kv[0] == setting_city), default=(setting_city, 0))[0]
    return gazetteer.get(told if told in gazetteer else setting_city)


def _country_of(gazetteer: Gazetteer, place_id: str) -> Optional[str]:
    return _ancestor_at(gazetteer, place_id, "country")


def location_for(place: Place, gazetteer: Gazetteer, text: Optional[str] = None) -> Location:
    """The Location of a gazetteer entry, its named levels filled from its parent chain."""
    loc = Location(name=place.name, lat=place.lat, lon=place.lon, gazetteer_id=place.id, text=text,
                   precision=rules()["precision_by_level"].get(place.level, "unknown"),
                   coord_quality=place.coord_quality if place.lat is not None else None)
    for p in [place, *gazetteer.ancestors(place.id)]:
        field = {"neighbourhood": "neighbourhood", "town": "town", "district": "district",
                 "city": "city", "province": "province", "country": "country"}.get(p.level)
        if field and getattr(loc, field) is None:
            setattr(loc, field, p.name)
    return loc


def _fallback(name: str, container: Place, gazetteer: Gazetteer, text: Optional[str]) -> Location:
    """An unknown place, named as written, at the point and precision of a place containing it."""
    loc = location_for(container, gazetteer, text)
    loc.name = name
    if loc.lat is not None:
        loc.coord_quality = "parent"
    return loc


def resolve_place(text: str, *, context_city_id: Optional[str] = None,
                  gazetteer: Optional[Gazetteer] = None) -> Location:
    """Resolve a place mention to the most precise gazetteer entry the text supports.
    ``context_city_id`` is the report's context (``document_context``) or a plain place id."""
    gazetteer = gazetteer or load_gazetteer()
    name = _clean(text)
    if "," in name:  # "Orangi, Karachi", "Koshebe, Borno": the first part, read inside the rest
        head, _, rest = name.partition(",")
        outer = resolve_place(rest, context_city_id=context_city_id, gazetteer=gazetteer)
        if outer.gazetteer_id and outer.name == gazetteer.get(outer.gazetteer_id).name:
            inner_context = ReportContext(outer.gazetteer_id, _regions_of(context_city_id))
            inner = resolve_place(head, context_city_id=inner_context, gazetteer=gazetteer)
        else:
            inner = resolve_place(head, context_city_id=context_city_id, gazetteer=gazetteer)
        if (inner.gazetteer_id and outer.gazetteer_id and not is_fallback(inner, gazetteer)
                and not gazetteer.is_within(inner.gazetteer_id, outer.gazetteer_id)):
            inner = _fallback(_plain_name(head), gazetteer.get(outer.gazetteer_id), gazetteer, text)
        chosen = inner if inner.precision != "unknown" else outer
        chosen.text = text
        return chosen
    for variant in _variants(name):
        candidates = gazetteer.lookup(variant)
        if candidates:
            place = _choose(candidates, gazetteer, context_city_id)
            if not _far_namesake(place, gazetteer, context_city_id):
                elsewhere = _another_city_s_place(place, gazetteer, context_city_id)
                if elsewhere is None:
                    return location_for(place, gazetteer, text)
                # "the Civil Hospital" in a Quetta report is not Karachi's: kept as written, in the
                # city the report tells of
                name = _plain_name(name)
                _MISSING[(elsewhere.id, name)] += 1
                return _fallback(name, elsewhere, gazetteer, text)
            break
    container = _container(context_city_id, gazetteer)
    if container is not None and name[:1].isupper():
        name = _plain_name(name)
        _MISSING[(container.id, name)] += 1
        return _fallback(name, container, gazetteer, text)
    return Location(name=name or None, text=text, precision="unknown")


def _container(context: Optional[str], gazetteer: Gazetteer) -> Optional[Place]:
    """The smallest place known to contain whatever a report names: its setting, else the
    province it names most inside the country it names most."""
    if context and context in gazetteer:
        return gazetteer.get(context)
    regions = _regions_of(context)
    country = _dominant_country(Counter(regions), gazetteer)
    if country is None:  # none named, or two named as often: nothing is known to contain it
        return None
    provinces = [(w, pid) for pid, w in regions.items() if pid in gazetteer
                 and gazetteer.get(pid).level == "province" and gazetteer.get(pid).parent_id == country]
    return gazetteer.get(max(provinces)[1] if provinces else country)


def is_fallback(location: Location, gazetteer: Optional[Gazetteer] = None) -> bool:
    """A place Vigil does not know, placed at a known place containing it (its name is not
    the gazetteer entry's)."""
    if not location.gazetteer_id or location.coord_quality != "parent":
        return False
    gazetteer = gazetteer or load_gazetteer()
    return location.gazetteer_id in gazetteer and location.name != gazetteer.get(location.gazetteer_id).name


def placed_within(location: Location, container_id: str, gazetteer: Optional[Gazetteer] = None) -> Location:
    """An unknown place (a fallback, or a Location of precision "unknown") placed afresh at
    ``container_id``, a known place the same sentence names around it."""
    gazetteer = gazetteer or load_gazetteer()
    return _fallback(location.name or location.text or "", gazetteer.get(container_id), gazetteer, location.text)


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """A people's adjective -> its country's name, from the state forces' table."""
    data = json.loads(resources.files("vigil.knowledge").joinpath("data/state_forces.json").read_text("utf-8"))
    return {d: c["country"] for c in data["countries"] for d in c.get("demonyms", ()) if d[:1].isupper() and not d.isupper()}


def country_of_demonym(word: str, gazetteer: Optional[Gazetteer] = None) -> Optional[str]:
    """The gazetteer id of the country a people's adjective names ("Congolese" -> CD), or None."""
    name = _demonyms().get(word)
    if name is None:
        return None
    gazetteer = gazetteer or load_gazetteer()
    countries = [p.id for p in gazetteer.lookup(name) if p.level == "country"]
    return countries[0] if countries else None


def missing_places() -> list[tuple[str, str, int]]:
    """(context place id, name, times seen) for names resolved only to their context place."""
    return sorted(((c, n, k) for (c, n), k in _MISSING.items()), key=lambda t: (-t[2], t[0], t[1]))


def clear_missing() -> None:
    _MISSING.clear()


# --------------------------------------------------------------------------- a report's context


def _dominant_country(regions: Counter, gazetteer: Gazetteer) -> Optional[str]:
    """The country a report names (with its places) more than any other, if one does."""
    countries = sorted(((w, pid) for pid, w in regions.items()
                        if pid in gazetteer and gazetteer.get(pid).level == "country"), reverse=True)
    if not countries or (len(countries) > 1 and countries[0][0] == countries[1][0]):
        return None
    return countries[0][1]


@functools.lru_cache(maxsize=2)
def _scene_names(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Normalised name -> ids of the places whose mention tells where a report is, by the
    names the entity ruler labels (so not common words, people's names, divisions named only
    with generic words, nor small towns abroad)."""
    from vigil.knowledge.ruler import WORLD_MIN_POPULATION, scene_names, usable_name

    index: dict[str, list[str]] = {}
    for place in itertools.chain(gazetteer.places(towns=False), gazetteer.towns(WORLD_MIN_POPULATION)):
        for name in scene_names(place):
            if not usable_name(name):
                continue
            key = normalise_name(name)
            ids = index.setdefault(key, [])
            if place.id not in ids:
                ids.append(place.id)
    return {k: tuple(v) for k, v in index.items()}


# "airlifted to Raipur", "fled from Quetta": a city named as where people went or came from.
_MOVEMENT_BEFORE = re.compile(r"\b(?:to|from|towards|toward)\s+(?:the\s+)?$", re.IGNORECASE)


def _named_places(text: str, gazetteer: Gazetteer) -> list[tuple[str, tuple[str, ...], bool]]:
    """(name as written, candidate ids, named as where people went or came from) for each
    capitalised place name in ``text``, longest names first at each position ("Dera Ismail
    Khan" before "Dera")."""
    names = _scene_names(gazetteer)
    words = list(_WORD.finditer(text or ""))
    found, i = [], 0
    while i < len(words):
        if not words[i].group(0)[0].isupper():
            i += 1
            continue
        width = 1
        while (width < MAX_NAME_WORDS and i + width < len(words)
               and _NAME_GAP.fullmatch(text[words[i + width - 1].end():words[i + width].start()])):
            width += 1
        for n in range(width, 0, -1):
            span = text[words[i].start():words[i + n - 1].end()]
            ids = names.get(normalise_name(span))
            if ids and _area_kind_after().match(text, words[i + n - 1].end()):
                # "Kaduna State": the state, not its capital of the same name
                ids = tuple(pid for pid in ids if gazetteer.get(pid).level == "province") or ids
            if ids:
                start = words[i].start()
                found.append((span, ids, bool(_MOVEMENT_BEFORE.search(text, max(0, start - 16), start))))
                i += n
                break
        else:
            i += 1
    return found


_NAME_GAP = re.compile(r"[ -]")


@functools.lru_cache(maxsize=1)
def _area_kind_after() -> re.Pattern:
    """" State", " Province" ... right after a name (``area_kind_words``): the area is meant."""
    return re.compile(r" (?:%s)\b" % "|".join(map(re.escape, rules()["area_kind_words"])))


def _resolve_scene(named: Iterable[tuple[str, tuple[str, ...], bool]], gazetteer: Gazetteer,
                   regions: Counter) -> list[Place]:
    """The places a report names, namesakes read in the light of the unambiguous ones: a name
    whose candidates all lie in one country counts at once, the others once those have set the
    regions."""
    named = list(named)
    chosen: list[Optional[Place]] = [None] * len(named)
    for settled_only in (True, False):
        for i, (_, ids, _moved) in enumerate(named):
            if chosen[i] is not None:
                continue
            candidates = gazetteer.ranked({pid: True for pid in ids})
            countries = {_country_of(gazetteer, p.id) for p in candidates}
            if settled_only and len(countries) > 1:
                continue
            place = _choose(candidates, gazetteer, ReportContext("", dict(regions)))
            chosen[i] = place
            for pid in _chain_ids(gazetteer, place.id):
                if gazetteer.get(pid).level in REGION_LEVELS:
                    regions[pid] += 1
    return [p for p in chosen if p is not None]


def find_dateline(text: str, search_chars: int = 3000) -> Optional[tuple[str, int, int]]:
    """The place name a dateline opens a paragraph with near the top, and its offsets in ``text``."""
    m = _DATELINE.search((text or "")[:search_chars])
    if not m:
        return None
    name = m.group("place").strip()
    return name, m.start("place"), m.start("place") + len(name)


def _dateline_place(text: str, gazetteer: Gazetteer, regions: Counter) -> Optional[Place]:
    """The place a dateline names ("HYDERABAD, India —"), read within the region it adds."""
    m = _DATELINE.search((text or "")[:3000])
    if not m:
        return None
    region = None
    if m.group("region"):
        region = next((p for p in gazetteer.lookup(m.group("region").strip(), fuzzy=False)
                       if p.level in REGION_LEVELS), None)
    candidates = [p for p in gazetteer.lookup(m.group("place").strip().title(), fuzzy=False)
                  if p.level in SETTING_LEVELS]
    if region is not None:
        candidates = [p for p in candidates if gazetteer.is_within(p.id, region.id)] or candidates
    if not candidates:
        return None
    context = ReportContext(region.id if region else "", dict(regions))
    return _choose(candidates, gazetteer, context)


def document_context(text: str, *, gazetteer: Optional[Gazetteer] = None) -> Optional[ReportContext]:
    """Where a report is set and the regions it names (``ReportContext``): its dateline place,
    else its most-named city (a GeoNames town only with ``context_min_population`` people),
    else its most-named province, else its most-named country, each only when named more often
    than any other of its level. A report that names places but no clear setting gets a context
    with an empty id and its regions; one that names none gets None."""
    gazetteer = gazetteer or load_gazetteer()
    regions: Counter = Counter()
    named = _named_places(text, gazetteer)
    scene = _resolve_scene(named, gazetteer, regions)
    # The cities a report tells of, for main_city_within: not those people were taken to or came from.
    cities = Counter(p.id for p, (_, _, moved) in zip(scene, named) if p.level == "city" and not moved)
    dateline = _dateline_place(text, gazetteer, regions)
    if dateline is not None:
        for pid in _chain_ids(gazetteer, dateline.id):
            if gazetteer.get(pid).level in REGION_LEVELS:
                regions[pid] += DATELINE_WEIGHT
        return ReportContext(dateline.id, regions, cities)
    minimum = rules()["context_min_population"]
    country = _dominant_country(regions, gazetteer)
    for level in SETTING_LEVELS:
        counts = Counter(p.id for p in scene if p.level == level and (
            level != "city" or not p.id.startswith("gn:") or (p.population or 0) >= minimum)
            and (country is None or gazetteer.is_within(p.id, country)))
        if not counts:
            continue
        (best, n), *rest = counts.most_common(2) + [(None, 0)]
        if n > rest[0][1]:
            return ReportContext(best, regions, cities)
        break  # a tie: the report is set in none of them
    return ReportContext("", regions, cities) if regions else None
