"""comms.selectors.inbound: what the desk's Intake page lists."""

import pytest

from agencydesk.comms.selectors.inbound import inbound_for_review
from agencydesk.comms.services.ingest import ingest
from tests.comms.mails import raw_mail

pytestmark = pytest.mark.django_db


def test_strangers_mail_waits_in_triage_newest_first():
    for n in range(3):
        ingest(raw=raw_mail(sender=f"stranger{n}@else.example", subject=f"Hi {n}"))
    rows = list(inbound_for_review(state="triage"))
    assert [r.status for r in rows] == ["triage"] * 3
    assert rows == sorted(rows, key=lambda r: (r.received_at, r.pk), reverse=True)
    assert inbound_for_review(state="failed").count() == 0


def test_an_unknown_state_lists_triage():
    ingest(raw=raw_mail(sender="stranger@else.example"))
    assert list(inbound_for_review(state="'; drop table")) == list(
        inbound_for_review(state="triage")
    )


def test_the_raw_mail_is_not_loaded_for_a_list(django_assert_num_queries):
    ingest(raw=raw_mail(sender="stranger@else.example"))
    row = inbound_for_review(state="triage").get()
    assert "raw" in row.get_deferred_fields()
    # Reading it is a query of its own: the list never paid for it.
    with django_assert_num_queries(1):
        assert row.raw
