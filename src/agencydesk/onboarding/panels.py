"""Onboarding panels of the client page and the person's calendar feed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from agencydesk.clients.selectors import clients_managed_by
from agencydesk.core.panels import Panel, register_panel
from agencydesk.meetings.ical import FeedEntry, register_feed_source
from agencydesk.people.roles import ACCOUNT_MANAGER_HOME, AGENCY_HOME

from .forms import RunStartForm
from .models import RunItem
from .selectors.offboarding import archives_for_client
from .selectors.questionnaires import questionnaires_for_client
from .selectors.runs import (
    latest_runs_for_client,
    progress_of,
    runs_with_overdue_items,
)


def _client_lifecycle(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    runs = latest_runs_for_client(viewer=request.viewer, client=client)
    today = timezone.localdate()
    return {
        "health": True,
        "runs": [(run, progress_of(list(run.items.all()), today)) for run in runs],
    }


def _client_onboarding(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    # Answers may hold logins and plans: listed only to who may open them.
    sent = (
        questionnaires_for_client(viewer=request.viewer, client=client)[:5]
        if request.viewer.has_perm("onboarding.view_questionnairerequest")
        else []
    )
    # The export made when the account was archived is downloaded from here.
    archives = (
        archives_for_client(viewer=request.viewer, client=client)
        if client.is_archived and request.viewer.has_perm("onboarding.view_archive")
        else []
    )
    return {
        "client": client,
        "archives": archives,
        "questionnaires": list(sent),
        "kinds": RunStartForm.base_fields["kind"].choices,
    }


def _due_items(user: Any) -> Iterable[FeedEntry]:
    items = RunItem.objects.filter(
        owner=user, done_at__isnull=True, run__completed_at__isnull=True
    ).select_related("run__client")
    for item in items.order_by("due_date", "pk")[:500]:
        yield FeedEntry(
            uid=f"checklist-item-{item.pk}",
            title=f"{item} · {item.run.client}",
            day=item.due_date,
            url=item.run.get_absolute_url(),
        )


register_panel(
    "client",
    Panel(
        name="lifecycle-progress",
        template="onboarding/panels/client_progress.html",
        context=_client_lifecycle,
        order=20,
        perm="onboarding.view_run",
    ),
)
register_panel(
    "client",
    Panel(
        name="lifecycle",
        template="onboarding/panels/client_onboarding.html",
        context=_client_onboarding,
        order=25,
        perm="onboarding.view_run",
    ),
)


def _overdue_everywhere(*, request: HttpRequest) -> dict[str, Any]:
    return {"runs": runs_with_overdue_items(viewer=request.viewer)}


def _overdue_my_clients(*, request: HttpRequest) -> dict[str, Any]:
    clients = clients_managed_by(viewer=request.viewer)
    return {
        "runs": runs_with_overdue_items(
            viewer=request.viewer, client_ids=[c.pk for c in clients]
        )
    }


for page, context in (
    (AGENCY_HOME, _overdue_everywhere),
    (ACCOUNT_MANAGER_HOME, _overdue_my_clients),
):
    register_panel(
        page,
        Panel(
            name="onboarding-overdue",
            template="onboarding/panels/home_overdue.html",
            context=context,
            order=30,
            perm="onboarding.view_run",
        ),
    )
register_feed_source(_due_items)
