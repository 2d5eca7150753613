"""The offer and organisation queries on a real database file and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from jobmatch.models import Introduction
from jobmatch.services import offers, organisations
from tests.factories import make_offer, make_organisation, make_user


def test_listing_filtering_and_member_overview(db_engine: Engine) -> None:
    with Session(db_engine, expire_on_commit=False) as session:
        association = make_organisation(session, name="Assoc", kind="employer_association")
        hotel = make_organisation(session, name="Hotel", association_id=association.id)
        other = make_organisation(session, name="Other")
        make_offer(session, organisation=hotel, region="ITC11")
        make_offer(session, organisation=hotel, region="ITC33", status="draft")
        posted = make_offer(session, organisation=other, posted_by_id=association.id)
        filled = make_offer(session, organisation=hotel, status="filled")
        session.add(Introduction(offer_id=filled.id, initiated_by="employer", status="approved"))
        user = make_user(session, role="association", organisation=association)
        session.commit()

        found, total = offers.list_offers(session, actor=user, region="ITC3")
        assert total == 1 and found[0].owner.name == "Hotel"
        found, total = offers.list_offers(session, actor=user)
        assert total == 4 and posted.id in {d.offer.id for d in found}
        assert offers.list_offers(session, actor=user, status="draft")[1] == 1

        overview = {
            m.organisation.name: m.counts
            for m in organisations.member_overview(session, actor=user)
        }
        assert overview["Hotel"] == {
            "offers_open": 1,
            "offers_draft": 1,
            "offers_filled": 1,
            "introductions_approved": 1,
        }
        assert overview["Assoc"] == {}
