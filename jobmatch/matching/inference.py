"""Understanding skills and occupations: text → ESCO URIs, and a person's likely occupations.

`Resolver` maps skill texts and job titles to ESCO URIs (exact labels first, then the fuzzy
normaliser), keeping text that does not resolve as a `text:` key so it still counts by text.

`OccupationModel` knows, for each occupation, its essential skills (from the taxonomy, or learned
from the offers of that occupation when the taxonomy has none) and how close occupations are to each
other (the ISCO hierarchy when codes exist, otherwise the overlap of their essential skills). From a
person's skills and experience it infers a probability over occupations: each skill is explained
either by the occupation (drawn from its essential skills) or by background noise, and experience in
an occupation, or a close one, multiplies the odds.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse

SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
TEXT_PREFIX = "text:"

FloatArray = npt.NDArray[np.float64]
MIN_FIT = 0.01
MAX_FITS = 40


class CandidateLike(Protocol):
    @property
    def uri(self) -> str: ...
    @property
    def score(self) -> float: ...


class TextMatcher(Protocol):
    """What the engine needs of a normaliser: ranked URI candidates with scores 0–100."""

    def match(self, text: str, k: int = ...) -> Sequence[CandidateLike]: ...


class SkillLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def alt_labels(self) -> tuple[str, ...]: ...
    @property
    def groups(self) -> tuple[str, ...]: ...


class OccupationLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def alt_labels(self) -> tuple[str, ...]: ...
    @property
    def isco(self) -> str | None: ...
    @property
    def essential_skills(self) -> tuple[str, ...]: ...


class TaxonomyLike(Protocol):
    @property
    def skills(self) -> Mapping[str, SkillLike]: ...
    @property
    def occupations(self) -> Mapping[str, OccupationLike]: ...
    def skills_in_group(self, code: str) -> tuple[str, ...]: ...


_SPACES = re.compile(r"\s+")
# Words that dress a job title up as a kind of offer ("Internship: …", "… training course").
_DECORATION = re.compile(
    r"\b(dual|paid|junior|senior|trainee|traineeship|internship|intern|apprenticeship|apprentice|"
    r"work placement|placement|training course|training|course|programme|program|vacancy|job|"
    r"m/f|f/m|m/w/d|tirocinio|apprendistato|corso|stage|alternance|formation|st[aá]ž|kurz)\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s[–—\-|/]\s|:|\(|\)|,")


def normalise_text(text: str) -> str:
    """Lowercase, collapse spaces: the key under which labels are compared exactly."""
    return _SPACES.sub(" ", text.strip().lower())


def title_variants(title: str) -> list[str]:
    """A job title and its pieces without offer-kind decoration, best guess first."""
    out: list[str] = []
    stripped = normalise_text(_DECORATION.sub(" ", title))
    pieces = [normalise_text(p) for p in _SEPARATORS.split(title)]
    pieces += [normalise_text(_DECORATION.sub(" ", p)) for p in _SEPARATORS.split(title)]
    for candidate in (stripped, normalise_text(title), *pieces):
        candidate = candidate.strip(" -–—:")
        if len(candidate) >= 3 and candidate not in out:
            out.append(candidate)
    return out


class Resolver:
    """Maps skill texts and occupation titles to weighted ESCO URIs, with caches."""

    def __init__(
        self,
        taxonomy: TaxonomyLike,
        skill_matcher: TextMatcher | None,
        occupation_matcher: TextMatcher | None,
        *,
        min_score: float = 72.0,
    ) -> None:
        self.taxonomy = taxonomy
        self.skill_matcher = skill_matcher
        self.occupation_matcher = occupation_matcher
        self.min_score = min_score
        self._skill_labels, self._occupation_labels = _label_tables(taxonomy)
        self._skills: dict[str, tuple[tuple[str, float], ...]] = {}
        self._occupations: dict[str, tuple[tuple[str, float], ...]] = {}

    def skill(self, text: str) -> tuple[tuple[str, float], ...]:
        """Weighted skill keys for a text: URIs with confidence 0–1, or one `text:` key."""
        found = self._skills.get(text)
        if found is None:
            found = self._skills[text] = self._resolve(
                text, SKILL_PREFIX, self.taxonomy.skills, self._skill_labels, self.skill_matcher
            )
        return found

    def offer_skill(self, text: str) -> str:
        """The single best key for a skill an offer lists (offers are written with care)."""
        return self.skill(text)[0][0]

    def occupation(self, text: str) -> tuple[tuple[str, float], ...]:
        """Weighted occupation URIs for a job title; empty when nothing is close enough."""
        found = self._occupations.get(text)
        if found is None:
            found = self._resolve(
                text,
                OCCUPATION_PREFIX,
                self.taxonomy.occupations,
                self._occupation_labels,
                self.occupation_matcher,
            )
            found = tuple(x for x in found if not x[0].startswith(TEXT_PREFIX))
            self._occupations[text] = found
        return found

    def title(self, title: str) -> tuple[tuple[str, float], ...]:
        """Occupation URIs for an offer title, trying it with and without decoration."""
        best: dict[str, float] = {}
        for variant in title_variants(title):
            for uri, weight in self.occupation(variant):
                best[uri] = max(best.get(uri, 0.0), weight)
        return tuple(sorted(best.items(), key=lambda x: (-x[1], x[0]))[:3])

    def _resolve(
        self,
        text: str,
        prefix: str,
        known: Mapping[str, object],
        labels: dict[str, tuple[str, ...]],
        matcher: TextMatcher | None,
    ) -> tuple[tuple[str, float], ...]:
        if text.startswith(prefix):
            return ((text, 1.0),)
        key = normalise_text(text)
        exact = labels.get(key)
        if exact:
            return tuple((uri, 1.0) for uri in exact)
        if matcher is not None and key:
            cands = [c for c in matcher.match(key, 3) if c.uri in known]
            if cands:
                best = max(c.score for c in cands)
                if best >= self.min_score:
                    return tuple(
                        (c.uri, c.score / 100.0)
                        for c in sorted(cands, key=lambda c: (-c.score, c.uri))
                        if c.score >= best - 2.0
                    )
        return ((TEXT_PREFIX + key, 1.0),)


# Label tables of the last few taxonomies: the app fits a Matcher per database, and each fit
# would otherwise normalise the ~100k labels of the same taxonomy again (about a second).
_TABLES: dict[int, tuple[TaxonomyLike, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}


def _label_tables(
    taxonomy: TaxonomyLike,
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The skill and occupation label tables of ``taxonomy``, computed once per taxonomy."""
    cached = _TABLES.get(id(taxonomy))
    if cached is None or cached[0] is not taxonomy:
        cached = (
            taxonomy,
            _label_table(taxonomy.skills.items()),
            _label_table(taxonomy.occupations.items()),
        )
        if len(_TABLES) >= 4:
            _TABLES.pop(next(iter(_TABLES)))
        _TABLES[id(taxonomy)] = cached
    return cached[1], cached[2]


def _label_table(
    items: Iterable[tuple[str, SkillLike | OccupationLike]],
) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for uri, concept in items:
        for label in (concept.label, *concept.alt_labels):
            key = normalise_text(label)
            if key and uri not in table[key]:
                table[key].append(uri)
    # A label shared by several concepts is ambiguous; keep it only while that stays small.
    return {k: tuple(sorted(v)) for k, v in table.items() if len(v) <= 3}


@dataclass(frozen=True, slots=True)
class OccupationGuess:
    """A person's likely occupations (probabilities) and the fit of each occupation, 0–1."""

    probabilities: dict[str, float]
    fit: dict[str, float]


class OccupationModel:
    """Occupations, their essential skills and their closeness, for inference over people."""

    def __init__(
        self,
        essential: Mapping[str, Iterable[str]],
        isco: Mapping[str, str | None],
        *,
        share_from_occupation: float = 0.5,
        size_exponent: float = 0.5,
        same_experience: float = 6.0,
        close_experience: float = 3.0,
        max_neighbours: int = 25,
    ) -> None:
        self.occupations = sorted(o for o, skills in essential.items() if skills)
        self.column = {o: i for i, o in enumerate(self.occupations)}
        self.essential = {o: frozenset(essential[o]) for o in self.occupations}
        self.isco = {o: isco.get(o) for o in self.occupations}
        vocab = sorted({s for o in self.occupations for s in self.essential[o]})
        self.skill_row = {s: i for i, s in enumerate(vocab)}
        n_occ, n_skill = len(self.occupations), len(vocab)
        self.share = share_from_occupation
        self.background = 1.0 / max(n_skill, 1)
        self.same_experience = same_experience
        self.close_experience = close_experience
        rows, cols, vals = [], [], []
        df: Counter[str] = Counter()
        for o in self.occupations:
            df.update(self.essential[o])
        idf_rows, idf_vals = [], []
        for j, o in enumerate(self.occupations):
            size = len(self.essential[o]) ** size_exponent
            for s in self.essential[o]:
                rows.append(self.skill_row[s])
                cols.append(j)
                vals.append(1.0 / size)
                idf_rows.append(self.skill_row[s])
                idf_vals.append(math.log(1.0 + n_occ / df[s]))
        shape = (max(n_skill, 1), max(n_occ, 1))
        # P(skill | occupation) up to a constant: a share of skills comes from the occupation.
        self.likelihood = sparse.csr_matrix((vals, (rows, cols)), shape=shape)
        weighted = sparse.csc_matrix((idf_vals, (idf_rows, cols)), shape=shape)
        self.similarity = self._similarity(weighted, max_neighbours)

    def _similarity(self, weighted: sparse.csc_matrix, max_neighbours: int) -> sparse.csr_matrix:
        """Closeness of occupations: ISCO groups where known, else essential-skill cosine."""
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=0)).ravel())
        norms[norms == 0] = 1.0
        unit = weighted @ sparse.diags(1.0 / norms)
        cos = (unit.T @ unit).toarray()
        n = len(self.occupations)
        sim = np.zeros((max(n, 1), max(n, 1)))
        for i, a in enumerate(self.occupations):
            code_a = self.isco[a]
            for j, b in enumerate(self.occupations):
                code_b = self.isco[b]
                if i == j:
                    sim[i, j] = 1.0
                elif code_a and code_b:
                    sim[i, j] = (
                        3 / 7
                        if code_a[:4] == code_b[:4]
                        else 1 / 7
                        if code_a[:3] == code_b[:3]
                        else 0.0
                    )
                else:
                    sim[i, j] = min(0.6, cos[i, j])
            if max_neighbours < n:
                row = sim[i]
                cut = np.partition(row, n - max_neighbours)[n - max_neighbours]
                row[row < cut] = 0.0
        sim[sim < 0.02] = 0.0
        return sparse.csr_matrix(sim)

    def related(self, a: str, b: str) -> float:
        """How close occupation b is to a, 0–1 (1 for the same occupation)."""
        if a == b:
            return 1.0
        i, j = self.column.get(a), self.column.get(b)
        if i is None or j is None:
            return 0.0
        return float(self.similarity[i, j])

    def guess(
        self,
        skills: Sequence[Sequence[tuple[str, float]]],
        experience: Sequence[tuple[Sequence[tuple[str, float]], float]],
        *,
        keep: int = 40,
    ) -> OccupationGuess:
        """Probabilities over occupations from skills (each a weighted URI set) and experience."""
        n = len(self.occupations)
        if n == 0:
            return OccupationGuess({}, {})
        log_post = np.zeros(n)
        informative = False
        for options in skills:
            vec = np.zeros(n)
            total = 0.0
            for uri, weight in options:
                row = self.skill_row.get(uri)
                if row is not None:
                    start, end = self.likelihood.indptr[row], self.likelihood.indptr[row + 1]
                    vec[self.likelihood.indices[start:end]] += (
                        weight * self.likelihood.data[start:end]
                    )
                    total += weight
            if total > 0:
                informative = True
                log_post += np.log(self.share * vec / total + (1 - self.share) * self.background)
        for options, years in experience:
            bump = np.zeros(n)
            for uri, weight in options:
                j = self.column.get(uri)
                if j is None:
                    continue
                strength = weight * min(1.0, 0.5 + years / 4.0)
                row = self.similarity.getrow(j)
                bump[row.indices] += strength * self.close_experience * row.data
                bump[j] += strength * self.same_experience
            if bump.any():
                informative = True
                log_post += np.log1p(bump)
        if not informative:
            return OccupationGuess({}, {})
        log_post -= log_post.max()
        post = np.exp(log_post)
        post /= post.sum()
        top = np.argsort(-post, kind="stable")[:keep]
        top = top[post[top] > 1e-4]
        probs = {self.occupations[j]: float(post[j]) for j in top}
        weights = np.zeros(n)
        weights[top] = post[top]
        fit = self.similarity.T @ weights
        best = fit.max()
        # Occupations that fit less than MIN_FIT of the best one are left out: they could move a
        # score by under half a point, and each would cost the index a posting list to read.
        keep_fit = np.flatnonzero(fit >= MIN_FIT * best)
        keep_fit = keep_fit[np.argsort(-fit[keep_fit], kind="stable")[:MAX_FITS]]
        fit_map = {self.occupations[j]: float(fit[j] / best) for j in keep_fit}
        return OccupationGuess(probs, fit_map)


def learn_essential(
    occupation_of: Mapping[str, str | None],
    skills_of: Mapping[str, Iterable[str]],
    *,
    min_share: float = 0.5,
    min_offers: int = 2,
) -> dict[str, frozenset[str]]:
    """Skills that most offers of an occupation ask for: its essential skills, learned."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n: Counter[str] = Counter()
    for offer_id, occ in occupation_of.items():
        if occ is None:
            continue
        n[occ] += 1
        counts[occ].update(set(skills_of[offer_id]))
    return {
        occ: frozenset(s for s, c in counts[occ].items() if c / n[occ] >= min_share)
        for occ in n
        if n[occ] >= min_offers
    }
