"""The desk under attack: stored XSS, CSRF, SQL injection through the filters, sign-in abuse,
sessions; over real HTTP against the real app."""
from __future__ import annotations

import json
import re

import pytest

from vigil.web.query import FILTERS

from .conftest import CSRF, PASSWORDS, Browser, desk_on, incident_ids

# --------------------------------------------------------------------------- stored XSS

MARK = "XSS"
TEXT_PAYLOAD = "<script>alert('XSS-text')</script>"
HOSTILE_REPORT = {
    "id": "hostile-<b>report</b>",
    "title": "Title <script>alert('XSS-title')</script>",
    "outlet": "Outlet <img src=x onerror=alert('XSS-outlet')>",
    "published": "2021-06-08",
    # HTML-escaped in the record, so the reader's cleaning leaves the tags in the stored text.
    "text": "Gunmen shot dead two watchmen outside a warehouse in Korangi on Monday night, police said. "
            "A sign on the gate read &lt;script&gt;alert('XSS-text')&lt;/script&gt; in red paint.",
}
EVIDENCE = "A man <script>alert('XSS-evidence')</script> was shot dead at the market."
HOSTILE_INCIDENT = {
    "id": "hostile-incident-1", "event_type": "Violence against civilians",
    "sub_event_type": "Attack <svg onload=alert('XSS-sub')>",
    "date": {"start": "2021-06-09", "end": "2021-06-09", "precision": "day", "text": "on <b>Wednesday</b>"},
    "location": {"name": "Place <img src=x onerror=alert('XSS-place')>", "city": "Karachi", "province": "Sindh",
                 "country": "Pakistan", "lat": 24.86, "lon": 67.01, "precision": "neighbourhood",
                 "text": "in the <i>market</i>"},
    "perpetrators": [{"name": "Gang <script>alert('XSS-actor')</script>", "text": "gang", "category": "criminal group",
                      "attribution": "stated"}],
    "targets": [{"name": "<b>target</b>", "text": "a man", "category": "civilians"}],
    "victims": [], "weapons": ["<u>gun</u>"],
    "fatalities": {"low": 1, "best": 1, "high": 1}, "injured": None, "kidnapped": None, "arrested": None,
    "perpetrators_killed": None,
    "evidence": [{"document": "hostile-src-<i>doc</i>", "sentence": EVIDENCE, "start": 0, "end": len(EVIDENCE),
                  "timestamp": None}],
    "sources": [{"document": "hostile-src-<i>doc</i>", "outlet": "Source <img src=x onerror=alert('XSS-source')>",
                 "url": "javascript:alert('XSS-url')", "published": "2021-06-09"}],
    "status": "extracted", "confidence": 0.5,
}
REASON = "because <script>alert('XSS-reason')</script>"
DATA_BLOCK = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)
RAW_MARKUP = re.compile(r"<(script|img|svg|b|i|u)[\s>][^<]*XSS|<(b|i|u)>(report|doc|target|gun|Wednesday|market)<")


def _store_hostile_content(desk, folder) -> None:
    import vigil

    reports = folder / "hostile-reports.jsonl"
    reports.write_text(json.dumps(HOSTILE_REPORT) + "\n", encoding="utf-8")
    incidents = folder / "hostile-incidents.jsonl"
    incidents.write_text(json.dumps(HOSTILE_INCIDENT) + "\n", encoding="utf-8")
    summary = vigil.ingest([str(reports), str(incidents)], db=desk.db)
    assert summary.added == 1 and summary.imported == 1, summary.failures


def _assert_escaped(html: str, where: str) -> None:
    """No hostile markup outside the map's JSON data, and none in the map's popups (Leaflet
    draws those as HTML); a JSON block cannot end early, or the rest would be checked as page."""
    blocks = DATA_BLOCK.findall(html)
    page = DATA_BLOCK.sub("", html)
    found = RAW_MARKUP.search(page)
    assert found is None, f"{where}: raw markup from stored data: {page[max(0, found.start() - 80):found.end() + 80]!r}"
    for block in blocks:
        for point in json.loads(block).get("points", []):
            assert RAW_MARKUP.search(point["popup"]) is None, f"{where}: raw markup in a map popup"


def test_stored_text_titles_outlets_places_and_reasons_are_escaped_everywhere(desk, tmp_path):
    _store_hostile_content(desk, tmp_path)
    editor = desk.signed_in("editor")
    admin = desk.signed_in("admin")
    ids = incident_ids(desk)
    with desk.api("viewer") as api:
        hostile = api.get("/api/incidents", params={"text": "market"}).json()["incidents"][0]["id"]
        korangi = api.get("/api/incidents", params={"document": "hostile-<b>report</b>"}).json()["incidents"][0]["id"]
    # An analyst's reasons are stored text too.
    assert editor.post("/incidents/merge", {"first": ids["grenade"], "second": ids["blast"], "reason": REASON}).status_code == 303
    merged = incident_ids(desk)["grenade"]
    split = editor.post(f"/incidents/{merged}/split", {"document": "desk-orangi-blast", "reason": REASON})
    assert split.status_code == 303

    pages = ["/", "/?q=sign+gate", "/?unit=week", "/incidents", f"/incidents/{hostile}", f"/incidents/{korangi}",
             f"/incidents/{incident_ids(desk)['grenade']}", "/documents",
             "/documents/hostile-%3Cb%3Ereport%3C%2Fb%3E", "/documents/hostile-src-%3Ci%3Edoc%3C%2Fi%3E",
             "/incidents?place=Karachi", "/admin/audit"]
    shown = ""
    for path in pages:
        response = admin.get(path)
        assert response.status_code == 200, path
        _assert_escaped(response.text, path)
        shown += response.text
    # The hostile values were on the pages, escaped (else this test would prove nothing).
    for escaped in ("&lt;script&gt;alert(&#39;XSS-text&#39;)&lt;/script&gt;", "Title &lt;script&gt;",
                    "Outlet &lt;img src=x", "Place &lt;img src=x", "Gang &lt;script&gt;", "because &lt;script&gt;",
                    "Attack &lt;svg onload"):
        assert escaped in shown, escaped
    assert 'href="javascript:' not in shown
    # An error page repeats the bad value it names: escaped too.
    bad = admin.get("/?since=<script>alert('XSS-since')</script>")
    assert bad.status_code in (400, 422)
    _assert_escaped(bad.text, "error page")
    missing = admin.get("/incidents/<img src=x onerror=alert('XSS-404')>")
    assert missing.status_code == 404
    _assert_escaped(missing.text, "404 page")
    editor.close()
    admin.close()


def test_api_answers_are_json_never_html(shared_desk):
    with shared_desk.api("viewer") as api:
        for path in ("/api/incidents", "/api/incidents/<script>", "/api/tally?by=<b>", "/api/search?q=<script>"):
            response = api.get(path)
            assert response.headers["content-type"].startswith("application/json"), path
            assert response.headers["x-content-type-options"] == "nosniff"


# --------------------------------------------------------------------------- CSRF

def test_changes_without_the_csrf_token_are_refused(desk):
    ids = incident_ids(desk)
    editor = desk.signed_in("editor")
    merge = {"first": ids["grenade"], "second": ids["blast"], "reason": "same attack"}
    for attempt in ({}, {"csrf_token": ""}, {"csrf_token": "forged"}, {"csrf_token": _another_sessions_token(desk)}):
        refused = editor.post("/incidents/merge", {**merge, **attempt}, csrf=False)
        assert refused.status_code == 403 and "security token" in refused.text, attempt
    refused = editor.http.post("/api/incidents/merge", json=merge)  # session cookie, no X-CSRF-Token
    assert refused.status_code == 403
    refused = editor.http.post("/api/incidents/merge", json=merge, headers={"X-CSRF-Token": "forged"})
    assert refused.status_code == 403
    upload = editor.http.post("/documents", files={"file": ("a.txt", b"Gunmen shot a man in Lyari.")})
    assert upload.status_code == 403
    logout = editor.post("/logout", csrf=False)
    assert logout.status_code == 403
    assert incident_ids(desk) == ids  # nothing merged
    # The same requests with the token go through.
    assert editor.post("/incidents/merge", merge).status_code == 303
    assert incident_ids(desk)["grenade"] == incident_ids(desk)["blast"]
    editor.close()


def _another_sessions_token(desk) -> str:
    other = desk.signed_in("admin")
    token = other.csrf
    other.close()
    return token


def test_sign_in_itself_needs_the_forms_token(shared_desk):
    with shared_desk.client() as client:
        response = client.post("/login", data={"name": "editor", "password": PASSWORDS["editor"], "next": "/"})
        assert response.status_code == 403 and "vigil_session" not in response.headers.get("set-cookie", "")


# --------------------------------------------------------------------------- SQL injection

INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE merged_incidents; --", "') UNION SELECT password_hash FROM users --",
    "%", "_", "\\", "|", "\x00", "𝕏' OR 1=1", "a" * 200,
]
LEAKS = ("Traceback", "sqlite3.", "OperationalError", "psycopg", "SELECT ", "argon2", "$argon2", "syntax error")


def _leaks(text: str, value: str) -> bool:
    """Whether an answer shows a database error or internals (the filter's own value, which the
    page repeats in its form, set aside)."""
    from markupsafe import escape

    text = text.replace(str(escape(value)), "").replace(value, "")
    return any(leak in text for leak in LEAKS)


def test_injection_through_every_filter_is_inert(shared_desk):
    before = incident_ids(shared_desk)
    with shared_desk.api("viewer") as api:
        viewer = shared_desk.signed_in("viewer")
        for param, _key, _label in FILTERS:
            for n, value in enumerate(INJECTIONS):
                # The dashboard runs the same filters as the list and the tally: a few values suffice there.
                for path in ("/api/incidents", "/api/tally", "/incidents") + (("/",) if n < 3 else ()):
                    client = api if path.startswith("/api/") else viewer.http
                    response = client.get(path, params={param: value})
                    assert response.status_code in (200, 400, 422), (path, param, value, response.status_code)
                    assert not _leaks(response.text, value), (path, param, value)
                    if response.status_code == 200 and path == "/api/incidents" and param not in ("text", "place", "perpetrator", "target", "document"):
                        assert response.json()["total"] == 0, (param, value)
        for value in INJECTIONS:
            response = api.get("/api/search", params={"q": value})
            assert response.status_code in (200, 422) and not _leaks(response.text, value)
            response = viewer.get("/", params={"q": value})
            assert response.status_code in (200, 400, 422)
        viewer.close()
    assert incident_ids(shared_desk) == before  # every table still there, nothing changed


# --------------------------------------------------------------------------- signing in

def test_failed_sign_ins_are_limited_and_audited(desk):
    browser = Browser(desk.client())
    for _ in range(5):
        assert browser.sign_in("editor", "wrong password").status_code == 401
    throttled = browser.sign_in("editor", PASSWORDS["editor"])  # even the right password waits now
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
    other = Browser(desk.client())
    assert other.sign_in("viewer", PASSWORDS["viewer"]).status_code == 303  # another name is not held back
    admin = desk.signed_in("admin")
    audit = admin.get("/admin/audit?action=login-failed").text
    assert audit.count("login-failed") >= 5 and "login-throttled" in admin.get("/admin/audit").text
    for client in (browser, other, admin):
        client.close()


def test_session_cookie_is_httponly_samesite_and_ends_at_sign_out(desk):
    browser = Browser(desk.client())
    response = browser.sign_in("viewer", PASSWORDS["viewer"])
    cookie = response.headers["set-cookie"].lower()
    assert "vigil_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    stolen = browser.http.cookies.get("vigil_session")
    assert browser.get("/").status_code == 200
    assert browser.post("/logout").status_code == 303
    with desk.client(cookies={"vigil_session": stolen}) as replay:
        assert replay.get("/").status_code == 303  # the old cookie opens nothing
    assert "$argon2" not in json.dumps(desk.app.state.accounts.users())
    browser.close()


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_sign_in_never_sends_the_browser_off_site(shared_desk, target):
    browser = Browser(shared_desk.client())
    token = CSRF.search(browser.get("/login").text).group(1)
    response = browser.http.post("/login", data={"name": "viewer", "password": PASSWORDS["viewer"],
                                                 "csrf_token": token, "next": target})
    assert response.status_code == 303 and response.headers["location"] == "/"
    browser.close()


def test_every_page_carries_the_security_headers(shared_desk):
    viewer = shared_desk.signed_in("viewer")
    for path in ("/", "/login", "/api/incidents"):
        headers = viewer.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
    viewer.close()


def test_a_desk_with_a_route_without_a_rule_does_not_start(template, tmp_path):
    from fastapi import APIRouter

    from vigil.web import routes

    stray = APIRouter()
    stray.add_api_route("/stray", lambda: {"secret": True})
    routes.ROUTERS.append(stray)
    try:
        with pytest.raises(RuntimeError, match="without an access rule.*/stray"):
            with desk_on(template, tmp_path):
                pass
    finally:
        routes.ROUTERS.remove(stray)
