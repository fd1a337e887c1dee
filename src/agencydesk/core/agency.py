"""The agency of this installation (a single row created by a migration)."""

from .calendar import BusinessCalendar
from .kept import kept
from .models import Agency, WorkingCalendar

CALENDARS = "calendars"


def agency_get() -> Agency:
    """The agency with its working calendar."""
    return Agency.objects.select_related("calendar").get(pk=1)


def business_calendar(calendar_id: int) -> BusinessCalendar:
    """A working calendar's hours and closed days for SLA and date arithmetic,
    kept between requests (``core.kept``; any change of a calendar or of its
    closed days forgets them): it saves two queries of every ticket opened."""
    return kept(
        CALENDARS,
        calendar_id,
        lambda: WorkingCalendar.objects.get(pk=calendar_id).as_business_calendar(),
    )
