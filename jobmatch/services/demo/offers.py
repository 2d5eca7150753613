"""120 placements: jobs, work placements and apprenticeships (training courses: ``trainings``)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from jobmatch.models import Offer
from jobmatch.models.enums import OfferKind, OfferStatus, Support
from jobmatch.services.demo.catalogue import (
    FAMILY_BY_KEY,
    Family,
    occupation_uri,
    skill_uris,
)
from jobmatch.services.demo.context import HISTORY_DAYS, Demo
from jobmatch.services.demo.employers import (
    EMPLOYERS,
    Employer,
    posting_user,
)
from jobmatch.services.demo.places import COUNTRY_LANGUAGE, country_of, region_of
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS

PLACEMENTS = 120
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

KIND_PREFIX: dict[str, dict[str, str]] = {
    OfferKind.PLACEMENT: {
        "it": "Tirocinio: ",
        "fr": "Stage : ",
        "sk": "Stáž: ",
        "en": "Work placement: ",
    },
    OfferKind.APPRENTICESHIP: {
        "it": "Apprendistato: ",
        "fr": "Apprentissage : ",
        "sk": "Duálne vzdelávanie: ",
        "en": "Apprenticeship: ",
    },
}

DESCRIPTIONS: dict[tuple[str, str], str] = {
    (OfferKind.JOB, "it"): "Contratto a tempo determinato di {m} mesi con possibilità di proroga, "
    "{h} ore settimanali. Affiancamento di un tutor aziendale nelle prime settimane.",
    (OfferKind.PLACEMENT, "it"): "Tirocinio extracurricolare di {m} mesi, {h} ore settimanali, "
    "con indennità mensile e tutor aziendale dedicato.",
    (OfferKind.APPRENTICESHIP, "it"): "Apprendistato professionalizzante di {m} mesi, "
    "{h} ore settimanali, con formazione interna.",
    (OfferKind.JOB, "fr"): "CDD de {m} mois renouvelable, {h} h par semaine. "
    "Accompagnement par un tuteur dès l'arrivée.",
    (OfferKind.PLACEMENT, "fr"): "Période de mise en situation en milieu professionnel "
    "de {m} mois, {h} h par semaine, avec un tuteur.",
    (OfferKind.APPRENTICESHIP, "fr"): "Contrat d'apprentissage de {m} mois, {h} h par semaine, "
    "en alternance avec un centre de formation.",
    (OfferKind.JOB, "sk"): "Pracovná zmluva na dobu určitú {m} mesiacov s možnosťou predĺženia, "
    "{h} hodín týždenne. Zaškolenie na pracovisku.",
    (OfferKind.PLACEMENT, "sk"): "Stáž na {m} mesiacov, {h} hodín týždenne, s mentorom.",
    (OfferKind.APPRENTICESHIP, "sk"): "Duálne vzdelávanie na {m} mesiacov, {h} hodín týždenne.",
}

# What employers type themselves (kept as free text, for the normaliser to map or keep).
DRIVING_LICENCE = {"it": "patente B", "fr": "permis B", "sk": "vodičský preukaz skupiny B"}
WEEKEND_SHIFTS = {
    "it": "disponibilità a turni nel fine settimana",
    "fr": "disponibilité le week-end",
    "sk": "ochota pracovať cez víkend",
}


def create_offers(demo: Demo) -> None:
    """120 placements spread over the employers."""
    plan = _placement_plan(demo)
    demo_employers = {a.organisation for a in DEMO_ACCOUNTS}
    posted: dict[str, int] = {}
    for employer, family in plan:
        # The demo employers' first offer is open and recent, their second a draft: something
        # to look at and something to publish.
        rank = posted[employer.name] = posted.get(employer.name, 0) + 1
        fixed = {1: OfferStatus.OPEN, 2: OfferStatus.DRAFT}.get(rank)
        _placement(
            demo,
            employer,
            FAMILY_BY_KEY[family],
            fixed=fixed if employer.name in demo_employers else None,
        )
    demo.settle()


def _placement_plan(demo: Demo) -> list[tuple[Employer, str]]:
    """Two offers per employer, the rest to the bigger ones; each with one of its families."""
    chosen: list[Employer] = [e for e in EMPLOYERS for _ in range(2)]
    weights = {"1-9": 1.0, "10-49": 2.0, "50-249": 3.0, "250+": 4.0}
    while len(chosen) < PLACEMENTS:
        chosen.append(demo.rng.choices(EMPLOYERS, weights=[weights[e.size] for e in EMPLOYERS])[0])
    return [(employer, demo.pick(employer.families)) for employer in chosen[:PLACEMENTS]]


def _lifecycle(demo: Demo, offer: Offer, *, draft_share: float, fixed: str | None = None) -> None:
    """Creation date over 18 months (more recent ones more often) and a status that fits it."""
    # Spread over 18 months, a little more often recently (the network grows).
    age = 3 + int((HISTORY_DAYS - 10) * (1 - demo.rng.random() ** 0.8))
    if fixed is not None:
        age = demo.rng.randint(20, 45) if fixed == OfferStatus.OPEN else demo.rng.randint(1, 10)
    created = demo.day(age)
    offer.created_at = offer.updated_at = demo.moment(created)
    status: str
    if age > 270:
        status = OfferStatus.FILLED if demo.chance(0.5) else OfferStatus.CLOSED
    elif age > 100:
        status = demo.weighted(
            {OfferStatus.OPEN: 0.45, OfferStatus.FILLED: 0.35, OfferStatus.CLOSED: 0.2}
        )
    else:
        status = OfferStatus.DRAFT if demo.chance(draft_share) else OfferStatus.OPEN
    status = fixed or status
    offer.status = status
    if status != OfferStatus.DRAFT:
        offer.published_at = offer.created_at + timedelta(days=demo.rng.randint(0, 3))
    if status in (OfferStatus.FILLED, OfferStatus.CLOSED):
        closed_age = max(1, age - demo.rng.randint(40, 140))
        offer.closed_at = demo.moment(demo.day(closed_age))
        offer.updated_at = offer.closed_at
    offer.start = created + timedelta(days=demo.rng.randint(14, 60))


def _placement(demo: Demo, employer: Employer, family: Family, *, fixed: str | None) -> None:
    company = demo.organisation(employer.name)
    country = country_of(employer.area)
    language = COUNTRY_LANGUAGE[country]
    kind = demo.weighted(
        {OfferKind.JOB: 0.6, OfferKind.PLACEMENT: 0.25, OfferKind.APPRENTICESHIP: 0.15}
    )
    title_language = "en" if family.sector == "J" and demo.chance(0.4) else language
    title = KIND_PREFIX.get(kind, {}).get(title_language, "") + family.titles[title_language]
    hours = demo.pick(family.hours)
    if country == "FR":
        hours = min(hours, 35)
    months = (
        demo.pick((3, 6, 6, 12)) if kind != OfferKind.APPRENTICESHIP else demo.pick((12, 24, 36))
    )

    essential = demo.sample(skill_uris(family.essential), demo.rng.randint(2, 3))
    optional = demo.sample(skill_uris(family.optional), demo.rng.randint(1, 2))
    skills = [{"skill": uri, "importance": "essential"} for uri in essential]
    skills += [{"skill": uri, "importance": "optional"} for uri in optional]
    if family.key == "delivery_driver":
        skills.append({"skill": DRIVING_LICENCE[language], "importance": "essential"})
    elif demo.chance(0.15):
        skills.append({"skill": WEEKEND_SHIFTS[language], "importance": "optional"})

    level = family.language_level
    if demo.chance(0.3):
        level = CEFR[max(0, min(3, CEFR.index(level) + demo.pick((-1, 1))))]
    languages = [{"code": language, "level": level}]
    if family.sector == "J" or family.key == "call_centre" or title_language == "en":
        languages.append({"code": "en", "level": demo.pick(("B1", "B2"))})

    supports = [Support.MENTORING] if demo.chance(0.5) else []
    if demo.chance(0.25):
        supports.append(Support.TRANSPORT)
    if demo.chance(0.35 if level in ("B1", "B2") else 0.2):
        supports.append(Support.LANGUAGE_COURSE)
    if demo.chance(0.4 if family.sector in ("A", "I") else 0.08):
        supports.append(Support.HOUSING)
    if demo.chance(0.08):
        supports.append(Support.CHILDCARE)

    places = demo.rng.randint(2, 6) if family.sector == "A" else demo.pick((1, 1, 1, 2, 2, 3))
    association = demo.organisations.get(employer.association) if employer.association else None
    posted_by = association if association is not None and demo.chance(0.3) else None
    offer = Offer(
        organisation_id=demo.org_id(employer.name),
        posted_by_id=posted_by.id if posted_by else None,
        created_by_id=posting_user(demo, posted_by or company),
        kind=kind,
        title=title,
        description=DESCRIPTIONS[(kind, language)].format(m=months, h=hours),
        occupation=occupation_uri(family.occupation) or family.titles["en"],
        skills=skills,
        languages=languages,
        region=employer.area,
        remote=family.sector == "J" and demo.chance(0.3),
        places=places,
        hours_per_week=hours,
        work_permit_required=kind != OfferKind.PLACEMENT or demo.chance(0.5),
        sector=family.sector,
        supports=sorted(set(supports)),
        network_id=demo.networks[region_of(employer.area).code].id if demo.chance(0.35) else None,
    )
    _lifecycle(demo, offer, draft_share=0.2, fixed=fixed)
    add_offer(demo, offer, family.key)


def add_offer(demo: Demo, offer: Offer, work: str) -> None:
    """Add an offer, noting its kind of work (a family or course key) once it has an id."""
    demo.session.add(offer)
    demo.offers.append(offer)
    demo.later(partial(_note_work, demo, offer, work))


def _note_work(demo: Demo, offer: Offer, work: str) -> None:
    assert offer.id is not None
    demo.offer_work[offer.id] = work
