"""Candidate pages and the employer's inbox: no identity and no profile id before approval."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from jobmatch.models import Introduction
from jobmatch.services import identity, introductions
from tests.factories import (
    csrf_from,
    make_consent,
    make_offer,
    make_organisation,
    make_profile,
    make_user,
    web_login,
)

IDENTITY = {"full_name": "Maria Rossi", "phone": "+39 333 1234567", "email": "maria@example.org"}
SECRETS = ("Maria", "Rossi", "333 1234567", "maria@example.org")
REF_RE = re.compile(r'href="/offers/\d+/candidates/([0-9a-f]+)"')


@pytest.fixture
def people(session: Session, app: FastAPI) -> dict[str, Any]:
    association = make_organisation(session, name="Confcommercio", kind="employer_association")
    hotel = make_organisation(session, name="Hotel Bellavista", association_id=association.id)
    other = make_organisation(session, name="Trattoria Da Mario")
    ngo = make_organisation(session, name="On the Road", kind="ngo")
    crowd = []
    for _ in range(5):
        profile = make_profile(session, organisation=ngo, needs=["housing"])
        make_consent(session, profile=profile)
        identity.store_record(
            session, settings=app.state.settings, profile=profile, record=dict(IDENTITY)
        )
        crowd.append(profile)
    people = {
        "crowd": crowd,
        "hotel": hotel,
        "offer": make_offer(session, organisation=hotel, supports=["housing"]),
        "second": make_offer(session, organisation=hotel, title="Dishwasher"),
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "other_employer": make_user(session, role="employer", organisation=other),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
    }
    session.commit()
    return people


def _assert_nothing_identifying(html: str, people: dict[str, Any]) -> None:
    for secret in SECRETS:
        assert secret not in html
    for profile in people["crowd"]:
        assert profile.reference not in html
        assert f"/profiles/{profile.id}" not in html


def _ask(client: TestClient, offer_id: int, ref: str, message: str = "Hello") -> Any:
    form = client.get(f"/offers/{offer_id}/candidates/{ref}")
    assert form.status_code == 200
    return client.post(
        f"/offers/{offer_id}/candidates/{ref}",
        data={"message": message, "csrf_token": csrf_from(form.text)},
        follow_redirects=False,
    )


def test_the_candidate_list_shows_generalised_fields_only(
    client: TestClient, people: dict[str, Any]
) -> None:
    web_login(client, people["hotelier"].email)
    page = client.get(f"/offers/{people['offer'].id}/candidates")
    assert page.status_code == 200
    assert "Candidates for this offer" in page.text
    refs = REF_RE.findall(page.text)
    assert len(set(refs)) == 5
    assert "Piemonte (Italia)" in page.text
    assert "1 to 2 years" in page.text
    assert "Italian B1" in page.text
    assert "Support needed that you offer" in page.text and "Housing" in page.text
    assert "prepare vegetables" in page.text
    _assert_nothing_identifying(page.text, people)


def test_asking_for_an_introduction_and_following_it(
    client: TestClient, session: Session, people: dict[str, Any], app: FastAPI
) -> None:
    offer_id = people["offer"].id
    web_login(client, people["hotelier"].email)
    ref = REF_RE.findall(client.get(f"/offers/{offer_id}/candidates").text)[0]
    form = client.get(f"/offers/{offer_id}/candidates/{ref}")
    assert "Your message to the caseworker" in form.text
    _assert_nothing_identifying(form.text, people)
    response = _ask(client, offer_id, ref, "We would like to meet for a trial day.")
    assert response.status_code == 303
    detail_url = response.headers["location"]
    page = client.get(detail_url)
    assert "Your request is sent to the caseworker." in page.text
    assert "Waiting for the caseworker" in page.text
    assert ref in page.text
    _assert_nothing_identifying(page.text, people)
    inbox = client.get("/inbox")
    assert "Kitchen assistant" in inbox.text and "Waiting for the caseworker" in inbox.text
    _assert_nothing_identifying(inbox.text, people)

    # The caseworker approves, disclosing a first name and a phone: exactly those appear.
    introduction = session.exec(select(Introduction)).one()
    introductions.approve(
        session,
        actor=people["caseworker"],
        settings=app.state.settings,
        introduction_id=introduction.id,
        disclose=["first_name", "phone"],
    )
    page = client.get(detail_url)
    assert "Approved" in page.text
    assert "Maria" in page.text and "+39 333 1234567" in page.text
    assert "Rossi" not in page.text and "maria@example.org" not in page.text
    # The list never shows disclosed values.
    assert "Maria" not in client.get("/inbox").text


def test_a_declined_request_shows_the_reason_but_not_the_note(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    offer_id = people["offer"].id
    web_login(client, people["hotelier"].email)
    ref = REF_RE.findall(client.get(f"/offers/{offer_id}/candidates").text)[0]
    detail_url = _ask(client, offer_id, ref).headers["location"]
    introduction = session.exec(select(Introduction)).one()
    introductions.decline(
        session,
        actor=people["caseworker"],
        introduction_id=introduction.id,
        reason="not_ready",
        note="She is still in the shelter programme until March.",
    )
    page = client.get(detail_url)
    assert "The caseworker declined" in page.text
    assert "The person is not ready yet" in page.text
    assert "shelter" not in page.text


def test_a_ref_works_only_on_its_own_offer(client: TestClient, people: dict[str, Any]) -> None:
    web_login(client, people["hotelier"].email)
    first, second = people["offer"].id, people["second"].id
    ref = REF_RE.findall(client.get(f"/offers/{first}/candidates").text)[0]
    assert client.get(f"/offers/{second}/candidates/{ref}").status_code == 404
    page = client.get(f"/offers/{first}/candidates")
    crossed = client.post(
        f"/offers/{second}/candidates/{ref}",
        data={"message": "Hello", "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert crossed.status_code == 404
    assert client.get(f"/offers/{first}/candidates/{'0' * 12}").status_code == 404


def test_other_companies_see_nothing(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    offer_id = people["offer"].id
    web_login(client, people["hotelier"].email)
    ref = REF_RE.findall(client.get(f"/offers/{offer_id}/candidates").text)[0]
    _ask(client, offer_id, ref)
    introduction = session.exec(select(Introduction)).one()
    client.cookies.clear()
    web_login(client, people["other_employer"].email)
    assert client.get(f"/offers/{offer_id}/candidates").status_code == 404
    assert client.get(f"/offers/{offer_id}/candidates/{ref}").status_code == 404
    assert client.get(f"/inbox/{introduction.id}").status_code == 404
    inbox = client.get("/inbox")
    assert inbox.status_code == 200 and "Kitchen assistant" not in inbox.text


def test_the_association_follows_its_members_introductions(
    client: TestClient, people: dict[str, Any]
) -> None:
    offer_id = people["offer"].id
    web_login(client, people["assoc_user"].email)
    ref = REF_RE.findall(client.get(f"/offers/{offer_id}/candidates").text)[0]
    assert _ask(client, offer_id, ref).status_code == 303
    assert "Kitchen assistant" in client.get("/inbox").text


def test_k_anonymity_withholds_and_says_so(
    client: TestClient, people: dict[str, Any], app: FastAPI
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"k_anonymity": 6})
    web_login(client, people["hotelier"].email)
    page = client.get(f"/offers/{people['offer'].id}/candidates")
    assert REF_RE.findall(page.text) == []
    assert "5 more people fit, but are not shown" in page.text


def test_too_many_open_requests_are_refused_on_the_form(
    client: TestClient, people: dict[str, Any], app: FastAPI
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"max_open_requests_per_offer": 1})
    offer_id = people["offer"].id
    web_login(client, people["hotelier"].email)
    refs = REF_RE.findall(client.get(f"/offers/{offer_id}/candidates").text)
    assert _ask(client, offer_id, refs[0]).status_code == 303
    refused = _ask(client, offer_id, refs[1], "Please")
    assert refused.status_code == 409
    assert "already has 1 request waiting" in refused.text
    assert ">Please</textarea>" in refused.text


def test_caseworkers_do_not_get_the_employer_pages(
    client: TestClient, people: dict[str, Any]
) -> None:
    web_login(client, people["caseworker"].email)
    assert client.get(f"/offers/{people['offer'].id}/candidates").status_code == 403
    assert client.get("/inbox").status_code == 403


def test_the_employer_withdraws_a_waiting_request(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    offer_id = people["offer"].id
    web_login(client, people["hotelier"].email)
    ref = REF_RE.findall(client.get(f"/offers/{offer_id}/candidates").text)[0]
    detail_url = _ask(client, offer_id, ref).headers["location"]
    page = client.get(detail_url)
    introduction = session.exec(select(Introduction)).one()
    response = client.post(
        f"/inbox/{introduction.id}/withdraw",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "You withdrew your request." in page.text and "Withdrawn" in page.text
    assert "Withdraw the request" not in page.text
    again = client.post(
        f"/inbox/{introduction.id}/withdraw",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert again.status_code == 409
    # Another company cannot withdraw it.
    client.cookies.clear()
    web_login(client, people["other_employer"].email)
    other = client.get("/inbox")
    refused = client.post(
        f"/inbox/{introduction.id}/withdraw",
        data={"csrf_token": csrf_from(other.text)},
        follow_redirects=False,
    )
    assert refused.status_code == 404
