"""Random secrets and their stored digests."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """A URL-safe random token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """The SHA-256 of a token, which is what the database stores."""
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_digest(secret_key: str, *parts: object) -> str:
    """An HMAC-SHA256 of ``parts`` under ``secret_key`` (hex)."""
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode(), b.encode())
