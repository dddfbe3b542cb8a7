"""The gazetteer: places by id and by name, with their parent chains.

Loaded from ``data/gazetteer.jsonl.gz`` (compiled by ``scripts/build_gazetteer.py``).
Name lookup is case- and accent-insensitive, knows every alias, and forgives small spelling
differences ("Sohrab Ghot", "Surjani Twon") through rapidfuzz when nothing matches exactly.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator, Optional

from rapidfuzz import fuzz, process

from vigil.knowledge.errors import KnowledgeError

# Broadest first; a lookup lists broader places first when names tie, since a bare name in a
# report ("Peshawar") means the city more often than the district named after it.
LEVEL_ORDER = ("country", "province", "city", "district", "town", "neighbourhood", "point")
FUZZY_CUTOFF = 90
FUZZY_MIN_LENGTH = 5  # short names have too many near neighbours to guess between


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    feature_type: str
    level: str  # country | province | district | town | neighbourhood | point | city
    parent_id: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    coord_quality: str  # exact | approximate | parent
    coord_source: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)
    population: Optional[int] = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def normalise_name(name: str) -> str:
    """The key names are compared on: lower case, no accents, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'")
    text = re.sub(r"[-_.,/()'\"]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class Gazetteer:
    def __init__(self, places: list[Place]):
        self._by_id: dict[str, Place] = {p.id: p for p in places}
        self._by_key: dict[str, list[tuple[bool, str]]] = {}
        for place in places:
            for i, name in enumerate(place.names):
                key = normalise_name(name)
                if key:
                    self._by_key.setdefault(key, []).append((i == 0, place.id))
        self._fuzzy_keys = [k for k in self._by_key if len(k) >= FUZZY_MIN_LENGTH]

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def __contains__(self, place_id: str) -> bool:
        return place_id in self._by_id

    def get(self, place_id: str) -> Place:
        try:
            return self._by_id[place_id]
        except KeyError:
            raise KnowledgeError(f"gazetteer: no place with id {place_id!r}") from None

    def lookup(self, name: str, *, fuzzy: bool = True) -> list[Place]:
        """Every place this name (or alias) may denote; near spellings when none matches."""
        key = normalise_name(name or "")
        if not key:
            return []
        hits = self._by_key.get(key)
        if not hits and key.startswith("the "):
            hits = self._by_key.get(key[4:])
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
        return sorted((self._by_id[pid] for pid in ranked), key=lambda p: self._rank(p, ranked[p.id]))

    @staticmethod
    def _rank(place: Place, primary: bool):
        return (not primary, LEVEL_ORDER.index(place.level), -(place.population or 0), place.id)

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
        return sorted((p for p in self._by_id.values() if p.parent_id == place_id), key=lambda p: p.id)


def _place_from_record(record: dict) -> Place:
    return Place(
        id=record["id"], name=record["name"], feature_type=record.get("feature_type", ""),
        level=record["level"], parent_id=record.get("parent_id"),
        lat=record.get("lat"), lon=record.get("lon"),
        coord_quality=record.get("coord_quality", "parent"), coord_source=record.get("coord_source", ""),
        aliases=tuple(record.get("aliases", ())), sources=tuple(record.get("sources", ())),
        population=record.get("population"),
    )


def default_path() -> Path:
    return Path(str(resources.files("vigil.knowledge").joinpath("data/gazetteer.jsonl.gz")))


@functools.lru_cache(maxsize=4)
def load_gazetteer(path: Optional[str | Path] = None) -> Gazetteer:
    """The gazetteer, read once per process (per path)."""
    path = Path(path) if path else default_path()
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        raise KnowledgeError(f"{path}: gazetteer file not found (run scripts/build_gazetteer.py)") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise KnowledgeError(f"{path}: not a readable gazetteer ({exc})") from None
    return Gazetteer([_place_from_record(r) for r in records])
