"""One line of the results table, its target and its (looser) CI threshold."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Row:
    name: str
    unit: str  # "s", "ms" or "x" (a multiple of the file's size)
    ours: float
    ours_mib: Optional[float] = None
    peer_name: str = ""
    peer: Optional[float] = None
    peer_mib: Optional[float] = None
    # The target, as text, and whether the measured row meets it (None: no target).
    target: str = ""
    check: Optional[Callable[["Row"], bool]] = None
    # Loose bound for CI (--ci): a large regression fails, noise does not.
    ci_text: str = ""
    ci_check: Optional[Callable[["Row"], bool]] = None
    notes: list[str] = field(default_factory=list)
    # Best (smallest) of the runs: what the CI bounds compare, the least disturbed by the load
    # of a shared machine. None: the median is used.
    ours_best: Optional[float] = None
    peer_best: Optional[float] = None

    @property
    def ratio(self) -> Optional[float]:
        """How many times faster (or smaller) conceptlint is than the peer."""
        if self.peer is None or not self.ours or math.isnan(self.peer) or math.isnan(self.ours):
            return None
        return self.peer / self.ours

    @property
    def best_ratio(self) -> Optional[float]:
        """The ratio of the best runs (falls back on the medians)."""
        ours = self.ours if self.ours_best is None else self.ours_best
        peer = self.peer if self.peer_best is None else self.peer_best
        if peer is None or not ours or math.isnan(peer) or math.isnan(ours):
            return None
        return peer / ours

    def met(self) -> Optional[bool]:
        if self.check is None:
            return None
        try:
            return bool(self.check(self))
        except TypeError:  # a missing number (a peer that failed): not shown to be met
            return False

    def ci_ok(self) -> Optional[bool]:
        if self.ci_check is None:
            return None
        try:
            return bool(self.ci_check(self))
        except TypeError:  # a missing number (a peer that failed) cannot show a regression
            return True


def fmt(value: Optional[float], unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.2f}x"


def fmt_mib(value: Optional[float]) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.0f} MiB"


def fmt_ratio(value: Optional[float]) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value:.2f}x"
    return f"{value:.1f}x" if value < 100 else f"{value:.0f}x"


def verdict(ok: Optional[bool]) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")


HEADER = ["benchmark", "conceptlint", "peak", "peer", "peer median", "peer peak", "ratio",
          "target", "result"]


def cells(row: Row, ci: bool) -> list[str]:
    result = verdict(row.met())
    if ci and row.ci_check is not None:
        result = ("ok" if row.ci_ok() else "REGRESSION") + f" (CI: {row.ci_text})"
    return [row.name, fmt(row.ours, row.unit), fmt_mib(row.ours_mib), row.peer_name or "-",
            fmt(row.peer, row.unit), fmt_mib(row.peer_mib), fmt_ratio(row.ratio),
            row.target or "-", result or "-"]


def text_table(rows: list[Row], ci: bool) -> str:
    table = [HEADER] + [cells(r, ci) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    out = []
    for k, line in enumerate(table):
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table(rows: list[Row], ci: bool) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells(r, ci)) + " |" for r in rows]
    return "\n".join(lines)
