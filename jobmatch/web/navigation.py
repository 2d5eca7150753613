"""The navigation of each role: one list, so pages and tests agree on what a role can reach."""

from __future__ import annotations

from dataclasses import dataclass

from jobmatch.models.enums import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str


NAVIGATION: dict[str, list[NavItem]] = {
    Role.EMPLOYER: [
        NavItem("Home", "/home"),
        NavItem("Offers", "/offers"),
        NavItem("Introductions", "/inbox"),
        NavItem("Your organisation", "/organisation"),
    ],
    Role.ASSOCIATION: [
        NavItem("Home", "/home"),
        NavItem("Offers", "/offers"),
        NavItem("Introductions", "/inbox"),
        NavItem("Member companies", "/organisations"),
    ],
    Role.CASEWORKER: [
        NavItem("Home", "/home"),
        NavItem("Profiles", "/profiles"),
        NavItem("Introductions", "/introductions"),
        NavItem("Outcomes", "/outcomes"),
        NavItem("Suggested places", "/allocations/suggestions"),
    ],
    Role.COORDINATOR: [
        NavItem("Home", "/home"),
        NavItem("Dashboard", "/dashboard"),
        NavItem("Allocation", "/allocations"),
        NavItem("Network", "/network"),
    ],
    Role.ADMIN: [
        NavItem("Home", "/home"),
        NavItem("Dashboard", "/dashboard"),
        NavItem("Allocation", "/allocations"),
        NavItem("Network", "/network"),
    ],
}


def navigation_for(role: str | None) -> list[NavItem]:
    return NAVIGATION.get(role or "", [])
