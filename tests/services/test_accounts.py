"""Accounts: creation, login throttling, sessions and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from jobmatch.config import Settings
from jobmatch.errors import Invalid, RateLimited, Unauthenticated
from jobmatch.models import ApiToken, User, WebSession
from jobmatch.models._common import utcnow
from jobmatch.services import accounts
from tests.factories import PASSWORD, make_organisation, make_user


def test_create_user_hashes_the_password_and_refuses_duplicates(session: Session) -> None:
    org = make_organisation(session)
    user = accounts.create_user(
        session,
        email=" Ana@Example.org ",
        password="a strong one",
        role="employer",
        organisation=org,
    )
    assert user.email == "ana@example.org"
    assert user.password_hash.startswith("$argon2id$")
    with pytest.raises(Invalid) as error:
        accounts.create_user(
            session, email="ana@example.org", password="short", role="chief", organisation=org
        )
    assert set(error.value.fields) == {"email", "password", "role"}


def test_unknown_email_and_wrong_password_get_the_same_answer(
    session: Session, settings: Settings
) -> None:
    org = make_organisation(session)
    make_user(session, role="employer", organisation=org, email="known@example.org")
    session.commit()
    answers = []
    for email, password in (
        ("known@example.org", "wrong password"),
        ("nobody@example.org", PASSWORD),
    ):
        with pytest.raises(Unauthenticated) as error:
            accounts.authenticate(
                session, settings=settings, email=email, password=password, client="10.0.0.1"
            )
        answers.append(error.value.message)
    assert answers[0] == answers[1]


def test_throttling_per_account(session: Session, settings: Settings) -> None:
    org = make_organisation(session)
    make_user(session, role="employer", organisation=org, email="target@example.org")
    session.commit()
    for i in range(settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            accounts.authenticate(
                session, settings=settings, email="target@example.org", password="x", client=f"c{i}"
            )
    # Even the right password is refused now, from any address.
    with pytest.raises(RateLimited):
        accounts.authenticate(
            session, settings=settings, email="target@example.org", password=PASSWORD, client="new"
        )


def test_throttling_per_client_address(session: Session, settings: Settings) -> None:
    org = make_organisation(session)
    make_user(session, role="employer", organisation=org, email="other@example.org")
    session.commit()
    for i in range(settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            accounts.authenticate(
                session,
                settings=settings,
                email=f"guess{i}@example.org",
                password="x",
                client="bad",
            )
    with pytest.raises(RateLimited):
        accounts.authenticate(
            session, settings=settings, email="other@example.org", password=PASSWORD, client="bad"
        )
    user = accounts.authenticate(
        session, settings=settings, email="other@example.org", password=PASSWORD, client="good"
    )
    assert user.email == "other@example.org"


def test_old_failures_leave_the_window(session: Session, settings: Settings) -> None:
    org = make_organisation(session)
    make_user(session, role="employer", organisation=org, email="late@example.org")
    session.commit()
    for _ in range(settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            accounts.authenticate(
                session, settings=settings, email="late@example.org", password="x", client="c"
            )
    from jobmatch.models import LoginAttempt

    for attempt in session.exec(select(LoginAttempt)):
        attempt.at = utcnow() - timedelta(minutes=settings.login_window_minutes + 1)
        session.add(attempt)
    session.commit()
    assert accounts.authenticate(
        session, settings=settings, email="late@example.org", password=PASSWORD, client="c"
    )


def test_session_idle_and_absolute_expiry(session: Session, settings: Settings) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    started = accounts.start_session(session, user=user)
    session.commit()
    now = utcnow()
    assert accounts.resume_session(session, settings=settings, cookie=started.cookie, now=now)
    idle = now + timedelta(minutes=settings.session_idle_minutes + 1)
    assert (
        accounts.resume_session(session, settings=settings, cookie=started.cookie, now=idle) is None
    )
    # Once ended, it stays ended.
    assert (
        accounts.resume_session(session, settings=settings, cookie=started.cookie, now=now) is None
    )

    second = accounts.start_session(session, user=user)
    session.commit()
    moment = utcnow()
    # Keep it busy every 20 minutes: still ends at the absolute limit.
    for step in range(1, settings.session_absolute_hours * 3 + 2):
        moment = utcnow() + timedelta(minutes=20 * step)
        found = accounts.resume_session(
            session, settings=settings, cookie=second.cookie, now=moment
        )
        if found is None:
            break
    assert moment - utcnow() >= timedelta(hours=settings.session_absolute_hours - 1)
    assert found is None


def test_the_cookie_is_not_stored(session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    started = accounts.start_session(session, user=user)
    session.commit()
    stored = session.exec(select(WebSession)).one()
    assert stored.token_hash != started.cookie


def test_api_tokens_are_hashed_expire_and_revoke(session: Session, settings: Settings) -> None:
    org = make_organisation(session)
    user = make_user(session, role="caseworker", organisation=org)
    issued = accounts.issue_token(session, settings=settings, user=user)
    record = session.exec(select(ApiToken)).one()
    assert record.token_hash != issued.token
    found = accounts.user_for_token(session, token=issued.token)
    assert found is not None and found[1].id == user.id
    accounts.revoke_token(session, token=record)
    assert accounts.user_for_token(session, token=issued.token) is None

    expired = accounts.issue_token(session, settings=settings, user=user)
    for token in session.exec(select(ApiToken)):
        token.expires_at = utcnow() - timedelta(seconds=1)
        session.add(token)
    session.commit()
    assert accounts.user_for_token(session, token=expired.token) is None


def test_deactivated_users_lose_access(session: Session, settings: Settings) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    issued = accounts.issue_token(session, settings=settings, user=user)
    user.active = False
    session.add(user)
    session.commit()
    assert accounts.user_for_token(session, token=issued.token) is None
    with pytest.raises(Unauthenticated):
        accounts.authenticate(
            session, settings=settings, email=user.email, password=PASSWORD, client="c"
        )
    assert session.exec(select(User)).one().active is False
