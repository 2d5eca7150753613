"""Network reports: the coordinator's networks only, counts only, small counts hidden."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.errors import Forbidden, Invalid, NotFound
from jobmatch.models import Introduction, Network, Organisation, OutcomeEvent, User
from jobmatch.services import reports
from jobmatch.services.organisations import add_membership, create_network
from tests.factories import make_consent, make_offer, make_organisation, make_profile, make_user

TODAY = date(2026, 6, 15)
SETTINGS = Settings(env="test", database_url="sqlite://")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


class Net:
    """A national network with a regional sub-network, and one outside network."""

    def __init__(self, session: Session) -> None:
        self.national = create_network(session, name="Rete Italia", scope="national", country="IT")
        self.piemonte = create_network(
            session,
            name="Rete Piemonte",
            scope="regional",
            country="IT",
            region="ITC1",
            parent=self.national,
        )
        self.france = create_network(session, name="Réseau France", scope="national", country="FR")
        self.coord_org = make_organisation(session, kind="public_authority", region="ITC11")
        self.ngo = make_organisation(session, kind="ngo", region="ITC11")
        self.employer = make_organisation(session, kind="employer", region="ITC11", sector="I")
        self.fr_ngo = make_organisation(session, kind="ngo", region="FR101")
        add_membership(
            session,
            organisation=self.coord_org,
            network=self.national,
            role="coordinator",
            agreement_signed_on=date(2025, 1, 1),
        )
        for org in (self.ngo, self.employer):
            add_membership(
                session,
                organisation=org,
                network=self.piemonte,
                role="support_service",
                agreement_signed_on=None,
            )
        add_membership(
            session,
            organisation=self.fr_ngo,
            network=self.france,
            role="support_service",
            agreement_signed_on=None,
        )
        self.coordinator = make_user(session, role="coordinator", organisation=self.coord_org)
        self.fr_coordinator = make_user(session, role="coordinator", organisation=self.fr_ngo)
        self.caseworker = make_user(session, role="caseworker", organisation=self.ngo)
        self.admin = make_user(session, role="admin", organisation=self.coord_org)


def placements(session: Session, net: Net, n: int, *, month: int, consent: bool = True) -> None:
    offer = make_offer(
        session, organisation=net.employer, published_at=at(date(2026, month, 1)), places=n
    )
    for _ in range(n):
        profile = make_profile(
            session, organisation=net.ngo, created_at=at(date(2026, 1, 1)), status="placed"
        )
        if consent:
            make_consent(session, profile=profile, given_on=date(2026, 1, 1))
        intro = Introduction(
            offer_id=offer.id,
            profile_id=profile.id,
            status="approved",
            initiated_by="caseworker",
            created_at=at(date(2026, month, 2)),
        )
        session.add(intro)
        session.flush()
        session.add(
            OutcomeEvent(
                introduction_id=intro.id,
                profile_id=profile.id,
                offer_id=offer.id,
                organisation_id=net.ngo.id,
                kind="hired",
                date=date(2026, month, 10),
            )
        )
    session.flush()


def run(session: Session, actor: User, key: str, **kw: object) -> reports.ReportTable:
    return reports.report(session, actor=actor, settings=SETTINGS, key=key, today=TODAY, **kw)  # type: ignore[arg-type]


def test_only_coordinators_and_admins_read_reports(session: Session) -> None:
    net = Net(session)
    with pytest.raises(Forbidden):
        run(session, net.caseworker, "outcomes")
    employer = make_user(session, role="employer", organisation=net.employer)
    with pytest.raises(Forbidden):
        run(session, employer, "outcomes")


def test_scope_is_own_networks_and_sub_networks(session: Session) -> None:
    net = Net(session)
    scope = reports.network_scope(session, actor=net.coordinator)
    assert scope.network_ids == {net.national.id, net.piemonte.id}
    assert net.ngo.id in scope.organisation_ids and net.fr_ngo.id not in scope.organisation_ids
    france = reports.network_scope(session, actor=net.fr_coordinator)
    assert france.network_ids == {net.france.id}
    assert reports.network_scope(session, actor=net.admin).everything


def test_placements_by_month_are_counted_and_small_months_hidden(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    placements(session, net, 2, month=4)
    table = run(session, net.coordinator, "placements")
    by_month = dict(zip(table.rows, [row[0] for row in table.cells], strict=True))
    assert by_month["2026-04"] == "<5"
    # 8 in total is published; then March's 6 would give April away: it is hidden too.
    assert table.column_totals is not None and table.column_totals[0] == 8
    assert by_month["2026-03"] == "x"
    assert table.suppressed == 2
    assert by_month["2026-05"] == 0


def test_another_networks_coordinator_sees_nothing_of_it(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    table = run(session, net.fr_coordinator, "placements")
    assert table.column_totals == [0, 0, 0, 0, 0]


def test_people_without_reporting_consent_are_not_counted(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3, consent=False)
    table = run(session, net.coordinator, "placements")
    assert table.column_totals is not None and table.column_totals[0] == 0


def test_outcomes_by_region_never_name_a_person(session: Session) -> None:
    net = Net(session)
    placements(session, net, 7, month=3)
    table = run(session, net.coordinator, "outcomes", by="region")
    records = table.records()
    assert records == [
        {
            "region": "ITC11",
            "introductions": 7,
            "approved": 7,
            "hired": 7,
            "started": 0,
            "retained_1m": 0,
            "retained_3m": 0,
            "retained_6m": 0,
            "retained_12m": 0,
            "ended": 0,
        }
    ]
    text = repr(records)
    for profile_word in ("reference", "profile_id", "JM-"):
        assert profile_word not in text


def test_time_to_placement_median_only_where_enough_people(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    placements(session, net, 2, month=4)
    table = run(session, net.coordinator, "time_to_placement", by="region")
    assert table.records()[0]["median_days"] == float((date(2026, 3, 10) - date(2026, 1, 1)).days)
    monthly = run(session, net.coordinator, "time_to_placement")
    medians = dict(zip(monthly.rows, monthly.extra["median_days"], strict=True))
    assert medians["2026-04"] is None and medians["2026-03"] is None


def test_filters(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    filters = reports.parse_filters(region="FR", date_from="2026-01-01", date_to="2026-06-30")
    table = run(session, net.coordinator, "placements", filters=filters)
    assert table.column_totals is not None and table.column_totals[0] == 0
    filters = reports.parse_filters(organisation=str(net.ngo.id), date_from="2026-01-01")
    table = run(session, net.coordinator, "placements", filters=filters)
    assert table.column_totals is not None and table.column_totals[0] == 6
    assert table.rows[0] == "2026-01" and table.rows[-1] == "2026-06"


def test_bad_filters_are_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        reports.parse_filters(date_from="yesterday", kind="cruise", region="IT C1")
    assert set(caught.value.fields) == {"from", "kind", "region"}


def test_a_network_outside_the_scope_is_not_found(session: Session) -> None:
    net = Net(session)
    assert isinstance(net.france, Network)
    with pytest.raises(NotFound):
        run(
            session,
            net.coordinator,
            "offers",
            filters=reports.ReportFilters(network_id=net.france.id),
        )


def test_dashboard_tables(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    tables = reports.dashboard(
        session, actor=net.coordinator, settings=SETTINGS, by="sector", today=TODAY
    )
    keys = [t.key for t in tables]
    assert keys == [
        "offers",
        "places",
        "profiles",
        "introductions",
        "placements",
        "time_to_placement",
        "declines",
    ]
    offers = tables[0]
    assert offers.rows == ["I"] and offers.row_labels == ["I – Accommodation and food services"]
    assert offers.cells == [["<5", 0, 0, 0]]
    places = tables[1]
    assert places.cells == [[6, 0, 0, 0]]


def test_unknown_report_and_grouping(session: Session) -> None:
    net = Net(session)
    with pytest.raises(NotFound):
        run(session, net.coordinator, "people")
    with pytest.raises(Invalid):
        run(session, net.coordinator, "offers", by="person")


def test_organisation_of_another_network_is_not_a_filter_choice(session: Session) -> None:
    net = Net(session)
    names = {o.name for o in reports.organisations_in_scope(session, actor=net.coordinator)}
    assert isinstance(net.fr_ngo, Organisation)
    assert net.ngo.name in names and net.fr_ngo.name not in names


def test_a_period_longer_than_five_years_is_invalid(session: Session) -> None:
    net = Net(session)
    filters = reports.parse_filters(date_from="2015-01-01", date_to="2026-01-01")
    with pytest.raises(Invalid) as caught:
        run(session, net.coordinator, "offers", filters=filters)
    assert "from" in caught.value.fields
