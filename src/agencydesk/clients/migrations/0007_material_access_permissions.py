"""Grant the staff roles their permissions on key materials and the access
inventory; revealing a secret is for admins, agency leads and account managers."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

MATRIX = {
    "admin": [
        *crud("clients.material"),
        *crud("clients.materialversion"),
        *crud("clients.accessentry"),
        "clients.reveal_accessentry",
    ],
    "agency_lead": [
        *crud("clients.material", "view add change"),
        *crud("clients.materialversion", "view add"),
        *crud("clients.accessentry", "view add change"),
        "clients.reveal_accessentry",
    ],
    "account_manager": [
        *crud("clients.material", "view add change"),
        *crud("clients.materialversion", "view add"),
        *crud("clients.accessentry", "view add change"),
        "clients.reveal_accessentry",
    ],
    "specialist": [
        *crud("clients.material", "view add change"),
        *crud("clients.materialversion", "view add"),
        *crud("clients.accessentry", "view"),
    ],
    "finance": [
        *crud("clients.material", "view"),
        *crud("clients.materialversion", "view"),
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0006_profile_materials_access_inventory"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
