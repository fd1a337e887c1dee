"""Timeline verbs of projects and tasks."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("work", _("Projects and tasks"))
register_verb(
    "project.created",
    _("%(actor)s started the project %(target)s (%(template)s)."),
    kind="work",
)
register_verb(
    "project.updated", _("%(actor)s changed the project %(target)s."), kind="work"
)
register_verb(
    "milestone.done",
    _("%(actor)s marked the milestone %(milestone)s of %(target)s done."),
    kind="work",
)
register_verb(
    "milestone.reopened",
    _("%(actor)s opened the milestone %(milestone)s of %(target)s again."),
    kind="work",
)
register_verb("task.created", _("%(actor)s added the task %(target)s."), kind="work")
register_verb("task.updated", _("%(actor)s changed the task %(target)s."), kind="work")
register_verb(
    "task.moved", _("%(actor)s moved the task %(target)s to %(status)s."), kind="work"
)
register_verb(
    "task.from_ticket",
    _("%(actor)s made the task %(target)s from the ticket %(ticket)s."),
    kind="work",
)
register_verb(
    "ticket.project_chosen",
    _("%(actor)s sent the work of %(target)s to the project %(project)s."),
    kind="work",
)
register_verb(
    "task.dependency_added",
    _("%(actor)s made the task %(target)s wait for %(other)s."),
    kind="work",
)
register_verb(
    "task.dependency_removed",
    _("%(actor)s let the task %(target)s stop waiting for %(other)s."),
    kind="work",
)
register_verb(
    "task.checklist_added",
    _("%(actor)s added %(item)s to the checklist of %(target)s."),
    kind="work",
)
register_verb(
    "task.checklist_done",
    _("%(actor)s ticked %(item)s on the checklist of %(target)s."),
    kind="work",
)
register_verb(
    "task.checklist_reopened",
    _("%(actor)s unticked %(item)s on the checklist of %(target)s."),
    kind="work",
)
register_verb(
    "task.commented",
    _("%(actor)s commented on the task %(target)s (mentioned: %(mentions)s)."),
    kind="work",
)
register_verb(
    "task.file_added",
    _("%(actor)s attached %(file)s to the task %(target)s."),
    kind="work",
)
