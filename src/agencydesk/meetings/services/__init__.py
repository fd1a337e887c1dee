"""Writes about meetings: schedule, update, cancel, minutes and the recap,
action items, agenda templates, and the invitations they send.

One module per concept; callers use ``meetings.services.<name>`` as before."""

from .action_items import action_item_add, action_item_done, action_item_to_task
from .agenda_templates import agenda_template_delete, agenda_template_save
from .feed import feed_link_reset
from .invitations import invitation_send, recap_send
from .meetings import (
    SCHEDULE_FIELDS,
    meeting_cancel,
    meeting_record_minutes,
    meeting_schedule,
    meeting_send_recap,
    meeting_update,
)

__all__ = [
    "SCHEDULE_FIELDS",
    "action_item_add",
    "action_item_done",
    "action_item_to_task",
    "agenda_template_delete",
    "agenda_template_save",
    "feed_link_reset",
    "invitation_send",
    "meeting_cancel",
    "meeting_record_minutes",
    "meeting_schedule",
    "meeting_send_recap",
    "meeting_update",
    "recap_send",
]
