"""Sign-in and sign-out pages, CSRF on the forms, the home page of every role, error pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.models import WebSession
from jobmatch.models.enums import Role
from tests.factories import PASSWORD, csrf_from, make_organisation, make_user, web_login


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_reaches_its_home_page(client: TestClient, session: Session, role: str) -> None:
    org = make_organisation(session, name="Cooperativa Aurora", kind="ngo")
    user = make_user(session, role=role, organisation=org)
    session.commit()
    web_login(client, user.email)
    page = client.get("/home")
    assert page.status_code == 200
    assert "Cooperativa Aurora" in page.text
    assert "Sign out" in page.text


def test_pages_need_a_login(client: TestClient) -> None:
    response = client.get("/home", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/home"


def test_wrong_password_re_renders_the_form_with_the_email(
    client: TestClient, session: Session
) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": user.email, "password": "nope", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 401
    assert "The e-mail address or the password is not right." in response.text
    assert f'value="{user.email}"' in response.text


def test_login_refuses_a_missing_or_wrong_csrf_token(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    client.get("/login")
    for token in (None, "forged"):
        data = {"email": user.email, "password": PASSWORD}
        if token:
            data["csrf_token"] = token
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.status_code == 403
    assert session.exec(select(WebSession)).all() == []


def test_session_cookie_flags(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "jm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_logout_ends_the_session_on_the_server(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="caseworker", organisation=org)
    session.commit()
    web_login(client, user.email)
    cookie = client.cookies.get("jm_session")
    home = client.get("/home")
    client.post("/logout", data={"csrf_token": csrf_from(home.text)}, follow_redirects=False)
    session.expire_all()
    assert session.exec(select(WebSession)).one().ended_at is not None
    # Replaying the old cookie does not bring the session back.
    assert cookie
    client.cookies.set("jm_session", cookie)
    assert client.get("/home", follow_redirects=False).status_code == 303


def test_logout_needs_the_sessions_csrf_token(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="caseworker", organisation=org)
    session.commit()
    web_login(client, user.email)
    response = client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/home").status_code == 200


def test_next_never_leaves_the_site(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": csrf_from(page.text),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/home"


def test_demo_accounts_show_only_in_demo_mode(client: TestClient) -> None:
    assert "Demo accounts" not in client.get("/login").text
    client.app.state.settings.demo = True  # type: ignore[attr-defined]
    assert "Demo accounts" in client.get("/login").text


def test_error_pages_show_nothing_internal(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "Traceback" not in page.text


def test_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"


def test_language_switch(client: TestClient) -> None:
    response = client.get("/login?lang=fr")
    assert response.headers["content-language"] == "fr"
    assert client.get("/login").headers["content-language"] == "fr"  # remembered
    client.cookies.delete("jm_lang")
    other = client.get("/login", headers={"Accept-Language": "sk-SK,sk;q=0.9,en;q=0.5"})
    assert other.headers["content-language"] == "sk"


def test_a_signed_in_page_takes_one_database_connection(
    client: TestClient, session: Session, engine: Engine
) -> None:
    org = make_organisation(session, name="Cooperativa Aurora", kind="ngo")
    user = make_user(session, role="caseworker", organisation=org)
    session.commit()
    web_login(client, user.email)
    checkouts: list[object] = []

    def checked_out(*args: object) -> None:
        checkouts.append(args[0])

    event.listen(engine, "checkout", checked_out)
    try:
        page = client.get("/profiles")
    finally:
        event.remove(engine, "checkout", checked_out)
    # The login session and the page's own queries share one connection and transaction.
    assert page.status_code == 200 and "Sign out" in page.text
    assert len(checkouts) == 1
