"""Per-request cost of the load journeys' routes, in-process: CPU ms and SQL statements.

    .venv/bin/python benchmarks/load/profile_routes.py [--database postgres|sqlite]
        [--name jm_load] [--reuse] [--requests 30] [--rounds 3] [--only SUBSTRING]
        [--cprofile ROUTE] [--sort cumulative|tottime] [--top 40]

It loads the demo network into a scratch database (PostgreSQL ``--name``, ``jm_load`` by default,
next to the test one; or a temporary SQLite file), warms the app up as a served worker does,
signs in each demo account of ``locustfile.py`` through the login form and the token route with
the app's TestClient, and asks every route of the journeys ``--requests`` times in ``--rounds``
rounds through all of them, cycling through the accounts and the objects their journeys would
pick. ``--reuse`` keeps the demo already in the database (to compare two versions of the code
on the same data). It prints JSON: for each route the process CPU time (``time.process_time``)
and wall time per request, p50 and p95, the SQL statements per request (a
``before_cursor_execute`` counter) and the status codes, and the garbage collector's runs and
time. ``--cprofile ROUTE`` profiles that route's requests (CPU time of the thread that runs the
app, every sync route and dependency run inline there) and prints the top functions to stderr.

Not a load test: it measures what one request costs, which the load test multiplies. The
TestClient itself costs about 1.3 ms of CPU per request (a bare ASGI app through it). The
machine's other work shows in the wall times, and in the CPU times too when it is heavy: compare
versions run one after the other, and the sign-ins (argon2, a fixed cost) tell how loaded it was.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import gc
import io
import json
import os
import pstats
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine, make_url

from jobmatch.app import create_app, warm_up
from jobmatch.config import Settings
from jobmatch.db import make_engine
from jobmatch.models import Organisation
from jobmatch.services.demo import build_demo

HERE = Path(__file__).resolve().parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCRATCH = "jm_load"
BYS = ("region", "month", "sector", "organisation")


def _journey_constants() -> dict[str, Any]:
    """The accounts and password of locustfile.py, read without importing locust."""
    tree = ast.parse((HERE / "locustfile.py").read_text(encoding="utf-8"))
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in {"PASSWORD", "EMPLOYERS", "CASEWORKERS", "COORDINATORS"}
    }


_JOURNEY = _journey_constants()
PASSWORD: str = _JOURNEY["PASSWORD"]
EMPLOYERS: tuple[str, ...] = _JOURNEY["EMPLOYERS"]
CASEWORKERS: tuple[str, ...] = _JOURNEY["CASEWORKERS"]
COORDINATORS: tuple[str, ...] = _JOURNEY["COORDINATORS"]


# --- the database ---------------------------------------------------------------------------


def postgres_url(name: str, reset: bool) -> str:
    """The scratch PostgreSQL database ``name`` next to the test one (created when missing)."""
    base = make_url(
        os.environ.get(
            "JOBMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    )
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if reset and exists:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if reset or not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def has_demo(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            return bool(conn.execute(select(func.count()).select_from(Organisation)).scalar())
    except Exception:  # no schema yet
        return False


# --- measuring ------------------------------------------------------------------------------


class StatementCounter:
    """Counts the SQL statements sent through an engine."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


class CollectorTime:
    """The garbage collector's runs and CPU time, by generation, while it is on."""

    def __init__(self) -> None:
        self.runs = [0, 0, 0]
        self.cpu = [0.0, 0.0, 0.0]
        self._started = 0.0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.process_time()
            return
        generation = int(info["generation"])
        self.runs[generation] += 1
        self.cpu[generation] += time.process_time() - self._started

    def stop(self) -> None:
        gc.callbacks.remove(self._seen)

    def figures(self) -> dict[str, Any]:
        return {
            f"generation_{g}": {"runs": self.runs[g], "cpu_ms": round(self.cpu[g] * 1000, 1)}
            for g in range(3)
        }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figures:
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    sizes: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "cpu_ms_p50": round(percentile(self.cpu_ms, 0.5), 2),
            "cpu_ms_p95": round(percentile(self.cpu_ms, 0.95), 2),
            "wall_ms_p50": round(percentile(self.wall_ms, 0.5), 2),
            "wall_ms_p95": round(percentile(self.wall_ms, 0.95), 2),
            "sql_p50": int(percentile([float(s) for s in self.statements], 0.5)),
            "sql_max": max(self.statements, default=0),
            "kb_p50": round(percentile([float(s) for s in self.sizes], 0.5) / 1024, 1),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


# --- the people -----------------------------------------------------------------------------


@dataclass
class Person:
    email: str
    client: TestClient
    api: dict[str, str]


def sign_in(app: Any, email: str, stack: ExitStack) -> Person:
    """A person signed in through the login form, with an API token; one client (and event
    loop) for all their requests, as one browser keeps its connection."""
    client = stack.enter_context(TestClient(app, base_url="http://127.0.0.1"))
    page = client.get("/login")
    match = CSRF.search(page.text)
    login = client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "csrf_token": match.group(1) if match else "",
            "next": "/home",
        },
        follow_redirects=False,
    )
    if login.status_code != 303:
        raise SystemExit(f"{email}: sign-in answered {login.status_code}")
    issued = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    return Person(email, client, {"Authorization": f"Bearer {issued.json()['token']}"})


Request = Callable[[int], Response]


@dataclass
class Route:
    name: str
    call: Request
    role: str
    prepare: Callable[[int], None] | None = None  # before each request, not measured


def journeys(people: dict[str, list[Person]], stack: ExitStack) -> list[Route]:
    """Every route of locustfile.py, each asked as the journeys ask it (i: the request number)."""
    employers, caseworkers = people["employer"], people["caseworker"]
    coordinators = people["coordinator"]

    def pick(group: list[Person], i: int) -> Person:
        return group[i % len(group)]

    offers: dict[str, list[dict[str, Any]]] = {}
    for person in employers:
        found = person.client.get("/api/v1/offers?per_page=50", headers=person.api).json()
        items = found.get("items", [])
        offers[person.email] = [o for o in items if o.get("status") == "open"] or items
    profiles: dict[str, list[dict[str, Any]]] = {}
    for person in caseworkers:
        found = person.client.get("/api/v1/profiles?per_page=50", headers=person.api).json()
        profiles[person.email] = found.get("items", [])
    names = [
        item["report"]
        for item in coordinators[0]
        .client.get("/api/v1/reports", headers=coordinators[0].api)
        .json()["items"]
    ]

    def offer_id(person: Person, i: int) -> int:
        own = offers[person.email]
        return int(own[(i // len(employers)) % len(own)]["id"])

    def profile_of(person: Person, i: int) -> dict[str, Any]:
        own = profiles[person.email]
        return own[(i // len(caseworkers)) % len(own)]

    def employer_page(path: Callable[[int], str]) -> Request:
        return lambda i: pick(employers, i).client.get(
            path(i).replace("{offer_id}", str(offer_id(pick(employers, i), i)))
        )

    def employer_api(path: str) -> Request:
        def call(i: int) -> Response:
            person = pick(employers, i)
            url = path.replace("{offer_id}", str(offer_id(person, i)))
            return person.client.get(url, headers=person.api)

        return call

    def caseworker_page(path: str) -> Request:
        def call(i: int) -> Response:
            person = pick(caseworkers, i)
            url = path.replace("{profile_id}", str(profile_of(person, i)["id"]))
            return person.client.get(url)

        return call

    def caseworker_api(path: str) -> Request:
        def call(i: int) -> Response:
            person = pick(caseworkers, i)
            url = path.replace("{profile_id}", str(profile_of(person, i)["id"]))
            return person.client.get(url, headers=person.api)

        return call

    def patch_offer(i: int) -> Response:
        person = pick(employers, i)
        editable = [o for o in offers[person.email] if o.get("status") in ("draft", "open")]
        offer = editable[(i // len(employers)) % len(editable)]
        return person.client.patch(
            f"/api/v1/offers/{offer['id']}",
            json={"hours_per_week": offer.get("hours_per_week") or 30},
            headers=person.api,
        )

    def patch_profile(i: int) -> Response:
        person = pick(caseworkers, i)
        profile = profile_of(person, i)
        return person.client.patch(
            f"/api/v1/profiles/{profile['id']}",
            json={"hours_per_week": profile.get("hours_per_week") or 30},
            headers=person.api,
        )

    def coordinator_page(i: int) -> Response:
        return pick(coordinators, i).client.get("/dashboard")

    def dashboard_json(i: int) -> Response:
        name = names[i % len(names)]
        by = BYS[(i // len(names)) % len(BYS)]
        return pick(coordinators, i).client.get(f"/dashboard/{name}.json?by={by}")

    def coordinator_api(path: str) -> Request:
        def call(i: int) -> Response:
            person = pick(coordinators, i)
            return person.client.get(path.replace("{by}", BYS[i % len(BYS)]), headers=person.api)

        return call

    app = employers[0].client.app
    anonymous = stack.enter_context(TestClient(app, base_url="http://127.0.0.1"))

    browser = stack.enter_context(TestClient(app, base_url="http://127.0.0.1"))
    login_token = [""]

    def open_login_page(_i: int) -> None:
        # A browser that has not signed in yet: no session cookie, a fresh form.
        browser.cookies.clear()
        match = CSRF.search(browser.get("/login").text)
        login_token[0] = match.group(1) if match else ""

    def post_login(i: int) -> Response:
        return browser.post(
            "/login",
            data={
                "email": pick(employers, i).email,
                "password": PASSWORD,
                "csrf_token": login_token[0],
                "next": "/home",
            },
            follow_redirects=False,
        )

    def post_token(i: int) -> Response:
        return anonymous.post(
            "/api/v1/tokens", json={"email": pick(caseworkers, i).email, "password": PASSWORD}
        )

    return [
        Route("GET /login", lambda i: anonymous.get("/login"), "anonymous"),
        Route("POST /login", post_login, "anonymous", open_login_page),
        Route("POST /api/v1/tokens", post_token, "anonymous"),
        Route("GET /offers", employer_page(lambda i: "/offers"), "employer"),
        Route("GET /api/v1/offers", employer_api("/api/v1/offers?per_page=50"), "employer"),
        Route("GET /offers/{offer_id}", employer_page(lambda i: "/offers/{offer_id}"), "employer"),
        Route(
            "GET /offers/{offer_id}/candidates",
            employer_page(lambda i: "/offers/{offer_id}/candidates"),
            "employer",
        ),
        Route(
            "GET /api/v1/offers/{offer_id}/candidates",
            employer_api("/api/v1/offers/{offer_id}/candidates?limit=20"),
            "employer",
        ),
        Route("PATCH /api/v1/offers/{offer_id}", patch_offer, "employer"),
        Route("GET /inbox", employer_page(lambda i: "/inbox"), "employer"),
        Route("GET /profiles", caseworker_page("/profiles"), "caseworker"),
        Route("GET /api/v1/profiles", caseworker_api("/api/v1/profiles?per_page=50"), "caseworker"),
        Route(
            "GET /profiles/{profile_id}", caseworker_page("/profiles/{profile_id}"), "caseworker"
        ),
        Route(
            "GET /profiles/{profile_id}/matches",
            caseworker_page("/profiles/{profile_id}/matches"),
            "caseworker",
        ),
        Route(
            "GET /api/v1/profiles/{profile_id}/matches",
            caseworker_api("/api/v1/profiles/{profile_id}/matches?limit=10"),
            "caseworker",
        ),
        Route("GET /introductions", caseworker_page("/introductions"), "caseworker"),
        Route("GET /api/v1/introductions", caseworker_api("/api/v1/introductions"), "caseworker"),
        Route("PATCH /api/v1/profiles/{profile_id}", patch_profile, "caseworker"),
        Route("GET /dashboard", coordinator_page, "coordinator"),
        Route("GET /api/v1/reports", coordinator_api("/api/v1/reports"), "coordinator"),
        Route("GET /dashboard/{name}.json", dashboard_json, "coordinator"),
        Route(
            "GET /api/v1/reports/outcomes",
            coordinator_api("/api/v1/reports/outcomes?by={by}"),
            "coordinator",
        ),
        Route(
            "GET /api/v1/reports/outcomes.csv",
            coordinator_api("/api/v1/reports/outcomes.csv?by={by}"),
            "coordinator",
        ),
    ]


def measure(
    route: Route,
    counter: StatementCounter,
    requests: int,
    warm: int = 2,
    figures: Figures | None = None,
    first: int = 0,
) -> Figures:
    """``warm`` unmeasured requests, then ``requests`` measured ones (numbered from ``first``,
    added to ``figures``)."""
    for i in range(warm):
        if route.prepare:
            route.prepare(i)
        route.call(i)
    figures = figures or Figures()
    for i in range(first, first + requests):
        if route.prepare:
            route.prepare(i)
        before_sql = counter.count
        cpu, wall = time.process_time(), time.perf_counter()
        response = route.call(i)
        figures.cpu_ms.append((time.process_time() - cpu) * 1000)
        figures.wall_ms.append((time.perf_counter() - wall) * 1000)
        figures.statements.append(counter.count - before_sql)
        figures.statuses[response.status_code] += 1
        figures.sizes.append(len(response.content))
    return figures


@contextmanager
def database(kind: str, name: str, reuse: bool) -> Iterator[tuple[str, bool]]:
    """The URL of the scratch database and whether the demo is already in it."""
    if kind == "postgres":
        url = postgres_url(name, reset=not reuse)
        engine = make_engine(url)
        loaded = reuse and has_demo(engine)
        engine.dispose()
        yield url, loaded
        return
    with tempfile.TemporaryDirectory(prefix="jobmatch-profile-") as tmp:
        yield f"sqlite:///{tmp}/load.db", False


def profiled(app: Any, profiler: list[cProfile.Profile]) -> Any:
    """The app with ``profiler[0]`` (when set) on during each request, in the one thread that
    runs it all."""

    async def inline(func: Callable[..., Any], *args: Any, **_kwargs: Any) -> Any:
        return func(*args)

    # Sync routes and dependencies would run in worker threads, which cProfile does not see.
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]

    async def wrapper(scope: Any, receive: Any, send: Any) -> None:
        if not profiler:
            await app(scope, receive, send)
            return
        profiler[0].enable()
        try:
            await app(scope, receive, send)
        finally:
            profiler[0].disable()

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--requests", type=int, default=30, help="per route, in all")
    parser.add_argument("--rounds", type=int, default=3, help="rounds through the routes")
    parser.add_argument("--only", default="", help="only the routes whose name contains this")
    parser.add_argument("--name", default=SCRATCH, help="the scratch PostgreSQL database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the demo already in the scratch database (to compare code on the same data)",
    )
    parser.add_argument("--cprofile", default="", help="profile this route (exact name)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="cProfile order (e.g. tottime)")
    args = parser.parse_args()

    with database(args.database, args.name, args.reuse) as (url, loaded), ExitStack() as stack:
        settings = Settings(env="test", database_url=url, log_level="WARNING")
        engine = make_engine(url)
        stack.callback(engine.dispose)
        started = time.perf_counter()
        if not loaded:
            build_demo(engine, reset=True, seed=2026, settings=settings)
        demo_s = time.perf_counter() - started
        app = create_app(settings, engine=engine)
        # As a served worker does at start (the tests' settings skip it).
        warm_up(engine)
        profiler: list[cProfile.Profile] = []
        served = profiled(app, profiler) if args.cprofile else app
        people = {
            "employer": [sign_in(served, e, stack) for e in EMPLOYERS],
            "caseworker": [sign_in(served, e, stack) for e in CASEWORKERS],
            "coordinator": [sign_in(served, e, stack) for e in COORDINATORS],
        }
        routes = journeys(people, stack)
        counter = StatementCounter(engine)
        # Build the matching index first, as the load test's warm-up does.
        for route in routes:
            if route.prepare:
                route.prepare(0)
            route.call(0)
        if args.cprofile:
            route = next((r for r in routes if r.name == args.cprofile), None)
            if route is None:
                raise SystemExit("routes: " + ", ".join(r.name for r in routes))
            measure(route, counter, 0, warm=3)
            # CPU time of the thread that runs the app: time waiting for the database is not ours.
            profiler.append(cProfile.Profile(time.thread_time))
            figures = measure(route, counter, args.requests, warm=0)
            out = io.StringIO()
            pstats.Stats(profiler[0], stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue(), file=sys.stderr)
            print(json.dumps({route.name: figures.summary()}, indent=1))
            return
        collector = CollectorTime()
        chosen = [route for route in routes if args.only in route.name]
        figures = {route.name: Figures() for route in chosen}
        # Rounds through every route: what else runs on the machine meanwhile weighs on all the
        # routes alike, rather than on whichever was being measured then.
        share = max(1, args.requests // args.rounds)
        for round_number in range(args.rounds):
            for route in chosen:
                measure(
                    route,
                    counter,
                    share,
                    warm=2 if round_number == 0 else 0,
                    figures=figures[route.name],
                    first=round_number * share,
                )
        results = {name: found.summary() for name, found in figures.items()}
        collector.stop()
    print(
        json.dumps(
            {
                "benchmark": "profile_routes",
                "database": args.database,
                "requests_per_route": args.requests,
                "rounds": args.rounds,
                "demo_load_s": round(demo_s, 1),
                "cpus": os.cpu_count(),
                "load_average": round(os.getloadavg()[0], 1),
                "garbage_collections": collector.figures(),
                "routes": results,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
