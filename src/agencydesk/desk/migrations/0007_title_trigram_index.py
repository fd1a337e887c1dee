"""A trigram index for the queue's text search on PostgreSQL (SQLite skips it).

`title__icontains` compiles to UPPER(title) LIKE UPPER(%…%), which a GIN
trigram index on UPPER(title) answers without reading every ticket.
"""

from django.db import connections, migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS desk_t_title_trgm ON desk_ticket "
    "USING gin (UPPER(title) gin_trgm_ops) WHERE status IN ('open', 'waiting')",
]


def create(apps, schema_editor):
    connection = schema_editor.connection if schema_editor else connections["default"]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in CREATE:
            cursor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS desk_t_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("desk", "0006_sweep_and_counts_partial_indexes")]

    operations = [migrations.RunPython(create, drop)]
