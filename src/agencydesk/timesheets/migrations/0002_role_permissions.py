"""Grant the staff roles their permissions on time, rates and budgets."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

LOG = [*crud("timesheets.timeentry", "view add"), *crud("timesheets.budget", "view")]
APPROVE = [
    "timesheets.approve_timesheetweek",
    *crud("timesheets.timesheetweek", "view"),
]
MONEY = [
    *crud("timesheets.rate"),
    *crud("timesheets.budget"),
    *crud("timesheets.timeentry", "view"),
]
MATRIX = {
    "admin": [*LOG, *APPROVE, *MONEY, *crud("timesheets.timeentry", "change delete")],
    "agency_lead": [*LOG, *APPROVE, *MONEY],
    "account_manager": [*LOG, *APPROVE, *crud("timesheets.budget", "add change")],
    "specialist": LOG,
    "finance": [*APPROVE, *MONEY],
}


class Migration(migrations.Migration):
    dependencies = [
        ("timesheets", "0001_time_entries_rates_budgets"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
