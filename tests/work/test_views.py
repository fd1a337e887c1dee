import datetime

import pytest
from django.urls import reverse

from agencydesk.clients.models import TeamMember
from agencydesk.core.models import Agency
from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.models import Project, Task, TaskDependency
from agencydesk.work.selectors import BOARD_COLUMN_LIMIT, project_board

from ..factories.clients import make_client
from ..factories.people import make_staff
from .factories import make_project, make_task, on_team, small_template

D = datetime.date


def test_the_account_manager_starts_a_project_from_a_template(
    client_a, manager, specialist, as_user
):
    on_team(client_a, specialist)
    template = small_template()
    http = as_user(manager)

    response = http.post(
        reverse("work:project-create"),
        {
            "client": client_a.slug,
            "name": "Website",
            "template": template.pk,
            "method": "waterfall",
            "start": "2026-08-15",
            "owner": manager.email,
        },
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert (project.client, project.owner, project.start) == (
        client_a,
        manager,
        D(2026, 8, 18),
    )
    board = http.get(project.get_absolute_url()).content.decode()
    assert "Brief" in board and "Plan" in board


def test_a_bad_new_project_is_answered_with_its_errors(manager, as_user):
    response = as_user(manager).post(
        reverse("work:project-create"),
        {"client": "no-such-client", "name": "", "start": "soon", "owner": "x"},
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {
        "client",
        "name",
        "method",
        "start",
        "owner",
    }
    assert Project.objects.count() == 0


def test_a_card_moves_on_the_board_with_and_without_htmx(
    client_a, manager, specialist, as_user
):
    task = make_task(make_project(client_a, manager), "Draft the copy")
    http = as_user(specialist)
    url = reverse("work:task-move", args=[task.pk])

    plain = http.post(url, {"status": "in_progress", "version": 1})
    assert plain.status_code == 302
    fragment = http.post(
        url, {"status": "in_review", "version": 2}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert fragment.content.decode().startswith('<div id="board">')
    assert Task.objects.get(pk=task.pk).status == "in_review"


def test_a_stale_card_move_says_so_and_changes_nothing(
    client_a, manager, specialist, as_user
):
    task = make_task(make_project(client_a, manager))
    services.task_move(actor=manager, task=task, status="done", version=1)

    response = as_user(specialist).post(
        reverse("work:task-move", args=[task.pk]),
        {"status": "in_progress", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Someone else changed this task meanwhile" in response.content.decode()
    assert Task.objects.get(pk=task.pk).status == "done"


def test_finance_sees_the_board_without_move_forms_and_cannot_move(
    client_a, manager, as_user
):
    task = make_task(make_project(client_a, manager))
    finance = make_staff(Role.FINANCE)
    http = as_user(finance)

    page = http.get(task.project.get_absolute_url())
    refused = http.post(
        reverse("work:task-move", args=[task.pk]), {"status": "done", "version": 1}
    )
    assert page.status_code == 200
    assert reverse("work:task-move", args=[task.pk]) not in page.content.decode()
    assert refused.status_code == 403
    assert Task.objects.get(pk=task.pk).status == "todo"


def test_a_circle_on_the_task_page_lands_on_the_field(
    client_a, manager, specialist, as_user
):
    project = make_project(client_a, manager)
    a, b = make_task(project, "A"), make_task(project, "B")
    services.dependency_add(actor=manager, task=b, depends_on=a)

    response = as_user(specialist).post(
        reverse("work:dependency-add", args=[a.pk]), {"depends_on": b.pk}
    )
    assert response.status_code == 422
    assert response.context["dependency_form"].errors == {
        "depends_on": [
            "That dependency would make the tasks wait for each other in a "
            "circle, so none of them could start."
        ]
    }
    assert TaskDependency.objects.count() == 1


def test_a_due_date_before_the_start_lands_on_the_field(client_a, manager, as_user):
    task = make_task(make_project(client_a, manager), "Copy")
    response = as_user(manager).post(
        reverse("work:task-edit", args=[task.pk]),
        {"title": "Copy", "start": "2026-03-10", "due": "2026-03-09", "version": 1},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "due": ["A task cannot be due before it starts."]
    }
    assert Task.objects.get(pk=task.pk).due is None


def test_staff_outside_the_clients_scope_get_404(
    client_a, client_b, manager, specialist, as_user
):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    on_team(client_a, specialist)
    own = make_project(client_a, manager)
    other = make_project(client_b, manager, name="Beta secret project")
    other_task = make_task(other, "Beta secret task")
    http = as_user(specialist)

    assert http.get(own.get_absolute_url()).status_code == 200
    assert http.get(other.get_absolute_url()).status_code == 404
    assert http.get(other_task.get_absolute_url()).status_code == 404
    moved = http.post(
        reverse("work:task-move", args=[other_task.pk]),
        {"status": "done", "version": 1},
    )
    assert moved.status_code == 404
    listed = http.get(reverse("work:project-list")).content.decode()
    assert "Beta secret project" not in listed
    assert Task.objects.get(pk=other_task.pk).status == "todo"


def test_the_navigation_shows_projects_to_roles_that_may_see_them(manager, as_user):
    assert reverse("work:project-list") in as_user(manager).get("/").content.decode()


# --- Query counts ---------------------------------------------------------


def _busy_project(client, manager, specialist, size):
    project = make_project(client, manager, template=small_template())
    tasks = [make_task(project, f"Task {n:02d}", owner=specialist) for n in range(size)]
    for n, task in enumerate(tasks):
        services.task_update(
            actor=manager, task=task, collaborators=[manager, specialist]
        )
        services.checklist_add(actor=manager, task=tasks[0], text=f"Line {n}")
        services.task_comment_add(
            actor=manager, task=tasks[0], body=f"Remark {n} @{specialist.email}"
        )
        if n:
            services.dependency_add(actor=manager, task=tasks[0], depends_on=task)
            services.task_move(
                actor=manager,
                task=task,
                status=["in_progress", "in_review", "waiting", "done"][n % 4],
            )
    return project, tasks[0]


@pytest.mark.parametrize("size", [2, 12])
def test_the_pages_cost_the_same_queries_at_any_size(
    size, manager, specialist, as_user, django_assert_num_queries
):
    clients = [make_client(f"Client {n}") for n in range(2)]
    for client in clients:
        on_team(client, specialist)
        on_team(client, manager, TeamMember.Role.ACCOUNT_MANAGER)
    project, first = _busy_project(clients[0], manager, specialist, size)
    for n in range(size):
        make_project(clients[n % 2], manager, name=f"Extra {n}")
    http = as_user(manager)
    http.get("/")

    # The person, the count, the page of projects, their task counts.
    with django_assert_num_queries(4):
        http.get(reverse("work:project-list"))
    # The person, the project with its phases and milestones, its tasks,
    # the project's budget (timesheets' panel; none here).
    with django_assert_num_queries(6):
        board = http.get(project.get_absolute_url())
    with django_assert_num_queries(5):
        http.get(reverse("work:project-tasks", args=[project.pk]), {"sort": "owner"})
    # The task with collaborators, checklist, both sides of its dependencies;
    # the phase, milestone and dependency choices; the history; the comments
    # and whom they mention; the files; the time logged (timesheets' panel)
    # and the meeting it came from (meetings' panel); the
    # deliverables (none: their versions and rounds are not read) and the
    # client's contacts to send them to.
    with django_assert_num_queries(18):
        page = http.get(first.get_absolute_url())
    assert page.content.decode().count("ps-2 mb-2 task-comment") == size
    assert board.content.decode().count('name="version"') == size + 2
    # Each line is on the checklist and in the history.
    assert page.content.decode().count("Line ") == 2 * size


def test_a_long_board_column_shows_its_first_cards_and_the_count(
    client_a, manager, as_user
):
    project = make_project(client_a, manager)
    Task.objects.bulk_create(
        Task(project=project, title=f"Card {n:03d}", order=n)
        for n in range(BOARD_COLUMN_LIMIT + 3)
    )
    make_task(project, "Finished", status="done")

    board = as_user(manager).get(project.get_absolute_url()).content.decode()

    assert board.count('name="version"') == BOARD_COLUMN_LIMIT + 1
    assert f"Card {BOARD_COLUMN_LIMIT - 1:03d}" in board
    assert f"Card {BOARD_COLUMN_LIMIT:03d}" not in board
    assert f">{BOARD_COLUMN_LIMIT + 3}</span>" in board
    assert "3 more tasks: see the list" in board
    assert "Finished" in board
    columns = project_board(project=project, limit=2)
    assert [(c.status, len(c.tasks), c.total) for c in columns][::4] == [
        ("todo", 2, BOARD_COLUMN_LIMIT + 3),
        ("done", 1, 1),
    ]


def test_the_project_list_filters_by_client_and_status(
    client_a, client_b, manager, as_user
):
    make_project(client_a, manager, name="Alpha site")
    beta = make_project(client_b, manager, name="Beta shop")
    services.project_update(actor=manager, project=beta, status="active")
    http = as_user(manager)

    def names(**query):
        page = http.get(reverse("work:project-list"), query).context["page"]
        return [p.name for p in page.object_list]

    assert names() == ["Beta shop", "Alpha site"]
    assert names(client=client_a.slug) == ["Alpha site"]
    assert names(status="active") == ["Beta shop"]


def test_the_account_manager_puts_a_project_on_hold(client_a, manager, as_user):
    project = make_project(client_a, manager)
    response = as_user(manager).post(
        reverse("work:project-edit", args=[project.pk]),
        {
            "name": "Spring campaign",
            "method": "agile",
            "status": "on_hold",
            "start": "2026-03-02",
            "end": "2026-04-30",
            "owner": manager.email,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.method, project.end) == (
        "on_hold",
        "agile",
        D(2026, 4, 30),
    )
