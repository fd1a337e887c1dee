"""Allocations get ``updated_at``, which the API's list filters on
(``updated_since``, for syncing).

The column is added holding the migration time (a constant default: on
PostgreSQL 11+ no table rewrite), then set to when each row was created; the
index comes after the fill, which so does not maintain it row by row.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_role_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="allocation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunSQL(
            'UPDATE "planning_allocation" SET "updated_at" = "created_at"',
            migrations.RunSQL.noop,
            elidable=True,
        ),
        migrations.AlterField(
            model_name="allocation",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, verbose_name="updated"
            ),
        ),
    ]
