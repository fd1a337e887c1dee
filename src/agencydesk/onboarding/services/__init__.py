"""Writes of the client lifecycle, one module per concept: checklist runs
(``runs``), checklist templates, the questionnaire, closing an account
(``offboarding``). Callers may use ``onboarding.services.<name>``."""

from .checklist_templates import checklist_template_delete, checklist_template_save
from .deposit import deposit_paid, deposit_reversed
from .offboarding import client_archive, feedback_send, feedback_submit
from .questionnaires import (
    question_add,
    questionnaire_answers_check,
    questionnaire_create,
    questionnaire_save,
    questionnaire_send,
    questionnaire_send_reminders,
)
from .runs import (
    default_template,
    item_complete,
    item_complete_by_key,
    item_reopen,
    run_item_reassign,
    run_start,
)

__all__ = [
    "checklist_template_delete",
    "checklist_template_save",
    "client_archive",
    "default_template",
    "deposit_paid",
    "deposit_reversed",
    "feedback_send",
    "feedback_submit",
    "item_complete",
    "item_complete_by_key",
    "item_reopen",
    "question_add",
    "questionnaire_answers_check",
    "questionnaire_create",
    "questionnaire_save",
    "questionnaire_send",
    "questionnaire_send_reminders",
    "run_item_reassign",
    "run_start",
]
