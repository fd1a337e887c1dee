"""URL-walk samples of projects and tasks: a project of each side's client
with two tasks, a dependency and a checklist line."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.people.models import User
from agencydesk.work import services
from agencydesk.work.approvals_selectors import approval_token
from agencydesk.work.models import ApprovalRequest, Milestone


def _project(side):
    def make():
        owner = User.objects.filter(is_staff=True).order_by("pk").first()
        return services.project_create(
            actor=None,
            client=side.client,
            name=f"{side.client.name} Project",
            start=datetime.date(2026, 3, 2),
            owner=owner,
        )

    return side.once("work.project", make)


def _milestone(side):
    return side.once(
        "work.milestone",
        lambda: Milestone.objects.create(
            project=_project(side),
            title=f"{side.client.name} Milestone",
            due=datetime.date(2026, 3, 20),
        ),
    )


def _task(side, key="work.task", title="Task"):
    return side.once(
        key,
        lambda: services.task_create(
            actor=None, project=_project(side), title=f"{side.client.name} {title}"
        ),
    )


def _dependency(side):
    return side.once(
        "work.dependency",
        lambda: services.dependency_add(
            actor=None,
            task=_task(side),
            depends_on=_task(side, "work.other-task", "Other task"),
        ),
    )


def _checklist_item(side):
    return side.once(
        "work.checklist",
        lambda: services.checklist_add(actor=None, task=_task(side), text="Check"),
    )


def _file(side):
    return side.once(
        "work.file",
        lambda: services.task_file_add(
            actor=None,
            task=_task(side),
            upload=SimpleUploadedFile("brief.pdf", b"%PDF-1.4"),
        ),
    )


def _deliverable(side):
    return side.once(
        "work.deliverable",
        lambda: services.deliverable_create(
            actor=None,
            task=_task(side),
            title=f"{side.client.name} Deliverable",
            file=SimpleUploadedFile("design.pdf", b"%PDF-1.4 design"),
        ),
    )


def _approval_request(side):
    def make():
        round_ = services.approval_send(
            actor=None, deliverable=_deliverable(side), contacts=[side.contact]
        )
        return ApprovalRequest.objects.get(round=round_)

    return side.once("work.approval-request", make)


def _sow(side):
    """A sent SOW with one line (contacts see it; drafts they do not)."""

    def make():
        from decimal import Decimal

        sow = services.sow_create(
            actor=None, client=side.client, title=f"{side.client.name} SOW"
        )
        services.sow_line_add(
            actor=None, sow=sow, what="Posts", quantity=Decimal(12), unit="deliverables"
        )
        return services.sow_send(actor=None, sow=sow, contact=side.contact)

    return side.once("work.sow", make)


def _change_request(side):
    def make():
        cr = services.change_request_create(
            actor=None,
            client=side.client,
            sow=_sow(side),
            title=f"{side.client.name} Change",
        )
        return services.change_request_send(
            actor=None, change_request=cr, contact=side.contact
        )

    return side.once("work.change_request", make)


def _sow_token(side, cb):
    from agencydesk.work.services.scope import sow_token

    return sow_token(_sow(side), side.contact)


def _cr_token(side, cb):
    from agencydesk.work.services.change_requests import change_request_token

    return change_request_token(_change_request(side), side.contact)


SAMPLES = {
    "deliverable_id": lambda side, cb: str(_deliverable(side).pk),
    "version_id": lambda side, cb: str(_deliverable(side).versions.get().pk),
    "round_id": lambda side, cb: str(_approval_request(side).round_id),
    "approval_request_id": lambda side, cb: str(_approval_request(side).pk),
    "approval_token": lambda side, cb: approval_token(_approval_request(side)),
    "sow_id": lambda side, cb: str(_sow(side).pk),
    "line_id": lambda side, cb: str(_sow(side).lines.order_by("pk").first().pk),
    "cr_id": lambda side, cb: str(_change_request(side).pk),
    "sow_token": _sow_token,
    "cr_token": _cr_token,
    "project_id": lambda side, cb: str(_project(side).pk),
    "milestone_id": lambda side, cb: str(_milestone(side).pk),
    "task_id": lambda side, cb: str(_task(side).pk),
    "dependency_id": lambda side, cb: str(_dependency(side).pk),
    "checklist_item_id": lambda side, cb: str(_checklist_item(side).pk),
    "file_id": lambda side, cb: str(_file(side).pk),
}
