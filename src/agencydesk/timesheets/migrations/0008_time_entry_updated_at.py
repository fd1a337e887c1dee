"""Time entries get ``updated_at``, which the API's list filters on
(``updated_since``, for syncing).

The column is added holding the migration time (a constant default: on
PostgreSQL 11+ no table rewrite), then set to when each row was created; the
index comes after the fill, which so does not maintain it row by row.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timesheets", "0007_client_alerts"),
    ]

    operations = [
        migrations.AddField(
            model_name="timeentry",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunSQL(
            'UPDATE "timesheets_timeentry" SET "updated_at" = "created_at"',
            migrations.RunSQL.noop,
            elidable=True,
        ),
        migrations.AlterField(
            model_name="timeentry",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, verbose_name="updated"
            ),
        ),
    ]
