"""The map component: points in, an HTML fragment out (a <div>, its data as JSON, the styles and
the scripts that draw it), with everything inline so the page needs no network."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from markupsafe import Markup, escape

from vigil.maps import assets, labels
from vigil.maps.basemap import basemap_for
from vigil.maps.extent import Extent, focus_extent

# Padding of the views, as a share of their size, and their smallest width in degrees (a single
# incident is shown with a few kilometres around it, not at street level).
FOCUS_PADDING = 0.12
MIN_VIEW_DEGREES = 0.08
# Local places (districts, towns, neighbourhoods) are named this far around the focus.
LOCAL_LABEL_PADDING = 0.5
LOCAL_LABEL_MIN_DEGREES = 0.5
ATTRIBUTION = "Basemap: Natural Earth (public domain)"


@dataclass(frozen=True)
class MapPoint:
    """One point of the map. ``popup`` is HTML the caller has built and escaped; ``size`` (e.g.
    the dead) grows the marker with its square root; ``title`` is plain text shown on hover."""
    id: str
    lat: float
    lon: float
    popup: str = ""
    size: float = 0.0
    title: str = ""


@dataclass(frozen=True)
class MapFragment:
    """``styles`` go in <head>, ``body`` where the map is, ``scripts`` once per page after every
    map's body (they draw all the maps on the page)."""
    styles: Markup
    body: Markup
    scripts: Markup
    points: int
    outliers: int

    def summary(self) -> str:
        """One sentence on what the first view shows, for the text under the map."""
        if not self.outliers:
            return ""
        shown = self.points - self.outliers
        return (f"The map opens on the area of {shown} of the {self.points} incidents; "
                f"{self.outliers} lie outside it: see the inset, or “Show all”.")


def _valid(point: MapPoint) -> bool:
    return (isinstance(point.lat, (int, float)) and isinstance(point.lon, (int, float))
            and math.isfinite(point.lat) and math.isfinite(point.lon)
            and -90 <= point.lat <= 90 and -180 <= point.lon <= 180)


def map_data(points: Iterable[MapPoint], *, with_labels: bool = True) -> dict[str, Any]:
    """What the page's script needs to draw the map: points, the focus and whole extents, the
    basemap near the points, and place labels."""
    points = [p for p in points if _valid(p)]
    coords = [(p.lat, p.lon) for p in points]
    focus = focus_extent(coords)
    view = focus.padded(FOCUS_PADDING, MIN_VIEW_DEGREES) if focus else None
    everything = Extent.around(coords)
    outliers = sum(not view.contains(lat, lon) for lat, lon in coords) if view else 0
    basemap = basemap_for(coords, view)
    place_names: list[dict[str, Any]] = []
    if with_labels:
        size, tiles = basemap["tile_degrees"], basemap["tiles"]
        near = focus.padded(LOCAL_LABEL_PADDING, LOCAL_LABEL_MIN_DEGREES) if focus else None
        found = labels.gazetteer_labels(tiles, size, near, coords) if points else []
        place_names = labels.merge_labels(labels.country_labels(basemap["countries"]), found)
    return {
        "points": [{"id": p.id, "lat": round(float(p.lat), 5), "lon": round(float(p.lon), 5),
                    "size": float(p.size or 0), "popup": str(p.popup), "title": str(p.title)} for p in points],
        "focus": view.leaflet() if view else None,
        "all": everything.padded(FOCUS_PADDING, MIN_VIEW_DEGREES).leaflet() if everything else None,
        "outliers": outliers,
        "basemap": {key: basemap[key] for key in ("tile_degrees", "overview", "tiles")},
        "labels": place_names,
        "attribution": ATTRIBUTION,
    }


def _json_block(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/json"> block; "</" is escaped so no text can close it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def map_styles() -> Markup:
    _, leaflet_css, _ = assets.leaflet()
    _, cluster_css, _ = assets.markercluster()
    return Markup(f"<style>{leaflet_css}</style>\n<style>{cluster_css}</style>\n"
                  f"<style>{assets.static('vigil_map.css')}</style>")


def map_scripts() -> Markup:
    leaflet_js, _, _ = assets.leaflet()
    cluster_js, _, _ = assets.markercluster()
    return Markup(f"<script>{leaflet_js}</script>\n<script>{cluster_js}</script>\n"
                  f"<script>{assets.static('vigil_map.js')}</script>")


def render_map(points: Iterable[MapPoint], *, element_id: str = "map", label: str = "Map of incidents",
               with_labels: bool = True, height_px: Optional[int] = None) -> MapFragment:
    """The map of ``points`` as an HTML fragment (see MapFragment)."""
    data = map_data(points, with_labels=with_labels)
    style = f' style="height: {int(height_px)}px"' if height_px else ""
    body = Markup(
        f'<div id="{escape(element_id)}" class="vigil-map" role="region" aria-label="{escape(label)}"{style}></div>\n'
        f'<script type="application/json" class="vigil-map-data" data-map="{escape(element_id)}">'
        f"{_json_block(data)}</script>"
    )
    return MapFragment(styles=map_styles(), body=body, scripts=map_scripts(),
                       points=len(data["points"]), outliers=data["outliers"])
