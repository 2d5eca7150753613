"""Network management: memberships, accounts of member organisations, where an offer is open."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from jobmatch.errors import Conflict, Forbidden, Invalid, NotFound
from jobmatch.models import AuditEvent, Membership
from jobmatch.security.passwords import verify_password
from jobmatch.services import network_admin
from tests.factories import make_offer, make_organisation, make_user
from tests.services.test_reports import Net


def test_list_networks_with_members(session: Session) -> None:
    net = Net(session)
    views = network_admin.list_networks(session, actor=net.coordinator)
    assert [v.network.name for v in views] == ["Rete Italia", "Rete Piemonte"]
    piemonte = views[1]
    assert piemonte.parent is not None and piemonte.parent.name == "Rete Italia"
    assert {m.organisation.name for m in piemonte.members} == {net.ngo.name, net.employer.name}
    with pytest.raises(Forbidden):
        network_admin.list_networks(session, actor=net.caseworker)


def test_add_change_and_remove_a_membership(session: Session) -> None:
    net = Net(session)
    newcomer = make_organisation(session, kind="ngo", region="ITC16")
    membership = network_admin.add_membership(
        session,
        actor=net.coordinator,
        network_id=net.piemonte.id or 0,
        organisation_id=newcomer.id,
        role="referral",
        agreement_signed_on=date(2026, 2, 1),
    )
    assert membership.role == "referral"
    with pytest.raises(Invalid) as caught:
        network_admin.add_membership(
            session,
            actor=net.coordinator,
            network_id=net.piemonte.id or 0,
            organisation_id=newcomer.id,
            role="boss",
            agreement_signed_on=date.today() + timedelta(days=3),
        )
    assert set(caught.value.fields) == {"organisation", "role", "agreement_signed_on"}
    changed = network_admin.update_membership(
        session,
        actor=net.coordinator,
        membership_id=membership.id or 0,
        role="training_provider",
        agreement_signed_on=None,
    )
    assert changed.role == "training_provider"
    network_admin.remove_membership(session, actor=net.coordinator, membership_id=changed.id or 0)
    assert session.get(Membership, changed.id) is None
    actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert {"membership.added", "membership.changed", "membership.removed"} <= set(actions)


def test_another_networks_membership_is_not_found(session: Session) -> None:
    net = Net(session)
    with pytest.raises(NotFound):
        network_admin.add_membership(
            session,
            actor=net.coordinator,
            network_id=net.france.id or 0,
            organisation_id=net.ngo.id,
            role="referral",
            agreement_signed_on=None,
        )
    french = session.exec(select(Membership).where(Membership.network_id == net.france.id)).first()
    assert french is not None
    with pytest.raises(NotFound):
        network_admin.remove_membership(
            session, actor=net.coordinator, membership_id=french.id or 0
        )


def test_invite_shows_a_one_time_password_once(session: Session) -> None:
    net = Net(session)
    invitation = network_admin.invite_user(
        session,
        actor=net.coordinator,
        organisation_id=net.ngo.id or 0,
        email="New.Caseworker@example.org",
        role="caseworker",
    )
    assert invitation.user.email == "new.caseworker@example.org"
    assert len(invitation.password) >= 12
    assert invitation.password not in invitation.user.password_hash
    assert verify_password(invitation.user.password_hash, invitation.password)
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "user.invited")).all()
    assert events and invitation.password not in repr(events[0].detail)


def test_invite_checks_role_and_scope(session: Session) -> None:
    net = Net(session)
    with pytest.raises(Invalid) as caught:
        network_admin.invite_user(
            session,
            actor=net.coordinator,
            organisation_id=net.employer.id or 0,
            email="x@example.org",
            role="caseworker",
        )
    assert "role" in caught.value.fields
    with pytest.raises(Forbidden):
        network_admin.invite_user(
            session,
            actor=net.coordinator,
            organisation_id=net.ngo.id or 0,
            email="y@example.org",
            role="admin",
        )
    with pytest.raises(NotFound):
        network_admin.invite_user(
            session,
            actor=net.coordinator,
            organisation_id=net.fr_ngo.id or 0,
            email="z@example.org",
            role="caseworker",
        )


def test_deactivate_a_user(session: Session) -> None:
    net = Net(session)
    target = make_user(session, role="caseworker", organisation=net.ngo)
    network_admin.deactivate_user(session, actor=net.coordinator, user_id=target.id or 0)
    assert target.active is False
    with pytest.raises(Conflict):
        network_admin.deactivate_user(session, actor=net.coordinator, user_id=target.id or 0)
    with pytest.raises(Forbidden):
        network_admin.deactivate_user(
            session, actor=net.coordinator, user_id=net.coordinator.id or 0
        )
    with pytest.raises(NotFound):
        network_admin.deactivate_user(
            session, actor=net.coordinator, user_id=net.fr_coordinator.id or 0
        )


def test_open_an_offer_to_one_regional_network(session: Session) -> None:
    net = Net(session)
    offer = make_offer(session, organisation=net.employer)
    changed = network_admin.set_offer_network(
        session, actor=net.coordinator, offer_id=offer.id or 0, network_id=net.piemonte.id
    )
    assert changed.network_id == net.piemonte.id
    with pytest.raises(Invalid):
        network_admin.set_offer_network(
            session, actor=net.coordinator, offer_id=offer.id or 0, network_id=net.france.id
        )
    network_admin.set_offer_network(
        session, actor=net.coordinator, offer_id=offer.id or 0, network_id=None
    )
    assert offer.network_id is None
    assert offer in network_admin.offers_in_scope(session, actor=net.coordinator)
    with pytest.raises(NotFound):
        network_admin.set_offer_network(
            session, actor=net.fr_coordinator, offer_id=offer.id or 0, network_id=None
        )
