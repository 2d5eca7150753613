"""Date-times on pages in the network's time zone (JOBMATCH_TIMEZONE, Europe/Rome by default),
summer time included; dates as they are; the JSON API keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from jobmatch.app import create_app
from jobmatch.config import Settings
from jobmatch.models import Offer, Profile, User
from jobmatch.services import introductions
from jobmatch.web import i18n
from tests.caseworker_world import SETTINGS, World, make_world
from tests.factories import api_token, web_login

SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # CEST, UTC+2
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # CET, UTC+1


@pytest.fixture
def world(engine: Engine) -> World:
    with Session(engine, expire_on_commit=False) as session:
        return make_world(session)


def _request(engine: Engine, world: World, asked_at: datetime) -> int:
    """An introduction the employer asked for at ``asked_at``."""
    with Session(engine, expire_on_commit=False) as session:
        intro = introductions.request_introduction(
            session,
            actor=session.get(User, world.employer.id),
            offer=session.get(Offer, world.offer.id),  # type: ignore[arg-type]
            profile=session.get(Profile, world.profile.id),  # type: ignore[arg-type]
            message="We would like to meet her next week.",
            settings=SETTINGS,
        )
        intro.created_at = asked_at
        session.add(intro)
        session.commit()
        assert intro.id is not None
        return intro.id


@pytest.mark.parametrize(
    ("asked_at", "shown"),
    [(SUMMER, "1 lug 2026, 14:00"), (WINTER, "15 gen 2026, 13:00")],
    ids=["summer", "winter"],
)
@pytest.mark.parametrize(
    ("who", "path"), [("employer", "/inbox/{id}"), ("caseworker", "/introductions/{id}")]
)
def test_a_date_time_shows_in_rome_time_by_default(
    client: TestClient,
    settings: Settings,
    world: World,
    engine: Engine,
    asked_at: datetime,
    shown: str,
    who: str,
    path: str,
) -> None:
    assert settings.timezone == "Europe/Rome"
    iid = _request(engine, world, asked_at)
    web_login(client, getattr(world, who).email)
    page = client.get(path.format(id=iid), params={"lang": "it"})
    assert page.status_code == 200
    assert shown in page.text
    assert "12:00" not in page.text


def test_the_day_is_the_day_in_the_time_zone(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = _request(engine, world, datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    web_login(client, world.employer.email)
    page = client.get(f"/inbox/{iid}", params={"lang": "fr"})
    assert "1 juil. 2026, 01:30" in page.text
    assert "30 juin 2026" not in page.text and "23:30" not in page.text


@pytest.mark.parametrize(("zone", "shown"), [("UTC", "12:00"), ("Europe/London", "13:00")])
def test_the_setting_chooses_the_time_zone(
    world: World, engine: Engine, zone: str, shown: str
) -> None:
    settings = Settings(env="test", database_url="sqlite://", demo=False, timezone=zone)
    iid = _request(engine, world, SUMMER)
    with TestClient(create_app(settings, engine=engine)) as client:
        web_login(client, world.employer.email)
        page = client.get(f"/inbox/{iid}", params={"lang": "it"})
    assert page.status_code == 200
    assert f"1 lug 2026, {shown}" in page.text
    assert "14:00" not in page.text


def test_the_api_keeps_utc_with_its_offset(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = _request(engine, world, SUMMER)
    headers = api_token(client, world.employer.email)
    body = client.get(f"/api/v1/introductions/{iid}", headers=headers).json()
    assert datetime.fromisoformat(body["created_at"]) == SUMMER
    assert datetime.fromisoformat(body["created_at"]).utcoffset() is not None
    assert "T12:00:00" in body["created_at"]


def _in(language: str, value: date | datetime | None, zone: ZoneInfo) -> str:
    token = i18n.current_language.set(language)
    try:
        return i18n.format_day(value, zone=zone)
    finally:
        i18n.current_language.reset(token)


def test_format_day_converts_date_times_only() -> None:
    rome = ZoneInfo("Europe/Rome")
    assert _in("sk", SUMMER, rome) == "1. 7. 2026, 14:00"
    assert _in("sk", WINTER, rome) == "15. 1. 2026, 13:00"
    # A naive value is taken as UTC, as stored.
    assert _in("sk", SUMMER.replace(tzinfo=None), rome) == "1. 7. 2026, 14:00"
    # A date has no time of day to move: the same day even in UTC+14.
    assert _in("sk", date(2026, 3, 7), ZoneInfo("Pacific/Kiritimati")) == "7. 3. 2026"
    assert _in("sk", None, rome) == ""
