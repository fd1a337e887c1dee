"""How a webhook delivery reaches its receiver: the signature, a POST on a
connection pinned to the checked address and kept open per worker thread,
and the answer as the delivery log keeps it."""

from __future__ import annotations

import http.client
import select
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

from agencydesk.core.signing import body_signature

RESPONSE_EXCERPT_BYTES = 2048


# The one signature of bodies (core.signing): pushes are checked with it too.
signature = body_signature


def _nodelay(sock: socket.socket) -> socket.socket:
    # As http.client's own connect() does: headers and body go in two writes,
    # and on a kept connection Nagle's algorithm would hold the body back
    # until the receiver's delayed ACK (40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address the URL check approved (``pinned``), while the
    Host header stays the URL's."""

    pinned: str | None = None

    def connect(self) -> None:
        if self.pinned is None:
            return super().connect()
        self.sock = _nodelay(
            socket.create_connection(
                (self.pinned, self.port), self.timeout, self.source_address
            )
        )
        return None


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same for https: TCP to the checked address, TLS verified against
    the URL's host name."""

    pinned: str | None = None

    def connect(self) -> None:
        if self.pinned is None:
            return super().connect()
        sock = _nodelay(
            socket.create_connection(
                (self.pinned, self.port), self.timeout, self.source_address
            )
        )
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        return None


# Each worker thread keeps its connections to receivers open between
# deliveries (keep-alive): a new TCP (and TLS) connection per event cost more
# than the POST itself. A connection idle longer than KEEP_ALIVE_IDLE is not
# reused: servers drop idle ones after a few seconds (gunicorn after 2), and
# a POST sent on a connection just dropped would fail.
KEEP_ALIVE_IDLE = 1.0
KEEP_ALIVE_MAX = 16  # connections a thread keeps
_kept_connections = threading.local()


def _kept() -> dict[tuple, tuple[http.client.HTTPConnection, float]]:
    try:
        return _kept_connections.pool
    except AttributeError:
        _kept_connections.pool = {}
        return _kept_connections.pool


def _readable(sock: socket.socket) -> bool:
    """Whether an idle kept connection has something to read: the server
    closed it (or sent what it should not have); either way it is not used
    again."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


def _connection(
    scheme: str, netloc: str, pinned: str | None, timeout: float
) -> tuple[tuple, http.client.HTTPConnection]:
    """A kept connection still open, or a new one (not yet connected)."""
    key = (scheme, netloc, pinned, timeout)
    pool, now = _kept(), time.monotonic()
    for other, (connection, since) in list(pool.items()):
        if now - since > KEEP_ALIVE_IDLE:
            del pool[other]
            connection.close()
    found = pool.pop(key, None)
    if found is not None:
        connection = found[0]
        if connection.sock is not None and not _readable(connection.sock):
            return key, connection
        connection.close()
    made = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(netloc, timeout=timeout)
    made.pinned = pinned
    return key, made


def _keep(key: tuple, connection: http.client.HTTPConnection) -> None:
    pool = _kept()
    if len(pool) >= KEEP_ALIVE_MAX:
        oldest = min(pool, key=lambda k: pool[k][1])
        pool.pop(oldest)[0].close()
    pool[key] = (connection, time.monotonic())


@dataclass(frozen=True)
class Answer:
    code: int | None
    body: str
    error: str
    duration_ms: int


def post(
    url: str, body: bytes, headers: dict[str, str], pinned: str | None = None
) -> Answer:
    """POST ``body``; any answer is returned as it is (a redirect is not
    followed), with the first RESPONSE_EXCERPT_BYTES of its body."""
    started = time.monotonic()
    code, excerpt, error = None, b"", ""
    timeout = getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5)
    connection = None
    try:
        # check_url() allowed only http(s) URLs without credentials.
        parts = urllib.parse.urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        key, connection = _connection(parts.scheme, parts.netloc, pinned, timeout)
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        code = response.status
        excerpt = response.read(RESPONSE_EXCERPT_BYTES)
        # Reused only when the answer was read to its end and the server
        # keeps the connection open (http.client closes it otherwise).
        if response.isclosed() and connection.sock is not None:
            _keep(key, connection)
            connection = None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = str(exc) or type(exc).__name__
    finally:
        if connection is not None:
            connection.close()
    return Answer(
        code=code,
        body=excerpt.decode("utf-8", "replace"),
        error=error[:300],
        duration_ms=int((time.monotonic() - started) * 1000),
    )
