"""Extract the messages to translate and update the Italian, French and Slovak catalogues.

Usage: ``python scripts/i18n.py [--check]``.

1. Extracts with Babel's API, as ``babel.cfg`` maps them: ``_()``/``N_()`` calls in
   ``jobmatch/**/*.py`` and ``{{ _("...") }}`` in ``jobmatch/web/templates/**/*.html``; also the
   first argument of the domain errors (``Invalid("...")``, whose message a page shows), the
   labels of ``NavItem``, and ``Message("... %(n)s ...", n=...)`` / ``Plural(one, many, n=...)``
   (jobmatch/errors.py: words with values, translated before the values are filled in).
2. Adds the words that reach the pages without a literal ``_()`` call: every value of the domain
   enums (templates show them as ``_(offer.status)`` or sentence-cased), the labels held in
   module-level constants of the page code (``KINDS = (("job", "Job"), ...)``, table titles),
   the titles of the error pages, the field messages of domain errors (``{"field": "..."}``, and
   ``errors["field"] = "..."`` gathered before raising) and the module constants passed to them.
3. Updates ``jobmatch/locale/{it,fr,sk}/LC_MESSAGES/messages.po`` keeping every existing
   translation (no fuzzy guesses: a guessed translation is worse than an English one that a
   test catches), and prints what is still untranslated. ``--check`` exits with 1 if anything is.

The app reads the ``.po`` files directly (jobmatch/web/i18n.py), so there is no compile step.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as Message_
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "jobmatch" / "locale"
LANGUAGES = ("it", "fr", "sk")
ERROR_CLASSES = ("NotFound", "Forbidden", "Conflict", "Invalid", "Unauthenticated", "RateLimited")
# The Python code whose words can reach a page (as in babel.cfg); the API and CLI speak English.
PAGE_CODE = ("jobmatch/errors.py", "jobmatch/policy/", "jobmatch/services/", "jobmatch/web/")
CLI_ONLY = (
    "jobmatch/services/backup.py",
    "jobmatch/services/demo/",
    "jobmatch/services/exchange.py",  # its errors name lines of an import file
)
# Constants of proper names (places, demo organisations, language names in their own language).
PROPER_NAMES = (
    "jobmatch/web/nuts.py",
    "jobmatch/web/i18n.py",
    "jobmatch/services/demo_accounts.py",
)
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    **dict.fromkeys(ERROR_CLASSES, (1,)),
    "NavItem": (1,),
    "Message": (1,),  # jobmatch.errors.Message("... %(n)s ...", n=...)
    "Plural": (1, 2),
}


Message = str | tuple[str, str]  # a plural is (singular, plural)


def extract_babel(warnings: io.StringIO) -> list[tuple[Message, str, int]]:
    """(message, file, line) from the sources that ``babel.cfg`` maps."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = []
    # Babel writes a warning for each f-string it cannot extract: gather them for the report.
    with contextlib.redirect_stderr(warnings):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
        ):
            if isinstance(message, str):
                found.append((message, filename, lineno))
            else:  # ngettext(): singular and plural
                found.append(((message[0], message[1]), filename, lineno))
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _dict_strings(node: ast.AST) -> Iterator[tuple[str, int]]:
    if isinstance(node, ast.Dict):
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield value.value, value.lineno


def extract_error_details(path: Path) -> Iterator[tuple[str, int]]:
    """Field messages of domain errors, constants passed to them, and error-page texts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: (node.value.value, node.lineno)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.isupper()
    }
    relative = path.relative_to(ROOT).as_posix()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in ERROR_CLASSES:
            arguments = list(node.args) + [k.value for k in node.keywords]
            for argument in arguments:
                yield from _dict_strings(argument)
                if isinstance(argument, ast.Name) and argument.id in constants:
                    yield constants[argument.id]
        if isinstance(node, ast.Assign) and _is_field_message(node):
            # errors["email"] = "Enter a valid e-mail address.": the field messages a service
            # gathers before raising Invalid(..., errors).
            assert isinstance(node.value, ast.Constant)
            yield node.value.value, node.lineno
        if relative == "jobmatch/web/errors.py":
            # The error pages' titles and messages are dictionaries of this module (the error
            # codes, lower-case identifiers, are not words for people).
            for text, line in _dict_strings(node):
                if text[:1].isupper():
                    yield text, line
        if relative == "jobmatch/errors.py" and isinstance(node, ast.FunctionDef):
            for default in node.args.defaults:
                if isinstance(default, ast.Constant) and isinstance(default.value, str):
                    yield default.value, default.lineno


FIELD_MESSAGES = ("errors", "fields")  # the names the code gives its field-message dicts


def _is_field_message(node: ast.Assign) -> bool:
    return (
        isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Subscript)
        and isinstance(node.targets[0].value, ast.Name)
        and node.targets[0].value.id in FIELD_MESSAGES
    )


def _prose(text: str) -> bool:
    """A label or sentence for people (not a code, an identifier or a pattern)."""
    return (
        bool(re.match(r"^([A-Z][a-z' -]|\d+ [a-z])", text))
        and text == text.strip()
        and not re.search(r"[_\\{}<>=%]", text)  # %(n)s: a Message, extracted with its values
    )


def extract_constants(path: Path) -> Iterator[tuple[str, int]]:
    """Labels in the module-level constants of page code: closed lists of ``(code, label)``
    pairs, ``{code: label}`` tables, and the titles and notes of table specifications."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id.isupper() for t in targets):
            continue
        if isinstance(value, ast.Constant):
            continue  # a lone constant is a message only when passed to an error (see above)
        for inner in ast.walk(value):
            if (
                isinstance(inner, ast.Constant)
                and isinstance(inner.value, str)
                and _prose(inner.value)
            ):
                yield inner.value, inner.lineno


def vocabulary() -> Iterator[tuple[str, str, int]]:
    """The enum values that templates show through ``_(value)``, as they are and as a
    sentence-case label (``_(value|replace("_", " ")|capitalize)``)."""
    sys.path.insert(0, str(ROOT))
    from jobmatch.models import enums

    for name in dir(enums):
        member = getattr(enums, name)
        if isinstance(member, type) and issubclass(member, StrEnum) and member is not StrEnum:
            for item in member:
                yield item.value, f"jobmatch/models/enums.py ({name})", 0
                yield item.value.replace("_", " ").capitalize(), f"enums.py ({name})", 0


def build_template(warnings: io.StringIO) -> Catalog:
    template = Catalog(project="JobMatch", creation_date=datetime(2026, 1, 1, tzinfo=UTC))
    found: list[tuple[Message, str, int]] = list(extract_babel(warnings))
    for path in sorted((ROOT / "jobmatch").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith(PAGE_CODE) or relative.startswith(CLI_ONLY):
            continue
        found.extend((message, relative, line) for message, line in extract_error_details(path))
        if relative != "jobmatch/errors.py" and not relative.startswith(PROPER_NAMES):
            found.extend((message, relative, line) for message, line in extract_constants(path))
    found.extend(vocabulary())
    for message, filename, line in found:
        key = message if isinstance(message, str) else message[0]
        if not key.strip():
            continue
        existing = template.get(key)
        location = (filename, line)
        if existing is None:
            template.add(message, locations=[location])
        elif location not in existing.locations:
            existing.locations.append(location)
    return template


def update(template: Catalog, language: str) -> list[str]:
    """Bring the catalogue of ``language`` up to date; return its untranslated messages."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(
            locale=language,
            project="JobMatch",
            version="1",
            copyright_holder="JobMatch",
            msgid_bugs_address="",
            last_translator="JobMatch",
            language_team="JobMatch",
            creation_date=template.creation_date,
            fuzzy=False,
        )
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # Obsolete entries are kept (as #~) so a page that comes back keeps its translation.
        write_po(
            handle,
            catalog,
            width=100,
            sort_output=False,
            include_previous=False,
            include_lineno=False,  # line numbers change with every edit of the code
        )
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and not done(m)]


def done(message: Message_) -> bool:
    """Whether every form of ``message`` has a translation."""
    string = message.string
    if isinstance(string, str):
        return bool(string)
    return bool(string) and all(string)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if anything is untranslated")
    parser.add_argument("--verbose", action="store_true", help="list the skipped f-strings")
    args = parser.parse_args()
    warnings = io.StringIO()
    template = build_template(warnings)
    skipped = warnings.getvalue().splitlines()
    print(f"{len(template)} messages extracted; {len(skipped)} f-strings skipped (untranslatable)")
    if args.verbose:
        print("\n".join(skipped))
    missing_any = False
    for language in LANGUAGES:
        missing = update(template, language)
        missing_any = missing_any or bool(missing)
        print(f"{language}: {len(missing)} untranslated")
        for message in missing:
            print(f"  {message!r}")
    return 1 if args.check and missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
