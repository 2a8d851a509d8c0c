"""A small JSON-RPC client for language servers over stdio, the same for every server measured.

One reader thread parses `Content-Length` frames as they arrive and stamps each with the time
it was read; requests from the server are answered at once (with null: the client declares no capability
that asks for more), so the server never waits on the client. The
benchmark thread sends and waits with timeouts: nothing here blocks without a bound.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable


class LspError(Exception):
    pass


class Client:
    def __init__(self, cmd: list[str], *, cwd: Path | None = None, log: Path | None = None,
                 env: dict | None = None):
        self.log = open(log, "ab") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, env=env)
        self.next_id = 0
        self.cond = threading.Condition()
        self.responses: dict[int, tuple[float, dict]] = {}
        # publishDiagnostics params per URI, in arrival order, with their arrival times.
        self.diagnostics: dict[str, list[tuple[float, dict]]] = {}
        self.closed = False
        self.write_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read_loop, daemon=True)
        self.reader.start()

    # ---- wire ----------------------------------------------------------------------------

    def _send(self, msg: dict) -> float:
        body = json.dumps(msg).encode()
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.write_lock:
            sent = time.perf_counter()
            self.proc.stdin.write(frame)
            self.proc.stdin.flush()
        return sent

    def _read_loop(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                if length is None:
                    raise LspError("a frame without Content-Length")
                body = out.read(length)
                arrived = time.perf_counter()
                self._dispatch(json.loads(body), arrived)
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def _dispatch(self, msg: dict, arrived: float) -> None:
        if "method" in msg and "id" in msg:
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            return
        with self.cond:
            if "id" in msg:
                self.responses[msg["id"]] = (arrived, msg)
            elif msg.get("method") == "textDocument/publishDiagnostics":
                uri = msg["params"]["uri"]
                self.diagnostics.setdefault(uri, []).append((arrived, msg["params"]))
            self.cond.notify_all()

    # ---- requests and notifications -----------------------------------------------------

    def notify(self, method: str, params: Any) -> float:
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> tuple[float, Any]:
        """Sends a request; (seconds until its response arrived, its result)."""
        self.next_id += 1
        rid = self.next_id
        sent = self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        arrived, msg = self.wait(lambda: self.responses.pop(rid, None), timeout, method)
        if "error" in msg:
            raise LspError(f"{method}: {msg['error']}")
        return arrived - sent, msg.get("result")

    def wait(self, found: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                value = found()
                if value is not None:
                    return value
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise LspError(f"timed out after {timeout} s waiting for {what}")
                if self.closed:
                    raise LspError(f"the server exited while waiting for {what}")
                self.cond.wait(min(left, 1.0))

    def diagnostics_after(self, uri: str, after: float, accept: Callable[[dict], bool],
                          timeout: float) -> tuple[float, dict]:
        """The first publishDiagnostics of `uri` that arrived after `after` and is accepted."""
        def found():
            for arrived, params in self.diagnostics.get(uri, []):
                if arrived >= after and accept(params):
                    return arrived, params
            return None
        return self.wait(found, timeout, f"diagnostics of {uri}")

    # ---- life cycle ---------------------------------------------------------------------

    def initialize(self, root: Path, init_options: Any = None, timeout: float = 60) -> dict:
        caps = {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"dynamicRegistration": False},
                "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
            },
        }
        _, result = self.request("initialize", {
            "processId": None,
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": caps,
            "initializationOptions": init_options,
        }, timeout)
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str) -> tuple[str, float]:
        uri = path.resolve().as_uri()
        sent = self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": text}})
        return uri, sent

    def change(self, uri: str, version: int, line: int, start: int, end: int, new: str) -> float:
        rng = {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}
        return self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": rng, "text": new}]})

    def rss_mib(self) -> tuple[float, float]:
        """(VmRSS, VmHWM) of the server process now, in MiB."""
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
        return fields.get("VmRSS", float("nan")), fields.get("VmHWM", float("nan"))

    def shutdown(self) -> None:
        try:
            if not self.closed:
                self.request("shutdown", None, timeout=30)
                self.notify("exit", None)
                self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        finally:
            if self.log is not subprocess.DEVNULL:
                self.log.close()
