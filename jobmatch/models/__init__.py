"""SQLModel tables of the JobMatch domain (importing this registers every table)."""

from jobmatch.models.accounts import ApiToken, LoginAttempt, User, WebSession
from jobmatch.models.allocation import AllocationRun, AllocationSuggestion
from jobmatch.models.audit import AuditEvent, AuditLogIsAppendOnly
from jobmatch.models.introductions import Introduction, OutcomeEvent
from jobmatch.models.matching import MatchingChange
from jobmatch.models.offers import Offer
from jobmatch.models.organisations import Membership, Network, Organisation
from jobmatch.models.profiles import Consent, Identity, Profile
from jobmatch.models.taxonomy import Occupation, Skill

__all__ = [
    "AllocationRun",
    "AllocationSuggestion",
    "ApiToken",
    "AuditEvent",
    "AuditLogIsAppendOnly",
    "Consent",
    "Identity",
    "Introduction",
    "LoginAttempt",
    "MatchingChange",
    "Membership",
    "Network",
    "Occupation",
    "Offer",
    "Organisation",
    "OutcomeEvent",
    "Profile",
    "Skill",
    "User",
    "WebSession",
]
