"""The JSON API under /api/: incidents in the contract's JSON, reports, tallies, search, ingest,
and the analyst's decisions.  Scripts authenticate with ``Authorization: Bearer TOKEN``
(vigil users token NAME); the roles are the pages' roles."""
from __future__ import annotations

from typing import Any, Literal, Optional, Union

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from vigil.web.auth import Access, allow, identify
from vigil.web.query import IncidentQuery, incident_query

router = APIRouter(prefix="/api", tags=["api"])

MAX_PAGE = 500
TALLY_KEYS = Literal["month", "year", "week", "type", "sub-type", "target", "perpetrator", "place", "outlet"]
PLACE_LEVELS = Literal["neighbourhood", "town", "district", "city", "province", "country"]


class IncidentPage(BaseModel):
    total: int = Field(description="How many incidents match the filters.")
    limit: int
    offset: int
    next: Optional[str] = Field(None, description="The next page's address, when there is one.")
    incidents: list[dict[str, Any]] = Field(description="Merged incidents in the contract's JSON.")


class TallyAnswer(BaseModel):
    by: list[str]
    level: str
    rows: list[dict[str, Any]]


class SearchHit(BaseModel):
    document: str
    snippet: str = Field(description="The matched words are [in brackets].")


class Me(BaseModel):
    name: Optional[str]
    role: Optional[str]


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000, description="Plain text, HTML or a transcript.")
    title: Optional[str] = Field(None, max_length=500)
    outlet: Optional[str] = Field(None, max_length=200)
    published: Optional[str] = Field(None, max_length=32, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    url: Optional[str] = Field(None, max_length=2000)
    language: Optional[str] = Field(None, max_length=16)
    id: Optional[str] = Field(None, max_length=200, description="The report's id (default: from its text).")


class MergeIn(BaseModel):
    first: str = Field(min_length=1, max_length=200)
    second: str = Field(min_length=1, max_length=200)
    reason: Optional[str] = Field(None, max_length=2000)


class SplitIn(BaseModel):
    document: str = Field(min_length=1, max_length=500, description="The report to take out of the incident.")
    reason: Optional[str] = Field(None, max_length=2000)


class LinkIn(BaseModel):
    follows: str = Field(min_length=1, max_length=200, description="The incident the judicial step is about.")
    reason: Optional[str] = Field(None, max_length=2000)


class UnlinkIn(BaseModel):
    reason: Optional[str] = Field(None, max_length=2000)


def _store(request: Request):
    return request.app.state.store


def _author(request: Request) -> str:
    return identify(request).user.name


@router.get("/me", response_model=Me, dependencies=[allow(Access.PUBLIC)])
def me(request: Request):
    """Who the request is from (name and role; null for an anonymous reader)."""
    user = identify(request).user
    return Me(name=user.name if user else None, role=user.role if user else None)


@router.get("/incidents", response_model=IncidentPage, dependencies=[allow(Access.READ)])
def list_incidents(request: Request, query: IncidentQuery = Depends(incident_query),
                   limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10**9)):
    """Merged incidents (contract JSON) with the filters of `vigil incidents`, a page at a time."""
    store = _store(request)
    filters = query.store_filters()
    incidents = store.merged_incidents(sort=query.sort, desc=query.desc, limit=limit, offset=offset, **filters)
    total = request.app.state.views.get(("count", tuple(sorted(filters.items()))), store.fingerprint(),
                                        lambda: store.count_merged_incidents(**filters))
    following = query.url("/api/incidents", limit=limit, offset=offset + limit) if offset + limit < total else None
    return IncidentPage(total=total, limit=limit, offset=offset, next=following, incidents=list(incidents))


@router.get("/incidents/{incident_id}", dependencies=[allow(Access.READ)],
            responses={404: {"description": "No such incident."}})
def get_incident(request: Request, incident_id: str) -> dict[str, Any]:
    """One merged incident by its id, or the one a report's own incident belongs to."""
    record = _store(request).merged_incident(incident_id)
    if record is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return record


@router.get("/incidents/{incident_id}/history", dependencies=[allow(Access.READ)],
            responses={404: {"description": "No such incident."}})
def incident_history(request: Request, incident_id: str) -> list[dict[str, Any]]:
    """The decisions about an incident and its reports' mentions (who, when, what, why), oldest first."""
    from vigil.web.routes.incidents import incident_history as history

    record = _store(request).merged_incident(incident_id)
    if record is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return history(_store(request), record)


@router.get("/documents/{document_id:path}", dependencies=[allow(Access.READ)],
            responses={404: {"description": "No such report."}})
def get_document(request: Request, document_id: str) -> dict[str, Any]:
    """A stored report: metadata, cleaned text (evidence offsets point into it), the incidents
    it tells (merged ids) and the figures it states."""
    store = _store(request)
    document = store.document(document_id)
    if document is None:
        raise HTTPException(404, f"no report {document_id!r}")
    row = store.document_row(document_id) or {}
    mentions = store.incidents(document=document_id, as_dicts=True)
    merged = []
    for mention in mentions:
        record = store.merged_incident(mention["id"])
        if record and record["id"] not in merged:
            merged.append(record["id"])
    return {**document.to_dict(), "duplicate_of": row.get("duplicate_of"), "word_count": row.get("word_count"),
            "incidents": merged, "mentions": [m["id"] for m in mentions],
            "claims": [c.to_dict() for c in store.claims(document=document_id)]}


@router.get("/tally", response_model=TallyAnswer, dependencies=[allow(Access.READ)])
def tally(request: Request, query: IncidentQuery = Depends(incident_query),
          by: list[TALLY_KEYS] = Query(["month"], max_length=3), level: PLACE_LEVELS = "town"):
    """Counts of merged incidents and sums of fatalities and injured (low/best/high), as
    `vigil tally` gives them."""
    store, filters = _store(request), query.store_filters()
    rows = request.app.state.views.get(("tally", tuple(by), level, tuple(sorted(filters.items()))), store.fingerprint(),
                                       lambda: store.merged_tally(list(by), level=level, **filters))
    return TallyAnswer(by=list(by), level=level, rows=rows)


@router.get("/search", response_model=list[SearchHit], dependencies=[allow(Access.READ)])
def search(request: Request, q: str = Query(..., max_length=200), limit: int = Query(20, ge=1, le=100)):
    """Reports containing every word of ``q`` (full-text search over titles and texts)."""
    return [SearchHit(document=d, snippet=s) for d, s in _store(request).search_documents(q, limit=limit)]


@router.post("/documents", status_code=202, dependencies=[allow(Access.EDIT)],
             responses={400: {"description": "Nothing to ingest, or bad metadata."}})
async def ingest_document(request: Request, body: DocumentIn) -> dict[str, Any]:
    """Queue a report for ingest (read, extract, merge, store) in the background; follow
    ``status`` for progress."""
    from vigil.web.routes.documents import queue_upload

    metadata = body.model_dump(exclude={"text"}, exclude_none=True)
    job = await queue_upload(request, file=None, text=body.text, metadata=metadata)
    return {"job": job.to_dict(), "status": f"/api/jobs/{job.id}"}


@router.get("/jobs/{job_id}", dependencies=[allow(Access.EDIT)], responses={404: {"description": "No such job."}})
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """An ingest's progress: queued, running, done or failed, and what happened to each report."""
    job = request.app.state.jobs.job(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job.to_dict()


@router.post("/incidents/merge", dependencies=[allow(Access.EDIT)],
             responses={400: {"description": "Unknown incidents, or already one."}})
def merge_incidents(request: Request, body: MergeIn) -> dict[str, Any]:
    """Merge two incidents for good (re-ingesting never undoes it); recorded with who, when, why."""
    merged = _store(request).merge_incidents(body.first, body.second, author=_author(request), reason=body.reason)
    request.app.state.accounts.record("merge", actor=_author(request), target=merged["id"],
                                      detail={"incidents": [body.first, body.second], "reason": body.reason})
    return merged


@router.post("/incidents/{incident_id}/split", dependencies=[allow(Access.EDIT)],
             responses={400: {"description": "Unknown incident or report."}})
def split_incident(request: Request, incident_id: str, body: SplitIn) -> dict[str, Any]:
    """Take one report out of an incident for good; returns the incidents both sides end in."""
    parts = _store(request).split_incident(incident_id, body.document, author=_author(request), reason=body.reason)
    request.app.state.accounts.record("split", actor=_author(request), target=incident_id,
                                      detail={"document": body.document, "reason": body.reason,
                                              "incidents": [p["id"] for p in parts]})
    return {"incidents": parts}


@router.post("/incidents/{incident_id}/link", dependencies=[allow(Access.EDIT)],
             responses={400: {"description": "Unknown incidents, or not a judicial step."}})
def link_incident(request: Request, incident_id: str, body: LinkIn) -> dict[str, Any]:
    """A judicial step (arrest, charge, trial, verdict) follows an incident, for good (the linker
    never undoes it); recorded with who, when, why.  Returns the step."""
    step = _store(request).link_incident(incident_id, body.follows, author=_author(request), reason=body.reason)
    request.app.state.accounts.record("link", actor=_author(request), target=step["id"],
                                      detail={"follows": body.follows, "reason": body.reason})
    return step


@router.post("/incidents/{incident_id}/unlink", dependencies=[allow(Access.EDIT)],
             responses={400: {"description": "Unknown incident, or not a judicial step."}})
def unlink_incident(request: Request, incident_id: str, body: UnlinkIn) -> dict[str, Any]:
    """A judicial step follows no incident the linker finds, for good; recorded. Returns the step."""
    step = _store(request).unlink_incident(incident_id, author=_author(request), reason=body.reason)
    request.app.state.accounts.record("unlink", actor=_author(request), target=step["id"],
                                      detail={"reason": body.reason})
    return step


class ReviewPage(BaseModel):
    total: int
    limit: int
    offset: int
    incidents: list[dict[str, Any]] = Field(description="Merged incidents, most in need of review first; "
                                                        "``need`` says why each is where it is.")


class DecisionIn(BaseModel):
    reason: Optional[str] = Field(None, max_length=2000, description="Why, for the record.")


class RequiredReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="Why, for the record (required).")


class EditIn(RequiredReasonIn):
    field: str = Field(min_length=1, max_length=40, description="event_type, sub_event_type, date, place, "
                       "fatalities, injured, kidnapped, arrested, perpetrators_killed, perpetrator or target.")
    value: Union[str, int, dict[str, Optional[int]], list[str], None] = Field(
        description="The new value: a type, a date (YYYY[-MM[-DD]]), a place name or gazetteer id, a toll "
                    "(a number, \"LOW/BEST/HIGH\" or {low, best, high}), actors separated by ';', or none.")


class RevertIn(RequiredReasonIn):
    field: str = Field(min_length=1, max_length=40, description="The edited field to give the machine's value "
                       "again (the names an edit takes; a type and its sub-type go back together).")


class PlaceChoice(BaseModel):
    id: str
    name: str
    level: Optional[str]
    within: str


@router.get("/review", response_model=ReviewPage, dependencies=[allow(Access.READ)])
def review_queue(request: Request, query: IncidentQuery = Depends(incident_query),
                 limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10**9)):
    """The review queue: incidents nobody has confirmed or rejected, most in need first (low
    confidence, then reports that disagree, then the newest), with the filters of `vigil incidents`."""
    store = _store(request)
    filters = query.store_filters()
    total = request.app.state.views.get(("queue", tuple(sorted(filters.items()))), store.fingerprint(),
                                        lambda: store.review_queue_size(**filters))
    return ReviewPage(total=total, limit=limit, offset=offset,
                      incidents=list(store.review_queue(limit=limit, offset=offset, **filters)))


_DECISION_ERRORS = {400: {"description": "A decision the incident's state or the value refuses."},
                    404: {"description": "No such incident."}}


@router.post("/incidents/{incident_id}/confirm", dependencies=[allow(Access.EDIT)], responses=_DECISION_ERRORS)
def confirm_incident(request: Request, incident_id: str, body: DecisionIn) -> dict[str, Any]:
    """Confirm an incident; returns it as it now stands."""
    from vigil.web.routes.review import decide

    return decide(request, incident_id, "confirm", reason=body.reason)


@router.post("/incidents/{incident_id}/edit", dependencies=[allow(Access.EDIT)], responses=_DECISION_ERRORS)
def edit_incident(request: Request, incident_id: str, body: EditIn) -> dict[str, Any]:
    """Set one field by hand, with a reason; the machine's value stays in the history and in ``edits``."""
    from vigil.web.routes.review import decide

    return decide(request, incident_id, "edit", reason=body.reason, field=body.field, value=body.value)


@router.post("/incidents/{incident_id}/revert", dependencies=[allow(Access.EDIT)], responses=_DECISION_ERRORS)
def revert_edit(request: Request, incident_id: str, body: RevertIn) -> dict[str, Any]:
    """Take back the edits of one field, with a reason: it has the machine's value again."""
    from vigil.web.routes.review import decide

    return decide(request, incident_id, "revert", reason=body.reason, field=body.field)


@router.post("/incidents/{incident_id}/reject", dependencies=[allow(Access.EDIT)], responses=_DECISION_ERRORS)
def reject_incident(request: Request, incident_id: str, body: RequiredReasonIn) -> dict[str, Any]:
    """Reject an incident with a reason: kept, left out of lists, tallies and exports, restorable."""
    from vigil.web.routes.review import decide

    return decide(request, incident_id, "reject", reason=body.reason)


@router.post("/incidents/{incident_id}/restore", dependencies=[allow(Access.EDIT)], responses=_DECISION_ERRORS)
def restore_incident(request: Request, incident_id: str, body: DecisionIn) -> dict[str, Any]:
    """Undo a rejection: the incident takes back the status it had before."""
    from vigil.web.routes.review import decide

    return decide(request, incident_id, "restore", reason=body.reason)


@router.get("/places", response_model=list[PlaceChoice], dependencies=[allow(Access.READ)])
def places(request: Request, q: str = Query(..., min_length=1, max_length=200)):
    """The gazetteer entries a place name may mean, best first (an edit of the place takes the id)."""
    from vigil.review.edits import place_choices

    return [PlaceChoice(**choice) for choice in place_choices(q.strip())] if q.strip() else []


openapi_router = APIRouter(include_in_schema=False)


@openapi_router.get("/openapi.json", dependencies=[allow(Access.READ)])
def openapi(request: Request):
    schema = dict(request.app.openapi())
    components = dict(schema.get("components") or {})
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer",
                                                "description": "vigil users token NAME"}}
    schema["components"] = components
    schema["security"] = [{"bearer": []}]
    return JSONResponse(schema)
