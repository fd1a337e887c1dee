"""Grant the staff roles their permissions on contracts, documents and
contractors: finance, admins and agency leads manage all of it; account
managers their own clients' contracts and documents; specialists nothing."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

CLIENT_CONTRACTS = [
    *crud("finance.contract", "view add change"),
    *crud("finance.contractfile", "view"),
    *crud("finance.document", "view add change"),
]
EVERYTHING = [
    *CLIENT_CONTRACTS,
    "finance.manage_every_contract",
    *crud("finance.contractor", "view add change"),
]
MATRIX = {
    "admin": EVERYTHING,
    "agency_lead": EVERYTHING,
    "finance": EVERYTHING,
    "account_manager": CLIENT_CONTRACTS,
}


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_contracts_and_documents"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
