"""The matching bridge: the index follows the database, across processes, under the hard rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from jobmatch.db import make_engine
from jobmatch.models._common import utcnow
from jobmatch.services import matching
from tests.factories import make_consent, make_offer, make_organisation, make_profile

# "use cooking techniques" and "clean kitchen equipment"
COOK = "http://data.europa.eu/esco/skill/f3934441-4bff-4076-9945-e6c51a01c467"
CLEAN = "http://data.europa.eu/esco/skill/9b31016e-c99d-4bd2-a550-d5660dac5041"


def kitchen_offer(session: Session, employer: object, **overrides: object) -> object:
    values: dict[str, object] = {
        "title": "Aiuto cuoco",
        "skills": [
            {"skill": COOK, "importance": "essential"},
            {"skill": CLEAN, "importance": "essential"},
        ],
    }
    values.update(overrides)
    offer = make_offer(session, organisation=employer, **values)  # type: ignore[arg-type]
    matching.mark_changed(session, offer=offer)
    return offer


def test_offers_for_a_consenting_profile_explained(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    good = kitchen_offer(session, employer)
    kitchen_offer(session, employer, title="Cuoco a Genova", region="ITC33")  # outside ITC1
    profile = make_profile(
        session, organisation=ngo, skills=[{"skill": "cooking techniques"}], regions=["ITC1"]
    )
    make_consent(session, profile=profile)
    session.commit()
    found = matching.offers_for_profile(session, profile=profile)
    assert [m.offer.id for m in found] == [good.id]  # type: ignore[attr-defined]
    explanation = found[0].explanation
    assert [s.uri for s in explanation.matched] == [COOK]
    assert [s.label for s in explanation.missing] == ["clean kitchen equipment"]
    assert abs(sum(explanation.parts.values()) - found[0].score) < 0.5


def test_no_consent_no_matching(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    offer = kitchen_offer(session, employer)
    profile = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
    session.commit()
    assert matching.offers_for_profile(session, profile=profile) == []
    consent = make_consent(session, profile=profile)
    matching.mark_changed(session, profile=profile)
    session.commit()
    assert [m.profile.id for m in matching.profiles_for_offer(session, offer=offer)] == [profile.id]  # type: ignore[arg-type]
    consent.withdrawn_at = utcnow()
    session.add(consent)
    matching.mark_changed(session, profile=profile)
    session.commit()
    assert matching.profiles_for_offer(session, offer=offer) == []  # type: ignore[arg-type]
    assert matching.offers_for_profile(session, profile=profile) == []


def test_expired_consent_stops_matching_without_a_change(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    offer = kitchen_offer(session, employer)
    profile = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
    consent = make_consent(session, profile=profile)
    session.commit()
    assert matching.profiles_for_offer(session, offer=offer)  # type: ignore[arg-type]
    consent.expires_on = date.today() - timedelta(days=1)
    session.add(consent)
    session.commit()
    assert matching.profiles_for_offer(session, offer=offer) == []  # type: ignore[arg-type]


def test_safety_exclusions_are_never_matched(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    kitchen_offer(session, employer, region="ITC11", sector="I")
    kitchen_offer(session, employer, region="ITC12", sector="C")
    profile = make_profile(
        session,
        organisation=ngo,
        skills=[{"skill": COOK}],
        excluded_regions=["ITC11"],
        excluded_sectors=["C"],
    )
    make_consent(session, profile=profile)
    session.commit()
    assert matching.offers_for_profile(session, profile=profile) == []


def test_closing_an_offer_removes_it(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    offer = kitchen_offer(session, employer)
    profile = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
    make_consent(session, profile=profile)
    session.commit()
    assert matching.offers_for_profile(session, profile=profile)
    offer.status = "closed"  # type: ignore[attr-defined]
    session.add(offer)
    matching.mark_changed(session, offer=offer)  # type: ignore[arg-type]
    session.commit()
    assert matching.offers_for_profile(session, profile=profile) == []


def test_training_that_closes_the_gap(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    job = kitchen_offer(session, employer)
    course = kitchen_offer(
        session, employer, kind="training", title="Igiene in cucina", skills=[], teaches=[CLEAN]
    )
    profile = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
    make_consent(session, profile=profile)
    session.commit()
    found = matching.offers_for_profile(session, profile=profile)
    (match,) = [m for m in found if m.offer.id == job.id]  # type: ignore[attr-defined]
    assert [t.offer.id for t in match.training] == [course.id]  # type: ignore[attr-defined]
    assert [s.uri for s in match.training[0].covers] == [CLEAN]


def test_training_is_a_gap_filler_unless_asked_for(session: Session) -> None:
    employer = make_organisation(session)
    ngo = make_organisation(session, kind="ngo")
    job = kitchen_offer(session, employer)
    # A course teaching what the person already knows fits their skills best of all.
    course = kitchen_offer(session, employer, kind="training", title="Cucina", teaches=[COOK])
    profile = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
    make_consent(session, profile=profile)
    session.commit()

    def offers(**filters: object) -> list[int | None]:
        return [
            m.offer.id for m in matching.offers_for_profile(session, profile=profile, **filters)
        ]  # type: ignore[arg-type]

    assert offers() == [job.id]  # type: ignore[attr-defined]
    assert offers(kinds={"training"}) == [course.id]  # type: ignore[attr-defined]
    assert set(offers(kinds={"job", "training"})) == {job.id, course.id}  # type: ignore[attr-defined]
    profile.wants = ["job", "training"]
    session.add(profile)
    matching.mark_changed(session, profile=profile)
    session.commit()
    assert set(offers()) == {job.id, course.id}  # type: ignore[attr-defined]


def test_two_processes_stay_consistent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    first, second = make_engine(url), make_engine(url)  # two app processes, one database
    SQLModel.metadata.create_all(first)
    with Session(first, expire_on_commit=False) as session:
        employer = make_organisation(session)
        ngo = make_organisation(session, kind="ngo")
        profile = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
        make_consent(session, profile=profile)
        session.commit()
        assert matching.offers_for_profile(session, profile=profile) == []
    with Session(second, expire_on_commit=False) as session:
        assert matching.offers_for_profile(session, profile=profile) == []
        offer = kitchen_offer(session, employer)
        session.commit()
    with Session(first) as session:
        assert [m.offer.id for m in matching.offers_for_profile(session, profile=profile)] == [
            offer.id  # type: ignore[attr-defined]
        ]
    _dispose(first, second)


def _dispose(*engines: Engine) -> None:
    for engine in engines:
        engine.dispose()


def _statements(engine: Engine, ask: Callable[[], object]) -> int:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        ask()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_answers_take_as_many_queries_for_many_matches_as_for_one(
    session: Session, engine: Engine
) -> None:
    employers = [make_organisation(session) for _ in range(6)]
    ngo = make_organisation(session, kind="ngo")
    first = kitchen_offer(session, employers[0])
    people = []
    for _ in range(6):
        person = make_profile(session, organisation=ngo, skills=[{"skill": COOK}])
        make_consent(session, profile=person)
        matching.mark_changed(session, profile=person)
        people.append(person)
    session.commit()
    matching.warm_up(session)

    def both() -> None:
        assert matching.offers_for_profile(session, profile=people[0])
        assert matching.profiles_for_offer(session, offer=first)  # type: ignore[arg-type]

    session.expunge_all()  # nothing left in the session's identity map to hide a query
    alone = _statements(engine, both)
    for employer in employers[1:]:
        kitchen_offer(session, employer)
    session.commit()
    matching.warm_up(session)
    assert len(matching.offers_for_profile(session, profile=people[0])) == 6
    assert len(matching.profiles_for_offer(session, offer=first)) == 6  # type: ignore[arg-type]
    session.expunge_all()
    assert _statements(engine, both) == alone
