"""How time and budget events read on the client timeline."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("budget", _("Budgets"))
register_verb("budget.set", _("%(actor)s set the budget %(target)s."), kind="budget")
register_verb(
    "budget.threshold_crossed",
    _("Budget %(target)s reached %(threshold)s%% of its hours or money."),
    kind="budget",
)
register_verb(
    "budget.client_told",
    _(
        "The client was told by e-mail that retainer %(target)s used "
        "%(percent)s%% of its hours (alert at %(threshold)s%%)."
    ),
    kind="budget",
)
register_verb(
    "task.time_logged",
    _("%(person)s logged %(duration)s on the task %(target)s."),
    kind="work",
)
