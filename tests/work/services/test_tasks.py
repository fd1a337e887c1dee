import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from agencydesk.core.models import Event
from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.errors import (
    DependencyCycleError,
    DependencyOtherProjectError,
    TaskChangedError,
    TaskDatesError,
)
from agencydesk.work.models import ChecklistItem, Task, TaskDependency

from ...factories.people import make_staff
from ..factories import make_project, make_task

D = datetime.date


@pytest.fixture
def project(client_a, manager):
    return make_project(client_a, manager)


def test_a_task_due_before_it_starts_is_refused(project, manager):
    with pytest.raises(TaskDatesError) as refused:
        services.task_create(
            actor=manager,
            project=project,
            title="Backwards",
            start=D(2026, 3, 10),
            due=D(2026, 3, 9),
        )
    assert refused.value.extra == {"field": "due"}
    assert Task.objects.count() == 0

    task = make_task(project, start=D(2026, 3, 10), due=D(2026, 3, 12))
    with pytest.raises(TaskDatesError):
        services.task_update(actor=manager, task=task, due=D(2026, 3, 1))
    assert Task.objects.get(pk=task.pk).due == D(2026, 3, 12)


def test_a_move_goes_to_the_end_of_its_column_and_on_the_timeline(project, specialist):
    first, second = make_task(project, "First"), make_task(project, "Second")
    services.task_move(
        actor=specialist, task=first, status="in_progress", version=first.version
    )
    moved = services.task_move(
        actor=specialist, task=second, status="in_progress", version=second.version
    )
    assert (moved.status, moved.order, moved.version) == ("in_progress", 1, 2)
    assert (
        Event.objects.filter(verb="task.moved", target_id=str(second.pk)).count() == 1
    )


def test_a_stale_move_is_refused(project, manager, specialist):
    task = make_task(project)
    shown = task.version
    services.task_move(actor=manager, task=task, status="in_review", version=shown)

    with pytest.raises(TaskChangedError):
        services.task_move(actor=specialist, task=task, status="done", version=shown)
    assert Task.objects.get(pk=task.pk).status == "in_review"


def test_someone_without_change_task_cannot_move_a_task(project):
    task = make_task(project)
    finance = make_staff(Role.FINANCE)
    assert finance.has_perm("work.view_task")
    with pytest.raises(PermissionDenied):
        services.task_move(actor=finance, task=task, status="done", version=1)
    assert Task.objects.get(pk=task.pk).status == "todo"


def test_a_dependency_circle_is_refused(project, specialist):
    a, b, c = (make_task(project, n) for n in "ABC")
    services.dependency_add(actor=specialist, task=b, depends_on=a)
    services.dependency_add(actor=specialist, task=c, depends_on=b)

    for task, other in ((a, c), (a, b), (a, a)):
        with pytest.raises(DependencyCycleError):
            services.dependency_add(actor=specialist, task=task, depends_on=other)
    assert set(
        TaskDependency.objects.values_list("task__title", "depends_on__title")
    ) == {
        ("B", "A"),
        ("C", "B"),
    }


def test_a_task_waits_only_for_tasks_of_its_project(
    project, client_b, manager, specialist
):
    other = make_task(make_project(client_b, manager, name="Other"), "Elsewhere")
    task = make_task(project)
    with pytest.raises(DependencyOtherProjectError):
        services.dependency_add(actor=specialist, task=task, depends_on=other)
    assert TaskDependency.objects.count() == 0


def test_the_checklist_ticks_and_unticks(project, specialist):
    task = make_task(project)
    item = services.checklist_add(actor=specialist, task=task, text="Proofread")
    services.checklist_toggle(actor=specialist, item=item)
    assert ChecklistItem.objects.get(pk=item.pk).done is True
    services.checklist_toggle(actor=specialist, item=item)
    assert ChecklistItem.objects.get(pk=item.pk).done is False
    assert list(
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(Task),
            target_id=str(task.pk),
        )
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == [
        "task.created",
        "task.checklist_added",
        "task.checklist_done",
        "task.checklist_reopened",
    ]
