"""The job queue of the embedded default: Huey on a SQLite file under var/.

Huey's SQLite storage leaves SQLite's default ``synchronous=FULL``, which in
WAL mode waits for the disk on every commit: each job queued by a page (the
outbox's "deliver soon", a notification's mail) held the request for ~0.4 ms
of fsync. The queue now runs as the embedded database does
(``PRAGMA synchronous=NORMAL``, settings.DATABASES): in WAL mode a commit
survives the process being killed and the file is never corrupted; only the
last moments may be lost if the machine itself loses power — as for the
database beside it. Durable work is in the database anyway (outbox rows,
webhook deliveries), which the periodic sweeps pick up again.
"""

from __future__ import annotations

import sqlite3

from huey import SqliteHuey as _SqliteHuey
from huey.storage import SqliteStorage as _SqliteStorage

NORMAL = 1


class SqliteStorage(_SqliteStorage):
    def _create_connection(self) -> sqlite3.Connection:
        conn = super()._create_connection()
        conn.execute(f"PRAGMA synchronous={NORMAL}")
        return conn


class SqliteHuey(_SqliteHuey):
    storage_class = SqliteStorage
