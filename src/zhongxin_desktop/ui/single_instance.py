"""One app per data folder: the first start holds the folder's lock file and listens on a local
socket; a second start asks the first to bring its window forward, or says the folder is in use
(when the holder is not reachable, e.g. another user's session or another PC on a network share)."""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.folder_lock import FolderLock


def server_name(data: DataDir) -> str:
    return "zhongxin-" + hashlib.sha1(str(data.root).encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, data: DataDir, parent: QObject | None = None):
        super().__init__(parent)
        self.data = data
        self.lock = FolderLock(data)
        self.name = server_name(data)
        self.server: QLocalServer | None = None
        self.window: QWidget | None = None

    def claim(self) -> bool:
        """True when this is the first instance (the folder is now ours)."""
        if not self.lock.acquire():
            return False
        QLocalServer.removeServer(self.name)  # left over by a killed first instance
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(self.name)
        self.server.newConnection.connect(self._on_connection)
        return True

    def holder(self) -> str:
        return self.lock.holder()

    def ask_first_to_raise(self, timeout_ms: int = 2000) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(b"raise\n")
        while socket.bytesToWrite() > 0 and socket.waitForBytesWritten(timeout_ms):
            pass
        socket.disconnectFromServer()
        return True  # connected: the first instance is alive and has been asked

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.disconnected.connect(conn.deleteLater)
        self.bring_forward()

    def bring_forward(self) -> None:
        window = self.window
        if window is not None:
            if window.isMinimized():
                window.showNormal()
            window.show()
            window.raise_()
            window.activateWindow()
        self.raise_requested.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.release()
