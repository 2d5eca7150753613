"""Rendering pages: one Jinja2 environment with translations and the request's context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from jobmatch.web import i18n
from jobmatch.web.navigation import navigation_for

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n._, ngettext=i18n.ngettext, newstyle=True
    )
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.filters["day"] = i18n.format_day
    env.filters["number"] = i18n.format_number
    return Jinja2Templates(env=env)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` with the signed-in user, the CSRF token and the language."""
    state = request.state
    user = getattr(state, "user", None)
    full: dict[str, Any] = {
        "user": user,
        "navigation": navigation_for(user.role if user else None),
        "csrf_token": getattr(state, "csrf_token", ""),
        "lang": i18n.current_language.get(),
        "demo": request.app.state.settings.demo,
    }
    full.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, full, status_code=status_code)
