"""The gazetteer: places by id and by name, with their parent chains.

Loaded from ``data/gazetteer.jsonl.gz`` (Pakistan in detail, countries, first-level divisions
of the world) and ``data/world_cities.tsv.gz`` (GeoNames towns and cities elsewhere), both
compiled by ``scripts/build_gazetteer.py``. Name lookup is case- and accent-insensitive
("Culiacan" finds Culiacán), knows every alias, reads a name written with or without its
spaces ("Miranshah", "Miran Shah"), and forgives small spelling differences in Pakistan's
names ("Sohrab Ghot", "Surjani Twon") through rapidfuzz when nothing matches exactly.

Every place says how good its point is (``coord_quality``): ``own`` (a source's point for this
very place: a GeoNames town, an airport's reference point, a district's centroid), ``approximate``
(a rounded or stand-in point: a capital for its country, the mean of a province's towns) or
``parent`` (no point of its own: the nearest ancestor's, named in ``coord_source``).
"""
from __future__ import annotations

import functools
import gc
import gzip
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Iterator, NamedTuple, Optional, Sequence

from rapidfuzz import fuzz, process

from vigil.knowledge.errors import KnowledgeError

# Broadest first when names tie; but a city comes before the province or district it lies in
# and shares its name with: a bare name in a report ("Peshawar", "Kandahar") means the city more
# often than the division (Gazetteer.lookup).
LEVEL_ORDER = ("country", "province", "city", "district", "town", "neighbourhood", "point")
COORD_QUALITIES = ("own", "approximate", "parent")
FUZZY_CUTOFF = 90
FUZZY_MIN_LENGTH = 5  # short names have too many near neighbours to guess between
WORLD_CITY_SOURCE = "geonames-cities"
# Between the rows of world_cities.tsv.gz and its index of names.
TOWN_KEYS_MARKER = "\n#keys\n"


class Place(NamedTuple):
    # A named tuple rather than a dataclass: the world's towns are tens of thousands of places,
    # and a tuple is built ten times faster, which keeps loading the gazetteer quick.
    id: str
    name: str
    feature_type: str
    level: str  # country | province | district | town | neighbourhood | point | city
    parent_id: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    coord_quality: str  # own | approximate | parent
    coord_source: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    population: Optional[int] = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


_ASCII_PUNCTUATION = str.maketrans({c: " " for c in "-_.,/()'\"’"})


def normalise_name(name: str) -> str:
    """The key names are compared on: lower case, no accents, punctuation as spaces."""
    if name.isascii():  # most names: the quick way to the same key
        return " ".join(name.lower().translate(_ASCII_PUNCTUATION).split())
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().translate(_ASCII_PUNCTUATION)
    return " ".join(text.split())


def _despaced(key: str) -> str:
    return key.replace(" ", "")


class Gazetteer:
    def __init__(self, places: list[Place], towns: str = ""):
        """``places`` are indexed by the normalised forms of their names. ``towns`` is the text
        of ``world_cities.tsv.gz``: its rows become Places only when asked for, and its index of
        normalised names (computed when it was built) is read as it stands, which keeps loading
        tens of thousands of towns quick. Towns are left out of fuzzy matching."""
        self._by_id: dict[str, Place] = {p.id: p for p in places}
        self._by_key: dict[str, list[tuple[bool, str]]] = {}
        for place in places:
            self._index(place.id, [normalise_name(name) for name in place.names])
        rows, _, keys = towns.partition(TOWN_KEYS_MARKER)
        # towns not yet made into Places, by id; a row starts with its id and a tab
        self._rows: dict[str, str] = {row[: row.index("\t")]: row for row in rows.split("\n")
                                      if row and row[0] != "#"}
        # normalised name -> "id,id*,..." (a star marks the town's main name)
        self._town_keys: dict[str, str] = dict(line.split("\t", 1) for line in keys.split("\n") if line)

    def _index(self, place_id: str, keys: Sequence[str]) -> None:
        by_key = self._by_key
        primary = True
        for key in keys:
            if key:
                hits = by_key.get(key)
                if hits is None:
                    by_key[key] = [(primary, place_id)]
                else:
                    hits.append((primary, place_id))
            primary = False

    def _hits(self, key: str) -> list[tuple[bool, str]]:
        """(main name?, id) of the places known by this normalised name."""
        hits = self._by_key.get(key, [])
        towns = self._town_keys.get(key)
        if towns:
            hits = hits + [(entry[-1] == "*", entry.rstrip("*")) for entry in towns.split(",")]
        return hits

    @functools.cached_property
    def _by_despaced(self) -> dict[str, list[str]]:
        """"Miranshah" for "Miran Shah", "Dera Ismail Khan" for "Dera Ismailkhan": names written
        with or without a space are one name."""
        index: dict[str, list[str]] = {}
        for keys in (self._by_key, self._town_keys):
            for key in keys:
                if " " in key:
                    index.setdefault(_despaced(key), []).append(key)
        return index

    @functools.cached_property
    def _fuzzy_keys(self) -> list[str]:
        """Spelling slips are forgiven for Pakistan's names, which reports spell many ways; the
        world's towns are too many to guess between."""
        return [k for k in self._by_key if len(k) >= FUZZY_MIN_LENGTH]

    def __len__(self) -> int:
        return len(self._by_id) + len(self._rows)

    def __iter__(self) -> Iterator[Place]:
        if self._rows:
            for pid in list(self._rows):
                self.get(pid)
        return iter(self._by_id.values())

    def places(self, *, towns: bool = True) -> Iterator[Place]:
        """Every place; without the world's towns when ``towns`` is false (none made into
        Places that were not already)."""
        if towns:
            yield from self
            return
        yield from (p for p in list(self._by_id.values()) if WORLD_CITY_SOURCE not in p.sources)

    def towns(self, min_population: int = 0) -> Iterator[Place]:
        """The world's towns of at least ``min_population`` people, made into Places only when
        they qualify."""
        yield from (p for p in list(self._by_id.values())
                    if WORLD_CITY_SOURCE in p.sources and (p.population or 0) >= min_population)
        for pid, row in list(self._rows.items()):
            if int(row.split("\t", 6)[5]) >= min_population:
                yield self.get(pid)

    def __contains__(self, place_id: str) -> bool:
        return place_id in self._by_id or place_id in self._rows

    def get(self, place_id: str) -> Place:
        place = self._by_id.get(place_id)
        if place is not None:
            return place
        row = self._rows.pop(place_id, None)
        if row is None:
            raise KnowledgeError(f"gazetteer: no place with id {place_id!r}")
        place = self._by_id[place_id] = _town_from_row(row)
        return place

    def lookup(self, name: str, *, fuzzy: bool = True) -> list[Place]:
        """Every place this name (or alias) may denote; near spellings when none matches."""
        key = normalise_name(name or "")
        if not key:
            return []
        hits = self._hits(key)
        if not hits and key.startswith("the "):
            key = key[4:]
            hits = self._hits(key)
        if not hits:
            despaced = _despaced(key)
            hits = [h for k in self._by_despaced.get(despaced, ()) for h in self._hits(k)]
            hits = hits or (self._hits(despaced) if " " in key else [])
        if not hits and fuzzy and len(key) >= FUZZY_MIN_LENGTH:
            matches = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_CUTOFF, limit=5)
            if matches:
                best = matches[0][1]
                hits = [h for m in matches if m[1] == best for h in self._by_key[m[0]]]
        if not hits:
            return []
        ranked: dict[str, bool] = {}
        for primary, pid in hits:
            ranked[pid] = ranked.get(pid, False) or primary
        return self.ranked(ranked)

    def ranked(self, main: dict[str, bool]) -> list[Place]:
        """Places (id -> known by its main name?) in the order a lookup lists them."""
        places = sorted((self.get(pid) for pid in main), key=lambda p: self._rank(p, main[p.id]))
        return self._cities_before_their_namesake_division(places, main)

    def _cities_before_their_namesake_division(self, places: list[Place], main: dict[str, bool]) -> list[Place]:
        for i, place in enumerate(places):
            if place.level != "city" or i == 0 or not main[place.id]:
                continue
            chain = {p.id for p in self.ancestors(place.id)}
            first = next((j for j in range(i) if places[j].id in chain), None)
            if first is not None:
                places.insert(first, places.pop(i))
        return places

    @staticmethod
    def _rank(place: Place, primary: bool):
        # A country's or province's other names are as current as its main one ("America",
        # "Burma"): they are not the lesser names a town's alternates are.
        main = primary or place.level in ("country", "province")
        return (not main, LEVEL_ORDER.index(place.level), -(place.population or 0), place.id)

    def ancestors(self, place_id: str) -> list[Place]:
        """The parent chain from the nearest parent up to the country."""
        chain: list[Place] = []
        seen = {place_id}
        parent = self.get(place_id).parent_id
        while parent:
            if parent in seen:
                raise KnowledgeError(f"gazetteer: cycle in the parent chain of {place_id!r}")
            seen.add(parent)
            place = self.get(parent)
            chain.append(place)
            parent = place.parent_id
        return chain

    def is_within(self, place_id: str, ancestor_id: str) -> bool:
        """True when ``ancestor_id`` is the place itself or one of its ancestors."""
        if place_id == ancestor_id:
            return True
        return any(p.id == ancestor_id for p in self.ancestors(place_id))

    def children(self, place_id: str) -> list[Place]:
        return [self._by_id[pid] for pid in self._children().get(place_id, ())]

    @functools.cached_property
    def _children_ids(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for place in self:
            if place.parent_id:
                index.setdefault(place.parent_id, []).append(place.id)
        for ids in index.values():
            ids.sort()
        return index

    def _children(self) -> dict[str, list[str]]:
        return self._children_ids


# Files written before the three-way vocabulary said "exact" for a surveyed point.
_LEGACY_QUALITY = {"exact": "own"}


def _place_from_record(record: dict) -> Place:
    quality = record.get("coord_quality", "parent")
    return Place(
        id=record["id"], name=record["name"], feature_type=record.get("feature_type", ""),
        level=record["level"], parent_id=record.get("parent_id"),
        lat=record.get("lat"), lon=record.get("lon"),
        coord_quality=_LEGACY_QUALITY.get(quality, quality), coord_source=record.get("coord_source", ""),
        aliases=tuple(record.get("aliases", ())), sources=tuple(record.get("sources", ())),
        population=record.get("population"),
    )


def _town_from_row(row: str) -> Place:
    """A row of ``world_cities.tsv.gz``: id, name, parent id, lat, lon, population and aliases
    joined by "|". Every row is a GeoNames populated place with its own point."""
    pid, name, parent, lat, lon, population, aliases = row.split("\t")
    return Place(pid, name, "populated place", "city", parent, float(lat), float(lon), "own",
                 f"GeoNames {pid[3:]}", tuple(aliases.split("|")) if aliases else (),
                 _WORLD_SOURCES, int(population))


_WORLD_SOURCES = (WORLD_CITY_SOURCE,)


def default_path() -> Path:
    return Path(str(resources.files("vigil.knowledge").joinpath("data/gazetteer.jsonl.gz")))


def world_cities_path() -> Path:
    return Path(str(resources.files("vigil.knowledge").joinpath("data/world_cities.tsv.gz")))


def _read_lines(path: Path) -> list[str]:
    return _read_text(path).split("\n")


def _read_text(path: Path) -> str:
    try:
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    except FileNotFoundError:
        raise KnowledgeError(f"{path}: gazetteer file not found (run scripts/build_gazetteer.py)") from None
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise KnowledgeError(f"{path}: not a readable gazetteer ({exc})") from None


@functools.lru_cache(maxsize=4)
def load_gazetteer(path: Optional[str | Path] = None) -> Gazetteer:
    """The gazetteer, read once per process (per path). Without a path: the shipped gazetteer
    and the world's towns; with one: that JSONL file alone."""
    main = Path(path) if path else default_path()
    # Tens of thousands of small objects: the cyclic collector has nothing to find in them and
    # would walk them again and again while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            places = [_place_from_record(json.loads(line)) for line in _read_lines(main) if line.strip()]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise KnowledgeError(f"{main}: not a readable gazetteer ({exc})") from None
        if path is None:
            world = world_cities_path()
            try:
                return Gazetteer(places, _read_text(world))
            except ValueError as exc:
                raise KnowledgeError(f"{world}: not a readable gazetteer ({exc})") from None
        return Gazetteer(places)
    finally:
        if collecting:
            gc.enable()
