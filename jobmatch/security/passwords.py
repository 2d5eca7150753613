"""Passwords hashed with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's recommended argon2id floor (19 MiB, 2 passes, 1 lane): strong against offline
# guessing while a 2-core server can still answer many sign-ins at once.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

# Verified against when the e-mail is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("no such account: constant-time answer")


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher.hash(password)


def needs_rehash(password_hash: str) -> bool:
    """True when a stored hash was made with other parameters (rehash it at the next sign-in)."""
    return _hasher.check_needs_rehash(password_hash)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; an unknown account costs the same time as a wrong password."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
