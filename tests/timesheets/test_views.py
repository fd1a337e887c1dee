"""Time pages: the week grid, quick entry over htmx, the timer, approvals, exports."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.forms import parse_duration
from agencydesk.timesheets.models import TimeEntry, Timer, TimesheetWeek
from tests.factories.people import make_staff

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker")


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1:30", 90),
        ("1h30", 90),
        ("1.5", 90),
        ("1,5h", 90),
        ("90m", 90),
        ("2h", 120),
        ("0.25", 15),
        ("-1", None),
        ("abc", None),
        ("", None),
        ("1:30:00", None),
    ],
)
def test_durations_are_read_as_people_type_them(text, minutes):
    assert parse_duration(text) == minutes


def test_quick_entry_updates_the_grid(worker, client_a, as_user):
    response = as_user(worker).post(
        reverse("timesheets:entry-create") + "?week=2026-11-02",
        {
            "day": "2026-11-03",
            "client": client_a.pk,
            "duration": "1:30",
            "note": "Banner",
            "is_billable": "on",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert '<td class="text-end fw-bold" id="sheet-total">1:30</td>' in (
        response.content.decode()
    )
    assert list(TimeEntry.objects.values_list("minutes", "note")) == [(90, "Banner")]


@pytest.mark.parametrize("duration", ["-1:00", "25:00", "0", "lots"])
def test_bad_durations_are_refused_with_a_message(worker, client_a, duration, as_user):
    response = as_user(worker).post(
        reverse("timesheets:entry-create"),
        {"day": "2026-11-03", "client": client_a.pk, "duration": duration},
        **HTMX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        "Enter a duration like 1:30, 1.5h or 90m." in body
        or "at most 24 hours a day." in body
    )
    assert TimeEntry.objects.count() == 0


def test_an_entry_in_a_locked_week_is_refused(worker, client_a, as_user):
    services.timesheet_submit(actor=worker, user=worker, week=date(2026, 11, 2))
    response = as_user(worker).post(
        reverse("timesheets:entry-create"),
        {"day": "2026-11-03", "client": client_a.pk, "duration": "1:00"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "locked" in response.content.decode()
    assert TimeEntry.objects.count() == 0


def test_the_timer_survives_a_reload_and_refuses_a_second_one(
    worker, client_a, as_user
):
    http = as_user(worker)
    http.post(
        reverse("timesheets:timer-start"),
        {"timer-client": client_a.pk, "timer-note": "A", "timer-is_billable": "on"},
    )
    page = http.get(reverse("timesheets:week")).content.decode()
    assert 'id="timer-running"' in page
    response = http.post(
        reverse("timesheets:timer-start"), {"timer-note": "B"}, follow=True
    )
    assert "A timer is already running." in response.content.decode()
    assert list(Timer.objects.values_list("note", flat=True)) == ["A"]
    http.post(reverse("timesheets:timer-stop"))
    assert (Timer.objects.count(), TimeEntry.objects.get().minutes) == (0, 1)


def test_an_approver_approves_a_week(worker, manager, as_user):
    sheet = services.timesheet_submit(actor=worker, user=worker, week=date(2026, 11, 2))
    http = as_user(manager)
    assert "Wendy Worker" in http.get(reverse("timesheets:approvals")).content.decode()
    http.post(reverse("timesheets:week-decide", args=[sheet.pk]), {"action": "approve"})
    assert TimesheetWeek.objects.get().status == "approved"


def test_a_specialist_cannot_approve(worker, specialist, as_user):
    sheet = services.timesheet_submit(actor=worker, user=worker, week=date(2026, 11, 2))
    url = reverse("timesheets:week-decide", args=[sheet.pk])
    assert as_user(specialist).post(url, {"action": "approve"}).status_code == 403
    assert TimesheetWeek.objects.get().status == "submitted"


def test_time_entries_export_as_csv_and_xlsx(worker, admin_user, client_a, as_user):
    services.time_entry_create(
        actor=None,
        user=worker,
        day=date(2026, 11, 3),
        minutes=90,
        client=client_a,
        note="=HYPERLINK()",
    )
    http = as_user(admin_user)
    csv = http.get(
        reverse("timesheets:entry-list"), {"month": "2026-11", "format": "csv"}
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[1] == (
        "2026-11-03,Wendy Worker,Alpha Coffee,,,90,1:30,yes,0.00,USD,0.00,USD,"
        "'=HYPERLINK()"
    )
    xlsx = http.get(reverse("timesheets:entry-list"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_contacts_cannot_open_time_pages(contact_a, as_user):
    http = as_user(contact_a.user)
    assert http.get(reverse("timesheets:week")).status_code == 403
    assert http.post(reverse("timesheets:timer-start")).status_code == 403
    assert Timer.objects.count() == 0


def test_the_timer_starts_from_a_ticket_and_goes_back_there(worker, client_a, as_user):
    from tests.factories.desk import make_ticket

    ticket = make_ticket(client_a)
    http = as_user(worker)
    response = http.post(
        reverse("timesheets:timer-start"),
        {
            "timer-ticket": ticket.number,
            "timer-is_billable": "on",
            "next": ticket.get_absolute_url(),
        },
    )
    assert response["Location"] == ticket.get_absolute_url()
    timer = Timer.objects.get()
    assert (timer.ticket_id, timer.client_id) == (ticket.pk, client_a.pk)


def test_the_timer_never_redirects_off_site(worker, as_user):
    response = as_user(worker).post(
        reverse("timesheets:timer-start"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("timesheets:week")


def test_a_rate_without_a_currency_is_refused_on_the_page(admin_user, worker, as_user):
    from agencydesk.timesheets.models import Rate

    http = as_user(admin_user)
    data = {
        "kind": "bill",
        "person": worker.pk,
        "hourly_amount": "50",
        "currency": "",
        "effective_from": "2026-11-01",
    }
    response = http.post(reverse("timesheets:rates"), data)
    assert response.status_code == 422
    assert "Choose the currency of the amount." in response.content.decode()
    assert Rate.objects.count() == 0
    http.post(reverse("timesheets:rates"), {**data, "currency": "EUR"})
    assert list(Rate.objects.values_list("user_id", "hourly_amount", "currency")) == [
        (worker.pk, Decimal("50.00"), "EUR")
    ]


def test_a_specialist_cannot_see_rates(specialist, as_user):
    assert as_user(specialist).get(reverse("timesheets:rates")).status_code == 403


def test_an_entry_refused_without_htmx_comes_back_on_the_week_page(
    worker, client_a, as_user
):
    response = as_user(worker).post(
        reverse("timesheets:entry-create"),
        {"day": "2026-11-03", "client": client_a.pk, "duration": "lots"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Enter a duration like 1:30, 1.5h or 90m." in body
    assert 'id="timer"' in body  # the whole week page, not the fragment
    assert f'href="{reverse("timesheets:week")}?week=' in body
    assert TimeEntry.objects.count() == 0


def test_the_timer_refuses_a_ticket_that_is_not_there(worker, as_user):
    response = as_user(worker).post(
        reverse("timesheets:timer-start"),
        {"timer-ticket": 999999, "next": "/desk/"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == "/desk/"
    assert "No ticket you can see has that number." in response.content.decode()
    assert not Timer.objects.exists()


def test_an_approver_decides_a_week_and_a_stray_action_is_refused(
    worker, manager, as_user
):
    sheet = services.timesheet_submit(actor=worker, user=worker, week=date(2026, 11, 2))
    http = as_user(manager)
    url = reverse("timesheets:week-decide", args=[sheet.pk])
    refused = http.post(url, {"action": "delete"}, follow=True)
    assert "Choose approve or reopen." in refused.content.decode()
    assert TimesheetWeek.objects.get().status == "submitted"
    http.post(url, {"action": "reopen"})
    assert TimesheetWeek.objects.get().status == "open"


def test_submitting_a_week_goes_back_to_it_never_off_site(worker, as_user):
    response = as_user(worker).post(
        reverse("timesheets:week-submit"),
        {"week": "2026-11-04", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"{reverse('timesheets:week')}?week=2026-11-02"
    assert TimesheetWeek.objects.get().status == "submitted"
