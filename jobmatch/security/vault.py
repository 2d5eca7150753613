"""Encryption of the identity vault: AES-256-GCM, each record bound to its profile id."""

from __future__ import annotations

import base64
import binascii
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = b"\x01"


class VaultError(RuntimeError):
    """The vault key is malformed, or a record cannot be decrypted with it."""


class VaultCipher:
    """Encrypts identity records, with the profile id as authenticated data (no swapping)."""

    def __init__(self, key_b64: str) -> None:
        try:
            key = base64.b64decode(key_b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VaultError("JOBMATCH_VAULT_KEY must be base64") from exc
        if len(key) != 32:
            raise VaultError("JOBMATCH_VAULT_KEY must decode to 32 bytes")
        self._aead = AESGCM(key)

    def encrypt(self, profile_id: int, record: dict[str, Any]) -> bytes:
        nonce = os.urandom(12)
        plaintext = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, _aad(profile_id))

    def decrypt(self, profile_id: int, blob: bytes) -> dict[str, Any]:
        if blob[:1] != _VERSION:
            raise VaultError("unknown vault record version")
        try:
            plaintext = self._aead.decrypt(blob[1:13], blob[13:], _aad(profile_id))
        except InvalidTag as exc:
            raise VaultError("vault record does not decrypt with this key") from exc
        record: dict[str, Any] = json.loads(plaintext)
        return record


def new_vault_key() -> str:
    """A fresh random key for JOBMATCH_VAULT_KEY."""
    return base64.b64encode(os.urandom(32)).decode()


def _aad(profile_id: int) -> bytes:
    return f"jobmatch-identity:{profile_id}".encode()
