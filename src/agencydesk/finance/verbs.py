"""How finance events read on the client timeline."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("finance", _("Contracts and documents"))
register_verb(
    "contract.created", _("%(actor)s recorded the contract %(target)s."), kind="finance"
)
register_verb(
    "contract.updated", _("%(actor)s changed the contract %(target)s."), kind="finance"
)
register_verb(
    "contract.status_changed",
    _("%(actor)s moved the contract %(target)s to %(status)s."),
    kind="finance",
)
register_verb(
    "contract.file_uploaded",
    _("%(actor)s uploaded version %(number)s of the contract %(target)s."),
    kind="finance",
)
register_verb(
    "document.created", _("%(actor)s added the document %(target)s."), kind="finance"
)
register_verb(
    "document.updated", _("%(actor)s updated the document %(target)s."), kind="finance"
)
register_verb(
    "invoice.issued",
    _("%(actor)s issued the invoice %(target)s."),
    kind="finance",
)
register_verb(
    "invoice.credited",
    _("%(actor)s cancelled the invoice %(target)s by a credit note."),
    kind="finance",
)
register_verb(
    "invoice.paid", _("The invoice %(target)s was paid in full."), kind="finance"
)
register_verb(
    "invoice.sent",
    _("%(actor)s sent the invoice %(target)s to %(recipients)s."),
    kind="finance",
)
register_verb(
    "invoice.overdue",
    _("The invoice %(target)s is overdue (due on %(due_date)s)."),
    kind="finance",
)
register_verb(
    "invoice.reminded",
    _("A reminder of the overdue invoice %(target)s went to %(recipients)s."),
    kind="finance",
)
register_verb(
    "payment.recorded",
    _("%(actor)s recorded a payment against the invoice %(target)s."),
    kind="finance",
)
register_verb(
    "payment.reversed",
    _("%(actor)s reversed a payment of the invoice %(target)s."),
    kind="finance",
)
register_verb(
    "plan.added",
    _("%(actor)s planned the invoice %(target)s."),
    kind="finance",
)
register_verb("act.created", _("%(actor)s added the act %(target)s."), kind="finance")
register_verb(
    "act.status_changed",
    _("%(actor)s moved the act %(target)s to %(status)s."),
    kind="finance",
)
register_verb(
    "document.scan_received",
    _("%(actor)s sent the signed scan of %(target)s."),
    kind="finance",
)
register_verb(
    "act.signed_by_client",
    _("%(actor)s signed the act %(target)s (scan uploaded)."),
    kind="finance",
)
