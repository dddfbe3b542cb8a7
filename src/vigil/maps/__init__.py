"""Maps that read offline: incidents as clustered markers over a Natural Earth basemap
(coastlines, land, lakes, country and province borders) embedded in the page, a view fitted to
where most points are, an inset and a control for the points outside it, and place labels that
do not overlap. One component for the situation report and any other page (a web application):

    from vigil.maps import MapPoint, render_map
    fragment = render_map([MapPoint("a1", 24.86, 67.01, popup="<b>Saddar</b>")], element_id="map")
    # fragment.styles in <head>, fragment.body where the map goes, fragment.scripts once per page

It reads only its own package data (vigil/maps/data, vigil/maps/static), Leaflet and
Leaflet.markercluster (the xstatic packages) and, for place names, the gazetteer.
"""
from vigil.maps.errors import MapError

from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "MapPoint": "vigil.maps.component",
    "MapFragment": "vigil.maps.component",
    "render_map": "vigil.maps.component",
    "Extent": "vigil.maps.extent",
    "focus_extent": "vigil.maps.extent",
    "load_basemap": "vigil.maps.basemap",
})

__all__ = ["Extent", "MapError", "MapFragment", "MapPoint", "focus_extent", "load_basemap", "render_map"]
