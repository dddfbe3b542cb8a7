"""Exports and the situation report of the incidents the current filters select."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask

from vigil.web.auth import Access, allow
from vigil.web.query import IncidentQuery, incident_query

router = APIRouter(include_in_schema=False)

# Format -> (file name, media type)
EXPORTS = {
    "acled-csv": ("vigil-acled.csv", "text/csv; charset=utf-8"),
    "gtd-csv": ("vigil-gtd.csv", "text/csv; charset=utf-8"),
    "geojson": ("vigil-incidents.geojson", "application/geo+json"),
    "jsonl": ("vigil-incidents.jsonl", "application/x-ndjson"),
    "parquet": ("vigil-incidents.parquet", "application/vnd.apache.parquet"),
}


@router.get("/export", dependencies=[allow(Access.READ)])
def export(request: Request, to: Literal["acled-csv", "gtd-csv", "geojson", "jsonl", "parquet"],
           query: IncidentQuery = Depends(incident_query)):
    from vigil.export import WRITERS
    from vigil.export.query import read_incidents

    incidents = read_incidents(request.app.state.store, sort=query.sort, desc=query.desc, **query.store_filters())
    filename, media_type = EXPORTS[to]
    folder = Path(tempfile.mkdtemp(prefix="vigil-export-"))
    path = folder / filename
    WRITERS[to](incidents, path)
    return FileResponse(path, media_type=media_type, filename=filename,
                        background=BackgroundTask(_remove, folder))


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@router.get("/report", dependencies=[allow(Access.READ)])
def situation_report(request: Request, query: IncidentQuery = Depends(incident_query)):
    """The situation report (vigil report) of these incidents, as a file to keep or send: it
    runs its own scripts, so it is downloaded rather than shown inside the desk."""
    from vigil.export.query import read_conflicts, read_incidents
    from vigil.report import build_report

    store = request.app.state.store
    filters = query.store_filters()
    incidents = read_incidents(store, **filters)
    heading = " · ".join(p for p in ("Situation report", filters.get("place")) if p)
    html = build_report(incidents, store.claims(), read_conflicts(store), since=filters.get("since"),
                        until=filters.get("until"), title=heading)
    return HTMLResponse(html, headers={"Content-Disposition": 'attachment; filename="vigil-situation-report.html"'})
