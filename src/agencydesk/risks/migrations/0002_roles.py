"""Who may see and manage complaints, risks and escalations: admins and
agency leads every client's (and the agency's own risks), account managers
their own clients' (risks.selectors.manageable), specialists read their
clients' risks. Client contacts hold no permission (nothing in the portal)."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

EVERY = [
    *crud("risks.complaint"),
    *crud("risks.risk"),
    *crud("risks.escalation", "view add"),
    "risks.manage_every_client",
]
MATRIX = {
    "admin": EVERY,
    "agency_lead": EVERY,
    "account_manager": [
        *crud("risks.complaint", "view add change"),
        *crud("risks.risk", "view add change"),
        *crud("risks.escalation", "view add"),
    ],
    "specialist": ["risks.view_risk"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("risks", "0001_complaints_risks_escalations"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        ),
    ]
