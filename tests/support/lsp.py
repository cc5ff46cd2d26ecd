"""A test client: the real ``smlint server`` in a child process, driven over standard input
and output by pygls's own LanguageClient, on one event loop per client."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 30.0  # seconds: a test that waits longer has failed (never a timing assertion)


class Client:
    def __init__(
        self, root: Path, capabilities: types.ClientCapabilities | None = None, env=None, process_id=None
    ):
        self.root = Path(root)
        self.loop = asyncio.new_event_loop()
        self.lsp = LanguageClient("smlint-tests", "0")
        self.published: dict = {}  # uri -> [PublishDiagnosticsParams], in order
        self.logs: list = []
        self._changed = asyncio.Event()
        self.capabilities = capabilities or types.ClientCapabilities()
        self.env = env
        self.process_id = process_id or os.getpid()

        @self.lsp.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams):
            self.published.setdefault(params.uri, []).append(params)
            self._changed.set()

        @self.lsp.feature(types.WINDOW_LOG_MESSAGE)
        def _logged(params: types.LogMessageParams):
            self.logs.append(params)
            self._changed.set()

    def run(self, coro, timeout: float = TIMEOUT):
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))

    def start(self, *extra_args: str) -> types.InitializeResult:
        env = dict(os.environ, **(self.env or {}))
        self.run(
            self.lsp.start_io(sys.executable, "-m", "smlint", "server", *extra_args, cwd=self.root, env=env)
        )
        result = self.run(
            self.lsp.initialize_async(
                types.InitializeParams(
                    capabilities=self.capabilities,
                    process_id=self.process_id,
                    root_uri=self.root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(self.root.as_uri(), "root")],
                )
            )
        )
        self.lsp.initialized(types.InitializedParams())
        return result

    def stop(self) -> int | None:
        """shutdown, exit; the server's exit code."""
        server = self.lsp._server
        if server is not None and server.returncode is None:
            try:
                self.run(self.lsp.shutdown_async(None), 10)
                self.lsp.exit(None)
            except Exception:  # noqa: BLE001 - already gone
                pass
            try:
                self.run(server.wait(), 10)
            except (asyncio.TimeoutError, TimeoutError):
                server.kill()
                self.run(server.wait(), 10)
        self.run(self.lsp.stop(), 10)
        self.loop.close()
        return server.returncode if server is not None else None

    # -- documents ------------------------------------------------------------------------

    def uri(self, name: str) -> str:
        return (self.root / name).resolve().as_uri()

    def open(self, name: str, text: str | None = None, language: str = "plaintext", version: int = 1) -> str:
        uri = self.uri(name)
        if text is None:
            text = (self.root / name).read_text(encoding="utf-8")
        self.lsp.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, version, text))
        )
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )

    def save(self, uri: str) -> None:
        self.lsp.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))

    def diagnostics(self, uri: str, version=None, after: int = 0) -> list:
        """The diagnostics of the next publication for ``uri`` (past the first ``after``; of
        ``version`` when given): waits for it."""

        async def wait():
            while True:
                for params in self.published.get(uri, [])[after:]:
                    if version is None or params.version == version:
                        return list(params.diagnostics)
                self._changed.clear()
                await self._changed.wait()

        return self.run(wait())

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    def wait_log(self, text: str) -> types.LogMessageParams:
        async def wait():
            while True:
                for params in self.logs:
                    if text in params.message:
                        return params
                self._changed.clear()
                await self._changed.wait()

        return self.run(wait())

    def hover(self, uri: str, line: int, character: int):
        return self.run(
            self.lsp.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
            )
        )

    def code_actions(self, uri: str, rng: types.Range, diagnostics=(), only=None) -> list:
        return (
            self.run(
                self.lsp.text_document_code_action_async(
                    types.CodeActionParams(
                        types.TextDocumentIdentifier(uri),
                        rng,
                        types.CodeActionContext(diagnostics=list(diagnostics), only=only),
                    )
                )
            )
            or []
        )


def apply(text: str, edits) -> str:
    """``text`` with LSP TextEdits applied (UTF-16 positions): what an editor does."""
    lines = text.splitlines(keepends=True) or [""]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos: types.Position) -> int:
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return starts[pos.line] + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return starts[min(pos.line, len(lines))] + len(line.rstrip("\r\n"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text
