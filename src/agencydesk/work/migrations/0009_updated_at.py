"""Projects, statements of work and change requests get ``updated_at``, which
the API's lists filter on (``updated_since``, for syncing).

As the other apps' ``updated_at`` migrations: the column is added holding the
migration time (a constant default: on PostgreSQL 11+ no table rewrite), then
set to when each row was created; the index comes after the fill.
"""

from django.db import migrations, models

TABLES = {
    "project": "work_project",
    "sow": "work_sow",
    "changerequest": "work_changerequest",
}


def _field(**index):
    return models.DateTimeField(auto_now=True, verbose_name="updated", **index)


class Migration(migrations.Migration):
    dependencies = [
        ("work", "0008_pick"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name="updated_at", field=_field())
            for model in TABLES
        ),
        *(
            migrations.RunSQL(
                f'UPDATE "{table}" SET "updated_at" = "created_at"',  # noqa: S608
                migrations.RunSQL.noop,
                elidable=True,
            )
            for table in TABLES.values()
        ),
        *(
            migrations.AlterField(
                model_name=model, name="updated_at", field=_field(db_index=True)
            )
            for model in TABLES
        ),
    ]
