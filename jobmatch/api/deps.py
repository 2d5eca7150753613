"""Dependencies of the JSON API: the database session and the bearer-token user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from jobmatch.config import Settings
from jobmatch.errors import Unauthenticated
from jobmatch.models import ApiToken, User
from jobmatch.services import accounts

bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/tokens")


# The dependencies that do no I/O are ``async def``: FastAPI runs every plain ``def`` one in a
# worker thread, a hand-over that cost each request more than these functions themselves.


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's database session: a page's, opened with its login session by the web
    middleware (which closes it), or a new one."""
    opened: Session | None = getattr(request.state, "database", None)
    if opened is not None:
        yield opened
        return
    # Making a Session does not connect; closing it ends its transaction, in a worker thread.
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        await close_session(session)


async def close_session(session: Session) -> None:
    """Close a request's database session in a worker thread (it ends the transaction), shielded:
    a cancelled request still gives its connection back to the pool."""
    with anyio.CancelScope(shield=True):
        await run_in_threadpool(session.close)


async def get_settings(request: Request) -> Settings:
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


async def current_api_user(
    token: Annotated[tuple[ApiToken, User], Depends(current_token)],
) -> User:
    return token[1]


ApiUser = Annotated[User, Depends(current_api_user)]
ApiTokenDep = Annotated[tuple[ApiToken, User], Depends(current_token)]
