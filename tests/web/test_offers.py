"""Offer pages: post a draft, preview, publish, edit, fill, close; errors next to fields."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from jobmatch.models import Offer
from tests.factories import csrf_from, make_offer, make_organisation, make_user, web_login

FORM: dict[str, Any] = {
    "kind": "job",
    "title": "Kitchen assistant",
    "description": "Help in a busy kitchen.",
    "occupation": "kitchen assistant",
    "skills_essential": ["prepare vegetables", "wash dishes"],
    "skills_optional": ["food safety"],
    "teaches": [],
    "language_0": "it",
    "level_0": "A2",
    "region": "ITC11",
    "hours_per_week": "30",
    "places": "2",
    "start": "2027-01-15",
    "work_permit_required": "yes",
    "sector": "I",
    "supports": ["mentoring", "housing"],
}


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    association = make_organisation(session, name="Confcommercio", kind="employer_association")
    hotel = make_organisation(session, name="Hotel Bellavista", association_id=association.id)
    other = make_organisation(session, name="Trattoria Da Mario")
    ngo = make_organisation(session, name="On the Road", kind="ngo")
    people = {
        "hotel": hotel,
        "other": other,
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "other_employer": make_user(session, role="employer", organisation=other),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
    }
    session.commit()
    return people


def _post(client: TestClient, url: str, data: dict[str, Any], page: str) -> Any:
    return client.post(url, data={**data, "csrf_token": csrf_from(page)}, follow_redirects=False)


def test_post_a_draft_preview_and_publish(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    web_login(client, people["hotelier"].email)
    form = client.get("/offers/new")
    assert form.status_code == 200
    assert "Post an offer" in form.text
    assert '<optgroup label="Italia · Piemonte">' in form.text
    response = _post(client, "/offers/new", FORM, form.text)
    assert response.status_code == 303
    location = response.headers["location"]
    offer_id = int(re.search(r"/offers/(\d+)", location).group(1))  # type: ignore[union-attr]
    preview = client.get(location)
    assert "This is a draft" in preview.text
    assert "How we understood the skills" in preview.text
    assert "Torino (Piemonte, Italia)" in preview.text
    assert "prepare vegetables" in preview.text and "Mentoring" in preview.text
    stored = session.get(Offer, offer_id)
    assert stored is not None and stored.status == "draft"
    assert stored.skills == [
        {"skill": "prepare vegetables", "importance": "essential"},
        {"skill": "wash dishes", "importance": "essential"},
        {"skill": "food safety", "importance": "optional"},
    ]
    assert stored.languages == [{"code": "it", "level": "A2"}]
    published = _post(client, f"/offers/{offer_id}/publish", {}, preview.text)
    assert published.status_code == 303
    page = client.get(published.headers["location"])
    assert "The offer is published" in page.text
    assert "See candidates" in page.text
    session.refresh(stored)
    assert stored.status == "open"


def test_errors_are_shown_next_to_their_fields_and_what_was_typed_is_kept(
    client: TestClient, people: dict[str, Any]
) -> None:
    web_login(client, people["hotelier"].email)
    form = client.get("/offers/new")
    bad = {**FORM, "title": "", "region": "", "places": "many", "level_0": ""}
    response = _post(client, "/offers/new", bad, form.text)
    assert response.status_code == 422
    html = response.text
    for name in ("title", "region", "places", "languages"):
        assert f'id="{name}-error"' in html
    assert 'aria-describedby="title-hint title-error" aria-invalid="true"' in html
    assert 'value="many"' in html  # kept as typed
    assert 'value="prepare vegetables"' in html
    assert 'value="Help in a busy kitchen.' not in html  # textareas keep text as content
    assert "Help in a busy kitchen." in html


def test_edit_keeps_esco_uris_and_changes_fields(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    offer = make_offer(session, organisation=people["hotel"])
    session.commit()
    web_login(client, people["hotelier"].email)
    form = client.get(f"/offers/{offer.id}/edit")
    assert form.status_code == 200
    assert 'value="prepare vegetables"' in form.text
    values = {
        **FORM,
        "skills_essential": re.findall(r'name="skills_essential" value="([^"]+)"', form.text),
        "skills_optional": re.findall(r'name="skills_optional" value="([^"]+)"', form.text),
        "title": "Senior kitchen assistant",
    }
    response = _post(client, f"/offers/{offer.id}/edit", values, form.text)
    assert response.status_code == 303
    session.refresh(offer)
    assert offer.title == "Senior kitchen assistant"
    assert offer.skills[0]["skill"].startswith("http://data.europa.eu/esco/skill/")
    assert "Your changes are saved." in client.get(response.headers["location"]).text


def test_fill_and_close(client: TestClient, session: Session, people: dict[str, Any]) -> None:
    offer = make_offer(session, organisation=people["hotel"])
    session.commit()
    web_login(client, people["hotelier"].email)
    page = client.get(f"/offers/{offer.id}")
    filled = _post(client, f"/offers/{offer.id}/fill", {}, page.text)
    assert filled.status_code == 303
    page = client.get(filled.headers["location"])
    assert "The offer is marked as filled." in page.text
    session.refresh(offer)
    assert offer.status == "filled"
    assert f'href="/offers/{offer.id}/edit"' not in page.text
    assert _post(client, f"/offers/{offer.id}/close", {}, page.text).status_code == 303
    session.refresh(offer)
    assert offer.status == "closed"
    again = _post(client, f"/offers/{offer.id}/close", {}, page.text)
    assert again.status_code == 409


def test_an_association_posts_for_a_member_and_both_names_show(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    web_login(client, people["assoc_user"].email)
    form = client.get("/offers/new")
    assert "Hotel Bellavista" in form.text and "Trattoria Da Mario" not in form.text
    response = _post(
        client, "/offers/new", {**FORM, "organisation": str(people["hotel"].id)}, form.text
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Hotel Bellavista · posted by Confcommercio" in page.text
    listing = client.get("/offers")
    assert "Hotel Bellavista" in listing.text and "posted by" in listing.text
    not_member = _post(
        client, "/offers/new", {**FORM, "organisation": str(people["other"].id)}, form.text
    )
    assert not_member.status_code == 422
    assert 'id="organisation-error"' in not_member.text


def test_another_companys_offers_and_drafts_are_not_found(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    draft = make_offer(session, organisation=people["other"], status="draft", title="Secret")
    opened = make_offer(session, organisation=people["other"], title="Waiter")
    session.commit()
    web_login(client, people["hotelier"].email)
    home = client.get("/offers")
    assert "Secret" not in home.text and "Waiter" not in home.text
    for offer in (draft, opened):
        assert client.get(f"/offers/{offer.id}").status_code == 404
        assert client.get(f"/offers/{offer.id}/edit").status_code == 404
        for action in ("publish", "fill", "close"):
            assert _post(client, f"/offers/{offer.id}/{action}", {}, home.text).status_code == 404
        edit = _post(client, f"/offers/{offer.id}/edit", FORM, home.text)
        assert edit.status_code == 404
    session.refresh(draft)
    assert draft.status == "draft" and draft.title == "Secret"


def test_caseworkers_read_open_offers_but_cannot_post_or_edit(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    draft = make_offer(session, organisation=people["hotel"], status="draft", title="Secret")
    opened = make_offer(session, organisation=people["hotel"], title="Waiter")
    session.commit()
    web_login(client, people["caseworker"].email)
    listing = client.get("/offers")
    assert "Waiter" in listing.text and "Secret" not in listing.text
    assert "Post an offer" not in listing.text
    page = client.get(f"/offers/{opened.id}")
    assert page.status_code == 200 and "See candidates" not in page.text
    assert client.get(f"/offers/{draft.id}").status_code == 404
    assert client.get("/offers/new").status_code == 403
    assert client.get(f"/offers/{opened.id}/edit").status_code == 403


def test_list_filters(client: TestClient, session: Session, people: dict[str, Any]) -> None:
    make_offer(session, organisation=people["hotel"], title="Cook in Torino", region="ITC11")
    make_offer(session, organisation=people["hotel"], title="Cook in Paris", region="FR101")
    make_offer(session, organisation=people["hotel"], title="Unpublished plan", status="draft")
    session.commit()
    web_login(client, people["hotelier"].email)
    page = client.get("/offers", params={"region": "IT", "status": "open"})
    assert "Cook in Torino" in page.text
    assert "Cook in Paris" not in page.text and "Unpublished plan" not in page.text
    bad = client.get("/offers", params={"status": "nonsense"})
    assert bad.status_code == 200 and "has-error" in bad.text


def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    for path in ("/offers", "/offers/new", "/offers/1", "/offers/1/edit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


def test_forms_refuse_a_missing_csrf_token(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    web_login(client, people["hotelier"].email)
    response = client.post("/offers/new", data=FORM, follow_redirects=False)
    assert response.status_code == 403
    assert session.exec(select(Offer)).all() == []


def test_many_offers_are_paged_and_the_filters_kept(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    for n in range(51):
        make_offer(session, organisation=people["hotel"], title=f"Offer number {n}")
    session.commit()
    web_login(client, people["hotelier"].email)
    first = client.get("/offers", params={"status": "open"})
    assert "51 offers" in first.text
    link = re.search(r'href="/offers\?([^"]+)">Next page', first.text)
    assert link is not None and "status=open" in link.group(1) and "page=2" in link.group(1)
    second = client.get("/offers?" + link.group(1).replace("&amp;", "&"))
    assert second.text.count('href="/offers/') >= 1 and "Next page" not in second.text
