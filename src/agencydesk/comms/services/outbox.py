"""The outbox: messages are rows written inside the sender's transaction and
delivered by the worker, with retries and backoff; their state stays visible."""

from __future__ import annotations

import json
import logging
import smtplib
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from email.utils import make_msgid
from typing import Any
from urllib import error as urlerror
from urllib import request as urlrequest

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from agencydesk.core import leases
from agencydesk.core.batch import batch_defer, batch_insert

from ..models import OutboundMessage, WhatsAppTemplate

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Attachment:
    """A part sent with a message, built at send time: text (an .ics
    invitation) or bytes (an invoice's PDF)."""

    filename: str
    content: str | bytes
    content_type: str  # "text/calendar", "application/pdf"
    params: Mapping[str, str] = field(default_factory=dict)  # {"method": "REQUEST"}


# Higher apps keep what they attach in their own rows and name it in the
# message's ``ref`` ("meetings.invitation:42"); the outbox asks them by the
# part before the colon, so the outbox table needs no file column.
_ATTACHMENTS: dict[str, Callable[[str], Sequence[Attachment]]] = {}


def register_attachments(
    prefix: str, source: Callable[[str], Sequence[Attachment]]
) -> None:
    """Let messages whose ``ref`` starts with ``prefix:`` carry attachments."""
    _ATTACHMENTS[prefix] = source


def attachments_for(message: OutboundMessage) -> Sequence[Attachment]:
    prefix, _, key = message.ref.partition(":")
    source = _ATTACHMENTS.get(prefix)
    return source(key) if source and key else ()


def mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ")


def new_message_id(prefix: str = "") -> str:
    """A Message-ID of ours, without angle brackets."""
    idstring = f"{prefix}.{uuid.uuid4().hex[:12]}" if prefix else None
    return make_msgid(idstring=idstring, domain=mail_domain()).strip("<>")


def outbox_enqueue(
    *,
    to: Sequence[str],
    subject: str = "",
    text: str = "",
    html: str = "",
    cc: Sequence[str] = (),
    reply_to: str = "",
    headers: Mapping[str, str] | None = None,
    ref: str = "",
    message_id: str | None = None,
    channel: str = OutboundMessage.Channel.EMAIL,
    from_email: str | None = None,
    route: str = "",
    route_reason: str = "",
    template: WhatsAppTemplate | None = None,
    template_params: Sequence[str] = (),
) -> OutboundMessage:
    """Queue a message inside the caller's transaction; the worker sends it
    once the transaction has committed. In an intake batch the row is
    inserted with the batch's other mail (``batch_insert``)."""
    message = OutboundMessage(
        channel=channel,
        to=list(to),
        cc=list(cc),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        reply_to=reply_to,
        subject=subject[:255],
        text=text,
        html=html,
        headers=dict(headers or {}),
        message_id=message_id or new_message_id(),
        ref=ref,
        next_attempt_at=timezone.now(),
        route=route,
        route_reason=route_reason,
        template_name=template.template_name if template else "",
        template_language=template.meta_language if template else "",
        template_params=list(template_params),
    )
    batch_insert(message)
    # The id is read at commit, after a batch has inserted the row.
    transaction.on_commit(lambda: _deliver_soon([message.pk]), robust=True)
    return message


# The worker's delivery jobs, handed over by ``comms.apps`` (the tasks
# module calls this one, so this one does not import it back).
_JOBS: dict[str, Callable[[Any], None]] = {}


def register_delivery_jobs(
    *, one: Callable[[int], None], many: Callable[[list[int]], None]
) -> None:
    """The jobs that send one queued message and a batch of them."""
    _JOBS["one"], _JOBS["many"] = one, many


def _deliver_soon(ids: list[int]) -> None:
    """One worker job per message, or one for a whole batch (mail intake)."""

    def flush(batches: list[list[int]]) -> None:
        every = [pk for batch in batches for pk in batch]
        if len(every) == 1:
            _JOBS["one"](every[0])
        else:
            _JOBS["many"](every)

    batch_defer("comms.outbox", ids, flush)


def outbox_enqueue_many(messages: list[OutboundMessage]) -> list[OutboundMessage]:
    """Queue many prepared messages in one insert; the worker gets one job."""
    now = timezone.now()
    for message in messages:
        message.from_email = message.from_email or settings.DEFAULT_FROM_EMAIL
        message.next_attempt_at = now
    created = OutboundMessage.objects.bulk_create(messages)
    ids = [m.pk for m in created]
    if ids:
        transaction.on_commit(lambda: _deliver_soon(ids), robust=True)
    return created


def _send_email(message: OutboundMessage) -> None:
    headers = {"Message-ID": f"<{message.message_id}>", **message.headers}
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=message.from_email,
        to=message.to,
        cc=message.cc,
        reply_to=[message.reply_to] if message.reply_to else None,
        headers=headers,
        connection=get_connection(timeout=30),
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in attachments_for(message):
        if isinstance(attachment.content, bytes):
            email.attach(
                attachment.filename, attachment.content, attachment.content_type
            )
            continue
        _, subtype = attachment.content_type.split("/", 1)
        part = MIMEText(attachment.content, subtype, "utf-8")
        for name, value in attachment.params.items():
            part.set_param(name, value)
        part.add_header(
            "Content-Disposition", "attachment", filename=attachment.filename
        )
        email.attach(part)
    email.send(fail_silently=False)


def _whatsapp_body(message: OutboundMessage) -> dict:
    """A text message, or the approved template a reply outside the 24-hour
    window must be."""
    body = {"messaging_product": "whatsapp", "to": message.to[0]}
    if not message.template_name:
        return {**body, "type": "text", "text": {"body": message.text[:4096]}}
    template = {
        "name": message.template_name,
        "language": {"code": message.template_language},
    }
    if message.template_params:
        parameters = [{"type": "text", "text": p} for p in message.template_params]
        template["components"] = [{"type": "body", "parameters": parameters}]
    return {**body, "type": "template", "template": template}


def _send_whatsapp(message: OutboundMessage) -> None:
    """The Cloud API messages endpoint: one message to one number; the id it
    answers with is kept, since the webhook's delivery statuses name it."""
    base = settings.WHATSAPP_API_BASE.rstrip("/")
    url = f"{base}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    body = json.dumps(_whatsapp_body(message)).encode()
    req = urlrequest.Request(  # noqa: S310 - the configured API base
        url,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {settings.WHATSAPP_TOKEN}",
            "Content-Type": "application/json",
        },
    )
    with urlrequest.urlopen(req, timeout=20) as response:  # noqa: S310
        if response.status >= 300:
            raise OSError(f"WhatsApp API answered {response.status}")
        answer = response.read(65536)
    try:
        ids = json.loads(answer).get("messages") or [{}]
        message.provider_id = str(ids[0].get("id", ""))[:128]
    except (ValueError, AttributeError, TypeError, IndexError):
        message.provider_id = ""


SENDERS = {
    OutboundMessage.Channel.EMAIL: _send_email,
    OutboundMessage.Channel.WHATSAPP: _send_whatsapp,
}


def _claim(message_id: int) -> OutboundMessage | None:
    """Take a queued message for this process, in a statement of its own: None
    when it is sent or failed, or another live worker holds it."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(
        _unclaimed(now), pk=message_id, status=OutboundMessage.Status.QUEUED
    ).update(
        claimed_by=leases.holder(),
        claimed_until=leases.lease_until(now),
        attempts=F("attempts") + 1,
    )
    return OutboundMessage.objects.get(pk=message_id) if claimed else None


def _unclaimed(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def outbox_deliver(message_id: int) -> OutboundMessage | None:
    """Send one queued message; on failure note the error and when to retry.

    The message is claimed first and sent outside any transaction, and the
    outcome is written right after: a worker killed before that leaves the
    claim, which its restart (``outbox_resume``) or the lease's end hands to
    the next send. That send repeats the Message-ID, so a message the server
    had already accepted is one message to the recipient (docs/deployment.md,
    "What a killed worker loses")."""
    message = _claim(message_id)
    if message is None:
        return None
    holder = message.claimed_by
    if message.attempts > MAX_ATTEMPTS:
        # Only attempts that ended without an outcome (the worker was killed
        # or crashed while sending) get here: stop before it happens again.
        message.status = OutboundMessage.Status.FAILED
        message.next_attempt_at = None
        message.last_error = (
            f"{MAX_ATTEMPTS} attempts ended without an outcome; given up."
        )
    else:
        try:
            SENDERS[message.channel](message)
        except (
            smtplib.SMTPException,
            OSError,
            urlerror.URLError,
            ValueError,
        ) as error:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboundMessage.Status.FAILED
                message.next_attempt_at = None
            else:
                # 1, 2, 4 … minutes, at most six hours between tries.
                delay = min(2 ** (message.attempts - 1), 360)
                message.next_attempt_at = timezone.now() + timedelta(minutes=delay)
            logger.warning("Outbox %s failed: %s", message.pk, message.last_error)
        else:
            message.status = OutboundMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.next_attempt_at = None
    message.claimed_by, message.claimed_until = "", None
    # Only while the claim is still ours: past its lease another worker may
    # have taken the message over, and its outcome is the one to keep.
    OutboundMessage.objects.filter(pk=message.pk, claimed_by=holder).update(
        **{name: getattr(message, name) for name in OUTCOME_FIELDS}
    )
    return message


OUTCOME_FIELDS = (
    "status",
    "sent_at",
    "last_error",
    "next_attempt_at",
    "provider_id",
    "claimed_by",
    "claimed_until",
)


def _due(now: datetime) -> models.QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(
        _unclaimed(now),
        status=OutboundMessage.Status.QUEUED,
        next_attempt_at__lte=now,
    )


def outbox_retry_due() -> int:
    """Send every queued message whose retry time has come (and any whose
    sender's claim ran out)."""
    due = list(_due(timezone.now()).values_list("pk", flat=True)[:500])
    for pk in due:
        outbox_deliver(pk)
    return len(due)


RESUME_CHUNK = 100


def outbox_resume() -> int:
    """At worker start: take back the messages this worker's previous process
    was sending when it stopped, and hand every due message to the queue."""
    queued = OutboundMessage.objects.filter(status=OutboundMessage.Status.QUEUED)
    leases.release_previous(queued, claimed_until=None)
    due = list(_due(timezone.now()).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(due), RESUME_CHUNK):
        _JOBS["many"](due[start : start + RESUME_CHUNK])
    return len(due)


def outbox_requeue(*, message: OutboundMessage) -> OutboundMessage:
    """Give a failed message a new round of attempts."""
    message.status = OutboundMessage.Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: outbox_deliver(message.pk), robust=True)
    return message
