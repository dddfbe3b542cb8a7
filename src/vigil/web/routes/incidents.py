"""One incident: every field with its evidence, the reports side by side, history; and the
analyst's merge and split of incidents, and link or unlink of a judicial step (editors)."""
from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from vigil.review.edits import FIELD_CHOICES
from vigil.web import incident_view as view
from vigil.web.auth import Access, allow, identify
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)

REASON = Form("", max_length=2000)


def incident_history(store, record: dict) -> list[dict]:
    """Every decision that shaped this incident, oldest first (merges and splits under the ids
    it had then, and the review's decisions)."""
    return store.revisions(record["id"])


def read_incident(request: Request, incident_id: str) -> dict:
    record = request.app.state.store.merged_incident(incident_id)
    if record is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return record


@router.get("/incidents/{incident_id}", dependencies=[allow(Access.READ)])
def incident_page(request: Request, incident_id: str):
    store = request.app.state.store
    record = read_incident(request, incident_id)
    if record["id"] != incident_id:  # a report's own incident: show the incident it is part of
        return RedirectResponse(f"/incidents/{record['id']}", status_code=303)
    documents = [s.get("document") for s in record.get("sources") or [] if s.get("document")]
    return render(request, "incident.html", incident=record, fields=view.field_rows(record),
                  figures=view.figure_table(record), reconciled=view.reconciled(record),
                  texts=view.report_texts(record, store.document), history=incident_history(store, record),
                  documents=documents, follow_ups=record.get("follow_ups") or [], follows=record.get("follows"),
                  conflicts=record.get("conflicts") or [], labels=dict(view.FIGURES),
                  fields_editable=FIELD_CHOICES)


def _author(request: Request) -> str:
    return identify(request).user.name


@router.post("/incidents/merge", dependencies=[allow(Access.EDIT)])
def merge_form(request: Request, first: str = Form(..., max_length=200), second: str = Form(..., max_length=200),
               reason: str = REASON):
    merged = request.app.state.store.merge_incidents(first.strip(), second.strip(), author=_author(request),
                                                     reason=reason.strip() or None)
    request.app.state.accounts.record("merge", actor=_author(request), target=merged["id"],
                                      detail={"incidents": [first, second], "reason": reason or None})
    return RedirectResponse(f"/incidents/{merged['id']}", status_code=303)


@router.post("/incidents/{incident_id}/split", dependencies=[allow(Access.EDIT)])
def split_form(request: Request, incident_id: str, document: str = Form(..., max_length=500), reason: str = REASON):
    parts = request.app.state.store.split_incident(incident_id, document, author=_author(request),
                                                   reason=reason.strip() or None)
    request.app.state.accounts.record("split", actor=_author(request), target=incident_id,
                                      detail={"document": document, "incidents": [p["id"] for p in parts],
                                              "reason": reason or None})
    staying = next((p for p in parts if not any(s.get("document") == document for s in p.get("sources") or [])), parts[0])
    return RedirectResponse(f"/incidents/{staying['id']}", status_code=303)


@router.post("/incidents/{incident_id}/link", dependencies=[allow(Access.EDIT)])
def link_form(request: Request, incident_id: str, follows: str = Form(..., max_length=200), reason: str = REASON):
    """This judicial step (arrest, charge, trial, verdict) follows that incident, for good."""
    step = request.app.state.store.link_incident(incident_id, follows.strip(), author=_author(request),
                                                 reason=reason.strip() or None)
    request.app.state.accounts.record("link", actor=_author(request), target=step["id"],
                                      detail={"follows": follows, "reason": reason or None})
    return RedirectResponse(f"/incidents/{step['id']}", status_code=303)


@router.post("/incidents/{incident_id}/unlink", dependencies=[allow(Access.EDIT)])
def unlink_form(request: Request, incident_id: str, reason: str = REASON):
    """This judicial step follows no incident the linker finds, for good."""
    step = request.app.state.store.unlink_incident(incident_id, author=_author(request), reason=reason.strip() or None)
    request.app.state.accounts.record("unlink", actor=_author(request), target=step["id"],
                                      detail={"reason": reason or None})
    return RedirectResponse(f"/incidents/{step['id']}", status_code=303)
