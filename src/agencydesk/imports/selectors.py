"""Reads of import runs for their pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ImportRun


def runs_for_list() -> QuerySet[ImportRun]:
    """Every run, newest first, without the per-row results the list does not
    show (index ``imports_run_created``)."""
    return ImportRun.objects.select_related("created_by").defer(
        "results", "message", "ignored_columns"
    )


def run_for_page() -> QuerySet[ImportRun]:
    """A run with the people who uploaded and imported it."""
    return ImportRun.objects.select_related("created_by", "imported_by")


def results_shown(run: ImportRun, show: str) -> list[dict]:
    """The run's rows, or only those with errors (``show="errors"``)."""
    if show == "errors":
        return [row for row in run.results if row.get("action") == "error"]
    return list(run.results)
