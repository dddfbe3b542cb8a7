"""The dashboard (map, timeline, tallies, search) and the filtered list of incidents."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request

from vigil.web import dashboard as view
from vigil.web.auth import Access, allow
from vigil.web.query import FILTERS, IncidentQuery, incident_query
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)

EXPORT_FORMATS = ("acled-csv", "gtd-csv", "geojson", "jsonl", "parquet")
LATEST_SHOWN = 25
PAGE_SIZE = 50
# Which filter a tally row narrows the view to.
FILTER_OF = {"type": "type", "place": "place", "perpetrator": "perpetrator", "target": "target"}


@router.get("/", dependencies=[allow(Access.READ)])
def dashboard(request: Request, query: IncidentQuery = Depends(incident_query),
              unit: Literal["week", "month"] = view.DEFAULT_UNIT, q: Optional[str] = Query(None, max_length=200)):
    store = request.app.state.store
    filters = query.store_filters()
    limit = request.app.state.config.map_limit
    shown = request.app.state.dashboards.get(store, filters, unit, limit)
    results = []
    if q and q.strip():
        from vigil.web.highlight import search_snippet

        results = [(document_id, search_snippet(snippet)) for document_id, snippet in store.search_documents(q, limit=20)]
    totals = shown["totals"]
    return render(request, "dashboard.html", query=query, filters=FILTERS, unit=unit, q=q, results=results,
                  range_phrase=view.range_phrase, max_bars=view.MAX_TIMELINE_BARS, filter_of=FILTER_OF,
                  mapped_of=totals["incidents"] if totals else 0, mapped_of_limit=limit,
                  export_formats=EXPORT_FORMATS, **{**shown, "latest": shown["latest"][:LATEST_SHOWN]})


@router.get("/incidents", dependencies=[allow(Access.READ)])
def incident_list(request: Request, query: IncidentQuery = Depends(incident_query),
                  offset: int = Query(0, ge=0, le=10**9)):
    store = request.app.state.store
    filters = query.store_filters()
    incidents = store.merged_incidents(sort=query.sort, desc=query.desc, limit=PAGE_SIZE, offset=offset, **filters)
    total = request.app.state.views.get(("count", tuple(sorted(filters.items()))), store.fingerprint(),
                                        lambda: store.count_merged_incidents(**filters))
    return render(request, "incidents.html", query=query, filters=FILTERS, incidents=incidents,
                  total=total, offset=offset, limit=PAGE_SIZE)
