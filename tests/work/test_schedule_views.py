"""The views people plan from: my work, bulk edit, calendars, the timeline,
exports and the calendar feed."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from agencydesk.core.models import Agency
from agencydesk.meetings import ical
from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.models import Area, Task
from agencydesk.work.schedule import first_weekday, month_grid

from ..factories.clients import make_client
from ..factories.people import make_staff
from .factories import make_project, make_task, on_team

D = datetime.date
DAY = datetime.timedelta(days=1)


def _today():
    return timezone.localdate()


# --- My work ----------------------------------------------------------------


def test_my_work_lists_what_i_own_and_help_with_by_period(
    client_a, manager, specialist, as_user
):
    today = _today()
    project = make_project(client_a, manager, start=today - 30 * DAY)
    make_task(project, "Late copy", owner=specialist, due=today - DAY)
    make_task(project, "Copy today", owner=specialist, due=today)
    helping = make_task(project, "Helping hand", owner=manager, due=today + 40 * DAY)
    services.task_update(actor=manager, task=helping, collaborators=[specialist])
    make_task(project, "Someone else's", owner=manager, due=today)
    finished = make_task(project, "Finished", owner=specialist, due=today)
    services.task_move(actor=manager, task=finished, status="done")
    http = as_user(specialist)

    def titles(**query):
        response = http.get(reverse("work:my-work"), query)
        assert response.status_code == 200
        return [str(t) for t in response.context["mine"]["page"].object_list]

    assert titles() == ["Late copy", "Copy today", "Helping hand"]
    assert titles(period="overdue") == ["Late copy"]
    assert titles(period="today") == ["Copy today"]
    assert "Helping hand" not in titles(period="week")
    counts = http.get(reverse("work:my-work")).context["mine"]["counts"]
    assert (counts["all"], counts["overdue"], counts["today"]) == (3, 1, 1)


def test_my_work_filters_by_client_project_and_area(
    client_a, client_b, manager, specialist, as_user
):
    content = Area.objects.get(name="Content")
    alpha = make_project(client_a, manager, name="Alpha site")
    beta = make_project(client_b, manager, name="Beta shop")
    make_task(alpha, "Alpha text", owner=specialist, area=content)
    make_task(alpha, "Alpha ads", owner=specialist)
    make_task(beta, "Beta text", owner=specialist, area=content)
    http = as_user(specialist)

    def titles(**query):
        page = http.get(reverse("work:my-work"), query).context["mine"]["page"]
        return sorted(str(t) for t in page.object_list)

    assert titles(client=client_b.slug) == ["Beta text"]
    assert titles(project=alpha.pk) == ["Alpha ads", "Alpha text"]
    assert titles(area=content.pk) == ["Alpha text", "Beta text"]
    # Garbage filters are ignored, never a 500.
    assert http.get(reverse("work:my-work"), {"project": "x"}).status_code == 200


def test_the_specialist_home_shows_my_tasks(client_a, manager, specialist, as_user):
    project = make_project(client_a, manager)
    make_task(project, "Write the captions", owner=specialist, due=_today())
    page = as_user(specialist).get("/").content.decode()
    assert 'id="home-my-tasks"' in page
    assert "Write the captions" in page


@pytest.mark.parametrize("size", [2, 14])
def test_my_work_costs_the_same_queries_at_any_size(
    size, manager, specialist, as_user, django_assert_num_queries
):
    today = _today()
    content = Area.objects.get(name="Content")
    for n in range(size):
        client = make_client(f"Client {n}")
        project = make_project(client, manager, name=f"Project {n}")
        task = make_task(
            project, f"Task {n}", owner=specialist, due=today + n * DAY, area=content
        )
        if n % 2:
            services.task_update(actor=manager, task=task, collaborators=[specialist])
        make_task(project, f"Helped {n}", owner=manager, due=today)
        services.task_update(
            actor=manager,
            task=Task.objects.get(title=f"Helped {n}"),
            collaborators=[specialist],
        )
    http = as_user(specialist)
    http.get("/")
    # The person, the viewer's client scope; the period counts; the page's
    # count and rows; the project and area choices.
    with django_assert_num_queries(7):
        page = http.get(reverse("work:my-work"))
    assert page.content.decode().count("list-group-item-action") == min(2 * size, 25)
    with django_assert_num_queries(4):
        http.get(reverse("work:my-calendar"))
    with django_assert_num_queries(3):
        http.get(reverse("work:my-work-csv"))


# --- Bulk edit of the list tab ------------------------------------------------


def _bulk(http, project, tasks, **changes):
    data = {"tasks": [t.pk for t in tasks], **changes}
    for task in tasks:
        data[f"version-{task.pk}"] = task.version
    return http.post(reverse("work:tasks-bulk", args=[project.pk]), data)


def test_bulk_edit_changes_every_ticked_task_with_its_history(
    client_a, manager, specialist, as_user
):
    project = make_project(client_a, manager)
    a = make_task(project, "A", start=D(2026, 3, 2), due=D(2026, 3, 4))
    b = make_task(project, "B", due=D(2026, 3, 10))
    untouched = make_task(project, "C")

    response = _bulk(
        as_user(manager),
        project,
        [a, b],
        status="in_progress",
        owner=specialist.email,
        shift_days=7,
    )

    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db(), untouched.refresh_from_db()
    assert (a.status, a.owner, a.start, a.due) == (
        "in_progress",
        specialist,
        D(2026, 3, 9),
        D(2026, 3, 11),
    )
    assert (b.status, b.owner, b.due) == ("in_progress", specialist, D(2026, 3, 17))
    assert (untouched.status, untouched.owner) == ("todo", None)
    history = as_user(manager).get(a.get_absolute_url()).content.decode()
    assert "changed the task" in history and "moved the task" in history


def test_bulk_edit_with_a_stale_task_changes_nothing(client_a, manager, as_user):
    project = make_project(client_a, manager)
    a, b = make_task(project, "A"), make_task(project, "Busy B")
    stale_b = Task.objects.get(pk=b.pk)
    services.task_move(actor=manager, task=b, status="in_review", version=1)
    http = as_user(manager)

    response = _bulk(http, project, [a, stale_b], status="done")

    assert response.status_code == 302
    assert list(Task.objects.order_by("pk").values_list("status", flat=True)) == [
        "todo",
        "in_review",
    ]
    page = http.get(response["Location"]).content.decode()
    assert "Someone else changed “Busy B” meanwhile" in page


def test_bulk_edit_refuses_a_task_of_another_clients_project(
    client_a, client_b, manager, as_user
):
    project = make_project(client_a, manager)
    own = make_task(project, "Own")
    other = make_task(make_project(client_b, manager), "Other")

    response = _bulk(as_user(manager), project, [own, other], status="done")

    assert response.status_code == 302
    assert set(Task.objects.values_list("status", flat=True)) == {"todo"}


def test_bulk_edit_without_a_change_or_permission_is_refused(
    client_a, manager, as_user
):
    project = make_project(client_a, manager)
    task = make_task(project, "A")
    assert _bulk(as_user(manager), project, [task]).status_code == 302
    finance = make_staff(Role.FINANCE)
    assert _bulk(as_user(finance), project, [task], status="done").status_code == 403
    assert Task.objects.get().version == 1


def test_the_list_sorts_by_each_column(client_a, manager, specialist, as_user):
    project = make_project(client_a, manager)
    make_task(project, "Beta", due=D(2026, 3, 1), owner=specialist)
    make_task(project, "Alpha", due=D(2026, 3, 9), owner=manager)
    http = as_user(manager)

    def titles(sort):
        response = http.get(
            reverse("work:project-tasks", args=[project.pk]), {"sort": sort}
        )
        return [str(t) for t in response.context["tasks"]]

    assert titles("title") == ["Alpha", "Beta"]
    assert titles("-title") == ["Beta", "Alpha"]
    assert titles("due") == ["Beta", "Alpha"]
    assert titles("owner") == ["Alpha", "Beta"]  # Mira before Sam
    assert titles("area") and titles("status") and titles("nonsense")


# --- Calendars -----------------------------------------------------------------


def test_the_month_starts_on_the_readers_first_weekday():
    assert first_weekday("en-us") == 6 and first_weekday("ru") == 0
    # March 2026 begins on a Sunday.
    sunday_first = month_grid(D(2026, 3, 1), D(2026, 3, 15), 6)
    monday_first = month_grid(D(2026, 3, 1), D(2026, 3, 15), 0)
    assert sunday_first.weeks[0][0].date == D(2026, 3, 1)
    assert monday_first.weeks[0][0].date == D(2026, 2, 23)
    assert monday_first.weeks[-1][-1].date == D(2026, 4, 5)
    assert (monday_first.previous, monday_first.next) == (D(2026, 2, 1), D(2026, 4, 1))
    december = month_grid(D(2026, 12, 1), D(2026, 3, 15), 0)
    assert december.next == D(2027, 1, 1)


def test_the_project_calendar_shows_tasks_and_milestones_of_the_month(
    client_a, manager, as_user
):
    project = make_project(client_a, manager, start=D(2026, 3, 2))
    make_task(project, "Last of March", due=D(2026, 3, 31))
    make_task(project, "First of April", due=D(2026, 4, 1))
    make_task(project, "Far away", due=D(2026, 6, 1))
    project.milestones.create(title="Launch", due=D(2026, 4, 30))
    http = as_user(manager)
    url = reverse("work:project-calendar", args=[project.pk])

    april = http.get(url, {"month": "2026-04"}).content.decode()
    # The grid of April (Monday first in English? no: Sunday) holds 31 March too.
    assert "First of April" in april and "Launch" in april
    assert "Last of March" in april  # the leading days of the first week
    assert "Far away" not in april
    march = http.get(url, {"month": "2026-03"}).content.decode()
    assert "?month=2026-02" in march and "?month=2026-04" in march
    assert http.get(url, {"month": "garbage"}).status_code == 200


def test_the_russian_calendar_starts_on_monday(client_a, manager, as_user):
    project = make_project(client_a, manager, start=D(2026, 3, 2))
    http = as_user(manager)
    url = reverse("work:project-calendar", args=[project.pk])
    english = http.get(url, {"month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="en-us")
    russian = http.get(url, {"month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert english.context["month"].weekdays[0].weekday() in (0, 6)
    assert russian.context["month"].weekdays[0].weekday() == 0


# --- Timeline -------------------------------------------------------------------


def _planned(client, manager):
    today = _today()
    project = make_project(client, manager, start=today - 10 * DAY, name="网站上线")
    phase = project.phases.create(
        title="Discovery", start=today - 10 * DAY, end=today + 5 * DAY
    )
    brief = make_task(
        project, "写简报", start=today - 10 * DAY, due=today - 8 * DAY, phase=phase
    )
    design = make_task(project, "Design", start=today - 7 * DAY, due=today + 3 * DAY)
    services.dependency_add(actor=None, task=design, depends_on=brief)
    project.milestones.create(title="Go live", due=today + 10 * DAY)
    make_task(project, "Someday")
    return project


def test_the_timeline_draws_phases_tasks_milestones_arrows_and_today(
    client_a, manager, as_user
):
    project = _planned(client_a, manager)
    page = as_user(manager).get(reverse("work:project-timeline", args=[project.pk]))
    svg = page.content.decode()
    assert page.status_code == 200
    for label in ("Discovery", "写简报", "Design", "Go live"):
        assert label in svg
    assert svg.count('class="dependency"') == 1
    assert 'id="today-line"' in svg
    assert "1 task without dates" in svg
    assert "work/print.css" in svg


def test_the_timeline_pdf_renders_chinese(client_a, manager, as_user):
    project = _planned(client_a, manager)
    response = as_user(manager).get(
        reverse("work:project-timeline-pdf", args=[project.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("size", [2, 10])
def test_the_project_views_cost_the_same_queries_at_any_size(
    size, client_a, manager, specialist, as_user, django_assert_num_queries
):
    project = _planned(client_a, manager)
    previous = None
    for n in range(size):
        task = make_task(
            project, f"Step {n}", owner=specialist, start=_today(), due=_today()
        )
        if previous:
            services.dependency_add(actor=None, task=task, depends_on=previous)
        previous = task
    http = as_user(manager)
    http.get("/")
    # The person, the project with its phases and milestones; its tasks and
    # their dependencies.
    with django_assert_num_queries(6):
        http.get(reverse("work:project-timeline", args=[project.pk]))
    # The person, the project with its phases and milestones; the month's
    # milestones and tasks.
    with django_assert_num_queries(6):
        http.get(reverse("work:project-calendar", args=[project.pk]))
    with django_assert_num_queries(3):
        http.get(reverse("work:project-tasks-xlsx", args=[project.pk]))


# --- Exports and the calendar feed ----------------------------------------------


def test_the_project_tasks_as_csv_and_xlsx(client_a, manager, specialist, as_user):
    project = make_project(client_a, manager)
    make_task(project, "=HYPERLINK(bad)", owner=specialist, due=D(2026, 3, 5))
    make_task(project, "Plain")
    http = as_user(manager)

    csv = http.get(reverse("work:project-tasks-csv", args=[project.pk]))
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Task,Client,Project,Status")
    assert "'=HYPERLINK(bad),Alpha Coffee,Spring campaign,To do,Sam Specialist" in text
    assert "2026-03-05" in text

    xlsx = http.get(reverse("work:project-tasks-xlsx", args=[project.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][:2] == ("Task", "Client")
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(bad)", "Plain"]


def test_my_tasks_export_keeps_the_filters(
    client_a, client_b, manager, specialist, as_user
):
    make_task(make_project(client_a, manager), "Alpha work", owner=specialist)
    make_task(make_project(client_b, manager), "Beta work", owner=specialist)
    text = (
        as_user(specialist)
        .get(reverse("work:my-work-csv"), {"client": client_a.slug})
        .content.decode("utf-8-sig")
    )
    assert "Alpha work" in text and "Beta work" not in text


def test_the_calendar_feed_has_my_task_due_dates_and_milestones(
    client_a, manager, specialist
):
    project = make_project(client_a, manager, name="Spring")
    make_task(project, "Post the reel", owner=specialist, due=D(2026, 3, 12))
    done = make_task(project, "Done already", owner=specialist, due=D(2026, 3, 13))
    services.task_move(actor=manager, task=done, status="done")
    project.milestones.create(title="Campaign live", due=D(2026, 3, 20))

    def summaries(person):
        feed = Calendar.from_ical(ical.feed_for_user(person))
        return {str(e["summary"]): e.decoded("dtstart") for e in feed.walk("VEVENT")}

    mine = summaries(specialist)
    assert mine == {"Post the reel · Spring": D(2026, 3, 12)}
    assert summaries(manager) == {"◆ Campaign live · Spring": D(2026, 3, 20)}


def test_staff_outside_the_scope_get_404_on_the_new_project_views(
    client_a, client_b, manager, specialist, as_user
):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    on_team(client_a, specialist)
    other = make_project(client_b, manager, name="Beta secret project")
    make_task(other, "Beta secret", owner=specialist, due=_today())
    http = as_user(specialist)
    for name in (
        "project-calendar",
        "project-timeline",
        "project-timeline-pdf",
        "project-tasks-csv",
    ):
        assert http.get(reverse(f"work:{name}", args=[other.pk])).status_code == 404
    assert "Beta secret" not in http.get(reverse("work:my-work")).content.decode()
    assert "Beta secret" not in http.get(reverse("work:my-work-csv")).content.decode()
