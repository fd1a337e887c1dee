"""/projects and /tasks: the project pages' data and writes over the API."""

import json

import pytest

from agencydesk.core.models import Event
from agencydesk.people.roles import Role
from agencydesk.work.models import Project, Task
from tests.factories.people import make_staff
from tests.work.factories import MONDAY, make_project, make_task, small_template

from .conftest import api_for
from .test_webhooks import receiver, subscribe  # noqa: F401 (a fixture)

READ = ["projects:read"]
WRITE = ["projects:read", "projects:write"]


@pytest.fixture
def project_a(client_a, staff):
    return make_project(client_a, staff, name="Alpha launch")


@pytest.fixture
def project_b(client_b, staff):
    return make_project(client_b, staff, name="Bravo launch")


def test_staff_list_projects_filtered_by_client_and_status(
    staff, project_a, project_b, client_a
):
    api = api_for(staff, READ)

    everyone = api.get("/projects").json()
    of_a = api.get("/projects", {"client": client_a.slug}).json()
    active = api.get("/projects", {"status": "active"}).json()
    first = api.get("/projects", {"limit": 1}).json()
    second = api.get("/projects", {"limit": 1, "cursor": first["next_cursor"]}).json()

    assert [p["name"] for p in everyone["items"]] == ["Bravo launch", "Alpha launch"]
    assert [p["id"] for p in of_a["items"]] == [project_a.pk]
    assert of_a["items"][0]["client"] == client_a.slug
    assert active["items"] == []
    assert [p["id"] for p in first["items"] + second["items"]] == [
        project_b.pk,
        project_a.pk,
    ]
    assert second["next_cursor"] is None


def test_create_a_project_from_a_template_once_per_idempotency_key(staff, client_a):
    api = api_for(staff, WRITE)
    template = small_template()
    body = {
        "client": client_a.slug,
        "name": "Website",
        "start": MONDAY.isoformat(),
        "owner": staff.email,
        "template": template.pk,
    }
    key = {"Idempotency-Key": "crm-project-1"}

    first = api.post("/projects", body, headers=key)
    again = api.post("/projects", body, headers=key)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    made = first.json()
    assert [p["title"] for p in made["phases"]] == ["Discovery"]
    assert [m["title"] for m in made["milestones"]] == ["Approved"]
    assert made["template"] == "Small launch"
    project = Project.objects.get(name="Website")
    assert project.tasks.count() == 2
    fetched = api.get(f"/projects/{project.pk}").json()
    assert fetched["phases"] == made["phases"]
    assert fetched["milestones"] == made["milestones"]


def test_garbage_project_is_422_and_creates_nothing(staff, client_a):
    api = api_for(staff, WRITE)

    response = api.post(
        "/projects",
        {"client": client_a.slug, "name": "", "start": 1767225600,
         "owner": staff.email, "method": "scrum", "colour": "red"},
    )  # fmt: skip
    nobody = api.post(
        "/projects",
        {"client": client_a.slug, "name": "X", "start": "2026-03-02",
         "owner": "nobody@nowhere.test"},
    )  # fmt: skip

    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"name", "start", "method", "colour"}
    assert nobody.status_code == 422
    assert set(nobody.json()["fields"]) == {"owner"}
    assert not Project.objects.exists()


def test_missing_scope_is_403_in_the_error_format(staff, project_a):
    api = api_for(staff, ["tickets:read"])
    reader = api_for(staff, READ)

    listed = api.get("/projects")
    moved = reader.post(f"/projects/{project_a.pk}/tasks", {"title": "Sneaky"})

    assert listed.status_code == moved.status_code == 403
    assert listed.json()["code"] == moved.json()["code"] == "scope_missing"
    assert set(listed.json()) == {"code", "message", "fields"}
    assert not Task.objects.exists()


def test_a_contact_token_sees_no_project_or_task(contact_a, project_a):
    task = make_task(project_a, "Internal draft")
    api = api_for(contact_a.user, WRITE)

    for path in ("/projects", f"/projects/{project_a.pk}", f"/tasks/{task.pk}",
                 f"/projects/{project_a.pk}/tasks"):  # fmt: skip
        response = api.get(path)
        assert response.status_code == 403, path
        assert b"Internal draft" not in response.content
    move = api.post(f"/tasks/{task.pk}/move", {"status": "done", "version": 1})
    assert move.status_code == 403
    assert Task.objects.get().status == "todo"


def test_another_clients_project_is_404_for_staff_outside_its_scope(
    client_a, project_b
):
    from agencydesk.core.models import Agency
    from tests.work.factories import on_team

    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    specialist = make_staff(Role.SPECIALIST, full_name="Scoped Specialist")
    on_team(client_a, specialist)
    task = make_task(project_b, "Bravo task")
    api = api_for(specialist, WRITE)

    assert api.get(f"/projects/{project_b.pk}").status_code == 404
    assert api.get(f"/tasks/{task.pk}").status_code == 404
    assert api.get("/projects").json()["items"] == []
    moved = api.post(f"/tasks/{task.pk}/move", {"status": "done", "version": 1})
    assert moved.status_code == 404
    assert Task.objects.get().status == "todo"


def test_tasks_listed_with_filters_and_updated_since(staff, project_a):
    make_task(project_a, "Brief", due=MONDAY, owner=staff)
    make_task(project_a, "Plan", status="in_progress")
    api = api_for(staff, READ)
    path = f"/projects/{project_a.pk}/tasks"

    everything = api.get(path).json()
    by_status = api.get(path, {"status": "in_progress"}).json()
    by_owner = api.get(path, {"owner": staff.email}).json()
    by_due = api.get(path, {"due_before": "2026-03-02", "due_after": "2026-03-01"})
    later = api.get(path, {"updated_since": "2999-01-01T00:00:00Z"}).json()
    bad = api.get(path, {"updated_since": "1700000000", "status": "late"})

    assert {t["title"] for t in everything["items"]} == {"Brief", "Plan"}
    assert [t["title"] for t in by_status["items"]] == ["Plan"]
    assert [t["title"] for t in by_owner["items"]] == ["Brief"]
    assert [t["title"] for t in by_due.json()["items"]] == ["Brief"]
    assert later["items"] == []
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"updated_since", "status"}


def test_add_change_and_move_a_task_with_its_version(staff, project_a):
    api = api_for(staff, WRITE)

    created = api.post(
        f"/projects/{project_a.pk}/tasks",
        {"title": "Draft copy", "owner": staff.email, "due": "2026-03-06"},
    )
    task_id = created.json()["id"]
    changed = api.patch(
        f"/tasks/{task_id}", {"title": "Final copy", "owner": None, "version": 1}
    )
    moved = api.post(f"/tasks/{task_id}/move", {"status": "done", "version": 2})

    assert created.status_code == 201
    assert created.json()["owner"] == staff.email
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["owner"]) == ("Final copy", None)
    assert moved.status_code == 200
    assert (moved.json()["status"], moved.json()["version"]) == ("done", 3)
    task = Task.objects.get()
    verbs = Event.objects.filter(
        target_id=str(task.pk), verb__startswith="task."
    ).values_list("verb", flat=True)
    assert set(verbs) == {"task.created", "task.updated", "task.moved"}


def test_a_stale_version_is_409_and_changes_nothing(staff, project_a):
    task = make_task(project_a, "Draft")
    api = api_for(staff, WRITE)
    api.post(f"/tasks/{task.pk}/move", {"status": "in_progress", "version": 1})

    stale_move = api.post(f"/tasks/{task.pk}/move", {"status": "done", "version": 1})
    stale_edit = api.patch(f"/tasks/{task.pk}", {"title": "Mine", "version": 1})

    assert stale_move.status_code == stale_edit.status_code == 409
    assert stale_move.json()["code"] == "task_changed"
    task.refresh_from_db()
    assert (task.status, task.title, task.version) == ("in_progress", "Draft", 2)


def test_garbage_task_input_is_422_and_changes_nothing(staff, project_a, project_b):
    task = make_task(project_a, "Draft")
    other_phase_milestone = make_project(
        project_b.client, staff, template=small_template()
    ).milestones.get()
    api = api_for(staff, WRITE)

    patch = api.patch(
        f"/tasks/{task.pk}",
        {"title": "", "due": "soon", "version": "one", "colour": "red"},
    )
    elsewhere = api.patch(
        f"/tasks/{task.pk}", {"milestone": other_phase_milestone.pk, "version": 1}
    )
    move = api.post(f"/tasks/{task.pk}/move", {"status": "finished", "version": 1})
    create = api.post(f"/projects/{project_a.pk}/tasks", raw="{nope")

    assert patch.status_code == 422
    assert set(patch.json()["fields"]) == {"title", "due", "version", "colour"}
    assert elsewhere.status_code == 422
    assert set(elsewhere.json()["fields"]) == {"milestone"}
    assert move.status_code == 422
    assert create.status_code == 400
    task.refresh_from_db()
    assert (task.title, task.status, task.version) == ("Draft", "todo", 1)
    assert project_a.tasks.count() == 1


def test_a_moved_task_reaches_a_webhook_receiver(
    receiver,  # noqa: F811
    staff,
    project_a,
    django_capture_on_commit_callbacks,
):
    lead = make_staff(Role.AGENCY_LEAD, full_name="Hook Lead")
    subscribe(lead, receiver.url, events=("task.moved",))
    task = make_task(project_a, "Hooked task")
    api = api_for(staff, WRITE)

    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/tasks/{task.pk}/move", {"status": "in_review", "version": 1})

    [got] = receiver.received
    body = json.loads(got.body)
    assert got.headers["X-AgencyDesk-Event"] == "task.moved"
    assert body["client_id"] == project_a.client_id
    assert body["data"]["task"]["id"] == task.pk
    assert body["data"]["task"]["status"] == "in_review"
    assert body["data"]["task"]["version"] == 2
