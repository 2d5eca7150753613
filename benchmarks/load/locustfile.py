"""The load journeys: employers, caseworkers and coordinators of the demo network at once.

Each simulated person signs in through the login form (their own session) and gets an API token,
then repeats their role's journey, pages and API alike, with a short think time. Requests are named
by route template, so the figures come per route. Run it through ``run.py``.
"""

from __future__ import annotations

import random
import re
from typing import Any

from locust import FastHttpUser, between, task

PASSWORD = "demo-password-2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
EMPLOYERS = ("employer@demo.jobmatch.eu", "employer.fr@demo.jobmatch.eu")
CASEWORKERS = (
    "caseworker@demo.jobmatch.eu",
    "caseworker.fr@demo.jobmatch.eu",
    "caseworker.sk@demo.jobmatch.eu",
)
COORDINATORS = ("coordinator@demo.jobmatch.eu",)


# FastHttpUser (geventhttpclient), not HttpUser (requests): locust runs on the app's two cores,
# and requests' client took 0.9 ms of CPU per request against 0.15 ms (8 kB answers, loopback).
class Person(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    emails: tuple[str, ...] = ()

    def on_start(self) -> None:
        email = random.choice(self.emails)
        page = self.client.get("/login", name="/login")
        match = CSRF.search(page.text)
        token = match.group(1) if match else ""
        with self.client.post(
            "/login",
            data={"email": email, "password": PASSWORD, "csrf_token": token, "next": "/home"},
            name="POST /login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                response.failure(f"login failed: {response.status_code}")
            else:
                response.success()
        issued = self.client.post(
            "/api/v1/tokens",
            json={"email": email, "password": PASSWORD},
            name="POST /api/v1/tokens",
        )
        self.api = {"Authorization": f"Bearer {issued.json().get('token', '')}"}

    def page(self, url: str, name: str) -> Any:
        return self.client.get(url, name=name)

    def api_get(self, url: str, name: str) -> Any:
        response = self.client.get(url, name=name, headers=self.api)
        try:
            return response.json()
        except ValueError:
            return {}


class Employer(Person):
    weight = 2
    emails = EMPLOYERS

    @task(5)
    def offers_and_candidates(self) -> None:
        self.page("/offers", "/offers")
        offers = self.api_get("/api/v1/offers?per_page=50", "/api/v1/offers").get("items", [])
        own = [o for o in offers if o.get("status") == "open"] or offers
        if not own:
            return
        offer_id = random.choice(own)["id"]
        self.page(f"/offers/{offer_id}", "/offers/{offer_id}")
        self.page(f"/offers/{offer_id}/candidates", "/offers/{offer_id}/candidates")
        self.api_get(
            f"/api/v1/offers/{offer_id}/candidates?limit=20", "/api/v1/offers/{offer_id}/candidates"
        )

    @task(1)
    def edit_an_offer(self) -> None:
        offers = self.api_get("/api/v1/offers?per_page=20", "/api/v1/offers").get("items", [])
        # A filled or closed offer cannot be edited (409): pick among those that can.
        offers = [o for o in offers if o.get("status") in ("draft", "open")]
        if not offers:
            return
        offer = random.choice(offers)
        self.client.patch(
            f"/api/v1/offers/{offer['id']}",
            json={"hours_per_week": offer.get("hours_per_week") or 30},
            headers=self.api,
            name="PATCH /api/v1/offers/{offer_id}",
        )

    @task(1)
    def inbox(self) -> None:
        self.page("/inbox", "/inbox")


class Caseworker(Person):
    weight = 2
    emails = CASEWORKERS

    @task(5)
    def profiles_and_matches(self) -> None:
        self.page("/profiles", "/profiles")
        profiles = self.api_get("/api/v1/profiles?per_page=50", "/api/v1/profiles").get("items", [])
        if not profiles:
            return
        profile_id = random.choice(profiles)["id"]
        self.page(f"/profiles/{profile_id}", "/profiles/{profile_id}")
        self.page(f"/profiles/{profile_id}/matches", "/profiles/{profile_id}/matches")
        self.api_get(
            f"/api/v1/profiles/{profile_id}/matches?limit=10",
            "/api/v1/profiles/{profile_id}/matches",
        )

    @task(2)
    def introductions(self) -> None:
        self.page("/introductions", "/introductions")
        self.api_get("/api/v1/introductions", "/api/v1/introductions")

    @task(1)
    def edit_a_profile(self) -> None:
        profiles = self.api_get("/api/v1/profiles?per_page=20", "/api/v1/profiles").get("items", [])
        if not profiles:
            return
        profile = random.choice(profiles)
        self.client.patch(
            f"/api/v1/profiles/{profile['id']}",
            json={"hours_per_week": profile.get("hours_per_week") or 30},
            headers=self.api,
            name="PATCH /api/v1/profiles/{profile_id}",
        )


class Coordinator(Person):
    weight = 1
    emails = COORDINATORS

    @task(3)
    def dashboard(self) -> None:
        self.page("/dashboard", "/dashboard")
        names = [r["report"] for r in self.api_get("/api/v1/reports", "/api/v1/reports")["items"]]
        name = random.choice(names or ["outcomes"])
        by = random.choice(["region", "month", "sector", "organisation"])
        self.page(f"/dashboard/{name}.json?by={by}", "/dashboard/{name}.json")

    @task(2)
    def reports(self) -> None:
        by = random.choice(["region", "month", "sector", "organisation"])
        self.api_get(f"/api/v1/reports/outcomes?by={by}", "/api/v1/reports/outcomes")
        self.client.get(
            f"/api/v1/reports/outcomes.csv?by={by}",
            headers=self.api,
            name="/api/v1/reports/outcomes.csv",
        )
