"""Default agendas per meeting kind, and the roles' meeting permissions."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

AGENDAS = {
    "internal_kickoff": "1. Project scope\n2. Roles and responsibilities\n"
    "3. Key client information\n4. KPIs and how we measure them\n5. Next steps",
    "client_kickoff": "1. Introductions: who does what\n2. Goals and KPIs\n"
    "3. Scope and statement of work\n4. Timeline and milestones\n"
    "5. Communication and reporting\n6. Next steps",
    "midpoint": "1. Progress against the KPIs\n2. What works, what does not\n"
    "3. Scope check and change requests\n4. Next steps",
    "final": "1. Results against the goals\n2. Final report\n3. Lessons learned\n"
    "4. Handover and access\n5. Feedback",
    "regular": "1. Since last time\n2. Open questions\n3. Next steps",
}

MANAGE = [*crud("meetings.meeting", "view add change"), *crud("meetings.actionitem")]
MATRIX = {
    "admin": [
        *crud("meetings.meeting"),
        *crud("meetings.actionitem"),
        *crud("meetings.agendatemplate"),
    ],
    "agency_lead": [*MANAGE, *crud("meetings.agendatemplate", "view change")],
    "account_manager": MANAGE,
    "specialist": [
        *crud("meetings.meeting", "view"),
        *crud("meetings.actionitem", "view change"),
    ],
    "finance": [*crud("meetings.meeting", "view")],
}


def install(apps, schema_editor=None):
    template = apps.get_model("meetings", "AgendaTemplate")
    for kind, agenda in AGENDAS.items():
        template.objects.get_or_create(kind=kind, defaults={"agenda": agenda})
    grant(apps, MATRIX)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_meetings_agenda_action_items"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(install, lambda apps, schema_editor: revoke(apps, MATRIX))
    ]
