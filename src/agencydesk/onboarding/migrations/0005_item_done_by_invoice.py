"""A checklist item remembers the deposit invoice whose payment ticked it off."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0005_deposit_invoice"),
        ("onboarding", "0004_lead_deletes_checklist_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="runitem",
            name="done_by_invoice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="finance.invoice",
                verbose_name="paid with invoice",
            ),
        ),
    ]
