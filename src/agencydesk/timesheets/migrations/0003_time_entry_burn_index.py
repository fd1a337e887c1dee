"""A covering index for burn on PostgreSQL: the billable time of clients in a
range of months is read from the index alone. SQLite has no INCLUDE, so it is
skipped there (and the model does not declare it, which keeps SQLite's system
check quiet); built concurrently, as the table is the largest one."""

from django.db import migrations

INDEX = "ts_entry_billable_burn"


def create(apps, schema_editor):
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    # Concurrently unless replayed inside a transaction (a test harness).
    how = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY "
    schema_editor.execute(
        f"CREATE INDEX {how}IF NOT EXISTS {INDEX} "
        "ON timesheets_timeentry (client_id, date) "
        "INCLUDE (bill_currency, minutes, bill_amount) WHERE is_billable"
    )


def drop(apps, schema_editor):
    if schema_editor is None or schema_editor.connection.vendor != "postgresql":
        return
    how = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY "
    schema_editor.execute(f"DROP INDEX {how}IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("timesheets", "0002_role_permissions")]

    operations = [migrations.RunPython(create, drop)]
