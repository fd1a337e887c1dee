"""What every desk write shares: who acts, the locked re-read, saving with
the version, notifying the team, checking and storing attached files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.models import Client
from agencydesk.clients.selectors import account_managers_of
from agencydesk.core.access import SYSTEM, Viewer, require_actor
from agencydesk.core.batch import batch_cached
from agencydesk.core.files import check_uploads, read_upload
from agencydesk.core.i18n import for_recipient
from agencydesk.core.notifications import notify
from agencydesk.people.models import User

from ..errors import (
    AttachmentRefusedError,
    TicketChangedError,
)
from ..models import (
    Attachment,
    Message,
    Ticket,
)


def _viewer(actor: Any) -> Viewer:
    if actor is None or not actor.pk:
        return viewer_for_user(actor)
    return batch_cached(("desk.viewer", actor.pk), lambda: viewer_for_user(actor))


def _require_visible(
    actor: Any, ticket: Ticket, action: str, *, row: bool = True
) -> Viewer:
    """Staff need the desk permission; a contact must see the ticket and the
    action must be one contacts may take. ``row=False`` leaves a contact's
    row check to ``_lock(..., viewer=...)`` where a lock reads the ticket
    anyway (one query instead of two)."""
    if actor is None:
        return SYSTEM
    viewer = _viewer(actor)
    if viewer.is_staff:
        perm = "desk.move_ticket" if action == "move" else f"desk.{action}_ticket"
        if action in ("reply", "note"):
            perm = "desk.add_message"
        require_actor(actor, perm)
        return viewer
    if row and not Ticket.objects.visible_to(viewer).filter(pk=ticket.pk).exists():
        raise Http404
    if action not in Ticket.contact_actions:
        raise PermissionDenied
    return viewer


def _lock(
    ticket: Ticket, version: int | None, *, viewer: Viewer | None = None
) -> Ticket:
    """Re-read the ticket under a row lock; refuse if someone changed it.
    With a contact's ``viewer`` the read is also the visibility check
    (``_require_visible(..., row=False)`` left it to this read)."""
    rows = Ticket.objects.all()
    if viewer is not None and not viewer.is_staff:
        visible = Ticket.objects.visible_to(viewer)
        if not viewer.limited_to_own:
            rows = visible
        # "Only their own tickets" needs DISTINCT, which a row lock cannot take.
        elif not visible.filter(pk=ticket.pk).exists():
            raise Http404
    fresh = (
        rows.select_for_update(of=("self",))
        .select_related("client__calendar")
        .filter(pk=ticket.pk)
        .first()
    )
    if fresh is None:
        raise Http404
    if version is not None and fresh.version != version:
        raise TicketChangedError
    if fresh.client.status == Client.Status.ARCHIVED:
        raise ClientArchivedError
    return fresh


def _save(ticket: Ticket, fields: Iterable[str]) -> None:
    ticket.version += 1
    ticket.save(update_fields=[*set(fields), "version", "updated_at"])


SLA_FIELDS = [
    "sla_state", "first_response_minutes", "resolution_minutes", "first_response_due",
    "first_response_risk_at", "first_responded_at", "resolution_due",
    "resolution_risk_at", "sla_paused_at", "first_response_met", "resolution_met",
    "first_response_business_minutes", "resolution_business_minutes",
]  # fmt: skip


def _account_managers(client_id: int) -> list[User]:
    return batch_cached(
        ("desk.account_managers", client_id), lambda: account_managers_of(client_id)
    )


def _notify_each(
    people: Iterable[User],
    *,
    verb: str,
    ticket: Ticket,
    title: Any,
    body: str = "",
    portal: bool = False,
    actor: Any = None,
) -> None:
    # Nobody is told of what they did themselves (an account manager who
    # opens a request for their client, a person who takes a ticket).
    seen: set[int] = {actor.pk} if getattr(actor, "pk", None) else set()
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        # Each person reads the notification in their own language and zone.
        with for_recipient(person):
            notify(
                recipient=person,
                verb=verb,
                title=str(title() if callable(title) else title),
                body=body,
                url=ticket.get_portal_url()
                if not person.is_staff
                else ticket.get_absolute_url(),
            )


def _check_attachments(files: Sequence[Any]) -> None:
    check_uploads(files, error=AttachmentRefusedError)


def _store_attachments(message: Message, files: Sequence[Any]) -> list[Attachment]:
    _check_attachments(files)
    stored = []
    for upload in files:
        read = read_upload(upload)
        attachment = Attachment(
            message=message,
            filename=read.name,
            content_type=read.content_type,
            size=read.size,
            sha256=read.sha256,
        )
        attachment.file.save(read.name, read.as_content(), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def _team_of(ticket: Ticket) -> list[Any]:
    """Who hears about a ticket's news: its analyst and watchers, else the
    client's account managers."""
    if ticket.analyst_id:
        return [ticket.analyst, *ticket.watchers.all()]
    return _account_managers(ticket.client_id)
