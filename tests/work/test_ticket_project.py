"""Issue #13 item 2: the account manager chooses the project a ticket's
production goes to, from the ticket page."""

import datetime

import pytest
from django.urls import reverse

from agencydesk.core.models import Event
from agencydesk.desk import services as desk_services
from agencydesk.desk.models import Ticket
from agencydesk.work import services
from agencydesk.work.errors import TicketProjectError
from agencydesk.work.models import Task, TicketProject

from ..factories.desk import make_ticket, request_type
from .factories import make_project


def _project(client, owner, name, status="active", start=None):
    project = make_project(
        client, owner, name=name, start=start or datetime.date(2026, 3, 2)
    )
    if status != "planned":
        project = services.project_update(actor=None, project=project, status=status)
    return project


def _ticket(client, contact, owner):
    ticket = make_ticket(
        client, requester=contact, request_type=request_type("Banner for a campaign")
    )
    return desk_services.ticket_assign(
        actor=None, ticket=ticket, production_owner=owner
    )


def _move(ticket, stage, actor=None, status=None):
    return desk_services.ticket_move(
        actor=actor, ticket=Ticket.objects.get(pk=ticket.pk), stage=stage, status=status
    )


def _page(http, ticket) -> str:
    answer = http.get(reverse("desk:ticket-detail", args=[ticket.number]))
    return answer.content.decode()


def _pick(http, ticket, project_id):
    return http.post(
        reverse("work:ticket-project", args=[ticket.number]),
        {"project": project_id},
        follow=True,
    )


def test_the_picked_project_receives_the_tasks_instead_of_the_current_one(
    client_a, contact_a, manager, specialist, as_user
):
    current = _project(client_a, manager, "Retainer")
    launch = _project(client_a, manager, "Launch", status="planned")
    ticket = _ticket(client_a, contact_a, specialist)
    http = as_user(manager)

    page = _page(http, ticket)
    assert 'id="ticket-project-pick"' in page
    # The current project is the default choice.
    assert f'<option value="{current.pk}" selected>' in page

    answer = _pick(http, ticket, launch.pk)
    assert "goes to the chosen project" in answer.content.decode()
    assert f'<option value="{launch.pk}" selected>' in _page(http, ticket)
    assert not Task.objects.exists()

    _move(ticket, "production", actor=manager)

    steps = list(ticket.steps.order_by("order", "pk"))
    tasks = list(Task.objects.filter(ticket=ticket).order_by("pk"))
    assert steps and [t.title for t in tasks] == [s.name for s in steps]
    assert {t.project for t in tasks} == {launch}
    # The choice is on the ticket's history.
    history = _page(http, ticket)
    assert "sent the work of" in history and "Launch" in history
    assert 'id="ticket-project-pick"' not in history
    event = Event.objects.get(verb="ticket.project_chosen")
    assert (event.actor, event.target_id) == (manager, str(ticket.pk))


def test_picking_after_production_without_tasks_makes_them_once(
    client_a, contact_a, manager, specialist, as_user
):
    planned = _project(client_a, manager, "Next quarter", status="planned")
    ticket = _ticket(client_a, contact_a, specialist)
    _move(ticket, "production", actor=manager)
    assert not Task.objects.exists()
    http = as_user(manager)
    page = _page(http, ticket)
    assert "without tasks" in page

    answer = _pick(http, ticket, planned.pk).content.decode()

    made = list(Task.objects.filter(ticket=ticket))
    assert made and {t.project for t in made} == {planned}
    assert f"{len(made)} tasks were made" in answer
    assert Event.objects.filter(verb="task.from_ticket").count() == len(made)
    # Once: the choice is no longer offered, and asking again is refused.
    assert 'id="ticket-project-pick"' not in _page(http, ticket)
    again = _pick(http, ticket, planned.pk).content.decode()
    assert "tasks are made already" in again
    assert Task.objects.filter(ticket=ticket).count() == len(made)
    # Back to analysis and into Production again: no second set.
    _move(ticket, "analysis", actor=manager)
    _move(ticket, "production", actor=manager)
    assert Task.objects.filter(ticket=ticket).count() == len(made)


def test_a_picked_project_that_closed_meanwhile_falls_back_to_the_current(
    client_a, contact_a, manager, specialist
):
    current = _project(client_a, manager, "Retainer")
    launch = _project(client_a, manager, "Launch", status="planned")
    ticket = _ticket(client_a, contact_a, specialist)
    services.ticket_project_pick(actor=manager, ticket=ticket, project=launch)
    services.project_update(actor=None, project=launch, status="cancelled")

    _move(ticket, "production", actor=manager)

    assert {t.project for t in Task.objects.filter(ticket=ticket)} == {current}


@pytest.mark.parametrize(
    "case", ["other-client", "done", "cancelled", "on_hold", "same", "garbage"]
)
def test_bad_choices_are_refused_with_a_sentence_and_nothing_changes(
    case, client_a, client_b, contact_a, manager, specialist, as_user
):
    current = _project(client_a, manager, "Retainer")
    ticket = _ticket(client_a, contact_a, specialist)
    services.ticket_project_pick(actor=manager, ticket=ticket, project=current)
    project_id = {
        "other-client": lambda: _project(client_b, manager, "Beta site").pk,
        "done": lambda: _project(client_a, manager, "Old", status="done").pk,
        "cancelled": lambda: _project(client_a, manager, "Gone", status="cancelled").pk,
        "on_hold": lambda: _project(client_a, manager, "Paused", status="on_hold").pk,
        "same": lambda: current.pk,
        "garbage": lambda: "'; DROP TABLE x",
    }[case]()
    events = Event.objects.count()

    answer = _pick(as_user(manager), ticket, project_id)

    assert answer.status_code == 200
    text = answer.content.decode()
    expected = {
        "other-client": "Choose a project of Alpha Coffee.",
        "done": "Old is Done: choose a planned or active project.",
        "cancelled": "Gone is Cancelled: choose a planned or active project.",
        "on_hold": "Paused is On hold: choose a planned or active project.",
        "same": "goes to Retainer already",
        "garbage": "Choose one of the listed projects.",
    }[case]
    assert expected in text
    assert TicketProject.objects.get().project == current
    assert Event.objects.count() == events


def test_the_service_refuses_a_closed_ticket_and_one_past_production(
    client_a, contact_a, manager, specialist
):
    project = _project(client_a, manager, "Retainer", status="planned")
    done = _ticket(client_a, contact_a, specialist)
    _move(done, "analysis", actor=manager, status="done")
    delivered = _ticket(client_a, contact_a, specialist)
    _move(delivered, "delivery", actor=manager)

    for ticket, words in ((done, "closed"), (delivered, "past Production")):
        with pytest.raises(TicketProjectError, match=words):
            services.ticket_project_pick(actor=manager, ticket=ticket, project=project)
    assert not TicketProject.objects.exists()


def test_only_who_moves_tickets_and_manages_projects_may_choose(
    client_a, contact_a, contact_b, manager, specialist, as_user
):
    project = _project(client_a, manager, "Retainer")
    ticket = _ticket(client_a, contact_a, specialist)
    url = reverse("work:ticket-project", args=[ticket.number])

    # A specialist moves tickets but does not manage projects: no choice on
    # the page, and the post is refused.
    assert 'id="ticket-project-pick"' not in _page(as_user(specialist), ticket)
    assert as_user(specialist).post(url, {"project": project.pk}).status_code == 403
    # Contacts never reach a staff page, of their own client or another.
    for contact in (contact_a, contact_b):
        answer = as_user(contact.user).post(url, {"project": project.pk})
        assert answer.status_code == 403
    assert not TicketProject.objects.exists()


def test_a_missing_ticket_is_not_found(client_a, contact_a, manager, as_user):
    project = _project(client_a, manager, "Retainer")
    answer = as_user(manager).post(
        reverse("work:ticket-project", args=[999999]), {"project": project.pk}
    )
    assert answer.status_code == 404
    assert not TicketProject.objects.exists()


@pytest.mark.parametrize("projects", [1, 6])
def test_the_ticket_page_with_the_choice_costs_the_same_queries(
    projects,
    client_a,
    contact_a,
    manager,
    specialist,
    as_user,
    django_assert_num_queries,
):
    for n in range(projects):
        _project(client_a, manager, f"Project {n}", status=("active", "planned")[n % 2])
    ticket = _ticket(client_a, contact_a, specialist)
    http = as_user(manager)
    http.get("/")
    page = reverse("desk:ticket-detail", args=[ticket.number])

    # Desk's own, the tasks panel (the tasks, then the projects to choose
    # from marked with the ticket's choice), the scope panel and the
    # complaint panel.
    with django_assert_num_queries(14):
        answer = http.get(page)
    assert answer.content.decode().count("<option value=") >= projects
