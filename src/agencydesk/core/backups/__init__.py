"""Backups, restores and the move from SQLite to PostgreSQL.

A backup is one ``.tar.gz`` archive:

    database/agencydesk.sqlite3   SQLite: a copy made with the online backup API
    database/agencydesk.pgdump    PostgreSQL: ``pg_dump --format=custom``
    files/<name>                  every file of the default storage, by its name
    manifest.json                 what the archive holds and how to check it
                                  (written last: it carries the files' hashes)

The manifest lists the app's version, the applied migrations, every table's
row count (taken from the same snapshot as the dump) and every file's size and
SHA-256, so a restore can prove it put back what was backed up. The keys
(``SECRET_KEY``, ``SECRETS_KEY``) are never in an archive.

Nothing here imports a domain app: tables, models and the storage are walked
generically, so a new app is backed up without being named.
"""
