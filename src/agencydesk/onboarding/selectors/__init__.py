"""Reads of the client lifecycle, one module per concept: checklist runs
(``runs``), checklist templates, the questionnaire and its signed link,
closing an account (the survey link, archives) and the archive's export
(``exports``, which builds the ZIP and writes nothing)."""

from .checklist_templates import (
    checklist_template_for_edit,
    checklist_template_rows,
    checklist_templates_for_list,
)
from .exports import build_export
from .offboarding import (
    archives_for_client,
    feedback_from_token,
    feedback_token,
    feedback_url,
)
from .questionnaires import (
    questionnaire_for_edit,
    questionnaire_for_page,
    questionnaire_rows,
    questionnaire_token,
    questionnaire_url,
    questionnaires_for_builder,
    questionnaires_for_client,
    request_from_token,
)
from .runs import (
    Progress,
    latest_runs_for_client,
    progress_of,
    run_list_for_overview,
    runs_for_page,
    runs_with_overdue_items,
)

__all__ = [
    "Progress",
    "archives_for_client",
    "build_export",
    "checklist_template_for_edit",
    "checklist_template_rows",
    "checklist_templates_for_list",
    "feedback_from_token",
    "feedback_token",
    "feedback_url",
    "latest_runs_for_client",
    "progress_of",
    "questionnaire_for_edit",
    "questionnaire_for_page",
    "questionnaire_rows",
    "questionnaire_token",
    "questionnaire_url",
    "questionnaires_for_builder",
    "questionnaires_for_client",
    "request_from_token",
    "run_list_for_overview",
    "runs_for_page",
    "runs_with_overdue_items",
]
