"""Rendering the desk's pages: Jinja2 templates from the package, every value escaped."""
from __future__ import annotations

import functools
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from vigil.export.fields import count_phrase, place_line
from vigil.export.summary import date_phrase
from vigil.web.auth import ANONYMOUS_CSRF_COOKIE, CSRF_FIELD, csrf_token, identify


@functools.lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader

    # Records come from extraction, imports and older versions: a key one lacks shows as nothing.
    env = Environment(loader=PackageLoader("vigil.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(count_phrase=count_phrase, place_line=place_line, date_phrase=date_phrase)
    env.globals["event_types"] = _event_type_names()
    env.filters["figure"] = lambda count: count_phrase(count).replace("not reported", "–")
    return env


def _event_type_names() -> list[str]:
    """Event and sub-event types, offered as values when a type is edited."""
    from vigil.knowledge.taxonomy import event_types

    names = []
    for event, subs in event_types().items():
        names += [event, *subs]
    return list(dict.fromkeys(names))


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    identity = identify(request)
    token = csrf_token(request)
    page = environment().get_template(template).render(
        request=request,
        user=identity.user,
        public=request.app.state.config.public,
        csrf_token=token,
        csrf_field=Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{Markup.escape(token)}">'),
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    new_cookie = getattr(request.state, "new_csrf_cookie", None)
    if new_cookie and identity.session is None:
        response.set_cookie(ANONYMOUS_CSRF_COOKIE, new_cookie, httponly=True, samesite="strict",
                            secure=request.app.state.config.secure_cookies, path="/")
    return response
