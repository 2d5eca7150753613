"""Settings: defaults, refusal of default keys outside development, and the README's coverage."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from jobmatch.config import PROJECT_ROOT, InsecureSettings, Settings
from jobmatch.security.vault import new_vault_key


def test_database_defaults_to_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBMATCH_DATABASE_URL", raising=False)
    assert Settings().database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'jobmatch.db'}"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBMATCH_K_ANONYMITY", "7")
    assert Settings().k_anonymity == 7


@pytest.mark.parametrize("field", ["secret_key", "vault_key"])
def test_production_refuses_a_default_key(field: str) -> None:
    keys = {"secret_key": "s" * 40, "vault_key": new_vault_key()}
    del keys[field]
    with pytest.raises(InsecureSettings):
        Settings(env="production", **keys)


def test_production_starts_with_real_keys() -> None:
    settings = Settings(env="production", secret_key="s" * 40, vault_key=new_vault_key())
    assert settings.env == "production"


def test_the_time_zone_is_rome_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBMATCH_TIMEZONE", raising=False)
    assert Settings().zone == ZoneInfo("Europe/Rome")
    monkeypatch.setenv("JOBMATCH_TIMEZONE", "Europe/Bratislava")
    assert Settings().zone == ZoneInfo("Europe/Bratislava")


@pytest.mark.parametrize("zone", ["Europe/Romee", "Rome", "", "../../etc/passwd"])
def test_an_unknown_time_zone_is_refused_by_name(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBMATCH_TIMEZONE", zone)
    with pytest.raises(ValidationError) as refused:
        Settings()
    [error] = refused.value.errors()
    assert error["loc"] == ("timezone",)
    assert error["msg"] == (
        f"'{zone}' is not a known time zone: give an IANA name such as Europe/Rome, "
        "Europe/Paris or Europe/Bratislava"
    )


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(PROJECT_ROOT) / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"JOBMATCH_{name.upper()}" not in readme]
    assert missing == []
