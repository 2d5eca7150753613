"""One small world for the security tests: every principal around objects the first company and
the first NGO own, and the values that fill every route's path parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.models import (
    AllocationRun,
    AllocationSuggestion,
    Consent,
    Introduction,
    Membership,
    Network,
    Offer,
    Organisation,
    Profile,
    User,
)
from jobmatch.services import identity, introductions
from tests.factories import make_consent, make_offer, make_organisation, make_profile, make_user

SETTINGS = Settings(env="test", database_url="sqlite://", demo=False)

# Everyone but the anonymous visitor is a user of the world; the owners are the first company (and
# its association) and the first NGO.
PRINCIPALS = [
    "anonymous",
    "employer",
    "other_employer",
    "association",
    "caseworker",
    "other_caseworker",
    "coordinator",
    "admin",
]


@dataclass
class SecurityWorld:
    users: dict[str, User] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    offers: dict[str, Offer] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    consents: dict[str, Consent] = field(default_factory=dict)
    introductions: dict[str, Introduction] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    network: Network | None = None
    memberships: dict[str, Membership] = field(default_factory=dict)
    suggestion: AllocationSuggestion | None = None
    spare_user: User | None = None
    spare_web_user: User | None = None

    def values(self, **overrides: Any) -> dict[str, Any]:
        """Path parameters for the main objects; ``overrides`` picks spare ones."""
        assert self.network is not None and self.suggestion is not None
        assert self.spare_user is not None
        values: dict[str, Any] = {
            "offer_id": self.offers["open"].id,
            "profile_id": self.profiles["main"].id,
            "consent_id": self.consents["main"].id,
            "introduction_id": self.introductions["requested"].id,
            "organisation_id": self.organisations["company"].id,
            "network_id": self.network.id,
            "membership_id": self.memberships["spare"].id,
            "user_id": self.spare_user.id,
            "suggestion_id": self.suggestion.id,
            "ref": self.refs["open"],
            "name": "introductions",
        }
        values.update(overrides)
        return values

    def fill(self, path: str, **overrides: Any) -> str:
        values = self.values(**overrides)
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def _profile_with_identity(
    session: Session, ngo: Organisation, record: dict[str, str], **overrides: Any
) -> tuple[Profile, Consent]:
    profile = make_profile(session, organisation=ngo, **overrides)
    consent = make_consent(session, profile=profile)
    identity.store_record(session, settings=SETTINGS, profile=profile, record=record)
    return profile, consent


def build_world(
    session: Session, *, identities: dict[str, dict[str, str]] | None = None
) -> SecurityWorld:
    """The world; ``identities`` gives the vault records of the profiles (main, second, spare…)."""
    identities = identities or {}
    w = SecurityWorld()
    association = make_organisation(session, kind="employer_association")
    company = make_organisation(session, kind="employer", association_id=association.id)
    other_company = make_organisation(session, kind="employer")
    ngo = make_organisation(session, kind="ngo")
    other_ngo = make_organisation(session, kind="ngo")
    authority = make_organisation(session, kind="public_authority")
    w.organisations = {
        "association": association,
        "company": company,
        "other_company": other_company,
        "ngo": ngo,
        "other_ngo": other_ngo,
        "authority": authority,
    }
    network = Network(name="Rete di prova", scope="regional", country="IT", region="ITC1")
    session.add(network)
    session.flush()
    assert network.id is not None
    w.network = network
    for key, organisation, role in (
        ("authority", authority, "coordinator"),
        ("ngo", ngo, "support_service"),
        ("other_ngo", other_ngo, "support_service"),
        ("company", company, "employer"),
        ("association", association, "employer_association"),
        ("spare", other_company, "employer"),
        ("spare_web", make_organisation(session, kind="employer"), "employer"),
    ):
        assert organisation.id is not None
        membership = Membership(organisation_id=organisation.id, network_id=network.id, role=role)
        session.add(membership)
        w.memberships[key] = membership
    w.users = {
        "employer": make_user(session, role="employer", organisation=company),
        "other_employer": make_user(session, role="employer", organisation=other_company),
        "association": make_user(session, role="association", organisation=association),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
        "other_caseworker": make_user(session, role="caseworker", organisation=other_ngo),
        "coordinator": make_user(session, role="coordinator", organisation=authority),
        "admin": make_user(session, role="admin", organisation=authority),
    }
    w.spare_user = make_user(session, role="employer", organisation=company)
    w.spare_web_user = make_user(session, role="employer", organisation=company)
    w.offers = {
        "open": make_offer(session, organisation=company, title="Kitchen assistant"),
        "draft": make_offer(session, organisation=company, title="Waiter", status="draft"),
        "to_close": make_offer(session, organisation=company, title="Dishwasher"),
        "to_fill": make_offer(session, organisation=company, title="Cook"),
        "other": make_offer(session, organisation=other_company, title="Cleaner"),
    }
    default = {"full_name": "Ana Maria Popescu", "phone": "+39 333 1234567"}
    for key in ("main", "second", "erase_api", "erase_web", "consents", "candidate"):
        profile, consent = _profile_with_identity(session, ngo, identities.get(key, default))
        w.profiles[key] = profile
        w.consents[key] = consent
    # Look-alikes, so that a candidate still hides in a crowd of k once the routes under test
    # have erased profiles and withdrawn consents.
    for i in range(SETTINGS.k_anonymity):
        w.profiles[f"crowd{i}"] = _profile_with_identity(session, ngo, default)[0]
    # A second consent of the consents profile: one to withdraw on the API, one on the web.
    w.consents["withdraw_web"] = make_consent(session, profile=w.profiles["consents"])
    employer = w.users["employer"]
    for key, offer_key, profile_key in (
        ("requested", "open", "main"),
        ("second", "open", "second"),
    ):
        w.introductions[key] = introductions.request_introduction(
            session,
            actor=employer,
            offer=w.offers[offer_key],
            profile=w.profiles[profile_key],
            message="We would like to meet.",
            settings=SETTINGS,
        )
    for key, offer in w.offers.items():
        w.refs[key] = introductions.candidate_ref(SETTINGS, offer.id or 0, w.profiles["main"].id)
    # A candidate nobody has asked for yet, for the open offer.
    w.refs["candidate"] = introductions.candidate_ref(
        SETTINGS, w.offers["open"].id or 0, w.profiles["candidate"].id
    )
    run = AllocationRun(created_by_id=w.users["coordinator"].id, network_ids=[network.id])
    session.add(run)
    session.flush()
    assert run.id is not None
    w.suggestion = AllocationSuggestion(
        run_id=run.id,
        profile_id=w.profiles["main"].id or 0,
        offer_id=w.offers["open"].id or 0,
        score=0.8,
        rank=1,
    )
    session.add(w.suggestion)
    session.commit()
    return w
