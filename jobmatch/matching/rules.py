"""The seven hard rules: an offer that breaks one is never returned for the profile.

1. the offer's region is not inside an excluded region (NUTS prefix match);
2. the offer's sector is not excluded;
3. a permit-requiring offer is closed to work permit "no", and to "pending" except for training;
4. if the profile lists regions, the offer's region shares a NUTS prefix with one of them,
   unless the offer is remote and the profile accepts remote work;
5. the offer's kind is among those wanted, if any are listed;
6. each required language at the required CEFR level, or one level lower with a language course;
7. the offer's hours within the profile's maximum.

`broken_rules` checks one pair and says which rules it breaks (for explanations and tests);
`Constraints` precomputes a profile's rules once, and `OfferColumns` holds offers as numpy
columns, which the index's compiled loop (kernel.py) checks row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jobmatch.matching.types import CEFR_RANK, OFFER_KINDS, Offer, Profile

RULES: dict[int, str] = {
    1: "region excluded",
    2: "sector excluded",
    3: "work permit",
    4: "outside the person's regions",
    5: "kind of offer not wanted",
    6: "language level",
    7: "too many hours",
}

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def shares_prefix(a: str, b: str) -> bool:
    """True when one NUTS code contains the other ("ITC1" and "ITC11")."""
    return a.startswith(b) or b.startswith(a)


def broken_rules(offer: Offer, profile: Profile) -> tuple[int, ...]:
    """The numbers of the hard rules that the pair breaks, in order (empty when admissible)."""
    broken: list[int] = []
    if any(offer.region.startswith(x) for x in profile.excluded_regions):
        broken.append(1)
    if offer.sector is not None and offer.sector in profile.excluded_sectors:
        broken.append(2)
    if offer.work_permit_required and (
        profile.work_permit == "no"
        or (profile.work_permit == "pending" and offer.kind != "training")
    ):
        broken.append(3)
    if (
        profile.regions
        and not (offer.remote and profile.remote_ok)
        and not any(shares_prefix(offer.region, r) for r in profile.regions)
    ):
        broken.append(4)
    if profile.wants and offer.kind not in profile.wants:
        broken.append(5)
    have = {lang.code: lang.rank for lang in profile.languages}
    slack = 1 if "language_course" in offer.supports else 0
    if any(
        lang.code not in have or have[lang.code] + slack < lang.rank for lang in offer.languages
    ):
        broken.append(6)
    if (
        profile.hours_per_week is not None
        and offer.hours_per_week is not None
        and offer.hours_per_week > profile.hours_per_week
    ):
        broken.append(7)
    return tuple(broken)


def is_admissible(offer: Offer, profile: Profile) -> bool:
    """True when the pair breaks none of the hard rules."""
    return not broken_rules(offer, profile)


@dataclass(frozen=True, slots=True)
class Constraints:
    """A profile's hard rules in the form the vectorised check needs."""

    regions: tuple[str, ...]
    excluded_regions: tuple[str, ...]
    excluded_sectors: frozenset[str]
    remote_ok: bool
    permit: str
    wants: frozenset[str]
    languages: dict[str, int]
    hours: float

    @classmethod
    def of(cls, profile: Profile) -> Constraints:
        return cls(
            regions=tuple(sorted(profile.regions)),
            excluded_regions=tuple(sorted(profile.excluded_regions)),
            excluded_sectors=profile.excluded_sectors,
            remote_ok=profile.remote_ok,
            permit=profile.work_permit,
            wants=profile.wants,
            languages={lang.code: lang.rank for lang in profile.languages},
            hours=np.inf if profile.hours_per_week is None else profile.hours_per_week,
        )


class Vocabulary:
    """A growing string → small integer code table."""

    def __init__(self, items: tuple[str, ...] = ()) -> None:
        self.codes: dict[str, int] = {}
        self.items: list[str] = []
        for item in items:
            self.code(item)

    def code(self, item: str) -> int:
        found = self.codes.get(item)
        if found is None:
            found = self.codes[item] = len(self.items)
            self.items.append(item)
        return found

    def __len__(self) -> int:
        return len(self.items)


NO_SECTOR = ""

# OfferColumns' one-value-per-row columns (lang holds one value per row and language).
_COLUMNS = ("region", "remote", "sector", "kind", "permit", "hours", "course", "start")


class OfferColumns:
    """The rule-relevant fields of many offers as numpy columns, one row per offer.

    Rows can be appended and overwritten one at a time (capacity doubles as needed), so the index
    keeps them current without a rebuild.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self.regions = Vocabulary()
        self.sectors = Vocabulary((NO_SECTOR,))
        self.kinds = Vocabulary(OFFER_KINDS)
        self.langs = Vocabulary()
        self.size = 0
        cap = max(capacity, 16)
        self.region = np.zeros(cap, np.int32)
        self.remote = np.zeros(cap, np.bool_)
        self.sector = np.zeros(cap, np.int32)
        self.kind = np.zeros(cap, np.int8)
        self.permit = np.zeros(cap, np.bool_)
        self.hours = np.zeros(cap, np.float64)
        self.course = np.zeros(cap, np.bool_)
        self.start = np.zeros(cap, np.int32)  # ordinal day; 0 when none
        self.lang = np.full((cap, 0), -1, np.int8)  # required CEFR rank per language, -1 none

    def _grow(self, need: int) -> None:
        cap = len(self.region)
        if need <= cap:
            return
        new = max(need, 2 * cap)
        for name in _COLUMNS:
            old = getattr(self, name)
            arr = np.zeros(new, old.dtype)
            arr[:cap] = old
            setattr(self, name, arr)
        lang = np.full((new, self.lang.shape[1]), -1, np.int8)
        lang[:cap] = self.lang
        self.lang = lang

    def set(self, row: int, offer: Offer) -> None:
        """Write one offer's fields into a row (appending when row == size)."""
        self._grow(row + 1)
        self.size = max(self.size, row + 1)
        self.region[row] = self.regions.code(offer.region)
        self.remote[row] = offer.remote
        self.sector[row] = self.sectors.code(offer.sector or NO_SECTOR)
        self.kind[row] = self.kinds.code(offer.kind)
        self.permit[row] = offer.work_permit_required
        self.hours[row] = 0.0 if offer.hours_per_week is None else offer.hours_per_week
        self.course[row] = "language_course" in offer.supports
        self.start[row] = offer.start.toordinal() if offer.start else 0
        self.lang[row] = -1
        for lang in offer.languages:
            col = self.langs.code(lang.code)
            if col >= self.lang.shape[1]:
                extra = np.full((len(self.lang), col + 1 - self.lang.shape[1]), -1, np.int8)
                self.lang = np.hstack([self.lang, extra])
            self.lang[row, col] = lang.rank

    def copy_rows(self, src: OfferColumns, rows: IntArray, at: int) -> None:
        """Write these rows of ``src`` (sharing these vocabularies) from row ``at`` on."""
        end = at + len(rows)
        self._grow(end)
        self.size = max(self.size, end)
        for name in _COLUMNS:
            getattr(self, name)[at:end] = getattr(src, name)[rows]
        if src.lang.shape[1] > self.lang.shape[1]:
            extra = np.full((len(self.lang), src.lang.shape[1] - self.lang.shape[1]), -1, np.int8)
            self.lang = np.hstack([self.lang, extra])
        self.lang[at:end] = -1
        self.lang[at:end, : src.lang.shape[1]] = src.lang[rows]

    def take(self, rows: IntArray, headroom: int = 16) -> OfferColumns:
        """A copy holding only the given rows, in that order (vocabularies shared), with room
        for ``headroom`` more rows before the columns are copied to grow."""
        out = OfferColumns.__new__(OfferColumns)
        out.regions, out.sectors, out.kinds, out.langs = (
            self.regions,
            self.sectors,
            self.kinds,
            self.langs,
        )
        out.size = len(rows)
        for name in _COLUMNS:
            old = getattr(self, name)
            arr = np.zeros(len(rows) + max(headroom, 16), old.dtype)
            arr[: len(rows)] = old[rows]
            setattr(out, name, arr)
        lang = np.full((len(rows) + max(headroom, 16), self.lang.shape[1]), -1, np.int8)
        lang[: len(rows)] = self.lang[rows]
        out.lang = lang
        return out


def cefr_rank(level: str) -> int:
    """The rank of a CEFR level, A1 = 0 … C2 = 5."""
    return CEFR_RANK[level]
