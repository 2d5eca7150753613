"""Offers: posting, associations posting for members, visibility, editing and the status moves."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from jobmatch.errors import Conflict, Forbidden, Invalid, NotFound
from jobmatch.models import AuditEvent, Introduction, Organisation, User
from jobmatch.models.enums import OfferStatus
from jobmatch.services import offers
from tests.factories import make_offer, make_organisation, make_user

OFFER = {
    "kind": "job",
    "title": "Kitchen assistant",
    "skills": [{"skill": "prepare vegetables", "importance": "essential"}],
    "languages": [{"code": "it", "level": "A2"}],
    "region": "ITC11",
    "hours_per_week": 30,
    "sector": "I",
    "supports": ["mentoring", "housing"],
}


@pytest.fixture
def world(session: Session) -> dict[str, User | Organisation]:
    association = make_organisation(session, name="Confartigianato", kind="employer_association")
    bakery = make_organisation(session, name="Forno Rossi", association_id=association.id)
    hotel = make_organisation(session, name="Hotel Bellavista")
    ngo = make_organisation(session, name="On the Road", kind="ngo")
    world: dict[str, User | Organisation] = {
        "association": association,
        "bakery": bakery,
        "hotel": hotel,
        "baker": make_user(session, role="employer", organisation=bakery),
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
    }
    session.commit()
    return world


def _user(world: dict[str, User | Organisation], name: str) -> User:
    user = world[name]
    assert isinstance(user, User)
    return user


def test_an_employer_posts_an_open_offer_for_itself(session: Session, world: dict) -> None:
    baker = _user(world, "baker")
    detail = offers.create_offer(session, actor=baker, data=OFFER)
    offer = detail.offer
    assert offer.status == OfferStatus.OPEN and offer.published_at is not None
    assert detail.owner.name == "Forno Rossi" and detail.posted_by is None
    assert offer.supports == ["housing", "mentoring"]
    assert offer.created_by_id == baker.id
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "offer.created")).all()
    assert [e.object_id for e in events] == [offer.id]


def test_every_wrong_field_is_named(session: Session, world: dict) -> None:
    bad = {**OFFER, "region": "Turin", "places": 0, "languages": [{"code": "it", "level": "Z9"}]}
    with pytest.raises(Invalid) as caught:
        offers.create_offer(session, actor=_user(world, "baker"), data=bad)
    fields = caught.value.fields
    assert set(fields) == {"region", "places", "languages"}
    assert "NUTS code" in fields["region"]
    assert not fields["region"].startswith("Value error")


def test_an_association_posts_for_a_member_and_both_names_show(
    session: Session, world: dict
) -> None:
    bakery = world["bakery"]
    detail = offers.create_offer(
        session, actor=_user(world, "assoc_user"), data=OFFER, organisation_id=bakery.id
    )
    assert detail.owner.name == "Forno Rossi"
    assert detail.posted_by is not None and detail.posted_by.name == "Confartigianato"
    # The member company manages it too.
    offers.close_offer(session, actor=_user(world, "baker"), offer_id=detail.offer.id)


def test_an_association_cannot_post_for_a_company_that_is_not_a_member(
    session: Session, world: dict
) -> None:
    with pytest.raises(Invalid) as caught:
        offers.create_offer(
            session,
            actor=_user(world, "assoc_user"),
            data=OFFER,
            organisation_id=world["hotel"].id,
        )
    assert "organisation" in caught.value.fields
    with pytest.raises(Invalid):
        offers.create_offer(
            session, actor=_user(world, "baker"), data=OFFER, organisation_id=world["hotel"].id
        )


def test_only_employers_and_associations_post(session: Session, world: dict) -> None:
    with pytest.raises(Forbidden):
        offers.create_offer(session, actor=_user(world, "caseworker"), data=OFFER)


def test_another_companys_draft_and_offers_are_not_found(session: Session, world: dict) -> None:
    draft = offers.create_offer(
        session, actor=_user(world, "hotelier"), data=OFFER, status="draft"
    ).offer
    opened = offers.create_offer(session, actor=_user(world, "hotelier"), data=OFFER).offer
    baker = _user(world, "baker")
    for offer_id in (draft.id, opened.id):
        assert offer_id is not None
        with pytest.raises(NotFound):
            offers.get_offer(session, actor=baker, offer_id=offer_id)
        with pytest.raises(NotFound):
            offers.update_offer(session, actor=baker, offer_id=offer_id, changes={"title": "x"})
        with pytest.raises(NotFound):
            offers.close_offer(session, actor=baker, offer_id=offer_id)
    found, total = offers.list_offers(session, actor=baker)
    assert found == [] and total == 0
    # The association does not see a company that is not its member.
    found, total = offers.list_offers(session, actor=_user(world, "assoc_user"))
    assert total == 0


def test_caseworkers_see_published_offers_but_not_drafts_and_cannot_change_them(
    session: Session, world: dict
) -> None:
    hotelier = _user(world, "hotelier")
    draft = offers.create_offer(session, actor=hotelier, data=OFFER, status="draft").offer
    opened = offers.create_offer(session, actor=hotelier, data=OFFER).offer
    caseworker = _user(world, "caseworker")
    found, total = offers.list_offers(session, actor=caseworker)
    assert [d.offer.id for d in found] == [opened.id] and total == 1
    assert draft.id is not None and opened.id is not None
    with pytest.raises(NotFound):
        offers.get_offer(session, actor=caseworker, offer_id=draft.id)
    with pytest.raises(Forbidden):
        offers.update_offer(session, actor=caseworker, offer_id=opened.id, changes={"title": "x"})


def test_association_lists_its_members_offers(session: Session, world: dict) -> None:
    offers.create_offer(session, actor=_user(world, "baker"), data=OFFER, status="draft")
    offers.create_offer(session, actor=_user(world, "hotelier"), data=OFFER)
    found, total = offers.list_offers(session, actor=_user(world, "assoc_user"))
    assert total == 1 and found[0].owner.name == "Forno Rossi"


def test_filters_by_status_kind_and_region(session: Session, world: dict) -> None:
    baker = _user(world, "baker")
    offers.create_offer(session, actor=baker, data=OFFER)
    offers.create_offer(session, actor=baker, data={**OFFER, "region": "ITC33"}, status="draft")
    offers.create_offer(session, actor=baker, data={**OFFER, "kind": "training", "region": "FR101"})
    assert offers.list_offers(session, actor=baker, region="ITC1")[1] == 1
    assert offers.list_offers(session, actor=baker, region="IT")[1] == 2
    assert offers.list_offers(session, actor=baker, status="draft")[1] == 1
    assert offers.list_offers(session, actor=baker, kind="training")[1] == 1
    page, total = offers.list_offers(session, actor=baker, page=2, per_page=2)
    assert total == 3 and len(page) == 1
    with pytest.raises(Invalid) as caught:
        offers.list_offers(session, actor=baker, status="gone", region="??", per_page=500)
    assert set(caught.value.fields) == {"status", "region", "per_page"}


def test_editing_merges_and_validates(session: Session, world: dict) -> None:
    baker = _user(world, "baker")
    offer = offers.create_offer(session, actor=baker, data=OFFER).offer
    assert offer.id is not None
    changed = offers.update_offer(
        session, actor=baker, offer_id=offer.id, changes={"title": "Baker's helper", "places": 3}
    ).offer
    assert changed.title == "Baker's helper" and changed.places == 3
    assert changed.region == "ITC11"
    with pytest.raises(Invalid) as caught:
        offers.update_offer(session, actor=baker, offer_id=offer.id, changes={"title": ""})
    assert "title" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        offers.update_offer(session, actor=baker, offer_id=offer.id, changes={"salary": 3})
    assert "salary" in caught.value.fields


def test_status_moves(session: Session, world: dict) -> None:
    baker = _user(world, "baker")
    draft = offers.create_offer(session, actor=baker, data=OFFER, status="draft").offer
    assert draft.id is not None and draft.published_at is None
    published = offers.publish_offer(session, actor=baker, offer_id=draft.id).offer
    assert published.status == "open" and published.published_at is not None
    filled = offers.mark_filled(session, actor=baker, offer_id=draft.id).offer
    assert filled.status == "filled" and filled.closed_at is not None
    with pytest.raises(Conflict):
        offers.publish_offer(session, actor=baker, offer_id=draft.id)
    with pytest.raises(Conflict):
        offers.update_offer(session, actor=baker, offer_id=draft.id, changes={"title": "New"})
    offers.close_offer(session, actor=baker, offer_id=draft.id)
    with pytest.raises(Conflict):
        offers.close_offer(session, actor=baker, offer_id=draft.id)


def test_patching_the_status_moves_the_offer(session: Session, world: dict) -> None:
    baker = _user(world, "baker")
    offer = make_offer(session, organisation=world["bakery"], status="draft")
    session.commit()
    assert offer.id is not None
    moved = offers.update_offer(
        session, actor=baker, offer_id=offer.id, changes={"status": "open", "places": 4}
    ).offer
    assert moved.status == "open" and moved.places == 4


def test_closing_or_filling_expires_the_waiting_requests(session: Session, world: dict) -> None:
    baker = _user(world, "baker")
    for close in (offers.close_offer, offers.mark_filled):
        offer = make_offer(session, organisation=world["bakery"])
        waiting = Introduction(offer_id=offer.id, initiated_by="employer", status="requested")
        approved = Introduction(offer_id=offer.id, initiated_by="employer", status="approved")
        session.add_all([waiting, approved])
        session.commit()
        assert offer.id is not None
        close(session, actor=baker, offer_id=offer.id)
        session.refresh(waiting)
        session.refresh(approved)
        assert waiting.status == "expired" and approved.status == "approved"
