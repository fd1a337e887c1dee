"""Clients and contacts get ``updated_at``, which the API's lists filter on
(``updated_since``, for syncing).

The column is added holding the migration time (a constant default: on
PostgreSQL 11+ no table rewrite); a client's is then set to when it was
created. A contact has no such time and keeps the migration's. The clients'
index comes after the fill, which so does not maintain it row by row.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0014_contact_phone_normalise"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunSQL(
            'UPDATE "clients_client" SET "updated_at" = "created_at"',
            migrations.RunSQL.noop,
            elidable=True,
        ),
        migrations.AlterField(
            model_name="client",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, verbose_name="updated"
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, verbose_name="updated"
            ),
        ),
    ]
