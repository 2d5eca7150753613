"""Load benchmark: locust, headless on loopback, against PostgreSQL and 2 app workers.

    .venv/bin/python benchmarks/load/run.py [--users 50] [--duration 60] [--port 8765]

It creates a scratch PostgreSQL database (``jobmatch_load``, dropped afterwards), loads the demo
network into it with ``jobmatch demo --reset``, serves it with ``jobmatch serve --workers 2``, runs
the journeys of ``locustfile.py`` and prints JSON: p50 and p95 per route, the error count, and the
verdict against the targets (p95 <= 250 ms for reads, <= 500 ms for writes, 0 errors).
Needs ``pip install -e .[load]`` and a PostgreSQL server (JOBMATCH_TEST_POSTGRES_URL, as the tests).
Not run by CI nor by ``make test``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
READ_TARGET_MS = 250
WRITE_TARGET_MS = 500
SCRATCH = "jobmatch_load"


def scratch_database(base_url: str) -> str:
    """Create an empty scratch database next to the test one; its URL."""
    url = make_url(base_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {SCRATCH}"))
    admin.dispose()
    return url.set(database=SCRATCH).render_as_string(hide_password=False)


def drop_database(base_url: str) -> None:
    admin = create_engine(make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
    admin.dispose()


def server_command(args: argparse.Namespace) -> list[str]:
    if args.server == "jobmatch":
        return [
            str(BIN / "jobmatch"),
            "serve",
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
        ]
    # The same app and workers, with a longer worker health check than uvicorn's 5 s default: on a
    # busy machine a worker may take longer than that to import, and uvicorn then kills it and
    # starts another, forever (`jobmatch serve` cannot set it yet).
    return [sys.executable, str(HERE / "serve.py"), str(args.port), str(args.workers)]


def wait_until_up(base: str, log: Path, timeout: float = 180) -> None:
    """Wait until both workers can answer (a few requests in a row)."""
    deadline = time.monotonic() + timeout
    answered = 0
    while time.monotonic() < deadline and answered < 4:
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=5) as response:
                answered += response.status == 200
        except OSError:
            time.sleep(0.5)
    if answered < 4:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[:40]
        raise SystemExit("the app did not start:\n" + "\n".join(tail))


def is_write(name: str) -> bool:
    return name.split(" ", 1)[0] in {"POST", "PATCH", "PUT", "DELETE"}


def summarise(stats_csv: Path, failures_csv: Path) -> dict[str, Any]:
    routes: dict[str, Any] = {}
    total: dict[str, Any] = {}
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            figures = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "max_ms": round(float(row["Max Response Time"] or 0), 1),
            }
            if row["Name"] == "Aggregated":
                total = figures
                continue
            write = is_write(row["Name"]) or row["Type"] in {"POST", "PATCH", "PUT", "DELETE"}
            target = WRITE_TARGET_MS if write else READ_TARGET_MS
            name = row["Name"] if " " in row["Name"] else f"{row['Type']} {row['Name']}"
            routes[name] = {
                **figures,
                "kind": "write" if write else "read",
                "target_p95_ms": target,
                "meets_target": figures["p95_ms"] <= target,
            }
    failures: list[dict[str, Any]] = []
    if failures_csv.exists():
        with failures_csv.open(encoding="utf-8") as handle:
            failures = [
                {
                    "route": r["Name"] if " " in r["Name"] else f"{r['Method']} {r['Name']}",
                    "error": r["Error"][:200],
                    "count": r["Occurrences"],
                }
                for r in csv.DictReader(handle)
            ]
    errors = int(total.get("errors", 0))
    return {
        "routes": dict(sorted(routes.items())),
        "total": total,
        "errors": errors,
        "failures": failures,
        "routes_over_target": sorted(n for n, r in routes.items() if not r["meets_target"]),
        "passed": errors == 0 and all(r["meets_target"] for r in routes.values()),
    }


def locust(host: str, prefix: Path, *, users: int, seconds: int, rate: float = 3) -> None:
    command = [
        str(BIN / "locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(rate),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "5",
    ]
    subprocess.run(
        command, cwd=HERE, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--warmup", type=int, default=20, help="seconds of unmeasured load first")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--server",
        choices=["jobmatch", "uvicorn"],
        default="jobmatch",
        help="`jobmatch serve`, or uvicorn directly with a 120 s worker health check",
    )
    args = parser.parse_args()

    base_url = os.environ.get(
        "JOBMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    database_url = scratch_database(base_url)
    env = {
        **os.environ,
        "JOBMATCH_DATABASE_URL": database_url,
        "JOBMATCH_ENV": "development",
        "JOBMATCH_LOG_LEVEL": "WARNING",
    }
    host = f"http://127.0.0.1:{args.port}"
    # The machine's own load colours every figure: it is printed with them.
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="jobmatch-load-") as tmp:
        started = time.monotonic()
        subprocess.run(
            [BIN / "jobmatch", "demo", "--reset"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        load_seconds = time.monotonic() - started
        log_path = Path(tmp, "server.log")
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    BIN / "jobmatch",
                    "serve",
                    "--port",
                    str(args.port),
                    "--workers",
                    str(args.workers),
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                wait_until_up(host, log_path)
                # A short run first, not measured: each worker fits its matching index once.
                locust(host, Path(tmp, "warmup"), users=6, seconds=args.warmup)
                prefix = Path(tmp, "stats")
                locust(host, prefix, users=args.users, seconds=args.duration, rate=args.spawn_rate)
                result = summarise(Path(f"{prefix}_stats.csv"), Path(f"{prefix}_failures.csv"))
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
                if not args.keep:
                    drop_database(base_url)
        server_log = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        tracebacks = sum("Traceback" in line for line in server_log)
    result = {
        "benchmark": "load",
        "users": args.users,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "app_workers": args.workers,
        "server": args.server,
        "database": "postgresql",
        "demo_load_s": round(load_seconds, 1),
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 1),
        "load_average_after": round(os.getloadavg()[0], 1),
        "targets_ms": {"read_p95": READ_TARGET_MS, "write_p95": WRITE_TARGET_MS},
        "server_tracebacks": tracebacks,
        **result,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
