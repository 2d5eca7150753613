"""Passwords, tokens and the vault's encryption."""

from __future__ import annotations

import pytest

from jobmatch.security.passwords import hash_password, verify_password
from jobmatch.security.tokens import digest, keyed_digest, new_token
from jobmatch.security.vault import VaultCipher, VaultError, new_vault_key


def test_passwords_are_argon2id_and_verify() -> None:
    hashed = hash_password("a long passphrase")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long passphrase")
    assert not verify_password(hashed, "a wrong passphrase")
    assert not verify_password(None, "a long passphrase")


def test_tokens_are_random_and_stored_as_digests() -> None:
    a, b = new_token(), new_token()
    assert a != b and len(a) >= 40
    assert digest(a) != a and len(digest(a)) == 64
    assert keyed_digest("k1", 1, 2) != keyed_digest("k2", 1, 2)


def test_vault_round_trip_and_binding_to_the_profile() -> None:
    cipher = VaultCipher(new_vault_key())
    blob = cipher.encrypt(7, {"full_name": "Ada Canary"})
    assert b"Ada" not in blob
    assert cipher.decrypt(7, blob) == {"full_name": "Ada Canary"}
    with pytest.raises(VaultError):
        cipher.decrypt(8, blob)  # a record moved to another profile does not decrypt
    with pytest.raises(VaultError):
        VaultCipher(new_vault_key()).decrypt(7, blob)


def test_vault_key_must_be_32_bytes_of_base64() -> None:
    with pytest.raises(VaultError):
        VaultCipher("not base64!")
    with pytest.raises(VaultError):
        VaultCipher("c2hvcnQ=")
