"""Agency leads keep the agenda templates in the product (issue #11): besides
changing them, they add one for a kind that has none and delete one."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

GRANTED = {"agency_lead": crud("meetings.agendatemplate", "add delete")}


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_cancel_and_invitations"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, GRANTED),
            lambda apps, schema_editor: revoke(apps, GRANTED),
        )
    ]
