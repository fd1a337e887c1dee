"""Timeline verbs of meetings."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("meeting", _("Meetings"))
register_verb("meeting.scheduled", _("%(actor)s scheduled %(target)s for %(when)s."))
register_verb("meeting.minutes", _("%(actor)s recorded the minutes of %(target)s."))
register_verb(
    "meeting.action_added",
    _("%(actor)s gave %(owner)s the action “%(action)s” (due %(due)s)."),
)
register_verb("meeting.action_done", _("%(actor)s finished “%(action)s”."))
register_verb("meeting.rescheduled", _("%(actor)s moved %(target)s to %(when)s."))
register_verb("meeting.updated", _("%(actor)s changed the details of %(target)s."))
register_verb("meeting.cancelled", _("%(actor)s cancelled %(target)s."))
register_verb(
    "meeting.recap_sent", _("%(actor)s sent the recap of %(target)s to its attendees.")
)
register_verb(
    "task.from_meeting",
    _("%(actor)s made the task %(target)s from an action of %(meeting)s."),
    kind="work",
)
