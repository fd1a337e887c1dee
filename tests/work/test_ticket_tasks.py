"""A ticket entering Production becomes tasks of the client's current
project; the ticket moves on to Delivery once they are done."""

import datetime

from django.urls import reverse

from agencydesk.core.models import Event
from agencydesk.desk import services as desk_services
from agencydesk.desk.models import Ticket
from agencydesk.work import services
from agencydesk.work.models import Task

from ..factories.desk import make_ticket, request_type
from .factories import make_project


def _active_project(client, owner, name="Retainer", start=None):
    project = make_project(
        client, owner, name=name, start=start or datetime.date(2026, 3, 2)
    )
    return services.project_update(actor=None, project=project, status="active")


def _ticket(client, contact, owner):
    ticket = make_ticket(
        client,
        requester=contact,
        request_type=request_type("Banner for a campaign"),
    )
    return desk_services.ticket_assign(
        actor=None, ticket=ticket, production_owner=owner
    )


def _move(ticket, stage, actor=None):
    return desk_services.ticket_move(
        actor=actor, ticket=Ticket.objects.get(pk=ticket.pk), stage=stage
    )


def test_production_turns_the_steps_into_tasks_of_the_current_project(
    client_a, contact_a, manager, specialist
):
    _active_project(client_a, manager, name="Older", start=datetime.date(2026, 1, 5))
    current = _active_project(client_a, manager, name="Current")
    ticket = _ticket(client_a, contact_a, specialist)

    _move(ticket, "production", actor=manager)

    steps = list(ticket.steps.order_by("order", "pk"))
    tasks = list(Task.objects.filter(ticket=ticket).order_by("pk"))
    assert steps
    assert [(t.title, t.due, t.owner, t.status, t.project) for t in tasks] == [
        (s.name, s.due_date, specialist, "todo", current) for s in steps
    ]
    assert list(ticket.tasks.order_by("pk")) == tasks
    assert Event.objects.filter(verb="task.from_ticket").count() == len(tasks)


def test_without_an_active_project_the_ticket_keeps_its_steps_only(
    client_a, contact_a, manager, specialist
):
    make_project(client_a, manager)  # planned, not active
    ticket = _ticket(client_a, contact_a, specialist)

    _move(ticket, "production", actor=manager)

    assert ticket.steps.exists()
    assert not Task.objects.exists()


def test_coming_back_to_production_makes_no_second_set_of_tasks(
    client_a, contact_a, manager, specialist
):
    _active_project(client_a, manager)
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    made = Task.objects.count()

    _move(ticket, "analysis", actor=manager)
    _move(ticket, "production", actor=manager)

    assert made and Task.objects.count() == made


def test_the_last_task_done_moves_the_ticket_to_delivery(
    client_a, contact_a, manager, specialist
):
    _active_project(client_a, manager)
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    *others, last = Task.objects.filter(ticket=ticket).order_by("pk")
    for task in others:
        services.task_move(actor=manager, task=task, status="done")

    services.task_move(actor=manager, task=last, status="done")

    ticket.refresh_from_db()
    assert ticket.stage == "delivery"
    moved = ticket.transitions.order_by("pk").last()
    assert (moved.from_stage, moved.to_stage, moved.actor) == (
        "production",
        "delivery",
        manager,
    )


def test_a_task_done_while_others_remain_leaves_the_ticket_in_production(
    client_a, contact_a, manager, specialist
):
    _active_project(client_a, manager)
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    tasks = list(Task.objects.filter(ticket=ticket).order_by("pk"))
    assert len(tasks) > 1

    services.task_move(actor=manager, task=tasks[0], status="done")

    ticket.refresh_from_db()
    assert ticket.stage == "production"


def test_tasks_done_after_the_ticket_left_production_leave_it_alone(
    client_a, contact_a, manager, specialist
):
    _active_project(client_a, manager)
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    _move(ticket, "analysis", actor=manager)

    for task in Task.objects.filter(ticket=ticket):
        services.task_move(actor=manager, task=task, status="done")

    ticket.refresh_from_db()
    assert ticket.stage == "analysis"


def test_the_ticket_page_lists_its_tasks_and_the_task_page_its_ticket(
    client_a, contact_a, manager, specialist, as_user
):
    _active_project(client_a, manager)
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    task = Task.objects.filter(ticket=ticket).order_by("pk").first()
    http = as_user(manager)

    ticket_page = http.get(
        reverse("desk:ticket-detail", args=[ticket.number])
    ).content.decode()
    task_page = http.get(task.get_absolute_url()).content.decode()

    assert 'id="ticket-tasks"' in ticket_page
    assert task.get_absolute_url() in ticket_page
    assert ticket.get_absolute_url() in task_page
    assert ticket.reference in task_page


def test_a_specialist_finishing_the_last_task_moves_the_ticket_on(
    client_a, contact_a, manager, specialist, as_user
):
    _active_project(client_a, manager)
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    for task in Task.objects.filter(ticket=ticket):
        services.task_move(actor=specialist, task=task, status="done")

    ticket.refresh_from_db()
    assert ticket.stage == "delivery"
    assert ticket.transitions.order_by("pk").last().actor == specialist
