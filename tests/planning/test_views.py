"""Planning pages: the cell editor over htmx, budgets, reports, exports."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from agencydesk.clients.services import team_member_add
from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.models import Allocation, Leave
from agencydesk.timesheets import services as timesheets
from tests.factories.clients import make_client
from tests.factories.people import make_staff

WEEK = date(2026, 11, 9)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def writer(db):
    return make_staff(Role.SPECIALIST, full_name="Wira Writer", country="ID")


def _cell_url(person, week=WEEK):
    return reverse("planning:cell", args=[person.pk, week.isoformat()])


def test_booking_through_the_cell_editor(writer, manager, client_a, as_user):
    http = as_user(manager)
    response = http.post(
        _cell_url(writer),
        {"client": client_a.pk, "hours": "8", "is_tentative": "on"},
        **HTMX,
    )
    assert response.status_code == 200
    allocation = Allocation.objects.get()
    assert (allocation.minutes, allocation.is_tentative) == (480, True)
    body = response.content.decode()
    assert 'id="cell-with-tentative">8:00 (20%)' in body
    assert 'hx-swap-oob="true"' in body


def test_a_booking_needs_hours_or_percent_not_both(writer, manager, client_a, as_user):
    response = as_user(manager).post(
        _cell_url(writer),
        {"client": client_a.pk, "hours": "8", "percent": "20"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Enter either hours or a percentage." in response.content.decode()
    assert Allocation.objects.count() == 0


def test_booking_a_week_of_leave_shows_the_reason(writer, manager, client_a, as_user):
    leave = services.leave_request(
        actor=None,
        user=writer,
        kind="vacation",
        start=WEEK,
        end=WEEK + timedelta(days=4),
    )
    services.leave_approve(actor=None, leave=leave)
    response = as_user(manager).post(
        _cell_url(writer), {"client": client_a.pk, "hours": "8"}, **HTMX
    )
    assert response.status_code == 422
    assert "Wira Writer is on leave for the whole week" in response.content.decode()
    assert Allocation.objects.count() == 0


def test_release_from_the_cell_editor(writer, manager, client_a, as_user):
    allocation = services.allocation_create(
        actor=None,
        user=writer,
        week=WEEK,
        client=client_a,
        minutes=480,
        is_tentative=True,
    )
    url = reverse("planning:allocation-action", args=[allocation.pk])
    response = as_user(manager).post(url, {"action": "release"}, **HTMX)
    assert response.status_code == 200
    assert Allocation.objects.count() == 0


def test_a_garbage_week_is_not_found(writer, manager, as_user):
    response = as_user(manager).get(f"/planning/cells/{writer.pk}/not-a-week/")
    assert response.status_code == 404


def test_contacts_cannot_open_the_planner(contact_a, as_user):
    assert as_user(contact_a.user).get(reverse("planning:planner")).status_code == 403


def test_planner_exports_csv_and_xlsx(writer, admin_user, client_a, as_user):
    services.allocation_create(
        actor=None, user=writer, week=WEEK, client=client_a, minutes=480
    )
    http = as_user(admin_user)
    csv = http.get(
        reverse("planning:planner"), {"start": "2026-11-09", "format": "csv"}
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Person,2026-11-09 available,2026-11-09 confirmed,")
    wira = next(line for line in lines if line.startswith("Wira Writer,"))
    assert wira.startswith("Wira Writer,40:00,8:00,0:00,")
    xlsx = http.get(reverse("planning:planner"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"


def _budgets(size: int, month: date):
    person = make_staff(Role.SPECIALIST)
    for n in range(size):
        client = make_client(f"Budget Client {n}")
        timesheets.budget_set(
            actor=None,
            client=client,
            kind="retainer",
            month=month,
            minutes=600,
            amount=Decimal("1000"),
            currency="IDR",
            rolls_over=n % 2 == 0,
        )
        timesheets.budget_set(
            actor=None,
            client=client,
            kind="tm",
            project="Website",
            minutes=6000,
            amount=Decimal("0"),
            currency="IDR",
        )
        timesheets.time_entry_create(
            actor=None,
            user=person,
            day=month,
            minutes=60,
            client=client,
            project="Website",
        )
        services.allocation_create(
            actor=None, user=person, week=date(2026, 11, 2), client=client, minutes=60
        )


BUDGET_QUERIES = 9


@pytest.mark.parametrize("size", [1, 12])
def test_budgets_page_costs_the_same_queries_at_any_size(
    size, admin_user, as_user, django_assert_num_queries
):
    _budgets(size, date(2026, 11, 1))
    http = as_user(admin_user)
    http.get("/")
    with django_assert_num_queries(BUDGET_QUERIES):
        response = http.get(reverse("planning:budgets"), {"month": "2026-11"})
    assert response.content.decode().count('data-state="ok"') == 2 * size


def test_the_budget_page_shows_the_client_over_budget(
    manager, writer, client_a, as_user
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    timesheets.budget_set(
        actor=None,
        client=client_a,
        kind="retainer",
        month=date(2026, 11, 1),
        minutes=60,
        amount=Decimal("0"),
        currency="USD",
    )
    timesheets.time_entry_create(
        actor=None, user=writer, day=date(2026, 11, 3), minutes=90, client=client_a
    )
    body = as_user(manager).get(reverse("planning:budgets"), {"month": "2026-11"})
    assert 'data-client="alpha-coffee" data-state="over"' in body.content.decode()
    assert '<td class="text-end fw-semibold burn-percent">150%</td>' in (
        body.content.decode()
    )


@pytest.mark.parametrize(
    "name",
    [
        "planning:planner",
        "planning:overload",
        "planning:portfolio",
        "planning:leave",
        "planning:budgets",
        "planning:budget-edit",
        "planning:plan-range",
        "planning:report-utilisation",
        "planning:report-profitability",
    ],
)
@pytest.mark.parametrize("language", ["en", "ru", "id", "zh-hans"])
def test_pages_render_in_every_language(name, language, admin_user, as_user):
    admin_user.language = language
    admin_user.save(update_fields=["language"])
    http = as_user(admin_user)
    response = http.get(reverse(name), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200


def test_utilisation_per_person_and_team(writer, admin_user, client_a, as_user):
    for day in range(2, 7):
        timesheets.time_entry_create(
            actor=None,
            user=writer,
            day=date(2026, 11, day),
            minutes=8 * 60,
            client=client_a,
        )
    body = (
        as_user(admin_user)
        .get(reverse("planning:report-utilisation"), {"month": "2026-11"})
        .content.decode()
    )
    # November 2026: weeks starting 2, 9, 16, 23 and 30 November, 200 h.
    assert (
        '<td>Wira Writer</td><td class="text-end">200:00</td>'
        '<td class="text-end">40:00</td><td class="text-end">40:00</td>'
        '<td class="text-end">20%</td>'
    ) in body
    assert (
        '<tr><td>Specialist</td><td class="text-end">200:00</td>'
        '<td class="text-end">40:00</td><td class="text-end">20%</td></tr>'
    ) in body


def test_change_a_bookings_hours_in_the_cell_editor(writer, manager, client_a, as_user):
    allocation = services.allocation_create(
        actor=None, user=writer, week=WEEK, client=client_a, minutes=480
    )
    url = reverse("planning:allocation-action", args=[allocation.pk])
    http = as_user(manager)
    response = http.post(url, {"action": "update", "hours": "12:30"}, **HTMX)
    assert response.status_code == 200
    assert Allocation.objects.get().minutes == 750
    response = http.post(url, {"action": "update", "hours": "-2"}, **HTMX)
    assert response.status_code == 422
    assert "Enter a duration like 1:30, 1.5h or 90m." in response.content.decode()
    assert Allocation.objects.get().minutes == 750


def test_an_unknown_cell_action_is_a_clear_refusal(writer, manager, client_a, as_user):
    allocation = services.allocation_create(
        actor=None, user=writer, week=WEEK, client=client_a, minutes=480
    )
    url = reverse("planning:allocation-action", args=[allocation.pk])
    response = as_user(manager).post(url, {"action": "explode"}, **HTMX)
    assert response.status_code == 422
    assert "Choose confirm, release, change or delete." in response.content.decode()
    assert Allocation.objects.get().minutes == 480


GARBAGE = {
    "x": "garbage",
    "action": "nonsense",
    "hours": "lots",
    "week": "soon",
    "page": "-3",
    "month": "13-2026",
    "role": "emperor",
    "client": "x",
    "start": "yesterday",
    "status": "nonsense",
    "format": "pdf",
}


def test_garbage_never_breaks_a_page_with_real_objects(
    writer, admin_user, specialist, client_a, as_user
):
    """The URL walk names no row of these apps (see url_samples.py); this walks
    every time and planning URL with real rows, GET and POST, with garbage."""
    from django.urls import get_resolver

    from agencydesk.timesheets.models import TimesheetWeek

    allocation = services.allocation_create(
        actor=None,
        user=writer,
        week=WEEK,
        client=client_a,
        minutes=480,
        is_tentative=True,
    )
    leave = services.leave_request(
        actor=None, user=writer, kind="vacation", start=WEEK, end=WEEK
    )
    entry = timesheets.time_entry_create(
        actor=None, user=writer, day=WEEK, minutes=60, client=client_a
    )
    timesheets.timesheet_submit(actor=None, user=writer, week=WEEK)
    from agencydesk.work import services as work

    project = work.project_create(
        actor=None, client=client_a, name="Walk", start=WEEK, owner=admin_user
    )
    task = work.task_create(actor=None, project=project, title="Walk task")
    values = {
        "task_id": task.pk,
        "user_id": writer.pk,
        "week": WEEK.isoformat(),
        "allocation_id": allocation.pk,
        "leave_id": leave.pk,
        "client_slug": client_a.slug,
        "entry_id": entry.pk,
        "timesheet_id": TimesheetWeek.objects.get().pk,
    }
    failures = []
    for namespace in ("planning", "timesheets"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for name, (patterns, *_rest) in resolver.reverse_dict.items():
            if not isinstance(name, str):
                continue
            params = patterns[0][1]
            url = reverse(f"{namespace}:{name}", kwargs={p: values[p] for p in params})
            for user in (admin_user, specialist):
                http = as_user(user)
                for response in (
                    http.get(url, GARBAGE),
                    http.post(url, GARBAGE),
                    http.post(url, GARBAGE, **HTMX),
                ):
                    if response.status_code >= 500:
                        failures.append(f"{user} {url} {response.status_code}")
    assert failures == []
    assert Allocation.objects.get().minutes == 480


def test_leave_is_requested_and_decided_on_its_page(writer, manager, as_user):
    http = as_user(manager)
    requested = http.post(
        reverse("planning:leave"),
        {
            "person": writer.pk,
            "kind": "vacation",
            "start": "2026-12-01",
            "end": "2026-12-03",
        },
    )
    assert requested.status_code == 302
    leave = Leave.objects.get()
    assert (leave.user, leave.status) == (writer, "requested")
    url = reverse("planning:leave-decide", args=[leave.pk])
    stray = http.post(url, {"action": "maybe"}, follow=True)
    assert "Choose approve, reject or cancel." in stray.content.decode()
    http.post(url, {"action": "approve"})
    leave.refresh_from_db()
    assert (leave.status, leave.decided_by) == ("approved", manager)


def test_a_week_copy_without_a_week_says_so(manager, as_user):
    response = as_user(manager).post(reverse("planning:copy-week"), {}, follow=True)
    assert "Choose the week to copy." in response.content.decode()
    assert not Allocation.objects.exists()


def test_the_planner_page_names_every_element_once(writer, manager, as_user):
    """The filter and the cell editor both have a client field: each label
    must point at its own input (screen readers, and the picker's datalist)."""
    import re
    from collections import Counter

    page = as_user(manager).get(reverse("planning:planner")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, n in ids.items() if n > 1] == []
    assert 'id="filter_client"' in page
