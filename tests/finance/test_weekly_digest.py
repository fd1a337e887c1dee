"""The Monday digest: to finance people and each account manager (their own
clients), on Monday morning in the recipient's timezone and language,
through the outbox to a real SMTP server; once per recipient and week."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from agencydesk.clients.services import team_member_add
from agencydesk.comms.models import OutboundMessage
from agencydesk.core.money import format_money
from agencydesk.finance.models import WeeklyDigest
from agencydesk.finance.selectors import Weeks
from agencydesk.finance.services.digest import weekly_digest_send
from agencydesk.people.roles import Role
from tests.comms.conftest import _mail_settings, smtp_server
from tests.factories.clients import make_client
from tests.factories.finance import (
    make_bill,
    make_contract,
    make_contractor,
    make_planned,
    pdf,
)
from tests.factories.people import make_staff
from tests.finance.test_weekly import due_on

__all__ = ["_mail_settings", "smtp_server"]

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
MONDAY = Weeks.around(datetime.date.today()).this_monday


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def agency(client_a, client_b, am_a, finance_user):
    """Mira (client A's AM) reads Indonesian in Jakarta (UTC+7); Fiona
    (finance) reads Russian in UTC; a second AM has a client with nothing
    due."""
    am_a.language, am_a.timezone = "id", "Asia/Jakarta"
    am_a.save()
    finance_user.language, finance_user.timezone = "ru", "UTC"
    finance_user.save()
    usd = make_contract(client=client_a, currency="USD", upload=pdf())
    rub = make_contract(client=client_b, currency="RUB", upload=pdf())
    due_on(usd, MONDAY - datetime.timedelta(days=5), "700")
    due_on(usd, MONDAY + datetime.timedelta(days=3), "1000")
    due_on(rub, MONDAY + datetime.timedelta(days=8), "50000")
    make_planned(usd, what_for="Month 2", planned_date=MONDAY + datetime.timedelta(1))
    vendor = make_contract(contractor=make_contractor(name="Lumen"), currency="IDR")
    make_bill(vendor, number="LV-1", due_date=MONDAY + datetime.timedelta(days=2))
    idle = make_staff(Role.ACCOUNT_MANAGER, full_name="Ida Idle")
    quiet = make_client("Quiet Tea", slug="quiet-tea")
    team_member_add(actor=None, client=quiet, user=idle, role="account_manager")
    make_staff(Role.SPECIALIST)
    return {"idle": idle}


def _send(now, capture) -> int:
    with capture(execute=True):
        return weekly_digest_send(now=now)


def test_monday_morning_in_jakarta_mails_the_account_manager_their_clients(
    agency, am_a, smtp_server, django_capture_on_commit_callbacks
):
    # 01:30 UTC is 08:30 in Jakarta, 01:30 for finance: only Mira's turn.
    assert _send(_at(MONDAY, 1, 30), django_capture_on_commit_callbacks) == 1

    (mail,) = smtp_server.messages()
    assert mail["To"] == am_a.email
    assert mail["Auto-Submitted"] == "auto-generated"
    text = mail.get_body(("plain",)).get_content()
    with translation.override("id"):
        hello = translation.gettext("Hello %(name)s,") % {"name": "Mira Manager"}
    assert hello in text and hello != "Hello Mira Manager,"
    assert "Alpha Coffee" in text and "Month 2" in text
    assert format_money(Decimal("700"), "USD", "id") in text
    assert format_money(Decimal("1000"), "USD", "id") in text
    # Not another manager's client, nor a contractor.
    assert "Beta Honey" not in text and "Lumen" not in text
    assert "/finance/weekly/" in text


def test_a_rerun_sends_nothing_twice_and_finance_gets_theirs_at_their_eight(
    agency, am_a, finance_user, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _send(_at(MONDAY, 1, 30), capture) == 1
    assert _send(_at(MONDAY, 1, 45), capture) == 0  # the same hour again
    assert _send(_at(MONDAY, 8, 10), capture) == 1  # Fiona's 08:10
    assert _send(_at(MONDAY, 9, 10), capture) == 0

    mails = smtp_server.messages()
    assert [m["To"] for m in mails] == [am_a.email, finance_user.email]
    text = mails[1].get_body(("plain",)).get_content()
    assert "Alpha Coffee" in text and "Beta Honey" in text and "Lumen" in text
    assert format_money(Decimal("50000"), "RUB", "ru") in text
    assert format_money(Decimal("250000"), "IDR", "ru") in text
    digests = OutboundMessage.objects.filter(ref__startswith="finance.weekly:")
    assert digests.count() == 2
    # The account manager with nothing due got none, once looked at.
    log = WeeklyDigest.objects.get(user=agency["idle"])
    assert log.week == MONDAY and not log.sent


def test_no_digest_outside_monday_morning(
    agency, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sunday_night = _at(MONDAY - datetime.timedelta(days=1), 23, 30)  # Jakarta 06:30
    assert _send(sunday_night, capture) == 0
    tuesday = _at(MONDAY + datetime.timedelta(days=1), 8, 10)
    assert _send(tuesday, capture) == 0
    assert smtp_server.messages() == []
    assert not WeeklyDigest.objects.exists()


def test_people_who_turned_mail_off_get_none(
    agency, am_a, finance_user, django_capture_on_commit_callbacks
):
    for user in (am_a, finance_user):
        user.notify_by_email = False
        user.save()
    assert _send(_at(MONDAY, 10), django_capture_on_commit_callbacks) == 0
    assert not OutboundMessage.objects.exists()
