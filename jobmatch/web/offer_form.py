"""The offer form: what was typed, kept as text, and the exchange-format offer it stands for."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from jobmatch.models import Offer
from jobmatch.services import matching

LANGUAGE_ROWS = 3


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def form_values(form: FormData) -> dict[str, Any]:
    """What was typed, kept as text so that the form can be shown again as it was."""
    values: dict[str, Any] = {
        name: _text(form, name)
        for name in (
            "organisation",
            "kind",
            "title",
            "description",
            "occupation",
            "region",
            "hours_per_week",
            "places",
            "start",
            "sector",
            "work_permit_required",
        )
    }
    for name in ("skills_essential", "skills_optional", "teaches"):
        values[name] = [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]
    values["remote"] = _text(form, "remote") == "yes"
    values["supports"] = [v for v in form.getlist("supports") if isinstance(v, str)]
    values["languages"] = [
        (_text(form, f"language_{i}"), _text(form, f"level_{i}")) for i in range(LANGUAGE_ROWS)
    ]
    return values


def offer_data(values: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """The exchange-format offer of the form's values; ``known`` maps shown labels to URIs."""

    def skills(typed: list[str], importance: str) -> list[dict[str, str]]:
        return [{"skill": known.get(s, s), "importance": importance} for s in typed]

    return {
        "kind": values["kind"],
        "title": values["title"],
        "description": values["description"] or None,
        "occupation": values["occupation"] or None,
        "skills": skills(values["skills_essential"], "essential")
        + skills(values["skills_optional"], "optional"),
        "teaches": [known.get(s, s) for s in values["teaches"]],
        "languages": [
            {"code": code, "level": level} for code, level in values["languages"] if code or level
        ],
        "region": values["region"],
        "remote": values["remote"],
        "hours_per_week": values["hours_per_week"] or None,
        "places": values["places"] or 1,
        "start": values["start"] or None,
        "work_permit_required": values["work_permit_required"] != "no",
        "sector": values["sector"] or None,
        "supports": values["supports"],
    }


def known_labels(offer: Offer | None) -> dict[str, str]:
    """Skill labels shown in the form → the URIs they stand for, so an edit keeps the URIs."""
    if offer is None:
        return {}
    values = [str(item["skill"]) for item in offer.skills] + list(offer.teaches)
    return {matching.skill_label(value): value for value in values}


def values_of(offer: Offer) -> dict[str, Any]:
    """An offer as form values."""

    def skills(importance: str) -> list[str]:
        return [
            matching.skill_label(str(item["skill"]))
            for item in offer.skills
            if item.get("importance", "essential") == importance
        ]

    languages = [(str(item["code"]), str(item["level"])) for item in offer.languages]
    languages += [("", "")] * (LANGUAGE_ROWS - len(languages))
    return {
        "organisation": str(offer.organisation_id),
        "kind": offer.kind,
        "title": offer.title,
        "description": offer.description or "",
        "occupation": offer.occupation or "",
        "skills_essential": skills("essential"),
        "skills_optional": skills("optional"),
        "teaches": [matching.skill_label(value) for value in offer.teaches],
        "region": offer.region,
        "remote": offer.remote,
        "hours_per_week": str(offer.hours_per_week or ""),
        "places": str(offer.places),
        "start": offer.start.isoformat() if offer.start else "",
        "sector": offer.sector or "",
        "work_permit_required": "yes" if offer.work_permit_required else "no",
        "supports": list(offer.supports),
        "languages": languages[:LANGUAGE_ROWS],
    }


EMPTY_VALUES: dict[str, Any] = {
    "organisation": "",
    "kind": "job",
    "title": "",
    "description": "",
    "occupation": "",
    "skills_essential": [],
    "skills_optional": [],
    "teaches": [],
    "region": "",
    "remote": False,
    "hours_per_week": "",
    "places": "1",
    "start": "",
    "sector": "",
    "work_permit_required": "yes",
    "supports": [],
    "languages": [("", "")] * LANGUAGE_ROWS,
}
