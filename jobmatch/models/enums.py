"""The closed vocabularies of the domain (stored as plain strings)."""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    NGO = "ngo"
    PUBLIC_AUTHORITY = "public_authority"
    EMPLOYER = "employer"
    EMPLOYER_ASSOCIATION = "employer_association"
    HELPLINE = "helpline"
    INTERNATIONAL = "international_organisation"


class Role(StrEnum):
    EMPLOYER = "employer"
    ASSOCIATION = "association"
    CASEWORKER = "caseworker"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class NetworkScope(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    INTERNATIONAL = "international"


class MembershipRole(StrEnum):
    """What an organisation does in a network, as its co-operation agreement says."""

    COORDINATOR = "coordinator"
    SUPPORT_SERVICE = "support_service"
    REFERRAL = "referral"
    EMPLOYER = "employer"
    EMPLOYER_ASSOCIATION = "employer_association"
    TRAINING_PROVIDER = "training_provider"
    HELPLINE = "helpline"


class OfferKind(StrEnum):
    JOB = "job"
    PLACEMENT = "placement"
    APPRENTICESHIP = "apprenticeship"
    TRAINING = "training"


# The kinds that are work: what a person is matched and allocated to (training closes a gap).
PLACEMENT_KINDS = frozenset({OfferKind.JOB, OfferKind.PLACEMENT, OfferKind.APPRENTICESHIP})


class OfferStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class ProfileStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    PLACED = "placed"
    WITHDRAWN = "withdrawn"


class WorkPermit(StrEnum):
    YES = "yes"
    PENDING = "pending"
    NO = "no"


class Support(StrEnum):
    HOUSING = "housing"
    TRANSPORT = "transport"
    CHILDCARE = "childcare"
    MENTORING = "mentoring"
    LANGUAGE_COURSE = "language_course"


class ConsentScope(StrEnum):
    MATCHING = "matching"
    INTRODUCTIONS = "introductions"
    REPORTING = "reporting"


class IntroductionStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class DeclineReason(StrEnum):
    LACKING_SKILLS = "lacking_skills"
    CONDITIONS_UNSUITABLE = "conditions_unsuitable"
    SAFETY_CONCERN = "safety_concern"
    NOT_INTERESTED = "not_interested"
    NOT_READY = "not_ready"
    ALREADY_PLACED = "already_placed"
    OTHER = "other"


class DisclosableField(StrEnum):
    FIRST_NAME = "first_name"
    FULL_NAME = "full_name"
    PHONE = "phone"
    EMAIL = "email"
    BEST_TIME = "best_time"
    NOTE = "note"


class OutcomeKind(StrEnum):
    INTERVIEW = "interview"
    HIRED = "hired"
    STARTED = "started"
    TRAINING_STARTED = "training_started"
    TRAINING_COMPLETED = "training_completed"
    RETAINED = "retained"
    ENDED = "ended"


class EndReason(StrEnum):
    CONTRACT_COMPLETED = "contract_completed"
    RESIGNED = "resigned"
    DISMISSED = "dismissed"
    HEALTH = "health"
    SAFETY = "safety"
    RELOCATED = "relocated"
    OTHER = "other"


CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
