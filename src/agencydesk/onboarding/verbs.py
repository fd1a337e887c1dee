"""Timeline verbs of the client lifecycle."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("onboarding", _("Onboarding"))
register_kind("offboarding", _("Offboarding"))
register_verb(
    "onboarding.started",
    _("%(actor)s started onboarding with “%(template)s” (%(items)s items)."),
)
register_verb("onboarding.completed", _("Onboarding is complete."))
register_verb(
    "offboarding.started",
    _("%(actor)s started offboarding with “%(template)s” (%(items)s items)."),
)
register_verb("offboarding.completed", _("Offboarding is complete."))
register_verb("onboarding.item_done", _("%(actor)s completed “%(target)s”."))
register_verb(
    "onboarding.item_reassigned",
    _(
        "%(actor)s changed “%(target)s”: owner %(from_owner)s → %(owner)s, "
        "due %(from_due)s → %(due)s."
    ),
)
register_verb("onboarding.item_reopened", _("%(actor)s reopened “%(target)s”."))
register_verb(
    "onboarding.item_paid",
    _("“%(target)s” is done: the deposit invoice %(invoice)s was paid in full."),
)
register_verb(
    "onboarding.item_unpaid",
    _(
        "“%(target)s” was reopened: a payment of the deposit invoice %(invoice)s "
        "was reversed."
    ),
)
register_verb(
    "onboarding.questionnaire_sent",
    _("%(actor)s sent the questionnaire to %(contact)s (due %(due)s)."),
)
register_verb(
    "onboarding.questionnaire_saved",
    _("%(contact)s saved answers to the questionnaire."),
)
register_verb(
    "onboarding.questionnaire_submitted",
    _("%(contact)s returned the questionnaire: %(summary)s"),
)
register_verb(
    "onboarding.questionnaire_reminded",
    _("A reminder about the questionnaire went to %(contact)s (%(when)s)."),
)
register_verb(
    "offboarding.feedback_sent", _("%(actor)s sent the feedback survey to %(contact)s.")
)
register_verb(
    "offboarding.feedback_received",
    _("%(contact)s answered the feedback survey: %(score)s/10. %(comment)s"),
    kind="offboarding",
)
register_verb(
    "offboarding.archived",
    _("%(actor)s archived the account; the export holds %(files)s files."),
    kind="offboarding",
)
