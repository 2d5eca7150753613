"""The demo network's accounts, shown on the login page and by `make run` in demo mode only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    organisation: str
    description: str


DEMO_PASSWORD = "demo-password-2026"

DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "employer@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "employer",
        "Trattoria Sabauda S.r.l.",
        "An employer in Torino",
    ),
    DemoAccount(
        "employer.fr@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "employer",
        "Boulangerie du Marais SARL",
        "An employer in Paris",
    ),
    DemoAccount(
        "association@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "association",
        "Confartigianato Piemonte",
        "An employers' association",
    ),
    DemoAccount(
        "caseworker@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "caseworker",
        "Associazione Liberi Passi",
        "A caseworker of an NGO in Torino",
    ),
    DemoAccount(
        "caseworker.fr@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "caseworker",
        "Association Nouveaux Horizons",
        "A caseworker of an NGO in Paris",
    ),
    DemoAccount(
        "caseworker.sk@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "caseworker",
        "Nádej pre život o.z.",
        "A caseworker of an NGO in Bratislava",
    ),
    DemoAccount(
        "coordinator@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "coordinator",
        "Dipartimento Pari Opportunità",
        "The national network coordinator (Italy)",
    ),
    DemoAccount(
        "admin@demo.jobmatch.eu",
        DEMO_PASSWORD,
        "admin",
        "JobMatch Network Secretariat",
        "The platform administrator",
    ),
]
