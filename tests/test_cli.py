"""The command line: init-db, create-organisation, create-user, export and import; serve
refuses settings that are not valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jobmatch.app import create_app
from jobmatch.cli import app
from jobmatch.config import Settings

runner = CliRunner()

OFFER = {
    "id": "EXT-1",
    "kind": "placement",
    "title": "Aiuto cuoco",
    "skills": [
        {
            "skill": "http://data.europa.eu/esco/skill/f3934441-4bff-4076-9945-e6c51a01c467",
            "importance": "essential",
        },
        {"skill": "lavare le verdure", "importance": "optional"},
    ],
    "languages": [{"code": "it", "level": "A2"}],
    "region": "ITC11",
    "remote": False,
    "places": 2,
    "hours_per_week": 30,
    "start": "2027-01-15",
    "work_permit_required": True,
    "sector": "I",
    "supports": ["mentoring", "housing"],
}
PROFILE = {
    "id": "P-1",
    "skills": [{"skill": "cooking", "level": "intermediate"}, {"skill": "cleaning"}],
    "experience": [{"occupation": "kitchen porter", "years": 2}],
    "languages": [{"code": "it", "level": "B1"}, {"code": "ro", "level": "C2"}],
    "regions": ["ITC1"],
    "excluded_regions": ["ITF1"],
    "excluded_sectors": ["A"],
    "remote_ok": False,
    "hours_per_week": 35,
    "available_from": "2026-12-01",
    "work_permit": "pending",
    "wants": ["placement", "training"],
}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("JOBMATCH_DATABASE_URL", url)
    result = runner.invoke(app, ["init-db"])
    assert result.exit_code == 0, result.output
    return url


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_create_user_then_use_the_api(database: str) -> None:
    invoke("create-organisation", "Forno Rossi", "--kind", "employer", "--region", "ITC11")
    invoke(
        "create-user",
        "baker@forno.example",
        "--role",
        "employer",
        "--organisation",
        "Forno Rossi",
        "--password",
        "flour and water",
    )
    client = TestClient(create_app(Settings(env="test", database_url=database)))
    token = client.post(
        "/api/v1/tokens", json={"email": "baker@forno.example", "password": "flour and water"}
    ).json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["role"] == "employer" and me["organisation"]["name"] == "Forno Rossi"


def test_bad_input_is_a_clear_error(database: str) -> None:
    result = runner.invoke(
        app, ["create-organisation", "X", "--kind", "castle", "--region", "Torino"]
    )
    assert result.exit_code == 1
    assert "kind" in result.output and "region" in result.output


def test_association_membership(database: str) -> None:
    invoke(
        "create-organisation",
        "Unione Artigiani",
        "--kind",
        "employer_association",
        "--region",
        "ITC1",
    )
    out = invoke(
        "create-organisation",
        "Officina Bianchi",
        "--kind",
        "employer",
        "--region",
        "ITC11",
        "--member-of",
        "Unione Artigiani",
    )
    assert "Officina Bianchi" in out


def test_export_then_import_into_an_empty_database(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("create-organisation", "Forno Rossi", "--kind", "employer", "--region", "ITC11")
    invoke("create-organisation", "Liberi Passi", "--kind", "ngo", "--region", "ITC11")
    offers_in, profiles_in = tmp_path / "o.jsonl", tmp_path / "p.jsonl"
    offers_in.write_text(json.dumps(OFFER) + "\n", encoding="utf-8")
    profiles_in.write_text(json.dumps(PROFILE) + "\n", encoding="utf-8")
    invoke("import", "--offers", str(offers_in), "--organisation", "Forno Rossi")
    invoke("import", "--profiles", str(profiles_in), "--organisation", "Liberi Passi")
    offers_out, profiles_out = tmp_path / "o2.jsonl", tmp_path / "p2.jsonl"
    invoke("export", "--offers", str(offers_out), "--profiles", str(profiles_out))

    # A second, empty database with the same organisations takes the export back.
    monkeypatch.setenv("JOBMATCH_DATABASE_URL", f"sqlite:///{tmp_path}/second.db")
    invoke("init-db")
    invoke("create-organisation", "Forno Rossi", "--kind", "employer", "--region", "ITC11")
    invoke("create-organisation", "Liberi Passi", "--kind", "ngo", "--region", "ITC11")
    invoke("import", "--offers", str(offers_out), "--profiles", str(profiles_out))
    offers_again, profiles_again = tmp_path / "o3.jsonl", tmp_path / "p3.jsonl"
    invoke("export", "--offers", str(offers_again), "--profiles", str(profiles_again))
    assert offers_again.read_text() == offers_out.read_text()
    assert profiles_again.read_text() == profiles_out.read_text()

    exported = json.loads(offers_out.read_text())
    for field, value in OFFER.items():
        if field != "supports":
            assert exported[field] == value, field
    assert sorted(exported["supports"]) == ["housing", "mentoring"]
    profile = json.loads(profiles_out.read_text())
    assert profile["id"] == "P-1" and profile["languages"] == PROFILE["languages"]


def test_import_is_all_or_nothing(database: str, tmp_path: Path) -> None:
    invoke("create-organisation", "Forno Rossi", "--kind", "employer", "--region", "ITC11")
    bad = dict(OFFER, id="EXT-2", region="Turin")
    path = tmp_path / "o.jsonl"
    path.write_text(json.dumps(OFFER) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "--offers", str(path), "--organisation", "Forno Rossi"])
    assert result.exit_code == 1
    assert "line 2" in result.output and "region" in result.output
    out = tmp_path / "export.jsonl"
    invoke("export", "--offers", str(out), "--profiles", str(tmp_path / "p.jsonl"))
    assert out.read_text() == ""


def test_serve_refuses_an_unknown_time_zone_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def start(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server started")

    monkeypatch.setattr("jobmatch.cli.server.uvicorn.run", start)
    monkeypatch.setenv("JOBMATCH_TIMEZONE", "Europe/Romee")
    monkeypatch.setenv("JOBMATCH_K_ANONYMITY", "five")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 1
    number, zone = result.stderr.splitlines()  # every problem, one a line
    assert number.startswith("error: JOBMATCH_K_ANONYMITY: ")  # pydantic's words
    assert zone == (
        "error: JOBMATCH_TIMEZONE: 'Europe/Romee' is not a known time zone: give an IANA name "
        "such as Europe/Rome, Europe/Paris or Europe/Bratislava"
    )
    assert "Traceback" not in result.output


def test_serve_refuses_default_keys_in_production_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def start(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server started")

    monkeypatch.setattr("jobmatch.cli.server.uvicorn.run", start)
    monkeypatch.setenv("JOBMATCH_ENV", "production")
    for name in ("JOBMATCH_SECRET_KEY", "JOBMATCH_VAULT_KEY", "JOBMATCH_DEMO"):
        monkeypatch.delenv(name, raising=False)
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: JOBMATCH_SECRET_KEY and JOBMATCH_VAULT_KEY must be set outside development.\n"
    )
