"""Agency leads edit checklist templates in the product (issue #11): they
already add and change them; they may now delete an unused one too."""

from django.db import migrations

from agencydesk.core.migration_helpers import grant, revoke

GRANTED = {"agency_lead": ["onboarding.delete_checklisttemplate"]}


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0003_role_permissions"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, GRANTED),
            lambda apps, schema_editor: revoke(apps, GRANTED),
        )
    ]
