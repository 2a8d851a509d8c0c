"""Command-line benchmarks: `check` on big manifests, the image header probe, `report` on
predictions; each beside its peer, interleaved run by run (conceptlint, peer, conceptlint, ...)
so that the load of a shared machine weighs on both alike.

Peer times are the peers' own measure of their work (after the interpreter started and the
imports were done: the conservative comparison); their whole-process times are kept in the
notes. conceptlint's are whole-process wall times.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import measure
from gen import NO_IMAGE_RULES
from rows import Row

PEERS = Path(__file__).resolve().parent / "peers"


@dataclass
class Ctx:
    binary: Path
    runs: int
    scratch: Path
    log: callable  # log(str): progress on stderr


def _series(ctx: Ctx, label: str, runs: list[measure.Run], peer: bool = False) -> None:
    if peer:
        ctx.log(f"  {label}: work " + " ".join(f"{r.report['seconds']:.2f}" for r in runs)
                + " s; process " + " ".join(f"{r.seconds:.2f}" for r in runs) + " s")
    else:
        ctx.log(f"  {label}: " + " ".join(f"{r.seconds:.3f}" for r in runs) + " s")


def _interleave(ctx: Ctx, commands: dict[str, callable]) -> dict[str, list[measure.Run]]:
    out = {name: [] for name in commands}
    for _ in range(ctx.runs):
        for name, command in commands.items():
            out[name].append(command())
    return out


def _med(runs: list[measure.Run], work: bool = False) -> float:
    return measure.median([r.report["seconds"] if work else r.seconds for r in runs])


def _best(runs: list[measure.Run], work: bool = False) -> float:
    return min(r.report["seconds"] if work else r.seconds for r in runs)


def _bests(row: Row, ours: list[measure.Run], peer: list[measure.Run] | None = None,
           work: bool = True) -> Row:
    row.ours_best = _best(ours)
    if peer is not None:
        row.peer_best = _best(peer, work)
    return row


def _peak(runs: list[measure.Run]) -> float:
    return max(r.peak_mib for r in runs)


def _peer_note(name: str, runs: list[measure.Run]) -> str:
    return (f"{name}: whole process (interpreter, imports) median {_med(runs):.2f} s, "
            f"imports {measure.median([r.report['import_seconds'] for r in runs]):.2f} s")


def bench_check(ctx: Ctx, data: Path, n: int, small: bool) -> list[Row]:
    ctx.log(f"check: {n:,}-input manifests, no image files")
    cl = [str(ctx.binary), "check", "--no-cache", "--color", "never", "--exit-zero"]
    no_images = ["--ignore", ",".join(NO_IMAGE_RULES)]
    py = sys.executable
    dev_null = Path("/dev/null")
    runs = _interleave(ctx, {
        "jsonl": lambda: measure.run(cl + no_images + [str(data / "jsonl")], stdout_to=dev_null),
        "pandas-jsonl": lambda: measure.run(
            [py, str(PEERS / "check.py"), str(data / "jsonl" / "metadata.jsonl")]),
        "csv": lambda: measure.run(cl + no_images + [str(data / "csv")], stdout_to=dev_null),
        "pandas-csv": lambda: measure.run(
            [py, str(PEERS / "check.py"), str(data / "csv" / "metadata.csv")]),
        "all-rules": lambda: measure.run(cl + [str(data / "jsonl")], stdout_to=dev_null),
    })
    for name, rs in runs.items():
        _series(ctx, name, rs, peer=name.startswith("pandas"))
    for name in ("pandas-jsonl", "pandas-csv"):
        if any(r.report["inputs"] != n for r in runs[name]):
            raise RuntimeError(f"{name} read {runs[name][0].report['inputs']} inputs, not {n}")
    pandas_note = _peer_note("pandas", runs["pandas-jsonl"])
    big = f"{n:,}"
    return [_bests(*x) for x in [
        (Row(f"check: {big}-line JSONL, image rules off", "s", _med(runs["jsonl"]),
            _peak(runs["jsonl"]), "pandas read_json(lines=True) + value_counts",
            _med(runs["pandas-jsonl"], True), _peak(runs["pandas-jsonl"]),
            target="<= 1.5 s, <= 500 MB, >= 5x",
            check=lambda r: r.ours <= 1.5 and r.ours_mib * 1.048576 <= 500 and r.ratio >= 5,
            ci_text="ratio >= 0.2x", ci_check=lambda r: r.best_ratio >= 0.2,
            notes=[pandas_note]),
         runs["jsonl"], runs["pandas-jsonl"]),
        (Row(f"check: {big}-line CSV, image rules off", "s", _med(runs["csv"]),
            _peak(runs["csv"]), "pandas read_csv + value_counts",
            _med(runs["pandas-csv"], True), _peak(runs["pandas-csv"]),
            ci_text="ratio >= 0.08x", ci_check=lambda r: r.best_ratio >= 0.08),
         runs["csv"], runs["pandas-csv"]),
        (Row(f"check: {big}-line JSONL, all rules ({big} image-not-found)", "s",
             _med(runs["all-rules"]), _peak(runs["all-rules"])), runs["all-rules"]),
    ]]


def _small_count(ctx: Ctx, data: Path) -> int:
    out = ctx.scratch / "probe.json"
    measure.run([str(ctx.binary), "check", "--select", "small-image", "--format", "json",
                 "--exit-zero", str(data)], stdout_to=out)
    return sum(1 for d in json.loads(out.read_text())["diagnostics"] if d["rule"] == "small-image")


def _read_all(folder: Path) -> None:
    """Reads every file under `folder`, so that the page cache holds them: on this virtual
    machine the host reclaims cached pages (a DAMON thread), and whoever ran first after that
    paid for reading the disk (a cold probe of 21 s and 10.7 s against 2 s)."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass


def bench_probe(ctx: Ctx, data: Path, n: int, small: bool) -> list[Row]:
    ctx.log(f"header probe: {n:,} PNG/JPEG files")
    cl = [str(ctx.binary), "check", "--select", "small-image", "--color", "never", "--exit-zero",
          str(data)]
    cache = data / ".conceptlint_cache"
    py = sys.executable
    dev_null = Path("/dev/null")

    def cold():
        shutil.rmtree(cache, ignore_errors=True)
        _read_all(data / "images")
        return measure.run(cl, stdout_to=dev_null)

    def peer(name: str, **kw):
        _read_all(data / "images")
        return measure.run([py, str(PEERS / "probe.py"), name, str(data)], **kw)

    # Every contender starts with the images in the page cache ("cold" is conceptlint's own
    # cache only); the warm rerun follows the cold run directly.
    runs = _interleave(ctx, {
        "cold": cold,
        "warm": lambda: measure.run(cl, stdout_to=dev_null),
        "pillow": lambda: peer("pillow"),
        "cleanvision": lambda: peer("cleanvision", timeout=7200),
    })
    for name, rs in runs.items():
        _series(ctx, name, rs, peer=name in ("pillow", "cleanvision"))
    ours_small = _small_count(ctx, data)
    theirs_small = runs["pillow"][0].report["small"]
    agree = (f"small-image findings: conceptlint {ours_small:,}, Pillow sizes under 512 px "
             f"{theirs_small:,} ({'same' if ours_small == theirs_small else 'DIFFERENT'})")
    same = ours_small == theirs_small
    cold_s, cold_mib = _med(runs["cold"]), _peak(runs["cold"])
    return [_bests(*x) for x in [
        (Row(f"header probe: {n:,} images, cold (empty cache)", "s", cold_s, cold_mib,
            "Pillow Image.open(p).size loop", _med(runs["pillow"], True), _peak(runs["pillow"]),
            target=">= 3x, same sizes", check=lambda r: r.ratio >= 3 and same,
            ci_text="ratio >= 1.5x, same sizes", ci_check=lambda r: r.best_ratio >= 1.5 and same,
            notes=[agree, _peer_note("Pillow", runs["pillow"])]),
         runs["cold"], runs["pillow"]),
        (Row(f"header probe: {n:,} images, cold (empty cache)", "s", cold_s, cold_mib,
            "cleanvision odd_size", _med(runs["cleanvision"], True), _peak(runs["cleanvision"]),
            target=">= 100x", check=lambda r: r.ratio >= 100,
            ci_text="ratio >= 60x", ci_check=lambda r: r.best_ratio >= 60,
            notes=[_peer_note("cleanvision", runs["cleanvision"])]),
         runs["cold"], runs["cleanvision"]),
        (Row(f"header probe: {n:,} images, warm rerun (cache)", "s", _med(runs["warm"]),
            _peak(runs["warm"]), "conceptlint cold", cold_s, cold_mib,
            target=">= 10x", check=lambda r: r.ratio >= 10,
            ci_text="ratio >= 1.2x", ci_check=lambda r: r.best_ratio >= 1.2),
         runs["warm"], runs["cold"], False),
    ]]


def _agreement(ctx: Ctx, data: Path) -> tuple[str, str, bool, bool]:
    """conceptlint's flagged inputs and AUCs against cleanlab's and scikit-learn's."""
    out = ctx.scratch / "report.json"
    measure.run([str(ctx.binary), "report", "--format", "json", str(data)], stdout_to=out)
    ds = json.loads(out.read_text())["datasets"][0]
    ours_flagged = [s["input"] for s in ds["suspicious_labels"]]
    ours_auc = {c["name"]: c["roc_auc"] for c in ds["concepts"]}
    py = sys.executable
    measure.run([py, str(PEERS / "report.py"), "cleanlab", str(data), str(ctx.scratch / "cl.json")])
    measure.run([py, str(PEERS / "report.py"), "sklearn", str(data), str(ctx.scratch / "sk.json")])
    theirs_flagged = json.loads((ctx.scratch / "cl.json").read_text())
    theirs_auc = json.loads((ctx.scratch / "sk.json").read_text())
    same_set = set(ours_flagged) == set(theirs_flagged)
    same_order = ours_flagged == theirs_flagged
    flagged = (f"flagged: conceptlint {len(ours_flagged):,}, cleanlab {len(theirs_flagged):,}; "
               f"same set: {same_set}, same order: {same_order}")
    diff = max(abs(ours_auc[c] - theirs_auc[c]) for c in theirs_auc)
    aucs = f"ROC AUC per concept: largest difference from scikit-learn {diff:.1e}"
    return flagged, aucs, same_set, diff <= 1e-9 and set(ours_auc) == set(theirs_auc)


def bench_report(ctx: Ctx, data: Path, n: int, k: int, small: bool) -> list[Row]:
    ctx.log(f"report: {n:,} x {k} predictions")
    py = sys.executable
    dev_null = Path("/dev/null")
    runs = _interleave(ctx, {
        "conceptlint": lambda: measure.run([str(ctx.binary), "report", str(data)],
                                           stdout_to=dev_null),
        "cleanlab": lambda: measure.run([py, str(PEERS / "report.py"), "cleanlab", str(data)]),
        "sklearn": lambda: measure.run([py, str(PEERS / "report.py"), "sklearn", str(data)]),
    })
    for name, rs in runs.items():
        _series(ctx, name, rs, peer=name != "conceptlint")
    flagged, aucs, same_flagged, same_aucs = _agreement(ctx, data)
    ctx.log(f"  {flagged}; {aucs}")
    ours, ours_mib = _med(runs["conceptlint"]), _peak(runs["conceptlint"])
    name = f"report: {n:,} x {k} predictions CSV"
    return [_bests(*x) for x in [
        (Row(name, "s", ours, ours_mib, "pandas + cleanlab find_label_issues",
            _med(runs["cleanlab"], True), _peak(runs["cleanlab"]),
            target=">= 3x, same results", check=lambda r: r.ratio >= 3 and same_flagged,
            ci_text="ratio >= 2.0x, same results",
            ci_check=lambda r: r.best_ratio >= 2.0 and same_flagged,
            notes=[flagged, _peer_note("pandas + cleanlab", runs["cleanlab"])]),
         runs["conceptlint"], runs["cleanlab"]),
        (Row(name, "s", ours, ours_mib, "pandas + scikit-learn roc_auc_score etc.",
            _med(runs["sklearn"], True), _peak(runs["sklearn"]),
            target=">= 3x, same results", check=lambda r: r.ratio >= 3 and same_aucs,
            ci_text="ratio >= 2.5x, same results",
            ci_check=lambda r: r.best_ratio >= 2.5 and same_aucs,
            notes=[aucs, _peer_note("pandas + scikit-learn", runs["sklearn"])]),
         runs["conceptlint"], runs["sklearn"]),
    ]]
