"""Training courses: what the network's training providers run in each region, then and now.

Each region's providers run the courses that teach the essential skills its employers ask for,
the local language and safety at work: a current edition open for enrolment (starting in the
coming weeks) and, for most, a past edition that filled or closed. So a person whose good
offers lack a skill usually finds a course nearby that teaches it, as in a real network.
"""

from __future__ import annotations

from datetime import timedelta

from jobmatch.models import Offer, Organisation
from jobmatch.models.enums import (
    MembershipRole,
    OfferKind,
    OfferStatus,
    OrganisationKind,
    Role,
    Support,
)
from jobmatch.services.demo.catalogue import FAMILY_BY_KEY, LANGUAGE_SKILLS, skill_uris
from jobmatch.services.demo.context import HISTORY_DAYS, Demo
from jobmatch.services.demo.courses import COURSES, Course
from jobmatch.services.demo.employers import (
    ASSOCIATIONS,
    EMPLOYERS,
    TRAINING_CENTRES,
    posting_user,
)
from jobmatch.services.demo.network import add_organisation, add_staff, join
from jobmatch.services.demo.offers import add_offer
from jobmatch.services.demo.places import COUNTRY_LANGUAGE, REGIONS, Region, region_of

# Besides the vocational centres (``employers.TRAINING_CENTRES``), the training arms of NGOs,
# councils and foundations; (name, NUTS-3 area). They hold the accounts that post offers, so they
# are of the employer kind, in the education sector "P", like the centres.
PROVIDERS: tuple[tuple[str, str], ...] = (
    ("Cooperativa Sociale Il Telaio – Formazione e Lavoro", "ITC11"),
    ("Centro di Formazione Professionale del Comune di Genova", "ITC33"),
    ("Fondazione Formazione Lavoro Abruzzo ETS", "ITF13"),
    ("Association Tremplin Insertion Formation", "FR101"),
    ("Chantier d'insertion Les Jardins du Vieux-Port", "FRL04"),
    ("Sociálny podnik Krok za krokom n.o.", "SK042"),
)
# Courses every region runs, whatever its employers do.
EVERYWHERE = ("local_language", "safety")
# The share of a region's courses with an edition open now (the others start again later).
RUNNING_NOW = 0.9

DESCRIPTIONS = {
    "it": "Corso gratuito di {w} settimane, {h} ore settimanali, in piccoli gruppi, "
    "con attestato finale.",
    "fr": "Formation gratuite de {w} semaines, {h} h par semaine, en petits groupes, "
    "avec attestation de fin de formation.",
    "sk": "Bezplatný kurz na {w} týždňov, {h} hodín týždenne, v malých skupinách, "
    "s osvedčením o absolvovaní.",
}


def create_trainings(demo: Demo) -> None:
    """The providers, then the courses of every region: an edition open now for most, a past
    one for some."""
    for name, area in PROVIDERS:
        provider = add_organisation(
            demo, name=name, kind=OrganisationKind.EMPLOYER, area=area, sector="P", size="10-49"
        )
        join(demo, provider, region_of(area).code, MembershipRole.TRAINING_PROVIDER)
        add_staff(demo, provider, Role.EMPLOYER, 1)
    demo.session.flush()
    for region in REGIONS.values():
        providers = _providers(demo, region)
        for course in courses_for(region):
            provider = demo.pick(providers)
            for _ in range(demo.pick((0, 1, 1))):
                _edition(demo, provider, course, current=False)
            if demo.chance(RUNNING_NOW):
                _edition(demo, provider, course, current=True)
    demo.settle()


def courses_for(region: Region) -> list[Course]:
    """The courses that teach an essential skill of the region's kinds of work, and the rest
    that every region runs."""
    wanted = {
        label
        for employer in EMPLOYERS
        if employer.area.startswith(region.code)
        for family in employer.families
        for label in FAMILY_BY_KEY[family].essential
    }
    return [c for c in COURSES if c.key in EVERYWHERE or wanted.intersection(c.teaches)]


def _providers(demo: Demo, region: Region) -> list[Organisation]:
    names = [name for name, area in (*TRAINING_CENTRES, *PROVIDERS) if area.startswith(region.code)]
    names += [name for name, area, _ in ASSOCIATIONS if area.startswith(region.code)]
    return [demo.organisation(name) for name in names]


def _edition(demo: Demo, provider: Organisation, course: Course, *, current: bool) -> None:
    language = COUNTRY_LANGUAGE[region_of(provider.region).country]
    teaches = LANGUAGE_SKILLS[language] if course.key == "local_language" else course.teaches
    weeks = demo.pick((4, 6, 8, 12))
    supports = [
        s
        for s, p in (
            (Support.TRANSPORT, 0.5),
            (Support.MENTORING, 0.3),
            (Support.CHILDCARE, 0.2),
            # Courses for newcomers often come with language support.
            (Support.LANGUAGE_COURSE, 0.5),
        )
        if demo.chance(p)
    ]
    offer = Offer(
        organisation_id=demo.org_id(provider.name),
        created_by_id=posting_user(demo, provider),
        kind=OfferKind.TRAINING,
        title=course.titles[language],
        description=DESCRIPTIONS[language].format(w=weeks, h=course.hours),
        teaches=skill_uris(teaches),
        languages=[{"code": language, "level": course.language_level}],
        region=provider.region,
        places=demo.rng.randint(8, 15),
        hours_per_week=course.hours,
        work_permit_required=demo.chance(0.1),
        sector=course.sector,
        supports=sorted(supports),
        network_id=demo.networks[region_of(provider.region).code].id if demo.chance(0.5) else None,
    )
    if current:
        _current(demo, offer)
    else:
        _past(demo, offer)
    add_offer(demo, offer, course.key)


def _current(demo: Demo, offer: Offer) -> None:
    """Enrolment open now (a few still drafts), the course starting in the coming weeks."""
    draft = demo.chance(0.08)
    created = demo.day(demo.rng.randint(1, 10) if draft else demo.rng.randint(5, 50))
    offer.created_at = offer.updated_at = demo.moment(created)
    offer.status = OfferStatus.DRAFT if draft else OfferStatus.OPEN
    if not draft:
        published = min(created + timedelta(days=demo.rng.randint(0, 3)), demo.day(1))
        offer.published_at = max(offer.created_at, demo.moment(published))
    offer.start = demo.day(-demo.rng.randint(7, 75))


def _past(demo: Demo, offer: Offer) -> None:
    """An edition of the last 18 months: enrolment closed when it filled or when it started."""
    age = demo.rng.randint(90, HISTORY_DAYS - 20)
    created = demo.day(age)
    offer.created_at = demo.moment(created)
    offer.published_at = offer.created_at + timedelta(days=demo.rng.randint(0, 3))
    offer.start = created + timedelta(days=demo.rng.randint(21, 60))
    offer.status = OfferStatus.FILLED if demo.chance(0.6) else OfferStatus.CLOSED
    offer.closed_at = offer.updated_at = demo.moment(offer.start - timedelta(days=2))
