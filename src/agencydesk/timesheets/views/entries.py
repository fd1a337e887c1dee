"""The list of logged time, filtered, and its CSV/XLSX download."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencydesk.core.access import staff_required
from agencydesk.core.actions import reads
from agencydesk.core.pagination import paginate

from ..exports import time_entries_response
from ..forms import EntryFilterForm
from ..selectors import time_entry_list
from ..weeks import next_month, parse_month


def _entry_filters(form: EntryFilterForm) -> dict:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    filters = {"user_id": data["person"].pk if data["person"] else None}
    month = parse_month(data["month"])
    if month:
        filters.update(first=month, last=next_month(month) - timedelta(days=1))
    if data["client"] == "internal":
        filters["internal"] = True
    elif data["client"]:
        filters["client_id"] = data["client"].pk
    return filters


@staff_required("timesheets.view_timeentry")
@reads
def entry_list(request: HttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET or None, viewer=request.viewer)
    entries = time_entry_list(viewer=request.viewer, **_entry_filters(form))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return time_entries_response(fmt, entries)
    return render(
        request,
        "timesheets/entry_list.html",
        {"page": paginate(request, entries), "form": form},
    )
