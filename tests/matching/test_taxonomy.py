"""The ESCO taxonomy loader: real data from data/, and a tiny hand-made folder."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from jobmatch.matching.taxonomy import (
    DEFAULT_DATA_DIR,
    Occupation,
    Skill,
    Taxonomy,
    load_taxonomy,
    read_taxonomy,
)

SKILL = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def _write(path: Path, header: str, rows: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join([header, *rows]) + "\n")


@pytest.fixture
def tiny(tmp_path: Path) -> Taxonomy:
    _write(
        tmp_path / "skills.tsv.gz",
        "uri\tlabel\talt_labels\tskill_type\tgroups",
        [
            f"{SKILL}a\tbake bread\tmake bread|bread baking\tskill/competence\tS6.1.2;T4.4",
            f"{SKILL}b\tbake cakes\t\tskill/competence\tS6.1.3",
            f"{SKILL}c\tbookkeeping\t\tknowledge\tK0411",
            f"{SKILL}d\tbe punctual\t\t\t",
        ],
    )
    _write(
        tmp_path / "skill_groups.tsv.gz",
        "code\tlabel\tparent",
        [
            "S\tskills\t",
            "S6\thandling and moving\tS",
            "S6.1\tcooking\tS6",
            "S6.1.2\tbaking bread\tS6.1",
            "S6.1.3\tbaking cakes\tS6.1",
            "T\ttransversal skills and competences\t",
            "T4\tsocial skills\tT",
            "T4.4\tleading others\tT4",
            "K\tknowledge\t",
            "K04\tbusiness\tK",
            "K041\taccounting\tK04",
            "K0411\taccounting and taxation\tK041",
        ],
    )
    _write(
        tmp_path / "occupations.tsv.gz",
        "uri\tlabel\talt_labels\tlabel_text\tisco\tessential\toptional\tsource",
        [
            f"{OCC}baker\tbaker\tbread baker|pastry baker\t\t7512\t{SKILL}a {SKILL}b\t{SKILL}c\tx",
            f"{OCC}clerk\tclerk\t\toffice clerk filing clerk\t\t\t\tx",
        ],
    )
    return read_taxonomy(tmp_path)


def test_reads_rows_into_frozen_dataclasses(tiny: Taxonomy) -> None:
    bread = tiny.skills[f"{SKILL}a"]
    assert bread == Skill(
        uri=f"{SKILL}a",
        label="bake bread",
        alt_labels=("make bread", "bread baking"),
        skill_type="skill/competence",
        groups=("S6.1.2", "T4.4"),
    )
    assert bread.labels == ("bake bread", "make bread", "bread baking")
    assert tiny.skills[f"{SKILL}d"].skill_type is None
    assert tiny.skills[f"{SKILL}d"].groups == ()
    with pytest.raises(AttributeError):
        bread.label = "changed"  # type: ignore[misc]


def test_occupation_fields(tiny: Taxonomy) -> None:
    baker = tiny.occupations[f"{OCC}baker"]
    assert baker.isco == "7512"
    assert baker.essential_skills == (f"{SKILL}a", f"{SKILL}b")
    assert baker.optional_skills == (f"{SKILL}c",)
    assert baker.labels == ("baker", "bread baker", "pastry baker")
    clerk = tiny.occupations[f"{OCC}clerk"]
    assert clerk == Occupation(
        uri=f"{OCC}clerk", label="clerk", label_text="office clerk filing clerk"
    )


def test_hierarchy_paths_and_ancestors(tiny: Taxonomy) -> None:
    assert tiny.ancestors("S6.1.2") == ("S", "S6", "S6.1", "S6.1.2")
    assert tiny.skill_paths(f"{SKILL}a") == (("S", "S6", "S6.1", "S6.1.2"), ("T", "T4", "T4.4"))
    assert tiny.skill_paths(f"{SKILL}missing") == ()
    assert tiny.group_label("S6.1") == "cooking"
    assert tiny.group_label("nope") == "nope"


def test_related_is_the_depth_of_the_closest_shared_group(tiny: Taxonomy) -> None:
    assert tiny.related(f"{SKILL}a", f"{SKILL}b") == 3  # both under S6.1
    assert tiny.related(f"{SKILL}a", f"{SKILL}a") == 4
    assert tiny.related(f"{SKILL}a", f"{SKILL}c") == 0  # skill vs knowledge
    assert tiny.related(f"{SKILL}a", f"{SKILL}unknown") == 0
    assert tiny.related(f"{SKILL}a", f"{SKILL}b") == tiny.related(f"{SKILL}b", f"{SKILL}a")


def test_reverse_indexes(tiny: Taxonomy) -> None:
    assert tiny.skills_in_group("S6.1") == (f"{SKILL}a", f"{SKILL}b")
    assert tiny.skills_in_group("T") == (f"{SKILL}a",)
    assert tiny.occupations_with_skill(f"{SKILL}c") == (f"{OCC}baker",)
    assert tiny.occupations_with_skill(f"{SKILL}d") == ()


def test_real_data_has_esco_skills_hierarchy_and_occupations() -> None:
    tax = load_taxonomy()
    assert len(tax.skills) > 13_000
    assert sum(len(s.alt_labels) for s in tax.skills.values()) > 80_000
    assert len(tax.occupations) > 3_000
    # Every skill URI is an ESCO skill URI, and every hierarchy code is known.
    assert all(uri.startswith(SKILL) for uri in tax.skills)
    codes = {code for s in tax.skills.values() for code in s.groups}
    assert codes <= set(tax.groups)
    assert tax.groups["S4"].label == "management skills"
    # Skill types come from the ESCO pillars.
    types = {s.skill_type for s in tax.skills.values()}
    assert {"knowledge", "skill/competence"} <= types
    # The ICT occupations carry essential skills, and those resolve to skills.
    with_skills = [o for o in tax.occupations.values() if o.essential_skills]
    assert len(with_skills) >= 90
    assert all(u in tax.skills for o in with_skills for u in o.essential_skills)


def test_load_is_cached_and_defaults_to_the_repository_data() -> None:
    assert load_taxonomy() is load_taxonomy(None)
    assert DEFAULT_DATA_DIR.name == "data"
    assert (DEFAULT_DATA_DIR / "ATTRIBUTION.md").exists()


def test_loads_fast_enough(tmp_path: Path) -> None:
    start = time.perf_counter()
    read_taxonomy(DEFAULT_DATA_DIR)
    # Generous bound for a shared CI machine; it takes ~0.3 s on one core.
    assert time.perf_counter() - start < 3.0
