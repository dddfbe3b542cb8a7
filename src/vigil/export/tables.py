"""The export tables (data files in vigil/export/data), loaded once."""
from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Optional

from vigil.export.errors import ExportError


def _data_text(name: str) -> str:
    path = resources.files("vigil.export").joinpath(f"data/{name}")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportError(f"{path}: export data file not found") from None


@functools.lru_cache(maxsize=None)
def table(name: str) -> dict:
    """A JSON table by file name: acled.json, gtd.json."""
    try:
        return json.loads(_data_text(name))
    except json.JSONDecodeError as error:
        raise ExportError(f"vigil/export/data/{name}: not valid JSON ({error})") from None


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    iso_numeric: int
    name: str
    acled_region: str


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    lines = [line for line in _data_text("countries.tsv").splitlines() if line and not line.startswith("#")]
    by_key: dict[str, Country] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        country = Country(row["iso2"], row["iso3"], int(row["iso_numeric"]), row["name"], row["acled_region"])
        for key in (country.name, country.iso2, country.iso3):
            by_key[key.casefold()] = country
    return by_key


@functools.lru_cache(maxsize=256)
def country(name: Optional[str]) -> Optional[Country]:
    """The codes of a country given by name (or ISO code); the gazetteer resolves other names."""
    if not name:
        return None
    found = _countries().get(name.casefold())
    if found is None:
        from vigil.knowledge import load_gazetteer

        for place in load_gazetteer().lookup(name, fuzzy=False):
            if place.level == "country":
                found = _countries().get(place.id.casefold()) or _countries().get(place.name.casefold())
                break
    return found
