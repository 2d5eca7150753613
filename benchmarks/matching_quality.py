"""Matching quality on both tiers of the shared benchmark, beside the peer baselines; prints JSON.

    .venv/bin/python benchmarks/matching_quality.py [--bench ../shared/bench] [--out DIR]

For each tier (standard, hard) it runs the batch ranking (`--top 100`, by profile) on the tier's
offers and profiles, scores the run with the benchmark's own `evaluate.py`, and runs
`baselines.py --no-skills` on the same data in the same run. The engine never reads the qrels:
only the evaluator does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jobmatch.matching.rank import run_rank

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
KEYS = ("ndcg@10", "mrr@10", "recall@100", "forbidden_returned")


def evaluate(bench: Path, tier: Path, run: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(bench / "evaluate.py"), "--bench", str(tier), "--run", str(run)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout))


def baselines(bench: Path, tier: Path, out: Path) -> dict[str, dict[str, Any]]:
    result = subprocess.run(
        [
            sys.executable,
            str(bench / "baselines.py"),
            "--bench",
            str(tier),
            "--out",
            str(out),
            "--no-skills",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    found = {}
    for line in result.stdout.splitlines():
        item = json.loads(line)
        if "baseline" in item:
            found[item["baseline"]] = {k: item[k] for k in KEYS}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench_runs")
    parser.add_argument("--tiers", nargs="+", default=["standard", "hard"])
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    for name in args.tiers:
        tier = args.bench / name
        out = args.out / name
        out.mkdir(parents=True, exist_ok=True)
        run = out / "jobmatch.jsonl"
        started = time.perf_counter()
        with run.open("w", encoding="utf-8") as fh:
            run_rank(tier / "offers.jsonl", tier / "profiles.jsonl", top=100, by="profile", out=fh)
        seconds = time.perf_counter() - started
        metrics = evaluate(args.bench, tier, run)
        entry: dict[str, Any] = {
            "jobmatch": {**{k: metrics[k] for k in KEYS}, "rank_seconds": round(seconds, 1)},
        }
        if not args.no_baselines:
            entry["baselines"] = baselines(args.bench, tier, out / "baselines")
            best = max(
                v["ndcg@10"] for k, v in entry["baselines"].items() if k.endswith("_filtered")
            )
            entry["ndcg@10_vs_best_filtered_baseline"] = round(metrics["ndcg@10"] / best, 3)
        report[name] = entry
        print(json.dumps({name: entry}), file=sys.stderr)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
