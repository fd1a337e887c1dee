"""Contacts' phone numbers are looked up by their E.164 form: indexed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0012_team_rule_and_withdrawn_links"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="phone",
            field=models.CharField(
                blank=True, db_index=True, max_length=40, verbose_name="phone"
            ),
        ),
    ]
