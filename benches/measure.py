"""Running a command once: its wall time, its peak memory, and what it reported.

Peak memory is the `ru_maxrss` that `wait4` returns for the child: the largest resident set of
the process or of any of its (waited-for) descendants, not their sum. Linux hands a child, at
`exec`, the high-water mark of the process it was started from (this suite, which may hold a
gigabyte of generated data): when `ru_maxrss` is not above this process's own, it says nothing
about the child, and the child's own `VmHWM` (read every 10 ms while it runs) is its peak.
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int
    # The last stdout line when it is a JSON object (what the peer scripts report).
    report: dict = field(default_factory=dict)


class Failed(Exception):
    pass


def run(cmd: list[str], *, cwd: Path | None = None, ok_codes=(0,), env: dict | None = None,
        stdout_to: Path | None = None, timeout: float = 3600) -> Run:
    """Runs `cmd` with stdout to `stdout_to` (default: a scratch file, whose last line is read
    as the peer scripts' JSON report) and stderr to a scratch file shown when it fails."""
    scratch = Path(os.environ.get("BENCH_TMP", "/tmp"))
    out_path = stdout_to or scratch / f"bench-stdout-{os.getpid()}.txt"
    err_path = scratch / f"bench-stderr-{os.getpid()}.txt"
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    hwm_kib = 0
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env)
        deadline = started + timeout
        polls = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if polls % 10 == 0:
                hwm_kib = max(hwm_kib, _vm_hwm_kib(proc.pid))
            polls += 1
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise Failed(f"timed out after {timeout} s: {' '.join(map(str, cmd))}")
            time.sleep(0.001)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        tail = err_path.read_text(errors="replace")[-3000:]
        raise Failed(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{tail}")
    report = {}
    if stdout_to is None:
        lines = out_path.read_text(errors="replace").strip().splitlines()
        if lines and lines[-1].startswith("{"):
            report = json.loads(lines[-1])
    inherited = usage.ru_maxrss <= own_peak and hwm_kib > 0
    peak_kib = hwm_kib if inherited else usage.ru_maxrss
    return Run(seconds, peak_kib / 1024, proc.returncode, report)


def _vm_hwm_kib(pid: int) -> int:
    """The process's own resident high-water mark (KiB), 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _numbers(xs: list[float]) -> list[float]:
    """Without the NaNs (runs of a peer that failed)."""
    return [x for x in xs if not math.isnan(x)]


def median(xs: list[float]) -> float:
    xs = _numbers(xs)
    return statistics.median(xs) if xs else float("nan")


def largest(xs: list[float]) -> float:
    xs = _numbers(xs)
    return max(xs) if xs else float("nan")


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    s = sorted(_numbers(xs))
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]
