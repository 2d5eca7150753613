"""Matching speed: the offer index against tantivy (BM25 over skill ids, region filter), as JSON.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/matching_speed.py [--sizes 10000 100000]

For each size N it generates N synthetic offers (seeded): 5–15 ESCO skills each, drawn Zipf-like
(weight 1/rank) over the ESCO skills in a fixed random order; an ESCO occupation (Zipf-like too);
one of 40 NUTS-3 regions; kind, languages, hours, permit, sector and remote drawn from simple
priors. 1,000 profiles (3–8 skills, Zipf-like; half with regions, some exclusions) are the
queries. Each size runs in its own subprocess; jobmatch is built first, so the peak RSS after
its build is its own; then tantivy is built in the same process and the queries alternate
between the two engines, so that machine load weighs on both alike:

- jobmatch: build time (IDF pass and `OfferIndex.build`, generation included), per-query top-10
  latency (p50, p95) of `OfferIndex.search` with all seven hard rules and the full score, the
  profile preparation time (occupation inference) separately, single-offer add and update
  times, the update times across a merge running in the background (merge_at + 1,000 adds, as
  the app's index does them), and a delta merge;
- tantivy: index build (1 thread, generation included), the same queries as a BM25 disjunction
  of the skill ids with a region filter (rules 1 and 4 only), top 10, `count=False`, and one
  offer added with a commit.

Ratios are jobmatch / tantivy (lower is better), on wall-clock time and on process CPU time
(`time.process_time_ns`, which a loaded machine does not inflate with waiting).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from jobmatch.matching.types import Language, Offer, OfferSkill

REGIONS = [
    "ITC11",
    "ITC12",
    "ITC13",
    "ITC16",
    "ITC18",
    "ITC31",
    "ITC33",
    "ITC41",
    "ITC42",
    "ITC4C",
    "ITH35",
    "ITH36",
    "ITI14",
    "ITI17",
    "ITI34",
    "ITI43",
    "ITF11",
    "ITF12",
    "ITF33",
    "ITG12",
    "FR101",
    "FR102",
    "FR105",
    "FR106",
    "FRK26",
    "FRL04",
    "FRI12",
    "FRE11",
    "FRJ23",
    "FRB06",
    "SK010",
    "SK021",
    "SK022",
    "SK023",
    "SK031",
    "SK032",
    "SK041",
    "SK042",
    "ITC15",
    "FR103",
]
KINDS = ("job", "placement", "apprenticeship", "training")
LANGS = ("it", "fr", "sk", "en")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
SECTORS = tuple("ABCDEFGHIJKLMNOPQRS")
N_QUERIES = 1000


def zipf(n: int, s: float = 1.0) -> np.ndarray[Any, np.dtype[np.float64]]:
    w = 1.0 / np.arange(1, n + 1) ** s
    return np.asarray(w / w.sum())


def vocab() -> tuple[list[str], list[str]]:
    """ESCO skill and occupation URIs in a fixed random order (the Zipf ranks)."""
    from jobmatch.matching.taxonomy import load_taxonomy

    tax = load_taxonomy()
    rng = np.random.default_rng(7)
    skills = sorted(tax.skills)
    occs = sorted(tax.occupations)
    return [skills[i] for i in rng.permutation(len(skills))], [
        occs[i] for i in rng.permutation(len(occs))
    ]


def pick_skills(rng: np.random.Generator, p: np.ndarray[Any, Any], lo: int, hi: int) -> list[int]:
    want = int(rng.integers(lo, hi + 1))
    out: list[int] = []
    while len(out) < want:
        for x in rng.choice(len(p), size=2 * want, p=p).tolist():
            if x not in out:
                out.append(x)
                if len(out) == want:
                    break
    return out


@dataclass
class Chunk:
    """A chunk of synthetic offers as arrays (skills as ESCO ranks, -1 padded)."""

    start: int
    skills: np.ndarray[Any, Any]
    n_essential: np.ndarray[Any, Any]
    occupation: np.ndarray[Any, Any]
    region: np.ndarray[Any, Any]
    kind: np.ndarray[Any, Any]
    langs: np.ndarray[Any, Any]
    levels: np.ndarray[Any, Any]
    remote: np.ndarray[Any, Any]
    hours: np.ndarray[Any, Any]
    permit: np.ndarray[Any, Any]
    sector: np.ndarray[Any, Any]
    course: np.ndarray[Any, Any]


def chunks(
    n: int, n_skills: int, n_occs: int, seed: int = 1, size: int = 20_000
) -> Iterator[Chunk]:
    """N synthetic offers, generated in chunks of arrays."""
    ps, po = zipf(n_skills), zipf(n_occs, 0.8)
    rng = np.random.default_rng(seed)
    for base in range(0, n, size):
        m = min(size, n - base)
        counts = rng.integers(5, 16, size=m)
        draws = rng.choice(n_skills, size=(m, 48), p=ps)
        skills = np.full((m, 15), -1, np.int64)
        for i in range(m):
            uniq = list(dict.fromkeys(draws[i].tolist()))[: counts[i]]
            skills[i, : len(uniq)] = uniq
        yield Chunk(
            start=base,
            skills=skills,
            n_essential=np.maximum(1, (0.7 * counts).astype(np.int64)),
            occupation=rng.choice(n_occs, size=m, p=po),
            region=rng.integers(0, len(REGIONS), size=m),
            kind=rng.choice(4, size=m, p=[0.55, 0.2, 0.15, 0.1]),
            langs=(rng.random((m, 4)) < [0.5, 0.3, 0.2, 0.3]),
            levels=rng.integers(0, 4, size=(m, 4)),
            remote=rng.random(m) < 0.1,
            hours=rng.choice([20.0, 30.0, 36.0, 40.0], size=m),
            permit=rng.random(m) < 0.3,
            sector=rng.integers(0, len(SECTORS), size=m),
            course=rng.random(m) < 0.2,
        )


def offers_of(
    chunk: Chunk, skills: list[str], occs: list[str], prefix: str = "O"
) -> Iterator[Offer]:
    for i in range(len(chunk.skills)):
        row = [x for x in chunk.skills[i].tolist() if x >= 0]
        n_ess = int(chunk.n_essential[i])
        yield Offer(
            id=f"{prefix}{chunk.start + i:07d}",
            kind=KINDS[int(chunk.kind[i])],
            title="offer",
            occupation=occs[int(chunk.occupation[i])],
            skills=tuple(
                OfferSkill(skills[x], "essential" if j < n_ess else "optional")
                for j, x in enumerate(row)
            ),
            languages=tuple(
                Language(LANGS[c], LEVELS[int(chunk.levels[i, c])])
                for c in np.flatnonzero(chunk.langs[i]).tolist()
            ),
            region=REGIONS[int(chunk.region[i])],
            remote=bool(chunk.remote[i]),
            hours_per_week=float(chunk.hours[i]),
            work_permit_required=bool(chunk.permit[i]),
            sector=SECTORS[int(chunk.sector[i])],
            supports=COURSE if chunk.course[i] else NONE,
        )


COURSE = frozenset({"language_course"})
NONE: frozenset[str] = frozenset()


def profile_dicts(seed: int = 2) -> list[dict[str, Any]]:
    skills, _ = vocab()
    ps = zipf(len(skills))
    rng = np.random.default_rng(seed)
    out = []
    for i in range(N_QUERIES):
        chosen = pick_skills(rng, ps, 3, 8)
        regions: list[str] = []
        if rng.random() < 0.5:
            regions = [
                r[: int(rng.choice([4, 5]))]
                for r in rng.choice(REGIONS, size=int(rng.integers(1, 3)), replace=False).tolist()
            ]
        excluded = [str(rng.choice(REGIONS))] if rng.random() < 0.2 else []
        langs = rng.choice(4, size=int(rng.integers(1, 4)), replace=False).tolist()
        out.append(
            {
                "id": f"P{i:04d}",
                "skills": [{"skill": skills[x]} for x in chosen],
                "languages": [
                    {"code": LANGS[c], "level": LEVELS[int(rng.integers(1, 6))]} for c in langs
                ],
                "regions": sorted(set(regions)),
                "excluded_regions": excluded,
                "excluded_sectors": ["K"] if rng.random() < 0.15 else [],
                "remote_ok": bool(rng.random() < 0.5),
                "hours_per_week": float(rng.choice([25, 40])) if rng.random() < 0.5 else None,
                "available_from": "2026-03-01",
                "work_permit": str(rng.choice(["yes", "pending", "no"], p=[0.8, 0.12, 0.08])),
                "wants": ["job"] if rng.random() < 0.2 else [],
            }
        )
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 4)


def build_jobmatch(n: int, skills: list[str], occs: list[str]) -> tuple[Any, Any, dict[str, Any]]:
    """Build the offer index on N offers; returns it and its build figures."""
    from jobmatch.matching.index import OfferIndex
    from jobmatch.matching.scoring import PreparedOffer, SkillWeights

    t0 = time.perf_counter()
    # The skill weights (IDF) are learned from the offers first, as Matcher.fit does.
    df = np.zeros(len(skills), np.int64)
    for chunk in chunks(n, len(skills), len(occs)):
        row = chunk.skills.ravel()
        df += np.bincount(row[row >= 0], minlength=len(skills))
    idf = {skills[i]: float(np.log(1.0 + n / c)) for i, c in enumerate(df.tolist()) if c}
    weights = SkillWeights(idf, float(np.log(1.0 + n)), 3.0 * float(np.median(list(idf.values()))))

    def prepared(o: Offer) -> PreparedOffer:
        ess, opt = o.essential, o.optional
        return PreparedOffer(o, ess, opt, o.occupation, weights.values(ess), weights.values(opt))

    index = OfferIndex().build(
        prepared(o)
        for chunk in chunks(n, len(skills), len(occs))
        for o in offers_of(chunk, skills, occs)
    )
    build = time.perf_counter() - t0
    rss_after_build = peak_rss_mb()
    add, update = [], []
    extra = list(offers_of(next(chunks(400, len(skills), len(occs), seed=99)), skills, occs, "NEW"))
    for o in extra:
        t = time.perf_counter_ns()
        index.add(prepared(o))
        add.append((time.perf_counter_ns() - t) / 1e6)
    step = max(1, n // 400)
    for i, o in enumerate(
        offers_of(next(chunks(400, len(skills), len(occs), seed=98)), skills, occs)
    ):
        o = Offer(**{**{f: getattr(o, f) for f in o.__slots__}, "id": f"O{i * step:07d}"})
        t = time.perf_counter_ns()
        index.add(prepared(o))
        update.append((time.perf_counter_ns() - t) / 1e6)
    # Updates past merge_at: the merge runs on a thread of its own, as in the app.
    index.background_merge = True
    across = []
    extra = chunks(index.merge_at + 1000, len(skills), len(occs), seed=95, size=10**6)
    for o in offers_of(next(extra), skills, occs, "BG"):
        t = time.perf_counter_ns()
        index.add(prepared(o))
        across.append((time.perf_counter_ns() - t) / 1e6)
    t = time.perf_counter_ns()
    index.wait_for_merge()
    merge_wait = (time.perf_counter_ns() - t) / 1e6
    index.background_merge = False
    return (
        index,
        prepared,
        {
            "build_s": round(build, 2),
            "updates_across_a_merge": len(across),
            "update_across_merge_ms_p50": pct(across, 50),
            "update_across_merge_ms_p99": pct(across, 99),
            "update_across_merge_ms_max": round(max(across), 4),
            "merge_left_after_updates_ms": round(merge_wait, 1),
            "add_offer_ms_p50": pct(add, 50),
            "add_offer_ms_max": round(max(add), 4),
            "update_offer_ms_p50": pct(update, 50),
            "update_offer_ms_max": round(max(update), 4),
            "peak_rss_mb_after_build": round(rss_after_build, 1),
        },
    )


def prepare_profiles(index: Any) -> tuple[list[Any], list[float]]:
    """Prepared query profiles (skills, related skills, likely occupations) and their times."""
    from jobmatch.matching.engine import MAX_RELATED_GROUP
    from jobmatch.matching.inference import OccupationModel
    from jobmatch.matching.rules import Constraints
    from jobmatch.matching.scoring import PreparedProfile
    from jobmatch.matching.taxonomy import load_taxonomy
    from jobmatch.matching.types import Profile

    tax = load_taxonomy()
    model = OccupationModel(
        {u: o.essential_skills for u, o in tax.occupations.items() if o.essential_skills},
        {u: o.isco for u, o in tax.occupations.items()},
    )
    times, preps = [], []
    for d in profile_dicts():
        p = Profile.from_dict(d)
        t = time.perf_counter_ns()
        keys = {s.skill: 1.0 for s in p.skills}
        related: dict[str, float] = {}
        for key in keys:
            for group in tax.skills[key].groups:
                members = tax.skills_in_group(group)
                if len(members) <= MAX_RELATED_GROUP:
                    for m in members:
                        if m not in keys and m in index.skills.codes:
                            related[m] = 0.5
        guess = model.guess([[(k, 1.0)] for k in keys], [])
        preps.append(
            PreparedProfile(p, Constraints.of(p), keys, related, guess.fit, {}, guess.probabilities)
        )
        times.append((time.perf_counter_ns() - t) / 1e6)
    return preps, times


def short(uri: str) -> str:
    return uri.rsplit("/", 1)[-1].replace("-", "")


def build_tantivy(n: int, skills: list[str], occs: list[str], path: str) -> tuple[Any, Any, float]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("skills", tokenizer_name="raw", index_option="freq")
    builder.add_text_field("region", tokenizer_name="raw", index_option="basic")
    schema = builder.build()
    index = tantivy.Index(schema, path=path)
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    t0 = time.perf_counter()
    for chunk in chunks(n, len(skills), len(occs)):
        for o in offers_of(chunk, skills, occs):
            r = o.region
            writer.add_document(
                tantivy.Document(
                    skills=[short(s.skill) for s in o.skills],
                    region=[r[:i] for i in range(2, len(r) + 1)] + (["REMOTE"] if o.remote else []),
                )
            )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema, time.perf_counter() - t0


def tantivy_query(schema: Any, p: Any) -> Any:
    """BM25 over the profile's skill ids, filtered to its regions (rules 1 and 4)."""
    import tantivy

    occ = tantivy.Occur
    c = p.constraints
    should = [(occ.Should, tantivy.Query.term_query(schema, "skills", short(s))) for s in p.skills]
    clauses = [(occ.Must, tantivy.Query.boolean_query(should))]
    if c.regions:
        where = [(occ.Should, tantivy.Query.term_query(schema, "region", r)) for r in c.regions]
        if c.remote_ok:
            where.append((occ.Should, tantivy.Query.term_query(schema, "region", "REMOTE")))
        filt = tantivy.Query.const_score_query(tantivy.Query.boolean_query(where), 0.0)
        clauses.append((occ.Must, filt))
    for x in c.excluded_regions:
        clauses.append((occ.MustNot, tantivy.Query.term_query(schema, "region", x)))
    return tantivy.Query.boolean_query(clauses)


def run_both(n: int) -> dict[str, Any]:
    """Both engines in one process, queries interleaved so that machine load hits both alike."""
    skills, occs = vocab()
    import tantivy

    index, prepared, ours = build_jobmatch(n, skills, occs)
    index.merge()
    preps, prep_times = prepare_profiles(index)
    with tempfile.TemporaryDirectory() as tmp:
        tindex, schema, tbuild = build_tantivy(n, skills, occs, tmp)
        searcher = tindex.searcher()
        for prof in preps[:50]:  # warm-up
            index.search(prof, 10)
            searcher.search(tantivy_query(schema, prof), 10, count=False)
        lat, tlat, cpu, tcpu = [], [], [], []
        for prof in preps:
            t, c = time.perf_counter_ns(), time.process_time_ns()
            index.search(prof, 10)
            cpu.append((time.process_time_ns() - c) / 1e6)
            lat.append((time.perf_counter_ns() - t) / 1e6)
            t, c = time.perf_counter_ns(), time.process_time_ns()
            searcher.search(tantivy_query(schema, prof), 10, count=False)
            tcpu.append((time.process_time_ns() - c) / 1e6)
            tlat.append((time.perf_counter_ns() - t) / 1e6)
        tupd = []
        writer = tindex.writer(heap_size=50_000_000, num_threads=1)
        for o in offers_of(next(chunks(20, len(skills), len(occs), seed=97)), skills, occs, "T"):
            t = time.perf_counter_ns()
            writer.add_document(tantivy.Document(skills=[short(s.skill) for s in o.skills]))
            writer.commit()
            tindex.reload()
            tupd.append((time.perf_counter_ns() - t) / 1e6)
    for o in offers_of(next(chunks(400, len(skills), len(occs), seed=96)), skills, occs, "M"):
        index.add(prepared(o))
    t = time.perf_counter()
    index.merge()
    ours["merge_delta_s"] = round(time.perf_counter() - t, 3)
    ours.update(
        query_ms_p50=pct(lat, 50),
        query_ms_p95=pct(lat, 95),
        query_cpu_ms_p50=pct(cpu, 50),
        query_cpu_ms_p95=pct(cpu, 95),
        prepare_profile_ms_p50=pct(prep_times, 50),
    )
    return {
        "jobmatch": ours,
        "tantivy": {
            "build_s": round(tbuild, 2),
            "query_ms_p50": pct(tlat, 50),
            "query_ms_p95": pct(tlat, 95),
            "query_cpu_ms_p50": pct(tcpu, 50),
            "query_cpu_ms_p95": pct(tcpu, 95),
            "add_offer_with_commit_ms_p50": pct(tupd, 50),
        },
        "ratio_p50": round(pct(lat, 50) / pct(tlat, 50), 3),
        "ratio_p95": round(pct(lat, 95) / pct(tlat, 95), 3),
        "ratio_cpu_p50": round(pct(cpu, 50) / max(pct(tcpu, 50), 1e-6), 3),
        "ratio_cpu_p95": round(pct(cpu, 95) / max(pct(tcpu, 95), 1e-6), 3),
        "peak_rss_mb_process": round(peak_rss_mb(), 1),
    }


def child(n: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--sizes", str(n)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_both(args.sizes[0])))
        return 0
    report: dict[str, Any] = {"queries": N_QUERIES, "top_k": 10, "date": date.today().isoformat()}
    for n in args.sizes:
        report[str(n)] = child(n)
        print(json.dumps({str(n): report[str(n)]}), file=sys.stderr)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
