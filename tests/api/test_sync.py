"""Syncing: ``updated_since`` and ``ordering=updated`` on the lists of
clients, contacts, time entries, allocations, meetings, projects, statements
of work and change requests. Rows are changed
the ways the product changes them (its services), so a write that forgot to
move ``updated_at`` fails here."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import update_last_login
from django.utils import timezone

from agencydesk.clients import services as clients_services
from agencydesk.clients.models import Client, Contact
from agencydesk.meetings.models import ActionItem, Meeting
from agencydesk.meetings.services import (
    action_item_add,
    action_item_done,
    meeting_cancel,
    meeting_record_minutes,
    meeting_schedule,
    meeting_update,
)
from agencydesk.people import services as people_services
from agencydesk.planning import services as planning_services
from agencydesk.planning.models import Allocation
from agencydesk.timesheets import services as time_services
from agencydesk.timesheets.models import TimeEntry
from agencydesk.work import services as work_services
from agencydesk.work.models import ChangeRequest, Project, Sow
from tests.factories.clients import make_client, make_contact
from tests.work.factories import make_project

from .conftest import api_for

SCOPES = [
    "clients:read",
    "contacts:read",
    "time:read",
    "planning:read",
    "meetings:read",
    "projects:read",
    "scope:read",
]
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
DAY = date(2026, 11, 2)  # a Monday
_seq = itertools.count(1)


@dataclass
class Resource:
    path: str
    model: type
    make: Callable[[Any], Any]
    # The ways a person changes such a row, by name.
    changes: dict[str, Callable[[Any, Any], Any]] = field(default_factory=dict)
    key: str = "id"  # what names an item of the list

    def key_of(self, row: Any) -> Any:
        return row.slug if self.key == "slug" else row.pk


def _meeting(world: Any) -> Meeting:
    return meeting_schedule(
        actor=None,
        client=world.client,
        kind="regular",
        title=f"Weekly {next(_seq)}",
        starts_at=timezone.now() + timedelta(days=next(_seq)),
        send_invitations=False,
    )


def _action_done(world: Any, meeting: Meeting) -> None:
    # Made before the moment as the rows are (a plain insert touches nothing).
    item = ActionItem.objects.create(meeting=meeting, title="Send files")
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=LONG_AGO)
    action_item_done(actor=None, item=item)


def _attendee_added(world: Any, meeting: Meeting) -> None:
    meeting_update(
        actor=None,
        meeting=meeting,
        title=meeting.title,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        staff=[world.staff],
    )


def _sow(world: Any) -> Sow:
    return work_services.sow_create(
        actor=None, client=world.client, title=f"Retainer {next(_seq)}"
    )


def _sow_line(world: Any, sow: Sow) -> Any:
    return work_services.sow_line_add(
        actor=None, sow=sow, what="Posts", quantity=Decimal(12), unit="deliverables"
    )


def _sow_confirmed(world: Any, sow: Sow) -> None:
    _sow_line(world, sow)
    Sow.objects.filter(pk=sow.pk).update(updated_at=LONG_AGO)
    contact = make_contact(world.client)
    work_services.sow_send(actor=None, sow=sow, contact=contact)
    Sow.objects.filter(pk=sow.pk).update(updated_at=LONG_AGO)
    work_services.sow_confirm(actor=None, sow=sow, contact=contact)


def _cr(world: Any) -> ChangeRequest:
    return work_services.change_request_create(
        actor=None, client=world.client, title=f"Extra banners {next(_seq)}"
    )


def _cr_line(world: Any, cr: ChangeRequest) -> None:
    sow = _sow(world)
    ChangeRequest.objects.filter(pk=cr.pk).update(sow=sow)
    cr.refresh_from_db()
    ChangeRequest.objects.filter(pk=cr.pk).update(updated_at=LONG_AGO)
    work_services.change_request_line_add(
        actor=None, change_request=cr, what="Stories", quantity=Decimal(4),
        unit="deliverables",
    )  # fmt: skip


RESOURCES = {
    "clients": Resource(
        "/clients",
        Client,
        make=lambda w: make_client(f"Sync Client {next(_seq)}"),
        changes={
            "profile": lambda w, c: clients_services.client_update_profile(
                actor=None, client=c, changes={"industry": "Coffee"}
            ),
            "status": lambda w, c: clients_services.client_set_status(
                actor=None, client=c, status=Client.Status.ACTIVE
            ),
        },
        key="slug",
    ),
    "contacts": Resource(
        "/contacts",
        Contact,
        make=lambda w: make_contact(w.client),
        changes={
            "job title": lambda w, c: clients_services.contact_update(
                actor=None, contact=c, job_title="Finance lead"
            ),
            "deactivated": lambda w, c: clients_services.contact_deactivate(
                actor=None, contact=c
            ),
            "renamed on their profile": lambda w, c: (
                people_services.user_update_profile(
                    user=c.user,
                    full_name="Dewi Lestari",
                    language="id",
                    timezone="Asia/Jakarta",
                    notify_by_email=True,
                )
            ),
        },
    ),
    "time-entries": Resource(
        "/time-entries",
        TimeEntry,
        make=lambda w: time_services.time_entry_create(
            actor=None,
            user=w.staff,
            day=DAY + timedelta(days=next(_seq) % 5),
            minutes=30,
            client=w.client,
        ),
        changes={
            "minutes": lambda w, e: time_services.time_entry_update(
                actor=None, entry=e, minutes=45
            ),
            "made internal": lambda w, e: time_services.time_entry_update(
                actor=None, entry=e, client=None
            ),
        },
    ),
    "allocations": Resource(
        "/allocations",
        Allocation,
        make=lambda w: planning_services.allocation_create(
            actor=None,
            user=w.staff,
            week=DAY + timedelta(weeks=next(_seq)),
            minutes=600,
            client=w.client,
            is_tentative=True,
        ),
        changes={
            "minutes": lambda w, a: planning_services.allocation_update(
                actor=None, allocation=a, minutes=300
            ),
            "confirmed": lambda w, a: planning_services.allocation_confirm(
                actor=None, allocation=a
            ),
        },
    ),
    "meetings": Resource(
        "/meetings",
        Meeting,
        make=_meeting,
        changes={
            "minutes": lambda w, m: meeting_record_minutes(
                actor=None, meeting=m, minutes="Agreed", decisions="Go"
            ),
            "cancelled": lambda w, m: meeting_cancel(actor=None, meeting=m),
            "attendee added": _attendee_added,
            "action added": lambda w, m: action_item_add(
                actor=None, meeting=m, title="Send the banner"
            ),
            "action done": _action_done,
        },
    ),
    "projects": Resource(
        "/projects",
        Project,
        make=lambda w: make_project(w.client, w.staff, name=f"Launch {next(_seq)}"),
        changes={
            "renamed": lambda w, p: work_services.project_update(
                actor=None, project=p, name="Autumn launch"
            ),
        },
    ),
    "sows": Resource(
        "/sows",
        Sow,
        make=_sow,
        changes={
            "title": lambda w, s: work_services.sow_update(
                actor=None, sow=s, title="Social retainer 2027"
            ),
            "line added": _sow_line,
            "sent and confirmed": _sow_confirmed,
        },
    ),
    "change-requests": Resource(
        "/change-requests",
        ChangeRequest,
        make=_cr,
        changes={
            "withdrawn": lambda w, c: work_services.change_request_withdraw(
                actor=None, change_request=c
            ),
            "line added": _cr_line,
        },
    ),
}

CHANGES = [
    pytest.param(name, change, id=f"{name}: {change}")
    for name, resource in RESOURCES.items()
    for change in resource.changes
]


@pytest.fixture
def world(staff, client_a):
    return SimpleNamespace(staff=staff, client=client_a)


def _listed(api, resource: Resource, **params: Any) -> list[Any]:
    response = api.get(resource.path, params)
    assert response.status_code == 200, response.content
    return [item[resource.key] for item in response.json()["items"]]


def _all_pages(api, resource: Resource, **params: Any) -> list[dict[str, Any]]:
    items, cursor, pages = [], "", 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = api.get(resource.path, query)
        assert response.status_code == 200, response.content
        page = response.json()
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert pages < 50


@pytest.mark.parametrize(("name", "change"), CHANGES)
def test_a_row_changed_since_is_listed_and_an_unchanged_one_is_not(world, name, change):
    resource = RESOURCES[name]
    changed, unchanged = resource.make(world), resource.make(world)
    resource.model.objects.update(updated_at=LONG_AGO)
    moment = timezone.now()

    resource.changes[change](world, changed)

    api = api_for(world.staff, SCOPES)
    since = moment.isoformat().replace("+00:00", "Z")
    assert _listed(api, resource, updated_since=since) == [resource.key_of(changed)]
    everything = _listed(api, resource, updated_since="2019-12-31T00:00:00Z")
    assert resource.key_of(unchanged) in everything
    item = api.get(resource.path, {"updated_since": since}).json()["items"][0]
    # Times are written to the millisecond (cut, never rounded up).
    to_the_ms = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert datetime.fromisoformat(item["updated_at"]) >= to_the_ms


def test_a_contact_signing_in_is_no_change(world):
    contact = make_contact(world.client)
    Contact.objects.update(updated_at=LONG_AGO)
    moment = timezone.now()

    update_last_login(None, contact.user)

    api = api_for(world.staff, SCOPES)
    assert _listed(api, RESOURCES["contacts"], updated_since=moment.isoformat()) == []


@pytest.mark.parametrize("name", RESOURCES)
@pytest.mark.parametrize(
    "value", ["yesterday", "1700000000", "0.5", "2026-13-45T00:00:00Z"]
)
def test_a_malformed_updated_since_is_422_in_the_one_format(world, name, value):
    api = api_for(world.staff, SCOPES)

    response = api.get(RESOURCES[name].path, {"updated_since": value})

    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["updated_since"]


@pytest.mark.parametrize("name", RESOURCES)
def test_an_unknown_ordering_is_422(world, name):
    response = api_for(world.staff, SCOPES).get(
        RESOURCES[name].path, {"ordering": "colour"}
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["ordering"]


@pytest.mark.parametrize("name", RESOURCES)
def test_paging_by_updated_loses_and_repeats_nothing(world, name):
    resource = RESOURCES[name]
    rows = [resource.make(world) for _ in range(5)]
    # Three rows changed in the same microsecond: the order goes on by id.
    same = LONG_AGO + timedelta(hours=1)
    stamps = [same, same, LONG_AGO, same, LONG_AGO + timedelta(hours=2)]
    for row, stamp in zip(rows, stamps, strict=True):
        resource.model.objects.filter(pk=row.pk).update(updated_at=stamp)
    expected = [
        resource.key_of(row)
        for row, _stamp in sorted(
            zip(rows, stamps, strict=True), key=lambda rs: (rs[1], rs[0].pk)
        )[::-1]
    ]
    api = api_for(world.staff, SCOPES)

    items = _all_pages(api, resource, ordering="updated", limit=2)

    mine = [item[resource.key] for item in items if item[resource.key] in expected]
    assert mine == expected
    keys = [item[resource.key] for item in items]
    assert len(keys) == len(set(keys))
    stamped = [datetime.fromisoformat(item["updated_at"]) for item in items]
    assert stamped == sorted(stamped, reverse=True)


@pytest.mark.parametrize("name", RESOURCES)
def test_a_cursor_of_one_ordering_is_refused_by_another(world, name):
    resource = RESOURCES[name]
    for _ in range(3):
        resource.make(world)
    api = api_for(world.staff, SCOPES)
    cursor = api.get(resource.path, {"ordering": "updated", "limit": 1}).json()

    response = api.get(resource.path, {"limit": 1, "cursor": cursor["next_cursor"]})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["cursor"]


@pytest.mark.parametrize("name", RESOURCES)
def test_a_row_changed_while_a_sync_pages_comes_in_the_next_sync(world, name):
    """The recipe of docs/api.md: page by ``updated``, then ask again from
    the newest ``updated_at`` seen."""
    resource = RESOURCES[name]
    rows = [resource.make(world) for _ in range(3)]
    for hours, row in enumerate(rows):
        resource.model.objects.filter(pk=row.pk).update(
            updated_at=LONG_AGO + timedelta(hours=hours)
        )
    api = api_for(world.staff, SCOPES)
    since = (LONG_AGO - timedelta(days=1)).isoformat()

    first = api.get(
        resource.path, {"ordering": "updated", "updated_since": since, "limit": 2}
    ).json()
    # Meanwhile the oldest one, not read yet, changes: it moves to the front.
    oldest = rows[0]
    resource.changes[next(iter(resource.changes))](world, oldest)
    rest = _all_pages(
        api,
        resource,
        ordering="updated",
        updated_since=since,
        limit=2,
        cursor=first["next_cursor"],
    )
    seen = first["items"] + rest
    newest = max(datetime.fromisoformat(item["updated_at"]) for item in seen)
    again = _listed(api, resource, ordering="updated", updated_since=newest.isoformat())

    assert resource.key_of(oldest) not in [item[resource.key] for item in seen]
    assert resource.key_of(oldest) in again
