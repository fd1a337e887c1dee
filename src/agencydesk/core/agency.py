"""The agency of this installation (a single row created by a migration)."""

import datetime

from django.conf import settings
from django.db import transaction

from .models import Agency, WorkingCalendar


def agency_get() -> Agency:
    """The agency with its working calendar (recreated with defaults if the row
    was ever lost, e.g. by a database flush)."""
    agency = Agency.objects.select_related("calendar").filter(pk=1).first()
    if agency is not None:
        return agency
    with transaction.atomic():
        calendar = WorkingCalendar.objects.create(
            name="Agency hours",
            timezone=settings.TIME_ZONE,
            opens=datetime.time(9, 0),
            closes=datetime.time(17, 0),
        )
        agency, _created = Agency.objects.get_or_create(
            pk=1, defaults={"name": "Agency", "currency": "USD", "calendar": calendar}
        )
    return agency
