"""The client's projects: milestone progress and phase bars — never tasks,
comments, hours or money (work/portal_selectors.py reads what may be shown)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencydesk.core.access import access_object, contact_required
from agencydesk.core.actions import reads
from agencydesk.core.pagination import paginate
from agencydesk.work.portal_selectors import project_progress, projects_for_portal
from agencydesk.work.scope_selectors import today_for


@contact_required
@reads
def project_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, projects_for_portal(viewer=request.viewer))
    rows = list(page.object_list)
    today = today_for(rows[0].client) if rows else None
    context = {
        "page": page,
        "progress": [project_progress(p, today=today) for p in rows],
    }
    return render(request, "portal/projects/list.html", context)


@contact_required
@reads
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_object(
        request.viewer,
        projects_for_portal(viewer=request.viewer),
        project_id,
    )
    progress = project_progress(project, today=today_for(project.client))
    return render(request, "portal/projects/detail.html", {"progress": progress})
