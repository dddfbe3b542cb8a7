"""The report's own stylesheet (vigil/report/static), inlined into every report. The map's files
(Leaflet, Leaflet.markercluster, the map script) come with the map component, vigil.maps."""
from __future__ import annotations

import functools
from importlib import resources

from markupsafe import Markup

from vigil.report.errors import ReportError


@functools.lru_cache(maxsize=None)
def static(name: str) -> Markup:
    path = resources.files("vigil.report").joinpath(f"static/{name}")
    try:
        return Markup(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: report asset not found") from None
