"""The regions of the demo network (NUTS 2021 codes) and the language of each country."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    country: str
    # NUTS-3 areas of the region, the first one being the regional capital.
    areas: tuple[str, ...]


COUNTRY_LANGUAGE = {"IT": "it", "FR": "fr", "SK": "sk"}

COUNTRY_NAMES = {"IT": "Italia", "FR": "France", "SK": "Slovensko"}

REGIONS: dict[str, Region] = {
    r.code: r
    for r in (
        Region(
            "ITC1",
            "Piemonte",
            "IT",
            ("ITC11", "ITC16", "ITC15", "ITC18", "ITC17", "ITC13", "ITC12", "ITC14"),
        ),
        Region("ITC3", "Liguria", "IT", ("ITC33", "ITC32", "ITC34", "ITC31")),
        Region(
            "ITI1",
            "Toscana",
            "IT",
            ("ITI14", "ITI17", "ITI15", "ITI16", "ITI12", "ITI19", "ITI18", "ITI1A"),
        ),
        Region("ITI3", "Marche", "IT", ("ITI32", "ITI34", "ITI35", "ITI33", "ITI31")),
        Region("ITF1", "Abruzzo", "IT", ("ITF13", "ITF12", "ITF14", "ITF11")),
        Region(
            "FR10",
            "Île-de-France",
            "FR",
            ("FR101", "FR106", "FR107", "FR105", "FR108", "FR104", "FR103", "FR102"),
        ),
        Region(
            "FRL0",
            "Provence-Alpes-Côte d'Azur",
            "FR",
            ("FRL04", "FRL03", "FRL05", "FRL06", "FRL01", "FRL02"),
        ),
        Region("SK01", "Bratislava", "SK", ("SK010",)),
        Region("SK04", "Košice", "SK", ("SK042", "SK041")),
    )
}


def region_of(nuts: str) -> Region:
    """The demo region that contains a NUTS code (``ITC11`` → Piemonte)."""
    for region in REGIONS.values():
        if nuts.startswith(region.code):
            return region
    raise KeyError(nuts)


def country_of(nuts: str) -> str:
    return nuts[:2]
