"""120 anonymised profiles, their identities in the vault and their consents.

A profile holds nothing that identifies: skills, experience, languages, regions and needs.
The invented names, phones and notes go only to the vault, encrypted with the vault key.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from jobmatch.models import AuditEvent, Consent, Profile
from jobmatch.models.enums import ConsentScope, OfferKind, ProfileStatus, Support, WorkPermit
from jobmatch.services.demo.catalogue import FAMILIES, FAMILY_BY_KEY, occupation_uri, skill_uris
from jobmatch.services.demo.context import HISTORY_DAYS, Demo, slug
from jobmatch.services.demo.employers import EMPLOYERS
from jobmatch.services.demo.names import ORIGIN_MIX, ORIGINS, PHONE_PREFIX, Origin
from jobmatch.services.demo.places import COUNTRY_LANGUAGE, REGIONS, region_of
from jobmatch.services.identity import IdentityData, store_record
from jobmatch.services.references import ALPHABET

# How many profiles each NGO's caseworkers look after (120 in all).
CASELOADS = {
    "Associazione Liberi Passi": 14,
    "Cooperativa Sociale Filo d'Arianna": 8,
    "Associazione Approdo Sicuro": 9,
    "Cooperativa Sociale Ponte Aperto": 10,
    "Associazione Nuova Rotta": 6,
    "Associazione Casa dei Venti": 8,
    "Cooperativa Sociale Orizzonte Piceno": 6,
    "Associazione Sentieri Nuovi": 8,
    "Association Nouveaux Horizons": 13,
    "Collectif Passerelle Emploi": 7,
    "Association Escale Méditerranée": 9,
    "Association Horizons Varois": 5,
    "Nádej pre život o.z.": 8,
    "OZ Nový krok": 4,
    "OZ Svetlo na ceste": 5,
}

# Regions outside the demo networks where people were exploited and must not be sent back.
FAR_REGIONS = {
    "IT": ("ITF3", "ITF4", "ITH3", "ITC4", "ITI4", "ITG1"),
    "FR": ("FRK2", "FRE1", "FRJ2", "FRI1"),
    "SK": ("SK02", "SK03"),
}

# A consent expiring this soon after the reference date was already renewed.
RENEW_AHEAD = timedelta(days=60)

LOCAL_LEVELS = {"A1": 10, "A2": 30, "B1": 35, "B2": 20, "C1": 5}
SKILL_LEVELS = {"basic": 3, "intermediate": 5, "advanced": 2}

OBTAINED = {
    "it": (
        "colloquio in presenza, modulo firmato",
        "colloquio con mediatrice linguistica, modulo firmato",
        "colloquio in presenza, consenso registrato dall'operatrice",
    ),
    "fr": (
        "entretien en présence, formulaire signé",
        "entretien avec interprète, formulaire signé",
    ),
    "sk": ("osobný pohovor, podpísaný formulár", "pohovor s tlmočníčkou, podpísaný formulár"),
}

BEST_TIMES = {
    "it": ("al mattino", "dopo le 15", "in pausa pranzo"),
    "fr": ("le matin", "après 14 h", "en fin de journée"),
    "sk": ("dopoludnia", "po 15:00"),
}

NOTES = {
    "it": (
        "Preferisce essere contattata dopo le 15.",
        "Contattare solo tramite l'operatrice di riferimento.",
        "Ha un bambino piccolo: serve un orario compatibile con il nido.",
        "Non lasciare messaggi in segreteria.",
        "Parla volentieri inglese al telefono.",
    ),
    "fr": (
        "Préfère être appelée le matin.",
        "Passer uniquement par la référente de l'association.",
        "Ne pas laisser de message vocal.",
        "Rendez-vous possibles le mardi et le jeudi.",
    ),
    "sk": (
        "Volať len v pracovné dni dopoludnia.",
        "Kontaktovať iba cez sociálnu pracovníčku.",
        "Nenechávať odkazy v hlasovej schránke.",
    ),
}


def create_profiles(demo: Demo) -> None:
    """The profiles of every NGO, each with an identity and (for most) consents."""
    references: set[str] = set()
    people = [
        _profile(demo, ngo, references) for ngo, count in CASELOADS.items() for _ in range(count)
    ]
    demo.session.flush()
    # New profiles have no identity yet: the vault service's look-up need not flush each time.
    with demo.session.no_autoflush:
        for profile, origin, families in people:
            assert profile.id is not None
            demo.profile_work[profile.id] = families
            _identity(demo, profile, origin)
            _consents(demo, profile)
    demo.settle()


def _reference(demo: Demo, taken: set[str]) -> str:
    """A code such as ``JM-7KQ4-M2XD``, drawn from the seeded generator (so reproducible)."""
    while True:
        body = "".join(demo.rng.choice(ALPHABET) for _ in range(8))
        reference = f"JM-{body[:4]}-{body[4:]}"
        if reference not in taken:
            taken.add(reference)
            return reference


def _origin(demo: Demo, country: str) -> Origin:
    return ORIGINS[demo.weighted({k: float(v) for k, v in ORIGIN_MIX[country].items()})]


def _profile(
    demo: Demo, ngo_name: str, references: set[str]
) -> tuple[Profile, Origin, tuple[str, ...]]:
    ngo = demo.organisation(ngo_name)
    region = region_of(ngo.region)
    country = region.country
    language = COUNTRY_LANGUAGE[country]
    origin = _origin(demo, country)

    local_work = [f for e in EMPLOYERS if e.area.startswith(region.code) for f in e.families]
    primary = FAMILY_BY_KEY[demo.pick(local_work)]
    families = [primary]
    if demo.chance(0.6):
        other = demo.pick([f for f in FAMILIES if f.key != primary.key])
        families.append(other)

    skills: list[dict[str, Any]] = []
    for uri in demo.sample(skill_uris(primary.essential), demo.rng.randint(2, 4)):
        skills.append({"skill": uri, "level": demo.weighted(SKILL_LEVELS)})
    for uri in demo.sample(skill_uris(primary.optional), demo.rng.randint(0, 2)):
        skills.append({"skill": uri, "level": demo.weighted(SKILL_LEVELS)})
    for family in families[1:]:
        for uri in demo.sample(skill_uris(family.essential), demo.rng.randint(1, 2)):
            if all(s["skill"] != uri for s in skills):
                skills.append({"skill": uri, "level": "basic"})
    if demo.chance(0.45):
        text = demo.pick(primary.free_text[language])
        skills.append({"skill": text} if demo.chance(0.5) else {"skill": text, "level": "basic"})

    experience: list[dict[str, Any]] = []
    if demo.chance(0.85):
        years = demo.pick((0.5, 1, 1, 2, 2, 3, 4, 5, 8))
        experience.append(
            {
                "occupation": occupation_uri(primary.occupation) or primary.titles["en"],
                "years": years,
            }
        )
    if len(families) > 1 and demo.chance(0.6):
        # As a caseworker types it: the job title in the local language.
        experience.append(
            {"occupation": families[1].titles[language], "years": demo.pick((0.5, 1, 2, 3))}
        )

    age = 10 + int((HISTORY_DAYS - 20) * (1 - demo.rng.random() ** 0.9))
    created = demo.moment(demo.day(age))
    available = demo.day(age) + timedelta(days=demo.rng.randint(0, 60))
    hours = demo.pick((20, 25, 30, 36, 38, 40, 40, 40, 40))
    if country == "FR":
        hours = min(hours, 35)
    sectors = {f.sector for f in families}
    excluded_sectors = []
    if demo.chance(0.25):
        excluded_sectors = [demo.pick([s for s in ("A", "I", "T", "N") if s not in sectors])]
    regions = _regions(demo, ngo.region)
    excluded_regions = []
    if demo.chance(0.2):
        excluded_regions = [_excluded_region(demo, country, regions)]

    profile = Profile(
        reference=_reference(demo, references),
        organisation_id=demo.org_id(ngo_name),
        created_by_id=demo.pick(demo.staff[ngo_name]).id,
        skills=skills,
        experience=experience,
        languages=_languages(demo, origin, language),
        regions=regions,
        excluded_regions=excluded_regions,
        excluded_sectors=excluded_sectors,
        remote_ok=demo.chance(0.5 if primary.sector == "J" else 0.08),
        hours_per_week=hours,
        available_from=available,
        work_permit=_permit(demo, origin, country),
        wants=_wants(demo),
        needs=_needs(demo, origin, language),
        status=ProfileStatus.PAUSED if demo.chance(0.06) else ProfileStatus.ACTIVE,
        created_at=created,
        updated_at=created,
        last_activity_at=created,
    )
    demo.session.add(profile)
    demo.profiles.append(profile)
    # The origin only chooses the invented name in the vault; the profile never holds it.
    return profile, origin, tuple(f.key for f in families)


def _regions(demo: Demo, area: str) -> list[str]:
    region = region_of(area)
    roll = demo.rng.random()
    if roll < 0.75:
        return [region.code]
    if roll < 0.85:
        return [area]
    neighbours = [r.code for r in REGIONS.values() if r.country == region.country]
    return sorted({region.code, demo.pick(neighbours)})


def _excluded_region(demo: Demo, country: str, regions: list[str]) -> str:
    choices = list(FAR_REGIONS[country])
    for region in REGIONS.values():
        if region.country == country:
            choices += [a for a in region.areas[1:]]
    allowed = [c for c in choices if not any(c.startswith(r) or r.startswith(c) for r in regions)]
    return demo.pick(allowed)


def _languages(demo: Demo, origin: Origin, local: str) -> list[dict[str, str]]:
    levels: dict[str, str] = {code: "C2" for code in origin.native}
    for code, options in origin.others:
        if demo.chance(0.7):
            levels.setdefault(code, demo.pick(options))
    if local not in levels or levels[local] < "B1":
        levels[local] = max(levels.get(local, "A1"), demo.weighted(dict(LOCAL_LEVELS.items())))
    if "en" not in levels and demo.chance(0.2):
        levels["en"] = demo.pick(("A1", "A2", "B1"))
    return [{"code": code, "level": level} for code, level in levels.items()]


def _permit(demo: Demo, origin: Origin, country: str) -> str:
    if origin.key == "slovakia" or (origin.key in ("romania", "bulgaria")):
        return WorkPermit.YES  # EU citizens
    return demo.weighted({WorkPermit.YES: 0.8, WorkPermit.PENDING: 0.16, WorkPermit.NO: 0.04})


def _wants(demo: Demo) -> list[str]:
    if demo.chance(0.6):
        return []
    return sorted(
        demo.pick(
            (
                (OfferKind.JOB,),
                (OfferKind.JOB, OfferKind.PLACEMENT),
                (OfferKind.JOB, OfferKind.TRAINING),
                (OfferKind.PLACEMENT, OfferKind.TRAINING),
                (OfferKind.JOB, OfferKind.APPRENTICESHIP, OfferKind.TRAINING),
            )
        )
    )


def _needs(demo: Demo, origin: Origin, local: str) -> list[str]:
    needs = []
    if local not in origin.native and demo.chance(0.35):
        needs.append(Support.LANGUAGE_COURSE)
    for support, probability in (
        (Support.HOUSING, 0.2),
        (Support.CHILDCARE, 0.15),
        (Support.TRANSPORT, 0.25),
        (Support.MENTORING, 0.3),
    ):
        if demo.chance(probability):
            needs.append(support)
    return sorted(needs)


def _identity(demo: Demo, profile: Profile, origin: Origin) -> None:
    """The invented person behind the profile, encrypted with the vault key."""
    assert profile.id is not None
    country = region_of(demo.owner(profile).region).country
    first, last = demo.pick(origin.first_names), demo.pick(origin.surnames)
    digits = "".join(str(demo.rng.randint(0, 9)) for _ in range(8))
    record: dict[str, Any] = {
        "full_name": f"{first} {last}",
        "phone": f"{PHONE_PREFIX[country]}{digits[:2]} {digits[2:5]} {digits[5:]}",
    }
    if demo.chance(0.4):
        record["email"] = f"{slug(first)}.{slug(last)}{demo.rng.randint(1, 99)}@example.org"
    language = COUNTRY_LANGUAGE[country]
    if demo.chance(0.6):
        record["best_time"] = demo.pick(BEST_TIMES[language])
    if demo.chance(0.6):
        record["notes"] = demo.pick(NOTES[language])
    # Through the vault service, so the record has exactly the shape the product reads.
    data = IdentityData.model_validate(record)
    store_record(
        demo.session,
        settings=demo.settings,
        profile=profile,
        record=data.model_dump(exclude_none=True),
    )
    demo.identity_fields[profile.id] = frozenset(record)


def _consents(demo: Demo, profile: Profile) -> None:
    """Consents renewed yearly while the person is supported; some lapse, a few are withdrawn."""
    assert profile.id is not None
    created = profile.created_at.date()
    age = (demo.reference - created).days
    if age < 40 and demo.chance(0.4):
        return  # still to be asked at the next meeting
    language = COUNTRY_LANGUAGE[region_of(demo.owner(profile).region).country]
    scopes: list[str] = [ConsentScope.MATCHING, ConsentScope.INTRODUCTIONS, ConsentScope.REPORTING]
    if demo.chance(0.12):
        scopes = [ConsentScope.MATCHING, ConsentScope.INTRODUCTIONS]
    elif demo.chance(0.04):
        scopes = [ConsentScope.MATCHING]
    withdraw = demo.chance(0.05) and age > 60
    lapse = not withdraw and demo.chance(0.12)
    given = created + timedelta(days=demo.rng.randint(0, 10))
    recorder = demo.staff[demo.owner(profile).name]
    windows: list[tuple[date, date]] = []
    while given <= demo.reference:
        expires = given + timedelta(days=365)
        consent = Consent(
            profile_id=profile.id,
            scopes=scopes,
            given_on=given,
            expires_on=expires,
            obtained=demo.pick(OBTAINED[language]),
            recorded_by_id=demo.pick(recorder).id,
            created_at=demo.moment(given),
        )
        end = expires
        if withdraw and expires > demo.reference:
            gone = given + timedelta(
                days=demo.rng.randint(20, max(21, (demo.reference - given).days))
            )
            gone = max(given, min(gone, demo.reference - timedelta(days=1)))
            consent.withdrawn_at = datetime.combine(gone, datetime.min.time(), tzinfo=UTC)
            consent.withdrawn_at += timedelta(hours=demo.rng.randint(9, 17))
            demo.withdrawn_on[profile.id] = gone
            profile.status = ProfileStatus.WITHDRAWN
            profile.updated_at = profile.last_activity_at = consent.withdrawn_at
            end = gone
        demo.session.add(consent)
        demo.later(partial(_audit, demo, consent, "consent.recorded", consent.created_at, scopes))
        if consent.withdrawn_at is not None:
            demo.later(partial(_audit, demo, consent, "consent.withdrawn", consent.withdrawn_at))
        if ConsentScope.INTRODUCTIONS in scopes:
            windows.append((given, end))
        # Renewed at a meeting in the weeks before it expires (or, when it expires soon after
        # the reference date, already at the last meeting), unless it lapses.
        if (
            lapse
            or (withdraw and expires > demo.reference)
            or expires > demo.reference + RENEW_AHEAD
        ):
            break
        given = min(
            expires - timedelta(days=demo.rng.randint(0, 20)),
            demo.reference - timedelta(days=demo.rng.randint(0, 10)),
        )
    demo.consent_windows[profile.id] = windows


def _audit(
    demo: Demo, consent: Consent, action: str, at: datetime, scopes: list[str] | None = None
) -> None:
    detail: dict[str, Any] = {"consent_id": consent.id}
    if scopes is not None:
        detail["scopes"] = scopes
    demo.session.add(
        AuditEvent(
            at=at,
            actor_id=consent.recorded_by_id,
            action=action,
            object_type="profile",
            object_id=consent.profile_id,
            detail=detail,
        )
    )
