"""Network management for coordinators: memberships, member organisations' accounts, and
whether an offer is open to the whole network or to one regional network."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response
from pydantic import BaseModel

from jobmatch.api.deps import ApiUser, SessionDep
from jobmatch.api.schemas import Page, PageNumber, PerPage, error_responses
from jobmatch.models import Membership, Organisation, User
from jobmatch.services import network_admin

router = APIRouter(prefix="/network", tags=["network"])


class OrganisationRef(BaseModel):
    id: int
    name: str
    kind: str
    region: str


class MembershipOut(BaseModel):
    id: int
    network: int
    organisation: OrganisationRef
    role: str
    agreement_signed_on: date | None


class NetworkOut(BaseModel):
    id: int
    name: str
    scope: str
    country: str
    region: str | None
    parent: int | None
    members: list[MembershipOut]


class MembershipCreate(BaseModel):
    organisation: int
    role: str
    agreement_signed_on: date | None = None


class MembershipPatch(BaseModel):
    role: str
    agreement_signed_on: date | None = None


class UserOut(BaseModel):
    id: int
    email: str
    role: str
    display_name: str | None
    active: bool


class InviteRequest(BaseModel):
    email: str
    role: str
    display_name: str | None = None


class InviteOut(BaseModel):
    user: UserOut
    one_time_password: str


class OfferNetworkRequest(BaseModel):
    network: int | None = None


class OfferNetworkOut(BaseModel):
    offer: int
    network: int | None


def _org(organisation: Organisation) -> OrganisationRef:
    assert organisation.id is not None
    return OrganisationRef(
        id=organisation.id,
        name=organisation.name,
        kind=organisation.kind,
        region=organisation.region,
    )


def _membership(membership: Membership, organisation: Organisation) -> MembershipOut:
    assert membership.id is not None
    return MembershipOut(
        id=membership.id,
        network=membership.network_id,
        organisation=_org(organisation),
        role=membership.role,
        agreement_signed_on=membership.agreement_signed_on,
    )


def _user(user: User) -> UserOut:
    assert user.id is not None
    return UserOut(
        id=user.id,
        email=user.email,
        role=user.role,
        display_name=user.display_name,
        active=user.active,
    )


@router.get("/networks", response_model=Page[NetworkOut], responses=error_responses(401, 403))
def list_networks(
    session: SessionDep,
    user: ApiUser,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[NetworkOut]:
    """The caller's networks and sub-networks, with their member organisations."""
    views = network_admin.list_networks(session, actor=user)
    items = [
        NetworkOut(
            id=v.network.id or 0,
            name=v.network.name,
            scope=v.network.scope,
            country=v.network.country,
            region=v.network.region,
            parent=v.network.parent_id,
            members=[_membership(m.membership, m.organisation) for m in v.members],
        )
        for v in views
    ]
    start = (page - 1) * per_page
    return Page[NetworkOut](items=items[start : start + per_page], total=len(items))


@router.post(
    "/networks/{network_id}/memberships",
    status_code=201,
    response_model=MembershipOut,
    responses=error_responses(401, 403, 404),
)
def add_membership(
    network_id: int, body: MembershipCreate, session: SessionDep, user: ApiUser
) -> MembershipOut:
    """Make an organisation a member of one of the caller's networks."""
    membership = network_admin.add_membership(
        session,
        actor=user,
        network_id=network_id,
        organisation_id=body.organisation,
        role=body.role,
        agreement_signed_on=body.agreement_signed_on,
    )
    organisation = session.get(Organisation, membership.organisation_id)
    assert organisation is not None
    return _membership(membership, organisation)


@router.patch(
    "/memberships/{membership_id}",
    response_model=MembershipOut,
    responses=error_responses(401, 403, 404),
)
def update_membership(
    membership_id: int, body: MembershipPatch, session: SessionDep, user: ApiUser
) -> MembershipOut:
    """Change a member's role or the date of its co-operation agreement."""
    membership = network_admin.update_membership(
        session,
        actor=user,
        membership_id=membership_id,
        role=body.role,
        agreement_signed_on=body.agreement_signed_on,
    )
    organisation = session.get(Organisation, membership.organisation_id)
    assert organisation is not None
    return _membership(membership, organisation)


@router.delete(
    "/memberships/{membership_id}", status_code=204, responses=error_responses(401, 403, 404, 409)
)
def remove_membership(membership_id: int, session: SessionDep, user: ApiUser) -> Response:
    """Take an organisation out of a network."""
    network_admin.remove_membership(session, actor=user, membership_id=membership_id)
    return Response(status_code=204)


@router.get(
    "/organisations/{organisation_id}/users",
    response_model=Page[UserOut],
    responses=error_responses(401, 403, 404),
)
def list_users(organisation_id: int, session: SessionDep, user: ApiUser) -> Page[UserOut]:
    """The accounts of a member organisation."""
    _organisation, users = network_admin.organisation_with_users(
        session, actor=user, organisation_id=organisation_id
    )
    return Page[UserOut](items=[_user(u) for u in users], total=len(users))


@router.post(
    "/organisations/{organisation_id}/users",
    status_code=201,
    response_model=InviteOut,
    responses=error_responses(401, 403, 404),
)
def invite_user(
    organisation_id: int, body: InviteRequest, session: SessionDep, user: ApiUser
) -> InviteOut:
    """Create an account; its one-time password is in this answer only."""
    invitation = network_admin.invite_user(
        session,
        actor=user,
        organisation_id=organisation_id,
        email=str(body.email),
        role=body.role,
        display_name=body.display_name,
    )
    return InviteOut(user=_user(invitation.user), one_time_password=invitation.password)


@router.post(
    "/users/{user_id}/deactivate",
    response_model=UserOut,
    responses=error_responses(401, 403, 404, 409),
)
def deactivate_user(user_id: int, session: SessionDep, user: ApiUser) -> UserOut:
    """Deactivate an account of a member organisation, at once."""
    return _user(network_admin.deactivate_user(session, actor=user, user_id=user_id))


@router.put(
    "/offers/{offer_id}/network",
    response_model=OfferNetworkOut,
    responses=error_responses(401, 403, 404),
)
def set_offer_network(
    offer_id: int, body: OfferNetworkRequest, session: SessionDep, user: ApiUser
) -> OfferNetworkOut:
    """Open an offer to the whole network (``null``) or to one of the caller's networks."""
    offer = network_admin.set_offer_network(
        session, actor=user, offer_id=offer_id, network_id=body.network
    )
    return OfferNetworkOut(offer=offer.id or 0, network=offer.network_id)
