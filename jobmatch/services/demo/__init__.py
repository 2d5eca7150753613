"""The demo network: a realistic, reproducible anti-trafficking network to try JobMatch with.

``load_demo(engine, reset=..., seed=...)`` fills an empty database (or, with ``reset``, a
recreated one) and returns a printable summary with the demo accounts. Everything is drawn from
``random.Random(seed)`` relative to a reference date (the first day of the current month), so
the same seed gives the same network. Every person in it is invented.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, func, select

import jobmatch.models  # noqa: F401  (registers every table before the schema is dropped)
from jobmatch.config import Settings
from jobmatch.db import session_scope
from jobmatch.errors import Conflict, Forbidden
from jobmatch.migrate import upgrade
from jobmatch.models import (
    Consent,
    Identity,
    Introduction,
    Offer,
    Organisation,
    OutcomeEvent,
    Profile,
    User,
)
from jobmatch.models.enums import OrganisationKind
from jobmatch.security.passwords import hash_password
from jobmatch.services import audit
from jobmatch.services.demo.activity import create_activity
from jobmatch.services.demo.context import Demo
from jobmatch.services.demo.employers import create_employers
from jobmatch.services.demo.network import create_members, create_networks
from jobmatch.services.demo.offers import create_offers
from jobmatch.services.demo.profiles import create_profiles
from jobmatch.services.demo.trainings import create_trainings
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

__all__ = ["DemoCounts", "load_demo", "reference_date"]

IN_PRODUCTION = (
    "The demo network is not loaded in production (JOBMATCH_ENV=production): its accounts "
    "share a published password."
)
NOT_EMPTY = (
    "The database already holds data: the demo is only loaded into an empty database. "
    "Run `jobmatch demo --reset` to drop everything and start again."
)


@dataclass
class DemoCounts:
    """What the demo created (for the summary and the tests)."""

    seed: int
    reference: date
    seconds: float = 0.0
    taxonomy_skills: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, Counter[str]] = field(default_factory=dict)


def reference_date(today: date | None = None) -> date:
    """The demo's "now": the first day of the current month (stable for a month)."""
    today = today or date.today()
    return today.replace(day=1)


def load_demo(
    engine: Engine,
    *,
    reset: bool,
    seed: int,
    reference: date | None = None,
    taxonomy: bool = True,
    settings: Settings | None = None,
) -> str:
    """Load the demo network and return a printable summary (with the demo accounts).

    ``reset`` drops every table and recreates the schema first; without it the database must be
    empty (``Conflict`` otherwise). ``taxonomy`` also loads the ESCO skills and occupations.
    Refused (``Forbidden``) in production.
    """
    counts = build_demo(
        engine,
        reset=reset,
        seed=seed,
        reference=reference,
        taxonomy=taxonomy,
        settings=settings,
    )
    return summary(counts)


def build_demo(
    engine: Engine,
    *,
    reset: bool,
    seed: int,
    reference: date | None = None,
    taxonomy: bool = True,
    settings: Settings | None = None,
) -> DemoCounts:
    """Like :func:`load_demo`, returning the counts instead of the summary text."""
    started = time.perf_counter()
    settings = settings or Settings()
    if settings.env == "production":
        # The demo drops the database and creates accounts whose password is public.
        raise Forbidden(IN_PRODUCTION)
    if reset:
        _drop_everything(engine)
    _prepare_schema(engine)
    result = DemoCounts(seed=seed, reference=reference or reference_date())
    with session_scope(engine) as session:
        if session.exec(select(func.count()).select_from(Organisation)).one():
            raise Conflict(NOT_EMPTY)
        if taxonomy:
            result.taxonomy_skills = _import_taxonomy(session)
        demo = Demo(
            session=session,
            rng=random.Random(seed),
            reference=result.reference,
            password_hash=_demo_password_hash(),
            settings=settings,
        )
        create_networks(demo)
        create_members(demo)
        create_employers(demo)
        create_offers(demo)
        # The courses draw from a generator of their own, so that changing them (or their
        # providers) leaves a seed's organisations, placements and profiles as they were.
        with demo.drawing_from(random.Random(f"{seed}:trainings")):
            create_trainings(demo)
        create_profiles(demo)
        create_activity(demo)
        _check_accounts(session)
        _count(session, result)
        _mark_everything_changed(session)
        result.seconds = time.perf_counter() - started
        audit.record(
            session,
            actor=None,
            action="demo.loaded",
            object_type="database",
            seed=seed,
            reference=result.reference.isoformat(),
            **result.counts,
        )
    return result


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    """argon2 is slow on purpose: every demo account shares one hash, made once per process."""
    return hash_password(DEMO_PASSWORD)


def _drop_everything(engine: Engine) -> None:
    """Drop every table (ours, Alembic's and any other) so the migrations start afresh."""
    SQLModel.metadata.drop_all(engine)
    leftover = MetaData()
    leftover.reflect(engine)
    leftover.drop_all(engine)


def _prepare_schema(engine: Engine) -> None:
    """Run the migrations, unless the schema was made without them (tests use create_all)."""
    tables = set(inspect(engine).get_table_names())
    if "organisation" not in tables or "alembic_version" in tables:
        upgrade(engine)


def _import_taxonomy(session: Session) -> int:
    """Load ESCO into the Skill and Occupation tables (the taxonomy service does it)."""
    from jobmatch.services.taxonomy import import_taxonomy

    return import_taxonomy(session).skills


def _mark_everything_changed(session: Session) -> None:
    """Tell running processes to rebuild their matching index from the new data."""
    from jobmatch.services.matching import mark_changed

    mark_changed(session)


def _check_accounts(session: Session) -> None:
    emails = set(session.exec(select(User.email)).all())
    missing = [a.email for a in DEMO_ACCOUNTS if a.email not in emails]
    if missing:  # a name in demo_accounts.py no longer matches an organisation of the demo
        raise RuntimeError(f"demo accounts not created: {', '.join(missing)}")


def _count(session: Session, result: DemoCounts) -> None:
    def total(model: type[SQLModel]) -> int:
        return int(session.exec(select(func.count()).select_from(model)).one())

    kinds = Counter(session.exec(select(Organisation.kind)).all())
    result.counts = {
        "organisations": total(Organisation),
        "employers": int(
            session.exec(
                select(func.count())
                .select_from(Organisation)
                .where(Organisation.kind == OrganisationKind.EMPLOYER)
                .where(col(Organisation.sector) != "P")
            ).one()
        ),
        "associations": kinds[OrganisationKind.EMPLOYER_ASSOCIATION],
        "ngos": kinds[OrganisationKind.NGO],
        "users": total(User),
        "offers": total(Offer),
        "profiles": total(Profile),
        "identities": total(Identity),
        "consents": total(Consent),
        "introductions": total(Introduction),
        "outcome_events": total(OutcomeEvent),
    }
    result.by_status = {
        "offers": Counter(session.exec(select(Offer.status)).all()),
        "offer kinds": Counter(session.exec(select(Offer.kind)).all()),
        "profiles": Counter(session.exec(select(Profile.status)).all()),
        "introductions": Counter(session.exec(select(Introduction.status)).all()),
        "outcomes": Counter(session.exec(select(OutcomeEvent.kind)).all()),
    }


def summary(result: DemoCounts) -> str:
    """The text `jobmatch demo` prints: what was made, and the demo accounts."""
    c = result.counts

    def spread(name: str) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(result.by_status[name].items()))

    lines = [
        f"Demo network loaded in {result.seconds:.1f} s "
        f"(seed {result.seed}, reference date {result.reference.isoformat()}).",
        f"  organisations  {c['organisations']}: {c['employers']} employers, "
        f"{c['associations']} employers' associations, {c['ngos']} NGOs, "
        "public authorities, helplines, IOM offices, training centres",
        f"  offers         {c['offers']} ({spread('offer kinds')}; {spread('offers')})",
        f"  profiles       {c['profiles']} ({spread('profiles')}), "
        f"{c['identities']} identities in the vault, {c['consents']} consents",
        f"  introductions  {c['introductions']} ({spread('introductions')})",
        f"  outcomes       {c['outcome_events']} ({spread('outcomes')})",
    ]
    if result.taxonomy_skills:
        lines.append(f"  taxonomy       {result.taxonomy_skills} ESCO skills")
    lines += ["", f"Demo accounts (password for all: {DEMO_PASSWORD}):"]
    width = max(len(a.email) for a in DEMO_ACCOUNTS)
    for account in DEMO_ACCOUNTS:
        lines.append(
            f"  {account.role:<12} {account.email:<{width}}  {account.organisation}"
            f" – {account.description}"
        )
    others = c["users"] - len(DEMO_ACCOUNTS)
    lines.append(f"  and {others} more staff accounts with the same password.")
    return "\n".join(lines)
