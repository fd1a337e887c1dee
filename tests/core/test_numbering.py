"""Tests for agencydesk.core.numbering: gap-free human numbers."""

import pytest
from django.db import transaction

from agencydesk.core.numbering import next_in_series, next_number

pytestmark = pytest.mark.django_db


class _Abort(Exception):
    """Raised to roll the surrounding transaction back."""


def test_each_sequence_counts_one_two_three():
    assert [next_number("ticket") for _ in range(3)] == [1, 2, 3]


def test_sequences_are_independent():
    taken = [
        next_number("ticket"),
        next_number("invoice"),
        next_number("ticket"),
        next_number("contract"),
        next_number("invoice"),
    ]

    assert taken == [1, 1, 2, 1, 2]


def test_number_taken_in_a_rolled_back_transaction_is_handed_out_again():
    assert next_number("invoice") == 1

    with pytest.raises(_Abort), transaction.atomic():
        assert next_number("invoice") == 2
        raise _Abort

    assert next_number("invoice") == 2
    assert next_number("invoice") == 3


def test_first_number_of_a_rolled_back_transaction_is_handed_out_again():
    with pytest.raises(_Abort), transaction.atomic():
        assert next_number("act") == 1
        raise _Abort

    assert next_number("act") == 1


def test_rolling_back_one_sequence_leaves_the_others_alone():
    assert next_number("ticket") == 1

    with pytest.raises(_Abort), transaction.atomic():
        assert next_number("ticket") == 2
        assert next_number("invoice") == 1
        raise _Abort

    assert next_number("invoice") == 1
    assert next_number("ticket") == 2


def test_each_series_and_year_counts_on_its_own():
    taken = [
        next_in_series("invoice", "INV", 2026),
        next_in_series("invoice", "INV", 2026),
        next_in_series("invoice", "CN", 2026),
        next_in_series("invoice", "INV", 2027),
        next_in_series("invoice", "INV", 2026),
    ]

    assert taken == [1, 2, 1, 1, 3]
    # A plain sequence of the same kind is another counter.
    assert next_number("invoice") == 1


def test_an_overlong_series_name_is_refused_rather_than_cut():
    with pytest.raises(ValueError):
        next_in_series("invoice", "X" * 80, 2026)
