"""How complaints, risks and escalations read on the client timeline."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("risks", _("Complaints and risks"))
register_verb(
    "complaint.opened", _("%(actor)s opened the complaint %(target)s."), kind="risks"
)
register_verb(
    "complaint.acknowledged",
    _("%(actor)s acknowledged the complaint %(target)s."),
    kind="risks",
)
register_verb(
    "complaint.resolved",
    _("%(actor)s resolved the complaint %(target)s."),
    kind="risks",
)
register_verb(
    "complaint.closed",
    _("%(actor)s closed the complaint %(target)s (the client confirmed)."),
    kind="risks",
)
register_verb(
    "complaint.escalated",
    _("The complaint %(target)s was escalated to %(to)s: %(reason)s"),
    kind="risks",
)
register_verb(
    "risk.recorded", _("%(actor)s recorded the risk %(target)s."), kind="risks"
)
register_verb(
    "risk.updated",
    _("%(actor)s updated the risk %(target)s (%(status)s)."),
    kind="risks",
)
register_verb(
    "risk.escalated",
    _("The risk %(target)s was escalated to %(to)s: %(reason)s"),
    kind="risks",
)
register_verb(
    "ticket.escalated",
    _("The ticket %(target)s was escalated to %(to)s: %(reason)s"),
    kind="risks",
)
