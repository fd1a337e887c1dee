from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_lead_manages_staff"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="integration",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not an integration"),
                    ("agency", "Agency-wide"),
                    ("clients", "Some clients"),
                    ("contact", "A client's contact"),
                ],
                default="",
                help_text="An integration never signs in; it uses the API with tokens.",
                max_length=10,
                verbose_name="integration",
            ),
        ),
    ]
