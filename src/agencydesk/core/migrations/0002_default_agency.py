import datetime

from django.conf import settings
from django.db import migrations


def create_agency(apps, schema_editor):
    calendar_model = apps.get_model("core", "WorkingCalendar")
    agency_model = apps.get_model("core", "Agency")
    if agency_model.objects.filter(pk=1).exists():
        return
    calendar = calendar_model.objects.create(
        name="Agency hours",
        timezone=settings.TIME_ZONE,
        weekdays="0,1,2,3,4",
        opens=datetime.time(9, 0),
        closes=datetime.time(17, 0),
    )
    agency_model.objects.create(pk=1, name="Agency", currency="USD", calendar=calendar)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_agency, migrations.RunPython.noop)]
