"""Language-server benchmarks: conceptlint's server and vscode-json-languageserver, driven by the
same client (lsp_client.py) over stdio.

- edit: open a manifest, then alternately set one line's label to an undeclared concept and
  back (one incremental didChange each); the latency is from sending the change to the first
  publishDiagnostics that reflects it (conceptlint: the new version and the new count of
  unknown-concept findings; the JSON server sends no version: the new count of schema errors).
- hover: on a label (a concept) and on an image path, request -> response.
- open: didOpen of a big manifest -> its first publishDiagnostics; then the server's resident
  memory (VmRSS) and its peak (VmHWM) against the file's size.

The JSON server waits a fixed 500 ms after a change or an opening before it validates (not a
setting); its numbers are reported as measured and "after its delay" (minus 500 ms).
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsp_client import Client

JSON_SERVER_DELAY_S = 0.5
UNKNOWN = "concept_xx"  # the same length as concept_NN: edits shift no position


@dataclass
class Server:
    name: str
    cmd: list[str]
    language: str
    init_options: object = None
    settings: object = None  # sent as workspace/didChangeConfiguration after initialized
    # Which diagnostics count as "an undeclared concept" on a line.
    counts: str = "unknown-concept"


@dataclass
class EditResult:
    open_s: float
    edits: list[float] = field(default_factory=list)
    hover_concept: list[float] = field(default_factory=list)
    hover_path: list[float] = field(default_factory=list)
    rss_mib: float = float("nan")


def conceptlint(binary: Path, debounce_ms: int | None) -> Server:
    opts = {} if debounce_ms is None else {"debounceMs": debounce_ms}
    label = "default debounce" if debounce_ms is None else f"debounce {debounce_ms} ms"
    return Server(f"conceptlint ({label})", [str(binary), "server"], "jsonl", init_options=opts)


def json_server(npm_dir: Path, schema: Path) -> Server:
    main = (npm_dir / "node_modules" / "vscode-langservers-extracted" / "lib" /
            "json-language-server" / "node" / "jsonServerMain.js")
    settings = {"json": {
        "validate": {"enable": True},
        "schemas": [{"fileMatch": ["*/manifest.json", "manifest.json"],
                     "schema": json.loads(schema.read_text())}],
    }}
    return Server("vscode-json-languageserver", ["node", str(main), "--stdio"], "json",
                  settings=settings, counts="*")


def _count(server: Server, params: dict) -> int:
    ds = params.get("diagnostics", [])
    if server.counts == "*":
        return len(ds)
    return sum(1 for d in ds if d.get("code") == server.counts)


def _start(server: Server, root: Path, log: Path) -> Client:
    client = Client(server.cmd, cwd=root, log=log)
    client.initialize(root, server.init_options)
    if server.settings is not None:
        client.notify("workspace/didChangeConfiguration", {"settings": server.settings})
    return client


def _value_span(line: str, key: str) -> tuple[int, int]:
    """Character range of the string value of `key` on a one-record line (ASCII)."""
    at = line.index(f'"{key}": "') + len(key) + 5
    return at, line.index('"', at)


def edit_and_hover(server: Server, path: Path, edits: int, hovers: int, log: Path,
                   seed: int = 3, timeout: float = 120) -> EditResult:
    text = path.read_text()
    lines = text.split("\n")
    records = [i for i, line in enumerate(lines) if '"label": "' in line]
    client = _start(server, path.parent, log)
    try:
        uri, sent = client.open(path, text, server.language)
        arrived, first = client.diagnostics_after(uri, sent, lambda p: True, timeout)
        result = EditResult(open_s=arrived - sent)
        time.sleep(0.5)  # let follow-up work of the opening (if any) settle
        base = _count(server, client.diagnostics[uri][-1][1])
        rng = random.Random(seed)
        version = 1
        for k in range(edits):
            if k % 2 == 0:
                line = rng.choice(records)
                original = lines[line][slice(*_value_span(lines[line], "label"))]
                if original == UNKNOWN:
                    original = "concept_00"
                new, expected = UNKNOWN, base + 1
            else:
                new, expected = original, base
            start, end = _value_span(lines[line], "label")
            lines[line] = lines[line][:start] + new + lines[line][end:]
            version += 1
            sent = client.change(uri, version, line, start, end, new)

            def fresh(p, version=version, expected=expected):
                if "version" in p and p["version"] is not None and p["version"] != version:
                    return False
                return _count(server, p) == expected

            arrived, _ = client.diagnostics_after(uri, sent, fresh, timeout)
            result.edits.append(arrived - sent)
        for _ in range(hovers):
            line = rng.choice(records)
            for key, into in (("label", result.hover_concept), ("file_name", result.hover_path)):
                start, _ = _value_span(lines[line], key)
                took, answer = client.request("textDocument/hover", {
                    "textDocument": {"uri": uri},
                    "position": {"line": line, "character": start + 2}}, timeout)
                if answer is None and server.counts != "*":
                    raise RuntimeError(f"{server.name}: no hover at line {line} ({key})")
                into.append(took)
        result.rss_mib = client.rss_mib()[0]
        return result
    finally:
        client.shutdown()


@dataclass
class OpenResult:
    open_s: float
    rss_mib: float
    hwm_mib: float
    findings: int


def open_big(server: Server, path: Path, log: Path, timeout: float = 600) -> OpenResult:
    """didOpen -> first diagnostics of `path`, then the server's memory (1 s later: what it
    keeps while the file stays open)."""
    text = path.read_text()
    client = _start(server, path.parent, log)
    try:
        time.sleep(0.2)  # the configuration notification has been handled
        uri, sent = client.open(path, text, server.language)
        del text
        arrived, params = client.diagnostics_after(uri, sent, lambda p: True, timeout)
        time.sleep(1.0)
        rss, hwm = client.rss_mib()
        return OpenResult(arrived - sent, rss, hwm, _count(server, params))
    finally:
        client.shutdown()


def bench_lsp(ctx, edit_data: Path, open_data: Path, npm_dir: Path, edits: int,
              hovers: int) -> list:
    """The rows of the language-server benchmarks (ctx: cli_benches.Ctx)."""
    from measure import largest, median, percentile
    from rows import Row

    log = ctx.scratch / "lsp-servers.log"
    n_edit = sum(1 for _ in open(edit_data / "lsp" / "metadata.jsonl"))
    n_open = sum(1 for _ in open(open_data / "lsp" / "metadata.jsonl"))
    ours0 = conceptlint(ctx.binary, 0)
    ours_default = conceptlint(ctx.binary, None)
    peer = json_server(npm_dir, edit_data / "json" / "schema.json")
    ms = 1000.0

    failures = []

    def attempt(fn, *a, **kw):
        """The peer's result, or None when it failed (noted; conceptlint's own runs raise)."""
        try:
            return fn(*a, **kw)
        except Exception as e:  # noqa: BLE001 - any failure of the peer is a finding to report
            failures.append(f"vscode-json-languageserver failed: {str(e)[:300]}")
            ctx.log(f"  {failures[-1]}")
            return None

    ctx.log(f"LSP: edits and hovers on a {n_edit:,}-line manifest ({ctx.runs} sessions each)")
    mine, mine_default, theirs = [], [], []
    for run in range(ctx.runs):
        mine.append(edit_and_hover(ours0, edit_data / "lsp" / "metadata.jsonl", edits, hovers,
                                   log, seed=run))
        mine_default.append(edit_and_hover(ours_default, edit_data / "lsp" / "metadata.jsonl",
                                           max(4, edits // 4), 0, log, seed=100 + run))
        theirs.append(attempt(edit_and_hover, peer, edit_data / "json" / "manifest.json",
                              max(4, edits // 4), hovers, log, seed=run) or EditResult(math.nan))
        ctx.log(f"  session {run + 1}: edit p50 conceptlint "
                f"{median(mine[-1].edits) * ms:.1f} ms, default debounce "
                f"{median(mine_default[-1].edits) * ms:.1f} ms, JSON server "
                f"{median(theirs[-1].edits) * ms:.1f} ms")

    def pool(results, attr):
        return [x for r in results for x in getattr(r, attr)]

    delay_ms = JSON_SERVER_DELAY_S * ms
    default_ms = 200.0
    e_ours, e_theirs = pool(mine, "edits"), pool(theirs, "edits")
    e_default = pool(mine_default, "edits")
    rows = []
    for p in (95, 50):
        rows.append(Row(
            f"LSP {n_edit:,} lines: edit -> fresh diagnostics p{p} (debounce 0)", "ms",
            percentile(e_ours, p) * ms, None, "vscode-json-languageserver, after its 500 ms delay",
            percentile(e_theirs, p) * ms - delay_ms, None,
            target="<= 50 ms" if p == 95 else "",
            check=(lambda r: r.ours <= 50) if p == 95 else None,
            ci_text="<= 100 ms" if p == 95 else "",
            ci_check=(lambda r: r.ours <= 100) if p == 95 else None,
            notes=[f"{len(e_ours)} edits over {ctx.runs} sessions; JSON server: "
                   f"{len(e_theirs)} edits, p{p} as measured "
                   f"{percentile(e_theirs, p) * ms:.0f} ms"]))
    rows.append(Row(
        f"LSP {n_edit:,} lines: edit -> fresh diagnostics p95 after the default 200 ms debounce",
        "ms", percentile(e_default, 95) * ms - default_ms, None, target="<= 50 ms",
        check=lambda r: r.ours <= 50,
        notes=[f"{len(e_default)} edits; as measured p95 {percentile(e_default, 95) * ms:.0f} ms,"
               f" p50 {percentile(e_default, 50) * ms:.0f} ms"]))
    for attr, what in (("hover_concept", "a concept (label)"), ("hover_path", "an image path")):
        rows.append(Row(
            f"LSP {n_edit:,} lines: hover on {what} p95", "ms", percentile(pool(mine, attr), 95) * ms,
            None, "vscode-json-languageserver", percentile(pool(theirs, attr), 95) * ms, None,
            target="<= 5 ms", check=lambda r: r.ours <= 5,
            ci_text="<= 20 ms", ci_check=lambda r: r.ours <= 20,
            notes=[f"{len(pool(mine, attr))} hovers; p50 "
                   f"{percentile(pool(mine, attr), 50) * ms:.1f} ms"]))
    rss_edit = median([r.rss_mib for r in mine])
    rss_edit_peer = median([r.rss_mib for r in theirs])

    ctx.log(f"LSP: opening a {n_open:,}-line manifest ({ctx.runs} times each)")
    peer_open = json_server(npm_dir, open_data / "json" / "schema.json")
    opened, opened_peer = [], []
    for run in range(ctx.runs):
        opened.append(open_big(ours_default, open_data / "lsp" / "metadata.jsonl", log))
        opened_peer.append(attempt(open_big, peer_open, open_data / "json" / "manifest.json", log)
                           or OpenResult(math.nan, math.nan, math.nan, -1))
        ctx.log(f"  run {run + 1}: conceptlint {opened[-1].open_s:.2f} s "
                f"({opened[-1].findings} findings, RSS {opened[-1].rss_mib:.0f} MiB); JSON server "
                f"{opened_peer[-1].open_s:.2f} s ({opened_peer[-1].findings} findings, RSS "
                f"{opened_peer[-1].rss_mib:.0f} MiB)")
    size_mib = (open_data / "lsp" / "metadata.jsonl").stat().st_size / 2**20
    peer_size_mib = (open_data / "json" / "manifest.json").stat().st_size / 2**20
    rss = median([o.rss_mib for o in opened])
    rss_peer = median([o.rss_mib for o in opened_peer])
    agree = (f"findings: conceptlint {opened[0].findings} unknown-concept, JSON server "
             f"{opened_peer[0].findings} schema errors")
    rows.append(Row(
        f"LSP: open a {n_open:,}-line manifest -> first diagnostics", "s",
        median([o.open_s for o in opened]), largest([o.hwm_mib for o in opened]),
        "vscode-json-languageserver (same data as one JSON file), after its 500 ms delay",
        median([o.open_s for o in opened_peer]) - JSON_SERVER_DELAY_S,
        largest([o.hwm_mib for o in opened_peer]),
        target="<= 2 s, >= 5x", check=lambda r: r.ours <= 2 and r.ratio >= 5,
        ci_text="ratio >= 1.0x", ci_check=lambda r: r.ratio >= 1.0,
        notes=[agree, "peak = the server's VmHWM"] + failures))
    rows.append(Row(
        f"LSP: server memory with the {n_open:,}-line manifest open (RSS / file size)", "x",
        rss / size_mib, rss, "vscode-json-languageserver (RSS / its file's size)",
        rss_peer / peer_size_mib, rss_peer, target="<= 3x", check=lambda r: r.ours <= 3,
        ci_text="ratio >= 0.7x", ci_check=lambda r: r.ratio >= 0.7,
        notes=[f"file {size_mib:.1f} MiB (JSON: {peer_size_mib:.1f} MiB); with the "
               f"{n_edit:,}-line manifest open after the edits: conceptlint {rss_edit:.0f} MiB,"
               f" JSON server {rss_edit_peer:.0f} MiB"]))
    return rows
