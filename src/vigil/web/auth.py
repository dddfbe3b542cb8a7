"""Who is asking, and may they: sessions and tokens, the four access rules, CSRF.

Every route of the desk declares one rule with ``dependencies=[allow(Access.X)]``; the app
refuses to start when a route has none (``check_every_route_guarded``), and the test suite holds
its own table of what each route allows.

- PUBLIC: anyone (the sign-in page, assets).
- READ: a signed-in user of any role; anyone when the desk runs with ``--public``.
- EDIT: an editor or admin (uploads, decisions).
- ADMIN: an admin (the audit log).

A browser is identified by its session cookie; a script by ``Authorization: Bearer TOKEN``
(vigil users token NAME).  A request that changes something and comes with a cookie must carry
the CSRF token of its session (form field ``csrf_token`` or header ``X-CSRF-Token``); a bearer
token is not sent by the browser on its own, so token requests need none.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Optional
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from starlette.routing import Mount

from vigil.store.accounts import Session, User

SESSION_COOKIE = "vigil_session"
ANONYMOUS_CSRF_COOKIE = "vigil_csrf"  # the sign-in form's token, before there is a session
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Access(str, Enum):
    PUBLIC = "public"
    READ = "read"
    EDIT = "edit"
    ADMIN = "admin"


ROLE_NEEDED = {Access.EDIT: "editor", Access.ADMIN: "admin"}


class SignInRequired(Exception):
    """No (valid) session or token where one is needed: a page sends the browser to sign in,
    the API answers 401."""


class Forbidden(Exception):
    """Signed in, but the role is not enough (403)."""

    def __init__(self, needed: str):
        super().__init__(f"this needs the {needed} role")
        self.needed = needed


class CsrfRefused(Exception):
    """A change sent with a cookie but without its session's CSRF token (403)."""


@dataclass
class Identity:
    user: Optional[User] = None
    session: Optional[Session] = None
    via: Optional[str] = None  # "session" | "token"
    bad_token: bool = False


def identify(request: Request) -> Identity:
    """The user behind ``request`` (read once per request)."""
    cached = getattr(request.state, "identity", None)
    if cached is not None:
        return cached
    accounts = request.app.state.accounts
    identity = Identity()
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() == "bearer":
        # A script: its token alone decides; a cookie sent along is ignored.
        user = accounts.token_user(credential.strip())
        identity = Identity(user=user, via="token" if user else None, bad_token=user is None)
    else:
        session = accounts.session(request.cookies.get(SESSION_COOKIE))
        if session is not None:
            identity = Identity(user=session.user, session=session, via="session")
    request.state.identity = identity
    return identity


def csrf_token(request: Request) -> str:
    """The token this browser's forms carry: its session's, or before sign-in the anonymous
    cookie's (a new one is made, and set on the response by the page renderer)."""
    identity = identify(request)
    if identity.session is not None:
        return identity.session.csrf_token
    token = request.cookies.get(ANONYMOUS_CSRF_COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not token or len(token) > 128:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = token
    return token


async def _sent_csrf_token(request: Request) -> str:
    sent = request.headers.get(CSRF_HEADER)
    if sent:
        return sent
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette keeps it: the route reads the same form
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def check_csrf(request: Request, identity: Identity) -> None:
    if request.method in SAFE_METHODS or identity.via == "token":
        return
    if identity.session is not None:
        expected = identity.session.csrf_token
    else:
        expected = request.cookies.get(ANONYMOUS_CSRF_COOKIE) or ""
    sent = await _sent_csrf_token(request)
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRefused()


def allow(access: Access):
    """The dependency that enforces ``access`` on a route (and is how the route declares it)."""

    async def enforce(request: Request) -> Optional[User]:
        identity = identify(request)
        if identity.bad_token:
            raise SignInRequired()
        await check_csrf(request, identity)
        if access is Access.PUBLIC:
            return identity.user
        if access is Access.READ and request.app.state.config.public:
            return identity.user
        if identity.user is None:
            raise SignInRequired()
        needed = ROLE_NEEDED.get(access)
        if needed and not identity.user.can(needed):
            raise Forbidden(needed)
        return identity.user

    enforce.access = access
    return Depends(enforce)


def access_of(route) -> Optional[Access]:
    """The rule a route declared; None when it declared none.  Mounted asset folders are public."""
    if isinstance(route, Mount):
        return Access.PUBLIC
    for dependency in getattr(route, "dependencies", None) or []:
        rule = getattr(dependency.dependency, "access", None)
        if rule is not None:
            return rule
    return None


def desk_routes(app) -> list:
    """Every route the app answers, routers included (FastAPI keeps an included router as one
    entry of ``app.routes`` holding ``original_router``)."""
    found = []
    for route in app.routes:
        inner = getattr(route, "original_router", None)
        found.extend(desk_routes(inner) if inner is not None else [route])
    return found


def check_every_route_guarded(app) -> None:
    """Refuse to serve a desk with a route that declares no access rule."""
    missing = [f"{sorted(getattr(r, 'methods', None) or ['*'])} {getattr(r, 'path', r)}" for r in desk_routes(app)
               if access_of(r) is None]
    if missing:
        raise RuntimeError(f"routes without an access rule: {', '.join(missing)}")


def safe_next(target: Optional[str], default: str = "/") -> str:
    """Where to go after signing in: a path on this site only (no //host, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def sign_in_location(request: Request) -> str:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(safe_next(wanted), safe="")
