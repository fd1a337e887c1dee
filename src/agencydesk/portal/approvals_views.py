"""The client's approvals: the list of what waits for the contact, the
decision page, the files, and the signed e-mail link that needs no sign-in
(work/services/approvals.py holds the rules)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencydesk.core.access import contact_required
from agencydesk.core.actions import posted, reads, submit, writes
from agencydesk.core.files import download_response
from agencydesk.core.pagination import paginate
from agencydesk.work import services
from agencydesk.work.approvals_forms import DecisionForm
from agencydesk.work.approvals_selectors import (
    approval_refusal,
    approval_request_from_token,
    approvals_for_portal,
    own_approval_request,
)
from agencydesk.work.models import ApprovalRequest


def _own_request(request: HttpRequest, approval_request_id: int) -> ApprovalRequest:
    return own_approval_request(request.viewer, approval_request_id)


def _decision_context(approval: ApprovalRequest) -> dict:
    round_ = approval.round
    return {
        "approval": approval,
        "round": round_,
        "version": round_.version,
        "deliverable": round_.deliverable,
        "project": round_.deliverable.task.project,
        "refusal": approval_refusal(approval),
    }


def _thanks(approval: ApprovalRequest) -> str:
    if approval.decision == ApprovalRequest.Decision.APPROVED:
        return _("Thank you: your approval was recorded.")
    return _("Thank you: your request for changes was sent to the agency.")


@contact_required
@reads
def approval_list(request: HttpRequest) -> HttpResponse:
    decided = request.GET.get("show") == "decided"
    page = paginate(
        request, approvals_for_portal(viewer=request.viewer, waiting=not decided)
    )
    return render(
        request, "portal/approvals/list.html", {"page": page, "decided": decided}
    )


@contact_required
@writes
def approval_detail(request: HttpRequest, approval_request_id: int) -> HttpResponse:
    approval = _own_request(request, approval_request_id)
    return submit(
        request,
        DecisionForm(**posted(request)),
        lambda data: services.approval_decide(
            actor=request.user,
            request=approval,
            via=ApprovalRequest.Via.PORTAL,
            **data,
        ),
        template="portal/approvals/detail.html",
        context=_decision_context(approval),
        success=_thanks,
        redirect_to=request.path,
    )


@contact_required
@reads
def approval_file(request: HttpRequest, approval_request_id: int) -> HttpResponse:
    approval = _own_request(request, approval_request_id)
    return _version_file(approval)


def _version_file(approval: ApprovalRequest) -> HttpResponse:
    version = approval.round.version
    if not version.filename:
        raise Http404
    return download_response(
        version.file, filename=version.filename, content_type=version.content_type
    )


@writes
def approval_link(request: HttpRequest, approval_token: str) -> HttpResponse:
    """The decision link of an e-mail: no sign-in, the signature is the
    authority; a forged, expired or altered token is a 404; a request that
    can no longer be decided says why (410) and takes nothing."""
    approval = approval_request_from_token(approval_token)
    context = _decision_context(approval)
    # Their own decision reads as a page; every other refusal is gone (410).
    if context["refusal"] and (request.method == "POST" or not approval.decision):
        return render(request, "portal/approvals/link.html", context, status=410)
    return submit(
        request,
        DecisionForm(**posted(request)),
        lambda data: services.approval_decide(
            actor=None, request=approval, via=ApprovalRequest.Via.LINK, **data
        ),
        template="portal/approvals/link.html",
        context=context,
        success=_thanks,
        redirect_to=request.path,
    )


@reads
def approval_link_file(request: HttpRequest, approval_token: str) -> HttpResponse:
    """The version's file, for whoever holds the signed link."""
    return _version_file(approval_request_from_token(approval_token))
