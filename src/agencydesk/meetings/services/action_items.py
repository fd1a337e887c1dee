"""Writes of action items: add one, mark it done, make it a project task."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User
from agencydesk.work import services as work_services
from agencydesk.work.models import Project, Task

from ..errors import ActionItemTaskError, MeetingInvalidError
from ..models import ActionItem, Meeting


def _meeting_touched(meeting_id: int) -> None:
    # The API shows a meeting with its action items: a sync asking what
    # changed since (``updated_since``) must see the meeting as changed.
    Meeting.objects.filter(pk=meeting_id).update(updated_at=timezone.now())


@transaction.atomic
def action_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
) -> ActionItem:
    """Agree a follow-up in a meeting; its owner is told."""
    require_actor(actor, "meetings.add_actionitem")
    ensure_editable(meeting.client)
    if owner is not None and not owner.is_staff:
        raise MeetingInvalidError(_("Only agency staff can own an action item."))
    item = ActionItem.objects.create(
        meeting=meeting, title=title, owner=owner, due_date=due_date
    )
    _meeting_touched(meeting.pk)
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.action_added",
        target=meeting,
        data={
            "action": title,
            "owner": owner.display_name if owner else _("nobody"),
            "due": due_date.isoformat() if due_date else "—",
        },
    )
    if owner is not None:
        notify(
            recipient=owner,
            verb="meetings.action_item",
            title=lambda: (
                _("New action from %(meeting)s: %(action)s")
                % {"meeting": meeting.title, "action": title}
            ),
            url=meeting.get_absolute_url(),
        )
    return item


@transaction.atomic
def action_item_done(*, actor: Any, item: ActionItem) -> ActionItem:
    """Mark a follow-up done."""
    require_actor(actor, "meetings.change_actionitem")
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=item.pk)
    )
    ensure_editable(item.meeting.client)
    if item.done_at is None:
        item.done_at = timezone.now()
        item.save(update_fields=["done_at"])
        _meeting_touched(item.meeting_id)
        timeline_record(
            actor=actor,
            client_id=item.meeting.client_id,
            verb="meeting.action_done",
            target=item.meeting,
            data={"action": item.title},
        )
    return item


@transaction.atomic
def action_item_to_task(*, actor: Any, item: ActionItem, project: Project) -> Task:
    """Make a follow-up a task of one of its client's projects, with its owner
    and due date, linked back to the meeting; once per item."""
    require_actor(actor, "meetings.change_actionitem")
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__client", "owner")
        .get(pk=item.pk)
    )
    if item.task_id is not None:
        raise ActionItemTaskError(_("This action item is a task already."))
    if project.client_id != item.meeting.client_id:
        raise ActionItemTaskError(
            _("Choose a project of %(client)s.") % {"client": item.meeting.client.name}
        )
    owner = item.owner
    if owner is not None and not (owner.is_staff and owner.is_active):
        owner = None
    task = work_services.task_create(
        actor=actor, project=project, title=item.title, owner=owner, due=item.due_date
    )
    item.task = task
    item.save(update_fields=["task"])
    timeline_record(
        actor=actor,
        client_id=item.meeting.client_id,
        verb="task.from_meeting",
        target=task,
        data={"meeting": item.meeting.title},
    )
    return task
