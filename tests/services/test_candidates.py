"""Anonymised candidates: generalised fields only, per-offer refs, k-anonymity, introductions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from jobmatch.config import Settings
from jobmatch.errors import Conflict, Forbidden, NotFound
from jobmatch.models import Introduction, Offer, Organisation, Profile, User
from jobmatch.services import candidates, introductions, matching
from tests.factories import make_consent, make_offer, make_organisation, make_profile, make_user


def _profiles(session: Session, ngo: Organisation, n: int, **overrides: Any) -> list[Profile]:
    made = []
    for _ in range(n):
        profile = make_profile(session, organisation=ngo, **overrides)
        make_consent(session, profile=profile)
        made.append(profile)
    return made


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    association = make_organisation(session, name="Confcommercio", kind="employer_association")
    hotel = make_organisation(session, name="Hotel Bellavista", association_id=association.id)
    other = make_organisation(session, name="Trattoria Da Mario")
    ngo = make_organisation(session, name="On the Road", kind="ngo")
    world = {
        "hotel": hotel,
        "ngo": ngo,
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "other_employer": make_user(session, role="employer", organisation=other),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
        "offer": make_offer(session, organisation=hotel, supports=["mentoring", "housing"]),
        "second_offer": make_offer(session, organisation=hotel, title="Dishwasher"),
        "crowd": _profiles(session, ngo, 5, needs=["housing", "childcare"]),
    }
    session.commit()
    return world


def _ids(world: dict[str, Any]) -> tuple[User, int]:
    offer: Offer = world["offer"]
    assert offer.id is not None
    return world["hotelier"], offer.id


def test_candidates_carry_only_generalised_fields(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    hotelier, offer_id = _ids(world)
    result = candidates.list_candidates(
        session, actor=hotelier, settings=settings, offer_id=offer_id
    )
    assert len(result.candidates) == 5 and result.withheld == 0
    view = result.candidates[0].as_dict()
    assert set(view) == {
        "ref",
        "score",
        "explanation",
        "skills",
        "languages",
        "region",
        "regions",
        "available",
        "experience",
        "supports",
        "other_languages_hidden",
    }
    assert view["region"] == "ITC1"
    assert view["languages"] == [{"code": "it", "level": "B1"}]
    assert view["experience"] == "1-2"
    assert view["available"] == date.today().strftime("%Y-%m")
    # Only the supports the person needs that the offer provides.
    assert view["supports"] == ["housing"]
    assert view["skills"] == ["prepare vegetable products for use in a dish"]  # the ESCO label
    assert set(view["explanation"]) == {"matched", "missing", "related", "parts"}
    text = json.dumps([c.as_dict() for c in result.candidates])
    for profile in world["crowd"]:
        assert profile.reference not in text
        assert f'"id": {profile.id}' not in text
    assert "kitchen porter" not in text  # experience titles are not shown


def test_refs_differ_between_offers_and_work_only_on_their_own(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    hotelier, offer_id = _ids(world)
    second_id = world["second_offer"].id
    first = candidates.list_candidates(
        session, actor=hotelier, settings=settings, offer_id=offer_id
    )
    second = candidates.list_candidates(
        session, actor=hotelier, settings=settings, offer_id=second_id
    )
    first_refs = {c.ref for c in first.candidates}
    second_refs = {c.ref for c in second.candidates}
    assert len(first_refs) == 5 and len(second_refs) == 5
    assert not first_refs & second_refs
    ref = sorted(first_refs)[0]
    offer, profile = candidates.resolve_candidate(
        session, actor=hotelier, settings=settings, offer_id=offer_id, ref=ref
    )
    assert offer.id == offer_id and profile in world["crowd"]
    with pytest.raises(NotFound):
        candidates.resolve_candidate(
            session, actor=hotelier, settings=settings, offer_id=second_id, ref=ref
        )
    with pytest.raises(NotFound):
        candidates.resolve_candidate(
            session, actor=hotelier, settings=settings, offer_id=offer_id, ref="0" * 12
        )


def test_a_rare_combination_is_generalised_or_withheld(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    ngo = world["ngo"]
    # Five people who share Italian and Romanian, at different levels: shown without levels.
    for level in ("A1", "A2", "B1", "B2", "C1"):
        _profiles(
            session,
            ngo,
            1,
            languages=[{"code": "it", "level": "B2"}, {"code": "ro", "level": level}],
        )
    # One person with a language nobody else has: shown with the offer's language only.
    (lonely,) = _profiles(
        session, ngo, 1, languages=[{"code": "it", "level": "B2"}, {"code": "tl", "level": "C2"}]
    )
    # One person alone in Slovakia, who accepts remote work: withheld, never shown.
    (far,) = _profiles(
        session,
        ngo,
        1,
        regions=["SK01"],
        remote_ok=True,
        languages=[{"code": "it", "level": "B2"}],
    )
    world["offer"].remote = True
    session.add(world["offer"])
    session.commit()
    hotelier, offer_id = _ids(world)
    result = candidates.list_candidates(
        session, actor=hotelier, settings=settings, offer_id=offer_id, limit=50
    )
    assert len(result.candidates) == 11 and result.withheld == 1
    shown = [c.as_dict() for c in result.candidates]
    with_ro = [c for c in shown if any(lang["code"] == "ro" for lang in c["languages"])]
    assert len(with_ro) == 5
    for candidate in with_ro:
        assert {lang["level"] for lang in candidate["languages"]} == {None}
        assert candidate["experience"] == "0-2"  # the wider band goes with the wider group
        assert not candidate["other_languages_hidden"]
    assert all(lang["code"] != "tl" for c in shown for lang in c["languages"])
    hidden = [c for c in shown if c["other_languages_hidden"]]
    assert len(hidden) == 1 and hidden[0]["languages"] == [{"code": "it", "level": "B2"}]
    assert all("SK" not in c["region"] for c in shown)
    from jobmatch.services.introductions import candidate_ref

    # The lonely person's ref resolves; the withheld one's does not.
    lonely_ref = candidate_ref(settings, offer_id, lonely.id)
    assert hidden[0]["ref"] == lonely_ref
    candidates.resolve_candidate(
        session, actor=hotelier, settings=settings, offer_id=offer_id, ref=lonely_ref
    )
    far_ref = candidate_ref(settings, offer_id, far.id)
    with pytest.raises(NotFound):
        candidates.resolve_candidate(
            session, actor=hotelier, settings=settings, offer_id=offer_id, ref=far_ref
        )


def test_each_level_reveals_less_than_the_one_before() -> None:
    profile = Profile(
        reference="JM-TEST-0001",
        organisation_id=1,
        regions=["ITC11", "ITC4"],
        languages=[{"code": "it", "level": "B2"}, {"code": "yo", "level": "C2"}],
        experience=[{"occupation": "cook", "years": 4}],
    )
    asked = frozenset({"it"})
    seen = [candidates.quasi_identifiers(profile, level, asked) for level in candidates.LEVELS]
    assert seen[0] == (frozenset({"ITC1", "ITC4"}), frozenset({"it:B2", "yo:C2"}), "3-5")
    assert seen[-1] == (frozenset({"IT"}), frozenset(), "*")
    for wider, narrower in zip(seen[1:], seen, strict=False):
        assert len(wider[1]) <= len(narrower[1])
        assert len(wider[0]) <= len(narrower[0])


def test_the_region_widens_to_the_country_when_the_nuts2_group_is_too_small(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    ngo = world["ngo"]
    # Four more people in Liguria + Piemonte, one more with a different experience band.
    _profiles(session, ngo, 4, regions=["ITC1", "ITC3"], remote_ok=True)
    session.commit()
    hotelier, offer_id = _ids(world)
    settings_k = settings.model_copy(update={"k_anonymity": 5})
    result = candidates.list_candidates(
        session, actor=hotelier, settings=settings_k, offer_id=offer_id, limit=50
    )
    regions = sorted(c.as_dict()["region"] for c in result.candidates)
    assert regions.count("ITC1") == 5
    # {ITC1, ITC3} is shared by four people only: at country level they join the others (9).
    assert regions.count("IT") == 4
    assert result.withheld == 0


def test_k_is_a_setting(session: Session, settings: Settings, world: dict[str, Any]) -> None:
    hotelier, offer_id = _ids(world)
    strict = settings.model_copy(update={"k_anonymity": 6})
    result = candidates.list_candidates(session, actor=hotelier, settings=strict, offer_id=offer_id)
    assert result.candidates == [] and result.withheld == 5


def test_who_may_see_candidates(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    _hotelier, offer_id = _ids(world)
    assoc = candidates.list_candidates(
        session, actor=world["assoc_user"], settings=settings, offer_id=offer_id
    )
    assert len(assoc.candidates) == 5
    with pytest.raises(NotFound):
        candidates.list_candidates(
            session, actor=world["other_employer"], settings=settings, offer_id=offer_id
        )
    with pytest.raises(Forbidden):
        candidates.list_candidates(
            session, actor=world["caseworker"], settings=settings, offer_id=offer_id
        )


def test_a_draft_has_no_candidates(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    draft = make_offer(session, organisation=world["hotel"], status="draft")
    session.commit()
    assert draft.id is not None
    with pytest.raises(Conflict):
        candidates.list_candidates(
            session, actor=world["hotelier"], settings=settings, offer_id=draft.id
        )
    with pytest.raises(NotFound):
        candidates.list_candidates(
            session, actor=world["other_employer"], settings=settings, offer_id=draft.id
        )


def test_asking_for_an_introduction(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    hotelier, offer_id = _ids(world)
    refs = [
        c.ref
        for c in candidates.list_candidates(
            session, actor=hotelier, settings=settings, offer_id=offer_id
        ).candidates
    ]
    one = settings.model_copy(update={"max_open_requests_per_offer": 2})
    for ref in refs[:2]:
        introduction = candidates.request_introduction(
            session,
            actor=hotelier,
            settings=one,
            offer_id=offer_id,
            ref=ref,
            message="We would like to meet.",
        )
        assert introduction.status == "requested"
    with pytest.raises(Conflict):
        candidates.request_introduction(
            session, actor=hotelier, settings=one, offer_id=offer_id, ref=refs[2], message=None
        )
    stored = session.exec(select(Introduction)).all()
    assert {i.profile_id for i in stored} <= {p.id for p in world["crowd"]}
    assert len(stored) == 2


def test_experience_bands() -> None:
    assert [candidates.experience_band(y) for y in (0, 0.5, 1, 2.9, 3, 5.5, 6, 10.9, 11, 40)] == [
        "0",
        "<1",
        "1-2",
        "1-2",
        "3-5",
        "3-5",
        "6-10",
        "6-10",
        "10+",
        "10+",
    ]
    assert [candidates.experience_band(y, wide=True) for y in (0, 2.5, 3, 20)] == [
        "0-2",
        "0-2",
        "3+",
        "3+",
    ]


def test_a_future_availability_shows_its_month_only(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    later = date.today() + timedelta(days=70)
    for profile in world["crowd"]:
        profile.available_from = later
        session.add(profile)
    session.commit()
    hotelier, offer_id = _ids(world)
    result = candidates.list_candidates(
        session, actor=hotelier, settings=settings, offer_id=offer_id
    )
    assert {c.available for c in result.candidates} == {later.strftime("%Y-%m")}


def test_only_esco_skills_reach_the_employer(session: Session) -> None:
    ngo = make_organisation(session, kind="ngo")
    profile = make_profile(
        session,
        organisation=ngo,
        skills=[
            {"skill": "http://data.europa.eu/esco/skill/9b31016e-c99d-4bd2-a550-d5660dac5041"},
            {"skill": "use cookng techniques"},
            {"skill": "repairs accordions for the Zorvina street band"},
        ],
    )
    assert candidates.employer_visible_skills(profile) == [
        "clean kitchen equipment",
        "use cooking techniques",
    ]


def test_only_profiles_the_offer_could_show_make_up_the_crowd(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    """A view hides among the offer's candidate pool: active, consenting, admissible."""
    ngo, offer = world["ngo"], world["offer"]
    hotelier, offer_id = _ids(world)
    six = settings.model_copy(update={"k_anonymity": 6})
    # Look-alikes of the five (same region, language and experience) whom the offer never
    # shows: no consent, a withdrawn one, an expired one, a paused profile, the offer's sector
    # excluded, only training wanted, fewer hours than the offer asks.
    make_profile(session, organisation=ngo)
    withdrawn = make_profile(session, organisation=ngo)
    make_consent(session, profile=withdrawn, withdrawn_at=datetime.now(UTC))
    expired = make_profile(session, organisation=ngo)
    make_consent(
        session,
        profile=expired,
        given_on=date.today() - timedelta(days=400),
        expires_on=date.today() - timedelta(days=35),
    )
    _profiles(session, ngo, 1, status="paused")
    _profiles(session, ngo, 1, excluded_sectors=[offer.sector])
    _profiles(session, ngo, 1, wants=["training"])
    _profiles(session, ngo, 1, hours_per_week=20)
    session.commit()
    result = candidates.list_candidates(session, actor=hotelier, settings=six, offer_id=offer_id)
    # Five people could be behind each view: fewer than six, so nobody is shown.
    assert result.candidates == [] and result.withheld == 5
    refs = [introductions.candidate_ref(six, offer_id, p.id) for p in world["crowd"]]
    with pytest.raises(NotFound):
        candidates.resolve_candidate(
            session, actor=hotelier, settings=six, offer_id=offer_id, ref=refs[0]
        )
    # A sixth person the offer can show: now each of the six hides among six.
    (sixth,) = _profiles(session, ngo, 1)
    matching.mark_changed(session, profile=sixth)
    session.commit()
    result = candidates.list_candidates(session, actor=hotelier, settings=six, offer_id=offer_id)
    assert len(result.candidates) == 6 and result.withheld == 0
    assert {c.level for c in result.candidates} == {candidates.LEVELS[0]}


def test_views_of_one_crowd_do_not_tell_who_speaks_other_languages(
    session: Session, settings: Settings, world: dict[str, Any]
) -> None:
    """Six people share what the employer sees of their languages; one of them also speaks
    Tagalog. Nothing in the six views may single that one out."""
    ngo = world["ngo"]
    six = settings.model_copy(update={"k_anonymity": 6})
    (polyglot,) = _profiles(
        session,
        ngo,
        1,
        needs=["housing", "childcare"],
        languages=[{"code": "it", "level": "B1"}, {"code": "tl", "level": "C2"}],
    )
    session.commit()
    hotelier, offer_id = _ids(world)
    result = candidates.list_candidates(session, actor=hotelier, settings=six, offer_id=offer_id)
    assert len(result.candidates) == 6 and result.withheld == 0
    assert {c.level for c in result.candidates} == {candidates.LEVELS[2]}
    seen = {
        json.dumps(
            {key: value for key, value in c.as_dict().items() if key not in ("ref", "score")},
            sort_keys=True,
        )
        for c in result.candidates
    }
    assert len(seen) == 1, seen
    ref = introductions.candidate_ref(six, offer_id, polyglot.id)
    _crowd, view = candidates.get_candidate(
        session, actor=hotelier, settings=six, offer_id=offer_id, ref=ref
    )
    assert view.other_languages_hidden and view.languages == [{"code": "it", "level": "B1"}]
