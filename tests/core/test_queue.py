"""The embedded job queue keeps what it was given, without waiting for the
disk on every job (core.queue)."""

from agencydesk.core.queue import NORMAL, SqliteHuey


def test_a_queued_job_is_kept_across_reopening_and_commits_do_not_fsync(tmp_path):
    path = str(tmp_path / "huey.sqlite3")
    first = SqliteHuey("agencydesk", filename=path)

    first.storage.enqueue(b"deliver soon")
    conn = first.storage.conn
    synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    first.storage.close()
    again = SqliteHuey("agencydesk", filename=path)

    assert (synchronous, journal) == (NORMAL, "wal")
    assert again.storage.queue_size() == 1
    assert again.storage.dequeue() == b"deliver soon"
