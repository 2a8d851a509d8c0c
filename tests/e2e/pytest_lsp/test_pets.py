"""The example dataset through `conceptlint server`, as Neovim 0.11, VS Code and Emacs speak."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from helpers import (
    apply_edits,
    codes,
    diagnostics,
    encoding,
    open_file,
    position_of,
    pulls,
)

# (0-based line, rule) of every finding in metadata.csv (examples/pets/README.md, 1-based there).
METADATA_FINDINGS = [
    (7, "small-image"),
    (129, "unreadable-image"),
    (130, "duplicate-input"),
    (143, "small-image"),
    (191, "unknown-concept"),
    (192, "unreadable-image"),
    (193, "exclusive-violation"),
    (214, "small-image"),
    (249, "image-not-found"),
    (250, "path-outside-root"),
]
DGO_LINE = 191  # images/dog/dog_061.png,dgo


def has_unknown_concept(diags) -> bool:
    return any(d.code == "unknown-concept" for d in diags)


def negotiated(client: LanguageClient) -> tuple[str, bool]:
    info = client.init_result.server_info
    assert info is not None and info.name == "conceptlint"
    return encoding(client), pulls(client)


async def test_negotiation_follows_the_client(client: LanguageClient):
    """UTF-8 where offered, else UTF-16; pull diagnostics only where the client declares them
    and can be asked to pull again (workspace/diagnostic/refresh)."""
    caps = client.capabilities
    offered = (caps.general and caps.general.position_encodings) or []
    refresh = bool(caps.workspace and caps.workspace.diagnostics and caps.workspace.diagnostics.refresh_support)
    declared_pull = caps.text_document.diagnostic is not None and refresh
    enc, pull = negotiated(client)
    assert enc == ("utf-8" if "utf-8" in offered else "utf-16")
    assert pull == declared_pull
    # File watchers are registered only with clients that declared dynamic registration
    # (Neovim 0.11 on Linux does not).
    watched = caps.workspace.did_change_watched_files
    await diagnostics(client, open_file(client, client.pets / "labels.txt"), lambda ds: len(ds) > 0)
    methods = [r.method for r in client.registrations]
    if watched and watched.dynamic_registration:
        assert methods == ["workspace/didChangeWatchedFiles"]
    else:
        assert methods == []
    sync = client.init_result.capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.open_close


async def test_every_finding_arrives(client: LanguageClient):
    metadata = client.pets / "metadata.csv"
    uri = open_file(client, metadata)
    # The cheap analysis comes first; image findings follow once headers are probed.
    diags = await diagnostics(client, uri, lambda ds: codes(ds) == METADATA_FINDINGS)
    assert all(d.source == "conceptlint" for d in diags)
    dgo = next(d for d in diags if d.code == "unknown-concept")
    assert dgo.range == types.Range(
        start=types.Position(line=DGO_LINE, character=23),
        end=types.Position(line=DGO_LINE, character=26),
    )
    assert dgo.severity == types.DiagnosticSeverity.Error
    assert "did you mean 'dog'" in dgo.message

    labels = client.pets / "labels.txt"
    labels_uri = open_file(client, labels)
    label_diags = await diagnostics(
        client, labels_uri, lambda ds: {"too-few-inputs", "class-imbalance"} <= {d.code for d in ds}
    )
    rabbit = next(d for d in label_diags if d.code == "too-few-inputs")
    assert rabbit.range.start.line == 3
    assert "'rabbit' has 12 inputs" in rabbit.message


async def test_hover_on_concepts_and_images(client: LanguageClient):
    metadata = client.pets / "metadata.csv"
    uri = open_file(client, metadata)
    await diagnostics(client, uri, has_unknown_concept)

    pos = position_of(metadata, "images/cat/cat_001.png,cat", "cat")
    assert pos.character == 23
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**cat**")
    assert "| inputs | 131 (" in hover.contents.value

    labels = client.pets / "labels.txt"
    labels_uri = open_file(client, labels)
    await diagnostics(client, labels_uri, lambda ds: len(ds) > 0)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=labels_uri),
            position=types.Position(line=3, character=2),
        )
    )
    assert hover is not None
    assert hover.contents.value.startswith("**rabbit**")
    assert "| inputs | 12 (" in hover.contents.value
    assert "`too-few-inputs`" in hover.contents.value

    # An image path: its header facts once probed.
    await diagnostics(client, uri, lambda ds: codes(ds) == METADATA_FINDINGS)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=7, character=5),  # images/cat/cat_007.png
        )
    )
    assert hover is not None
    assert "256 x 256 px" in hover.contents.value


async def test_quick_fix_replaces_the_misspelled_concept(client: LanguageClient):
    metadata = client.pets / "metadata.csv"
    uri = open_file(client, metadata)
    diags = await diagnostics(client, uri, has_unknown_concept)
    dgo = next(d for d in diags if d.code == "unknown-concept")

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=dgo.range,
            context=types.CodeActionContext(diagnostics=[dgo]),
        )
    )
    titles = [a.title for a in actions]
    assert "Replace 'dgo' with 'dog'" in titles, titles
    assert "Explain rule unknown-concept (CL006)" in titles, titles
    fix = next(a for a in actions if a.title == "Replace 'dgo' with 'dog'")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred
    edits = fix.edit.changes[uri]

    # Apply it as the editor would: change the buffer, send the same edits as an incremental
    # change, and the finding goes away.
    before = metadata.read_text(encoding="utf-8")
    after = apply_edits(before, edits, encoding(client))
    assert after.splitlines()[DGO_LINE] == "images/dog/dog_061.png,dog"
    assert after.replace("dog_061.png,dog", "dog_061.png,dgo") == before
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                for e in edits
            ],
        )
    )
    await diagnostics(client, uri, lambda ds: not has_unknown_concept(ds) and len(ds) > 0)


async def test_completion_offers_the_declared_concepts(client: LanguageClient):
    metadata = client.pets / "metadata.csv"
    uri = open_file(client, metadata)
    await diagnostics(client, uri, has_unknown_concept)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=DGO_LINE, character=24),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert sorted(i.label for i in items) == ["bird", "cat", "dog", "rabbit"]
    dog = next(i for i in items if i.label == "dog")
    assert dog.text_edit.range == types.Range(
        start=types.Position(line=DGO_LINE, character=23),
        end=types.Position(line=DGO_LINE, character=26),
    )


async def test_definition_and_references_lead_to_labels_txt(client: LanguageClient):
    metadata = client.pets / "metadata.csv"
    uri = open_file(client, metadata)
    await diagnostics(client, uri, has_unknown_concept)
    pos = position_of(metadata, "images/dog/dog_001.png,dog", "dog")
    pos = types.Position(line=pos.line, character=pos.character + 1)  # inside the word
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    locations = result if isinstance(result, list) else [result]
    labels_uri = (client.pets / "labels.txt").as_uri()
    assert [(loc.uri, loc.range) for loc in locations] == [
        (
            labels_uri,
            types.Range(
                start=types.Position(line=1, character=0), end=types.Position(line=1, character=3)
            ),
        )
    ]

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=pos,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    # 62 rows carry dog (README: `cat;dog` counts for both) plus its declaration.
    assert len(refs) == 63
    assert sum(1 for r in refs if r.uri == labels_uri) == 1


async def test_first_pull_after_a_configuration_change_is_complete(client: LanguageClient):
    """What Neovim 0.11 sends on attach: didChangeConfiguration, didOpen, then at once the
    first pull (and no other until the next edit): its answer must carry the findings."""
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"conceptlint": {}})
    )
    uri = open_file(client, client.pets / "metadata.csv")
    if pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert has_unknown_concept(report.items), report
    else:
        await diagnostics(client, uri, has_unknown_concept)
