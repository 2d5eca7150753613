"""Data-layer rules that hold on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from jobmatch.models import AuditEvent, AuditLogIsAppendOnly, Identity, Profile
from jobmatch.services import audit
from tests.factories import make_organisation, make_profile


def test_audit_events_cannot_be_changed_or_deleted(db_engine: Engine) -> None:
    with Session(db_engine) as session:
        audit.record(session, actor=None, action="test.done", object_type="thing", object_id=1)
        session.commit()
        event = session.exec(select(AuditEvent)).one()
        event.action = "rewritten"
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()
        session.rollback()
        session.delete(session.exec(select(AuditEvent)).one())
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()


def test_profile_references_are_unique(db_engine: Engine) -> None:
    with Session(db_engine) as session:
        org = make_organisation(session, kind="ngo")
        make_profile(session, organisation=org, reference="JM-AAAA-BBBB")
        session.commit()
        with pytest.raises(IntegrityError):
            make_profile(session, organisation=org, reference="JM-AAAA-BBBB")


def test_json_lists_round_trip(db_engine: Engine) -> None:
    with Session(db_engine) as session:
        org = make_organisation(session, kind="ngo")
        profile = make_profile(
            session,
            organisation=org,
            languages=[{"code": "ro", "level": "C2"}, {"code": "it", "level": "A2"}],
            excluded_regions=["ITC4"],
        )
        session.commit()
        profile_id = profile.id
    with Session(db_engine) as session:
        loaded = session.get(Profile, profile_id)
        assert loaded is not None
        assert loaded.languages == [{"code": "ro", "level": "C2"}, {"code": "it", "level": "A2"}]
        assert loaded.excluded_regions == ["ITC4"]


def test_deleting_a_profile_deletes_its_identity(db_engine: Engine) -> None:
    with Session(db_engine) as session:
        org = make_organisation(session, kind="ngo")
        profile = make_profile(session, organisation=org)
        assert profile.id is not None
        session.add(Identity(profile_id=profile.id, ciphertext=b"\x01sealed"))
        session.commit()
        session.delete(profile)
        session.commit()
        assert session.exec(select(Identity)).all() == []
