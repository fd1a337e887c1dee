"""Finance approves or returns several submitted weeks in one go (issue #11)."""

from datetime import date

import pytest
from django.urls import reverse

from agencydesk.core.models import Notification
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.models import TimesheetWeek
from tests.factories.people import make_staff

WEEK = date(2026, 11, 2)
NEXT_WEEK = date(2026, 11, 9)


@pytest.fixture
def weeks(db):
    wendy = make_staff(Role.SPECIALIST, full_name="Wendy Worker", language="ru")
    walt = make_staff(Role.SPECIALIST, full_name="Walt Worker", language="en")
    for person, week in ((wendy, WEEK), (walt, WEEK), (wendy, NEXT_WEEK)):
        services.time_entry_create(actor=None, user=person, day=week, minutes=90)
        services.timesheet_submit(actor=None, user=person, week=week)
    return {"wendy": wendy, "walt": walt}


@pytest.fixture
def olga(db):
    return make_staff(Role.FINANCE, full_name="Olga Finance", language="en")


def _states():
    return sorted(
        TimesheetWeek.objects.values_list("user__full_name", "week", "status")
    )


def _ids(*pairs):
    return [
        str(TimesheetWeek.objects.get(user=person, week=week).pk)
        for person, week in pairs
    ]


def test_finance_approves_the_ticked_weeks_in_one_post(weeks, olga, as_user):
    wendy, walt = weeks["wendy"], weeks["walt"]
    http = as_user(olga)
    response = http.post(
        reverse("timesheets:weeks-decide-many"),
        {"week": _ids((wendy, WEEK), (walt, WEEK)), "action": "approve"},
        follow=True,
    )
    assert "2 weeks approved." in response.content.decode()
    assert _states() == [
        ("Walt Worker", WEEK, "approved"),
        ("Wendy Worker", WEEK, "approved"),
        ("Wendy Worker", NEXT_WEEK, "submitted"),
    ]


def test_returned_weeks_open_again_and_their_people_read_why(weeks, olga, as_user):
    wendy, walt = weeks["wendy"], weeks["walt"]
    http = as_user(olga)
    response = http.post(
        reverse("timesheets:weeks-decide-many"),
        {
            "week": _ids((wendy, NEXT_WEEK), (walt, WEEK)),
            "action": "return",
            "reason": "Split the Kopi hours by project, please.",
            "next": "/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert _states() == [
        ("Walt Worker", WEEK, "open"),
        ("Wendy Worker", WEEK, "submitted"),
        ("Wendy Worker", NEXT_WEEK, "open"),
    ]
    told = {
        n.recipient.full_name: (n.title, n.body)
        for n in Notification.objects.filter(verb="timesheet.returned")
    }
    assert set(told) == {"Walt Worker", "Wendy Worker"}
    assert told["Walt Worker"] == (
        "Your timesheet for the week of 11/02/2026 was returned",
        "Split the Kopi hours by project, please.",
    )
    # Written for Wendy (Russian), whoever returned it: her date format.
    assert "09.11.2026" in told["Wendy Worker"][0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "return", "reason": "  "}, "Say why the weeks go back"),
        ({"action": "approve", "week": []}, "Choose at least one week."),
        ({"action": "approve", "week": ["x"]}, "Choose weeks from the list."),
        ({"action": "approve", "week": ["999999"]}, "no longer exist"),
        ({"action": "delete"}, "Choose approve or return."),
    ],
)
def test_bad_input_changes_nothing_and_says_why(weeks, olga, as_user, data, message):
    wendy = weeks["wendy"]
    data.setdefault("week", _ids((wendy, WEEK), (wendy, NEXT_WEEK)))
    before = _states()
    response = as_user(olga).post(
        reverse("timesheets:weeks-decide-many"), data, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _states() == before
    assert not Notification.objects.exists()


def test_one_week_already_decided_refuses_them_all(weeks, olga, as_user):
    wendy, walt = weeks["wendy"], weeks["walt"]
    services.timesheet_approve(
        actor=olga, timesheet=TimesheetWeek.objects.get(user=walt)
    )
    before = _states()
    response = as_user(olga).post(
        reverse("timesheets:weeks-decide-many"),
        {"week": _ids((wendy, WEEK), (walt, WEEK)), "action": "approve"},
        follow=True,
    )
    assert "Walt Worker" in response.content.decode()
    assert "nothing was changed" in response.content.decode()
    assert _states() == before


def test_a_specialist_cannot_decide_weeks(weeks, as_user):
    wendy = weeks["wendy"]
    before = _states()
    response = as_user(wendy).post(
        reverse("timesheets:weeks-decide-many"),
        {"week": _ids((wendy, WEEK)), "action": "approve"},
    )
    assert response.status_code == 403
    assert _states() == before


def test_the_approvals_page_and_finance_home_offer_ticking(weeks, olga, as_user):
    http = as_user(olga)
    for url in (reverse("timesheets:approvals"), "/"):
        page = http.get(url).content.decode()
        assert page.count('name="week"') == 3, url
        assert 'id="decide-many"' in page and 'value="return"' in page, url
