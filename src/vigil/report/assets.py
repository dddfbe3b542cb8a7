"""The files inlined into every report: Leaflet (from the xstatic-leaflet package) and the
report's own stylesheet and map script (vigil/report/static)."""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from vigil.report.errors import ReportError


@functools.lru_cache(maxsize=1)
def leaflet() -> tuple[Markup, Markup, str]:
    """(Leaflet's JavaScript, its CSS, its version). Leaflet's own marker images are not used:
    incidents are drawn as circle markers (SVG paths), which need no image files."""
    try:
        from xstatic.pkg import leaflet as xstatic_leaflet
    except ImportError:
        raise ReportError("the situation report needs Leaflet: pip install xstatic-leaflet") from None
    base = Path(xstatic_leaflet.BASE_DIR)
    try:
        script = (base / "leaflet.js").read_text(encoding="utf-8")
        style = (base / "leaflet.css").read_text(encoding="utf-8")
    except OSError as error:
        raise ReportError(f"{base}: cannot read Leaflet's files ({error})") from None
    # Inline <script> text must not contain "</script"; Leaflet's does not, but be certain.
    script = script.replace("</script", "<\\/script")
    return Markup(script), Markup(style), xstatic_leaflet.VERSION


@functools.lru_cache(maxsize=None)
def static(name: str) -> Markup:
    path = resources.files("vigil.report").joinpath(f"static/{name}")
    try:
        return Markup(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: report asset not found") from None
