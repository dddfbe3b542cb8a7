"""The review queue and the analyst's decisions on one incident: confirm, edit a field with a
reason, revert a field's edits with a reason, reject with a reason, restore.  Each decision is a revision in the store (who, when,
what, why) and a line in the audit log."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from vigil.web.auth import Access, allow, identify, safe_next
from vigil.web.query import FILTERS, IncidentQuery, incident_query
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
ACTIONS = ("confirm", "edit", "reject", "restore", "revert")


def decide(request: Request, incident_id: str, action: str, *, reason: Optional[str],
           field: Optional[str] = None, value: Any = None) -> dict:
    """Apply one decision as the signed-in user and record it in the audit log; 404 for an
    unknown incident, 400 (the store's one line) for a decision it refuses."""
    store = request.app.state.store
    if store.merged_incident(incident_id) is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    author = identify(request).user.name
    reason = (reason or "").strip() or None
    if action == "edit":
        record = store.edit_incident(incident_id, field, value, author=author, reason=reason)
    elif action == "revert":
        record = store.revert_edit(incident_id, field, author=author, reason=reason)
    else:
        act = {"confirm": store.confirm_incident, "reject": store.reject_incident, "restore": store.restore_incident}
        record = act[action](incident_id, author=author, reason=reason)
    detail = {"reason": reason, **({"field": field, "value": value} if action == "edit" else {}),
              **({"field": field} if action == "revert" else {})}
    request.app.state.accounts.record(action, actor=author, target=record["id"], detail=detail)
    return record


@router.get("/review", dependencies=[allow(Access.READ)])
def review_queue(request: Request, query: IncidentQuery = Depends(incident_query),
                 offset: int = Query(0, ge=0, le=10**9)):
    from vigil.review.edits import FIELD_CHOICES

    store = request.app.state.store
    filters = query.store_filters()
    items = store.review_queue(limit=PAGE_SIZE, offset=offset, **filters)
    total = request.app.state.views.get(("queue", tuple(sorted(filters.items()))), store.fingerprint(),
                                        lambda: store.review_queue_size(**filters))
    here = query.url("/review", offset=offset or None)
    return render(request, "review.html", query=query, filters=FILTERS, items=items, total=total, offset=offset,
                  limit=PAGE_SIZE, here=here, fields=FIELD_CHOICES)


def _back(next_url: str, record: dict) -> RedirectResponse:
    return RedirectResponse(safe_next(next_url, f"/incidents/{record['id']}"), status_code=303)


NEXT = Form("", max_length=2000)
REASON = Form("", max_length=2000)


@router.post("/incidents/{incident_id}/confirm", dependencies=[allow(Access.EDIT)])
def confirm(request: Request, incident_id: str, reason: str = REASON, next: str = NEXT):
    return _back(next, decide(request, incident_id, "confirm", reason=reason))


@router.post("/incidents/{incident_id}/edit", dependencies=[allow(Access.EDIT)])
def edit(request: Request, incident_id: str, field: str = Form(..., max_length=40),
         value: str = Form(..., max_length=500), reason: str = REASON, next: str = NEXT):
    return _back(next, decide(request, incident_id, "edit", reason=reason, field=field, value=value))


@router.post("/incidents/{incident_id}/revert", dependencies=[allow(Access.EDIT)])
def revert(request: Request, incident_id: str, field: str = Form(..., max_length=40), reason: str = REASON,
           next: str = NEXT):
    return _back(next, decide(request, incident_id, "revert", reason=reason, field=field))


@router.post("/incidents/{incident_id}/reject", dependencies=[allow(Access.EDIT)])
def reject(request: Request, incident_id: str, reason: str = REASON, next: str = NEXT):
    return _back(next, decide(request, incident_id, "reject", reason=reason))


@router.post("/incidents/{incident_id}/restore", dependencies=[allow(Access.EDIT)])
def restore(request: Request, incident_id: str, reason: str = REASON, next: str = NEXT):
    return _back(next, decide(request, incident_id, "restore", reason=reason))


@router.get("/places", dependencies=[allow(Access.READ)])
def places(request: Request, q: str = Query("", max_length=200)):
    """The gazetteer entries a name may mean, with the ids an edit of the place can take."""
    from vigil.review.edits import place_choices

    return render(request, "places.html", q=q, choices=place_choices(q.strip()) if q.strip() else [])
