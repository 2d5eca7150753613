"""Network allocation: an exact assignment in the coordinator's networks, counts for the
coordinator, proposals for the owning caseworker only."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from jobmatch.config import Settings
from jobmatch.errors import Conflict, Forbidden, NotFound
from jobmatch.models import AllocationSuggestion, AuditEvent, Profile
from jobmatch.services import allocation, matching
from tests.factories import make_consent, make_offer, make_profile, make_user
from tests.services.test_reports import Net

COOK = "http://data.europa.eu/esco/skill/f3934441-4bff-4076-9945-e6c51a01c467"
CLEAN = "http://data.europa.eu/esco/skill/9b31016e-c99d-4bd2-a550-d5660dac5041"
SETTINGS = Settings(env="test", database_url="sqlite://")


def kitchen(session: Session, net: Net, places: int, **overrides: object) -> object:
    values: dict[str, object] = {
        "title": "Aiuto cuoco",
        "skills": [
            {"skill": COOK, "importance": "essential"},
            {"skill": CLEAN, "importance": "essential"},
        ],
        "places": places,
    }
    values.update(overrides)
    offer = make_offer(session, organisation=net.employer, **values)  # type: ignore[arg-type]
    matching.mark_changed(session, offer=offer)
    return offer


def person(session: Session, net: Net, *, consent: bool = True, **overrides: object) -> Profile:
    values: dict[str, object] = {"skills": [{"skill": COOK}], "regions": ["ITC1"]}
    values.update(overrides)
    profile = make_profile(session, organisation=net.ngo, **values)  # type: ignore[arg-type]
    if consent:
        make_consent(session, profile=profile)
    matching.mark_changed(session, profile=profile)
    return profile


def test_run_assigns_places_and_counts_who_is_left(session: Session) -> None:
    net = Net(session)
    offer = kitchen(session, net, places=2)
    people = [person(session, net) for _ in range(3)]
    person(session, net, regions=["FR1"])  # nothing in France
    person(session, net, consent=False)
    session.commit()
    run = allocation.run_allocation(session, actor=net.coordinator)
    assert run.summary["reasons"] == {
        "suggested": 2,
        "places_taken": 1,
        "no_admissible_offer": 1,
        "no_matching_consent": 1,
    }
    first = session.exec(select(AllocationSuggestion).where(AllocationSuggestion.rank == 1)).all()
    assert len(first) == 2 and {s.offer_id for s in first} == {offer.id}  # type: ignore[attr-defined]
    assert {s.profile_id for s in first} <= {p.id for p in people}
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "allocation.run")).one()


def test_coordinator_sees_the_run_in_counts_only(session: Session) -> None:
    net = Net(session)
    kitchen(session, net, places=2)
    profiles = [person(session, net) for _ in range(3)]
    session.commit()
    allocation.run_allocation(session, actor=net.coordinator)
    summary = allocation.run_summary(session, actor=net.coordinator, settings=SETTINGS)
    assert summary is not None
    people = dict(zip(summary.outcomes.rows, summary.outcomes.cells, strict=True))
    assert people["suggested"] == ["<5"] and people["places_taken"] == ["<5"]
    assert summary.filled.rows == ["ITC11"] and summary.filled.cells == [["<5"]]
    text = repr(summary.outcomes) + repr(summary.filled) + repr(summary.places)
    for profile in profiles:
        assert profile.reference not in text
    # Another network's coordinator does not see it at all.
    assert allocation.run_summary(session, actor=net.fr_coordinator, settings=SETTINGS) is None


def test_offer_open_to_one_regional_network_only_goes_to_its_people(session: Session) -> None:
    net = Net(session)
    kitchen(session, net, places=1, network_id=net.france.id)
    person(session, net)
    session.commit()
    run = allocation.run_allocation(session, actor=net.admin)
    assert run.summary["reasons"].get("suggested", 0) == 0


def test_caseworker_gets_proposals_and_may_dismiss(session: Session) -> None:
    net = Net(session)
    kitchen(session, net, places=1)
    profile = person(session, net)
    session.commit()
    allocation.run_allocation(session, actor=net.coordinator)
    views = allocation.suggestions_for_caseworker(session, actor=net.caseworker)
    assert [v.profile_reference for v in views] == [profile.reference]
    assert views[0].rank == 1 and views[0].offer_title == "Aiuto cuoco"
    other_org_caseworker = make_user(session, role="caseworker", organisation=net.fr_ngo)
    session.commit()
    assert allocation.suggestions_for_caseworker(session, actor=other_org_caseworker) == []
    with pytest.raises(NotFound):
        allocation.dismiss_suggestion(
            session, actor=other_org_caseworker, suggestion_id=views[0].id
        )
    allocation.dismiss_suggestion(session, actor=net.caseworker, suggestion_id=views[0].id)
    assert allocation.suggestions_for_caseworker(session, actor=net.caseworker) == []
    with pytest.raises(Conflict):
        allocation.dismiss_suggestion(session, actor=net.caseworker, suggestion_id=views[0].id)


def test_a_new_run_supersedes_the_last(session: Session) -> None:
    net = Net(session)
    kitchen(session, net, places=1)
    person(session, net)
    session.commit()
    allocation.run_allocation(session, actor=net.coordinator)
    allocation.run_allocation(session, actor=net.coordinator)
    statuses = [s.status for s in session.exec(select(AllocationSuggestion)).all()]
    assert statuses.count("proposed") == 1 and statuses.count("superseded") == 1


def test_only_coordinators_run_and_only_caseworkers_get_proposals(session: Session) -> None:
    net = Net(session)
    session.commit()
    with pytest.raises(Forbidden):
        allocation.run_allocation(session, actor=net.caseworker)
    with pytest.raises(Forbidden):
        allocation.suggestions_for_caseworker(session, actor=net.coordinator)
