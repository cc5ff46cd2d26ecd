"""The LSP wiring (pygls): which notifications and requests the server answers, and with
what. The work is elsewhere: smlint.server.open_documents (the open documents, when to lint),
smlint.server.actions, smlint.server.hover."""

from __future__ import annotations

import asyncio
import os
import sys
from functools import partial

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .. import __version__
from . import actions, hover
from .open_documents import Session
from .worker import Engine

PARENT_POLL = 3.0  # seconds between checks that the editor that started us still lives


class _Client:
    """What the session says to the editor."""

    def __init__(self, server: LanguageServer):
        self.server = server

    def publish(self, uri: str, version, diagnostics: list) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def log(self, kind: types.MessageType, message: str) -> None:
        self.server.window_log_message(types.LogMessageParams(type=kind, message=message))


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, with each handler's future forgotten once done. pygls 2.1 keeps the
    future of every notification (and of every step of its built-in handlers) under a fresh
    id that nothing removes: two per keystroke, a leak over a long session (measured:
    benchmarks/RESULTS.md). A request's own entry is removed by pygls when it answers; one
    that is done can no longer be cancelled, so forgetting it changes nothing else."""

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(partial(self._forget, msg_id))

    def _forget(self, msg_id, future) -> None:
        # (a cancelled one: pygls cancels them while it iterates over them, at shutdown)
        if not future.cancelled() and self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args):
        """Exit at once: 0 after a shutdown request, 1 without one (the LSP's codes). Not
        through pygls's own exit, which waits for its reader of standard input (blocked in a
        read that may never end), nor the interpreter's, which waits for the lint processes
        (they end by themselves once this process is gone: smlint.server.worker)."""
        _exit(self._server, 0 if getattr(self._server, "smlint_shut_down", False) else 1)


def build(engine=None) -> LanguageServer:
    server = LanguageServer(
        "smlint",
        __version__,
        text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        protocol_cls=_Protocol,
    )
    engine = engine or Engine()
    session = Session(_Client(server), engine)
    server.smlint_session = session  # (for the tests and the benchmark)
    server.smlint_shut_down = False

    def text_of(uri: str) -> str:
        return server.workspace.get_text_document(uri).source

    @server.feature(types.INITIALIZED)
    async def initialized(ls: LanguageServer, params: types.InitializedParams):
        session.encoding = ls.workspace.position_encoding or types.PositionEncodingKind.Utf16
        if ls.process_id:
            session._spawn(_watch_parent(ls, ls.process_id))
        _watch_files(ls)
        roots = [f.uri for f in (ls.workspace.folders or {}).values()] or (
            [ls.workspace.root_uri] if ls.workspace.root_uri else []
        )
        from .diagnostics import path_of

        await session.scan_workspace([p for p in map(path_of, roots) if p])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        session.opened(item.uri, text_of(item.uri), item.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        session.changed(uri, text_of(uri), params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        session.saved(uri, text_of(uri) if uri in session.docs else None)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams):
        session.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: LanguageServer, params: types.DidChangeWatchedFilesParams):
        from .diagnostics import path_of

        paths = [p for p in (path_of(c.uri) for c in params.changes) if p]
        if paths:
            session.files_changed(paths)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.SourceFixAll,
                actions.FIX_ALL,
            ],
            resolve_provider=True,
        ),
    )
    async def code_action(ls: LanguageServer, params: types.CodeActionParams):
        doc = session.docs.get(params.text_document.uri)
        if doc is None:
            return None
        try:
            return (
                await actions.code_actions(
                    doc, params, engine, session.records_for(doc.path), _resolves_edits(ls)
                )
                or None
            )
        except Exception as exc:  # noqa: BLE001 - never a dead server
            session.client.log(types.MessageType.Error, f"smlint: internal error in code actions: {exc}")
            return None

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: LanguageServer, action: types.CodeAction):
        try:
            return await actions.resolve(action, session.docs, engine, session.records_for)
        except Exception as exc:  # noqa: BLE001 - never a dead server
            session.client.log(
                types.MessageType.Error, f"smlint: internal error resolving a code action: {exc}"
            )
            return action

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: LanguageServer, params: types.HoverParams):
        doc = session.docs.get(params.text_document.uri)
        if doc is None:
            return None
        try:
            return await hover.hover(doc, params.position, engine, list(session.docs.values()))
        except Exception as exc:  # noqa: BLE001 - never a dead server
            session.client.log(types.MessageType.Error, f"smlint: internal error in hover: {exc}")
            return None

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=['"', "'", " "])
    )
    async def on_completion(ls: LanguageServer, params: types.CompletionParams):
        doc = session.docs.get(params.text_document.uri)
        if doc is None:
            return None
        try:
            return await hover.completion(doc, params.position, engine)
        except Exception as exc:  # noqa: BLE001 - never a dead server
            session.client.log(types.MessageType.Error, f"smlint: internal error in completion: {exc}")
            return None

    @server.feature(types.SHUTDOWN)
    def on_shutdown(ls: LanguageServer, params):
        server.smlint_shut_down = True
        session.close()
        engine.close()

    return server


def _resolves_edits(ls: LanguageServer) -> bool:
    text = ls.client_capabilities.text_document
    code_action = text.code_action if text else None
    support = code_action.resolve_support if code_action else None
    return bool(support and "edit" in support.properties)


def _watch_files(ls: LanguageServer) -> None:
    """Ask the editor to say when files change on disk (when it can register watchers):
    endpoint configs defined elsewhere, config files."""
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps else None
    if not (watched and watched.dynamic_registration):
        return
    ls.client_register_capability(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="smlint-watch",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern="**/*")]
                    ),
                )
            ]
        )
    )


async def _watch_parent(ls: LanguageServer, pid: int) -> None:
    """Exit when the editor is gone (its pipe may be held open by another process)."""
    while True:
        await asyncio.sleep(PARENT_POLL)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            ls.smlint_session.engine.close()
            os._exit(0)
        except PermissionError:  # (alive, another user's)
            pass


def _exit(server, code: int) -> None:
    try:
        server.smlint_session.close()
        server.smlint_session.engine.close()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def serve() -> None:
    """Serve until ``exit``, or until standard input ends (the editor is gone: exit code 0)."""
    server = build()
    try:
        server.start_io()
    finally:
        _exit(server, 0)
