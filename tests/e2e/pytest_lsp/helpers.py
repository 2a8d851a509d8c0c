"""What a real client does around the requests: open files, collect diagnostics (pushed or
pulled, as the negotiated capabilities say), apply text edits in the negotiated encoding."""

from __future__ import annotations

import asyncio
import pathlib
import time
from collections.abc import Callable, Sequence

from lsprotocol import types
from pytest_lsp import LanguageClient

LANGUAGE_IDS = {".csv": "csv", ".txt": "plaintext", ".jsonl": "jsonl", ".toml": "toml"}

Predicate = Callable[[Sequence[types.Diagnostic]], bool]


def open_file(client: LanguageClient, path: pathlib.Path, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id=LANGUAGE_IDS.get(path.suffix, "plaintext"),
                version=version,
                text=path.read_text(encoding="utf-8"),
            )
        )
    )
    return uri


def pulls(client: LanguageClient) -> bool:
    """Whether diagnostics are pulled: the client declared textDocument.diagnostic and the
    server answered with a diagnosticProvider."""
    caps = client.capabilities
    declared = caps is not None and caps.text_document is not None and (
        caps.text_document.diagnostic is not None
    )
    return declared and client.init_result.capabilities.diagnostic_provider is not None


async def diagnostics(
    client: LanguageClient, uri: str, until: Predicate, timeout: float = 30.0
) -> Sequence[types.Diagnostic]:
    """The file's diagnostics once `until` holds for them (pushed: the last published set;
    pulled: a fresh `textDocument/diagnostic` report). Fails after `timeout` seconds with the
    last set seen."""
    deadline = time.monotonic() + timeout
    last: Sequence[types.Diagnostic] = []
    while True:
        if pulls(client):
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(
                    text_document=types.TextDocumentIdentifier(uri=uri)
                )
            )
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport), report
            last = report.items
        else:
            last = client.diagnostics.get(uri, [])
        if until(last):
            return last
        if time.monotonic() > deadline:
            summary = "\n".join(f"  {d.range.start.line}: {d.code} {d.message}" for d in last)
            raise AssertionError(f"diagnostics of {uri} never matched; last seen:\n{summary}")
        await asyncio.sleep(0.1)


def codes(diags: Sequence[types.Diagnostic]) -> list[tuple[int, str]]:
    """(0-based line, rule) of each diagnostic, sorted."""
    return sorted((d.range.start.line, str(d.code)) for d in diags)


def encoding(client: LanguageClient) -> str:
    return client.init_result.capabilities.position_encoding or "utf-16"


def _offset(text: str, pos: types.Position, enc: str) -> int:
    """The string index of an LSP position in `text`."""
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character or ch in "\r\n":
            return start + i
        units += {"utf-8": len(ch.encode("utf-8")), "utf-32": 1}.get(
            enc, 2 if ord(ch) > 0xFFFF else 1
        )
    return start + len(line)


def apply_edits(text: str, edits: Sequence[types.TextEdit], enc: str) -> str:
    """Applies non-overlapping edits (the LSP rule: all ranges refer to the original text)."""
    spans = sorted(
        ((_offset(text, e.range.start, enc), _offset(text, e.range.end, enc), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def position_of(path: pathlib.Path, line_text: str, word: str) -> types.Position:
    """The position of the last `word` in the first line equal to `line_text` (ASCII files:
    the label of a manifest row)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line == line_text:
            return types.Position(line=n, character=line.rindex(word))
    raise AssertionError(f"no line {line_text!r} in {path}")
