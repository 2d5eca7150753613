"""`Matcher`: offers for a person and people for an offer, every result explained.

Estimator conventions: `__init__` stores parameters only; `fit(offers, profiles=...)` resolves every
skill and occupation, learns the occupation model, builds the offer index and returns `self`; the
learned attributes end in `_`. After `fit`, offers and profiles can be added, changed or removed one
at a time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from jobmatch.matching.index import OfferIndex
from jobmatch.matching.inference import (
    TEXT_PREFIX,
    OccupationModel,
    Resolver,
    TaxonomyLike,
    TextMatcher,
    learn_essential,
)
from jobmatch.matching.rules import Constraints, is_admissible
from jobmatch.matching.scoring import PreparedOffer, PreparedProfile, SkillWeights, score_pair
from jobmatch.matching.types import Match, Offer, Profile

# How many skills a narrow ESCO group may hold for its members to count as related skills.
MAX_RELATED_GROUP = 15
RELATED_SHARE = 0.5
FULL_EXPERIENCE_YEARS = 3.0
TEXT_SIMILARITY_CUTOFF = 85.0


class Matcher:
    """Ranks offers for profiles and profiles for offers under the hard rules.

    Parameters: ``taxonomy`` (default: the repository's ESCO extract), ``skill_normaliser`` and
    ``occupation_normaliser`` (anything with ``match(text, limit)``; default: the package's),
    ``weights`` of the score parts (default `scoring.WEIGHTS`), ``min_score`` below which a
    normaliser candidate is not trusted, ``related`` whether skills of the same narrow ESCO group
    count as related, ``merge_at`` the size of the index's delta segment before a merge, and
    ``background_merge`` whether that merge runs on a thread of its own (a long-lived index in a
    server) or at the update that fills the delta.
    """

    def __init__(
        self,
        *,
        taxonomy: TaxonomyLike | None = None,
        skill_normaliser: TextMatcher | None = None,
        occupation_normaliser: TextMatcher | None = None,
        weights: Mapping[str, float] | None = None,
        min_score: float = 72.0,
        related: bool = True,
        merge_at: int = 4096,
        background_merge: bool = False,
    ) -> None:
        self.taxonomy = taxonomy
        self.skill_normaliser = skill_normaliser
        self.occupation_normaliser = occupation_normaliser
        self.weights = weights
        self.min_score = min_score
        self.related = related
        self.merge_at = merge_at
        self.background_merge = background_merge

    # ------------------------------------------------------------------ fitting
    def fit(self, offers: Iterable[Offer], profiles: Iterable[Profile] = ()) -> Matcher:
        """Learn from the offers (and remember the profiles); returns ``self``."""
        taxonomy = self.taxonomy
        if taxonomy is None:
            from jobmatch.matching.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        skill_norm, occ_norm = self.skill_normaliser, self.occupation_normaliser
        if skill_norm is None or occ_norm is None:
            from jobmatch.matching.normalise import (
                default_occupation_normaliser,
                default_skill_normaliser,
            )

            skill_norm = skill_norm or default_skill_normaliser()
            occ_norm = occ_norm or default_occupation_normaliser()
        self.taxonomy_ = taxonomy
        self.resolver_ = Resolver(taxonomy, skill_norm, occ_norm, min_score=self.min_score)
        self.offers_: dict[str, Offer] = {}
        for offer in offers:
            if offer.id in self.offers_:
                raise ValueError(f"duplicate offer id {offer.id!r}")
            self.offers_[offer.id] = offer
        keys = {oid: self._skill_keys(o) for oid, o in self.offers_.items()}
        stated = {oid: self._stated_occupation(o) for oid, o in self.offers_.items()}
        self.model_ = self._occupation_model(stated, keys)
        self.skill_weights_ = SkillWeights.fit(e + o for e, o in keys.values())
        self.prepared_: dict[str, PreparedOffer] = {
            oid: self._prepare_offer(o, keys[oid], stated[oid]) for oid, o in self.offers_.items()
        }
        self.index_ = OfferIndex(
            weights=None if self.weights is None else dict(self.weights),
            merge_at=self.merge_at,
            background_merge=self.background_merge,
        ).build(self.prepared_.values())
        self._text_keys: list[str] | None = None
        self.profiles_: dict[str, Profile] = {}
        self._prepared_profiles: dict[str, PreparedProfile] = {}
        for profile in profiles:
            self.add_profile(profile)
        return self

    def _skill_keys(self, offer: Offer) -> tuple[tuple[str, ...], tuple[str, ...]]:
        ess = [s.skill for s in offer.skills if s.importance == "essential"]
        if offer.kind == "training":
            ess += list(offer.teaches)
        opt = [s.skill for s in offer.skills if s.importance == "optional"]
        r = self.resolver_
        return tuple(r.offer_skill(t) for t in ess), tuple(r.offer_skill(t) for t in opt)

    def _stated_occupation(self, offer: Offer) -> tuple[tuple[str, float], ...]:
        """Occupation candidates from the offer's occupation field, else its title."""
        if offer.occupation:
            found = self.resolver_.occupation(offer.occupation)
            if found:
                return found
        return self.resolver_.title(offer.title)

    def _occupation_model(
        self,
        stated: Mapping[str, tuple[tuple[str, float], ...]],
        keys: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    ) -> OccupationModel:
        essential: dict[str, Iterable[str]] = {
            uri: occ.essential_skills
            for uri, occ in self.taxonomy_.occupations.items()
            if occ.essential_skills
        }
        # Occupations the taxonomy gives no skills for learn them from their offers.
        sure = {oid: c[0][0] if len(c) == 1 else None for oid, c in stated.items()}
        learned = learn_essential(
            {oid: occ for oid, occ in sure.items() if occ not in essential},
            {oid: k[0] for oid, k in keys.items()},
        )
        essential.update({o: s for o, s in learned.items() if s})
        isco = {uri: occ.isco for uri, occ in self.taxonomy_.occupations.items()}
        return OccupationModel(essential, isco)

    def _prepare_offer(
        self,
        offer: Offer,
        keys: tuple[tuple[str, ...], tuple[str, ...]],
        stated: tuple[tuple[str, float], ...],
    ) -> PreparedOffer:
        occupation: str | None = None
        if len(stated) == 1 or (len(stated) > 1 and stated[0][1] > stated[1][1]):
            occupation = stated[0][0]
        else:
            # Ambiguous or no title: let the offer's skills decide among the candidates.
            guess = self.model_.guess([[(k, 1.0)] for k in keys[0]], [])
            pool = [u for u, _ in stated] or list(guess.probabilities)
            scored = [(guess.probabilities.get(u, 0.0), u) for u in pool]
            if scored:
                p, best = max(scored, key=lambda x: (x[0], x[1]))
                if p >= 0.5 or stated:
                    occupation = best
        return PreparedOffer(
            offer=offer,
            essential=keys[0],
            optional=keys[1],
            occupation=occupation,
            essential_values=self.skill_weights_.values(keys[0]),
            optional_values=self.skill_weights_.values(keys[1]),
        )

    # ------------------------------------------------------------------ profiles
    def prepare(self, profile: Profile) -> PreparedProfile:
        """Resolve a profile's skills and experience, and infer its likely occupations."""
        r = self.resolver_
        options = [r.skill(s.skill) for s in profile.skills]
        skills: dict[str, float] = {}
        for opts in options:
            for key, w in opts:
                skills[key] = max(skills.get(key, 0.0), w)
        for key in [k for k in skills if k.startswith(TEXT_PREFIX)]:
            for other, sim in self._similar_texts(key):
                skills[other] = max(skills.get(other, 0.0), sim)
        related: dict[str, float] = {}
        if self.related:
            for key, w in skills.items():
                skill = self.taxonomy_.skills.get(key)
                if skill is None:
                    continue
                for group in skill.groups:
                    members = self.taxonomy_.skills_in_group(group)
                    if len(members) > MAX_RELATED_GROUP:
                        continue
                    for m in members:
                        if m not in skills and m in self.index_.skills.codes:
                            related[m] = max(related.get(m, 0.0), RELATED_SHARE * w)
        experience = [(r.occupation(e.occupation), e.years) for e in profile.experience]
        guess = self.model_.guess(
            [[(k, w) for k, w in opts if not k.startswith(TEXT_PREFIX)] for opts in options],
            experience,
        )
        exp_fit: dict[str, float] = {}
        for opts, years in experience:
            strength = min(1.0, years / FULL_EXPERIENCE_YEARS) if years else 0.5
            for uri, w in opts:
                exp_fit[uri] = max(exp_fit.get(uri, 0.0), w * strength)
                j = self.model_.column.get(uri)
                if j is None:
                    continue
                row = self.model_.similarity.getrow(j)
                for col, sim in zip(row.indices.tolist(), row.data.tolist(), strict=True):
                    other = self.model_.occupations[col]
                    exp_fit[other] = max(exp_fit.get(other, 0.0), w * strength * sim)
        return PreparedProfile(
            profile=profile,
            constraints=Constraints.of(profile),
            skills=skills,
            related=related,
            occupation_fit=guess.fit,
            experience_fit=exp_fit,
            occupations=guess.probabilities,
        )

    def _similar_texts(self, key: str) -> list[tuple[str, float]]:
        """Offer skills kept as free text that read like this unresolved text."""
        if self._text_keys is None:
            self._text_keys = [k for k in self.index_.skills.items if k.startswith(TEXT_PREFIX)]
        if not self._text_keys:
            return []
        found = process.extract(
            key,
            self._text_keys,
            scorer=fuzz.token_set_ratio,
            score_cutoff=TEXT_SIMILARITY_CUTOFF,
            limit=3,
        )
        return [(k, s / 100.0) for k, s, _ in found if k != key]

    def add_profile(self, profile: Profile) -> None:
        """Remember a profile (or replace the one with the same id)."""
        self.profiles_[profile.id] = profile
        self._prepared_profiles.pop(profile.id, None)

    def remove_profile(self, profile_id: str) -> bool:
        """Forget a profile; False if it was not there."""
        self._prepared_profiles.pop(profile_id, None)
        return self.profiles_.pop(profile_id, None) is not None

    def prepared(self, profile: Profile) -> PreparedProfile:
        """The prepared form of a profile, cached for fitted profiles."""
        known = self._prepared_profiles.get(profile.id)
        if known is not None and known.profile == profile:
            return known
        prep = self.prepare(profile)
        if self.profiles_.get(profile.id) == profile:
            self._prepared_profiles[profile.id] = prep
        return prep

    # ------------------------------------------------------------------ offers
    def add_offer(self, offer: Offer) -> None:
        """Add an offer, or replace the offer with the same id, without rebuilding the index."""
        keys = self._skill_keys(offer)
        prep = self._prepare_offer(offer, keys, self._stated_occupation(offer))
        self.offers_[offer.id] = offer
        self.prepared_[offer.id] = prep
        self.index_.add(prep)
        self._text_keys = None

    def remove_offer(self, offer_id: str) -> bool:
        """Remove an offer; False if it was not there."""
        self.offers_.pop(offer_id, None)
        self.prepared_.pop(offer_id, None)
        return self.index_.remove(offer_id)

    # ------------------------------------------------------------------ ranking
    def offers_for(
        self, profile: Profile, k: int = 10, *, kinds: Collection[str] | None = None
    ) -> list[Match]:
        """The k best admissible offers for a profile (of these kinds), best first, explained."""
        prof = self.prepared(profile)
        found = self.index_.search(prof, k, kinds=kinds)
        out = []
        for offer_id, _ in found:
            score, explanation = score_pair(self.prepared_[offer_id], prof)
            out.append(Match(offer_id, profile.id, score, explanation))
        return _ranked(out, key=lambda m: m.offer_id)

    def profiles_for(self, offer: Offer, k: int = 10) -> list[Match]:
        """The k best fitted profiles for which the offer is admissible, best first, explained."""
        prep = self.prepared_.get(offer.id)
        if prep is None or prep.offer != offer:
            prep = self._prepare_offer(
                offer, self._skill_keys(offer), self._stated_occupation(offer)
            )
        out = []
        for profile in self.profiles_.values():
            if not is_admissible(offer, profile):
                continue
            score, explanation = score_pair(prep, self.prepared(profile))
            out.append(Match(offer.id, profile.id, score, explanation))
        return _ranked(out, key=lambda m: m.profile_id)[:k]

    def score_all(
        self, profile: Profile, *, kinds: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """Every admissible offer for the profile with its score, best first (for batch use)."""
        return self.index_.search(self.prepared(profile), len(self.index_), kinds=kinds)

    def explain(self, offer_id: str, profile: Profile) -> Match:
        """The explained match of one fitted offer and a profile (the pair must be admissible)."""
        prep = self.prepared_[offer_id]
        if not is_admissible(prep.offer, profile):
            raise ValueError(f"offer {offer_id!r} breaks a hard rule for profile {profile.id!r}")
        score, explanation = score_pair(prep, self.prepared(profile))
        return Match(offer_id, profile.id, score, explanation)

    def describe(self, profile: Profile) -> dict[str, Any]:
        """What the engine understood of a profile: skill keys and likely occupations."""
        prof = self.prepared(profile)
        return {"skills": prof.skills, "occupations": prof.occupations}


def _ranked(matches: Sequence[Match], key: Any) -> list[Match]:
    return sorted(matches, key=lambda m: (-round(m.score, 6), key(m)))
