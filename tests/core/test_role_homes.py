"""Issue #11: a home per role, decided by the person's groups."""

import io
import re

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.utils import translation

from agencydesk.demo import DEMO_PASSWORD, load
from agencydesk.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _home(email: str):
    http = HttpClient()
    http.post("/login/", {"email": email, "password": DEMO_PASSWORD})
    return http, http.get("/")


def test_each_role_lands_on_its_own_home_and_counts_link_to_their_list():
    load(out=io.StringIO())
    homes = {
        "lead@agency.example": ("The agency", "home-slipping"),
        "admin@agency.example": ("The agency", "home-overload"),
        "rina@agency.example": ("My clients", "home-my-clients"),
        "anna@agency.example": ("My work", "home-my-work"),
        "olga@agency.example": ("Time to approve", "home-to-approve"),
    }
    for email, (title, panel) in homes.items():
        http, response = _home(email)
        page = response.content.decode()
        assert response.status_code == 200, email
        # Each demo person reads the product in their own language.
        with translation.override(User.objects.get(email=email).language):
            title = translation.gettext(title)
        assert title in page and f'id="{panel}"' in page, email

    http, response = _home("rina@agency.example")
    page = response.content.decode()
    assert "?client=" in page and "&amp;sla=breached" in page
    # The filtered list the count links to answers.
    assert http.get("/desk/tickets/?sla=breached").status_code == 200

    _, response = _home("maya@kopinusantara.example")
    assert response.status_code == 302 and response["Location"] == "/portal/"


def test_someone_with_two_roles_lands_on_the_more_senior_and_may_switch():
    load(out=io.StringIO())
    from django.contrib.auth.models import Group

    from agencydesk.people.models import User

    anna = User.objects.get(email="anna@agency.example")
    anna.groups.add(Group.objects.get(name="account_manager"))
    http, response = _home("anna@agency.example")
    page = response.content.decode()
    assert 'id="home-my-clients"' in page and 'href="?as=specialist"' in page
    assert 'id="home-my-work"' in http.get("/?as=specialist").content.decode()


def _this_week_at(days: int, hour: int):
    """A time ``days`` after this week's Monday (where the agency is)."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    day = monday + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_account_manager_home_lists_this_weeks_meetings_of_their_clients():
    load(out=io.StringIO())
    from agencydesk.clients.models import Client
    from agencydesk.meetings import services as meetings
    from agencydesk.people.models import User

    rina = User.objects.get(email="rina@agency.example")
    li = User.objects.get(email="li.wei@agency.example")
    kopi = Client.objects.get(slug="kopi-nusantara")
    brightline = Client.objects.get(slug="brightline-fitness")

    def schedule(actor, client, title, starts_at, rrule=""):
        return meetings.meeting_schedule(
            actor=actor,
            client=client,
            kind="regular",
            title=title,
            starts_at=starts_at,
            rrule=rrule,
            staff=[actor],
            send_invitations=False,
        )

    schedule(rina, kopi, "Wednesday strategy call", _this_week_at(2, 10))
    # A weekly stand-up begun three weeks ago meets on this week's Tuesday.
    schedule(rina, kopi, "Weekly stand-up", _this_week_at(-20, 9), "FREQ=WEEKLY")
    cancelled = schedule(rina, kopi, "Cancelled review", _this_week_at(3, 11))
    meetings.meeting_cancel(actor=rina, meeting=cancelled)
    schedule(rina, kopi, "Next week's call", _this_week_at(8, 10))
    schedule(li, brightline, "Brightline weekly", _this_week_at(2, 10))

    _, response = _home("rina@agency.example")
    page = response.content.decode()
    section = page.split('id="home-meetings-week"')[1].split("</section>")[0]
    assert "Wednesday strategy call" in section
    assert section.count("Weekly stand-up") == 1
    assert section.index("Weekly stand-up") < section.index("Wednesday strategy call")
    for absent in ("Cancelled review", "Next week&#x27;s call", "Brightline weekly"):
        assert absent not in section


def _give_anna_work(count: int = 2) -> list:
    """Open tickets of her clients made Anna's (the demo leaves her none open)."""
    from agencydesk.desk.models import Ticket
    from agencydesk.desk.services import ticket_assign
    from agencydesk.people.models import User

    rina = User.objects.get(email="rina@agency.example")
    anna = User.objects.get(email="anna@agency.example")
    tickets = (
        Ticket.objects.open()
        .filter(client__slug__in=["kopi-nusantara", "taiga-honey"])
        .exclude(production_owner=anna)
        .order_by("pk")[:count]
    )
    return [ticket_assign(actor=rina, ticket=t, production_owner=anna) for t in tickets]


def test_specialist_starts_the_timer_from_my_work_and_sees_it_running():
    load(out=io.StringIO())
    from agencydesk.timesheets.models import Timer

    _give_anna_work()

    Timer.objects.all().delete()
    http, response = _home("anna@agency.example")
    page = response.content.decode()
    section = page.split('id="my-tickets"')[1].split("</div>\n")[0]
    starts = re.findall(
        r'<form method="post" action="/time/timer/start/" class="timer-start">.*?'
        r'name="timer-ticket" value="(\d+)".*?name="next" value="([^"]+)"',
        section,
    )
    assert starts and all(next_ == "/" for _, next_ in starts)
    assert 'id="running-timer"' not in page

    number = starts[0][0]
    response = http.post(
        "/time/timer/start/",
        {"timer-ticket": number, "timer-is_billable": "on", "next": "/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    page = response.content.decode()
    timer = Timer.objects.get(user__email="anna@agency.example")
    assert timer.ticket.number == int(number)
    running = page.split('id="running-timer"')[1].split("</li>")[0]
    assert timer.ticket.reference in running


# What each home costs, pinned: a panel that starts querying per row fails here.
HOME_QUERIES = {
    "admin@agency.example": 18,
    "lead@agency.example": 18,
    "rina@agency.example": 14,
    "anna@agency.example": 12,
    "olga@agency.example": 11,
}


def _more_of_everything(n: int) -> None:
    """Rina's ``n``-th new account with Anna on it: a ticket of Anna's, a
    meeting this week, a budget past its warning line, weeks to approve, Anna
    overbooked this week, a project with a task of Anna's due today, and an
    approval of it overdue."""
    from django.utils import timezone

    from agencydesk.clients import services as clients
    from agencydesk.desk.services import ticket_assign, ticket_create
    from agencydesk.meetings.services import meeting_schedule
    from agencydesk.people.models import User
    from agencydesk.planning import services as planning
    from agencydesk.timesheets import services as timesheets
    from agencydesk.work import services as work

    rina = User.objects.get(email="rina@agency.example")
    anna = User.objects.get(email="anna@agency.example")
    client = clients.client_create(
        actor=None,
        name=f"Roastery {n}",
        slug=f"roastery-{n}",
        country="ID",
        timezone="Asia/Jakarta",
        currency="IDR",
        status="active",
    )
    for person, role in ((rina, "account_manager"), (anna, "specialist")):
        clients.team_member_add(actor=None, client=client, user=person, role=role)
    ticket = ticket_create(actor=rina, client=client, title=f"Banner {n}")
    ticket_assign(actor=rina, ticket=ticket, production_owner=anna)
    meeting_schedule(
        actor=rina,
        client=client,
        kind="regular",
        title=f"Weekly {n}",
        starts_at=_this_week_at(3, 9),
        staff=[rina],
        send_invitations=False,
    )
    today = timezone.localdate()
    timesheets.budget_set(
        actor=None,
        client=client,
        kind="retainer",
        month=today.replace(day=1),
        minutes=60,
        amount=0,
        currency="IDR",
    )
    last_week = today - timezone.timedelta(days=7 * n)
    timesheets.time_entry_create(
        actor=None, user=anna, day=last_week, minutes=55, client=client
    )
    timesheets.time_entry_create(
        actor=None, user=rina, day=last_week, minutes=55, client=client
    )
    for person in (anna, rina):
        timesheets.timesheet_submit(actor=None, user=person, week=last_week)
    # Billed in Anna's rate currency against an IDR budget: the month's burn
    # converts (one query more) whatever day of the month the suite runs on;
    # last week's entries fall in the month before during its first week.
    timesheets.time_entry_create(
        actor=None, user=anna, day=today, minutes=20, client=client
    )
    # Anna booked past her week whatever the week holds (a public holiday
    # alone can overload her): the overload panel lists its bookings.
    planning.allocation_create(
        actor=None, user=anna, week=today, client=client, minutes=50 * 60, confirm=True
    )
    project = work.project_create(
        actor=None, client=client, name=f"Launch {n}", start=today, owner=rina
    )
    task = work.task_create(
        actor=None, project=project, title=f"Anna's task {n}", owner=anna, due=today
    )
    contact = clients.contact_create(
        actor=None,
        client=client,
        email=f"owner@roastery-{n}.test",
        full_name=f"Owner {n}",
    )
    deliverable = work.deliverable_create(
        actor=None, task=task, title=f"Poster {n}", link=f"https://example.com/{n}"
    )
    work.approval_send(
        actor=None,
        deliverable=deliverable,
        contacts=[contact],
        now=timezone.now() - timezone.timedelta(days=10),
    )


@pytest.mark.parametrize("email", HOME_QUERIES)
def test_each_home_costs_the_same_queries_with_more_data(
    email, django_assert_num_queries
):
    load(out=io.StringIO())
    # The rows below are made for the server's today; a home shows its
    # viewer's today, which in the demo's time zones (UTC+7, +8) is tomorrow
    # for part of each UTC day: the same day for everyone keeps the count
    # about the data, not the hour the suite runs at.
    User.objects.update(timezone=settings.TIME_ZONE)
    _give_anna_work(1)
    # Every panel has a row already: the second size adds rows, not kinds.
    _more_of_everything(1)
    http, first = _home(email)
    assert first.status_code == 200
    with django_assert_num_queries(HOME_QUERIES[email]):
        before = http.get("/").content.decode()

    _more_of_everything(2)
    # New notifications made the cached unread count stale: the next page
    # counts once, then the home costs what it cost before.
    http.get("/")
    with django_assert_num_queries(HOME_QUERIES[email]):
        after = http.get("/").content.decode()
    # The added rows are on the page: the count held with more to show.
    assert len(after) > len(before)


def test_the_demo_specialist_finds_work_on_her_home():
    load(out=io.StringIO())

    _http, response = _home("anna@agency.example")

    page = response.content.decode()
    assert "Menu photos for the website" in page
    assert "Product cards for the marketplace" in page
