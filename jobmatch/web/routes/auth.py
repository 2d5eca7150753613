"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.errors import RateLimited, Unauthenticated
from jobmatch.services import accounts, demo_accounts
from jobmatch.web.deps import ANON_CSRF_COOKIE, SESSION_COOKIE, CsrfChecked, MaybeWebUser
from jobmatch.web.i18n import _
from jobmatch.web.middleware import secure_request
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our address.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/home"


def _login_page(
    request: Request, *, next_path: str, email: str = "", error: str = "", status: int = 200
) -> Response:
    settings = request.app.state.settings
    demo = demo_accounts.DEMO_ACCOUNTS if settings.demo and settings.env != "production" else []
    return render(
        request,
        "login.html",
        {"next": next_path, "email": email, "error": error, "demo_accounts": demo},
        status_code=status,
    )


@router.get("/login")
def login_form(request: Request, user: MaybeWebUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next_path=_safe_next(next))


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/home",
) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        user = accounts.authenticate(
            session, settings=settings, email=email, password=password, client=client
        )
    except (Unauthenticated, RateLimited) as exc:
        status = 429 if isinstance(exc, RateLimited) else 401
        return _login_page(
            request, next_path=_safe_next(next), email=email, error=_(exc.message), status=status
        )
    started = accounts.start_session(session, user=user)
    session.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        started.cookie,
        httponly=True,
        samesite="lax",
        secure=secure_request(request),
        max_age=settings.session_absolute_hours * 3600,
    )
    response.delete_cookie(ANON_CSRF_COOKIE)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, session: SessionDep, _user: MaybeWebUser) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        accounts.end_session(session, cookie=cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def root(user: MaybeWebUser) -> Response:
    return RedirectResponse("/home" if user else "/login", status_code=303)
