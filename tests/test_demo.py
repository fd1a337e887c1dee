import io

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session

from agencydesk.clients.models import Client, Contact
from agencydesk.demo import DEMO_PASSWORD, load
from agencydesk.people.models import User
from agencydesk.people.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # The demo archives a client, which writes its export ZIP.
    settings.MEDIA_ROOT = tmp_path / "media"


def _snapshot() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m is not Session
    }


def test_demo_agency_has_staff_in_every_role_and_clients_in_six_countries():
    out = io.StringIO()
    load(out=out)

    staff = User.objects.filter(is_staff=True)
    assert staff.count() == 8
    assert set(staff.values_list("groups__name", flat=True)) == {r.value for r in Role}
    clients = Client.objects.all()
    assert sorted(str(c.country) for c in clients) == [
        "CN",
        "DE",
        "ID",
        "RU",
        "SG",
        "US",
    ]
    assert sorted(set(clients.values_list("currency", flat=True))) == [
        "CNY",
        "EUR",
        "IDR",
        "RUB",
        "SGD",
        "USD",
    ]
    for client in clients:
        assert 2 <= Contact.objects.filter(client=client).count() <= 3
        assert client.team.filter(role="account_manager").count() == 1
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    assert "rina@agency.example" in printed
    assert "[6/6] client Nordwind Outdoor" in printed
    # The forged "staff" reply of the demo mail waits, held, on its ticket.
    from agencydesk.desk.models import Message

    held = Message.objects.get(review="held")
    assert (held.claimed_sender, held.is_internal) == ("rina@agency.example", True)


def test_demo_logins_work():
    load(out=io.StringIO())
    from django.test import Client as HttpClient

    http = HttpClient()
    response = http.post(
        "/login/", {"email": "maya@kopinusantara.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "Kopi Nusantara" in http.get("/portal/").content.decode()


def test_loading_the_demo_twice_changes_nothing():
    load(out=io.StringIO())
    first = _snapshot()

    load(out=io.StringIO())

    assert _snapshot() == first
