"""pytest-lsp against `conceptlint server`, speaking as recorded real clients.

Each test runs once per recorded client (pytest-lsp ships their `initialize` capabilities):
Neovim 0.11 (pull diagnostics, UTF-8 positions), VS Code 1.65 (push, UTF-16), Emacs eglot 29
(push, UTF-8). The server is the built binary: `$CONCEPTLINT_BIN`, else `conceptlint` on PATH,
else `target/debug/conceptlint`. Every test works on its own copy of `examples/pets`.
"""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import (
    ClientServerConfig,
    LanguageClient,
    client_capabilities,
    make_test_lsp_client,
)

REPO = pathlib.Path(__file__).resolve().parents[3]
PETS = REPO / "examples" / "pets"

# The recorded clients (names as pytest-lsp spells them; see pytest_lsp/clients/).
CLIENTS = ["neovim@v0.11.0", "visual_studio_code@v1.65.2", "emacs@v29.1"]


def server_binary() -> str:
    explicit = os.environ.get("CONCEPTLINT_BIN")
    if explicit:
        return explicit
    on_path = shutil.which("conceptlint")
    if on_path:
        return on_path
    built = REPO / "target" / "debug" / "conceptlint"
    if not built.exists():
        raise RuntimeError(f"no conceptlint binary: run `cargo build` first ({built})")
    return str(built)


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus what the recorded editors do with dynamic registration: accept
    it (the server asks only clients that declared it) and remember what was registered."""
    client = make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)

    return client


@pytest.fixture
def pets(tmp_path: pathlib.Path) -> pathlib.Path:
    """A private copy of the example dataset (the image cache and edits stay in it)."""
    root = tmp_path / "pets"
    shutil.copytree(PETS, root, ignore=shutil.ignore_patterns(".conceptlint_cache"))
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[server_binary(), "server"],
        client_factory=make_client,
        server_env={**os.environ, "CONCEPTLINT_LOG": "warn"},
    ),
    params=CLIENTS,
    ids=[c.split("@")[0] for c in CLIENTS],
)
async def client(lsp_client: LanguageClient, request, pets: pathlib.Path):
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=pets.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=pets.as_uri(), name="pets")],
    )
    lsp_client.init_result = await lsp_client.initialize_session(params)
    lsp_client.pets = pets
    yield
    await lsp_client.shutdown_session()
