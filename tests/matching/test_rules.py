"""The seven hard rules, one by one, and the vectorised check against the reference."""

from __future__ import annotations

from jobmatch.matching.rules import broken_rules, is_admissible
from jobmatch.matching.types import Language
from tests.matching.engine_factories import offer, profile


def test_admissible_baseline() -> None:
    assert is_admissible(offer(), profile())


def test_rule_1_excluded_region_is_a_prefix_match() -> None:
    assert broken_rules(offer(region="ITC11"), profile(excluded_regions=("ITC1",))) == (1,)
    assert broken_rules(offer(region="ITC33"), profile(excluded_regions=("ITC1",))) == ()


def test_rule_2_excluded_sector() -> None:
    assert broken_rules(offer(sector="I"), profile(excluded_sectors=frozenset({"I"}))) == (2,)
    assert broken_rules(offer(sector=None), profile(excluded_sectors=frozenset({"I"}))) == ()


def test_rule_3_work_permit() -> None:
    needs = offer(work_permit_required=True)
    assert broken_rules(needs, profile(work_permit="no")) == (3,)
    assert broken_rules(needs, profile(work_permit="pending")) == (3,)
    training = offer(work_permit_required=True, kind="training")
    assert broken_rules(training, profile(work_permit="pending")) == ()
    assert broken_rules(training, profile(work_permit="no")) == (3,)


def test_rule_4_regions_share_a_prefix_unless_remote() -> None:
    assert broken_rules(offer(region="ITC11"), profile(regions=("ITC1",))) == ()
    assert broken_rules(offer(region="ITC1"), profile(regions=("ITC11",))) == ()
    assert broken_rules(offer(region="FR101"), profile(regions=("ITC1",))) == (4,)
    remote = offer(region="FR101", remote=True)
    assert broken_rules(remote, profile(regions=("ITC1",), remote_ok=True)) == ()
    assert broken_rules(remote, profile(regions=("ITC1",), remote_ok=False)) == (4,)


def test_rule_5_wanted_kinds() -> None:
    assert broken_rules(offer(kind="job"), profile(wants=frozenset({"training"}))) == (5,)
    assert broken_rules(offer(kind="training"), profile(wants=frozenset({"training"}))) == ()


def test_rule_6_languages_with_course_slack() -> None:
    needs_c1 = offer(languages=(Language("en", "C1"),))
    assert broken_rules(needs_c1, profile()) == (6,)  # the profile has en B2
    with_course = offer(languages=(Language("en", "C1"),), supports=frozenset({"language_course"}))
    assert broken_rules(with_course, profile()) == ()
    assert broken_rules(offer(languages=(Language("fr", "A1"),)), profile()) == (6,)


def test_rule_7_hours() -> None:
    assert broken_rules(offer(hours_per_week=40.0), profile(hours_per_week=30.0)) == (7,)
    assert broken_rules(offer(hours_per_week=None), profile(hours_per_week=30.0)) == ()
    assert broken_rules(offer(hours_per_week=40.0), profile(hours_per_week=None)) == ()


def test_several_rules_at_once() -> None:
    bad = offer(region="FR101", sector="I", hours_per_week=45.0)
    who = profile(excluded_regions=("FR",), excluded_sectors=frozenset({"I"}), hours_per_week=20.0)
    assert broken_rules(bad, who) == (1, 2, 7)
