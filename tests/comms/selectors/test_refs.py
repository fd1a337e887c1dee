"""What earlier messages of a conversation became (comms.selectors.refs):
ours first, then the newest one received; in at most two queries."""

import pytest

from agencydesk.comms.models import InboundMessage
from agencydesk.comms.selectors.refs import ref_for_message_ids
from agencydesk.comms.services.inbound import inbound_store
from agencydesk.comms.services.outbox import outbox_enqueue

pytestmark = pytest.mark.django_db


def _received(message_id, ref, n):
    row, _created = inbound_store(raw=f"mail {n}".encode(), key=f"k{n}")
    InboundMessage.objects.filter(pk=row.pk).update(message_id=message_id, ref=ref)


def _sent(message_id, ref):
    outbox_enqueue(
        to=["a@example.test"], subject="s", text="t", ref=ref, message_id=message_id
    )


def test_nothing_known_is_none():
    _received("a@x", "", 1)  # received, but it became nothing

    assert ref_for_message_ids([]) is None
    assert ref_for_message_ids(["", "unknown@x"]) is None
    assert ref_for_message_ids(["a@x"]) is None


def test_what_we_sent_wins_over_what_we_received():
    _received("both@x", "desk.ticket:1", 1)
    _sent("both@x", "desk.ticket:2:message:9")

    assert ref_for_message_ids(["both@x"]) == "desk.ticket:2:message:9"


def test_of_received_messages_the_newest_answers():
    _received("dup@x", "desk.ticket:1", 1)
    _received("dup@x", "desk.ticket:7", 2)

    assert ref_for_message_ids(["other@x", "dup@x"]) == "desk.ticket:7"


def test_only_the_first_fifty_ids_are_read():
    _received("late@x", "desk.ticket:3", 1)
    ids = [f"filler{n}@x" for n in range(50)]

    assert ref_for_message_ids([*ids, "late@x"]) is None
    assert ref_for_message_ids(["late@x", *ids]) == "desk.ticket:3"


def test_a_lookup_asks_the_outbox_first_and_stops_there(django_assert_num_queries):
    _sent("ours@x", "desk.ticket:5:message:1")
    _received("theirs@x", "desk.ticket:4", 1)

    with django_assert_num_queries(1):
        assert ref_for_message_ids(["ours@x"]) == "desk.ticket:5:message:1"
    with django_assert_num_queries(2):
        assert ref_for_message_ids(["theirs@x"]) == "desk.ticket:4"
