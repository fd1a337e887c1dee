"""/onboarding-runs: each client's onboarding and offboarding checklists, their
items and how far they are, through the onboarding app's run selectors (the
overview's and the run page's). Staff only, as the pages: the portal shows a
client no checklist, so a contact's token is 403."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require
from agencydesk.onboarding.models import Run
from agencydesk.onboarding.selectors.runs import (
    Progress,
    progress_of,
    run_list_for_overview,
    runs_for_page,
)

from ..auth import ONBOARDING_READ
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.onboarding import RunDetailOut, RunFilter, RunPage

router = Router(tags=["onboarding"])

ORDERING = ("client__name", "pk")


def _progress(progress: Progress) -> dict[str, int]:
    return {**asdict(progress), "percent": progress.percent}


@router.get("", response={200: RunPage, **ERRORS}, auth=ONBOARDING_READ)
def run_list(request: HttpRequest, filters: Query[RunFilter]) -> Any:
    """Runs by client name, open ones by default, with their progress."""
    viewer = request.viewer
    require(viewer, "onboarding.view_run")
    client = None
    if filters.client:
        try:
            client = access_object(viewer, Client, filters.client, field_name="slug")
        except Http404:
            return {"items": [], "next_cursor": None}
    rows = run_list_for_overview(
        viewer=viewer,
        kind=filters.kind,
        show_done=filters.state != "open",
        client=client,
    )
    if filters.state == "done":
        rows = rows.filter(completed_at__isnull=False)
    items, cursor = cursor_page(
        rows, ordering=ORDERING, cursor=filters.cursor, limit=filters.limit
    )
    for run in items:  # the overview's annotated counts
        run.api_progress = _progress(
            Progress(
                total=run.total, done=run.done, overdue=run.overdue, blocked=run.blocked
            )
        )
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{int:run_id}", response={200: RunDetailOut, **ERRORS}, auth=ONBOARDING_READ
)
def run_get(request: HttpRequest, run_id: int) -> Run:
    """One run with its items in order: owner, due date, gate, done, what
    each still waits for."""
    require(request.viewer, "onboarding.view_run")
    run = access_object(request.viewer, runs_for_page(), run_id)
    run.api_progress = _progress(progress_of(list(run.items.all())))
    return run
