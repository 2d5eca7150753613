"""The demo network: its size, its realism, its reproducibility, and that it leaks nobody."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, func, select
from typer.testing import CliRunner

from jobmatch.app import create_app
from jobmatch.cli import app as cli
from jobmatch.config import Settings
from jobmatch.db import make_engine
from jobmatch.errors import Conflict, Forbidden
from jobmatch.matching.rules import broken_rules
from jobmatch.models import (
    AuditEvent,
    Consent,
    Identity,
    Introduction,
    Membership,
    Network,
    Offer,
    Organisation,
    OutcomeEvent,
    Profile,
    User,
)
from jobmatch.models.enums import IntroductionStatus, OfferKind, OrganisationKind, ProfileStatus
from jobmatch.security.vault import VaultCipher
from jobmatch.services.demo import DemoCounts, build_demo, load_demo
from jobmatch.services.demo.catalogue import unknown_labels
from jobmatch.services.demo.offers import PLACEMENTS
from jobmatch.services.demo.places import REGIONS
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from jobmatch.services.exchange import offer_to_exchange, profile_to_exchange
from jobmatch.services.identifying_content import find_identifying_content, profile_texts
from jobmatch.services.matching import engine_offer, engine_profile, offers_for_profile
from tests.factories import make_organisation, web_login

SEED = 7
REFERENCE = date(2026, 11, 1)
SETTINGS = Settings(env="test", database_url="sqlite://", demo=True)


def _load(engine: Engine) -> DemoCounts:
    return build_demo(
        engine, reset=False, seed=SEED, reference=REFERENCE, taxonomy=False, settings=SETTINGS
    )


@pytest.fixture(scope="module")
def demo_engine() -> Iterator[Engine]:
    """One demo network for the whole module (loading it takes a couple of seconds)."""
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    _load(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(demo_engine: Engine) -> Iterator[Session]:
    with Session(demo_engine) as session:
        yield session


def _count(db: Session, model: type[SQLModel], *where: object) -> int:
    statement = select(func.count()).select_from(model)
    for clause in where:
        statement = statement.where(clause)  # type: ignore[arg-type]
    return int(db.exec(statement).one())


def test_catalogue_names_only_skills_the_taxonomy_knows() -> None:
    assert unknown_labels() == []


def test_network_has_the_countries_regions_and_kinds_of_members(db: Session) -> None:
    networks = db.exec(select(Network)).all()
    national = {n.country: n for n in networks if n.scope == "national"}
    assert set(national) == {"IT", "FR", "SK"}
    regional = {n.region: n for n in networks if n.scope == "regional"}
    assert set(regional) == {
        "ITC1", "ITC3", "ITI1", "ITI3", "ITF1", "FR10", "FRL0", "SK01", "SK04"
    }  # fmt: skip
    for network in regional.values():
        assert network.parent_id == national[network.country].id
    kinds = Counter(db.exec(select(Organisation.kind)).all())
    assert kinds[OrganisationKind.NGO] >= 9
    assert kinds[OrganisationKind.HELPLINE] >= 1
    assert kinds[OrganisationKind.INTERNATIONAL] >= 1
    assert kinds[OrganisationKind.PUBLIC_AUTHORITY] >= 10
    names = set(db.exec(select(Organisation.name)).all())
    assert "Numero Verde Antitratta 800 290 290" in names
    memberships = db.exec(select(Membership)).all()
    assert {m.role for m in memberships} >= {
        "coordinator", "support_service", "referral", "employer", "employer_association",
        "training_provider", "helpline",
    }  # fmt: skip
    assert all(m.agreement_signed_on and m.agreement_signed_on < REFERENCE for m in memberships)


def test_employers_and_associations(db: Session) -> None:
    employers = db.exec(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.EMPLOYER)
        .where(col(Organisation.sector) != "P")
    ).all()
    assert len(employers) >= 40
    assert len({e.sector for e in employers}) >= 9
    assert all(e.contact_name and e.size for e in employers)
    associations = db.exec(
        select(Organisation).where(Organisation.kind == OrganisationKind.EMPLOYER_ASSOCIATION)
    ).all()
    assert len(associations) == 2
    assert {a.region[:2] for a in associations} == {"IT", "FR"}
    for association in associations:
        members = [e for e in employers if e.association_id == association.id]
        assert len(members) >= 5


def test_offers(db: Session) -> None:
    offers = db.exec(select(Offer)).all()
    kinds = Counter(o.kind for o in offers)
    assert len(offers) - kinds[OfferKind.TRAINING] == PLACEMENTS
    assert kinds[OfferKind.TRAINING] >= 80
    assert {OfferKind.JOB, OfferKind.PLACEMENT, OfferKind.APPRENTICESHIP} <= set(kinds)
    # Every region of the network has courses open for enrolment, starting after today.
    open_courses = [o for o in offers if o.kind == OfferKind.TRAINING and o.status == "open"]
    for region in REGIONS:
        here = [o for o in open_courses if o.region.startswith(region)]
        assert len(here) >= 4, region
        assert all(o.start and o.start > REFERENCE for o in here)
    statuses = Counter(o.status for o in offers)
    assert set(statuses) == {"draft", "open", "filled", "closed"}
    assert statuses["open"] > statuses["draft"]
    esco = "http://data.europa.eu/esco/skill/"
    for offer in offers:
        owner = db.get(Organisation, offer.organisation_id)
        assert owner is not None and owner.region == offer.region
        assert offer.languages and offer.hours_per_week
        if offer.kind == OfferKind.TRAINING:
            assert offer.teaches and all(uri.startswith(esco) for uri in offer.teaches)
        else:
            importances = {s["importance"] for s in offer.skills}
            assert "essential" in importances
            assert sum(s["skill"].startswith(esco) for s in offer.skills) >= 2
    # Associations post some offers on behalf of their member companies.
    assert any(o.posted_by_id is not None for o in offers)
    months = {o.created_at.strftime("%Y-%m") for o in offers}
    assert len(months) >= 15


def test_demo_employers_have_offers_and_introductions_to_look_at(db: Session) -> None:
    for name in ("Trattoria Sabauda S.r.l.", "Boulangerie du Marais SARL"):
        owner = db.exec(select(Organisation).where(Organisation.name == name)).one()
        statuses = set(db.exec(select(Offer.status).where(Offer.organisation_id == owner.id)))
        assert {"open", "draft"} <= statuses
        offer_ids = select(Offer.id).where(Offer.organisation_id == owner.id)
        introductions = set(
            db.exec(select(Introduction.status).where(col(Introduction.offer_id).in_(offer_ids)))
        )
        assert {"approved", "requested", "declined"} <= introductions


def test_demo_caseworkers_have_requests_to_decide(db: Session) -> None:
    for account in DEMO_ACCOUNTS:
        if account.role != "caseworker":
            continue
        owner = db.exec(select(Organisation).where(Organisation.name == account.organisation)).one()
        profile_ids = select(Profile.id).where(Profile.organisation_id == owner.id)
        pending = _count(
            db,
            Introduction,
            col(Introduction.profile_id).in_(profile_ids),
            Introduction.status == "requested",
        )
        assert pending >= 1, account.organisation


def test_profiles_identities_and_consents(db: Session) -> None:
    profiles = db.exec(select(Profile)).all()
    assert len(profiles) == 120
    assert _count(db, Identity) == 120
    statuses = Counter(p.status for p in profiles)
    assert statuses["active"] > 60
    assert {"paused", "placed", "withdrawn"} <= set(statuses)
    owners = {db.get(Organisation, p.organisation_id).kind for p in profiles}  # type: ignore[union-attr]
    assert owners == {OrganisationKind.NGO}
    languages = {item["code"] for p in profiles for item in p.languages}
    assert {"it", "fr", "sk", "en", "ro", "uk"} <= languages
    assert any(p.excluded_regions for p in profiles)
    assert any(p.excluded_sectors for p in profiles)
    free_text = [s["skill"] for p in profiles for s in p.skills if "://" not in s["skill"]]
    assert free_text, "some skills are typed as free text"
    consents = db.exec(select(Consent)).all()
    assert any(c.expires_on < REFERENCE for c in consents)
    assert any(c.withdrawn_at is not None for c in consents)
    assert any(c.expires_on > REFERENCE and c.withdrawn_at is None for c in consents)


def test_introductions_at_every_status_and_consistent_in_time(db: Session) -> None:
    introductions = db.exec(select(Introduction)).all()
    statuses = Counter(i.status for i in introductions)
    assert set(statuses) == {s.value for s in IntroductionStatus}
    for intro in introductions:
        profile = db.get(Profile, intro.profile_id)
        offer = db.get(Offer, intro.offer_id)
        assert profile is not None and offer is not None
        assert intro.created_at >= profile.created_at
        assert offer.published_at is not None and intro.created_at >= offer.published_at
        assert intro.updated_at >= intro.created_at
        if intro.status == IntroductionStatus.APPROVED:
            assert intro.disclosed and intro.decided_at
        if intro.status == IntroductionStatus.DECLINED:
            assert intro.decline_reason
        # A consent covering introductions was valid that day.
        day = intro.created_at.date()
        consents = db.exec(select(Consent).where(Consent.profile_id == profile.id)).all()
        assert any(
            c.given_on <= day <= c.expires_on and "introductions" in c.scopes for c in consents
        )


def test_outcomes_follow_their_introductions_over_many_months(db: Session) -> None:
    outcomes = db.exec(select(OutcomeEvent)).all()
    kinds = Counter(o.kind for o in outcomes)
    assert {"interview", "hired", "started", "retained", "ended"} <= set(kinds)
    assert {"training_started", "training_completed"} <= set(kinds)
    assert len({o.date.strftime("%Y-%m") for o in outcomes}) >= 12
    for outcome in outcomes:
        intro = db.get(Introduction, outcome.introduction_id)
        assert intro is not None and intro.decided_at is not None
        assert outcome.date >= intro.decided_at.date()
        # Only an interview may be planned ahead; everything else has happened.
        assert outcome.date <= REFERENCE or outcome.kind == "interview"
        if outcome.kind == "retained":
            assert outcome.months in (1, 3, 6, 12)
        if outcome.kind == "ended":
            assert outcome.reason


def test_demo_accounts_exist_with_their_role_and_organisation(db: Session) -> None:
    for account in DEMO_ACCOUNTS:
        user = db.exec(select(User).where(User.email == account.email)).one()
        organisation = db.get(Organisation, user.organisation_id)
        assert organisation is not None
        assert (user.role, organisation.name) == (account.role, account.organisation)
    # More staff than the demo accounts: every NGO has several caseworkers.
    assert _count(db, User, User.role == "caseworker") >= 20


def test_no_profile_holds_a_name_of_the_vault(db: Session) -> None:
    cipher = VaultCipher(SETTINGS.vault_key)
    for profile in db.exec(select(Profile)).all():
        assert profile.id is not None
        row = db.exec(select(Identity).where(Identity.profile_id == profile.id)).one()
        record = cipher.decrypt(profile.id, row.ciphertext)
        name = record["full_name"]
        text = json.dumps(profile_to_exchange(profile), ensure_ascii=False).lower()
        assert name.lower() not in text
        for part in name.split():
            if len(part) >= 3:
                assert not re.search(rf"\b{re.escape(part.lower())}\b", text), (part, text)
        findings = find_identifying_content(
            profile_texts(profile.skills, profile.experience), own_names=[name]
        )
        assert findings == []


def test_creation_is_audited(db: Session) -> None:
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "demo.loaded")).one()
    assert event.detail["seed"] == SEED
    assert event.detail["offers"] == _count(db, Offer) > PLACEMENTS
    assert _count(db, AuditEvent, AuditEvent.action == "introduction.approved") > 10


def test_most_profiles_with_a_skill_gap_are_shown_a_training_that_closes_it() -> None:
    """The demo as a caseworker loads it (`jobmatch demo`: seed 2026, this month): on the
    matches page, at least half of the active profiles whose fitting offers lack an essential
    skill of theirs are shown a course that teaches one (the course itself fits the person)."""
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    build_demo(engine, reset=False, seed=2026, taxonomy=False, settings=SETTINGS)
    with_gap = with_training = 0
    with Session(engine) as db:
        profiles = db.exec(select(Profile).where(Profile.status == ProfileStatus.ACTIVE)).all()
        for profile in profiles:
            matches = offers_for_profile(db, profile=profile, limit=20)
            placements = [m for m in matches if m.offer.kind != OfferKind.TRAINING]
            if not any(m.explanation.missing for m in placements):
                continue
            with_gap += 1
            with_training += any(m.training for m in placements)
            person = engine_profile(profile)
            for match in placements:
                missing = {s.uri for s in match.explanation.missing}
                for option in match.training:
                    assert option.offer.status == "open"
                    assert {s.uri for s in option.covers} <= missing
                    assert broken_rules(engine_offer(option.offer), person) == ()
    engine.dispose()
    assert with_gap >= 30
    assert with_training >= with_gap / 2, (with_training, with_gap)


def test_same_seed_same_network(demo_engine: Engine) -> None:
    def snapshot(engine: Engine) -> tuple[list[object], list[object]]:
        with Session(engine) as session:
            offers = [
                (offer_to_exchange(o), o.status, o.created_at.replace(tzinfo=None))
                for o in session.exec(select(Offer).order_by(col(Offer.id)))
            ]
            profiles = [
                (profile_to_exchange(p), p.reference, p.status)
                for p in session.exec(select(Profile).order_by(col(Profile.id)))
            ]
        return offers, profiles

    again = make_engine("sqlite://")
    SQLModel.metadata.create_all(again)
    _load(again)
    assert snapshot(again) == snapshot(demo_engine)
    again.dispose()


def test_refuses_a_database_that_is_not_empty(demo_engine: Engine) -> None:
    with pytest.raises(Conflict, match="--reset"):
        _load(demo_engine)


def test_refused_in_production(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/prod.db")
    production = Settings(
        env="production",
        database_url="sqlite://",
        secret_key="s" * 40,
        vault_key="cHJvZHVjdGlvbi12YXVsdC1rZXktMzItYnl0ZXMtISE=",
    )
    with pytest.raises(Forbidden, match="production"):
        load_demo(engine, reset=True, seed=SEED, taxonomy=False, settings=production)
    engine.dispose()


def test_reset_recreates_the_schema_with_the_migrations(db_engine: Engine) -> None:
    with Session(db_engine) as session:
        make_organisation(session, name="Someone's real data")
        session.commit()
    text = load_demo(
        db_engine, reset=True, seed=SEED, reference=REFERENCE, taxonomy=False, settings=SETTINGS
    )
    assert DEMO_PASSWORD in text
    for account in DEMO_ACCOUNTS:
        assert account.email in text
    with Session(db_engine) as session:
        offers = _count(session, Offer)
        assert offers > PLACEMENTS and f"offers         {offers} " in text
        assert _count(session, Organisation, Organisation.name == "Someone's real data") == 0


def test_every_demo_account_signs_in_and_reaches_home(demo_engine: Engine) -> None:
    with TestClient(create_app(SETTINGS, engine=demo_engine)) as client:
        for account in DEMO_ACCOUNTS:
            client.cookies.clear()
            web_login(client, account.email, DEMO_PASSWORD)
            home = client.get("/home")
            assert home.status_code == 200, account.email
            assert account.organisation in home.text


def test_cli_refuses_a_database_that_is_not_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/demo.db"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        make_organisation(session)
        session.commit()
    engine.dispose()
    monkeypatch.setenv("JOBMATCH_DATABASE_URL", url)
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 1
    assert "already holds data" in result.output
    assert "--reset" in result.output
