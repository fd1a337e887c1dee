"""A running timer shows that it runs, and where to stop it, on every page;
no timer starts in a week that is already submitted or approved (issue #11)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import WeekLockedError
from agencydesk.timesheets.models import TimeEntry, Timer, TimesheetWeek
from agencydesk.timesheets.weeks import monday_of
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker", timezone="UTC")


def _start_on(http, ticket):
    return http.post(
        reverse("timesheets:timer-start"),
        {
            "timer-ticket": ticket.number,
            "timer-is_billable": "on",
            "next": ticket.get_absolute_url(),
        },
        follow=True,
    )


def test_a_started_timer_shows_in_the_top_bar_with_a_stop_button(
    worker, client_a, as_user
):
    ticket = make_ticket(client_a)
    http = as_user(worker)
    assert 'id="running-timer"' not in http.get(reverse("core:home")).content.decode()

    page = _start_on(http, ticket).content.decode()

    assert f"Timer started on {ticket.reference}" in page
    bar = page.split('id="running-timer"', 1)[1].split("</li>", 1)[0]
    assert "Timer running" in bar
    assert ticket.reference in bar
    assert reverse("timesheets:timer-stop") in bar
    # Any other page shows it too.
    other = http.get(reverse("desk:ticket-list")).content.decode()
    assert 'id="running-timer"' in other

    http.post(reverse("timesheets:timer-stop"))

    assert TimeEntry.objects.get().ticket == ticket
    assert (
        'id="running-timer"' not in http.get(ticket.get_absolute_url()).content.decode()
    )


def test_no_timer_starts_in_an_approved_week(worker, client_a, admin_user, as_user):
    week = monday_of(timezone.now().date())
    services.timesheet_submit(actor=worker, user=worker, week=week)
    services.timesheet_approve(
        actor=admin_user, timesheet=TimesheetWeek.objects.get(user=worker, week=week)
    )
    ticket = make_ticket(client_a)

    with pytest.raises(WeekLockedError):
        services.timer_start(actor=worker, ticket=ticket)
    page = _start_on(as_user(worker), ticket).content.decode()

    assert "its time is locked" in page
    assert 'id="running-timer"' not in page
    assert Timer.objects.count() == 0


def test_a_timer_discarded_elsewhere_leaves_the_top_bar(worker, client_a, as_user):
    http = as_user(worker)
    _start_on(http, make_ticket(client_a))

    services.timer_discard(actor=worker)

    assert 'id="running-timer"' not in http.get(reverse("core:home")).content.decode()
