"""The caseworker's profile form: its choices, reading what was typed, and mapping the
services' field errors back to the form's fields (the pages are in routes/profiles.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import FormData

from jobmatch.models import Profile
from jobmatch.services import matching

SKILL_LEVELS = (
    ("basic", "Basic"),
    ("intermediate", "Intermediate"),
    ("advanced", "Advanced"),
    ("expert", "Expert"),
)
WORK_PERMITS = (("yes", "Has a work permit"), ("pending", "Permit pending"), ("no", "No permit"))
PROFILE_STATUSES = (
    ("active", "Active"),
    ("paused", "Paused"),
    ("placed", "Placed"),
    ("withdrawn", "Withdrawn"),
)
SCOPES = (
    ("matching", "Matching with offers"),
    ("introductions", "Introductions to employers"),
    ("reporting", "Counted in the network's reports"),
)
EXPERIENCE_ROWS = 3
MAX_SKILL_ROWS = 60
LANGUAGE_ROWS = 3


async def read_form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


# --- the profile form -----------------------------------------------------------------------


def form_values(form: FormData) -> dict[str, Any]:
    """What was typed, kept as text so that the form can be shown again exactly as it was."""
    typed = text(form, "skill_rows")
    # A profile holds at most 60 skills; the count comes from the page, so it is capped.
    rows = min(int(typed), MAX_SKILL_ROWS) if typed.isdigit() else 0

    def filled(first: str, second: str, count: int) -> list[tuple[str, str]]:
        # Blank rows are dropped, so that "Skill 2" in a message is the second row shown again.
        pairs = [(text(form, f"{first}_{i}"), text(form, f"{second}_{i}")) for i in range(count)]
        return [pair for pair in pairs if pair[0] or pair[1]]

    return {
        "skills": filled("skill", "level", rows),
        "experience": filled("occupation", "years", EXPERIENCE_ROWS),
        "languages": filled("language", "langlevel", LANGUAGE_ROWS),
        "regions": texts(form, "regions"),
        "excluded_regions": texts(form, "excluded_regions"),
        "excluded_sectors": texts(form, "excluded_sectors"),
        "remote_ok": text(form, "remote_ok") == "yes",
        "hours_per_week": text(form, "hours_per_week"),
        "available_from": text(form, "available_from"),
        "work_permit": text(form, "work_permit") or "yes",
        "wants": texts(form, "wants"),
        "needs": texts(form, "needs"),
        "status": text(form, "status"),
    }


def values_of(profile: Profile) -> dict[str, Any]:
    """A profile as form values (skill URIs shown as their labels)."""
    return {
        "skills": [
            (matching.skill_label(str(s["skill"])), str(s.get("level") or ""))
            for s in profile.skills
        ],
        "experience": [
            (matching.skill_label(str(e["occupation"])), _years(e.get("years")))
            for e in profile.experience
        ],
        "languages": [(str(x["code"]), str(x["level"])) for x in profile.languages],
        "regions": list(profile.regions),
        "excluded_regions": list(profile.excluded_regions),
        "excluded_sectors": list(profile.excluded_sectors),
        "remote_ok": profile.remote_ok,
        "hours_per_week": str(profile.hours_per_week or ""),
        "available_from": profile.available_from.isoformat() if profile.available_from else "",
        "work_permit": profile.work_permit,
        "wants": list(profile.wants),
        "needs": list(profile.needs),
        "status": profile.status,
    }


def _years(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


EMPTY: dict[str, Any] = {
    "skills": [],
    "experience": [],
    "languages": [],
    "regions": [],
    "excluded_regions": [],
    "excluded_sectors": [],
    "remote_ok": False,
    "hours_per_week": "",
    "available_from": "",
    "work_permit": "yes",
    "wants": [],
    "needs": [],
    "status": "active",
}


def profile_data(
    values: dict[str, Any], known: dict[str, str]
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The exchange-format profile of the form, and where each list item came from (its row),
    so that an error on ``skills.1.skill`` lands next to the right field."""
    rows: dict[str, list[int]] = {"skills": [], "experience": [], "languages": []}
    skills = []
    for i, (skill, level) in enumerate(values["skills"]):
        if skill or level:
            rows["skills"].append(i)
            skills.append({"skill": known.get(skill, skill), "level": level or None})
    experience = []
    for i, (occupation, years) in enumerate(values["experience"]):
        if occupation or years:
            rows["experience"].append(i)
            experience.append({"occupation": known.get(occupation, occupation), "years": years})
    languages = []
    for i, (code, level) in enumerate(values["languages"]):
        if code or level:
            rows["languages"].append(i)
            languages.append({"code": code, "level": level})
    data = {
        "skills": skills,
        "experience": experience,
        "languages": languages,
        "regions": values["regions"],
        "excluded_regions": values["excluded_regions"],
        "excluded_sectors": values["excluded_sectors"],
        "remote_ok": values["remote_ok"],
        "hours_per_week": values["hours_per_week"] or None,
        "available_from": values["available_from"] or None,
        "work_permit": values["work_permit"],
        "wants": values["wants"],
        "needs": values["needs"],
    }
    return data, rows


FIELD_IDS = {
    ("skills", "skill"): "skill",
    ("skills", "level"): "level",
    ("experience", "occupation"): "occupation",
    ("experience", "years"): "years",
    ("languages", "code"): "language",
    ("languages", "level"): "langlevel",
}


def form_errors(fields: dict[str, str], rows: dict[str, list[int]]) -> dict[str, str]:
    """Service field names (``skills.1.skill``) → the form's field ids (``skill_3``)."""
    errors: dict[str, str] = {}
    for name, message in fields.items():
        parts = name.split(".")
        key = parts[0]
        if key in rows and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            row = rows[key][index] if index < len(rows[key]) else index
            sub = parts[2] if len(parts) > 2 else ("skill" if key == "skills" else "")
            prefix = FIELD_IDS.get((key, sub), FIELD_IDS.get((key, "code"), key))
            if key == "experience" and sub not in ("occupation", "years"):
                prefix = "occupation"
            if key == "skills" and sub not in ("skill", "level"):
                prefix = "skill"
            errors.setdefault(f"{prefix}_{row}", message)
        else:
            errors.setdefault(key, message)
    return errors


def known_labels(profile: Profile | None) -> dict[str, str]:
    """Labels shown in the form → the URIs they stand for, so an edit keeps the URIs."""
    if profile is None:
        return {}
    values = [str(s["skill"]) for s in profile.skills]
    values += [str(e["occupation"]) for e in profile.experience]
    return {matching.skill_label(v): v for v in values}
