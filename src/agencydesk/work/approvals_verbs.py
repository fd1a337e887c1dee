"""Timeline verbs of deliverables and approvals (on the task, the client's
timeline and the ticket's history)."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_verb

register_verb(
    "deliverable.added",
    _("%(actor)s added the deliverable %(deliverable)s to %(target)s."),
    kind="work",
)
register_verb(
    "deliverable.version_added",
    _("%(actor)s added version %(version)s of %(deliverable)s on %(target)s."),
    kind="work",
)
register_verb(
    "approval.sent",
    _(
        "%(actor)s sent %(deliverable)s (version %(version)s, round %(round)s) "
        "of %(target)s to %(contacts)s for approval."
    ),
    kind="work",
)
register_verb(
    "approval.withdrawn",
    _("%(actor)s withdrew round %(round)s of %(deliverable)s on %(target)s."),
    kind="work",
)
register_verb(
    "approval.reminded",
    _(
        "%(contacts)s were reminded of %(deliverable)s (version %(version)s, "
        "round %(round)s) on %(target)s."
    ),
    kind="work",
)
APPROVED = _(
    "%(contact)s approved %(deliverable)s, version %(version)s (round "
    "%(round)s), of %(target)s through %(via)s. %(comment)s"
)
CHANGES = _(
    "%(contact)s asked for changes to %(deliverable)s, version %(version)s "
    "(round %(round)s), of %(target)s through %(via)s: %(comment)s"
)
register_verb("approval.approved", APPROVED, kind="work")
register_verb("approval.changes_requested", CHANGES, kind="work")
# The same decisions on the ticket's history, naming the task.
register_verb(
    "ticket.approval.approved",
    _(
        "%(contact)s approved %(deliverable)s, version %(version)s (round "
        "%(round)s), of the task %(task)s through %(via)s. %(comment)s"
    ),
    kind="work",
)
register_verb(
    "ticket.approval.changes_requested",
    _(
        "%(contact)s asked for changes to %(deliverable)s, version %(version)s "
        "(round %(round)s), of the task %(task)s through %(via)s: %(comment)s"
    ),
    kind="work",
)
