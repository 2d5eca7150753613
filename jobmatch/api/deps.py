"""Dependencies of the JSON API: the database session and the bearer-token user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.errors import Unauthenticated
from jobmatch.models import ApiToken, User
from jobmatch.services import accounts

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/tokens")


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_token(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> tuple[ApiToken, User]:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("Send an API token: Authorization: Bearer TOKEN.")
    found = accounts.user_for_token(session, token=credentials.credentials)
    if found is None:
        raise Unauthenticated("This API token is not valid, or it has expired.")
    return found


def current_api_user(token: Annotated[tuple[ApiToken, User], Depends(current_token)]) -> User:
    return token[1]


ApiUser = Annotated[User, Depends(current_api_user)]
ApiTokenDep = Annotated[tuple[ApiToken, User], Depends(current_token)]
