"""Create the five staff roles and grant them the permissions on people and core."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

VIEW_PEOPLE = [*crud("people.user", "view"), *crud("people.staffprofile", "view")]
MATRIX = {
    "admin": [
        *crud("people.user"),
        *crud("people.staffprofile"),
        *crud("auth.group", "view"),
        *crud("core.agency", "view change"),
        *crud("core.workingcalendar"),
        *crud("core.closedday"),
        *crud("core.event", "view"),
    ],
    "agency_lead": [
        *VIEW_PEOPLE,
        *crud("core.workingcalendar", "view change"),
        *crud("core.closedday"),
        *crud("core.event", "view"),
    ],
    "account_manager": [*VIEW_PEOPLE, *crud("core.event", "view")],
    "specialist": [*crud("people.user", "view"), *crud("core.event", "view")],
    "finance": [*VIEW_PEOPLE, *crud("core.event", "view")],
}


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("core", "0002_default_agency"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
