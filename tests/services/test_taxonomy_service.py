"""The taxonomy in the product: import, autocomplete, normalising typed skills."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from jobmatch.cli import app
from jobmatch.models import Occupation, Skill
from jobmatch.services import taxonomy
from tests.factories import api_token, make_organisation, make_user, web_login

COOK = "http://data.europa.eu/esco/skill/f3934441-4bff-4076-9945-e6c51a01c467"


def test_import_fills_the_tables(session: Session) -> None:
    counts = taxonomy.import_taxonomy(session)
    assert counts.skills > 13000 and counts.occupations > 1000
    assert session.exec(select(func.count()).select_from(Skill)).one() == counts.skills
    assert session.exec(select(func.count()).select_from(Occupation)).one() == counts.occupations
    skill = session.get(Skill, COOK)
    assert skill is not None and skill.label == "use cooking techniques"
    # Importing again replaces, it does not duplicate.
    assert taxonomy.import_taxonomy(session) == counts


def test_typed_skills_are_mapped_or_kept_as_text() -> None:
    cooking = taxonomy.normalise_skill("use cookng techniques")
    assert cooking.uri == COOK and cooking.value == COOK
    unknown = taxonomy.normalise_skill("zxqv blorf")
    assert unknown.uri is None and unknown.value == "zxqv blorf" and unknown.label == "zxqv blorf"
    assert taxonomy.normalise_skill(COOK).label == "use cooking techniques"
    # The same words again (spaces aside) give the same answer, without searching again.
    assert taxonomy.normalise_skill("  use cookng techniques ") is cooking


def test_suggestions_need_two_characters() -> None:
    assert taxonomy.suggest_skills("c") == []
    assert taxonomy.suggest_skills("cooking techniques", limit=3)[0].uri == COOK


def test_skills_api_and_web_suggestions(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    assert client.get("/api/v1/skills?q=cooking").status_code == 401
    headers = api_token(client, user.email)
    found = client.get("/api/v1/skills?q=cooking techniques&limit=3", headers=headers).json()
    assert found["items"][0] == {
        "uri": COOK,
        "label": "use cooking techniques",
        "score": found["items"][0]["score"],
    }
    assert client.get("/api/v1/skills?q=x&limit=500", headers=headers).status_code == 422
    assert client.get("/skills/suggest?q=cooking", follow_redirects=False).status_code == 303
    web_login(client, user.email)
    web = client.get("/skills/suggest?q=cooking techniques").json()
    assert web["items"][0]["uri"] == COOK


def test_cli_skills_match_and_import(tmp_path: Path, monkeypatch: object) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["skills", "match"], input="use cookng techniques\n\nzxqv blorf\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["query"] == "use cookng techniques"
    assert lines[0]["candidates"][0]["uri"] == COOK
    assert lines[1]["query"] == "zxqv blorf"


def test_cli_rank(tmp_path: Path) -> None:
    offers = tmp_path / "o.jsonl"
    profiles = tmp_path / "p.jsonl"
    offer = {
        "id": "O1",
        "kind": "job",
        "title": "cook",
        "skills": [{"skill": COOK, "importance": "essential"}],
        "languages": [],
        "region": "ITC11",
        "remote": False,
        "places": 1,
        "hours_per_week": 30,
        "work_permit_required": False,
        "supports": [],
    }
    offers.write_text(
        json.dumps(offer) + "\n" + json.dumps(dict(offer, id="O2", region="FR101")) + "\n"
    )
    profile = {
        "id": "P1",
        "skills": [{"skill": "cooking techniques"}],
        "experience": [],
        "languages": [],
        "regions": ["ITC1"],
        "excluded_regions": [],
        "excluded_sectors": [],
        "remote_ok": False,
        "available_from": "2026-01-01",
        "work_permit": "yes",
        "wants": [],
    }
    profiles.write_text(json.dumps(profile) + "\n")
    result = CliRunner().invoke(
        app, ["rank", "--offers", str(offers), "--profiles", str(profiles), "--top", "5"]
    )
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert line["profile"] == "P1"
    assert [m["offer"] for m in line["matches"]] == ["O1"]  # O2 is outside the profile's region
    assert COOK in line["matches"][0]["explanation"]["matched"]
    bad = CliRunner().invoke(app, ["rank", "--offers", str(profiles), "--profiles", str(profiles)])
    assert bad.exit_code == 1
