"""Dependencies of the web pages: the signed-in user and the CSRF check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from jobmatch.errors import Forbidden, Unauthenticated
from jobmatch.models import User
from jobmatch.security.tokens import same

SESSION_COOKIE = "jm_session"
ANON_CSRF_COOKIE = "jm_csrf"
LANGUAGE_COOKIE = "jm_lang"


async def optional_user(request: Request) -> User | None:
    """The user of the request's login session (resolved by the session middleware)."""
    user: User | None = getattr(request.state, "user", None)
    return user


async def login_required(request: Request) -> User:
    user: User | None = getattr(request.state, "user", None)
    if user is None:
        raise Unauthenticated()
    return user


async def csrf_protect(request: Request) -> None:
    """Refuse a form whose token is missing or is not this session's (or this browser's)."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected: str = getattr(request.state, "csrf_token", "")
    if not isinstance(sent, str) or not expected or not same(sent, expected):
        raise Forbidden("This form has expired. Please go back, reload the page and try again.")


WebUser = Annotated[User, Depends(login_required)]
MaybeWebUser = Annotated[User | None, Depends(optional_user)]
CsrfChecked = Depends(csrf_protect)
