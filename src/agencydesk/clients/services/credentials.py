"""Credentials from the client: a one-time link on which a contact enters the
accesses the agency needs, straight into the encrypted access inventory.

The link carries the request id and its client id, signed with the secret key
(salt "clients.credentials"), and a random part of which only the SHA-256 is
stored. It works once and until ``expires_at``; the e-mail carries the link
and nothing else, the secrets go from the form to ``access_entry_create``
(encrypted) and never into mail, notifications or the timeline.
"""

from __future__ import annotations

import secrets as random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.access import require_actor
from agencydesk.core.i18n import for_recipient
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record

from ..errors import CredentialRequestError
from ..models import AccessEntry, Client, Contact, CredentialRequest
from ..selectors.credentials import check_open, credential_url, token_hash
from .access import access_entry_create
from .guard import ensure_editable

DEFAULT_DAYS = 7
MAX_DAYS = 30
MAX_ROWS = 10
# Rows the contact's page offers at once (empty ones are ignored).
FORM_ROWS = 5


@dataclass(frozen=True)
class SubmittedAccess:
    platform: str
    login: str = ""
    secret: str = ""
    notes: str = ""


@transaction.atomic
def credential_request_send(
    *,
    actor: Any,
    client: Client,
    contact: Contact,
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
) -> tuple[CredentialRequest, str]:
    """Mail a contact of the client a one-time link to enter accesses; the
    link (a path) is returned once and never stored."""
    require_actor(actor, "clients.add_accessentry")
    client = ensure_editable(client)
    if contact.client_id != client.pk:
        raise CredentialRequestError(_("Choose a contact of this client."))
    if not 1 <= days <= MAX_DAYS:
        raise CredentialRequestError(
            _("A link can be valid for 1 to %(max)d days.") % {"max": MAX_DAYS}
        )
    now = now or timezone.now()
    nonce = random.token_urlsafe(24)
    request = CredentialRequest.objects.create(
        client=client,
        contact=contact,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=now + timedelta(days=days),
        token_hash=token_hash(nonce),
    )
    path = credential_url(request, nonce)
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="client.credentials_requested",
        target=request,
        data={"contact": str(contact), "expires": request.expires_at.isoformat()},
    )
    _mail_link(request, settings.SITE_URL.rstrip("/") + path)
    return request, path


def _mail_link(request: CredentialRequest, link: str) -> None:
    """The e-mail holds the link and nothing secret, written as the contact
    reads (language, timezone of the expiry)."""
    person = request.contact.user
    context = {
        "client": request.client,
        "person": person,
        "link": link,
        "sent": request,
    }
    with for_recipient(person):
        subject = render_to_string(
            "clients/email/credential_request_subject.txt", context
        )
        text = render_to_string("clients/email/credential_request.txt", context)
    outbox_enqueue(
        to=[person.email],
        subject=" ".join(subject.split()),
        text=text,
        headers={"Auto-Submitted": "auto-generated"},
        ref=f"clients.credential_request:{request.pk}",
    )


@transaction.atomic
def credential_request_submit(
    *,
    request: CredentialRequest,
    accesses: Sequence[SubmittedAccess],
    now: datetime | None = None,
) -> list[AccessEntry]:
    """Store what the contact entered as granted accesses (secrets encrypted)
    and close the link; a second submission, even a simultaneous one, is
    refused with nothing stored."""
    now = now or timezone.now()
    request = (
        CredentialRequest.objects.select_for_update(of=("self",))
        .select_related("client", "contact__user", "created_by")
        .get(pk=request.pk)
    )
    check_open(request, now)
    accesses = [a for a in accesses if a.platform.strip()]
    if not accesses:
        raise CredentialRequestError(_("Enter at least one access."))
    if len(accesses) > MAX_ROWS:
        raise CredentialRequestError(
            _("Send at most %(max)d accesses at once.") % {"max": MAX_ROWS}
        )
    person = request.contact.user
    entries = [
        access_entry_create(
            actor=None,
            submitted_by=person,
            client=request.client,
            platform=access.platform.strip(),
            account_id=access.login.strip(),
            notes=access.notes.strip(),
            secret=access.secret,
            state=AccessEntry.State.GRANTED,
        )
        for access in accesses
    ]
    request.used_at = now
    request.save(update_fields=["used_at"])
    platforms = ", ".join(entry.platform for entry in entries)
    timeline_record(
        actor=person,
        client_id=request.client_id,
        verb="client.credentials_submitted",
        target=request,
        data={"platforms": platforms, "count": len(entries)},
    )
    if request.created_by is not None and request.created_by.is_active:
        notify(
            recipient=request.created_by,
            verb="client.credentials_submitted",
            title=lambda: (
                _("%(person)s sent accesses for %(client)s: %(platforms)s")
                % {
                    "person": person,
                    "client": request.client.name,
                    "platforms": platforms,
                }
            ),
            url=reverse("clients:access-list", args=[request.client.slug]),
        )
    return entries


@transaction.atomic
def credential_request_withdraw(
    *, actor: Any, request: CredentialRequest, now: datetime | None = None
) -> CredentialRequest:
    """Close an open link before the contact uses it (sent to the wrong
    person, no longer needed): it then shows the contact that it was
    withdrawn. A used, expired or already withdrawn link stays as it is."""
    require_actor(actor, "clients.add_accessentry")
    ensure_editable(request.client)
    now = now or timezone.now()
    request = (
        CredentialRequest.objects.select_for_update(of=("self",))
        .select_related("contact__user")
        .get(pk=request.pk)
    )
    if request.used_at is not None:
        raise CredentialRequestError(
            _("This link was already used; nothing more can be sent with it.")
        )
    if request.withdrawn_at is not None or request.expires_at <= now:
        return request
    request.withdrawn_at = now
    request.save(update_fields=["withdrawn_at"])
    timeline_record(
        actor=actor,
        client_id=request.client_id,
        verb="client.credentials_withdrawn",
        target=request,
        data={"contact": str(request.contact)},
    )
    return request
