"""Need-to-know roles: admins, agency leads and account managers see every
client whatever the staff scope; only admins and agency leads reveal the
secrets of every client (others only on their own client's team); finance no
longer edits client profiles."""

from django.db import migrations

from agencydesk.core.migration_helpers import grant, revoke

GRANTED = {
    "admin": ["clients.view_every_client", "clients.reveal_every_accessentry"],
    "agency_lead": ["clients.view_every_client", "clients.reveal_every_accessentry"],
    "account_manager": ["clients.view_every_client"],
}
# An empty profile form from finance wiped a client's profile (issue #19).
WITHDRAWN = {"finance": ["clients.change_client"]}


def forward(apps, schema_editor):
    grant(apps, GRANTED)
    revoke(apps, WITHDRAWN)


def backward(apps, schema_editor):
    revoke(apps, GRANTED)
    grant(apps, WITHDRAWN)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0009_need_to_know_permissions"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forward, backward)]
