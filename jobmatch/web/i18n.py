"""Translations of the web pages (gettext catalogues read with Babel) and locale formatting.

The catalogues are ``jobmatch/locale/<lang>/LC_MESSAGES/messages.po``; they are compiled in
memory at start-up, so there is no build step. The current locale lives in a context variable
set once per request.
"""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from datetime import UTC, date, datetime, tzinfo
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from jobmatch.errors import Message, Value

LANGUAGES: dict[str, str] = {
    "en": "English",
    "it": "Italiano",
    "fr": "Français",
    "sk": "Slovenčina",
}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language`` (English needs none)."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """Translate ``message`` into the request's language (a ``Message`` with its values)."""
    if isinstance(message, Message):
        text, values = translate_message(message)
        return text % values
    return translations(current_language.get()).gettext(message)


def translate_message(message: Message) -> tuple[str, dict[str, str]]:
    """The translated msgid of ``message`` and its values as the language writes them, apart,
    so that a template can escape the values (data) and not the words around them."""
    catalogue = translations(current_language.get())
    if message.plural is None:
        text = catalogue.gettext(message.msgid)
    else:
        n = message.params["n"]
        text = catalogue.ngettext(message.msgid, message.plural, n if isinstance(n, int) else 2)
    return text, {name: _value(value) for name, value in message.params.items()}


def _value(value: Value) -> str:
    if isinstance(value, Message):
        return _(value)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return format_number(value)
    words = [_(item) for item in value]
    return format_list(words, locale=Locale.parse(current_language.get())) if words else ""


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


def pick_language(requested: str | None, cookie: str | None, accept_language: str | None) -> str:
    """``?lang=``, then the cookie, then the browser's Accept-Language, then English."""
    for candidate in (requested, cookie):
        if candidate in LANGUAGES:
            return candidate
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def format_day(
    value: date | datetime | None,
    style: Literal["short", "medium", "long"] = "medium",
    *,
    zone: tzinfo = UTC,
) -> str:
    """A date, or a date and time, as the language writes it: the date in ``style`` ("medium":
    7 mars 2026; "short": 07/03/2026) and the time of day to the minute, never seconds.

    A date-time (stored in UTC; a naive one is taken as UTC) is shown as it is in ``zone``, day
    and time of day (near midnight the day there is not the UTC day). A date is shown as it is."""
    if value is None:
        return ""
    locale = Locale.parse(current_language.get())
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
    day = format_date(value, format=style, locale=locale)
    if not isinstance(value, datetime):
        return day
    # Babel's format_datetime would give the time in the same style, with seconds beyond "short".
    time = format_time(value, format="short", locale=locale)
    pattern = str(get_datetime_format(style, locale=locale))
    return pattern.replace("{0}", time).replace("{1}", day)


def format_month(value: str | date | None, style: str = "long") -> str:
    """A month ("2026-03", or a date) as the language names it: "March 2026", "marec 2026";
    ``style="short"``: "Mar 2026", "3/2026" (chart ticks)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value + "-01")
        except ValueError:
            return value  # not a month: shown as it is
    else:
        day = value
    return _month_name(day.replace(day=1), style, current_language.get())


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    return _number(value, current_language.get())


# A dashboard writes a few hundred months and counts, mostly the same ones, and Babel takes
# 10-25 µs for each: the same value in the same language is written once per process.
@lru_cache(maxsize=4096)
def _month_name(day: date, style: str, language: str) -> str:
    skeleton = "yMMM" if style == "short" else "yMMMM"
    return str(format_skeleton(skeleton, day, locale=Locale.parse(language)))


@lru_cache(maxsize=4096, typed=True)
def _number(value: float | int, language: str) -> str:
    return format_decimal(value, locale=Locale.parse(language))
