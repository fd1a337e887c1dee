"""/onboarding-runs: each client's checklists with their items and progress
(staff only, as the pages)."""

import datetime

import pytest

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Agency
from agencydesk.onboarding.models import Run
from agencydesk.onboarding.services.runs import run_start
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["onboarding:read"]


@pytest.fixture
def runs(client_a, client_b):
    Run.objects.all().delete()
    start = datetime.date(2026, 3, 2)
    return {
        "a": run_start(actor=None, client=client_a, start_date=start),
        "b": run_start(actor=None, client=client_b, start_date=start),
    }


def test_staff_list_runs_per_client_with_their_progress(staff, runs, client_a):
    api = api_for(staff, READ)

    listed = api.get("/onboarding-runs").json()
    of_a = api.get("/onboarding-runs", {"client": client_a.slug}).json()
    done = api.get("/onboarding-runs", {"state": "done"}).json()

    assert [r["client"] for r in listed["items"]] == [
        "alpha-api-client",
        "bravo-api-client",
    ]
    [run] = of_a["items"]
    assert run["id"] == runs["a"].pk
    assert run["kind"] == "onboarding"
    total = runs["a"].items.count()
    assert run["progress"]["total"] == total > 0
    assert run["progress"]["done"] == 0
    assert done["items"] == []
    assert api.get("/onboarding-runs", {"kind": "nope"}).status_code == 422


def test_one_run_has_its_items_in_order(staff, runs):
    api = api_for(staff, READ)
    run = runs["a"]
    first = run.items.order_by("order", "pk").first()
    first.done_at = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    first.save()

    one = api.get(f"/onboarding-runs/{run.pk}").json()

    assert [i["id"] for i in one["items"]] == list(
        run.items.order_by("order", "pk").values_list("pk", flat=True)
    )
    assert one["items"][0]["done_at"] is not None
    assert one["progress"]["done"] == 1
    assert one["items"][0]["section"]
    assert one["items"][0]["title"]


def test_contacts_and_unscoped_tokens_are_refused(staff, contact_a, runs):
    assert api_for(staff, ["tickets:read"]).get("/onboarding-runs").status_code == 403
    assert api_for(contact_a.user, READ).get("/onboarding-runs").status_code == 403
    assert (
        api_for(contact_a.user, READ)
        .get(f"/onboarding-runs/{runs['a'].pk}")
        .status_code
        == 403
    )


def test_need_to_know_staff_see_only_their_clients(runs, client_a):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    manager = make_staff(Role.SPECIALIST, full_name="Need Know")
    team_member_add(
        actor=None, client=client_a, user=manager, role=TeamMember.Role.SPECIALIST
    )
    api = api_for(manager, READ)

    listed = api.get("/onboarding-runs").json()

    assert [r["id"] for r in listed["items"]] == [runs["a"].pk]
    assert api.get(f"/onboarding-runs/{runs['b'].pk}").status_code == 404
