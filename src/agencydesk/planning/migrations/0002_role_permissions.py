"""Grant the staff roles their permissions on leave and allocations."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

SEE = [*crud("planning.allocation", "view"), *crud("planning.leave", "view add")]
PLAN = [*crud("planning.allocation"), "planning.approve_leave"]
MATRIX = {
    "admin": [*SEE, *PLAN, *crud("planning.leave", "change delete")],
    "agency_lead": [*SEE, *PLAN],
    "account_manager": [*SEE, *PLAN],
    "specialist": SEE,
    "finance": SEE,
}


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_leave_and_allocations"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
