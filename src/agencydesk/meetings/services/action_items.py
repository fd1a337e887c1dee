"""Writes of action items: add one (a work task beside it), mark it done."""

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

from ..errors import MeetingInvalidError
from ..models import ActionItem, Meeting


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
        timeline_record(
            actor=actor,
            client_id=item.meeting.client_id,
            verb="meeting.action_done",
            target=item.meeting,
            data={"action": item.title},
        )
    return item
