"""Signing in and out."""
from __future__ import annotations

from datetime import timedelta
from typing import Optional

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from vigil.web.auth import ANONYMOUS_CSRF_COOKIE, SESSION_COOKIE, Access, allow, identify, safe_next
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


def client_address(request: Request) -> Optional[str]:
    return request.client.host if request.client else None


@router.get("/login", dependencies=[allow(Access.PUBLIC)])
def login_page(request: Request, next: Optional[str] = None):
    return render(request, "login.html", next=safe_next(next), error=None, name="")


@router.post("/login", dependencies=[allow(Access.PUBLIC)])
def login(request: Request, name: str = Form("", max_length=64), password: str = Form("", max_length=1024),
          next: str = Form("/", max_length=2000)):
    state = request.app.state
    address = client_address(request)
    target = safe_next(next)
    wait = state.limiter.retry_after(name, address)
    if wait is not None:
        state.accounts.record("login-throttled", actor=name or None, address=address)
        response = render(request, "login.html", status_code=429, next=target, name=name,
                          error=f"Too many failed attempts: try again in {wait} seconds.")
        response.headers["Retry-After"] = str(wait)
        return response
    user = state.accounts.authenticate(name, password) if name and password else None
    if user is None:
        state.limiter.failed(name, address)
        state.accounts.record("login-failed", actor=name or None, address=address)
        return render(request, "login.html", status_code=401, next=target, name=name,
                      error="Wrong name or password.")
    state.limiter.succeeded(name)
    lifetime = timedelta(hours=state.config.session_hours)
    token, _session = state.accounts.open_session(user, lifetime)
    state.accounts.record("login", actor=user.name, address=address)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()), httponly=True,
                        samesite="lax", secure=state.config.secure_cookies, path="/")
    response.delete_cookie(ANONYMOUS_CSRF_COOKIE, path="/")
    return response


@router.post("/logout", dependencies=[allow(Access.PUBLIC)])
def logout(request: Request):
    identity = identify(request)
    if identity.session is not None:
        request.app.state.accounts.close_session(request.cookies.get(SESSION_COOKIE))
        request.app.state.accounts.record("logout", actor=identity.user.name, address=client_address(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
