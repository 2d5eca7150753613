"""A small world for the caseworker-side tests: two NGOs, two companies, a coordinator and an
admin, one open offer and one consenting profile with an identity in the vault."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.models import Offer, Organisation, Profile, User
from jobmatch.services import identity
from tests.factories import make_consent, make_offer, make_organisation, make_profile, make_user

SETTINGS = Settings(env="test", database_url="sqlite://", demo=False)
FULL_NAME = "Ana Maria Popescu"
PHONE = "+39 333 1234567"


@dataclass
class World:
    ngo: Organisation
    company: Organisation
    caseworker: User
    colleague: User
    other_caseworker: User
    employer: User
    other_employer: User
    coordinator: User
    admin: User
    offer: Offer
    profile: Profile

    @property
    def outsiders(self) -> list[User]:
        """Everyone who must not see the profile: another NGO, employers, coordinator, admin."""
        return [self.other_caseworker, self.employer, self.coordinator, self.admin]


def make_world(session: Session, *, with_identity: bool = True) -> World:
    ngo = make_organisation(session, kind="ngo")
    other_ngo = make_organisation(session, kind="ngo")
    company = make_organisation(session, kind="employer")
    other_company = make_organisation(session, kind="employer")
    authority = make_organisation(session, kind="public_authority")
    world = World(
        ngo=ngo,
        company=company,
        caseworker=make_user(session, role="caseworker", organisation=ngo),
        colleague=make_user(session, role="caseworker", organisation=ngo),
        other_caseworker=make_user(session, role="caseworker", organisation=other_ngo),
        employer=make_user(session, role="employer", organisation=company),
        other_employer=make_user(session, role="employer", organisation=other_company),
        coordinator=make_user(session, role="coordinator", organisation=authority),
        admin=make_user(session, role="admin", organisation=authority),
        offer=make_offer(session, organisation=company),
        profile=make_profile(session, organisation=ngo),
    )
    make_consent(session, profile=world.profile)
    if with_identity:
        identity.store_record(
            session,
            settings=SETTINGS,
            profile=world.profile,
            record={"full_name": FULL_NAME, "phone": PHONE, "best_time": "mornings"},
        )
    session.commit()
    return world
