"""Invoices leave the agency: an issued invoice is e-mailed with its PDF to
the client's billing contacts, and an overdue one is announced once (the
``invoice.overdue`` event and webhook) and reminded at most once a week.

Every mail goes through the outbox in its recipient's language and timezone;
the PDF (in the client's language) is drawn by the worker when it sends
(``finance.pdf.invoice_attachments``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.access import require_actor
from agencydesk.core.i18n import for_recipient
from agencydesk.core.money import format_money
from agencydesk.core.notifications import notify

from ..errors import InvoiceNotSendableError, NoBillingContactError
from ..models import Invoice
from ..pdf import INVOICE_REF
from ._shared import record
from .invoices import lock_invoice

# A reminder goes again only when the last one is this many days old.
REMIND_EVERY_DAYS = 7
# At most this many invoices are handled per run; the rest wait for the next.
REMINDER_BATCH = 500


def billing_contacts(client_id: int | None) -> list[Contact]:
    """The client's active contacts with the billing role and an address."""
    if client_id is None:
        return []
    return list(
        Contact.objects.filter(
            client_id=client_id, role=Contact.Role.BILLING, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )


def _queue_mail(
    invoice: Invoice, contacts: list[Contact], template: str, **headers: str
) -> list[str]:
    """One message per contact, each written in the contact's language and
    timezone, carrying the PDF; returns the addresses."""
    addresses = []
    client = invoice.contract.client
    for contact in contacts:
        person = contact.user
        context = {"person": person, "invoice": invoice, "client": client}
        with for_recipient(person):
            subject = render_to_string(f"finance/email/{template}_subject.txt", context)
            text = render_to_string(f"finance/email/{template}.txt", context)
        outbox_enqueue(
            to=[person.email],
            subject=" ".join(subject.split()),
            text=text,
            headers=headers,
            ref=f"{INVOICE_REF}:{invoice.pk}:{template}:{contact.pk}",
        )
        addresses.append(person.email)
    return addresses


@transaction.atomic
def invoice_send(*, actor: Any, invoice: Invoice) -> Invoice:
    """E-mail an issued invoice (or credit note) with its PDF to the client's
    billing contacts. Sending again is allowed; each sending is recorded."""
    require_actor(actor, "finance.change_invoice")
    invoice = lock_invoice(actor, invoice)
    if invoice.is_draft or invoice.status == Invoice.Status.CANCELLED:
        raise InvoiceNotSendableError
    contacts = billing_contacts(invoice.contract.client_id)
    if not contacts:
        raise NoBillingContactError
    addresses = _queue_mail(invoice, contacts, "invoice")
    invoice.sent_at = timezone.now()
    invoice.sent_to = addresses
    invoice.save(update_fields=["sent_at", "sent_to", "updated_at"])
    record(
        actor,
        invoice.contract,
        "invoice.sent",
        invoice,
        recipients=", ".join(addresses),
    )
    return invoice


@dataclass(frozen=True)
class ReminderRun:
    """What one run of the overdue sweep did."""

    overdue: int  # invoices found overdue for the first time (one event each)
    reminded: int  # invoices whose billing contacts were reminded
    unreachable: int  # overdue invoices whose client has no billing contact


def _reminder_cutoff(today: datetime.date) -> datetime.datetime:
    # Reminded on day D, again from day D + 7 on (days of the agency's
    # timezone), whatever the hour of the daily run.
    start = today - datetime.timedelta(days=REMIND_EVERY_DAYS - 1)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def overdue_to_handle(
    *, today: datetime.date, limit: int = REMINDER_BATCH
) -> list[int]:
    """Overdue invoices that are not yet announced or are due a reminder,
    oldest due date first (bounded)."""
    return list(
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE,
            status=Invoice.Status.ISSUED,
            due_date__lt=today,
            contract__client__isnull=False,
        )
        .exclude(contract__client__status=Client.Status.ARCHIVED)
        .filter(
            Q(overdue_at__isnull=True)
            | Q(last_reminded_at__isnull=True)
            | Q(last_reminded_at__lt=_reminder_cutoff(today))
        )
        .order_by("due_date", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def invoice_send_reminders(
    *, now: datetime.datetime | None = None, limit: int = REMINDER_BATCH
) -> ReminderRun:
    """The daily overdue sweep: each issued, unpaid invoice past its due date
    is announced once (``invoice.overdue`` on the timeline and to webhooks)
    and its billing contacts reminded at most once every seven days, with
    the PDF; the client's account managers are told each time. One
    transaction per invoice, at most ``limit`` invoices a run."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = reminded = unreachable = 0
    for pk in overdue_to_handle(today=today, limit=limit):
        with transaction.atomic():
            outcome = _handle_overdue(pk, now=now, today=today)
        overdue += outcome[0]
        reminded += outcome[1]
        unreachable += outcome[2]
    return ReminderRun(overdue, reminded, unreachable)


def _handle_overdue(
    pk: int, *, now: datetime.datetime, today: datetime.date
) -> tuple[int, int, int]:
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("contract__client")
        .get(pk=pk)
    )
    if not invoice.is_overdue(today):
        return 0, 0, 0  # paid or credited since the list was read
    contract = invoice.contract
    announced = invoice.overdue_at is None
    if announced:
        invoice.overdue_at = now
        record(
            None,
            contract,
            "invoice.overdue",
            invoice,
            due_date=invoice.due_date.isoformat(),
        )
    last = invoice.last_reminded_at
    if last is not None and last >= _reminder_cutoff(today):
        invoice.save(update_fields=["overdue_at"])
        return int(announced), 0, 0
    addresses = _queue_mail(
        invoice,
        billing_contacts(contract.client_id),
        "reminder",
        **{"Auto-Submitted": "auto-generated"},
    )
    # Set even when nobody could be reminded: the account managers hear of it
    # once a week, not every day.
    invoice.last_reminded_at = now
    invoice.save(update_fields=["overdue_at", "last_reminded_at"])
    if addresses:
        record(
            None,
            contract,
            "invoice.reminded",
            invoice,
            recipients=", ".join(addresses),
        )
    _tell_managers(invoice, addresses)
    return int(announced), int(bool(addresses)), int(not addresses)


def _tell_managers(invoice: Invoice, addresses: list[str]) -> None:
    """The client's account managers, in the product's notifications."""
    managers = TeamMember.objects.filter(
        client_id=invoice.contract.client_id,
        role=TeamMember.Role.ACCOUNT_MANAGER,
        user__is_active=True,
    ).select_related("user")
    client = invoice.contract.client

    def title() -> str:
        return _("%(client)s: the invoice %(number)s is overdue") % {
            "client": client.name,
            "number": invoice.number,
        }

    def body() -> str:
        values = {
            "date": date_format(invoice.due_date, "SHORT_DATE_FORMAT"),
            "due": format_money(invoice.amount_due, invoice.currency),
            "recipients": ", ".join(addresses),
        }
        if addresses:
            return (
                _(
                    "It was due on %(date)s; %(due)s is still due. A reminder "
                    "went to %(recipients)s."
                )
                % values
            )
        return (
            _(
                "It was due on %(date)s; %(due)s is still due. Nobody was "
                "reminded: the client has no billing contact."
            )
            % values
        )

    for member in managers:
        notify(
            recipient=member.user,
            verb="invoice.overdue",
            title=title,
            body=body,
            url=invoice.get_absolute_url(),
        )
