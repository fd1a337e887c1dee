"""The weekly view of the AM–accounting meeting and its download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencydesk.core.access import staff_required
from agencydesk.core.actions import reads
from agencydesk.core.pagination import paginate

from ..exports import bucket_labels, weekly_response
from ..forms import ManagerForm
from ..models import EVERY_CONTRACT
from ..selectors import (
    Weeks,
    account_managers_of,
    due_bills,
    due_invoices,
    planned_to_issue,
    sees_contractors,
    weekly_view,
)
from ..selectors.weeks import ROW_LIMIT


def _download(request: HttpRequest, fmt: str, manager_id: int | None) -> HttpResponse:
    viewer = request.viewer
    weeks = Weeks.around(timezone.localdate())
    invoices = (
        due_invoices(viewer=viewer, weeks=weeks, manager_id=manager_id)
        .select_related("contract__client")
        .order_by("due_date", "pk")
    )
    bills = None
    if sees_contractors(viewer, manager_id):
        bills = (
            due_bills(viewer=viewer, weeks=weeks)
            .select_related("contract__contractor")
            .order_by("due_date", "pk")
        )
    planned = (
        planned_to_issue(viewer=viewer, weeks=weeks, manager_id=manager_id)
        .select_related("contract__client")
        .order_by("planned_date", "pk")
    )
    return weekly_response(
        fmt,
        invoices=invoices,
        managers=account_managers_of(invoices.values("contract__client_id")),
        bills=bills,
        planned=planned,
    )


@staff_required("finance.view_invoice")
@reads
def weekly(request: HttpRequest) -> HttpResponse:
    """Finance, admins and leads see every client (and contractors) and may
    choose an account manager; an account manager sees their own clients."""
    chooses = request.viewer.has_perm(EVERY_CONTRACT)
    form = ManagerForm(request.GET or None, viewer=request.viewer) if chooses else None
    manager = form.cleaned_data["manager"] if form and form.is_valid() else None
    manager_id = manager.pk if manager else None
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _download(request, fmt, manager_id)
    view = weekly_view(
        viewer=request.viewer, today=timezone.localdate(), manager_id=manager_id
    )
    return render(
        request,
        "finance/weekly.html",
        {
            "form": form,
            "view": view,
            "clients": paginate(request, view.clients),
            "weeks": view.weeks,
            "labels": bucket_labels(),
            "row_limit": ROW_LIMIT,
        },
    )
