"""The benchmark suite: conceptlint beside the tools a user would otherwise run, in one run.

usage (through benches/run.sh, which builds, installs the peers and picks the Python):
  suite.py [--size small|full] [--runs N] [--only check,probe,report,lsp] [--ci]

Generates (or reuses) seeded datasets under target/bench/data/<size>/, times every benchmark
and its peer interleaved, prints the table and writes it to target/bench/results.md (with the
machine and the command), the raw numbers to target/bench/results.json. With --ci, exits 1
when a row breaks its loose CI bound (a large regression), whatever the issue's targets say.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
import lsp_bench  # noqa: E402
from cli_benches import Ctx, bench_check, bench_probe, bench_report  # noqa: E402
from rows import markdown_table, text_table  # noqa: E402

SIZES = {
    "small": {"check": 20_000, "images": 2_000, "predictions": 50_000, "lsp_edit": 10_000,
              "lsp_open": 20_000, "k": 10, "edits": 20, "hovers": 30, "runs": 3},
    "full": {"check": 1_000_000, "images": 100_000, "predictions": 1_000_000,
             "lsp_edit": 100_000, "lsp_open": 1_000_000, "k": 10, "edits": 40, "hovers": 50,
             "runs": 3},
}
BENCHES = ("check", "probe", "report", "lsp")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _cmd(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kib / 2**20, 1),
        "os": platform.platform(),
        "load_at_start": os.getloadavg(),
        "commit": _cmd(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "conceptlint": _cmd([str(ROOT / "target" / "release" / "conceptlint"), "--version"]),
        "python": platform.python_version(),
        "node": _cmd(["node", "--version"]),
    }


def peer_versions() -> str:
    from importlib.metadata import version
    names = ["pandas", "numpy", "pillow", "cleanvision", "cleanlab", "scikit-learn"]
    out = [f"{n} {version(n)}" for n in names]
    pkg = ROOT / "target" / "bench" / "npm" / "node_modules" / "vscode-langservers-extracted"
    if (pkg / "package.json").is_file():
        out.append("vscode-langservers-extracted "
                   + json.loads((pkg / "package.json").read_text())["version"])
    return ", ".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--runs", type=int, help="runs of each benchmark (default 3)")
    ap.add_argument("--only", default=",".join(BENCHES), help="comma-separated: " + ",".join(BENCHES))
    ap.add_argument("--ci", action="store_true", help="exit 1 when a row breaks its CI bound")
    args = ap.parse_args()
    size = SIZES[args.size]
    only = [b for b in args.only.split(",") if b]
    for b in only:
        if b not in BENCHES:
            ap.error(f"unknown benchmark {b!r}")
    out = ROOT / "target" / "bench"
    data = out / "data" / args.size
    scratch = out / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_TMP"] = str(scratch)
    binary = ROOT / "target" / "release" / "conceptlint"
    ctx = Ctx(binary=binary, runs=args.runs or size["runs"], scratch=scratch, log=log)
    info = machine()
    started = time.perf_counter()
    k = size["k"]

    log(f"datasets ({args.size}) under {data}")
    rows = []
    if "check" in only:
        rows += bench_check(ctx, gen.manifests(data / "check", size["check"], k), size["check"],
                            args.size == "small")
    if "probe" in only:
        rows += bench_probe(ctx, gen.images(data / "images", size["images"], k), size["images"],
                            args.size == "small")
    if "report" in only:
        n = size["predictions"]
        rows += bench_report(ctx, gen.predictions(data / "predictions", n, k), n, k,
                             args.size == "small")
    if "lsp" in only:
        edit = gen.manifests(data / "lsp-edit", size["lsp_edit"], k)
        opened = gen.manifests(data / "lsp-open", size["lsp_open"], k)
        rows += lsp_bench.bench_lsp(ctx, edit, opened, out / "npm", size["edits"], size["hovers"])

    info["load_at_end"] = os.getloadavg()
    info["minutes"] = round((time.perf_counter() - started) / 60, 1)
    command = "benches/run.sh --size " + args.size + (f" --runs {args.runs}" if args.runs else "")
    if args.only != ",".join(BENCHES):
        command += f" --only {args.only}"
    print()
    print(text_table(rows, args.ci))
    notes = [f"- {r.name} / {r.peer_name or 'conceptlint'}: {n}" for r in rows for n in r.notes]
    print("\n".join(notes))
    write_markdown(out / "results.md", rows, info, command, args)
    (out / "results.json").write_text(json.dumps({
        "machine": info, "size": args.size, "runs": ctx.runs,
        "rows": [{**{k: v for k, v in asdict(r).items() if k not in ("check", "ci_check")},
                  "ratio": r.ratio, "met": r.met(), "ci_ok": r.ci_ok()} for r in rows],
    }, indent=2))
    log(f"written: {out / 'results.md'}, {out / 'results.json'} ({info['minutes']} min)")
    if args.ci:
        broken = [r for r in rows if r.ci_ok() is False]
        for r in broken:
            log(f"REGRESSION: {r.name} ({r.peer_name or 'conceptlint'}): CI bound {r.ci_text}")
        print(f"bench: {len(rows) - len(broken)} passed, {len(broken)} failed")
        return 1 if broken else 0
    return 0


def write_markdown(path: Path, rows, info: dict, command: str, args) -> None:
    load = " / ".join(f"{x:.1f}" for x in info["load_at_start"])
    load_end = " / ".join(f"{x:.1f}" for x in info["load_at_end"])
    lines = [
        f"Run of {info['date']}: `{command}` ({info['minutes']} min), commit {info['commit']}.",
        "",
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram_gib']} GiB RAM, "
        f"{info['os']}; load average (1/5/15 min) {load} at the start, {load_end} at the end.",
        f"Peers: {peer_versions()}; Python {info['python']}, Node {info['node']}.",
        "",
        "conceptlint: median whole-process wall time (release build) over the runs; peer: median "
        "of the peer's own timing of its work (after the interpreter started and its imports "
        "were done); peak: largest resident set over the runs; ratio: peer / conceptlint (how "
        "many times faster, or for memory how many times smaller).",
        "",
        markdown_table(rows, args.ci),
        "",
    ]
    lines += [f"- {r.name} / {r.peer_name or 'conceptlint'}: {n}" for r in rows for n in r.notes]
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
