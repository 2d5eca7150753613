"""Accounts: API tokens and the caller's own account."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from jobmatch.api.deps import ApiTokenDep, ApiUser, SessionDep, SettingsDep
from jobmatch.api.schemas import error_responses
from jobmatch.errors import NotFound
from jobmatch.models import Organisation
from jobmatch.services import accounts

router = APIRouter(tags=["accounts"])


class TokenRequest(BaseModel):
    email: str
    password: str


class TokenOut(BaseModel):
    token: str
    expires_at: datetime


class OrganisationRef(BaseModel):
    id: int
    name: str
    kind: str


class MeOut(BaseModel):
    id: int
    email: str
    role: str
    organisation: OrganisationRef


@router.post(
    "/tokens", status_code=201, response_model=TokenOut, responses=error_responses(401, 429)
)
def create_token(
    body: TokenRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> TokenOut:
    """Exchange an e-mail and password for a bearer token."""
    client = request.client.host if request.client else "unknown"
    user = accounts.authenticate(
        session, settings=settings, email=body.email, password=body.password, client=client
    )
    issued = accounts.issue_token(session, settings=settings, user=user)
    return TokenOut(token=issued.token, expires_at=issued.expires_at)


@router.delete("/tokens/current", status_code=204, responses=error_responses(401))
def revoke_current_token(session: SessionDep, token: ApiTokenDep) -> Response:
    """Revoke the token this request was made with."""
    accounts.revoke_token(session, token=token[0])
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, responses=error_responses(401))
def me(session: SessionDep, user: ApiUser) -> MeOut:
    """The caller's account and organisation."""
    organisation = session.get(Organisation, user.organisation_id)
    if organisation is None or organisation.id is None or user.id is None:
        raise NotFound("No such organisation.")
    return MeOut(
        id=user.id,
        email=user.email,
        role=user.role,
        organisation=OrganisationRef(
            id=organisation.id, name=organisation.name, kind=organisation.kind
        ),
    )
