"""Users, login with throttling, server-side sessions and API tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from jobmatch.config import Settings
from jobmatch.errors import Invalid, Message, NotFound, RateLimited, Unauthenticated
from jobmatch.models import ApiToken, LoginAttempt, Organisation, User, WebSession
from jobmatch.models._common import utcnow
from jobmatch.models.enums import Role
from jobmatch.security.passwords import hash_password, needs_rehash, verify_password
from jobmatch.security.tokens import digest, keyed_digest, new_token
from jobmatch.services import audit

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
WRONG_LOGIN = "The e-mail address or the password is not right."


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    organisation: Organisation,
    display_name: str | None = None,
) -> User:
    """Create an account; the password is stored as an argon2id hash."""
    email = normalise_email(email)
    errors: dict[str, str] = {}
    if not EMAIL_RE.match(email):
        errors["email"] = "Enter a valid e-mail address."
    elif session.exec(select(User).where(User.email == email)).first():
        errors["email"] = "An account with this e-mail address already exists."
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = Message("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)
    if role not in {r.value for r in Role}:
        errors["role"] = Message(
            "Choose one of: %(roles)s.", roles=[Message(r.value) for r in Role]
        )
    if errors:
        raise Invalid("The account could not be created.", errors)
    assert organisation.id is not None
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        organisation_id=organisation.id,
        display_name=display_name,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor=None, action="user.created", object_type="user", object_id=user.id)
    return user


def authenticate(
    session: Session, *, settings: Settings, email: str, password: str, client: str
) -> User:
    """The user for these credentials, or one answer for an unknown e-mail and a wrong password.

    At most ``login_max_failures`` failures per account and per client address in the window.
    """
    email = normalise_email(email)
    account_key = keyed_digest(settings.secret_key, "login-account", email)
    client_key = keyed_digest(settings.secret_key, "login-client", client)
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    for column, key in (
        (LoginAttempt.account_key, account_key),
        (LoginAttempt.client_key, client_key),
    ):
        failures = session.exec(
            select(func.count()).where(column == key, col(LoginAttempt.at) >= since)
        ).one()
        if failures >= settings.login_max_failures:
            raise RateLimited("Too many failed sign-ins. Please wait 15 minutes and try again.")
    user = session.exec(select(User).where(User.email == email)).first()
    if (
        not verify_password(user.password_hash if user else None, password)
        or user is None
        or not user.active
    ):
        session.add(LoginAttempt(account_key=account_key, client_key=client_key))
        session.commit()
        raise Unauthenticated(WRONG_LOGIN)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
    return user


# --- web sessions -------------------------------------------------------------------------


@dataclass(frozen=True)
class StartedSession:
    """A new login session: ``cookie`` goes to the browser, only its hash is stored."""

    cookie: str
    record: WebSession


def start_session(session: Session, *, user: User) -> StartedSession:
    assert user.id is not None
    cookie = new_token()
    record = WebSession(token_hash=digest(cookie), user_id=user.id, csrf_token=new_token())
    session.add(record)
    audit.record(
        session, actor=user, action="session.started", object_type="user", object_id=user.id
    )
    session.flush()
    return StartedSession(cookie=cookie, record=record)


def resume_session(
    session: Session, *, settings: Settings, cookie: str, now: datetime | None = None
) -> tuple[WebSession, User] | None:
    """The live session for this cookie, touched; None if unknown, ended, idle or too old."""
    now = now or utcnow()
    # Every page asks: the session and its user in one query.
    found = session.exec(
        select(WebSession, User)
        .outerjoin(User, col(User.id) == WebSession.user_id)
        .where(WebSession.token_hash == digest(cookie))
    ).first()
    if found is None:
        return None
    record, user = found
    if record.ended_at is not None:
        return None
    idle = now - record.last_seen_at > timedelta(minutes=settings.session_idle_minutes)
    old = now - record.created_at > timedelta(hours=settings.session_absolute_hours)
    if idle or old or user is None or not user.active:
        record.ended_at = now
        session.add(record)
        session.commit()
        return None
    # Touch at most once a minute, so that reading pages does not write on every request.
    if now - record.last_seen_at > timedelta(minutes=1):
        record.last_seen_at = now
        session.add(record)
        session.commit()
    return record, user


def end_session(session: Session, *, cookie: str) -> None:
    record = session.exec(select(WebSession).where(WebSession.token_hash == digest(cookie))).first()
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()
        session.add(record)
        session.commit()


# --- API tokens ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def issue_token(session: Session, *, settings: Settings, user: User) -> IssuedToken:
    """A new bearer token; only its SHA-256 is stored."""
    assert user.id is not None
    token = new_token()
    expires_at = utcnow() + timedelta(days=settings.api_token_days)
    session.add(ApiToken(token_hash=digest(token), user_id=user.id, expires_at=expires_at))
    audit.record(session, actor=user, action="token.issued", object_type="user", object_id=user.id)
    session.commit()
    return IssuedToken(token=token, expires_at=expires_at)


def user_for_token(session: Session, *, token: str) -> tuple[ApiToken, User] | None:
    # Every API request asks: the token and its user in one query.
    found = session.exec(
        select(ApiToken, User)
        .outerjoin(User, col(User.id) == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(token))
    ).first()
    if found is None:
        return None
    record, user = found
    if record.revoked_at is not None or record.expires_at <= utcnow():
        return None
    if user is None or not user.active:
        return None
    return record, user


def revoke_token(session: Session, *, token: ApiToken) -> None:
    token.revoked_at = utcnow()
    session.add(token)
    session.commit()


def get_user(session: Session, *, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user
