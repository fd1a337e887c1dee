"""Grant the staff roles their permissions on the service desk."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

WORK = [
    *crud("desk.ticket", "view add change"),
    "desk.move_ticket",
    *crud("desk.message", "view add"),
    *crud("desk.ticketstep", "view change"),
    *crud("desk.rating", "view"),
    *crud("desk.requesttype", "view"),
    *crud("desk.slapolicy", "view"),
]
MATRIX = {
    "admin": [
        *crud("desk.ticket"),
        "desk.move_ticket",
        *crud("desk.message"),
        *crud("desk.ticketstep"),
        *crud("desk.rating", "view"),
        *crud("desk.requesttype"),
        *crud("desk.requesttypestep"),
        *crud("desk.slapolicy"),
        *crud("desk.tag"),
    ],
    "agency_lead": [*WORK, *crud("desk.slapolicy", "add change delete")],
    "account_manager": [*WORK, *crud("desk.slapolicy", "add change")],
    "specialist": WORK,
    "finance": [*crud("desk.ticket", "view"), *crud("desk.rating", "view")],
}


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_default_request_types_and_sla"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
