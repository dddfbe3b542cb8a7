"""What admins see: the audit log (sign-ins, failed ones, uploads, decisions) and the accounts."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query, Request

from vigil.web.auth import Access, allow
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 100


@router.get("/admin/audit", dependencies=[allow(Access.ADMIN)])
def audit_page(request: Request, offset: int = Query(0, ge=0, le=10**9),
               actor: Optional[str] = Query(None, max_length=64), action: Optional[str] = Query(None, max_length=32)):
    accounts = request.app.state.accounts
    entries = accounts.audit(limit=PAGE_SIZE, offset=offset, actor=actor or None, action=action or None)
    return render(request, "audit.html", entries=entries, users=accounts.users(), offset=offset, limit=PAGE_SIZE,
                  actor=actor or "", action=action or "")
