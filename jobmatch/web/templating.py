"""Rendering pages: one Jinja2 environment with translations and the request's context."""

from __future__ import annotations

from datetime import UTC, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from jobmatch.errors import Message
from jobmatch.web import choices, i18n, nuts
from jobmatch.web.navigation import navigation_for

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def make_templates(*, zone: tzinfo = UTC) -> Jinja2Templates:
    """The page environment; its ``day`` filter shows date-times in ``zone`` (the setting
    ``JOBMATCH_TIMEZONE`` in the app)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n._, ngettext=i18n.ngettext, newstyle=True
    )
    env.globals["gettext"] = gettext  # ``_`` calls it
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.globals["nuts_options"] = nuts.options_html  # the region pickers' options
    env.filters["day"] = partial(i18n.format_day, zone=zone)
    env.filters["month"] = i18n.format_month
    env.filters["number"] = i18n.format_number
    env.filters["score_part"] = score_part
    return Jinja2Templates(env=env)


@pass_context
def gettext(context: Context, message: str, /, **variables: object) -> str:
    """Jinja's new-style ``_()``, which also takes a ``Message``: its translated words are trusted
    like every catalogue text, its values (data: a name someone typed) are escaped."""
    if isinstance(message, Message):
        text, values = i18n.translate_message(message)
        variables = {**variables, **values}
    else:
        text = i18n._(message)
    if context.eval_ctx.autoescape:
        return Markup(text) % variables
    return text % variables


def score_part(name: str) -> str:
    """A part of a match score (``essential``, ``language``...) in words of the language."""
    return i18n._(choices.SCORE_PARTS.get(name) or name.replace("_", " ").capitalize())


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
