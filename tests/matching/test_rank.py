"""The batch ranking over exchange-format files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jobmatch.matching import rank
from jobmatch.matching.types import Offer, Profile
from tests.matching.engine_factories import matcher, offer, profile


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    offers = [offer("o1", "dev"), offer("o2", "cook"), offer("o3", "dev", region="FR101")]
    people = [
        profile("p1", skills=("program in python",), regions=("ITC1",)),
        profile("p2", skills=("prepare meals",)),
    ]
    o_path, p_path = tmp_path / "offers.jsonl", tmp_path / "profiles.jsonl"
    o_path.write_text("".join(json.dumps(o.to_dict()) + "\n" for o in offers))
    p_path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in people) + "\n")
    # The batch uses the default Matcher; point it at the tiny taxonomy to stay fast.
    monkeypatch.setattr(rank, "Matcher", lambda: matcher())
    return o_path, p_path


def test_rank_by_profile(files: tuple[Path, Path]) -> None:
    out = io.StringIO()
    assert rank.run_rank(*files, top=5, by="profile", out=out) == 2
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["profile"] for x in lines] == ["p1", "p2"]
    p1 = lines[0]["matches"]
    assert [m["offer"] for m in p1] == ["o1", "o2"]  # o3 is outside p1's regions
    assert set(p1[0]["explanation"]) == {"matched", "missing", "related", "parts"}
    assert lines[1]["matches"][0]["offer"] == "o2"


def test_rank_by_offer(files: tuple[Path, Path]) -> None:
    out = io.StringIO()
    rank.run_rank(*files, top=1, by="offer", out=out)
    lines = {x["offer"]: x["matches"] for x in map(json.loads, out.getvalue().splitlines())}
    assert [m["profile"] for m in lines["o1"]] == ["p1"]
    assert [m["profile"] for m in lines["o3"]] == ["p2"]


def test_bad_line_is_reported(tmp_path: Path, files: tuple[Path, Path]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "o1", "kind": "job"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl, line 1: .*missing field 'title'"):
        rank.run_rank(bad, files[1], top=3, by="profile", out=io.StringIO())
    assert rank.main(["--offers", str(bad), "--profiles", str(files[1])]) == 2


def test_readers() -> None:
    assert Offer.from_dict(offer().to_dict()) == offer()
    assert Profile.from_dict(profile().to_dict()) == profile()
