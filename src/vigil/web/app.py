"""The desk: a FastAPI app over one store, with server-rendered pages and a JSON API.

    from vigil.web import DeskConfig, create_app
    app = create_app(DeskConfig(db="sqlite:///vigil.db", public=False))

Every asset is served from the installed packages (Leaflet and its cluster plug-in from their
xstatic packages, the map component from vigil.maps), so the desk works with no network.
"""
from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from vigil.store import StoreError
from vigil.web.auth import CsrfRefused, Forbidden, SignInRequired, check_every_route_guarded, sign_in_location
from vigil.web.dashboard import Dashboards, ViewCache
from vigil.web.ratelimit import LoginLimiter

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


@dataclass
class DeskConfig:
    db: str
    public: bool = False  # reading without signing in; changes still need an editor
    secure_cookies: bool = False  # mark cookies Secure (the desk is served over HTTPS)
    session_hours: float = 12.0
    login_failures_per_name: int = 5
    login_failures_per_address: int = 20
    login_window_seconds: float = 300.0
    map_limit: int = 500  # incidents drawn on the dashboard's map (the latest that match)
    upload_limit_bytes: int = 20_000_000
    warm_dashboard: bool = True  # count the default dashboard in the background as the desk starts
    # After the warm-up, set what the process holds aside from the garbage collector (settle):
    # for a process that is the desk's own (vigil serve), not one that opens and closes desks.
    freeze_after_warm_up: bool = False


class SecurityHeaders:
    """Adds the headers above to every response; pages are never cached (they show who is in)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        is_asset = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                if not is_asset:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error_page(request: Request, status: int, message: str):
    if is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    from vigil.web.templating import render

    return render(request, "error.html", status_code=status, status=status, message=message)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _error: SignInRequired):
        if is_api(request):
            return JSONResponse({"error": "sign in first: a valid session or Authorization: Bearer TOKEN"},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return RedirectResponse(sign_in_location(request), status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden):
        return _error_page(request, 403, str(error))

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, _error: CsrfRefused):
        return _error_page(request, 403, "the form's security token is missing or stale: reload the page and try again")

    @app.exception_handler(StoreError)
    async def bad_request(request: Request, error: StoreError):
        return _error_page(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                             for e in error.errors())
        if is_api(request):
            return JSONResponse({"error": problems, "detail": _plain_errors(error)}, status_code=422)
        return _error_page(request, 400, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        message = error.detail if isinstance(error.detail, str) else "request refused"
        response = _error_page(request, error.status_code, message)
        for key, value in (error.headers or {}).items():
            response.headers[key] = value
        return response


def _plain_errors(error: RequestValidationError) -> list[dict]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg"))} for e in error.errors()]


def _mount_assets(app: FastAPI) -> None:
    from xstatic.pkg import leaflet, leaflet_markercluster

    web_static = Path(str(resources.files("vigil.web").joinpath("static")))
    map_static = Path(str(resources.files("vigil.maps").joinpath("static")))
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static/markercluster", StaticFiles(directory=leaflet_markercluster.BASE_DIR), name="markercluster")
    app.mount("/static/map", StaticFiles(directory=map_static), name="map")
    app.mount("/static", StaticFiles(directory=web_static), name="static")


def settle(freeze: bool) -> None:
    """What the first pages after a start would otherwise wait for, done as the warm-up ends:
    every template compiled (40-80 ms of the first dashboard drawn at 100,000 incidents); and,
    with ``freeze``, everything the process holds by then (the gazetteer, the actor
    dictionary, the default view's counts: some 200,000 objects) set aside from the garbage
    collector, after one collection (gc.freeze).  Otherwise each full collection walks them
    all again, 200-240 ms at a time, on whichever request it falls: the slowest dashboards
    after a change were those.  Nothing set aside is freed by the collector, only by its last
    reference going; the desk keeps these for its life anyway."""
    from vigil.web.templating import environment

    templates = environment()
    for name in templates.list_templates(extensions=["html"]):
        templates.get_template(name)
    if freeze:
        gc.collect()
        gc.freeze()


def create_app(config: DeskConfig) -> FastAPI:
    import vigil
    from vigil.store.accounts import Accounts
    from vigil.web.jobs import IngestQueue
    from vigil.web.routes import ROUTERS

    store = vigil.open(config.db)
    store.refresh_statistics()
    accounts = Accounts(store)

    def audit_job(job) -> None:
        accounts.record("ingest-" + job.state, actor=job.owner, target=job.document_id or job.name,
                        detail={"job": job.id, "summary": job.summary, "failures": job.failures[:20]})

    jobs = IngestQueue(config.db, on_finished=audit_job)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        warming = (app.state.dashboards.warm(store, config.map_limit, then=lambda: settle(config.freeze_after_warm_up))
                   if config.warm_dashboard else None)
        app.state.warming = warming
        yield
        jobs.close()
        if warming is not None:
            warming.join(timeout=60)  # not closing the store under a count
        store.close()

    from vigil import __version__

    app = FastAPI(title="Vigil desk", version=__version__, lifespan=lifespan,
                  description="Incidents of political violence, sourced and reviewed: the desk's JSON API. "
                              "Authenticate with `Authorization: Bearer TOKEN` (vigil users token NAME).",
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.config = config
    app.state.store = store
    app.state.accounts = accounts
    app.state.jobs = jobs
    app.state.views = ViewCache()
    app.state.dashboards = Dashboards()
    app.state.limiter = LoginLimiter(per_name=config.login_failures_per_name,
                                     per_address=config.login_failures_per_address,
                                     window_seconds=config.login_window_seconds)
    for router in ROUTERS:
        app.include_router(router)
    _mount_assets(app)
    _install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    check_every_route_guarded(app)
    return app
