"""Skill-normalisation benchmark: prints one JSON object.

Runs ``SkillNormaliser`` on ``skills_queries.tsv`` of the shared bench, writes a run file,
scores it with the bench's ``evaluate.py --skills``, measures per-query time on one core, and
runs the rapidfuzz skills baseline of ``baselines.py`` in the same process run (by default on a
seeded sample of its queries, ``--skills-sample``, since the full baseline takes ~6 minutes;
our top-1/top-5 on the same sample are reported next to it).

Usage::

    .venv/bin/python benchmarks/skills.py [--bench ../shared/bench/standard]
        [--baseline-sample 500 | --baseline-sample 0 (all) | --no-baseline] [--autocomplete]
        [--multilingual]

``--autocomplete`` adds the p95 latency of the autocomplete service call over 1,000 typed
prefixes (in-process). The API route's p95 needs an authenticated client: see
:func:`autocomplete_p95`, which takes any callable, e.g. a TestClient ``get``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobmatch.matching.normalise import SkillNormaliser
from jobmatch.matching.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "standard"


def read_queries(bench: Path) -> list[tuple[str, str]]:
    """``(query, expected uri)`` pairs, from the tier folder or its parent."""
    for folder in (bench, bench.parent):
        path = folder / "skills_queries.tsv"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            return [(q, u) for q, u in (line.split("\t") for line in lines if line.strip())]
    raise SystemExit(f"skills_queries.tsv not found in {bench} or its parent")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def run_normaliser(
    normaliser: SkillNormaliser, queries: list[tuple[str, str]], run_path: Path
) -> dict[str, Any]:
    """Match each query one at a time (timed), write the run file, return timings."""
    times: list[float] = []
    cpu: list[float] = []
    with run_path.open("w", encoding="utf-8") as fh:
        for query, _ in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            found = normaliser.match(query, limit=5)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            record = {
                "query": query,
                "candidates": [{"uri": c.uri, "score": c.score} for c in found],
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    # CPU time is what one core spends; wall time also counts waiting for a busy machine.
    return {
        "cpu_ms_per_query_mean": round(statistics.fmean(cpu), 3),
        "cpu_ms_per_query_p95": round(percentile(cpu, 95), 3),
        "ms_per_query_mean": round(statistics.fmean(times), 3),
        "ms_per_query_p50": round(percentile(times, 50), 3),
        "ms_per_query_p95": round(percentile(times, 95), 3),
        "ms_per_query_max": round(max(times), 3),
    }


def evaluate(bench: Path, run_path: Path) -> dict[str, Any]:
    """Score a run with the bench's own evaluator."""
    evaluator = str(bench.parent / "evaluate.py")
    out = subprocess.run(
        [sys.executable, evaluator, "--bench", str(bench), "--skills", str(run_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def top_k_on(run_path: Path, gold: dict[str, str], subset: set[str]) -> dict[str, float]:
    """Our top-1/top-5 restricted to the baseline's sampled queries."""
    t1 = t5 = 0
    for line in run_path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["query"] not in subset:
            continue
        uris = [c["uri"] for c in rec["candidates"]]
        t1 += uris[:1] == [gold[rec["query"]]]
        t5 += gold[rec["query"]] in uris[:5]
    return {"top1": round(t1 / len(subset), 4), "top5": round(t5 / len(subset), 4)}


def run_baseline(bench: Path, sample: int, out_dir: Path) -> dict[str, Any]:
    """Run baselines.py (it also runs its matching baselines; needs bm25s) and keep the
    skills line."""
    cmd = [sys.executable, str(bench.parent / "baselines.py"), "--bench", str(bench)]
    cmd += ["--out", str(out_dir)]
    if sample:
        cmd += ["--skills-sample", str(sample)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = round(time.perf_counter() - start, 1)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"], "seconds": seconds}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("baseline") == "skills_rapidfuzz":
            rec.pop("run", None)
            rec["baselines_py_seconds_all_tasks"] = seconds
            return dict(rec)
    return {"error": "no skills_rapidfuzz line in the output", "seconds": seconds}


def run_multilingual() -> dict[str, Any]:
    """Top-1/top-5 of the cross-language lookup on tests/matching/multilingual_phrases.tsv."""
    from jobmatch.matching.multilingual import (
        INSTALL_HINT,
        MultilingualSkillLookup,
        multilingual_available,
    )

    if not multilingual_available():
        return {"skipped": INSTALL_HINT}
    start = time.perf_counter()
    lookup = MultilingualSkillLookup.from_taxonomy()
    fit_s = time.perf_counter() - start
    path = REPO / "tests" / "matching" / "multilingual_phrases.tsv"
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    per_lang: dict[str, list[int]] = {}
    times: list[float] = []
    for lang, text, uri in rows:
        start = time.perf_counter()
        found = [c.uri for c in lookup.match(text, limit=5)]
        times.append((time.perf_counter() - start) * 1000)
        counts = per_lang.setdefault(lang, [0, 0, 0])
        counts[0] += found[:1] == [uri]
        counts[1] += uri in found
        counts[2] += 1
    total = [sum(c[i] for c in per_lang.values()) for i in range(3)]
    return {
        "phrases": total[2],
        "top1": round(total[0] / total[2], 4),
        "top5": round(total[1] / total[2], 4),
        "by_language": {
            lang: {"top1": round(c[0] / c[2], 4), "top5": round(c[1] / c[2], 4), "n": c[2]}
            for lang, c in sorted(per_lang.items())
        },
        "fit_s_with_disk_cache": round(fit_s, 2),
        "ms_per_query_mean": round(statistics.fmean(times), 2),
    }


def autocomplete_p95(call: Callable[[str], object], prefixes: list[str]) -> dict[str, float]:
    """p50/p95 latency in ms of ``call(prefix)`` over the prefixes (the autocomplete hook:
    pass the service function, or an authenticated client's ``get`` of the API route)."""
    times: list[float] = []
    for prefix in prefixes:
        start = time.perf_counter()
        call(prefix)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "requests": len(prefixes),
        "p50_ms": round(percentile(times, 50), 3),
        "p95_ms": round(percentile(times, 95), 3),
    }


def autocomplete_route_p95(prefixes: list[str]) -> dict[str, float]:
    """The same over ``GET /api/v1/skills?q=`` in-process, as a signed-in API client."""
    from fastapi.testclient import TestClient
    from sqlmodel import Session, SQLModel

    import jobmatch.models  # noqa: F401  (registers the tables)
    from jobmatch.app import create_app
    from jobmatch.config import Settings
    from jobmatch.db import make_engine
    from jobmatch.services import accounts, organisations

    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        org = organisations.create_organisation(
            session, name="Bench", kind="employer", region="ITC11"
        )
        accounts.create_user(
            session,
            email="bench@example.org",
            password="bench-password",
            role="employer",
            organisation=org,
        )
        session.commit()
    client = TestClient(create_app(Settings(env="test", database_url="sqlite://"), engine=engine))
    token = client.post(
        "/api/v1/tokens", json={"email": "bench@example.org", "password": "bench-password"}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}

    def call(prefix: str) -> object:
        response = client.get("/api/v1/skills", params={"q": prefix, "limit": 8}, headers=headers)
        assert response.status_code == 200
        return response

    call(prefixes[0])
    return autocomplete_p95(call, prefixes)


def typed_prefixes(queries: list[tuple[str, str]], n: int, seed: int = 0) -> list[str]:
    """What a person types into a skill field: the first 3+ characters of a skill phrase."""
    rnd = random.Random(seed)
    phrases = [q for q, _ in queries]
    out = []
    for _ in range(n):
        phrase = rnd.choice(phrases)
        out.append(phrase[: rnd.randint(min(3, len(phrase)), len(phrase))])
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--baseline-sample", type=int, default=500, help="0 = all queries")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--autocomplete", action="store_true")
    parser.add_argument(
        "--multilingual", action="store_true", help="also score the IT/FR/SK phrase set"
    )
    parser.add_argument("--seed", default="0", help="baselines.py's seed (its sample)")
    args = parser.parse_args(argv)
    bench: Path = args.bench.resolve()
    queries = read_queries(bench)
    gold = dict(queries)

    start = time.perf_counter()
    taxonomy = load_taxonomy()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    normaliser = SkillNormaliser.from_taxonomy(taxonomy)
    fit_s = time.perf_counter() - start

    result: dict[str, Any] = {
        "task": "skills",
        "bench": str(bench),
        "queries": len(queries),
        "taxonomy_load_s": round(load_s, 3),
        "normaliser_fit_s": round(fit_s, 3),
        # Queries run one at a time in this thread: rapidfuzz's cdist uses one worker by
        # default and the n-gram stage is plain numpy without BLAS, so this is one core.
        "threads": 1,
    }
    with tempfile.TemporaryDirectory() as tmp:
        run_path = Path(tmp) / "skills_run.jsonl"
        timing = run_normaliser(normaliser, queries, run_path)
        scores = evaluate(bench, run_path)
        result["normaliser"] = {**scores, **timing}
        if not args.no_baseline:
            baseline = run_baseline(bench, args.baseline_sample, Path(tmp) / "baselines")
            result["baseline_rapidfuzz_wratio"] = baseline
            if args.baseline_sample and args.baseline_sample < len(queries):
                # baselines.py draws its sample this way (random.Random(f"{seed}:skills")).
                sample = random.Random(f"{args.seed}:skills").sample(
                    [q for q, _ in queries], args.baseline_sample
                )
                result["normaliser_on_baseline_sample"] = top_k_on(run_path, gold, set(sample))
    if args.multilingual:
        result["multilingual"] = run_multilingual()
    if args.autocomplete:
        from jobmatch.services.taxonomy import suggest_skills

        prefixes = typed_prefixes(queries, 1000)
        suggest_skills(prefixes[0])  # warm the process-wide normaliser
        result["autocomplete_service"] = autocomplete_p95(suggest_skills, prefixes)
        result["autocomplete_route"] = autocomplete_route_p95(prefixes)
    else:
        result["autocomplete_service"] = "not measured (pass --autocomplete)"
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
