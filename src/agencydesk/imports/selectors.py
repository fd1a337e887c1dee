"""Reads of import runs for their pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from agencydesk.core.access import Viewer, client_scoped

from .models import ImportRun

VIEW = "imports.view_importrun"


def runs_for_list() -> QuerySet[ImportRun]:
    """Every run, newest first, without the per-row results the list does not
    show (index ``imports_run_created``)."""
    return ImportRun.objects.select_related("created_by").defer(
        "results", "message", "ignored_columns"
    )


def run_for_page(viewer: Viewer | None = None) -> QuerySet[ImportRun]:
    """A run with the people who uploaded and imported it: any run for who
    may see imports, a KPI file of a client in scope for who reads KPIs."""
    runs = ImportRun.objects.select_related("created_by", "imported_by", "client")
    if viewer is None or viewer.has_perm(VIEW):
        return runs
    if viewer.has_perm("reports.view_datapoint"):
        return client_scoped(
            runs.filter(kind=ImportRun.Kind.KPI_DATA, client__isnull=False), viewer
        )
    return runs.none()


def results_shown(run: ImportRun, show: str) -> list[dict]:
    """The run's rows, or only those with errors (``show="errors"``)."""
    if show == "errors":
        return [row for row in run.results if row.get("action") == "error"]
    return list(run.results)


def access_run(viewer: Viewer, run_id: int) -> ImportRun:
    """A run the viewer may see, or Http404 alike for missing and not theirs.
    The permission is the queryset's (``run_for_page``): who reads KPIs sees
    the KPI files of their clients without seeing every import; anyone
    else is refused (403) as the other import pages refuse them."""
    if not (viewer.has_perm(VIEW) or viewer.has_perm("reports.view_datapoint")):
        raise PermissionDenied
    try:
        return run_for_page(viewer).get(pk=int(run_id))
    except (ImportRun.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
