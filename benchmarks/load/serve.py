"""The app under uvicorn with N workers and a long worker health check; says why a worker died.

python benchmarks/load/serve.py PORT WORKERS
"""

from __future__ import annotations

import sys
import time

import uvicorn
from uvicorn.supervisors import multiprocess

_is_alive = multiprocess.Process.is_alive


def _explained_is_alive(self: multiprocess.Process, timeout: float = 5) -> bool:
    started = time.monotonic()
    running = self.process.is_alive()
    alive = _is_alive(self, timeout)
    if not alive:
        print(
            f"worker {self.pid}: running={running} exitcode={self.process.exitcode} "
            f"no answer after {time.monotonic() - started:.1f}s (timeout {timeout}s)",
            flush=True,
        )
    return alive


if __name__ == "__main__":
    multiprocess.Process.is_alive = _explained_is_alive  # type: ignore[method-assign]
    uvicorn.run(
        "jobmatch.app:create_app",
        factory=True,
        port=int(sys.argv[1]),
        workers=int(sys.argv[2]),
        proxy_headers=True,
        timeout_worker_healthcheck=120,
    )
