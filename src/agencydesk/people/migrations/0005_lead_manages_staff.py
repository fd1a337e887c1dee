"""Agency leads invite and deactivate staff (an admin's account stays for
admins: people.services checks that rule)."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

MATRIX = {"agency_lead": [*crud("people.user", "add change")]}


class Migration(migrations.Migration):
    dependencies = [("people", "0004_sign_in_throttle")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
