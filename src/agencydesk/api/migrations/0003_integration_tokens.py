"""Integration tokens: who made a token, and the admins' permission to manage
integrations (accounts of the agency for other systems) and their tokens."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

from agencydesk.core.migration_helpers import grant, revoke

MATRIX = {"admin": ["api.manage_integrations"]}


def made_by_their_person(apps, schema_editor):
    # Every token so far was made by its person for themselves.
    apps.get_model("api", "ApiToken").objects.update(created_by=F("user"))


def grant_roles(apps, schema_editor):
    grant(apps, MATRIX)


def revoke_roles(apps, schema_editor):
    revoke(apps, MATRIX)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={
                "ordering": ("-created_at", "-pk"),
                "permissions": [
                    ("manage_integrations", "Manage integrations and their tokens")
                ],
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
            },
        ),
        migrations.AddField(
            model_name="apitoken",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.RunPython(made_by_their_person, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, revoke_roles),
    ]
