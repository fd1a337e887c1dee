"""Projects and tasks built through the services."""

import datetime

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.work import services
from agencydesk.work.models import Area, ProjectTemplate, TemplateItem

MONDAY = datetime.date(2026, 3, 2)


def make_project(client, owner, *, name="Spring campaign", start=MONDAY, **kwargs):
    return services.project_create(
        actor=None, client=client, name=name, start=start, owner=owner, **kwargs
    )


def make_task(project, title="Task", **kwargs):
    return services.task_create(actor=None, project=project, title=title, **kwargs)


def on_team(client, user, role=TeamMember.Role.SPECIALIST):
    team_member_add(actor=None, client=client, user=user, role=role)


def small_template() -> ProjectTemplate:
    """A phase with a task in it, a task after it and a milestone to approve."""
    template = ProjectTemplate.objects.create(name="Small launch")
    content = Area.objects.get(name="Content")
    discovery = TemplateItem.objects.create(
        template=template, kind="phase", title="Discovery", duration_days=3, order=0
    )
    TemplateItem.objects.create(
        template=template,
        kind="task",
        title="Brief",
        duration_days=1,
        owner_role=TeamMember.Role.ACCOUNT_MANAGER,
        phase=discovery,
        order=1,
    )
    TemplateItem.objects.create(
        template=template,
        kind="task",
        title="Plan",
        offset_days=2,
        duration_days=3,
        owner_role=TeamMember.Role.SPECIALIST,
        area=content,
        order=2,
    )
    TemplateItem.objects.create(
        template=template,
        kind="milestone",
        title="Approved",
        offset_days=5,
        needs_client_approval=True,
        order=3,
    )
    return template
