"""Phone numbers in E.164 (core.phones)."""

import pytest

from agencydesk.core.phones import to_e164

MAYA = "+6281234567890"


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("+62 812-3456-7890", None),
        ("+62 812-3456-7890", "DE"),
        ("0812 3456 7890", "ID"),
        ("0812-3456-7890", "id"),
        ("(0812) 3456.7890", "ID"),
        ("6281234567890", None),
        ("6281234567890", "ID"),
        ("+6281234567890", None),
    ],
)
def test_one_number_typed_many_ways_is_one_string(raw, region):
    assert to_e164(raw, region) == MAYA


def test_the_region_decides_what_a_national_number_means():
    assert to_e164("030 1234567", "DE") == "+49301234567"
    assert to_e164("(202) 555-0123", "US") == "+12025550123"
    # Bare digits are read in the region first: valid there, they stay there.
    assert to_e164("2025550123", "US") == "+12025550123"


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("", "ID"),
        ("   ", None),
        ("0812 3456 7890", None),  # national, and no country to read it in
        ("call me", "ID"),
        ("12", "ID"),
        ("+62 1", None),
        ("999", None),
        ("+1" + "5" * 60, None),
    ],
)
def test_what_is_not_a_valid_number_is_none(raw, region):
    assert to_e164(raw, region) is None
