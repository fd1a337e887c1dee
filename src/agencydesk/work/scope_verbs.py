"""Timeline verbs of statements of work and change requests."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("scope", _("Scope and change requests"))
for verb, sentence in [
    ("sow.created", _("%(actor)s drafted the statement of work %(target)s.")),
    ("sow.updated", _("%(actor)s changed the statement of work %(target)s.")),
    ("sow.line_added", _("%(actor)s added %(line)s to %(target)s.")),
    ("sow.line_removed", _("%(actor)s removed %(line)s from %(target)s.")),
    ("sow.line_raised", _("%(actor)s raised %(line)s in %(target)s.")),
    ("sow.sent", _("%(actor)s sent %(target)s to %(contact)s.")),
    ("sow.confirmed", _("%(contact)s confirmed %(target)s.")),
    (
        "scope.threshold_reached",
        _(
            "%(line)s of %(target)s reached %(threshold)s%% "
            "(%(used)s of %(contracted)s)."
        ),
    ),
    ("change_request.created", _("%(actor)s drafted the change request %(target)s.")),
    ("change_request.updated", _("%(actor)s changed the change request %(target)s.")),
    ("change_request.sent", _("%(actor)s sent %(target)s to %(contact)s.")),
    ("change_request.withdrawn", _("%(actor)s withdrew %(target)s.")),
    ("change_request.approved", _("%(contact)s approved %(target)s.")),
    ("change_request.rejected", _("%(contact)s rejected %(target)s.")),
    ("change_request.budget_changed", _("%(target)s changed the budget: %(budget)s.")),
    (
        "milestone.shifted",
        _("The milestone %(target)s moved from %(from)s to %(to)s (%(request)s)."),
    ),
    (
        "ticket.out_of_scope",
        _("%(actor)s marked %(target)s out of scope: %(request)s."),
    ),
]:
    register_verb(verb, sentence, kind="scope")
