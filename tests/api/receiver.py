"""A real HTTP receiver on 127.0.0.1 for the webhook tests."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: Any  # case-insensitive, as HTTP headers are
    body: bytes


@dataclass
class Receiver:
    """Answers every POST with ``status`` and keeps what it received.

    ``keep_alive`` answers in HTTP/1.1 and keeps the connection open between
    posts (most servers do); ``drop_after`` then closes it after each answer
    anyway, as a server does when an idle connection times out."""

    status: int = 200
    keep_alive: bool = False
    drop_after: bool = False
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    server: ThreadingHTTPServer | None = None
    dropped: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if self.keep_alive else "HTTP/1.0"
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                receiver.connections += 1

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                receiver.received.append(
                    Received(self.path, self.headers, self.rfile.read(length))
                )
                answer = b"ok" if receiver.status < 300 else b"boom" * 2000
                self.send_response(receiver.status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                if receiver.drop_after:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    receiver.dropped.set()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
