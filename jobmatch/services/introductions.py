"""Introductions: requested → approved | declined | withdrawn | expired, used by both sides.

An employer asks to meet an anonymised candidate of one of its offers (or a caseworker proposes
one); a caseworker of the organisation that owns the profile approves, choosing the identity fields
disclosed to that employer for that offer, or declines with a structured reason. Every decision is
a conditional UPDATE on (status, version): when two people decide at once, exactly one wins and the
other gets ``Conflict``. Disclosed values are read from the vault when the employer looks, so a
withdrawal, a consent withdrawal or an erasure stops them at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, func, select

from jobmatch.config import Settings
from jobmatch.errors import Conflict, Forbidden, Invalid, Message, NotFound, Plural
from jobmatch.models import Introduction, Offer, Organisation, Profile, User
from jobmatch.models._common import utcnow
from jobmatch.models.enums import (
    ConsentScope,
    DeclineReason,
    DisclosableField,
    IntroductionStatus,
    OfferStatus,
    ProfileStatus,
    Role,
)
from jobmatch.policy import (
    EMPLOYER_SIDE,
    can_view_introduction_as_employer,
    require_caseworker,
    require_introduction_caseworker,
    require_introduction_employer,
    require_introduction_reader,
    require_profile_access,
    require_view_offer,
)
from jobmatch.security.tokens import keyed_digest
from jobmatch.services import audit, identity
from jobmatch.services.consents import has_valid_consent
from jobmatch.services.identifying_content import refuse_identifying_content

MESSAGE_MAX = 2000
OPEN_STATUSES = (IntroductionStatus.REQUESTED, IntroductionStatus.APPROVED)
STATUS_WORDS = {
    IntroductionStatus.REQUESTED: Message("waiting for a decision"),
    IntroductionStatus.APPROVED: Message("approved"),
    IntroductionStatus.DECLINED: Message("declined"),
    IntroductionStatus.WITHDRAWN: Message("withdrawn"),
    IntroductionStatus.EXPIRED: Message("expired"),
}


def candidate_ref(settings: Settings, offer_id: int, profile_id: int | None) -> str:
    """The opaque reference of a candidate for one offer (differs from offer to offer)."""
    if profile_id is None:
        return "erased"
    return keyed_digest(settings.secret_key, "candidate", offer_id, profile_id)[:12]


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings()


def _message(text: str | None) -> str | None:
    text = (text or "").strip()
    if len(text) > MESSAGE_MAX:
        raise Invalid(
            "The message is too long.",
            {"message": Message("Write at most %(n)s characters.", n=MESSAGE_MAX)},
        )
    return text or None


def _get(session: Session, introduction_id: int) -> Introduction:
    found = session.get(Introduction, introduction_id)
    if found is None:
        raise NotFound("No such introduction.")
    return found


def _offer_and_owner(session: Session, offer_id: int) -> tuple[Offer, Organisation]:
    offer = session.get(Offer, offer_id)
    owner = session.get(Organisation, offer.organisation_id) if offer else None
    if offer is None or owner is None:
        raise NotFound("No such introduction.")
    return offer, owner


def _profile(session: Session, profile_id: int | None) -> Profile | None:
    return session.get(Profile, profile_id) if profile_id is not None else None


def _available_for_introductions(session: Session, profile: Profile) -> bool:
    assert profile.id is not None
    return profile.status == ProfileStatus.ACTIVE and has_valid_consent(
        session, profile_id=profile.id, scope=ConsentScope.INTRODUCTIONS
    )


def _already_open(session: Session, offer_id: int, profile_id: int) -> bool:
    return (
        session.exec(
            select(Introduction.id)
            .where(Introduction.offer_id == offer_id, Introduction.profile_id == profile_id)
            .where(col(Introduction.status).in_(OPEN_STATUSES))
        ).first()
        is not None
    )


def _open_requests(session: Session, offer_id: int) -> int:
    return len(
        session.exec(
            select(Introduction.id).where(
                Introduction.offer_id == offer_id,
                Introduction.status == IntroductionStatus.REQUESTED,
            )
        ).all()
    )


# --- creating -----------------------------------------------------------------------------------


def _add(
    session: Session,
    *,
    user: User,
    offer: Offer,
    profile: Profile,
    initiated_by: str,
    message: str | None,
    action: str,
    **detail: Any,
) -> Introduction:
    """A new request, audited with ``detail`` besides the offer (no commit)."""
    assert offer.id is not None
    introduction = Introduction(
        offer_id=offer.id,
        profile_id=profile.id,
        initiated_by=initiated_by,
        requested_by_id=user.id,
        message=message,
    )
    session.add(introduction)
    session.flush()
    audit.record(
        session,
        actor=user,
        action=action,
        object_type="introduction",
        object_id=introduction.id,
        offer_id=offer.id,
        **detail,
    )
    return introduction


def request_introduction(
    session: Session,
    *,
    actor: User | None,
    offer: Offer,
    profile: Profile,
    message: str | None,
    settings: Settings | None = None,
) -> Introduction:
    """An employer asks to meet a candidate of its offer (the caller resolved the candidate ref).

    Raises ``Conflict`` when the offer is not open, the candidate is no longer available (not
    active, or no valid consent for introductions: the employer is not told which), an
    introduction for this candidate and offer is already open, or the offer has too many open
    requests.
    """
    settings = _settings(settings)
    owner = session.get(Organisation, offer.organisation_id)
    user = require_introduction_employer(actor, offer, owner)
    text = _message(message)
    if offer.status != OfferStatus.OPEN:
        raise Conflict("This offer is not open, so no introduction can be asked for.")
    assert offer.id is not None and profile.id is not None
    if not _available_for_introductions(session, profile):
        raise Conflict("This candidate is no longer available for introductions.")
    if _already_open(session, offer.id, profile.id):
        raise Conflict("An introduction to this candidate for this offer is already open.")
    if _open_requests(session, offer.id) >= settings.max_open_requests_per_offer:
        raise Conflict(
            Plural(
                "This offer already has %(n)s request waiting for a decision. "
                "Wait for an answer before asking for more.",
                "This offer already has %(n)s requests waiting for a decision. "
                "Wait for answers before asking for more.",
                n=settings.max_open_requests_per_offer,
            )
        )
    introduction = _add(
        session,
        user=user,
        offer=offer,
        profile=profile,
        initiated_by="employer",
        message=text,
        action="introduction.requested",
    )
    session.commit()
    return introduction


def propose(
    session: Session,
    *,
    actor: User | None,
    profile_id: int,
    offer_id: int,
    message: str | None,
    settings: Settings | None = None,
) -> Introduction:
    """A caseworker proposes one of their profiles to an open offer (status ``requested``;
    the caseworker approves it, with the fields to disclose, when the employer is ready)."""
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFound("No such profile.")
    user = require_profile_access(actor, profile)
    offer = session.get(Offer, offer_id)
    owner = session.get(Organisation, offer.organisation_id) if offer else None
    if offer is None or owner is None:
        raise Invalid("There is no such offer.", {"offer": "Choose an open offer."})
    try:
        require_view_offer(user, offer, owner)
    except NotFound as exc:
        raise Invalid("There is no such offer.", {"offer": "Choose an open offer."}) from exc
    text = _message(message)
    # The message goes to the employer: it must not identify the person either.
    record = identity.load_record(session, settings=_settings(settings), profile=profile)
    names = [str(record[k]) for k in ("full_name", "first_name") if record.get(k)]
    refuse_identifying_content({"message": text}, own_names=names)
    if offer.status != OfferStatus.OPEN:
        raise Conflict("This offer is not open any more.")
    assert offer.id is not None and profile.id is not None
    if not _available_for_introductions(session, profile):
        raise Conflict(
            "This profile cannot be proposed: it must be active and have a valid consent "
            "for introductions."
        )
    if _already_open(session, offer.id, profile.id):
        raise Conflict("An introduction of this profile to this offer is already open.")
    introduction = _add(
        session,
        user=user,
        offer=offer,
        profile=profile,
        initiated_by="caseworker",
        message=text,
        action="introduction.proposed",
        profile_id=profile.id,
    )
    profile.last_activity_at = utcnow()
    session.add(profile)
    session.commit()
    return introduction


# --- deciding (conditional updates) -------------------------------------------------------------


def _transition(
    session: Session,
    introduction: Introduction,
    *,
    allowed_from: Sequence[str],
    version: int | None,
    values: dict[str, Any],
) -> None:
    """Move ``introduction`` on only if it is still in ``allowed_from`` at ``version``."""
    expected = introduction.version if version is None else version
    result = session.exec(
        update(Introduction)
        .where(col(Introduction.id) == introduction.id)
        .where(col(Introduction.status).in_(list(allowed_from)))
        .where(col(Introduction.version) == expected)
        .values(version=expected + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        session.refresh(introduction)
        raise Conflict(
            Message(
                "Someone else changed this introduction in the meantime: it is now %(status)s. "
                "Nothing was changed; look at it again before deciding.",
                status=STATUS_WORDS[IntroductionStatus(introduction.status)],
            )
        )


def _for_caseworker(
    session: Session, actor: User | None, introduction_id: int
) -> tuple[User, Introduction, Profile]:
    introduction = _get(session, introduction_id)
    profile = _profile(session, introduction.profile_id)
    user = require_introduction_caseworker(actor, profile)
    assert profile is not None
    return user, introduction, profile


def _check_disclosure(
    disclose: Iterable[str], note: str | None, record: dict[str, Any]
) -> list[str]:
    chosen: list[str] = []
    for name in disclose:
        if name not in DisclosableField.__members__.values():
            raise Invalid(
                "Choose what to disclose from the list.",
                {
                    "disclose": Message(
                        "“%(name)s” is not something that can be disclosed.", name=name
                    )
                },
            )
        if name not in chosen:
            chosen.append(name)
    if note and DisclosableField.NOTE not in chosen:
        chosen.append(DisclosableField.NOTE)
    if not chosen:
        raise Invalid(
            "Choose at least one thing the employer may know, such as a first name and a phone.",
            {"disclose": "Choose at least one field to disclose."},
        )
    if DisclosableField.NOTE in chosen and not note:
        raise Invalid(
            "Write the note for the employer, or untick it.",
            {"note": "Write the note, or do not disclose a note."},
        )
    if not record.get("full_name"):
        raise Invalid(
            "Record this person's identity before approving an introduction.",
            {"disclose": "There is no identity recorded for this profile."},
        )
    source: dict[str, str] = {
        DisclosableField.FIRST_NAME: "full_name",
        DisclosableField.FULL_NAME: "full_name",
        DisclosableField.PHONE: "phone",
        DisclosableField.EMAIL: "email",
        DisclosableField.BEST_TIME: "best_time",
    }
    missing = [name for name in chosen if name in source and not record.get(source[name])]
    if missing:
        raise Invalid(
            "Some chosen fields are not in this person's identity record.",
            {
                "disclose": Message(
                    "Not recorded: %(fields)s.", fields=[Message(m) for m in missing]
                )
            },
        )
    return sorted(chosen)


def _decide(
    session: Session,
    user: User,
    introduction: Introduction,
    *,
    version: int | None,
    values: dict[str, Any],
) -> None:
    """A caseworker's decision on a request that is still waiting for one."""
    _transition(
        session,
        introduction,
        allowed_from=[IntroductionStatus.REQUESTED],
        version=version,
        values={**values, "decided_by_id": user.id, "decided_at": utcnow()},
    )


def _decided(
    session: Session,
    user: User,
    introduction: Introduction,
    profile: Profile,
    *,
    action: str,
    **detail: Any,
) -> Introduction:
    """Audit a decision, count it as activity on the profile, and commit."""
    audit.record(
        session,
        actor=user,
        action=action,
        object_type="introduction",
        object_id=introduction.id,
        **detail,
    )
    profile.last_activity_at = utcnow()
    session.add(profile)
    session.commit()
    session.refresh(introduction)
    return introduction


def approve(
    session: Session,
    *,
    actor: User | None,
    settings: Settings,
    introduction_id: int,
    disclose: Iterable[str],
    note: str | None = None,
    version: int | None = None,
) -> Introduction:
    """Approve a request, disclosing the chosen identity fields to that employer for that offer."""
    user, introduction, profile = _for_caseworker(session, actor, introduction_id)
    note = _message(note)
    offer = session.get(Offer, introduction.offer_id)
    if offer is None or offer.status != OfferStatus.OPEN:
        raise Conflict("This offer is no longer open: the introduction cannot be approved.")
    if not _available_for_introductions(session, profile):
        raise Conflict(
            "This person has no valid consent for introductions (or the profile is not "
            "active): record their consent before approving."
        )
    record = identity.load_record(session, settings=settings, profile=profile)
    chosen = _check_disclosure(disclose, note, record)
    _decide(
        session,
        user,
        introduction,
        version=version,
        values={"status": IntroductionStatus.APPROVED, "disclosed": chosen},
    )
    if note:
        notes = dict(record.get("employer_notes") or {})
        notes[str(introduction.id)] = note
        identity.store_record(
            session, settings=settings, profile=profile, record={**record, "employer_notes": notes}
        )
    return _decided(
        session, user, introduction, profile, action="introduction.approved", disclosed=chosen
    )


def decline(
    session: Session,
    *,
    actor: User | None,
    introduction_id: int,
    reason: str,
    note: str | None = None,
    version: int | None = None,
) -> Introduction:
    """Decline a request with a structured reason; the note stays with the caseworkers."""
    user, introduction, profile = _for_caseworker(session, actor, introduction_id)
    if reason not in DeclineReason.__members__.values():
        raise Invalid(
            "Choose why the introduction is declined.", {"reason": "Choose a reason from the list."}
        )
    note = _message(note)
    _decide(
        session,
        user,
        introduction,
        version=version,
        values={
            "status": IntroductionStatus.DECLINED,
            "decline_reason": reason,
            "decision_note": note,
        },
    )
    return _decided(
        session, user, introduction, profile, action="introduction.declined", reason=reason
    )


def withdraw(
    session: Session,
    *,
    actor: User | None,
    introduction_id: int,
    settings: Settings | None = None,
    version: int | None = None,
) -> Introduction:
    """Withdraw: the employer its own pending request; a caseworker a request, a proposal or an
    approval (the employer's access to the disclosed fields stops at once)."""
    introduction = _get(session, introduction_id)
    user = _withdrawing_user(session, actor, introduction)
    allowed: list[str] = [IntroductionStatus.REQUESTED]
    if user.role == Role.CASEWORKER:
        allowed.append(IntroductionStatus.APPROVED)
    _transition(
        session,
        introduction,
        allowed_from=allowed,
        version=version,
        values={"status": IntroductionStatus.WITHDRAWN},
    )
    profile = _profile(session, introduction.profile_id)
    if profile is not None:
        _forget_employer_note(session, _settings(settings), profile, introduction)
    audit.record(
        session,
        actor=user,
        action="introduction.withdrawn",
        object_type="introduction",
        object_id=introduction.id,
        side="caseworker" if user.role == Role.CASEWORKER else "employer",
    )
    session.commit()
    session.refresh(introduction)
    return introduction


def _withdrawing_user(session: Session, actor: User | None, introduction: Introduction) -> User:
    if actor is not None and actor.role in EMPLOYER_SIDE:
        offer, owner = _offer_and_owner(session, introduction.offer_id)
        return require_introduction_employer(actor, offer, owner)
    return require_introduction_caseworker(actor, _profile(session, introduction.profile_id))


def _forget_employer_note(
    session: Session, settings: Settings, profile: Profile, introduction: Introduction
) -> None:
    record = identity.load_record(session, settings=settings, profile=profile)
    notes = dict(record.get("employer_notes") or {})
    if notes.pop(str(introduction.id), None) is not None:
        identity.store_record(
            session, settings=settings, profile=profile, record={**record, "employer_notes": notes}
        )


def close_for_profile(session: Session, *, actor: User | None, profile_id: int, why: str) -> int:
    """Stop every open introduction of a profile at once (consent withdrawn, erasure, pause):
    pending requests expire, approvals are withdrawn. No commit: part of the caller's change."""
    changed = 0
    for old, new in (
        (IntroductionStatus.REQUESTED, IntroductionStatus.EXPIRED),
        (IntroductionStatus.APPROVED, IntroductionStatus.WITHDRAWN),
    ):
        rows = session.exec(
            select(Introduction).where(
                Introduction.profile_id == profile_id, Introduction.status == old
            )
        ).all()
        changed += _close(session, actor=actor, rows=rows, new=new, why=why)
    return changed


def close_for_offer(session: Session, *, actor: User | None, offer_id: int, why: str) -> int:
    """Expire the pending requests of an offer that is closed or filled (approved ones stay:
    the people may already be talking). No commit: part of the caller's change."""
    rows = session.exec(
        select(Introduction).where(
            Introduction.offer_id == offer_id,
            Introduction.status == IntroductionStatus.REQUESTED,
        )
    ).all()
    return _close(session, actor=actor, rows=rows, new=IntroductionStatus.EXPIRED, why=why)


def _close(
    session: Session,
    *,
    actor: User | None,
    rows: Sequence[Introduction],
    new: IntroductionStatus,
    why: str,
) -> int:
    """Move ``rows`` to ``new`` without a decision (the caller holds them), each audited."""
    now = utcnow()
    for introduction in rows:
        introduction.status = new
        introduction.version += 1
        introduction.updated_at = now
        session.add(introduction)
        audit.record(
            session,
            actor=actor,
            action=f"introduction.{new}",
            object_type="introduction",
            object_id=introduction.id,
            why=why,
        )
    return len(rows)


# --- reading ------------------------------------------------------------------------------------


def _disclosed_values(
    session: Session, settings: Settings, introduction: Introduction
) -> dict[str, str]:
    """The disclosed fields, read from the vault now; {} unless approved with valid consent."""
    if introduction.status != IntroductionStatus.APPROVED or not introduction.disclosed:
        return {}
    profile = _profile(session, introduction.profile_id)
    if profile is None or not _available_for_introductions(session, profile):
        return {}
    record = identity.load_record(session, settings=settings, profile=profile)
    values: dict[str, str] = {}
    for name in introduction.disclosed:
        value: Any
        if name == DisclosableField.FIRST_NAME:
            value = identity.first_name_of(record)
        elif name == DisclosableField.NOTE:
            value = (record.get("employer_notes") or {}).get(str(introduction.id))
        else:
            value = record.get(name)
        if value:
            values[name] = str(value)
    return values


def employer_view(
    session: Session,
    *,
    actor: User | None,
    introduction_id: int,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """What the employer side sees of one of its introductions (never the profile id, never the
    caseworker's note); reading disclosed identity fields is audited."""
    settings = _settings(settings)
    introduction = _get(session, introduction_id)
    offer, owner = _offer_and_owner(session, introduction.offer_id)
    user = require_introduction_employer(actor, offer, owner)
    view = _employer_summary(settings, introduction, offer)
    # Disclosed to that employer: the company's own people, or whoever asked (an association
    # asking for its member); an association that merely follows its members' introductions
    # sees the decision, not the person.
    receives = user.organisation_id == offer.organisation_id or (
        user.id is not None and user.id == introduction.requested_by_id
    )
    disclosed = _disclosed_values(session, settings, introduction) if receives else {}
    view["disclosed"] = disclosed
    if disclosed:
        audit.record(
            session,
            actor=user,
            action="introduction.disclosure_read",
            object_type="introduction",
            object_id=introduction.id,
            fields=sorted(disclosed),
        )
        session.commit()
    return view


def _employer_summary(
    settings: Settings, introduction: Introduction, offer: Offer
) -> dict[str, Any]:
    assert offer.id is not None
    return {
        "id": introduction.id,
        "status": introduction.status,
        "offer": offer.id,
        "offer_title": offer.title,
        "candidate": candidate_ref(settings, offer.id, introduction.profile_id),
        "initiated_by": introduction.initiated_by,
        "message": introduction.message if introduction.initiated_by == "employer" else None,
        "decline_reason": introduction.decline_reason,
        "created_at": introduction.created_at,
        "decided_at": introduction.decided_at,
        "disclosed": {},
    }


def list_for_employer(
    session: Session, *, actor: User | None, settings: Settings | None = None
) -> list[dict[str, Any]]:
    """The introductions of every offer the employer side manages, newest first, without the
    disclosed values (open one with :func:`employer_view` to read them)."""
    settings = _settings(settings)
    user = require_introduction_reader(actor)
    if user.role not in EMPLOYER_SIDE:
        raise Forbidden("Only employers and their associations have this list.")
    org = user.organisation_id
    # A first cut in SQL (the offers this side may manage); the policy decides each row below.
    mine = (col(Offer.organisation_id) == org) | (col(Offer.posted_by_id) == org)
    if user.role == Role.ASSOCIATION:
        mine = mine | (col(Organisation.association_id) == org)
    rows = session.exec(
        select(Introduction, Offer, Organisation)
        .join(Offer, col(Offer.id) == Introduction.offer_id)
        .join(Organisation, col(Organisation.id) == Offer.organisation_id)
        .where(mine)
        .order_by(col(Introduction.created_at).desc(), col(Introduction.id).desc())
    ).all()
    return [
        _employer_summary(settings, introduction, offer)
        for introduction, offer, owner in rows
        if can_view_introduction_as_employer(user, offer, owner)
    ]


def page_for_employer(
    session: Session,
    *,
    actor: User | None,
    settings: Settings | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    """One page of :func:`list_for_employer`, and how many there are in all."""
    found = list_for_employer(session, actor=actor, settings=settings)
    start = (max(page, 1) - 1) * per_page
    return found[start : start + per_page], len(found)


@dataclass
class CaseworkerIntroduction:
    """One introduction as the profile's caseworkers see it."""

    introduction: Introduction
    offer: Offer
    employer: Organisation
    profile: Profile

    def as_dict(self) -> dict[str, Any]:
        intro = self.introduction
        return {
            "id": intro.id,
            "status": intro.status,
            "offer": self.offer.id,
            "offer_title": self.offer.title,
            "employer": self.employer.name,
            "profile": self.profile.id,
            "reference": self.profile.reference,
            "initiated_by": intro.initiated_by,
            "message": intro.message,
            "disclosed_fields": list(intro.disclosed),
            "decline_reason": intro.decline_reason,
            "decision_note": intro.decision_note,
            "version": intro.version,
            "created_at": intro.created_at,
            "decided_at": intro.decided_at,
        }


def _of_caseworker(
    user: User, status: str | None, profile_id: int | None
) -> list[ColumnElement[bool]]:
    """The conditions of the caseworker's organisation's introductions (joined to the profile)."""
    conditions = [col(Profile.organisation_id) == user.organisation_id]
    if status:
        if status not in IntroductionStatus.__members__.values():
            raise Invalid("Unknown status.", {"status": "Choose a status from the list."})
        conditions.append(col(Introduction.status) == status)
    if profile_id is not None:
        conditions.append(col(Introduction.profile_id) == profile_id)
    return conditions


def list_for_caseworker(
    session: Session,
    *,
    actor: User | None,
    status: str | None = None,
    profile_id: int | None = None,
) -> list[CaseworkerIntroduction]:
    """The introductions of the caseworker's organisation's profiles, newest first."""
    return page_for_caseworker(
        session, actor=actor, status=status, profile_id=profile_id, per_page=None
    )[0]


def page_for_caseworker(
    session: Session,
    *,
    actor: User | None,
    status: str | None = None,
    profile_id: int | None = None,
    page: int = 1,
    per_page: int | None = 50,
) -> tuple[list[CaseworkerIntroduction], int]:
    """One page of :func:`list_for_caseworker` (all of it if ``per_page`` is None), and how
    many there are in all."""
    user = require_caseworker(actor)
    conditions = _of_caseworker(user, status, profile_id)
    query = (
        select(Introduction, Offer, Organisation, Profile)
        .join(Profile, col(Profile.id) == Introduction.profile_id)
        .join(Offer, col(Offer.id) == Introduction.offer_id)
        .join(Organisation, col(Organisation.id) == Offer.organisation_id)
        .where(*conditions)
        .order_by(col(Introduction.created_at).desc(), col(Introduction.id).desc())
        # A list shows the offer's title, the employer's name and the profile's reference: the
        # rest of them (their JSON columns above all) took most of the list's time to load.
        # (SQLModel types the class attributes as their values: hence the ignores.)
        .options(
            load_only(Offer.title, Offer.organisation_id),  # type: ignore[arg-type]
            load_only(Organisation.name),  # type: ignore[arg-type]
            load_only(Profile.reference, Profile.organisation_id),  # type: ignore[arg-type]
        )
    )
    if per_page is not None:
        query = query.offset((max(page, 1) - 1) * per_page).limit(per_page)
    rows = [
        CaseworkerIntroduction(introduction=i, offer=o, employer=e, profile=p)
        for i, o, e, p in session.exec(query).all()
    ]
    if per_page is None or (page <= 1 and len(rows) < per_page):
        return rows, len(rows)
    counted = (
        select(func.count())
        .select_from(Introduction)
        .join(Profile, col(Profile.id) == Introduction.profile_id)
        .where(*conditions)
    )
    return rows, int(session.exec(counted).one())


def caseworker_view(
    session: Session, *, actor: User | None, introduction_id: int
) -> CaseworkerIntroduction:
    """One introduction of the caseworker's organisation."""
    _user, introduction, profile = _for_caseworker(session, actor, introduction_id)
    offer, owner = _offer_and_owner(session, introduction.offer_id)
    return CaseworkerIntroduction(
        introduction=introduction, offer=offer, employer=owner, profile=profile
    )


def list_for_actor(
    session: Session,
    *,
    actor: User | None,
    settings: Settings | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    """What ``GET /api/v1/introductions`` answers: each side sees its own; one page of it, and
    how many there are in all."""
    user = require_introduction_reader(actor)
    if user.role == Role.CASEWORKER:
        rows, total = page_for_caseworker(session, actor=user, page=page, per_page=per_page)
        return [row.as_dict() for row in rows], total
    return page_for_employer(session, actor=user, settings=settings, page=page, per_page=per_page)


def view_for_actor(
    session: Session, *, actor: User | None, introduction_id: int, settings: Settings | None = None
) -> dict[str, Any]:
    """What ``GET /api/v1/introductions/{id}`` answers for either side."""
    user = require_introduction_reader(actor)
    if user.role == Role.CASEWORKER:
        view = caseworker_view(session, actor=user, introduction_id=introduction_id).as_dict()
        view["disclosed"] = {}
        return view
    return employer_view(session, actor=user, introduction_id=introduction_id, settings=settings)
