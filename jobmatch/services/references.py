"""Profile reference codes: random, so that they say nothing about the person."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from jobmatch.models import Profile

# No 0/O or 1/I: a reference is read aloud on the phone.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_profile_reference(session: Session) -> str:
    """A fresh code such as ``JM-7KQ4-M2XD`` that no profile has yet."""
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(8))
        reference = f"JM-{body[:4]}-{body[4:]}"
        if session.exec(select(Profile.id).where(Profile.reference == reference)).first() is None:
            return reference
