import sqlite3
import threading

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connections


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how often a stored password is checked."""

    checks = 0
    _lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with self._lock:
            CountingHasher.checks += 1
        return super().verify(password, encoded)


@pytest.fixture
def password_checks(settings):
    """A callable telling how many stored passwords have been checked since."""
    settings.PASSWORD_HASHERS = ["tests.people.conftest.CountingHasher"]
    CountingHasher.checks = 0
    return lambda: CountingHasher.checks


@pytest.fixture
def threaded_db(committed_db, tmp_path):
    """A committing database that many threads may write at once.

    PostgreSQL is one as it is. SQLite's in-memory test database is not: its
    shared-cache table locks fail at once ("database table is locked") instead
    of waiting as a file does. On SQLite the test therefore runs, main thread
    and every other thread, on a file copy of the test database, opened with
    the project's own options (WAL, IMMEDIATE transactions, busy timeout)."""
    original = connections["default"]
    if original.vendor != "sqlite":
        yield
        return
    original.ensure_connection()
    path = tmp_path / "threads.sqlite3"
    target = sqlite3.connect(path)
    original.connection.backup(target)
    target.close()
    saved = connections.settings["default"]
    connections.settings["default"] = {**saved, "NAME": str(path)}
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = saved
        connections["default"] = original
