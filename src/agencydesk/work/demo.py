"""Demo projects: Kopi Nusantara's website relaunch from the "Website launch"
template, under way — through the services.

Idempotent: a project is created only when its client has none of that name.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.people.models import User

from . import services
from .models import Project, ProjectTemplate, TaskStatus

NAME = "Website relaunch"


@transaction.atomic
def load(out: TextIO) -> None:
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
