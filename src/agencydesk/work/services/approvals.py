"""Client approvals: deliverables of a task (files with versions, or links)
sent to contacts of the task's client in numbered rounds; each contact
approves or asks for changes, in the portal or from a signed e-mail link.

While a round waits on the client, the task's ticket (if any) is moved to
"waiting on customer" through ``desk.services.ticket_move`` so its SLA clock
stops as for any customer wait, and back to open when the round closes
(docs/architecture.md, "Client approvals").
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Contact
from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.files import (
    HashedContent,
    file_extension,
    file_type_allowed,
    upload_name,
)
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record
from agencydesk.desk import services as desk_services
from agencydesk.desk.models import Status as TicketStatus
from agencydesk.desk.models import Ticket

from ..approvals_errors import (
    ApprovalAlreadyDecidedError,
    ApprovalCommentRequiredError,
    ApprovalContactError,
    ApprovalNothingToSendError,
    ApprovalRoundClosedError,
    ApprovalVersionOutdatedError,
    DeliverableInputError,
)
from ..approvals_selectors import (
    latest_version_number,
    remind_day,
)
from ..models import (
    ApprovalRequest,
    ApprovalRound,
    Deliverable,
    DeliverableVersion,
    Milestone,
    Task,
)
from .approval_mail import mail_request
from .scope import scope_check_alerts

PERM = "work.send_for_approval"
MAX_CONTACTS = 20


def _check_upload(upload: Any) -> str:
    """The name an upload is kept under, or a refusal before anything is
    stored (the desk's attachment rules: allow-listed types, size limit)."""
    name = upload_name(getattr(upload, "name", ""))
    if not file_type_allowed(name):
        extension = file_extension(name)
        raise DeliverableInputError(
            _("Files of type %(ext)s cannot be attached.") % {"ext": extension}
            if extension
            else _("Files without a type cannot be attached."),
            field="file",
        )
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise DeliverableInputError(
            _("%(name)s is larger than the limit of %(size)s.")
            % {"name": name, "size": filesizeformat(limit)},
            field="file",
        )
    return name


def _add_version(
    *, actor: Any, deliverable: Deliverable, file: Any, link: str, note: str
) -> DeliverableVersion:
    if file is None and not link:
        raise ApprovalNothingToSendError
    last = deliverable.versions.aggregate(last=Max("number"))["last"] or 0
    version = DeliverableVersion(
        deliverable=deliverable,
        number=last + 1,
        link=link,
        note=note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if file is not None:
        name = _check_upload(file)
        content = file.read()
        version.filename = name
        version.content_type = (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        version.size = len(content)
        version.sha256 = hashlib.sha256(content).hexdigest()
        version.file.save(name, HashedContent(content, version.sha256), save=False)
    version.save()
    return version


def _lock_deliverable(deliverable: Deliverable) -> Deliverable:
    """Re-read under a row lock (versions and rounds are numbered one at a
    time); refused when the client's account is archived."""
    fresh = (
        Deliverable.objects.select_for_update(of=("self",))
        .select_related("task__project__client", "task__ticket")
        .get(pk=deliverable.pk)
    )
    ensure_editable(fresh.task.project.client)
    return fresh


@transaction.atomic
def deliverable_create(
    *,
    actor: Any,
    task: Task,
    title: str,
    milestone: Milestone | None = None,
    file: Any = None,
    link: str = "",
    note: str = "",
) -> Deliverable:
    """Add a deliverable to a task with its first version (a file or a link)."""
    require_actor(actor, PERM)
    ensure_editable(task.project.client)
    if milestone is not None and milestone.project_id != task.project_id:
        raise DeliverableInputError(
            _("The milestone must belong to the task's project."), field="milestone"
        )
    deliverable = Deliverable.objects.create(
        task=task,
        milestone=milestone,
        title=title,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    version = _add_version(
        actor=actor, deliverable=deliverable, file=file, link=link, note=note
    )
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="deliverable.added",
        target=task,
        data={"deliverable": title, "version": version.number},
    )
    return deliverable


@transaction.atomic
def version_add(
    *,
    actor: Any,
    deliverable: Deliverable,
    file: Any = None,
    link: str = "",
    note: str = "",
) -> DeliverableVersion:
    """Upload a new version of a deliverable (numbered after the last)."""
    require_actor(actor, PERM)
    deliverable = _lock_deliverable(deliverable)
    version = _add_version(
        actor=actor, deliverable=deliverable, file=file, link=link, note=note
    )
    timeline_record(
        actor=actor,
        client_id=deliverable.task.project.client_id,
        verb="deliverable.version_added",
        target=deliverable.task,
        data={"deliverable": deliverable.title, "version": version.number},
    )
    return version


def _hold_ticket(task: Task, *, held_before: bool, note: str) -> bool:
    """Stop the ticket's SLA clock as "waiting on customer" while the client
    decides; answers whether this round holds the ticket."""
    ticket = task.ticket
    if ticket is None:
        return False
    if ticket.status == TicketStatus.WAITING:
        # Already waiting: the round holds it if the round it replaces did.
        return held_before
    if ticket.status != TicketStatus.OPEN:
        return False
    desk_services.ticket_move(
        actor=None, ticket=ticket, status=TicketStatus.WAITING, note=note, tell=False
    )
    return True


def _release_ticket(round_: ApprovalRound, *, note: str) -> None:
    """The client decided (or the round was withdrawn): the ticket is open
    with the team again, unless another round still waits on the client."""
    if not round_.holds_ticket:
        return
    round_.holds_ticket = False
    round_.save(update_fields=["holds_ticket"])
    ticket_id = round_.deliverable.task.ticket_id
    still_held = ApprovalRound.objects.filter(
        deliverable__task__ticket_id=ticket_id,
        status=ApprovalRound.Status.PENDING,
        holds_ticket=True,
    ).exists()
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if still_held or ticket is None or ticket.status != TicketStatus.WAITING:
        return
    desk_services.ticket_move(
        actor=None, ticket=ticket, status=TicketStatus.OPEN, note=note, tell=False
    )


def _round_data(round_: ApprovalRound) -> dict[str, Any]:
    return {
        "deliverable": round_.deliverable.title,
        "version": round_.version.number,
        "round": round_.number,
    }


@transaction.atomic
def approval_send(
    *,
    actor: Any,
    deliverable: Deliverable,
    contacts: Sequence[Contact],
    message: str = "",
    now: datetime | None = None,
) -> ApprovalRound:
    """Send the latest version to contacts of the task's client as a new
    numbered round; a round still waiting is replaced by it. Each contact
    gets an e-mail, in their language, with a signed link to decide."""
    require_actor(actor, PERM)
    now = now or timezone.now()
    deliverable = _lock_deliverable(deliverable)
    task = deliverable.task
    client = task.project.client
    contacts = list({c.pk: c for c in contacts}.values())
    if (
        not contacts
        or len(contacts) > MAX_CONTACTS
        or any(c.client_id != client.pk or not c.user.is_active for c in contacts)
    ):
        raise ApprovalContactError
    version = deliverable.versions.order_by("-number").first()
    if version is None:
        raise ApprovalNothingToSendError
    pending = list(
        ApprovalRound.objects.select_for_update().filter(
            deliverable=deliverable, status=ApprovalRound.Status.PENDING
        )
    )
    for old in pending:
        old.status = ApprovalRound.Status.SUPERSEDED
        old.closed_at = now
        old.save(update_fields=["status", "closed_at"])
    held_before = any(old.holds_ticket for old in pending)
    if held_before:
        ApprovalRound.objects.filter(pk__in=[o.pk for o in pending]).update(
            holds_ticket=False
        )
    last = deliverable.rounds.aggregate(last=Max("number"))["last"] or 0
    round_ = ApprovalRound(
        deliverable=deliverable,
        number=last + 1,
        version=version,
        message=message,
        sent_by=actor if getattr(actor, "pk", None) else None,
        sent_at=now,
        remind_on=remind_day(client, now),
    )
    round_.holds_ticket = _hold_ticket(
        task,
        held_before=held_before,
        note=_("Waiting for the client's approval of %(name)s (round %(round)d).")
        % {"name": deliverable.title, "round": round_.number},
    )
    round_.save()
    requests = ApprovalRequest.objects.bulk_create(
        [ApprovalRequest(round=round_, contact=c) for c in contacts]
    )
    for request in requests:
        request.round = round_
        mail_request(request, reminder=False)
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="approval.sent",
        target=task,
        data={
            **_round_data(round_),
            "contacts": ", ".join(str(c) for c in contacts),
        },
    )
    if round_.number > 1:  # a revision round: the scope meter may cross 80%/100%
        scope_check_alerts(client=client)
    return round_


@transaction.atomic
def approval_withdraw(*, actor: Any, round: ApprovalRound) -> ApprovalRound:
    """Take back a round still waiting on the client: its links stop working."""
    require_actor(actor, PERM)
    round_ = (
        ApprovalRound.objects.select_for_update(of=("self",))
        .select_related("deliverable__task__project__client", "version")
        .get(pk=round.pk)
    )
    ensure_editable(round_.deliverable.task.project.client)
    if round_.status != ApprovalRound.Status.PENDING:
        raise ApprovalRoundClosedError(round_.status)
    round_.status = ApprovalRound.Status.WITHDRAWN
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    _release_ticket(round_, note=_("The request for approval was withdrawn."))
    timeline_record(
        actor=actor,
        client_id=round_.deliverable.task.project.client_id,
        verb="approval.withdrawn",
        target=round_.deliverable.task,
        data=_round_data(round_),
    )
    return round_


@transaction.atomic
def approval_decide(
    *,
    actor: Any,
    request: ApprovalRequest,
    decision: str,
    comment: str = "",
    via: str = ApprovalRequest.Via.PORTAL,
    version: int | None = None,
    now: datetime | None = None,
) -> ApprovalRequest:
    """A contact approves the round's version or asks for changes (with a
    comment). ``actor`` is the signed-in contact (the portal) or None (the
    signed link is the authority). Refused, with nothing changed: another
    person's request, a second decision, a closed, withdrawn or replaced
    round, a version older than the latest (or than ``version``, the number
    of the version the contact decided on, when given)."""
    now = now or timezone.now()
    if decision not in ApprovalRequest.Decision.values:
        raise PermissionDenied
    comment = comment.strip()
    if decision == ApprovalRequest.Decision.CHANGES and not comment:
        raise ApprovalCommentRequiredError
    request = (
        ApprovalRequest.objects.select_for_update(of=("self",))
        .select_related("contact__user")
        .get(pk=request.pk)
    )
    if actor is not None and request.contact.user_id != actor.pk:
        raise PermissionDenied
    round_ = (
        ApprovalRound.objects.select_for_update(of=("self",))
        .select_related(
            "version",
            "sent_by",
            "deliverable__task__project__client",
            "deliverable__task__ticket",
        )
        .get(pk=request.round_id)
    )
    client = round_.deliverable.task.project.client
    if request.contact.client_id != client.pk:
        raise PermissionDenied
    ensure_editable(client)
    if request.decision:
        raise ApprovalAlreadyDecidedError
    if round_.status != ApprovalRound.Status.PENDING:
        raise ApprovalRoundClosedError(round_.status)
    latest = latest_version_number(round_.deliverable_id)
    if round_.version.number != latest or version not in (None, latest):
        raise ApprovalVersionOutdatedError(latest)
    request.decision = decision
    request.comment = comment
    request.decided_at = now
    request.via = via
    request.save(update_fields=["decision", "comment", "decided_at", "via"])
    _close_round_if_decided(round_, request, now=now)
    _record_decision(round_, request)
    return request


def _close_round_if_decided(
    round_: ApprovalRound, request: ApprovalRequest, *, now: datetime
) -> None:
    """Changes asked by anyone close the round; it is approved once every
    contact asked has approved."""
    if request.decision == ApprovalRequest.Decision.CHANGES:
        round_.status = ApprovalRound.Status.CHANGES
    elif not round_.requests.filter(decision="").exists():
        round_.status = ApprovalRound.Status.APPROVED
    else:
        return
    round_.closed_at = now
    round_.save(update_fields=["status", "closed_at"])
    _release_ticket(
        round_,
        note=_("The client decided on %(name)s (round %(round)d).")
        % {"name": round_.deliverable.title, "round": round_.number},
    )


def _record_decision(round_: ApprovalRound, request: ApprovalRequest) -> None:
    """On the task's history and the client's timeline (one event), on the
    ticket's history, and a notification to whoever sent the round."""
    approved = request.decision == ApprovalRequest.Decision.APPROVED
    task = round_.deliverable.task
    data = {
        **_round_data(round_),
        "contact": str(request.contact),
        "comment": request.comment,
        "via": ApprovalRequest.Via(request.via).label,
    }
    verb = "approval.approved" if approved else "approval.changes_requested"
    person = request.contact.user
    timeline_record(
        actor=person,
        client_id=task.project.client_id,
        verb=verb,
        target=task,
        data=data,
    )
    if task.ticket_id:
        timeline_record(
            actor=person,
            client_id=task.project.client_id,
            verb=f"ticket.{verb}",
            target=task.ticket,
            data={**data, "task": task.title},
        )
    sender = round_.sent_by
    if sender is not None and sender.is_active:
        notify(
            recipient=sender,
            verb=verb,
            title=lambda: (
                (
                    _("%(contact)s approved %(name)s (version %(version)d)")
                    if approved
                    else _(
                        "%(contact)s asked for changes to %(name)s "
                        "(version %(version)d)"
                    )
                )
                % {
                    "contact": str(request.contact),
                    "name": round_.deliverable.title,
                    "version": round_.version.number,
                }
            ),
            body=request.comment,
            url=task.get_absolute_url(),
        )
