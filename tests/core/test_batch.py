"""Tests for agencydesk.core.batch: shared reads and coalesced jobs in a scope."""

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from agencydesk.core.batch import (
    batch_atomic,
    batch_cached,
    batch_defer,
    batch_scope,
    batch_suspended,
)
from agencydesk.core.models import Counter

pytestmark = pytest.mark.django_db


class _Boom(Exception):
    """The error a service raises in these tests."""


def _counting(value="answer"):
    """A read that records each time it is really made."""
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def _savepoints(queries) -> list[str]:
    return [q["sql"] for q in queries if "SAVEPOINT" in q["sql"].upper()]


# batch_cached


def test_a_cached_read_runs_once_per_key_inside_a_scope():
    compute, calls = _counting()
    other, other_calls = _counting("other")

    with batch_scope():
        results = [batch_cached(("k", 1), compute) for _ in range(3)]
        results.append(batch_cached(("k", 2), other))
        results.append(batch_cached(("k", 2), other))

    assert results == ["answer"] * 3 + ["other"] * 2
    assert (len(calls), len(other_calls)) == (1, 1)


def test_a_cached_read_runs_every_time_outside_a_scope():
    compute, calls = _counting()

    results = [batch_cached(("k", 1), compute) for _ in range(3)]

    assert results == ["answer"] * 3
    assert len(calls) == 3


def test_a_scope_forgets_its_reads_when_it_ends():
    compute, calls = _counting()

    with batch_scope():
        batch_cached(("k",), compute)
    with batch_scope():
        batch_cached(("k",), compute)

    assert len(calls) == 2


def test_none_is_kept_by_default():
    compute, calls = _counting(None)

    with batch_scope():
        assert batch_cached(("k",), compute) is None
        assert batch_cached(("k",), compute) is None

    assert len(calls) == 1


def test_keep_none_false_asks_again_after_none_and_keeps_a_real_answer():
    answers = iter([None, None, "found", "never asked"])
    calls = []

    def compute():
        calls.append(1)
        return next(answers)

    with batch_scope():
        seen = [batch_cached(("k",), compute, keep_none=False) for _ in range(4)]

    assert seen == [None, None, "found", "found"]
    assert len(calls) == 3


def test_nested_scopes_join_the_outer_one():
    compute, calls = _counting()
    flushed = []

    with batch_scope():
        batch_cached(("k",), compute)
        with batch_scope():
            batch_cached(("k",), compute)
            batch_defer("job", "inner", flushed.append)
        # The inner scope ending flushes nothing: the outer one owns the items.
        assert flushed == []
        batch_defer("job", "outer", flushed.append)
        batch_cached(("k",), compute)

    assert len(calls) == 1
    assert flushed == [["inner", "outer"]]


# batch_defer


def test_deferred_items_are_flushed_once_together_when_the_scope_ends():
    flushed, others = [], []

    with batch_scope():
        for n in range(3):
            batch_defer("job", n, flushed.append)
        batch_defer("other", "x", others.append)
        assert (flushed, others) == ([], [])

    assert flushed == [[0, 1, 2]]
    assert others == [["x"]]


def test_deferred_items_are_flushed_when_the_block_raises():
    flushed = []

    with pytest.raises(_Boom), batch_scope():
        batch_defer("job", 1, flushed.append)
        batch_defer("job", 2, flushed.append)
        raise _Boom

    assert flushed == [[1, 2]]


def test_deferring_outside_a_scope_flushes_at_once():
    flushed = []

    batch_defer("job", 1, flushed.append)
    assert flushed == [[1]]
    batch_defer("job", 2, flushed.append)
    assert flushed == [[1], [2]]


def test_a_scope_flushes_its_items_only_once():
    flushed = []

    with batch_scope():
        batch_defer("job", 1, flushed.append)
    with batch_scope():
        pass

    assert flushed == [[1]]


# batch_suspended


def test_batch_suspended_runs_its_block_outside_the_scope_and_clears_the_cache():
    compute, calls = _counting()
    flushed = []

    with batch_scope():
        batch_cached(("k",), compute)
        with batch_suspended():
            # Outside the scope: nothing is cached, deferring flushes at once.
            batch_cached(("k",), compute)
            batch_cached(("k",), compute)
            batch_defer("job", "suspended", flushed.append)
            assert flushed == [["suspended"]]
        # Back in the scope, whose earlier read was forgotten.
        batch_cached(("k",), compute)
        batch_cached(("k",), compute)
        batch_defer("job", "after", flushed.append)
        assert flushed == [["suspended"]]

    assert len(calls) == 4
    assert flushed == [["suspended"], ["after"]]


def test_batch_suspended_outside_a_scope_just_runs_the_block():
    compute, calls = _counting()

    with batch_suspended():
        batch_cached(("k",), compute)
        batch_cached(("k",), compute)

    assert len(calls) == 2


# batch_atomic


@batch_atomic
def _service(name: str, *, fail: bool = False) -> Counter:
    counter = Counter.objects.create(name=name)
    if fail:
        raise _Boom(name)
    return counter


def test_batch_atomic_outside_a_batch_lets_the_caller_catch_and_go_on():
    with transaction.atomic():
        Counter.objects.create(name="before")
        with pytest.raises(_Boom):
            _service("failed", fail=True)
        # The service's savepoint was rolled back; the outer transaction goes on.
        Counter.objects.create(name="after")
        _service("worked")

    assert sorted(Counter.objects.values_list("name", flat=True)) == [
        "after",
        "before",
        "worked",
    ]


def test_batch_atomic_keeps_a_savepoint_outside_a_batch():
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        _service("one")

    assert len(_savepoints(queries.captured_queries)) >= 1


def test_batch_atomic_issues_no_savepoint_inside_an_active_batch():
    with (
        batch_scope(),
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
    ):
        _service("one")
        _service("two")

    assert _savepoints(queries.captured_queries) == []
    assert Counter.objects.filter(name__in=["one", "two"]).count() == 2


def test_batch_atomic_inside_a_batch_spoils_the_whole_transaction_on_error():
    # Without a savepoint a failing service cannot be caught and stepped over:
    # the batch's transaction must be rolled back whole.
    with (
        batch_scope(),
        pytest.raises(TransactionManagementError),
        transaction.atomic(),
    ):
        Counter.objects.create(name="before")
        with pytest.raises(_Boom):
            _service("failed", fail=True)
        Counter.objects.create(name="after")

    assert not Counter.objects.filter(name__in=["before", "failed", "after"]).exists()


def test_batch_atomic_keeps_a_savepoint_while_the_batch_is_suspended():
    with (
        batch_scope(),
        transaction.atomic(),
        batch_suspended(),
        CaptureQueriesContext(connection) as queries,
    ):
        _service("one")

    assert len(_savepoints(queries.captured_queries)) >= 1
