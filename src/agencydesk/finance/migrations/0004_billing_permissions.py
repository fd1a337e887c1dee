"""Grant the staff roles their permissions on invoices, payments, the plan,
acts and contractor bills, as 0002 did for contracts: finance, admins and
agency leads manage all of it; account managers their own clients' (the
contract's visibility narrows the rows); specialists nothing. Deleting is
granted only for what a draft may lose: planned invoices and draft invoices
(the services refuse deleting anything issued)."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

CLIENT_MONEY = [
    *crud("finance.invoice", "view add change delete"),
    *crud("finance.payment", "view add change"),
    *crud("finance.plannedinvoice", "view add change delete"),
    *crud("finance.act", "view add change"),
]
EVERYTHING = [*CLIENT_MONEY, *crud("finance.contractorbill", "view add change")]
MATRIX = {
    "admin": EVERYTHING,
    "agency_lead": EVERYTHING,
    "finance": EVERYTHING,
    "account_manager": CLIENT_MONEY,
}


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_invoices_plan_acts_bills"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
