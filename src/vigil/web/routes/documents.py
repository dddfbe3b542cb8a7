"""Reports: the list, one report's text with its incidents and figures marked, and uploads by
editors (ingested in the background, progress shown)."""
from __future__ import annotations

import hashlib
import re
from typing import Optional

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse

from vigil.export.fields import count_value
from vigil.web.auth import Access, allow, identify
from vigil.web.highlight import Span, figure_span, highlight
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def document_view(store, document_id: str) -> dict:
    """A stored report with its text marked: each incident's evidence and each stated figure."""
    document = store.document(document_id)
    if document is None:
        raise HTTPException(404, f"no report {document_id!r}")
    row = store.document_row(document_id) or {}
    mentions = store.incidents(document=document_id, as_dicts=True)
    claims = [c.to_dict() for c in store.claims(document=document_id)]
    spans: list[Span] = []
    incidents = []
    for mention in mentions:
        merged = store.merged_incident(mention["id"]) or mention
        what = mention.get("sub_event_type") or mention.get("event_type")
        incidents.append({"mention": mention, "merged_id": merged["id"], "what": what})
        for item in mention.get("evidence") or []:
            if item.get("document") == document_id:
                spans.append(Span(item["start"], item["end"], "evidence", f"incident {merged['id']}: {what}",
                                  anchor=f"at-{item['start']}"))
        for key, label in (("fatalities", "killed"), ("injured", "injured")):
            value = count_value(mention.get(key))
            if value is None:
                continue
            for item in mention.get("evidence") or []:
                span = figure_span(item["start"], item.get("sentence"), value, f"{label}: {value}")
                if span and span.end - span.start < len(item.get("sentence") or ""):  # the number itself found
                    spans.append(span)
                    break
    for claim in claims:
        evidence = claim.get("evidence") or {}
        if evidence.get("document") == document_id:
            what = " ".join(str(p) for p in (claim.get("quantity"), claim.get("place")) if p)
            span = figure_span(evidence["start"], evidence.get("sentence"), claim.get("value"),
                               f"stated figure: {claim.get('value')} {what}".strip(), kind="claim")
            if span:
                spans.append(span)
    return {"document": document, "row": row, "incidents": incidents, "claims": claims,
            "html": highlight(document.text, spans)}


@router.get("/documents", dependencies=[allow(Access.READ)])
def document_list(request: Request, offset: int = Query(0, ge=0, le=10**9)):
    store = request.app.state.store
    rows = store.documents(limit=PAGE_SIZE, offset=offset)
    return render(request, "documents.html", documents=rows, offset=offset, limit=PAGE_SIZE)


@router.get("/documents/new", dependencies=[allow(Access.EDIT)])
def upload_page(request: Request):
    return render(request, "upload.html", error=None)


def clean_filename(name: Optional[str]) -> str:
    name = UNSAFE_FILENAME.sub("_", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("._")
    return name[:120] or "upload.txt"


async def queue_upload(request: Request, *, file: Optional[UploadFile], text: str, metadata: dict):
    """Queue an upload (a file, or pasted text) for ingest; 400 when there is nothing to read."""
    limit = request.app.state.config.upload_limit_bytes
    metadata = {k: v.strip() for k, v in metadata.items() if v and v.strip()}
    if file is not None and file.filename:
        content = await file.read(limit + 1)
        filename, name = clean_filename(file.filename), file.filename
    else:
        content, filename, name = text.encode("utf-8"), "pasted.txt", "pasted text"
        metadata.setdefault("id", "pasted-" + hashlib.sha256(content).hexdigest()[:12])
    if not content.strip():
        raise HTTPException(400, "nothing to ingest: choose a file or paste a report's text")
    if len(content) > limit:
        raise HTTPException(413, f"upload too large: at most {limit:,} bytes")
    from vigil.readers import check_metadata
    from vigil.readers.failures import UsageError

    try:
        check_metadata(metadata, ["upload"])
    except UsageError as error:
        raise HTTPException(400, str(error).removeprefix("--")) from None
    user = identify(request).user
    job = request.app.state.jobs.submit(owner=user.name, name=name, content=content, filename=filename,
                                        metadata=metadata)
    request.app.state.accounts.record("upload", actor=user.name, target=name, detail={"job": job.id, **metadata})
    return job


@router.post("/documents", dependencies=[allow(Access.EDIT)])
async def upload(request: Request, file: Optional[UploadFile] = File(None), text: str = Form("", max_length=2_000_000),
                 title: str = Form("", max_length=500), outlet: str = Form("", max_length=200),
                 published: str = Form("", max_length=32), url: str = Form("", max_length=2000),
                 language: str = Form("", max_length=16), id: str = Form("", max_length=200)):
    job = await queue_upload(request, file=file, text=text, metadata={
        "title": title, "outlet": outlet, "published": published, "url": url, "language": language, "id": id})
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", dependencies=[allow(Access.EDIT)])
def job_page(request: Request, job_id: str):
    job = request.app.state.jobs.job(job_id)
    if job is None:
        raise HTTPException(404, f"no upload {job_id!r} (the desk keeps the latest ones while it runs)")
    return render(request, "job.html", job=job)


@router.get("/documents/{document_id:path}", dependencies=[allow(Access.READ)])
def document_page(request: Request, document_id: str):
    return render(request, "document.html", **document_view(request.app.state.store, document_id))
