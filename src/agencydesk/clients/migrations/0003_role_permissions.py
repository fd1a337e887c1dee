"""Grant the staff roles their permissions on client accounts."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

MATRIX = {
    "admin": [
        *crud("clients.client"),
        *crud("clients.contact"),
        *crud("clients.teammember"),
    ],
    "agency_lead": [
        *crud("clients.client", "view add change"),
        *crud("clients.contact", "view add change"),
        *crud("clients.teammember", "view add change delete"),
    ],
    "account_manager": [
        *crud("clients.client", "view add change"),
        *crud("clients.contact", "view add change"),
        *crud("clients.teammember", "view add change"),
    ],
    "specialist": [
        *crud("clients.client", "view"),
        *crud("clients.contact", "view"),
        *crud("clients.teammember", "view"),
    ],
    "finance": [
        *crud("clients.client", "view change"),
        *crud("clients.contact", "view"),
        *crud("clients.teammember", "view"),
    ],
}


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_relations"), ("people", "0002_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
