"""Run one measured step in a fresh Python process and read its own peak RSS.

Each step runs as ``python -m bench.steps NAME ARGS_JSON`` so steps never share
caches, imports or heap. The parent reaps the child with ``os.wait4`` — that
returns the resource usage of *that* child only (``RUSAGE_CHILDREN`` would give
the maximum over every child reaped so far, so one big step would pollute all
later figures). ``ru_maxrss`` is the child's peak resident set size (KiB on
Linux). Wall time is measured around the whole process (interpreter start and
imports included); the step also reports its in-process timings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "


class StepFailed(RuntimeError):
    pass


def default_memory_limit_mib() -> int | None:
    """75 % of physical memory: a runaway scale step fails alone instead of waking the OOM killer."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(int(line.split()[1]) / 1024 * 0.75)
    except OSError:
        pass
    return None


def _limit_address_space(limit_mib: int | None):
    if not limit_mib:
        return None

    def apply() -> None:  # runs in the child before exec
        import resource
        limit = limit_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def bench_command(module: str, *args: str) -> list[str]:
    """``python -m bench.<module> ARGS`` with the checkout *after* site-packages on sys.path (``-P``: not the
    working directory first), so an installed (wheel) occlink is not shadowed by the checkout's ``occlink/``."""
    run = (f"import runpy, sys; sys.path.append({str(REPO_ROOT)!r}); "
           f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)")
    return [sys.executable, "-P", "-c", run, *args]


def run_step(name: str, args: dict, timeout: float | None = None,
             memory_limit_mib: int | None = -1) -> dict:
    """Run step ``name`` in a subprocess; its result dict plus process wall_s and peak_rss_mib.

    ``memory_limit_mib`` caps the child's address space (default: 75 % of RAM; None: no cap).
    """
    if memory_limit_mib == -1:
        memory_limit_mib = default_memory_limit_mib()
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(bench_command("bench.steps", name, json.dumps(args)),
                                cwd=REPO_ROOT, env=env, stdout=out, stderr=err,
                                preexec_fn=_limit_address_space(memory_limit_mib))
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise StepFailed(f"step {name} timed out after {timeout:.0f} s")
            time.sleep(0.01)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = " | ".join(stderr.strip().splitlines()[-3:])
        raise StepFailed(f"step {name} exited {proc.returncode}: {tail}")
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_MARK)]
    if not lines:
        raise StepFailed(f"step {name} printed no result")
    result = json.loads(lines[-1][len(RESULT_MARK):])
    result["wall_s"] = round(wall, 4)
    # the step's own figure when it gives one (see bench.steps._own_peak_kib); wait4's otherwise
    result["peak_rss_mib"] = round(result.pop("peak_rss_kib", usage.ru_maxrss) / 1024, 1)
    return result
