"""The batch operation behind `jobmatch rank`: rank exchange-format files, one JSON line per item.

    python -m jobmatch.matching.rank --offers O.jsonl --profiles P.jsonl --top N [--by offer]

prints, for each profile, ``{"profile": ID, "matches": [{"offer": ID, "score": S,
"explanation": {...}}, ...]}`` best first (or, with ``--by offer``, one line per offer with its
best profiles).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from jobmatch.matching.engine import Matcher
from jobmatch.matching.types import Offer, Profile

T = TypeVar("T")


def read_jsonl(path: str | Path, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """Read one record a line; a bad line raises ValueError naming the file and line."""
    out: list[T] = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(parse(json.loads(line)))
            except (ValueError, TypeError) as err:
                raise ValueError(f"{path}, line {number}: {err}") from None
    return out


def rank_lines(matcher: Matcher, profiles: list[Profile], top: int, by: str) -> Iterator[str]:
    """The output lines of a batch ranking."""
    if by == "profile":
        for profile in profiles:
            matches = [m.to_dict("profile") for m in matcher.offers_for(profile, top)]
            yield json.dumps({"profile": profile.id, "matches": matches}, ensure_ascii=False)
        return
    # By offer: score each profile against every admissible offer once, then invert.
    per_offer: dict[str, list[tuple[float, str]]] = defaultdict(list)
    by_id = {p.id: p for p in profiles}
    for profile in profiles:
        for offer_id, score in matcher.score_all(profile):
            per_offer[offer_id].append((-score, profile.id))
    for offer_id in matcher.offers_:
        best = sorted(per_offer.get(offer_id, []))[:top]
        matches = [matcher.explain(offer_id, by_id[pid]).to_dict("offer") for _, pid in best]
        yield json.dumps({"offer": offer_id, "matches": matches}, ensure_ascii=False)


def run_rank(
    offers_path: str | Path,
    profiles_path: str | Path,
    top: int = 10,
    by: str = "profile",
    out: IO[str] | None = None,
) -> int:
    """Rank the files and write JSON lines to ``out`` (stdout by default); returns lines written."""
    if by not in ("profile", "offer"):
        raise ValueError("by must be 'profile' or 'offer'")
    if top < 1:
        raise ValueError("top must be at least 1")
    offers = read_jsonl(offers_path, Offer.from_dict)
    profiles = read_jsonl(profiles_path, Profile.from_dict)
    matcher = Matcher().fit(offers, profiles)
    stream = out if out is not None else sys.stdout
    n = 0
    for line in rank_lines(matcher, profiles, top, by):
        stream.write(line + "\n")
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offers", required=True)
    parser.add_argument("--profiles", required=True)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--by", choices=("profile", "offer"), default="profile")
    args = parser.parse_args(argv)
    try:
        run_rank(args.offers, args.profiles, args.top, args.by)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
