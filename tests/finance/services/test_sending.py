"""Invoices leave the agency (finance.services.sending): e-mailed with their
PDF to the client's billing contacts through the outbox and a real SMTP
server, and reminded once overdue."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Event, Notification
from agencydesk.finance.errors import InvoiceNotSendableError, NoBillingContactError
from agencydesk.finance.services import invoice_send, invoice_send_reminders
from tests.comms.conftest import _mail_settings, smtp_server
from tests.factories.clients import make_contact
from tests.factories.finance import make_contract, make_invoice, pay

__all__ = ["_mail_settings", "smtp_server"]

pytestmark = pytest.mark.django_db

# Issued on 4 November 2026 (the factories' day) at 14 days: due on the 18th.
DUE = datetime.date(2026, 11, 18)


def at(day: datetime.date, hour: int = 7) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def after_due(days: int, hour: int = 7) -> datetime.datetime:
    return at(DUE + datetime.timedelta(days=days), hour)


def pdf_text(part) -> str:
    reader = PdfReader(io.BytesIO(part.get_content()))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_parts(message):
    return [
        p
        for p in message.iter_attachments()
        if p.get_content_type() == "application/pdf"
    ]


@pytest.fixture
def billing(client_a):
    """Two billing contacts reading Russian and Indonesian, and a day-to-day
    contact who hears nothing of invoices."""
    return [
        make_contact(client_a, role="billing", language="ru", email="rina@alpha.test"),
        make_contact(client_a, role="billing", language="id", email="budi@alpha.test"),
        make_contact(client_a, role="day_to_day", email="dina@alpha.test"),
    ]


@pytest.fixture
def invoice(client_a):
    contract = make_contract(client=client_a, currency="USD", net_days=14)
    return make_invoice(contract, issue=True)


def test_an_invoice_goes_to_the_billing_contacts_with_its_pdf(
    invoice, billing, am_a, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = invoice_send(actor=am_a, invoice=invoice)

    messages = {m["To"]: m for m in smtp_server.messages()}
    assert set(messages) == {"rina@alpha.test", "budi@alpha.test"}
    for message in messages.values():
        assert invoice.number in message["Subject"]
        [pdf] = pdf_parts(message)
        assert pdf.get_filename() == f"{invoice.number}.pdf"
        # The PDF is in the client's language (Indonesian), whoever reads it.
        assert f"Faktur {invoice.number}" in pdf_text(pdf)
    # Each body in its reader's language: the amounts show it.
    assert "1\xa0000,00\xa0$" in messages["rina@alpha.test"].get_body().get_content()
    assert "US$1.000,00" in messages["budi@alpha.test"].get_body().get_content()

    assert sent.sent_to == ["rina@alpha.test", "budi@alpha.test"]
    assert sent.sent_at is not None
    # Sending again is allowed and recorded again.
    invoice_send(actor=am_a, invoice=invoice)
    assert Event.objects.filter(verb="invoice.sent").count() == 2
    assert OutboundMessage.objects.count() == 4


def test_sending_through_the_page(
    as_user, invoice, billing, am_a, smtp_server, django_capture_on_commit_callbacks
):
    http = as_user(am_a)
    page = http.get(invoice.get_absolute_url()).content.decode()
    assert "Send the invoice" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(reverse("finance:invoice-send", args=[invoice.pk]))
    assert response.status_code == 302
    page = http.get(invoice.get_absolute_url()).content.decode()
    assert "rina@alpha.test, budi@alpha.test" in page and "Send again" in page
    assert len(smtp_server.messages()) == 2


def test_refusals_leave_nothing_queued(
    as_user, client_a, client_b, am_a, specialist, invoice
):
    contract = invoice.contract
    draft = make_invoice(contract)
    make_contact(client_a, role="billing")
    with pytest.raises(InvoiceNotSendableError):
        invoice_send(actor=am_a, invoice=draft)
    http = as_user(am_a)
    assert "Send the invoice" not in http.get(draft.get_absolute_url()).content.decode()

    # A client with no billing contact: told what to do.
    lonely = make_invoice(make_contract(client=client_b), issue=True)
    with pytest.raises(NoBillingContactError, match="add a contact with the billing"):
        invoice_send(actor=None, invoice=lonely)
    # Another client's invoice is not there for this account manager; a
    # specialist has no finance at all.
    url = reverse("finance:invoice-send", args=[lonely.pk])
    assert http.post(url).status_code == 404
    assert (
        as_user(specialist)
        .post(reverse("finance:invoice-send", args=[invoice.pk]))
        .status_code
        == 403
    )
    assert not OutboundMessage.objects.exists()
    assert not Event.objects.filter(verb="invoice.sent").exists()


def test_no_billing_contact_is_a_message_on_the_page(as_user, am_a, invoice):
    http = as_user(am_a)
    response = http.post(
        reverse("finance:invoice-send", args=[invoice.pk]), follow=True
    )
    assert "add a contact with the billing role" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.sent_at is None


def test_overdue_invoices_are_announced_once_and_reminded_weekly(
    invoice, billing, am_a, smtp_server, django_capture_on_commit_callbacks
):
    paid = make_invoice(invoice.contract, issue=True)
    pay(paid, "1000")

    # On its due date it is not overdue yet.
    assert invoice_send_reminders(now=at(DUE)).overdue == 0

    with django_capture_on_commit_callbacks(execute=True):
        run = invoice_send_reminders(now=after_due(1))
    assert (run.overdue, run.reminded, run.unreachable) == (1, 1, 0)
    assert Event.objects.filter(verb="invoice.overdue").count() == 1
    assert Event.objects.filter(verb="invoice.reminded").count() == 1
    # The account manager's notification comes by e-mail too (their choice).
    messages = [m for m in smtp_server.messages() if m["To"] != am_a.email]
    assert sorted(m["To"] for m in messages) == ["budi@alpha.test", "rina@alpha.test"]
    assert all(invoice.number in m["Subject"] for m in messages)
    assert all(pdf_parts(m) for m in messages)
    [told] = Notification.objects.filter(recipient=am_a, verb="invoice.overdue")
    assert invoice.number in told.title and "budi@alpha.test" in told.body

    # The same day, and up to six days later: nothing more.
    for later in (after_due(1, hour=20), after_due(7)):
        again = invoice_send_reminders(now=later)
        assert (again.overdue, again.reminded) == (0, 0)
    reminders = OutboundMessage.objects.filter(ref__startswith="finance.invoice:")
    assert reminders.count() == 2

    # A week after the first reminder: the next one, no second announcement.
    run = invoice_send_reminders(now=after_due(8))
    assert (run.overdue, run.reminded) == (0, 1)
    assert Event.objects.filter(verb="invoice.overdue").count() == 1
    assert reminders.count() == 4
    # The paid invoice was never reminded.
    assert not OutboundMessage.objects.filter(ref__contains=f":{paid.pk}:").exists()
    invoice.refresh_from_db()
    assert invoice.overdue_at == after_due(1)
    assert invoice.last_reminded_at == after_due(8)


def test_an_invoice_paid_before_the_sweep_gets_nothing(invoice, billing, am_a):
    pay(invoice, "1000")
    run = invoice_send_reminders(now=after_due(3))
    assert (run.overdue, run.reminded) == (0, 0)
    assert not OutboundMessage.objects.exists()
    assert not Notification.objects.exists()


def test_without_a_billing_contact_the_account_manager_hears_weekly(invoice, am_a):
    run = invoice_send_reminders(now=after_due(1))
    assert (run.overdue, run.reminded, run.unreachable) == (1, 0, 1)
    assert invoice_send_reminders(now=after_due(2)).unreachable == 0
    [told] = Notification.objects.filter(recipient=am_a)
    assert "no billing contact" in told.body
    assert not OutboundMessage.objects.filter(ref__startswith="finance.").exists()


def test_a_run_is_bounded(client_a, billing):
    contract = make_contract(client=client_a, net_days=14)
    for _ in range(3):
        make_invoice(contract, issue=True)
    assert invoice_send_reminders(now=after_due(1), limit=2).overdue == 2
    assert invoice_send_reminders(now=after_due(1), limit=2).overdue == 1


def test_the_invoice_page_reads_a_fixed_number_of_queries(
    as_user, invoice, billing, finance_user
):
    http = as_user(finance_user)
    url = invoice.get_absolute_url()
    http.get(url)  # warm the caches (permissions, menu)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url).status_code == 200
        return len(captured)

    before = queries()
    invoice_send(actor=None, invoice=invoice)
    invoice_send_reminders(now=after_due(1))
    page = http.get(url).content.decode()
    assert "Overdue since" in page and "Last reminder" in page
    assert queries() == before


def test_the_sweep_runs_by_hand(invoice, billing):
    import io as text_io

    from django.core.management import call_command

    out = text_io.StringIO()
    call_command("invoice_reminders", stdout=out)
    # Today is long after the factories' invoices fell due.
    assert "overdue now: 1, reminded: 1" in out.getvalue()
    call_command("invoice_reminders", stdout=out)
    assert "overdue now: 0, reminded: 0" in out.getvalue()
