"""One window per library: a second ``gloss open ID`` hands its request to the running one.

The running window listens on a QLocalServer whose name is derived from the data dir;
a second process that finds the library locked connects, sends one JSON line
(``{"article_id": ..., "highlight_id": ...}``) and exits. The running window raises
itself and opens the article.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 2000


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    user = str(os.getuid()) if hasattr(os, "getuid") else "u"
    return f"gloss-{user}-{digest}"


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
        socket.write(b"ok\n")
        socket.flush()
        aid, hid = message.get("article_id"), message.get("highlight_id")
        self.requested.emit(aid if isinstance(aid, str) else None, hid if isinstance(hid, str) else None)


def on_request(server: InstanceServer, handler: Callable[[str | None, str | None], None]) -> None:
    server.requested.connect(handler)
