"""The one place that decides who may do what. Services ask it; routes never decide access.

Each domain has its module (offers, profiles, ...); the names are re-exported here so that a
service writes ``policy.require_edit_offer(actor, offer, owner)``.
"""

from jobmatch.policy.introductions import (
    can_decide_introduction,
    can_view_introduction_as_employer,
    require_introduction_caseworker,
    require_introduction_employer,
    require_introduction_reader,
)
from jobmatch.policy.network import (
    INVITABLE_ROLES,
    require_invitable_role,
    require_manage_network,
    require_manage_organisation,
    require_manage_user,
    require_network_manager,
)
from jobmatch.policy.offers import (
    can_edit_offer,
    can_view_offer,
    manages_organisation,
    require_candidates_access,
    require_edit_offer,
    require_open_offer,
    require_post_offer_for,
    require_view_offer,
    visible_offers,
)
from jobmatch.policy.organisations import (
    can_view_organisation,
    require_edit_organisation,
    require_view_organisation,
)
from jobmatch.policy.profiles import (
    can_view_profile,
    require_caseworker,
    require_profile_access,
)
from jobmatch.policy.reports import (
    NETWORK_READERS,
    NetworkScope,
    require_network_reader,
    require_report_network,
)
from jobmatch.policy.roles import (
    EMPLOYER_SIDE,
    NETWORK_STAFF,
    has_role,
    require_role,
    require_user,
)

__all__ = [
    "EMPLOYER_SIDE",
    "INVITABLE_ROLES",
    "NETWORK_READERS",
    "NETWORK_STAFF",
    "NetworkScope",
    "can_decide_introduction",
    "can_edit_offer",
    "can_view_introduction_as_employer",
    "can_view_offer",
    "can_view_organisation",
    "can_view_profile",
    "has_role",
    "manages_organisation",
    "require_candidates_access",
    "require_caseworker",
    "require_edit_offer",
    "require_edit_organisation",
    "require_introduction_caseworker",
    "require_introduction_employer",
    "require_introduction_reader",
    "require_invitable_role",
    "require_manage_network",
    "require_manage_organisation",
    "require_manage_user",
    "require_network_manager",
    "require_network_reader",
    "require_open_offer",
    "require_post_offer_for",
    "require_profile_access",
    "require_report_network",
    "require_role",
    "require_user",
    "require_view_offer",
    "require_view_organisation",
    "visible_offers",
]
