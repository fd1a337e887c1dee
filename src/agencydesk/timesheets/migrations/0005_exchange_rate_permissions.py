"""Finance, agency leads and admins keep the exchange rate table; everyone who
sees budgets may read it."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

MATRIX = {
    "admin": crud("timesheets.exchangerate"),
    "agency_lead": crud("timesheets.exchangerate"),
    "finance": crud("timesheets.exchangerate"),
    "account_manager": crud("timesheets.exchangerate", "view"),
}


class Migration(migrations.Migration):
    dependencies = [("timesheets", "0004_exchange_rates"), ("people", "0002_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
