"""Every route of the desk against every role, from this table: a route the table does not know
fails the test, so no page or API call is added without deciding who may use it."""
from __future__ import annotations

import pytest
from starlette.routing import Mount

from vigil.web.auth import Access, access_of, desk_routes

from .conftest import Browser, incident_ids

PUBLIC, READ, EDIT, ADMIN = Access.PUBLIC, Access.READ, Access.EDIT, Access.ADMIN

# (method, route path) -> (rule, request path, form or JSON body).  Requests a role may make are
# built to change nothing: unknown ids, empty uploads, a wrong password.
ROUTES = {
    ("GET", "/login"): (PUBLIC, "/login", None),
    ("POST", "/login"): (PUBLIC, "/login", {"name": "nobody-{who}", "password": "wrong-password"}),
    ("POST", "/logout"): (PUBLIC, "/logout", {}),
    ("GET", "/"): (READ, "/?unit=week", None),
    ("GET", "/incidents"): (READ, "/incidents?sort=fatalities", None),
    ("GET", "/incidents/{incident_id}"): (READ, "/incidents/{patrol}", None),
    ("POST", "/incidents/merge"): (EDIT, "/incidents/merge", {"first": "no-such-a", "second": "no-such-b"}),
    ("POST", "/incidents/{incident_id}/split"): (EDIT, "/incidents/{patrol}/split", {"document": "no-such-report"}),
    ("POST", "/incidents/{incident_id}/link"): (EDIT, "/incidents/{patrol}/link", {"follows": "no-such-incident"}),
    ("POST", "/incidents/{incident_id}/unlink"): (EDIT, "/incidents/{patrol}/unlink", {}),
    ("GET", "/documents"): (READ, "/documents", None),
    ("GET", "/documents/new"): (EDIT, "/documents/new", None),
    ("POST", "/documents"): (EDIT, "/documents", {"text": "   "}),
    ("GET", "/jobs/{job_id}"): (EDIT, "/jobs/no-such-job", None),
    ("GET", "/documents/{document_id:path}"): (READ, "/documents/desk-lyari-grenade", None),
    ("GET", "/export"): (READ, "/export?to=jsonl", None),
    ("GET", "/report"): (READ, "/report?place=Karachi", None),
    ("GET", "/admin/audit"): (ADMIN, "/admin/audit", None),
    ("GET", "/api/me"): (PUBLIC, "/api/me", None),
    ("GET", "/api/incidents"): (READ, "/api/incidents?limit=2", None),
    ("GET", "/api/incidents/{incident_id}"): (READ, "/api/incidents/{patrol}", None),
    ("GET", "/api/incidents/{incident_id}/history"): (READ, "/api/incidents/{patrol}/history", None),
    ("GET", "/api/documents/{document_id:path}"): (READ, "/api/documents/desk-lyari-grenade", None),
    ("GET", "/api/tally"): (READ, "/api/tally?by=type", None),
    ("GET", "/api/search"): (READ, "/api/search?q=grenade", None),
    ("POST", "/api/documents"): (EDIT, "/api/documents", {"text": ""}),
    ("GET", "/api/jobs/{job_id}"): (EDIT, "/api/jobs/no-such-job", None),
    ("POST", "/api/incidents/merge"): (EDIT, "/api/incidents/merge", {"first": "no-such-a", "second": "no-such-b"}),
    ("POST", "/api/incidents/{incident_id}/split"): (EDIT, "/api/incidents/{patrol}/split", {"document": "no-such"}),
    ("POST", "/api/incidents/{incident_id}/link"): (EDIT, "/api/incidents/{patrol}/link", {"follows": "no-such"}),
    ("POST", "/api/incidents/{incident_id}/unlink"): (EDIT, "/api/incidents/{patrol}/unlink", {}),
    ("GET", "/openapi.json"): (READ, "/openapi.json", None),
    ("GET", "/review"): (READ, "/review?place=Karachi", None),
    ("GET", "/places"): (READ, "/places?q=Lyari", None),
    ("POST", "/incidents/{incident_id}/confirm"): (EDIT, "/incidents/no-such-incident/confirm", {}),
    ("POST", "/incidents/{incident_id}/edit"): (EDIT, "/incidents/{patrol}/edit", {"field": "fatalities", "value": "-3", "reason": "x"}),
    ("POST", "/incidents/{incident_id}/reject"): (EDIT, "/incidents/{patrol}/reject", {"reason": ""}),
    ("POST", "/incidents/{incident_id}/restore"): (EDIT, "/incidents/{patrol}/restore", {}),
    ("POST", "/incidents/{incident_id}/revert"): (EDIT, "/incidents/{patrol}/revert", {"field": "place", "reason": "x"}),
    ("GET", "/api/review"): (READ, "/api/review?limit=5", None),
    ("GET", "/api/places"): (READ, "/api/places?q=Orangi", None),
    ("POST", "/api/incidents/{incident_id}/confirm"): (EDIT, "/api/incidents/no-such-incident/confirm", {}),
    ("POST", "/api/incidents/{incident_id}/edit"): (EDIT, "/api/incidents/{patrol}/edit", {"field": "nonsense", "value": "1", "reason": "x"}),
    ("POST", "/api/incidents/{incident_id}/reject"): (EDIT, "/api/incidents/no-such-incident/reject", {"reason": "x"}),
    ("POST", "/api/incidents/{incident_id}/restore"): (EDIT, "/api/incidents/{patrol}/restore", {}),
    ("POST", "/api/incidents/{incident_id}/revert"): (EDIT, "/api/incidents/{patrol}/revert", {"field": "place", "reason": "x"}),
}
# Folders of assets (Leaflet, the map component, the desk's style sheet): public.
MOUNTS = {"/static/leaflet": "/static/leaflet/leaflet.js", "/static/markercluster": "/static/markercluster/MarkerCluster.css",
          "/static/map": "/static/map/vigil_map.js", "/static": "/static/desk.css"}

WHO = ("anonymous", "viewer", "editor", "admin")
ALLOWED = {PUBLIC: set(WHO), READ: {"viewer", "editor", "admin"}, EDIT: {"editor", "admin"}, ADMIN: {"admin"}}


def _app_routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in desk_routes(app):
        if not isinstance(route, Mount):  # pages and API calls (FastAPI's routes and any other kind)
            for method in (getattr(route, "methods", None) or {"*"}) - {"HEAD"}:
                found.add((method, route.path))
    return found


def test_every_route_has_a_rule_in_this_table_and_declares_the_same(shared_desk):
    app = shared_desk.app
    routes = _app_routes(app)
    unknown = sorted(routes - set(ROUTES))
    assert not unknown, f"routes this table has no rule for (add them with their role): {unknown}"
    gone = sorted(set(ROUTES) - routes)
    assert not gone, f"rules for routes the app no longer has: {gone}"
    for route in desk_routes(app):
        if isinstance(route, Mount):
            assert route.path in MOUNTS, f"a mounted folder this table does not know: {route.path}"
            continue
        for method in getattr(route, "methods", set()) - {"HEAD"}:
            assert access_of(route) is ROUTES[(method, route.path)][0], f"{method} {route.path}"


def _refused(response, path: str) -> bool:
    """Sent to sign in (pages), 401 (API), or 403 for the role."""
    if response.status_code == 403 and "security token" not in response.text:
        return True
    if path.startswith(("/api/", "/openapi.json")):
        return response.status_code == 401
    return response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def _request(browser: Browser, method: str, path: str, body, who: str):
    if method == "GET":
        return browser.get(path)
    body = {k: v.replace("{who}", who) if isinstance(v, str) else v for k, v in (body or {}).items()}
    if path.startswith("/api/"):
        return browser.post_json(path, body)
    if path == "/login":  # the sign-in form carries the anonymous CSRF token
        token = browser.get("/login").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        return browser.post(path, {**body, "csrf_token": token}, csrf=False)
    return browser.post(path, body)


def _anonymous(desk) -> Browser:
    browser = Browser(desk.client())
    # The CSRF token of the sign-in form (an anonymous cookie), so that a refusal is the role's.
    browser.csrf = browser.get("/login").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return browser


@pytest.mark.parametrize("mode", ["sign-in required", "public"])
def test_each_role_is_let_in_or_refused_as_the_rule_says(shared_desk, public_desk, mode):
    desk = public_desk if mode == "public" else shared_desk
    ids = incident_ids(desk)
    # Signing out ends the session: it goes last.
    ordered = sorted(ROUTES.items(), key=lambda item: item[0] == ("POST", "/logout"))
    for who in WHO:
        browser = _anonymous(desk) if who == "anonymous" else desk.signed_in(who)
        try:
            for (method, route), (rule, path, body) in ordered:
                response = _request(browser, method, path.format(**ids), body, who)
                allowed = who in ALLOWED[rule] or (mode == "public" and rule is READ)
                assert response.status_code < 500, f"{who} {method} {path}: {response.status_code}"
                assert _refused(response, path) != allowed, (
                    f"{who} {method} {path} in {mode} mode: {response.status_code} "
                    f"{response.headers.get('location', '')} (rule {rule.value})")
        finally:
            browser.close()


def test_api_tokens_carry_their_user_role(shared_desk):
    with shared_desk.api("viewer") as viewer, shared_desk.api("editor") as editor, shared_desk.api(None) as nobody:
        assert viewer.get("/api/me").json() == {"name": "viewer", "role": "viewer"}
        assert viewer.get("/api/incidents").status_code == 200
        assert viewer.post("/api/incidents/merge", json={"first": "a", "second": "b"}).status_code == 403
        # An editor's token needs no CSRF token: a browser never sends it on its own.
        assert editor.post("/api/incidents/merge", json={"first": "a", "second": "b"}).status_code == 400
        assert nobody.get("/api/incidents").status_code == 401
    with shared_desk.client(headers={"Authorization": "Bearer vgl_not-a-token"}) as forged:
        assert forged.get("/api/incidents").status_code == 401
        assert forged.get("/api/me").status_code == 401


def test_mounted_assets_are_served_to_anyone(shared_desk):
    with shared_desk.client() as anonymous:
        for path in MOUNTS.values():
            response = anonymous.get(path)
            assert response.status_code == 200, path
        assert anonymous.get("/static/../store/schema.py").status_code == 404
