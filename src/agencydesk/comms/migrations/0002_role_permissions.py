"""Grant the staff roles their permissions on mail and WhatsApp intake."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

MATRIX = {
    "admin": [
        *crud("comms.inboundmessage", "view change"),
        *crud("comms.mailbox"),
        *crud("comms.outboundmessage", "view change"),
    ],
    "agency_lead": [
        *crud("comms.inboundmessage", "view change"),
        *crud("comms.outboundmessage", "view"),
    ],
}


class Migration(migrations.Migration):
    dependencies = [("comms", "0001_initial"), ("people", "0002_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
