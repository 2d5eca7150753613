"""Translations of the web pages (gettext catalogues read with Babel) and locale formatting.

The catalogues are ``jobmatch/locale/<lang>/LC_MESSAGES/messages.po``; they are compiled in
memory at start-up, so there is no build step. The current locale lives in a context variable
set once per request.
"""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

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
    """Translate ``message`` into the request's language."""
    return translations(current_language.get()).gettext(message)


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


def format_day(value: date | datetime | None, style: str = "medium") -> str:
    if value is None:
        return ""
    locale = Locale.parse(current_language.get())
    if isinstance(value, datetime):
        return format_datetime(value, format=style, locale=locale)
    return format_date(value, format=style, locale=locale)


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=Locale.parse(current_language.get()))
