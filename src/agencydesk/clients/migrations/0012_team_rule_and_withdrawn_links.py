"""Who may change a client's team (admins and agency leads on every client,
account managers on their own), and withdrawn credential links."""

from django.db import migrations, models

from agencydesk.core.migration_helpers import grant, revoke

GRANTED = {
    "admin": ["clients.change_every_team"],
    "agency_lead": ["clients.change_every_team"],
}


def forward(apps, schema_editor):
    grant(apps, GRANTED)


def backward(apps, schema_editor):
    revoke(apps, GRANTED)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0011_credential_requests"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="client",
            options={
                "ordering": ["name"],
                "permissions": [
                    (
                        "view_every_client",
                        "Can see every client, whatever the staff scope",
                    ),
                    ("change_every_team", "Can change the team of every client"),
                ],
                "verbose_name": "client",
                "verbose_name_plural": "clients",
            },
        ),
        migrations.AddField(
            model_name="credentialrequest",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="withdrawn"),
        ),
        migrations.RunPython(forward, backward),
    ]
