"""Consent: recorded with scopes and an expiry, renewed, withdrawn with effect everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.errors import Conflict, Invalid, NotFound
from jobmatch.models import Consent, Introduction
from jobmatch.services import consents, introductions, profiles
from tests.caseworker_world import SETTINGS, make_world
from tests.factories import make_consent, make_profile

NEXT_YEAR = date.today() + timedelta(days=365)


def test_record_checks_every_field(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    with pytest.raises(Invalid) as caught:
        consents.record_consent(
            session,
            actor=w.caseworker,
            profile_id=w.profile.id,
            scopes=["marketing"],
            expires_on=date.today() - timedelta(days=1),
            obtained="",
        )
    assert set(caught.value.fields) == {"scopes", "expires_on", "obtained"}
    consent = consents.record_consent(
        session,
        actor=w.caseworker,
        profile_id=w.profile.id,
        scopes=["matching", "reporting"],
        expires_on=NEXT_YEAR,
        obtained="signed form, with an interpreter",
    )
    assert consent.scopes == ["matching", "reporting"]
    assert consent.given_on == date.today()


def test_outsiders_cannot_record_or_list(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    for outsider in w.outsiders:
        with pytest.raises(NotFound):
            consents.list_consents(session, actor=outsider, profile_id=w.profile.id)
        with pytest.raises(NotFound):
            consents.record_consent(
                session,
                actor=outsider,
                profile_id=w.profile.id,
                scopes=["matching"],
                expires_on=NEXT_YEAR,
                obtained="x",
            )


def test_withdrawal_stops_introductions_and_matching_at_once(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    pending = introductions.request_introduction(
        session, actor=w.employer, offer=w.offer, profile=w.profile, message=None, settings=SETTINGS
    )
    (consent,) = consents.list_consents(session, actor=w.caseworker, profile_id=w.profile.id)
    assert consent.id is not None
    consents.withdraw_consent(
        session, actor=w.caseworker, profile_id=w.profile.id, consent_id=consent.id
    )
    assert session.get(Introduction, pending.id).status == "expired"  # type: ignore[union-attr]
    assert not consents.has_valid_consent(session, profile_id=w.profile.id, scope="matching")
    with pytest.raises(Conflict):
        consents.withdraw_consent(
            session, actor=w.caseworker, profile_id=w.profile.id, consent_id=consent.id
        )
    with pytest.raises(Conflict):
        consents.renew_consent(
            session,
            actor=w.caseworker,
            profile_id=w.profile.id,
            consent_id=consent.id,
            expires_on=NEXT_YEAR,
            obtained="again",
        )


def test_renewal_keeps_the_scopes(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    (old,) = session.exec(select(Consent)).all()
    assert old.id is not None
    new = consents.renew_consent(
        session,
        actor=w.caseworker,
        profile_id=w.profile.id,
        consent_id=old.id,
        expires_on=date.today() + timedelta(days=700),
        obtained="renewed in person",
    )
    assert new.scopes == sorted(old.scopes) and new.id != old.id


def test_summaries_of_a_list_agree_with_each_profile_in_one_query(
    session: Session, engine: Engine
) -> None:
    w = make_world(session)
    today = date.today()
    cases = {
        "no consent": [],
        "matching only": [{"scopes": ["matching"]}],
        "withdrawn": [{"withdrawn_at": datetime.now(UTC)}],
        "expired": [{"expires_on": today - timedelta(days=1)}],
        "not yet given": [{"given_on": today + timedelta(days=1)}],
        "two partial": [{"scopes": ["reporting"]}, {"scopes": ["introductions"]}],
    }
    made = {}
    for name, consent_rows in cases.items():
        profile = make_profile(session, organisation=w.ngo)
        for overrides in consent_rows:
            make_consent(session, profile=profile, **overrides)
        made[name] = profile
    session.commit()
    statements: list[str] = []
    listen = event.listens_for(engine, "before_cursor_execute")
    listen(lambda *args: statements.append(args[2]))
    summaries = profiles.consent_summaries(session, list(made.values()))
    assert len(statements) == 1
    for name, profile in made.items():
        assert profile.id is not None
        one_by_one = {
            scope: consents.has_valid_consent(session, profile_id=profile.id, scope=scope)
            for scope in ("matching", "introductions", "reporting")
        }
        assert summaries[profile.id] == one_by_one, name
    assert summaries[made["matching only"].id or 0] == {
        "matching": True,
        "introductions": False,
        "reporting": False,
    }
    assert summaries[made["two partial"].id or 0] == {
        "matching": False,
        "introductions": True,
        "reporting": True,
    }
    for name in ("no consent", "withdrawn", "expired", "not yet given"):
        assert not any(summaries[made[name].id or 0].values()), name
    assert profiles.consent_summaries(session, []) == {}
