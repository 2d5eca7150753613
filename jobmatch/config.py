"""The one settings class: every field comes from a ``JOBMATCH_*`` environment variable."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Development defaults; the app refuses to start with them outside development.
DEFAULT_SECRET_KEY = "dev-secret-key-change-me-0000000000000000"
DEFAULT_VAULT_KEY = "ZGV2LXZhdWx0LWtleS1jaGFuZ2UtbWUtMDAwMDAwMDA="


class InsecureSettings(RuntimeError):
    """Raised when a default key is used outside development."""


class Settings(BaseSettings):
    """JobMatch settings; each field is documented in README.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="JOBMATCH_", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        default="development",
        description="development, test or production; production refuses default keys.",
    )
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'jobmatch.db'}",
        description="SQLAlchemy URL of the database (SQLite file or postgresql+psycopg://...).",
    )
    secret_key: str = Field(
        default=DEFAULT_SECRET_KEY,
        description="Secret for candidate references and other keyed hashes (32+ characters).",
    )
    vault_key: str = Field(
        default=DEFAULT_VAULT_KEY,
        description="Base64 key (32 bytes) that encrypts the identity vault (AES-256-GCM).",
    )
    demo: bool = Field(
        default=False, description="Show the demo accounts on the login page (development only)."
    )
    session_idle_minutes: int = Field(
        default=30, description="A login session ends after this idle time."
    )
    session_absolute_hours: int = Field(
        default=12, description="A login session ends after this time."
    )
    api_token_days: int = Field(default=30, description="Lifetime of an API token in days.")
    login_max_failures: int = Field(
        default=10,
        description="Failed logins allowed per account and per client address in the window.",
    )
    login_window_minutes: int = Field(default=15, description="The login throttling window.")
    k_anonymity: int = Field(
        default=5, description="Smallest group of profiles an employer-visible candidate may match."
    )
    suppression_threshold: int = Field(
        default=5, description="Counts below this are shown as '<5' in reports and exports."
    )
    max_open_requests_per_offer: int = Field(
        default=10, description="Open introduction requests an employer may have for one offer."
    )
    retention_months: int = Field(
        default=24, description="`jobmatch purge` erases profiles inactive for longer than this."
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data", description="Folder of the taxonomy data."
    )
    log_level: str = Field(default="INFO", description="Logging level of the app.")
    secure_cookies: bool | None = Field(
        default=None,
        description="Force the Secure cookie flag; by default it is set when the request is https.",
    )
    timezone: str = Field(
        default="Europe/Rome",
        description="IANA time zone in which pages show date-times (stored and API times are UTC).",
    )

    @field_validator("timezone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            # ValueError: a path, not a name ("../x", "/etc/x") or a file that is not a zone.
            raise PydanticCustomError(
                "unknown_time_zone",
                "'{zone}' is not a known time zone: give an IANA name such as Europe/Rome, "
                "Europe/Paris or Europe/Bratislava",
                {"zone": value},
            ) from None
        return value

    @model_validator(mode="after")
    def _refuse_default_keys(self) -> Settings:
        if self.env == "production" and (
            self.secret_key == DEFAULT_SECRET_KEY or self.vault_key == DEFAULT_VAULT_KEY
        ):
            raise InsecureSettings(
                "JOBMATCH_SECRET_KEY and JOBMATCH_VAULT_KEY must be set outside development."
            )
        if self.env == "production" and self.demo:
            raise InsecureSettings("JOBMATCH_DEMO cannot be used in production.")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of ``timezone`` (``ZoneInfo`` keeps one instance per name)."""
        return ZoneInfo(self.timezone)
