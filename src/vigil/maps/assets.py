"""The files a page with a map needs, read for inlining: Leaflet and Leaflet.markercluster (from
their xstatic packages) and the map's own script and style (vigil/maps/static)."""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from vigil.maps.errors import MapError


def _read(base: Path, name: str) -> str:
    try:
        return (base / name).read_text(encoding="utf-8")
    except OSError as error:
        raise MapError(f"{base / name}: cannot read ({error.strerror or error})") from None


def _script(text: str) -> Markup:
    # Inline <script> text must not contain "</script"; these libraries do not, but be certain.
    return Markup(text.replace("</script", "<\\/script"))


@functools.lru_cache(maxsize=1)
def leaflet() -> tuple[Markup, Markup, str]:
    """(Leaflet's JavaScript, its CSS, its version). Its marker images are never used: incidents
    are circle markers (SVG paths) and clusters and labels are HTML, so no image file is asked for."""
    try:
        from xstatic.pkg import leaflet as package
    except ImportError:
        raise MapError("maps need Leaflet: pip install xstatic-leaflet") from None
    base = Path(package.BASE_DIR)
    return _script(_read(base, "leaflet.js")), Markup(_read(base, "leaflet.css")), package.VERSION


@functools.lru_cache(maxsize=1)
def markercluster() -> tuple[Markup, Markup, str]:
    """(Leaflet.markercluster's JavaScript, its layout CSS, its version). Its default colours
    (MarkerCluster.Default.css) are replaced by the map's own style."""
    try:
        from xstatic.pkg import leaflet_markercluster as package
    except ImportError:
        raise MapError("maps need Leaflet.markercluster: pip install xstatic-leaflet-markercluster") from None
    base = Path(package.BASE_DIR)
    return (_script(_read(base, "leaflet.markercluster.js")), Markup(_read(base, "MarkerCluster.css")),
            package.VERSION)


@functools.lru_cache(maxsize=None)
def static(name: str) -> Markup:
    path = resources.files("vigil.maps").joinpath(f"static/{name}")
    try:
        return Markup(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MapError(f"{path}: map asset not found") from None


def library_versions() -> str:
    """"Leaflet 1.9.3, Leaflet.markercluster 1.4.1", for a page's credits."""
    return f"Leaflet {leaflet()[2]}, Leaflet.markercluster {markercluster()[2]}"
