"""Demo projects, one per client in each state, through the services:
Kopi Nusantara's website relaunch under way (a request of the seed's flow
turned into its tasks, a deliverable in its second approval round), Lion City
Eats' social media retainer (its SOW near the month's limit, a change request
waiting on the client and one approved), Taiga Honey's finished ads campaign,
Qingshan Tea's retainer on hold, and two planned ones.

Idempotent: a project is created only when its client has none of that name,
and each addition only when it is missing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client, Contact
from agencydesk.desk import services as desk
from agencydesk.desk.models import RequestType, Stage, Ticket
from agencydesk.people.models import User

from . import services
from .models import (
    ApprovalRequest,
    Area,
    Deliverable,
    Project,
    ProjectTemplate,
    Sow,
    Task,
    TaskStatus,
)

NAME = "Website relaunch"


@transaction.atomic
def load(out: TextIO) -> None:
    """Every demo client's project and what the portal shows of it."""
    _website_relaunch(out)
    for row in OTHER_PROJECTS:
        _other_project(out, *row)
    _ticket_to_tasks(out)
    _second_round(out)
    _retainer_scope(out)


def _website_relaunch(out: TextIO) -> None:
    """Start the demo project if it is missing and move its first tasks on."""
    client = Client.objects.filter(slug="kopi-nusantara").first()
    owner = User.objects.filter(email="rina@agency.example").first()
    template = ProjectTemplate.objects.filter(name="Website launch").first()
    if client is None or owner is None or template is None:
        return
    if Project.objects.filter(client=client, name=NAME).exists():
        return
    out.write("  work: a website relaunch for Kopi Nusantara\n")
    start = timezone.localdate() - datetime.timedelta(days=10)
    project = services.project_create(
        actor=None,
        client=client,
        name=NAME,
        start=start,
        owner=owner,
        template=template,
    )
    services.project_update(actor=None, project=project, status="active")
    tasks = list(project.tasks.order_by("order", "pk"))
    moves = [TaskStatus.DONE, TaskStatus.DONE, TaskStatus.IN_REVIEW]
    for task, status in zip(tasks, moves, strict=False):
        services.task_move(actor=None, task=task, status=status, version=task.version)
    services.checklist_add(actor=None, task=tasks[2], text="Home page wireframe")
    services.checklist_add(actor=None, task=tasks[2], text="Product page wireframe")
    for later, earlier in zip(tasks[3:], tasks[2:], strict=False):
        if later.phase_id == earlier.phase_id:
            services.dependency_add(actor=None, task=later, depends_on=earlier)


# client, project, template, start (days from today), status
OTHER_PROJECTS = [
    ("lion-city-eats", "Social media this month", "Monthly social media retainer",
     "month", Project.Status.ACTIVE),
    ("taiga-honey", "Honey season ads", "Ads campaign setup", -60,
     Project.Status.DONE),
    ("qingshan-tea", "Tea social media", "Monthly social media retainer", -20,
     Project.Status.ON_HOLD),
    ("brightline-fitness", "Brightline website", "Website launch", 14,
     Project.Status.PLANNED),
    ("nordwind-outdoor", "Spring season ads", "Ads campaign setup", 30,
     Project.Status.PLANNED),
]  # fmt: skip

RAMADAN = "Ramadan campaign plan"
SOCIAL = "Social media this month"
POSTS_DONE = 10


def _manager(client: Client) -> User | None:
    return User.objects.filter(
        client_teams__client=client, client_teams__role="account_manager"
    ).first()


def _other_project(out: TextIO, slug, name, template_name, start, status) -> None:
    client = (
        Client.objects.filter(slug=slug).exclude(status=Client.Status.ARCHIVED).first()
    )
    template = ProjectTemplate.objects.filter(name=template_name).first()
    if client is None or template is None:
        return
    if Project.objects.filter(client=client, name=name).exists():
        return
    owner = _manager(client)
    if owner is None:
        return
    out.write(f"  work: {name} for {client.name} ({status})\n")
    today = timezone.localdate()
    first = (
        today.replace(day=1)
        if start == "month"
        else today + datetime.timedelta(days=start)
    )
    project = services.project_create(
        actor=None,
        client=client,
        name=name,
        start=first,
        owner=owner,
        template=template,
    )
    if status == Project.Status.DONE:
        for task in project.tasks.order_by("order", "pk"):
            services.task_move(
                actor=None, task=task, status=TaskStatus.DONE, version=task.version
            )
        for milestone in project.milestones.all():
            services.milestone_toggle(actor=None, milestone=milestone)
    elif status in (Project.Status.ACTIVE, Project.Status.ON_HOLD):
        for milestone in project.milestones.filter(due__lt=today):
            services.milestone_toggle(actor=None, milestone=milestone)
    if status != Project.Status.PLANNED:
        services.project_update(actor=None, project=project, status=status)


def _ticket_to_tasks(out: TextIO) -> None:
    """Kopi Nusantara's Ramadan plan (a request of the seed's flow, waiting in
    Planning) enters Production: its steps become tasks of the relaunch."""
    ticket = Ticket.objects.filter(
        title=RAMADAN, client__slug="kopi-nusantara", stage=Stage.PLANNING
    ).first()
    kind = RequestType.objects.filter(name="Banner for a campaign").first()
    producer = User.objects.filter(email="anna@agency.example").first()
    if ticket is None or kind is None or ticket.tasks.exists():
        return
    out.write(f"  work: {ticket.title} goes to production, as tasks\n")
    manager = _manager(ticket.client)
    ticket = desk.ticket_update(actor=manager, ticket=ticket, request_type=kind)
    if producer is not None:
        ticket = desk.ticket_assign(
            actor=manager, ticket=ticket, production_owner=producer
        )
    ticket = Ticket.objects.get(pk=ticket.pk)
    desk.ticket_move(actor=manager, ticket=ticket, stage=Stage.PRODUCTION)


def _second_round(out: TextIO) -> None:
    """The relaunch's wireframes: version 1 sent, changes requested, version 2
    sent — round 2 waits for Maya."""
    task = Task.objects.filter(
        project__client__slug="kopi-nusantara",
        project__name=NAME,
        title="Wireframes",
    ).first()
    maya = Contact.objects.filter(user__email="maya@kopinusantara.example").first()
    if task is None or maya is None:
        return
    if Deliverable.objects.filter(task=task).exists():
        return
    out.write("  work: the wireframes in their second approval round\n")
    deliverable = services.deliverable_create(
        actor=None,
        task=task,
        title="Home page wireframes",
        link="https://staging.kopinusantara.example/wireframes/v1",
        note="Home and product pages.",
    )
    round_one = services.approval_send(
        actor=None, deliverable=deliverable, contacts=[maya]
    )
    services.approval_decide(
        actor=maya.user,
        request=ApprovalRequest.objects.get(round=round_one),
        decision=ApprovalRequest.Decision.CHANGES,
        comment="Please make the coffee photos bigger on the home page.",
    )
    services.version_add(
        actor=None,
        deliverable=deliverable,
        link="https://staging.kopinusantara.example/wireframes/v2",
        note="Bigger photos on the home page.",
    )
    services.approval_send(actor=None, deliverable=deliverable, contacts=[maya])


def _retainer_scope(out: TextIO) -> None:
    """Lion City Eats' retainer: 12 posts a month, 10 done this month; a
    change request for stories approved, one for a video waiting."""
    project = Project.objects.filter(client__slug="lion-city-eats", name=SOCIAL).first()
    contact = Contact.objects.filter(
        user__email="wei.ling@lioncityeats.example"
    ).first()
    if project is None or contact is None:
        return
    client = project.client
    if Sow.objects.filter(client=client).exists():
        return
    out.write("  work: Lion City Eats' statement of work, near its limit\n")
    sow = services.sow_create(
        actor=None,
        client=client,
        title="Social media retainer",
        exclusions="Paid ads, photo shoots.",
        phase_two="A TikTok channel.",
    )
    content = Area.objects.filter(name="Content").first()
    creative = Area.objects.filter(name="Creative").first()
    for what, quantity, unit, area in (
        ("Posts", 12, "deliverables", content),
        ("Revision rounds per post", 2, "revisions", None),
        ("Hours", 40, "hours", None),
    ):
        services.sow_line_add(
            actor=None,
            sow=sow,
            what=what,
            quantity=Decimal(quantity),
            unit=unit,
            area=area,
        )
    services.sow_send(actor=None, sow=sow, contact=contact)
    sow = services.sow_confirm(actor=None, sow=sow, contact=contact)
    for n in range(1, POSTS_DONE + 1):
        task = services.task_create(
            actor=None, project=project, title=f"Post {n}", area=content
        )
        services.task_move(
            actor=None, task=task, status=TaskStatus.DONE, version=task.version
        )
    stories = services.change_request_create(
        actor=None,
        client=client,
        sow=sow,
        title="Instagram stories for the food festival",
        reason="The festival was not in the plan.",
    )
    services.change_request_line_add(
        actor=None,
        change_request=stories,
        what="Stories",
        quantity=Decimal(6),
        unit="deliverables",
        area=creative,
    )
    services.change_request_send(actor=None, change_request=stories, contact=contact)
    services.change_request_decide(
        actor=None, change_request=stories, contact=contact, approve=True
    )
    video = services.change_request_create(
        actor=None,
        client=client,
        sow=sow,
        title="A short video of the new menu",
        reason="Asked for in the monthly call.",
        hours_by_role={"specialist": Decimal(6)},
    )
    services.change_request_send(actor=None, change_request=video, contact=contact)
