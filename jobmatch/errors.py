"""Domain errors raised by services; the app maps each one to an HTTP status once.

``JobMatchError``
 ├── ``NotFound``        404 – missing, or not visible to the caller (existence is not revealed)
 ├── ``Forbidden``       403 – visible, but the caller may not do this
 ├── ``Conflict``        409 – the object changed state (e.g. an introduction already decided)
 ├── ``Invalid``         422 – bad input; ``fields`` maps each field to what is wrong
 ├── ``Unauthenticated`` 401 – no valid session or token
 └── ``RateLimited``     429 – too many attempts
"""

from __future__ import annotations


class JobMatchError(Exception):
    """Base of every domain error."""

    code = "error"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = fields or {}


class NotFound(JobMatchError):
    code = "not_found"
    status = 404

    def __init__(self, message: str = "Not found.", fields: dict[str, str] | None = None) -> None:
        super().__init__(message, fields)


class Forbidden(JobMatchError):
    code = "forbidden"
    status = 403

    def __init__(
        self, message: str = "You may not do this.", fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, fields)


class Conflict(JobMatchError):
    code = "conflict"
    status = 409


class Invalid(JobMatchError):
    code = "invalid"
    status = 422


class Unauthenticated(JobMatchError):
    code = "unauthenticated"
    status = 401

    def __init__(
        self, message: str = "Please sign in.", fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, fields)


class RateLimited(JobMatchError):
    code = "rate_limited"
    status = 429
