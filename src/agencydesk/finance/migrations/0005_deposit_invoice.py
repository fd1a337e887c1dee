"""Mark an invoice (and a plan line) as its contract's deposit: at most one
not cancelled per contract. The onboarding deposit gate listens for it."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0004_billing_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="invoice",
            name="is_deposit",
            field=models.BooleanField(default=False, verbose_name="deposit invoice"),
        ),
        migrations.AddField(
            model_name="plannedinvoice",
            name="is_deposit",
            field=models.BooleanField(default=False, verbose_name="deposit"),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("is_deposit", True),
                    models.Q(("status", "cancelled"), _negated=True),
                ),
                fields=("contract",),
                name="finance_invoice_one_deposit",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("is_deposit", False), ("kind", "invoice"), _connector="OR"
                ),
                name="finance_invoice_deposit_is_invoice",
            ),
        ),
    ]
