"""Per-request set-up of the web pages: login session, CSRF token, language, security headers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobmatch.api.deps import close_session
from jobmatch.models import User, WebSession
from jobmatch.security.tokens import new_token
from jobmatch.services import accounts
from jobmatch.web import i18n
from jobmatch.web.deps import ANON_CSRF_COOKIE, LANGUAGE_COOKIE, SESSION_COOKIE

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


class SecurityHeaders:
    """The outermost layer of the app, so that every answer gets the headers: even the 500 page
    of an unexpected error, which Starlette renders outside the other middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                if not static:
                    # Pages and API answers may carry personal data: never cache them.
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def secure_request(request: Request) -> bool:
    forced = request.app.state.settings.secure_cookies
    return bool(forced) if forced is not None else request.url.scheme == "https"


def _resume(request: Request, cookie: str) -> tuple[Session, tuple[WebSession, User] | None]:
    """The request's database session, and the login session and user of ``cookie``.

    The page goes on with the same database session (``api.deps.get_session`` hands it out):
    one connection, ping and transaction per page instead of two. The login session and the
    user are detached from it, as they were when each had its own: whatever the page does to
    its session (a rollback, a failed flush) leaves them readable, for the error page too.
    """
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        found = accounts.resume_session(session, settings=request.app.state.settings, cookie=cookie)
        if found is not None:
            for record in found:
                session.expunge(record)
    except BaseException:
        session.close()
        raise
    return session, found


def _set_cookie_headers(cookies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """``Set-Cookie`` headers as Starlette's ``Response.set_cookie`` writes them."""
    response = Response()
    for cookie in cookies:
        response.set_cookie(**cookie)
    return [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in response.raw_headers
        if k == b"set-cookie"
    ]


class WebContext:
    """Per request: the login session and its user, the CSRF token and the language.

    A plain ASGI middleware (Starlette's ``BaseHTTPMiddleware`` runs the app in a second task
    and streams its answer through a queue, a cost every request paid).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        request.state.user = None
        request.state.csrf_token = ""
        new_anon_csrf = None
        database: Session | None = None
        if not path.startswith(("/api/", "/static/")):
            cookie = request.cookies.get(SESSION_COOKIE)
            if cookie:
                database, found = await run_in_threadpool(_resume, request, cookie)
                request.state.database = database
                if found is not None:
                    request.state.web_session, request.state.user = found
                    request.state.csrf_token = found[0].csrf_token
            if request.state.user is None:
                # Before login, the form token is tied to this browser by a cookie.
                anon = request.cookies.get(ANON_CSRF_COOKIE)
                if not anon:
                    anon = new_anon_csrf = new_token()
                request.state.csrf_token = anon
        user = request.state.user
        requested = request.query_params.get("lang")
        language = i18n.pick_language(
            requested,
            request.cookies.get(LANGUAGE_COOKIE) or (user.language if user else None),
            request.headers.get("accept-language"),
        )
        cookies: list[dict[str, Any]] = []
        if new_anon_csrf:
            cookies.append({"key": ANON_CSRF_COOKIE, "value": new_anon_csrf, "httponly": True})
        if requested in i18n.LANGUAGES:
            cookies.append({"key": LANGUAGE_COOKIE, "value": language, "max_age": 365 * 86400})
        if cookies:
            secure = secure_request(request)
            cookies = [{**c, "samesite": "lax", "secure": secure} for c in cookies]
        set_cookies = _set_cookie_headers(cookies) if cookies else []

        async def send_with_context(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in set_cookies:
                    headers.append(name, value)
                headers["Content-Language"] = language
            await send(message)

        token = i18n.current_language.set(language)
        try:
            await self.app(scope, receive, send_with_context)
        finally:
            i18n.current_language.reset(token)
            if database is not None:
                await close_session(database)


def install_middleware(app: FastAPI) -> None:
    # Starlette always puts its error middleware outermost; wrap the whole stack instead.
    build_stack = app.build_middleware_stack

    def build_with_headers() -> ASGIApp:
        return SecurityHeaders(build_stack())

    app.build_middleware_stack = build_with_headers  # type: ignore[method-assign]
    app.add_middleware(WebContext)
