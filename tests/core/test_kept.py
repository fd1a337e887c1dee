"""core.kept: reference rows kept between requests, forgotten when they change."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from agencydesk.core.agency import business_calendar
from agencydesk.core.kept import kept, kept_forget
from agencydesk.core.models import ClosedDay
from agencydesk.desk.models import SlaPolicy
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def test_a_kept_value_is_read_once_until_its_group_is_forgotten():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert kept("tests", "k", read) == 1
    assert kept("tests", "k", read) == 1
    kept_forget("tests")
    assert kept("tests", "k", read) == 2
    kept_forget("tests", "k")
    assert kept("tests", "k", read) == 3
    assert kept("tests", "other", read) == 4


def test_a_forget_inside_a_transaction_is_repeated_at_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        kept_forget("tests")
        # Another request reads while the change is not yet committed...
        assert kept("tests", "k", lambda: "old") == "old"
    # ...and what it kept does not outlive the commit.
    assert kept("tests", "k", lambda: "new") == "new"


def test_a_second_ticket_reads_no_calendar_and_no_sla_target(
    client_a, django_assert_num_queries
):
    first = make_ticket(client_a, now=datetime(2026, 11, 20, 16, tzinfo=WIB))
    with django_assert_num_queries(0):
        business_calendar(client_a.calendar_id)
    second = make_ticket(client_a, now=datetime(2026, 11, 20, 16, tzinfo=WIB))
    assert second.first_response_due == first.first_response_due


def test_a_closed_day_added_moves_the_next_tickets_due_date(client_a):
    # Friday 16:00 in Jakarta: first response due Monday 16:00.
    friday = datetime(2026, 11, 20, 16, tzinfo=WIB)
    assert make_ticket(client_a, now=friday).first_response_due == datetime(
        2026, 11, 23, 16, tzinfo=WIB
    )

    day = ClosedDay.objects.create(
        calendar=client_a.calendar, date=date(2026, 11, 23), reason="Retreat"
    )
    assert make_ticket(client_a, now=friday).first_response_due == datetime(
        2026, 11, 24, 16, tzinfo=WIB
    )

    day.delete()
    assert make_ticket(client_a, now=friday).first_response_due == datetime(
        2026, 11, 23, 16, tzinfo=WIB
    )


def test_a_changed_sla_target_counts_for_the_next_ticket(client_a):
    friday = datetime(2026, 11, 20, 16, tzinfo=WIB)
    make_ticket(client_a, now=friday)
    SlaPolicy.objects.create(
        client=client_a,
        priority="normal",
        first_response_minutes=60,
        resolution_minutes=120,
    )
    ticket = make_ticket(client_a, now=friday)
    assert ticket.first_response_minutes == 60
    assert ticket.first_response_due == datetime(2026, 11, 20, 17, tzinfo=WIB)


def test_nothing_is_kept_under_a_key_the_cache_would_refuse(client_a):
    make_ticket(client_a, now=datetime(2026, 11, 20, 16, tzinfo=WIB))
    # Keys carry no spaces or quotes (memcached-safe, no CacheKeyWarning).
    keys = [k for k in cache._cache if ":kept:" in k]
    assert keys and all(" " not in k and "'" not in k for k in keys)


def test_a_new_request_notifies_the_account_managers_as_the_team_stands(client_a):
    from agencydesk.clients.services import team_member_add
    from agencydesk.core.models import Notification
    from agencydesk.people import services as people
    from agencydesk.people.roles import Role
    from tests.factories.people import make_staff

    lead = make_staff(Role.AGENCY_LEAD)
    mira = make_staff(full_name="Mira")
    team_member_add(actor=None, client=client_a, user=mira, role="account_manager")
    make_ticket(client_a)
    omar = make_staff(full_name="Omar")
    team_member_add(actor=None, client=client_a, user=omar, role="account_manager")
    make_ticket(client_a)
    people.person_deactivate(actor=lead, user=mira)
    make_ticket(client_a)

    told = Notification.objects.filter(verb="ticket.opened")
    assert sorted(told.values_list("recipient__full_name", flat=True)) == [
        "Mira",
        "Mira",
        "Omar",
        "Omar",
    ]
