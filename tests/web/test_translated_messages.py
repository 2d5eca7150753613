"""Words built with values (errors from the services), the parts of a match score and the
dates on pages, in the page's language: translated first, then the values filled in."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from jobmatch.errors import Message, Plural
from jobmatch.matching.scoring import WEIGHTS
from jobmatch.models import Offer, Profile, User
from jobmatch.services import introductions
from jobmatch.web import choices, i18n
from tests.caseworker_world import SETTINGS, World, make_world
from tests.factories import api_token, csrf_from, web_login


@pytest.fixture
def world(engine: Engine) -> World:
    with Session(engine, expire_on_commit=False) as session:
        return make_world(session)


def _request(engine: Engine, world: World, asked_at: datetime | None = None) -> int:
    with Session(engine, expire_on_commit=False) as session:
        intro = introductions.request_introduction(
            session,
            actor=session.get(User, world.employer.id),
            offer=session.get(Offer, world.offer.id),  # type: ignore[arg-type]
            profile=session.get(Profile, world.profile.id),  # type: ignore[arg-type]
            message="We would like to meet her next week.",
            settings=SETTINGS,
        )
        if asked_at is not None:
            intro.created_at = asked_at
            session.add(intro)
        session.commit()
        assert intro.id is not None
        return intro.id


def _in(language: str, value: Message) -> str:
    token = i18n.current_language.set(language)
    try:
        return i18n._(value)
    finally:
        i18n.current_language.reset(token)


# Messages with values.


def test_a_refused_profile_says_which_field_in_italian(client: TestClient, world: World) -> None:
    web_login(client, world.caseworker.email)
    form = client.get("/profiles/new", params={"lang": "it"})
    answer = client.post(
        "/profiles/new",
        data={
            "csrf_token": csrf_from(form.text),
            "skill_rows": "3",
            "skill_0": "cooking",
            "skill_1": "call me on +39 333 765 4321",
            "work_permit": "yes",
        },
    )
    assert answer.status_code == 422
    assert (
        "Non è stato salvato nulla: Competenza 2 sembra contenere un numero di telefono. "
        "Rimuovilo e riprova." in answer.text
    )
    assert "Questo sembra un numero di telefono." in answer.text  # next to the field
    assert "looks like" not in answer.text


def test_a_number_in_a_message_is_written_the_french_way(client: TestClient, world: World) -> None:
    web_login(client, world.caseworker.email)
    page = client.get(f"/profiles/{world.profile.id}/matches", params={"lang": "fr"})
    answer = client.post(
        f"/profiles/{world.profile.id}/proposals",
        data={
            "csrf_token": csrf_from(page.text),
            "offer": str(world.offer.id),
            "message": "x" * 2001,
        },
    )
    assert answer.status_code == 422
    assert "Écrivez au plus 2\u202f000 caractères." in answer.text


def test_the_json_api_keeps_the_english_message(client: TestClient, world: World) -> None:
    headers = {**api_token(client, world.caseworker.email), "Accept-Language": "it"}
    answer = client.post(
        f"/api/v1/profiles/{world.profile.id}/proposals",
        json={"offer": world.offer.id, "message": "Call me on +39 333 765 4321"},
        headers=headers,
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == (
        "Nothing was saved: Message looks like it contains a phone number. Remove it and try again."
    )
    assert answer.json()["error"]["fields"]["message"].startswith("This looks like a phone number.")


def test_typed_values_in_a_message_are_escaped_not_formatted(
    client: TestClient, world: World, engine: Engine
) -> None:
    """A value someone typed goes into the translated words as text: no markup, and a percent
    sign is not a format (it was a 500 when the message was an f-string)."""
    iid = _request(engine, world)
    web_login(client, world.caseworker.email)
    page = client.get(f"/introductions/{iid}", params={"lang": "it"})
    answer = client.post(
        f"/introductions/{iid}/approve",
        data={
            "csrf_token": csrf_from(page.text),
            "disclose": "<b>50%</b>",
        },
    )
    assert answer.status_code == 422
    assert "«&lt;b&gt;50%&lt;/b&gt;» non è un dato che si può comunicare." in answer.text
    assert "<b>50%</b>" not in answer.text


@pytest.mark.parametrize(
    ("language", "one", "three", "five"),
    [
        ("en", "At 1 month", "At 3 months", "At 5 months"),
        ("it", "A 1 mese", "A 3 mesi", "A 5 mesi"),
        ("fr", "À 1 mois", "À 3 mois", "À 5 mois"),
        ("sk", "Po 1 mesiaci", "Po 3 mesiacoch", "Po 5 mesiacoch"),
    ],
)
def test_plural_messages_agree_with_their_number(
    language: str, one: str, three: str, five: str
) -> None:
    forms = [_in(language, Plural("At %(n)s month", "At %(n)s months", n=n)) for n in (1, 3, 5)]
    assert forms == [one, three, five]


def test_words_inside_a_message_are_translated_too() -> None:
    message = Message(
        "An offer that is %(old)s cannot become %(new)s.",
        old=Message("draft"),
        new=Message("filled"),
    )
    assert message == "An offer that is draft cannot become filled."
    assert _in("sk", message) == "Ponuka v stave „koncept“ nemôže prejsť do stavu „obsadená“."
    roles = Message("Choose one of: %(roles)s.", roles=[Message("employer"), Message("admin")])
    assert _in("fr", roles) == "Choisissez parmi : employeur et administrateur."


def test_a_field_message_gathered_before_the_error_is_translated(
    client: TestClient, world: World
) -> None:
    """``errors["region"] = ...`` in a service, then ``Invalid(..., errors)``: extracted too."""
    web_login(client, world.employer.email)
    page = client.get("/offers", params={"region": "Torino!", "lang": "sk"})
    assert "Zadajte región kódom NUTS, napríklad ITC1 alebo FR101." in page.text
    assert "NUTS code" not in page.text


# The parts of a match score.


def test_every_part_of_a_score_has_a_label() -> None:
    assert set(WEIGHTS) <= set(choices.SCORE_PARTS)


def test_score_parts_show_as_words_in_the_page_language(
    client: TestClient, world: World, engine: Engine
) -> None:
    web_login(client, world.caseworker.email)
    page = client.get(f"/profiles/{world.profile.id}/matches", params={"lang": "fr"})
    assert page.status_code == 200
    for label in ("Compétences essentielles", "Métier", "Expérience dans le métier", "Langues"):
        assert f"<li>{label}: " in page.text
    assert "<li>essential" not in page.text and "<li>occupation" not in page.text
    iid = _request(engine, world)
    detail = client.get(f"/introductions/{iid}", params={"lang": "sk"})
    assert "<li>Nevyhnutné zručnosti: " in detail.text and "<li>Dátum začiatku: " in detail.text


# Dates.


def test_a_date_time_shows_in_the_language_without_seconds(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = _request(engine, world, asked_at=datetime(2026, 3, 7, 14, 5, 33, tzinfo=UTC))
    web_login(client, world.employer.email)
    page = client.get(f"/inbox/{iid}", params={"lang": "fr"})
    assert page.status_code == 200
    assert "7 mars 2026, 15:05" in page.text  # in Rome (UTC+1 in March)
    assert "15:05:33" not in page.text and "2026-03-07" not in page.text


@pytest.mark.parametrize(
    ("language", "medium", "short", "month"),
    [
        ("en", "Mar 7, 2026, 2:05\u202fPM", "3/7/26, 2:05\u202fPM", "March 2026"),
        ("it", "7 mar 2026, 14:05", "07/03/26, 14:05", "marzo 2026"),
        ("fr", "7 mars 2026, 14:05", "07/03/2026 14:05", "mars 2026"),
        ("sk", "7. 3. 2026, 14:05", "7. 3. 2026 14:05", "marec 2026"),
    ],
)
def test_date_times_and_months_follow_the_language(
    language: str, medium: str, short: str, month: str
) -> None:
    moment = datetime(2026, 3, 7, 14, 5, 33, tzinfo=UTC)
    token = i18n.current_language.set(language)
    try:
        assert i18n.format_day(moment) == medium
        assert i18n.format_day(moment, "short") == short
        assert i18n.format_month("2026-03") == month == i18n.format_month(date(2026, 3, 1))
        assert i18n.format_month("soon") == "soon"  # not a month: shown as it is
    finally:
        i18n.current_language.reset(token)
