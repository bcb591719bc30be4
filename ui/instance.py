"""One window per library: a second ``gloss open ID`` hands its request to the running one,
and a ``gloss`` command that writes runs through it.

The running window listens on a QLocalServer whose name is derived from the data dir;
a second process that finds the library locked connects and sends one JSON line:
``{"article_id": ..., "highlight_id": ...}`` (the window raises itself and opens the
article), or ``{"argv": [...], "cwd": ...}`` from the command line (the window runs the
command on its library and streams its output back: :mod:`reader.cli.remote`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader import Library, run_in_library, socket_name

from .workers import run_in_background

TIMEOUT_MS = 2000


def server_name(data_dir: Path) -> str:
    return socket_name(data_dir)


def forward(data_dir: Path, article_id: str | None, highlight_id: str | None) -> bool:
    """Send the request to the running Gloss of ``data_dir``; False if none answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    payload = json.dumps({"article_id": article_id, "highlight_id": highlight_id}) + "\n"
    socket.write(payload.encode("utf-8"))
    socket.waitForBytesWritten(TIMEOUT_MS)
    # Wait for the running one's acknowledgement so we exit only once it has the request
    # (it may already be buffered: waitForBytesWritten also reads).
    reply = b""
    while b"\n" not in reply:
        if not socket.bytesAvailable() and not socket.waitForReadyRead(TIMEOUT_MS):
            break
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return reply.startswith(b"ok")


class InstanceServer(QObject):
    """Listens for requests from later launches; emits ``requested(article_id, highlight_id)``."""

    requested = Signal(object, object)
    # A command line to run (its socket, argv, working folder); see serve_commands.
    commandRequested = Signal(object, object, str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A stale socket file from a crashed Gloss (we hold the library lock, so it is stale).
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        buf = self._buffers.setdefault(socket, bytearray())
        buf.extend(bytes(socket.readAll().data()))
        if b"\n" not in buf or len(buf) > 64_000:
            if len(buf) > 64_000:
                socket.abort()
            return
        line = bytes(buf).split(b"\n", 1)[0]
        try:
            message: Any = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            message = {}
        if not isinstance(message, dict):
            message = {}
        argv = message.get("argv")
        if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
            cwd = message.get("cwd")
            self.commandRequested.emit(socket, argv, cwd if isinstance(cwd, str) else "/")
            return
        socket.write(b"ok\n")
        socket.flush()
        aid, hid = message.get("article_id"), message.get("highlight_id")
        self.requested.emit(aid if isinstance(aid, str) else None, hid if isinstance(hid, str) else None)


def on_request(server: InstanceServer, handler: Callable[[str | None, str | None], None]) -> None:
    server.requested.connect(handler)


class _Output(QObject):
    """Carries a command's output from its worker thread to the GUI thread's socket."""

    text = Signal(str, str)


def serve_commands(server: InstanceServer, library: Library, changed: Callable[[], None]) -> None:
    """Run the command lines later launches send (see :mod:`reader.cli.remote`) on ``library``,
    off the GUI thread, streaming their output back; ``changed()`` after each, on the GUI thread."""

    def send(socket: QLocalSocket, message: dict[str, Any]) -> None:
        if shiboken6.isValid(socket) and socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            socket.write((json.dumps(message) + "\n").encode("utf-8"))
            socket.flush()

    def start(socket: QLocalSocket, argv: list[str], cwd: str) -> None:
        output = _Output(server)
        output.text.connect(lambda kind, text: send(socket, {kind: text}))

        def finished(code: object) -> None:
            send(socket, {"exit": code if isinstance(code, int) else 1})
            output.deleteLater()
            changed()

        def failed(exc: BaseException) -> None:
            send(socket, {"err": f"gloss: the window could not run it: {exc}\n"})
            finished(1)

        run_in_background(lambda: run_in_library(argv, cwd, library, output.text.emit), finished, failed, owner=server)

    server.commandRequested.connect(start)
