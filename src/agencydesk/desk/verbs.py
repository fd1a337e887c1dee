"""Timeline verbs of the service desk."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("ticket", _("Tickets"))
register_verb("ticket.opened", _("%(actor)s opened %(target)s (%(channel)s)."))
register_verb(
    "ticket.moved", _("%(actor)s moved %(target)s to %(stage)s (%(status)s).")
)
register_verb(
    "ticket.analyst_set", _("%(actor)s made %(person)s the analyst of %(target)s.")
)
register_verb(
    "ticket.production_owner_set",
    _("%(actor)s made %(person)s the production owner of %(target)s."),
)
register_verb("ticket.promised", _("%(actor)s promised %(target)s for %(date)s."))
register_verb(
    "ticket.updated", _("%(actor)s changed %(target)s (priority %(priority)s).")
)
register_verb("ticket.replied", _("%(actor)s replied on %(target)s (%(channel)s)."))
register_verb("ticket.noted", _("%(actor)s added an internal note on %(target)s."))
register_verb(
    "ticket.sender_held",
    _("Mail claiming to be from %(sender)s was held on %(target)s (not verified)."),
)
register_verb(
    "ticket.sender_accepted",
    _("%(actor)s accepted the held mail of %(sender)s on %(target)s."),
)
register_verb(
    "ticket.sender_discarded",
    _("%(actor)s discarded the held mail of %(sender)s on %(target)s."),
)
register_verb(
    "ticket.step_done", _("%(actor)s finished the step %(step)s of %(target)s.")
)
register_verb("ticket.rated", _("%(actor)s rated %(target)s %(score)s of 5."))
register_verb(
    "ticket.sla_at_risk",
    _("%(target)s is at risk of missing its SLA; told %(notified)s."),
)
register_verb(
    "ticket.sla_breached", _("%(target)s breached its SLA; told %(notified)s.")
)
