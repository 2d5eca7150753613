"""Profiles: created with a reference, guarded against identifying text, seen only by the owning
organisation's caseworkers, matched to offers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from jobmatch.errors import Forbidden, Invalid, NotFound
from jobmatch.models import AuditEvent, Profile
from jobmatch.services import profiles
from tests.caseworker_world import SETTINGS, make_world

BODY: dict[str, Any] = {
    "skills": [{"skill": "prepare vegetables", "level": "intermediate"}],
    "experience": [{"occupation": "kitchen porter", "years": 2}],
    "languages": [{"code": "it", "level": "B1"}],
    "regions": ["ITC1"],
    "excluded_regions": ["ITC4"],
    "excluded_sectors": ["R"],
    "remote_ok": False,
    "hours_per_week": 30,
    "work_permit": "yes",
    "wants": ["job"],
    "needs": ["mentoring"],
}


def test_create_gives_a_reference_and_holds_no_identity(session: Session) -> None:
    w = make_world(session)
    profile = profiles.create_profile(session, actor=w.caseworker, data=BODY)
    assert profile.reference.startswith("JM-")
    assert profile.organisation_id == w.ngo.id
    assert profile.excluded_regions == ["ITC4"]
    out = profiles.profile_out(session, profile)
    assert out["reference"] == profile.reference
    assert out["consent"] == {"matching": False, "introductions": False, "reporting": False}
    assert "full_name" not in out


def test_identifying_text_is_refused_and_nothing_is_saved(session: Session) -> None:
    w = make_world(session)
    before = len(session.exec(select(Profile)).all())
    body = {**BODY, "skills": [{"skill": "cooking"}, {"skill": "ring me on 333 123 4567"}]}
    with pytest.raises(Invalid) as caught:
        profiles.create_profile(session, actor=w.caseworker, data=body)
    assert "Skill 2" in caught.value.message and "phone number" in caught.value.message
    assert "skills.1.skill" in caught.value.fields
    assert len(session.exec(select(Profile)).all()) == before


def test_update_is_guarded_against_the_persons_own_name(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    with pytest.raises(Invalid) as caught:
        profiles.update_profile(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            profile_id=w.profile.id,
            changes={"experience": [{"occupation": "cook for the Popescu family", "years": 1}]},
        )
    assert "this person's name" in caught.value.message
    session.refresh(w.profile)
    assert w.profile.experience == [{"occupation": "kitchen porter", "years": 2}]


def test_update_changes_fields_and_status(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    updated = profiles.update_profile(
        session,
        actor=w.colleague,
        settings=SETTINGS,
        profile_id=w.profile.id,
        changes={"hours_per_week": 20, "status": "paused"},
    )
    assert updated.hours_per_week == 20 and updated.status == "paused"
    with pytest.raises(Invalid) as caught:
        profiles.update_profile(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            profile_id=w.profile.id,
            changes={"languages": [{"code": "italian", "level": "Z9"}]},
        )
    assert any(k.startswith("languages.0") for k in caught.value.fields)
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "profile.updated")).all()
    assert events[0].detail["fields"] == ["hours_per_week", "status"]


def test_nobody_else_sees_the_profile(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    for outsider in w.outsiders:
        with pytest.raises(NotFound):
            profiles.get_profile(session, actor=outsider, profile_id=w.profile.id)
        with pytest.raises(NotFound):
            profiles.matches_for_profile(session, actor=outsider, profile_id=w.profile.id)
    for outsider in (w.employer, w.coordinator, w.admin):
        with pytest.raises(Forbidden):
            profiles.list_profiles(session, actor=outsider)
    assert profiles.list_profiles(session, actor=w.other_caseworker) == ([], 0)
    items, total = profiles.list_profiles(session, actor=w.caseworker)
    assert total == 1 and items[0].id == w.profile.id


def test_matches_need_consent_and_use_filters(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    found = profiles.matches_for_profile(session, actor=w.caseworker, profile_id=w.profile.id)
    assert [m.offer.id for m in found] == [w.offer.id]
    assert found[0].explanation.parts
    none = profiles.matches_for_profile(
        session,
        actor=w.caseworker,
        profile_id=w.profile.id,
        filters=profiles.MatchFilters(kinds={"training"}),
    )
    assert none == []
    elsewhere = profiles.matches_for_profile(
        session,
        actor=w.caseworker,
        profile_id=w.profile.id,
        filters=profiles.MatchFilters(region="FR"),
    )
    assert elsewhere == []
