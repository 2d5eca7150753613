"""The score: explainable parts, each between 0 and its weight, adding up to the score."""

from __future__ import annotations

from datetime import date

import pytest

from jobmatch.matching.scoring import WEIGHTS, language_margin, score_pair, start_fit
from jobmatch.matching.types import Language
from tests.matching.engine_factories import matcher, offer, profile, skill


def test_weights_add_up_to_100() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(100.0)


def test_parts_sum_to_the_score_and_stay_in_range() -> None:
    m = matcher().fit([offer("a", "dev", optional=("team",))])
    prof = m.prepare(profile(skills=("program in python", "teamwork", "query databases")))
    score, why = score_pair(m.prepared_["a"], prof)
    assert score == pytest.approx(sum(why.parts.values()))
    assert 0.0 <= score <= 100.0
    for name, value in why.parts.items():
        assert 0.0 <= value <= WEIGHTS[name] + 1e-9
    assert set(why.matched) == {skill("py"), skill("sql"), skill("team")}
    assert set(why.missing) == {skill("web"), skill("test")}
    assert why.parts["essential"] == pytest.approx(WEIGHTS["essential"] * 2 / 4)


def test_related_skills_through_the_hierarchy() -> None:
    m = matcher().fit([offer("a", "dev", skills=("web",))])
    # "test software" shares the narrow group S1.1.2 with "develop websites".
    why = m.explain("a", profile(skills=("test software",))).explanation
    assert why.related == (skill("web"),)
    assert why.parts["related"] > 0.0


def test_own_occupation_ranks_above_a_sibling_with_the_same_skills() -> None:
    own = offer("own", "dev", skills=("sql", "py"))
    near = offer("near", "admin", skills=("sql", "py"))
    m = matcher().fit([own, near])
    person = profile(skills=("program in python", "build web pages", "software testing"))
    ranked = [x.offer_id for x in m.offers_for(person, 2)]
    assert ranked == ["own", "near"]


def test_experience_counts_for_its_occupation() -> None:
    m = matcher().fit([offer("a", "cook"), offer("b", "waiter")])
    from jobmatch.matching.types import Experience

    person = profile(skills=("clean kitchens",), experience=(Experience("chef", 4.0),))
    top = m.offers_for(person, 2)
    assert top[0].offer_id == "a"
    assert top[0].explanation.parts["experience"] == pytest.approx(WEIGHTS["experience"])


def test_language_margin_and_start() -> None:
    levels = {"en": 3}
    assert language_margin(offer(), levels) == 1.0
    assert language_margin(offer(languages=(Language("en", "B2"),)), levels) == 0.5
    assert language_margin(offer(languages=(Language("en", "A2"),)), levels) == 1.0
    assert start_fit(date(2026, 1, 1), date(2025, 12, 1)) == 1.0
    assert start_fit(date(2026, 1, 1), date(2026, 3, 2)) == pytest.approx(1 - 60 / 180)
    assert start_fit(None, date(2026, 1, 1)) == 1.0


def test_unresolved_text_still_counts_by_text_similarity() -> None:
    a = offer("a", "dev", skills=("py",))
    b = a.__class__(**{**{f: getattr(a, f) for f in a.__slots__}, "id": "b"})
    from jobmatch.matching.types import OfferSkill

    c = offer("c", "dev", skills=())
    c = c.__class__(
        **{**{f: getattr(c, f) for f in c.__slots__}, "skills": (OfferSkill("quantum knitting"),)}
    )
    m = matcher().fit([a, b, c])
    why = m.explain("c", profile(skills=("quantum knittings",))).explanation
    assert why.matched == ("quantum knitting",)
