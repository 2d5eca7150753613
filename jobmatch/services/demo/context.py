"""What every part of the demo generator shares: the seeded generator, the dates, the session."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.models import Network, Offer, Organisation, Profile, User

T = TypeVar("T")

# The demo covers this many days before the reference date (18 months).
HISTORY_DAYS = 548


@dataclass
class Demo:
    """The state of one generation run; every random choice goes through ``rng``.

    ``reference`` is the day the demo treats as "now" (the first day of the current month by
    default), so that the same seed gives the same network all month long.
    """

    session: Session
    rng: random.Random
    reference: date
    password_hash: str
    settings: Settings
    networks: dict[str, Network] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    # Staff users of each organisation, by organisation name (first one = the main contact).
    staff: dict[str, list[User]] = field(default_factory=dict)
    emails: set[str] = field(default_factory=set)
    offers: list[Offer] = field(default_factory=list)
    # The kind of work (catalogue family or course key) of each offer, by offer id.
    offer_work: dict[int, str] = field(default_factory=dict)
    profiles: list[Profile] = field(default_factory=list)
    # The kinds of work each profile's experience and skills come from, by profile id.
    profile_work: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # When each profile may be introduced: (from, until) of its consents covering introductions.
    consent_windows: dict[int, list[tuple[date, date]]] = field(default_factory=dict)
    # Consents withdrawn, by profile id: the day of withdrawal.
    withdrawn_on: dict[int, date] = field(default_factory=dict)
    # The fields recorded in each profile's vault record (what can be disclosed).
    identity_fields: dict[int, frozenset[str]] = field(default_factory=dict)
    # Rows to add once the rows they refer to have ids (one flush instead of one per row).
    deferred: list[Callable[[], None]] = field(default_factory=list)

    @contextmanager
    def drawing_from(self, rng: random.Random) -> Iterator[None]:
        """Draw from ``rng`` for a while, so that a part added to the demo leaves the draws,
        hence the content, of the other parts as they were."""
        main, self.rng = self.rng, rng
        try:
            yield
        finally:
            self.rng = main

    def later(self, action: Callable[[], None]) -> None:
        self.deferred.append(action)

    def settle(self) -> None:
        """Flush, then add the deferred rows that needed the new ids, and flush again."""
        self.session.flush()
        while self.deferred:
            actions, self.deferred = self.deferred, []
            for action in actions:
                action()
            self.session.flush()

    def day(self, days_ago: int) -> date:
        """The date ``days_ago`` days before the reference date (negative: after it)."""
        return self.reference - timedelta(days=days_ago)

    def moment(self, on: date) -> datetime:
        """An aware UTC datetime on ``on`` during office hours."""
        clock = time(self.rng.randint(8, 17), self.rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50)))
        return datetime.combine(on, clock, tzinfo=UTC)

    def pick(self, items: list[T] | tuple[T, ...]) -> T:
        return items[self.rng.randrange(len(items))]

    def sample(self, items: list[T] | tuple[T, ...], k: int) -> list[T]:
        return self.rng.sample(list(items), min(k, len(items)))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def weighted(self, weights: Mapping[str, float]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def organisation(self, name: str) -> Organisation:
        return self.organisations[name]

    def owner(self, profile: Profile) -> Organisation:
        """The organisation that owns a profile."""
        return self.organisations[self.organisation_name(profile.organisation_id)]

    def organisation_name(self, organisation_id: int) -> str:
        for name, organisation in self.organisations.items():
            if organisation.id == organisation_id:
                return name
        raise KeyError(organisation_id)

    def org_id(self, name: str) -> int:
        organisation_id = self.organisations[name].id
        assert organisation_id is not None
        return organisation_id


def slug(text: str) -> str:
    """``Trattoria Sabauda S.r.l.`` → ``trattoria-sabauda-srl`` (ASCII, for invented addresses)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace(".", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
