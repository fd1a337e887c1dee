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


def test_demo_projects_approvals_and_scope():
    """Issue #13: a project per client in each state, a request of the seed's
    flow turned into tasks, an approval in round 2, a SOW near its limit, a
    change request waiting and one approved — and the portal shows them."""
    from django.test import Client as HttpClient

    from agencydesk.work.models import ApprovalRound, ChangeRequest, Project, Sow, Task
    from agencydesk.work.scope_selectors import scope_meter, today_for

    load(out=io.StringIO())
    states = dict(Project.objects.values_list("client__slug", "status"))
    assert len(states) == 6
    assert {"active", "planned", "on_hold", "done"} <= set(states.values())
    assert states["kopi-nusantara"] == "active"
    ramadan = Task.objects.filter(ticket__title="Ramadan campaign plan")
    assert ramadan.count() == 4
    assert {t.project.name for t in ramadan} == {"Website relaunch"}
    assert ramadan.first().ticket.stage == "production"
    waiting = ApprovalRound.objects.get(status="pending")
    assert (waiting.number, waiting.version.number) == (2, 2)
    assert waiting.deliverable.rounds.get(number=1).status == "changes"
    sow = Sow.objects.get(client__slug="lion-city-eats", status="confirmed")
    rows = {r.line.what: r for r in scope_meter(sow=sow, on=today_for(sow.client))}
    assert (rows["Posts"].used, rows["Posts"].contracted) == (10, 12)
    assert rows["Stories"].contracted == 6  # added by the approved request
    assert set(ChangeRequest.objects.values_list("status", flat=True)) == {
        "sent",
        "approved",
    }
    http = HttpClient()
    http.post(
        "/login/",
        {"email": "wei.ling@lioncityeats.example", "password": DEMO_PASSWORD},
    )
    scope = http.get("/portal/scope/").content.decode()
    assert ">10<" in scope and ">83%<" in scope
    assert "A short video of the new menu" in scope
    projects = http.get("/portal/projects/").content.decode()
    assert "Social media this month" in projects and "Post 1" not in projects
