"""Reads of checklist runs (onboarding.selectors.runs)."""

import datetime

import pytest

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.core.access import SYSTEM
from agencydesk.onboarding.selectors.runs import (
    progress_of,
    run_list_for_overview,
    runs_for_page,
    runs_with_overdue_items,
)
from agencydesk.onboarding.services import runs as services

from ..helpers import complete

pytestmark = pytest.mark.django_db


def test_the_overview_counts_progress_overdue_and_blocked(client_a, client_b, manager):
    old = datetime.date(2026, 1, 5)
    run_a = services.run_start(actor=manager, client=client_a, start_date=old)
    services.run_start(actor=manager, client=client_b)
    complete(run_a, "contract-sent", actor=manager)

    rows = {
        r.client.name: (r.total, r.done, r.overdue, r.blocked)
        for r in run_list_for_overview(viewer=SYSTEM)
    }
    # Blocked: items waiting for an open dependency (contract-signed no longer
    # waits; deposit, questionnaire-returned, platform-linking, kpis,
    # report-setup, client-kickoff, statement-of-work do).
    assert rows == {"Alpha Coffee": (20, 1, 19, 7), "Beta Honey": (20, 0, 0, 8)}


def test_progress_counts_done_overdue_and_blocked_items(client_a, manager):
    run = services.run_start(
        actor=manager, client=client_a, start_date=datetime.date(2026, 1, 5)
    )
    complete(run, "contract-sent", actor=manager)
    items = list(runs_for_page().get(pk=run.pk).items.all())

    progress = progress_of(items, today=datetime.date(2026, 1, 5))

    assert (progress.total, progress.done, progress.overdue) == (20, 1, 0)
    assert progress.blocked == 7
    assert progress.percent == 5
    assert progress_of(items, today=datetime.date(2027, 1, 1)).overdue == 19


def test_runs_with_overdue_items_lists_only_late_runs_the_viewer_may_see(
    client_a, client_b, contact_a, manager
):
    services.run_start(
        actor=manager, client=client_a, start_date=datetime.date(2026, 1, 5)
    )
    services.run_start(actor=manager, client=client_b)

    late = runs_with_overdue_items(viewer=SYSTEM)

    assert [(run.client.name, count) for run, count in late] == [("Alpha Coffee", 20)]
    assert runs_with_overdue_items(viewer=SYSTEM, client_ids=[client_b.pk]) == []
    # The client's own contact never sees the agency's checklists.
    assert runs_with_overdue_items(viewer=viewer_for_user(contact_a.user)) == []
