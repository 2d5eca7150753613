"""The JSON API under /api/v1: thin routes over the services."""

from fastapi import APIRouter

from jobmatch.api import accounts, offers, organisations, skills
from jobmatch.api import allocation as allocation_routes
from jobmatch.api import introductions as introduction_routes
from jobmatch.api import network as network_routes
from jobmatch.api import profiles as profile_routes
from jobmatch.api import reports as report_routes

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(accounts.router)
api_router.include_router(offers.router)
api_router.include_router(organisations.router)
api_router.include_router(skills.router)
api_router.include_router(report_routes.router)
api_router.include_router(network_routes.router)
api_router.include_router(allocation_routes.router)
api_router.include_router(profile_routes.router)
api_router.include_router(introduction_routes.router)

__all__ = ["api_router"]
