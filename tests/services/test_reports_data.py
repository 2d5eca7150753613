"""Reports and allocation suggestions on a file SQLite database and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from jobmatch.models import AllocationRun, AllocationSuggestion, Offer
from jobmatch.services import allocation, reports
from tests.factories import make_consent, make_offer, make_profile
from tests.services.test_reports import SETTINGS, TODAY, Net, placements


def test_reports_and_suggestions(db_engine: Engine) -> None:
    with Session(db_engine, expire_on_commit=False) as session:
        net = Net(session)
        placements(session, net, 6, month=3)
        offer: Offer = make_offer(session, organisation=net.employer)
        profile = make_profile(session, organisation=net.ngo)
        make_consent(session, profile=profile)
        run = AllocationRun(network_ids=[net.national.id, net.piemonte.id])
        session.add(run)
        session.flush()
        assert run.id is not None and offer.id is not None and profile.id is not None
        session.add(
            AllocationSuggestion(
                run_id=run.id, profile_id=profile.id, offer_id=offer.id, score=80.0, rank=1
            )
        )
        session.commit()
        table = reports.report(
            session,
            actor=net.coordinator,
            settings=SETTINGS,
            key="outcomes",
            by="region",
            today=TODAY,
        )
        assert table.records()[0]["hired"] == 6
        views = allocation.suggestions_for_caseworker(session, actor=net.caseworker)
        assert [v.profile_reference for v in views] == [profile.reference]
        assert allocation.latest_run(session, actor=net.coordinator) == run
        assert allocation.latest_run(session, actor=net.fr_coordinator) is None
        allocation.dismiss_suggestion(session, actor=net.caseworker, suggestion_id=views[0].id)
        assert allocation.suggestions_for_caseworker(session, actor=net.caseworker) == []
