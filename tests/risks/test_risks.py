"""The risk register: score and heat map, refused input, materialised risks,
review reminders once per date, who may read and change."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from agencydesk.core.models import Notification
from agencydesk.risks import services
from agencydesk.risks.errors import RiskInvalidError
from agencydesk.risks.models import Risk
from agencydesk.risks.tasks import risk_review_reminders

pytestmark = pytest.mark.django_db

RISK_LIST_QUERIES = 5


def _risk(owner, client=None, p=3, i=4, **fields):
    fields.setdefault("title", f"Risk {p}x{i}")
    return services.risk_create(
        actor=None,
        client=client,
        category="delivery",
        probability=p,
        impact=i,
        owner=owner,
        **fields,
    )


def _cell(html: str, p: int, i: int) -> str:
    found = re.search(
        rf'data-probability="{p}" data-impact="{i}"[^>]*>(.*?)</td>', html, re.S
    )
    assert found, (p, i)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_score_and_heat_map(as_user, lead, own_manager, client_a):
    _risk(own_manager, client_a, 5, 5)
    _risk(own_manager, client_a, 5, 5, title="Second critical")
    _risk(own_manager, client_a, 2, 3)
    _risk(lead, None, 1, 1, title="Agency-wide")
    _risk(own_manager, client_a, 4, 4, status="closed")  # not on the map
    assert Risk.objects.get(title="Second critical").score == 25

    html = as_user(lead).get(reverse("risks:risk-list")).content.decode()
    assert _cell(html, 5, 5) == "2"
    assert _cell(html, 2, 3) == "1"
    assert _cell(html, 1, 1) == "1"
    assert _cell(html, 4, 4) == ""
    assert "Agency-wide" in html
    # An account manager's map counts their clients' risks only.
    mine = as_user(own_manager).get(reverse("risks:risk-list")).content.decode()
    assert _cell(mine, 1, 1) == "" and "Agency-wide" not in mine


def test_an_out_of_range_probability_changes_nothing(as_user, own_manager, client_a):
    http = as_user(own_manager)
    answer = http.post(
        reverse("risks:risk-create"),
        {
            "client": client_a.pk,
            "title": "Launch slips",
            "category": "delivery",
            "probability": "7",
            "impact": "3",
            "status": "open",
        },
    )
    assert answer.status_code == 422
    assert Risk.objects.count() == 0
    with pytest.raises(RiskInvalidError):
        _risk(own_manager, client_a, 0, 3)
    with pytest.raises(RiskInvalidError):
        _risk(own_manager, client_a, 3, 6)
    assert Risk.objects.count() == 0


def test_a_materialised_risk_keeps_what_happened(as_user, own_manager, client_a):
    risk = _risk(own_manager, client_a)
    http = as_user(own_manager)
    url = reverse("risks:risk-update", args=[risk.pk])
    form = {
        "title": risk.title,
        "category": "delivery",
        "probability": "3",
        "impact": "4",
        "owner": own_manager.pk,
        "status": "materialised",
    }
    assert http.post(url, form).status_code == 422
    risk.refresh_from_db()
    assert risk.status == "open"
    http.post(url, {**form, "what_happened": "The launch slipped a week."})
    risk.refresh_from_db()
    assert risk.status == "materialised"
    assert risk.what_happened == "The launch slipped a week."


def test_the_owner_is_reminded_once_per_review_date(own_manager, client_a):
    today = datetime.date(2026, 11, 20)
    risk = _risk(own_manager, client_a, review_date=today)
    _risk(own_manager, client_a, review_date=today + datetime.timedelta(days=3))
    _risk(own_manager, client_a, review_date=today, status="closed", title="Done")

    assert services.risk_review_reminders(today=today) == 1
    assert services.risk_review_reminders(today=today) == 0
    [note] = Notification.objects.filter(verb="risk.review_due")
    assert note.recipient == own_manager and risk.title in note.title

    services.risk_update(
        actor=own_manager, risk=risk, review_date=today + datetime.timedelta(days=1)
    )
    later = today + datetime.timedelta(days=1)
    assert services.risk_review_reminders(today=later) == 1
    assert Notification.objects.filter(verb="risk.review_due").count() == 2
    risk_review_reminders.call_local()  # the periodic task runs the same


def test_specialists_read_their_clients_risks_only(
    as_user, specialist, own_manager, client_a, client_b
):
    from agencydesk.clients.services import team_member_add

    team_member_add(actor=None, client=client_a, user=specialist, role="specialist")
    mine = _risk(own_manager, client_a, title="Ours")
    theirs = _risk(own_manager, client_b, title="Theirs")
    http = as_user(specialist)
    page = http.get(reverse("risks:risk-list")).content.decode()
    assert "Ours" in page and "Theirs" not in page
    assert http.get(reverse("risks:risk-update", args=[mine.pk])).status_code == 200
    assert http.get(reverse("risks:risk-update", args=[theirs.pk])).status_code == 404
    answer = http.post(
        reverse("risks:risk-update", args=[mine.pk]),
        {"title": "Changed", "category": "delivery", "probability": 1, "impact": 1,
         "status": "open"},
    )  # fmt: skip
    assert answer.status_code == 403
    mine.refresh_from_db()
    assert mine.title == "Ours"
    assert http.get(reverse("risks:risk-create")).status_code == 403


def test_the_register_costs_the_same_whatever_the_rows(
    as_user, lead, own_manager, client_a, client_b, django_assert_num_queries
):
    http = as_user(lead)
    url = reverse("risks:risk-list")
    _risk(own_manager, client_a)
    http.get(url)
    with django_assert_num_queries(RISK_LIST_QUERIES):
        assert http.get(url).status_code == 200
    for n in range(1, 6):
        _risk(own_manager, client_a, n, 6 - n)
        _risk(lead, client_b, n, n)
    with django_assert_num_queries(RISK_LIST_QUERIES):
        page = http.get(url, {"status": "open"})
    assert page.content.decode().count('<tr><td><a href="/risks/') == 11
