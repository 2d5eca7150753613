"""Introductions at every status and the outcomes that followed, consistent in time.

Each profile is walked through its history in order: an introduction is only made while the
offer was published, the profile existed, its consent covered introductions and the person was
not in work; outcomes follow their introduction; a withdrawn consent ends what was pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from jobmatch.models import AuditEvent, Introduction, Offer, OutcomeEvent, Profile
from jobmatch.models.enums import (
    CEFR_LEVELS,
    DeclineReason,
    DisclosableField,
    EndReason,
    IntroductionStatus,
    OfferKind,
    OfferStatus,
    OutcomeKind,
    ProfileStatus,
    Support,
    WorkPermit,
)
from jobmatch.services.demo.catalogue import FAMILY_BY_KEY, course_sectors
from jobmatch.services.demo.context import Demo
from jobmatch.services.demo.places import COUNTRY_LANGUAGE, country_of
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS
from jobmatch.services.outcomes import CHECKIN_MONTHS, add_months

# A request nobody answers expires after this many days.
EXPIRY_DAYS = 30

S = IntroductionStatus

EMPLOYER_MESSAGES = {
    "it": (
        "Buongiorno, il profilo sembra adatto: possiamo fissare un colloquio conoscitivo?",
        "Cerchiamo una persona motivata, anche senza esperienza: disponibili ad affiancarla.",
        "Possiamo adattare l'orario del primo mese.",
    ),
    "fr": (
        "Bonjour, le profil nous intéresse : pouvons-nous organiser un entretien ?",
        "Débutant(e) accepté(e), un tuteur accompagnera la prise de poste.",
    ),
    "sk": (
        "Dobrý deň, profil nás zaujal, radi by sme dohodli pohovor.",
        "Zaškolenie zabezpečíme na pracovisku.",
    ),
}
CASEWORKER_MESSAGES = {
    "it": (
        "Proponiamo questa candidatura: la persona ha esperienza nel settore ed è molto motivata.",
        "Candidatura proposta dopo il bilancio di competenze.",
    ),
    "fr": (
        "Nous proposons cette candidature : expérience dans le secteur, très motivée.",
        "Proposition faite après le bilan de compétences.",
    ),
    "sk": ("Navrhujeme tohto kandidáta, má skúsenosti v odbore.",),
}
DECISION_NOTES = {
    "it": (
        "Orari non compatibili con il percorso in corso.",
        "Da riproporre tra qualche mese.",
        "Sede di lavoro non ritenuta sicura in questa fase.",
    ),
    "fr": ("Horaires incompatibles avec le parcours en cours.", "À reproposer plus tard."),
    "sk": ("Pracovný čas nie je vhodný.", "Navrhnúť znova neskôr."),
}
DISCLOSURES = (
    (DisclosableField.FIRST_NAME, DisclosableField.PHONE),
    (DisclosableField.FULL_NAME, DisclosableField.PHONE),
    (DisclosableField.FIRST_NAME, DisclosableField.PHONE, DisclosableField.BEST_TIME),
    (DisclosableField.FULL_NAME, DisclosableField.PHONE, DisclosableField.EMAIL),
)
# Where each disclosable field comes from in the vault record.
VAULT_KEY = {
    DisclosableField.FIRST_NAME: "full_name",
    DisclosableField.FULL_NAME: "full_name",
    DisclosableField.PHONE: "phone",
    DisclosableField.EMAIL: "email",
    DisclosableField.BEST_TIME: "best_time",
}
DECLINE_REASONS = {
    DeclineReason.CONDITIONS_UNSUITABLE: 4,
    DeclineReason.NOT_READY: 3,
    DeclineReason.NOT_INTERESTED: 3,
    DeclineReason.SAFETY_CONCERN: 2,
    DeclineReason.LACKING_SKILLS: 2,
    DeclineReason.ALREADY_PLACED: 1,
    DeclineReason.OTHER: 1,
}
END_REASONS = {
    EndReason.CONTRACT_COMPLETED: 5,
    EndReason.RESIGNED: 3,
    EndReason.DISMISSED: 1,
    EndReason.HEALTH: 1,
    EndReason.RELOCATED: 1,
    EndReason.SAFETY: 1,
    EndReason.OTHER: 1,
}


def create_activity(demo: Demo) -> None:
    """Introductions and outcomes for every profile, then offers filled by their hires."""
    hires: dict[int, list[date]] = {}
    pairs: set[tuple[int, int]] = set()
    views = {o.id or 0: OfferView.of(o, demo.offer_work[o.id or 0]) for o in demo.offers}
    for profile in demo.profiles:
        _history(demo, profile, hires, pairs, views)
    demo.settle()
    for offer in demo.offers:
        assert offer.id is not None
        dates = sorted(hires.get(offer.id, []))
        if offer.status == OfferStatus.OPEN and len(dates) >= offer.places:
            offer.status = OfferStatus.FILLED
            offer.closed_at = offer.updated_at = demo.moment(dates[-1])
    _showcase(demo, hires, pairs, views)
    _pending_requests(demo, hires, pairs, views)
    demo.settle()


def _showcase(
    demo: Demo,
    hires: dict[int, list[date]],
    pairs: set[tuple[int, int]],
    views: dict[int, OfferView],
) -> None:
    """On each demo employer's open offer: an approved, a pending and a declined introduction
    of the last weeks, so the employer (and its association) sees every kind at once."""
    demo_organisations = {a.organisation for a in DEMO_ACCOUNTS}
    for offer in demo.offers:
        owner = demo.organisation_name(offer.organisation_id)
        if owner not in demo_organisations or offer.status != OfferStatus.OPEN:
            continue
        assert offer.id is not None
        view = views[offer.id]
        people = [
            p
            for p in demo.profiles
            if p.status == ProfileStatus.ACTIVE
            and (offer.id, p.id or 0) not in pairs
            and any(until >= demo.reference for _, until in demo.consent_windows.get(p.id or 0, []))
        ]
        fitting = [
            p for p in people if compatible(view, ProfileView.of(p, demo.profile_work[p.id or 0]))
        ]
        nearby = [p for p in people if p not in fitting and _nearby(view, p)]
        for status, profile in zip(
            (S.APPROVED, S.REQUESTED, S.DECLINED), fitting + nearby, strict=False
        ):
            assert profile.id is not None
            when = demo.day(
                demo.rng.randint(10, 20) if status != S.REQUESTED else demo.rng.randint(1, 8)
            )
            _introduction(demo, profile, offer, when, None, hires, status=status)
            pairs.add((offer.id, profile.id))


def _nearby(offer: OfferView, profile: Profile) -> bool:
    """Same area, no safety exclusion and a work permit: a candidate the employer might ask for."""
    return (
        any(offer.region.startswith(r) or r.startswith(offer.region) for r in profile.regions)
        and offer.sector not in profile.excluded_sectors
        and not any(offer.region.startswith(r) for r in profile.excluded_regions)
        and (profile.work_permit == WorkPermit.YES or not offer.work_permit_required)
    )


def _pending_requests(
    demo: Demo,
    hires: dict[int, list[date]],
    pairs: set[tuple[int, int]],
    views: dict[int, OfferView],
) -> None:
    """Requests of the last three weeks that wait for a caseworker's decision, so that every
    demo caseworker and employer has something to act on."""
    demo_organisations = {a.organisation for a in DEMO_ACCOUNTS}
    # Employers ask for candidates; courses are mostly proposed by caseworkers.
    open_offers = [
        o for o in demo.offers if o.status == OfferStatus.OPEN and o.kind != OfferKind.TRAINING
    ]
    for profile in demo.profiles:
        assert profile.id is not None
        windows = demo.consent_windows.get(profile.id, [])
        if profile.status != ProfileStatus.ACTIVE or not any(
            until >= demo.reference for _, until in windows
        ):
            continue
        person = ProfileView.of(profile, demo.profile_work[profile.id])
        fits = [
            o
            for o in open_offers
            if (o.id or 0, profile.id) not in pairs and compatible(views[o.id or 0], person)
        ]
        wanted = 2 if demo.owner(profile).name in demo_organisations else int(demo.chance(0.35))
        for offer in demo.sample(fits, wanted):
            when = demo.day(demo.rng.randint(1, 20))
            _introduction(demo, profile, offer, when, None, hires, status=S.REQUESTED)
            pairs.add((offer.id or 0, profile.id))


@dataclass(frozen=True, slots=True)
class OfferView:
    """What the rules read of an offer, copied once (ORM attribute access is slow in loops)."""

    id: int
    status: str
    kind: str
    region: str
    sector: str | None
    work_permit_required: bool
    remote: bool
    hours_per_week: int | None
    language_course: bool
    languages: tuple[tuple[str, int], ...]
    work: str

    @classmethod
    def of(cls, offer: Offer, work: str) -> OfferView:
        assert offer.id is not None
        return cls(
            id=offer.id,
            status=offer.status,
            kind=offer.kind,
            region=offer.region,
            sector=offer.sector,
            work_permit_required=offer.work_permit_required,
            remote=offer.remote,
            hours_per_week=offer.hours_per_week,
            language_course=Support.LANGUAGE_COURSE in offer.supports,
            languages=tuple((x["code"], CEFR_LEVELS.index(x["level"])) for x in offer.languages),
            work=work,
        )


@dataclass(frozen=True, slots=True)
class ProfileView:
    """What the rules read of a profile."""

    regions: tuple[str, ...]
    excluded_regions: tuple[str, ...]
    excluded_sectors: tuple[str, ...]
    work_permit: str
    remote_ok: bool
    wants: tuple[str, ...]
    hours_per_week: int | None
    levels: dict[str, int]
    language_course_needed: bool
    work: tuple[str, ...]
    sectors: frozenset[str]

    @classmethod
    def of(cls, profile: Profile, work: tuple[str, ...]) -> ProfileView:
        return cls(
            regions=tuple(profile.regions),
            excluded_regions=tuple(profile.excluded_regions),
            excluded_sectors=tuple(profile.excluded_sectors),
            work_permit=profile.work_permit,
            remote_ok=profile.remote_ok,
            wants=tuple(profile.wants),
            hours_per_week=profile.hours_per_week,
            levels={x["code"]: CEFR_LEVELS.index(x["level"]) for x in profile.languages},
            language_course_needed=Support.LANGUAGE_COURSE in profile.needs,
            work=work,
            sectors=frozenset(FAMILY_BY_KEY[key].sector for key in work),
        )


def compatible(offer: OfferView, profile: ProfileView) -> bool:
    """The hard rules of matching, roughly, plus some fit: what a person would really be shown."""
    if offer.status == OfferStatus.DRAFT or offer.region[:2] != profile.regions[0][:2]:
        return False
    if any(offer.region.startswith(r) for r in profile.excluded_regions):
        return False
    if offer.sector in profile.excluded_sectors:
        return False
    training = offer.kind == OfferKind.TRAINING
    if offer.work_permit_required and (
        profile.work_permit == WorkPermit.NO
        or (profile.work_permit == WorkPermit.PENDING and not training)
    ):
        return False
    in_region = any(
        offer.region.startswith(r) or r.startswith(offer.region) for r in profile.regions
    )
    if not in_region and not (offer.remote and profile.remote_ok):
        return False
    if profile.wants and offer.kind not in profile.wants:
        return False
    if (
        offer.hours_per_week
        and profile.hours_per_week
        and offer.hours_per_week > profile.hours_per_week
    ):
        return False
    slack = 1 if offer.language_course else 0
    for code, level in offer.languages:
        if profile.levels.get(code, -1) + slack < level:
            return False
    if training:
        if offer.work == "local_language":
            return profile.language_course_needed
        return bool(course_sectors(offer.work) & profile.sectors)
    return offer.work in profile.work or FAMILY_BY_KEY[offer.work].sector in profile.sectors


def _history(
    demo: Demo,
    profile: Profile,
    hires: dict[int, list[date]],
    pairs: set[tuple[int, int]],
    views: dict[int, OfferView],
) -> None:
    assert profile.id is not None
    windows = demo.consent_windows.get(profile.id, [])
    if not windows:
        return
    person = ProfileView.of(profile, demo.profile_work[profile.id])
    created = profile.created_at.date() + timedelta(days=3)
    withdrawn = demo.withdrawn_on.get(profile.id)
    # Offers the person fits, each with the days it could have been introduced to them.
    candidates: list[tuple[Offer, list[tuple[date, date]]]] = []
    for offer in demo.offers:
        if not compatible(views[offer.id or 0], person):
            continue
        assert offer.published_at is not None
        start = max(offer.published_at.date(), created)
        end = offer.closed_at.date() - timedelta(days=5) if offer.closed_at else demo.reference
        spans = [(max(start, a), min(end, b, demo.reference)) for a, b in windows]
        spans = [(a, b) for a, b in spans if a <= b]
        if spans:
            candidates.append((offer, spans))
    wanted = demo.rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(1, 2, 3, 4, 4, 3, 2))[0]
    # Mostly placements; a course now and then (one open now has had few weeks to fill).
    weights = [_weight(o) for o, _ in candidates]
    planned: list[tuple[date, Offer]] = []
    while candidates and len(planned) < wanted:
        index = demo.rng.choices(range(len(candidates)), weights=weights)[0]
        offer, spans = candidates.pop(index)
        weights.pop(index)
        if offer.kind == OfferKind.TRAINING:
            # One course at a time: the person's other courses are left for later.
            kept = [i for i, (o, _) in enumerate(candidates) if o.kind != OfferKind.TRAINING]
            candidates = [candidates[i] for i in kept]
            weights = [weights[i] for i in kept]
        # Most introductions come in the weeks after an offer is published (or after the
        # person's profile is written).
        a, b = spans[0]
        planned.append((a + timedelta(days=demo.rng.randint(0, min(45, (b - a).days))), offer))
    busy_until: date | None = None
    for when, offer in sorted(planned, key=lambda p: (p[0], p[1].id or 0)):
        if busy_until is not None and when <= busy_until:
            continue
        pairs.add((offer.id or 0, profile.id))
        job_end = _introduction(demo, profile, offer, when, withdrawn, hires)
        if job_end is not None:
            busy_until = job_end


def _weight(offer: Offer) -> float:
    if offer.kind != OfferKind.TRAINING:
        return 3.0
    return 0.3 if offer.status == OfferStatus.OPEN else 1.0


def _introduction(
    demo: Demo,
    profile: Profile,
    offer: Offer,
    when: date,
    withdrawn: date | None,
    hires: dict[int, list[date]],
    *,
    status: str | None = None,
) -> date | None:
    """One introduction and what followed; returns until when the person was then in work."""
    assert profile.id is not None and offer.id is not None
    language = COUNTRY_LANGUAGE[country_of(offer.region)]
    caseworkers = demo.staff[demo.owner(profile).name]
    by_employer = demo.chance(0.6)
    age = (demo.reference - when).days
    assert offer.published_at is not None
    # Never before the offer was published or the profile written, even on the same day.
    later = timedelta(minutes=demo.rng.randint(30, 240))
    created = max(demo.moment(when), offer.published_at + later, profile.created_at + later)
    intro = Introduction(
        offer_id=offer.id,
        profile_id=profile.id,
        initiated_by="employer" if by_employer else "caseworker",
        requested_by_id=offer.created_by_id if by_employer else demo.pick(caseworkers).id,
        message=demo.pick((EMPLOYER_MESSAGES if by_employer else CASEWORKER_MESSAGES)[language])
        if demo.chance(0.7)
        else None,
        created_at=created,
        updated_at=created,
    )
    if status is not None:
        pass
    elif age < EXPIRY_DAYS:
        status = demo.weighted(
            {S.REQUESTED: 0.55, S.APPROVED: 0.25, S.DECLINED: 0.1, S.WITHDRAWN: 0.1}
        )
    else:
        status = demo.weighted(
            {S.APPROVED: 0.5, S.DECLINED: 0.22, S.WITHDRAWN: 0.12, S.EXPIRED: 0.16}
        )
    decided = when + timedelta(days=demo.rng.randint(1, 7))
    if status in (S.APPROVED, S.DECLINED, S.WITHDRAWN) and decided > demo.reference:
        status = S.REQUESTED
    if status == S.EXPIRED:
        decided = when + timedelta(days=EXPIRY_DAYS)
    # Pausing a profile ended its pending requests (as close_for_profile does).
    if profile.status == ProfileStatus.PAUSED and status == S.REQUESTED:
        status = S.EXPIRED
        decided = min(demo.reference, when + timedelta(days=demo.rng.randint(3, 15)))
    # A consent withdrawal ends everything at once (as close_for_profile does): what was still
    # pending expires, an approval is withdrawn.
    approval_withdrawn = False
    if withdrawn is not None:
        if status == S.REQUESTED or decided > withdrawn:
            status, decided = S.EXPIRED, withdrawn
        elif status == S.APPROVED:
            approval_withdrawn = True
    decider = demo.pick(caseworkers)
    intro.status = status
    decided_at = max(demo.moment(decided), created + timedelta(hours=1))
    events: list[tuple[str, int | None, datetime, dict[str, Any]]] = [
        (
            "introduction.requested" if by_employer else "introduction.proposed",
            intro.requested_by_id,
            created,
            {},
        )
    ]
    if status == S.APPROVED:
        recorded = demo.identity_fields.get(profile.id, frozenset())
        possible = [d for d in DISCLOSURES if all(VAULT_KEY[f] in recorded for f in d)]
        intro.disclosed = sorted(demo.pick(possible))
        intro.decided_by_id = decider.id
        intro.decided_at = decided_at
        events.append(
            ("introduction.approved", decider.id, decided_at, {"disclosed": intro.disclosed})
        )
    elif status == S.DECLINED:
        intro.decline_reason = demo.weighted({k: float(v) for k, v in DECLINE_REASONS.items()})
        intro.decision_note = demo.pick(DECISION_NOTES[language]) if demo.chance(0.6) else None
        intro.decided_by_id = decider.id
        intro.decided_at = decided_at
        events.append(
            ("introduction.declined", decider.id, decided_at, {"reason": intro.decline_reason})
        )
    elif status == S.WITHDRAWN:
        events.append(("introduction.withdrawn", intro.requested_by_id, decided_at, {}))
    elif status == S.EXPIRED:
        events.append(("introduction.expired", None, decided_at, {}))
    if status != S.REQUESTED:
        intro.version = 2
        intro.updated_at = decided_at
    if approval_withdrawn and withdrawn is not None:
        intro.status = S.WITHDRAWN
        intro.version = 3
        intro.updated_at = max(demo.moment(withdrawn), decided_at + timedelta(hours=1))
        events.append(
            ("introduction.withdrawn", None, intro.updated_at, {"why": "consent_withdrawn"})
        )
    demo.session.add(intro)
    for action, actor_id, at, detail in events:
        demo.later(partial(_audit, demo, intro, action, actor_id, at, detail))
    profile.last_activity_at = max(profile.last_activity_at, intro.updated_at)
    if status != S.APPROVED:
        return None
    return _outcomes(demo, profile, offer, intro, decided, withdrawn, hires)


def _outcomes(
    demo: Demo,
    profile: Profile,
    offer: Offer,
    intro: Introduction,
    decided: date,
    withdrawn: date | None,
    hires: dict[int, list[date]],
) -> date | None:
    """Interview, hire, start, check-ins and end (or training start and completion)."""
    assert offer.id is not None
    horizon = min(demo.reference, withdrawn) if withdrawn else demo.reference
    events: list[tuple[str, date, int | None, str | None]] = []
    if offer.kind == OfferKind.TRAINING:
        begin = max(offer.start or decided, decided + timedelta(days=3))
        if begin <= horizon and demo.chance(0.85):
            events.append((OutcomeKind.TRAINING_STARTED, begin, None, None))
            finish = begin + timedelta(weeks=demo.pick((4, 6, 8, 12)))
            if finish <= horizon:
                if demo.chance(0.85):
                    events.append((OutcomeKind.TRAINING_COMPLETED, finish, None, None))
                else:
                    dropped = begin + timedelta(days=demo.rng.randint(7, 20))
                    events.append((OutcomeKind.ENDED, dropped, None, EndReason.OTHER))
        _record(demo, profile, offer, intro, events)
        return None
    interview = decided + timedelta(days=demo.rng.randint(2, 12))
    if interview > horizon + timedelta(days=14) or not demo.chance(0.85):
        _record(demo, profile, offer, intro, events)
        return None
    events.append((OutcomeKind.INTERVIEW, interview, None, None))
    hired = interview + timedelta(days=demo.rng.randint(2, 10))
    if hired > horizon or not demo.chance(0.65):
        _record(demo, profile, offer, intro, events)
        return None
    events.append((OutcomeKind.HIRED, hired, None, None))
    hires.setdefault(offer.id, []).append(hired)
    started = hired + timedelta(days=demo.rng.randint(3, 21))
    if started > horizon:
        _record(demo, profile, offer, intro, events)
        return horizon + timedelta(days=30)
    events.append((OutcomeKind.STARTED, started, None, None))
    ended: date | None = None
    if demo.chance(0.3 if offer.sector == "A" or offer.kind == OfferKind.PLACEMENT else 0.22):
        ended = started + timedelta(days=demo.rng.randint(20, 420))
        if ended > horizon:
            ended = None
    last = ended or horizon
    for months in CHECKIN_MONTHS:
        check = add_months(started, months)
        if check <= last:
            events.append((OutcomeKind.RETAINED, check, months, None))
    if ended is not None:
        reasons = dict(END_REASONS)
        if offer.kind == OfferKind.PLACEMENT or offer.sector == "A":
            reasons[EndReason.CONTRACT_COMPLETED] = 12
        reason = demo.weighted({k: float(v) for k, v in reasons.items()})
        events.append((OutcomeKind.ENDED, ended, None, reason))
    elif profile.status == ProfileStatus.ACTIVE:
        profile.status = ProfileStatus.PLACED
    _record(demo, profile, offer, intro, events)
    return ended if ended is not None else demo.reference + timedelta(days=365)


def _record(
    demo: Demo,
    profile: Profile,
    offer: Offer,
    intro: Introduction,
    events: list[tuple[str, date, int | None, str | None]],
) -> None:
    employer_users = demo.staff.get(demo.organisation_name(offer.organisation_id), [])
    caseworkers = demo.staff[demo.owner(profile).name]
    for kind, on, months, reason in events:
        # Employers record hires and starts; caseworkers the rest.
        by_employer = kind in (OutcomeKind.HIRED, OutcomeKind.STARTED) and employer_users
        recorder = demo.pick(employer_users) if by_employer else demo.pick(caseworkers)
        recorded = demo.moment(min(on + timedelta(days=demo.rng.randint(0, 3)), demo.reference))
        event = OutcomeEvent(
            profile_id=profile.id,
            offer_id=offer.id,
            organisation_id=profile.organisation_id,
            kind=kind,
            date=on,
            months=months,
            reason=reason,
            recorded_by_id=recorder.id,
            created_at=recorded,
        )
        demo.later(partial(_add_outcome, demo, intro, event))
        profile.last_activity_at = max(profile.last_activity_at, recorded)


def _add_outcome(demo: Demo, intro: Introduction, event: OutcomeEvent) -> None:
    event.introduction_id = intro.id
    demo.session.add(event)
    _audit(
        demo,
        intro,
        "outcome.recorded",
        event.recorded_by_id,
        event.created_at,
        {"kind": event.kind, "offer_id": event.offer_id},
    )


def _audit(
    demo: Demo,
    intro: Introduction,
    action: str,
    actor_id: int | None,
    at: datetime,
    detail: dict[str, Any],
) -> None:
    demo.session.add(
        AuditEvent(
            at=at,
            actor_id=actor_id,
            action=action,
            object_type="introduction",
            object_id=intro.id,
            detail=detail,
        )
    )
