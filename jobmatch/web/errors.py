"""One place that turns errors into answers: JSON under /api/, a page everywhere else."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from jobmatch.errors import JobMatchError
from jobmatch.web.i18n import _
from jobmatch.web.templating import render

log = logging.getLogger("jobmatch.errors")

STATUS_CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "invalid",
    409: "conflict",
    413: "invalid",
    415: "invalid",
    422: "invalid",
    429: "rate_limited",
}
STATUS_TITLES = {
    401: "Please sign in",
    403: "You cannot do this",
    404: "Page not found",
    409: "This changed in the meantime",
    422: "Please check what you entered",
    429: "Too many attempts",
    500: "Something went wrong",
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_answer(
    request: Request, status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> Response:
    if is_api(request):
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return JSONResponse(body, status_code=status)
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    title = STATUS_TITLES.get(status, "Something went wrong")
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": _(title), "message": _(message)},
        status_code=status,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JobMatchError)
    async def domain_error(request: Request, exc: JobMatchError) -> Response:
        return error_answer(request, exc.status, exc.code, exc.message, exc.fields)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields: dict[str, str] = {}
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
            fields[".".join(loc) or "body"] = str(err.get("msg", "invalid"))
        return error_answer(request, 422, "invalid", "Some fields are not valid.", fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "invalid")
        messages = {
            404: "There is nothing at this address.",
            405: "This method is not allowed here.",
        }
        message = messages.get(exc.status_code, "The request could not be handled.")
        response = error_answer(request, exc.status_code, code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(OverflowError)
    async def number_too_large(request: Request, exc: OverflowError) -> Response:
        # An id (or a page) too large for the database's integers: no such object can exist.
        return error_answer(request, 404, "not_found", "Not found.")

    @app.exception_handler(DataError)
    async def number_out_of_range(request: Request, exc: DataError) -> Response:
        # PostgreSQL's "integer out of range" for the same ids; other data errors stay 500.
        if "out of range" not in str(exc.orig):
            return await unexpected_error(request, exc)
        return error_answer(request, 404, "not_found", "Not found.")

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The type only: an exception's text can carry submitted data.
        log.error(
            "unexpected error on %s %s: %s", request.method, request.url.path, type(exc).__name__
        )
        return error_answer(
            request, 500, "server_error", "Something went wrong on our side. Please try again."
        )
