"""The identity vault: encrypted, for the owning caseworkers only, every read audited."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from jobmatch.errors import Invalid, NotFound
from jobmatch.models import AuditEvent, Identity
from jobmatch.services import identity
from jobmatch.services.identity import IdentityData
from tests.caseworker_world import SETTINGS, make_world


def test_write_then_read_is_encrypted_and_audited(session: Session) -> None:
    w = make_world(session, with_identity=False)
    assert w.profile.id is not None
    assert (
        identity.read_identity(
            session, actor=w.caseworker, settings=SETTINGS, profile_id=w.profile.id
        )
        is None
    )
    identity.write_identity(
        session,
        actor=w.caseworker,
        settings=SETTINGS,
        profile_id=w.profile.id,
        data=IdentityData(full_name="Blessing Okafor", phone="+39 320 000 1111"),
    )
    row = session.exec(select(Identity)).one()
    assert b"Okafor" not in row.ciphertext
    found = identity.read_identity(
        session, actor=w.colleague, settings=SETTINGS, profile_id=w.profile.id
    )
    assert found is not None and found.full_name == "Blessing Okafor"
    reads = session.exec(select(AuditEvent).where(AuditEvent.action == "identity.read")).all()
    assert len(reads) == 2
    assert all("Okafor" not in str(e.detail) for e in session.exec(select(AuditEvent)).all())


def test_outsiders_get_not_found(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    for outsider in w.outsiders:
        with pytest.raises(NotFound):
            identity.read_identity(
                session, actor=outsider, settings=SETTINGS, profile_id=w.profile.id
            )
        with pytest.raises(NotFound):
            identity.write_identity(
                session,
                actor=outsider,
                settings=SETTINGS,
                profile_id=w.profile.id,
                data=IdentityData(full_name="X"),
            )


def test_a_name_already_in_the_profile_is_refused(session: Session) -> None:
    w = make_world(session, with_identity=False)
    assert w.profile.id is not None
    w.profile.skills = [{"skill": "cooking for the Okafor family"}]
    session.add(w.profile)
    session.commit()
    with pytest.raises(Invalid):
        identity.write_identity(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            profile_id=w.profile.id,
            data=IdentityData(full_name="Blessing Okafor"),
        )
    assert session.exec(select(Identity)).first() is None
