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

from collections.abc import Sequence
from typing import TypeAlias

# What a message's values may be: data as it is, numbers, words to translate, lists of them.
Value: TypeAlias = "str | int | float | Message | Sequence[Message]"


class Message(str):
    """Words for people with values in them, translatable the gettext way.

    The ``str`` itself is the English text, values filled in (what the JSON API, the command
    line and the logs show). ``msgid`` is the constant text with named ``%(name)s`` placeholders
    that the catalogues translate; a page translates it first and then fills in ``params``
    (jobmatch/web/i18n.py), so an f-string is never needed. A value that is itself a
    ``Message`` (or a list of them) is translated too; numbers are written the locale's way.
    ``Message("Choose a network.")`` without values only marks words for the catalogues.
    Like Jinja's ``_()``, the msgid is always a format string: write ``%%`` for a percent sign.
    """

    msgid: str
    plural: str | None
    params: dict[str, Value]

    def __new__(cls, msgid: str, /, **params: Value) -> Message:
        return cls._make(msgid, None, msgid, params)

    @classmethod
    def _make(
        cls, msgid: str, plural: str | None, english: str, params: dict[str, Value]
    ) -> Message:
        text = str.__new__(cls, english % {k: _english(v) for k, v in params.items()})
        text.msgid, text.plural, text.params = msgid, plural, params
        return text

    def __reduce__(self) -> tuple[object, ...]:
        # Copies and pickles keep the msgid and values (str's own would keep the English only).
        return (_rebuild, (self.msgid, self.plural, self.params))


class Plural(Message):
    """A ``Message`` whose words agree with the number ``n``: ``Plural("At %(n)s month",
    "At %(n)s months", n=3)``; each language has its own plural forms (Slovak three)."""

    def __new__(cls, singular: str, plural: str, /, *, n: int, **params: Value) -> Plural:
        english = singular if n == 1 else plural
        text = cls._make(singular, plural, english, {"n": n, **params})
        assert isinstance(text, Plural)
        return text


def _rebuild(msgid: str, plural: str | None, params: dict[str, Value]) -> Message:
    if plural is None:
        return Message(msgid, **params)
    values = dict(params)
    n = values.pop("n")
    assert isinstance(n, int)
    return Plural(msgid, plural, n=n, **values)


def _english(value: Value) -> str | int | float:
    if isinstance(value, str | int | float):
        return value
    return ", ".join(value)


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
