"""/exchange-rates: the table finance's profitability converts with, through
timesheets' service (one rate per pair and day, above zero, known
currencies) under the finance scopes."""

import pytest

from agencydesk.people.roles import Role
from agencydesk.timesheets.models import ExchangeRate
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["finance:read"]
WRITE = ["finance:read", "finance:write"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(db):
    return make_staff(Role.FINANCE)


def _rate(api, **fields):
    body = {
        "from_currency": "IDR",
        "to_currency": "USD",
        "rate": "0.0000625",
        "valid_from": "2026-10-01",
        **fields,
    }
    return api.post("/exchange-rates", body)


def test_set_and_list(finance):
    api = api_for(finance, WRITE)
    made = _rate(api)
    assert made.status_code == 201, made.content
    assert made.json()["rate"] == "0.00006250"
    assert _rate(api, valid_from="2026-12-01", rate="0.0001").status_code == 201
    # The same pair and day replaces its rate: one a day.
    assert _rate(api, rate="0.00007").status_code == 201
    assert ExchangeRate.objects.count() == 2

    listed = api_for(finance, READ).get("/exchange-rates", {"to_currency": "USD"})
    assert [(r["valid_from"], r["rate"]) for r in listed.json()["items"]] == [
        ("2026-12-01", "0.00010000"),
        ("2026-10-01", "0.00007000"),
    ]
    on = api.get("/exchange-rates", {"on": "2026-11-30"}).json()["items"]
    assert [r["valid_from"] for r in on] == ["2026-10-01"]


def test_bad_rates_are_refused_and_nothing_is_stored(finance):
    api = api_for(finance, WRITE)
    assert _rate(api, rate="0").status_code == 422
    assert _rate(api, rate="-1").status_code == 422
    assert _rate(api, from_currency="XXX").status_code == 422
    same = _rate(api, to_currency="IDR")
    assert same.status_code == 400 and same.json()["code"] == "rate_invalid"
    assert not ExchangeRate.objects.exists()


def test_scopes_and_roles(finance, manager, specialist):
    assert _rate(api_for(finance, READ)).status_code == 403
    # Account managers read the table (as the page), never change it.
    assert api_for(manager, READ).get("/exchange-rates").status_code == 200
    assert _rate(api_for(manager, WRITE)).status_code == 403
    assert api_for(specialist, READ).get("/exchange-rates").status_code == 403
    assert not ExchangeRate.objects.exists()
