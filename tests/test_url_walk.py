"""Walk every URL pattern of the project as anonymous, staff and two contacts of
two different clients, and fail on any leak or any server error.

New URLs are covered automatically. A new URL parameter needs a sample in
``SAMPLES`` (the test fails and says so until it has one): give it the value
that names an object of the given side's client.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.clients.services import access as access_inventory
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Agency, ClientOwned, Event
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record
from agencydesk.desk import services as desk
from agencydesk.desk.models import Attachment, RequestType, Ticket
from agencydesk.desk.services.ratings import rating_token
from agencydesk.people.models import User
from agencydesk.people.roles import Role

from .factories.clients import make_client, make_contact
from .factories.people import make_staff

# Every list filter the project uses, with values no form would send.
FILTER_GARBAGE = {
    "q": "Leakmark",
    "page": "-3",
    "status": "nonsense",
    "country": "ZZ",
    "kind": "nothing",
    "role": "emperor",
}

# Pages anyone may open without signing in.
PUBLIC = {
    "people:login",
    "healthz",
    "admin:login",
    "admin:logout",
    "portal:rate-link",
    "portal:approval-link",
    "portal:approval-link-file",
    "portal:sow-link",
    "portal:change-request-link",
    "onboarding:questionnaire-fill",
    "onboarding:feedback-fill",
    "clients:credential-fill",
    "meetings:feed",
    "people:password-reset",
    "people:password-reset-done",
    "people:password-reset-confirm",
    "people:invitation-accept",
    # The API's schema and its documentation page describe, never show, data.
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    # Scripts push KPI data signed with the address's secret, signed in as no one.
    "api-v1:kpi_push",
}
# Pages opened by an unguessable signed token (sent to one person by e-mail):
# whoever holds the token may use it, so they are not "another client's URL".
BEARER = {
    "portal:rate-link",
    "portal:approval-link",
    "portal:approval-link-file",
    "portal:sow-link",
    "portal:change-request-link",
    "onboarding:questionnaire-fill",
    "onboarding:feedback-fill",
    "clients:credential-fill",
    "meetings:feed",
    "people:password-reset-confirm",
    "people:invitation-accept",
    "api-v1:kpi_push",
}

# Endpoints that keep what they refuse, for a person to review: the model
# each refused request adds a row to.
KEEPS_REFUSED = {"api-v1:kpi_push": "imports.ImportRun"}


@dataclass
class Side:
    """One client with its objects; every name in it is a leak marker."""

    client: Client
    contact: Contact
    ticket: Ticket
    markers: tuple[str, ...]
    # Never shown to any contact, not even of this side's client.
    internal: str = ""

    cache: dict = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """Build an object of this side the first time a sample needs it."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def owned(self, model: type[models.Model]) -> models.Model | None:
        """A row of ``model`` belonging to this side's client."""
        if model is User:
            return self.contact.user
        if issubclass(model, ClientOwned):
            path = model.client_path
            return model._default_manager.filter(**{path: self.client.pk}).first()
        return model._default_manager.order_by("pk").first()


def _admin_model(callback: Any) -> type[models.Model] | None:
    admin = getattr(callback, "model_admin", None)
    if admin is None:
        bound = getattr(callback, "__wrapped__", None)
        admin = getattr(bound, "__self__", None)
    return getattr(admin, "model", None)


def _admin_object_id(side: Side, callback: Any) -> str:
    model = _admin_model(callback)
    obj = side.owned(model) if model is not None else None
    return str(obj.pk) if obj is not None else "1"


# parameter name -> value naming an object of the side (callback given for admin).
SAMPLES: dict[str, Callable[[Side, Any], str]] = {
    "client_slug": lambda side, cb: side.client.slug,
    "notification_id": lambda side, cb: str(
        side.contact.user.notifications.order_by("pk").first().pk
    ),
    "object_id": _admin_object_id,
    "id": _admin_object_id,
    "app_label": lambda side, cb: "clients",
    "content_type_id": lambda side, cb: str(
        ContentType.objects.get_for_model(Client).pk
    ),
    "url": lambda side, cb: "no-such-page/",
    "ticket_number": lambda side, cb: str(side.ticket.number),
    "step_id": lambda side, cb: str(side.ticket.steps.order_by("pk").first().pk),
    "attachment_id": lambda side, cb: str(
        Attachment.objects.filter(message__ticket=side.ticket).order_by("pk").first().pk
    ),
    "token": lambda side, cb: rating_token(side.ticket),
}

# Apps add their own samples in tests/<app>/url_samples.py (SAMPLES = {...}),
# building their objects for a side with ``side.once(key, factory)``. An app's
# own URLs use its own samples first: two apps may name different objects
# alike (``entry_id``: an access entry, a time entry).
APP_SAMPLES: dict[str, dict[str, Callable[[Side, Any], str]]] = {}
for _config in apps.get_app_configs():
    if _config.name.startswith("agencydesk."):
        _module = f"tests.{_config.label}.url_samples"
        if importlib.util.find_spec(
            f"tests.{_config.label}"
        ) and importlib.util.find_spec(_module):
            APP_SAMPLES[_config.name] = importlib.import_module(_module).SAMPLES
            SAMPLES.update(APP_SAMPLES[_config.name])

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _patterns(
    patterns: list, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _patterns(
                entry.url_patterns,
                prefix + str(entry.pattern),
                f"{namespace}:{ns}".strip(":") if ns else namespace,
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            yield prefix + str(entry.pattern), name, entry.callback


ALL_PATTERNS = sorted(set(_patterns(get_resolver().url_patterns)), key=lambda p: p[0])


def _samples_for(callback: Any) -> dict[str, Callable[[Side, Any], str]]:
    module = getattr(callback, "__module__", "") or ""
    for app, samples in APP_SAMPLES.items():
        if module.startswith(f"{app}."):
            return {**SAMPLES, **samples}
    return SAMPLES


def _concrete(route: str, side: Side, callback: Any) -> str:
    samples = _samples_for(callback)

    def value(name: str) -> str:
        if name not in samples:
            pytest.fail(f"URL parameter {name!r} in {route!r} has no sample in SAMPLES")
        return samples[name](side, callback)

    path = _ROUTE_PARAM.sub(lambda m: value(m["name"]), route)
    path = _REGEX_PARAM.sub(lambda m: value(m["name"]), path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def _side(name: str, country: str, tz: str, staff: User) -> Side:
    client = make_client(f"{name} Leakmark Client", country=country, timezone=tz)
    contact = make_contact(client, full_name=f"{name} Leakmark Person")
    notify(
        recipient=contact.user,
        verb="test.notice",
        title=f"{name} Leakmark Notice",
        url="/portal/",
    )
    timeline_record(
        actor=None,
        client_id=client.pk,
        verb="client.updated",
        data={"note": f"{name} Leakmark Event"},
    )
    ticket = desk.ticket_create(
        actor=None,
        client=client,
        requester=contact,
        title=f"{name} Leakmark Ticket",
        request_type=RequestType.objects.get(name="Banner for a campaign"),
        attachments=[SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief")],
    )
    desk.ticket_move(actor=None, ticket=ticket, stage="production")
    desk.message_add(
        actor=staff,
        ticket=ticket,
        body=f"{name} Leakmark Internal note",
        is_internal=True,
        attachments=[SimpleUploadedFile("secret.txt", b"internal only")],
    )
    return Side(
        client=client,
        contact=contact,
        ticket=Ticket.objects.get(pk=ticket.pk),
        markers=(client.name, contact.user.full_name, contact.user.email, ticket.title),
        internal=f"{name} Leakmark Internal note",
    )


def _fingerprint() -> dict[str, int]:
    """Row counts of every table but sessions: a denied write changes none."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model is not Session
    }


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = make_staff(Role.ADMIN, full_name="Walk Admin")
    specialist = make_staff(Role.SPECIALIST, full_name="Walk Specialist")
    return {
        "staff": staff,
        "specialist": specialist,
        "a": _side("Alpha", "ID", "Asia/Jakarta", staff),
        "b": _side("Bravo", "RU", "Europe/Moscow", staff),
    }


def _body(response) -> str:
    raw = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return raw.decode(errors="replace")


def _refused(response) -> bool:
    """A 401/403/404/405 (401: the API without a token), or a redirect to a
    sign-in page (the admin's way)."""
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and "/login/" in response["Location"]


class Browser:
    """A signed-in HTTP client per person, renewed after a sign-out URL."""

    def __init__(self) -> None:
        self._clients: dict[int | None, HttpClient] = {}

    def fetch(self, user: User | None, method: str, path: str, name: str):
        key = user.pk if user is not None else None
        http = self._clients.get(key)
        if http is None:
            http = HttpClient(raise_request_exception=False)
            if user is not None:
                http.force_login(user)
            self._clients[key] = http
        if method == "get":
            response = http.get(path)
        elif method == "get-filtered":
            response = http.get(path, FILTER_GARBAGE)
        else:
            response = http.post(path, {"x": "garbage", "language": "xx"})
        if name.endswith("logout"):
            self._clients.pop(key)
        return response


def _concrete_urls(world) -> list[tuple[str, str, Side | None]]:
    """Each pattern once per side; a URL naming no object is nobody's (None)."""
    urls = []
    for route, name, callback in ALL_PATTERNS:
        path_a = _concrete(route, world["a"], callback)
        path_b = _concrete(route, world["b"], callback)
        if path_a == path_b:
            urls.append((path_a, name, None))
        else:
            urls += [(path_a, name, world["a"]), (path_b, name, world["b"])]
    return urls


def test_every_url_is_walked():
    names = {name for _route, name, _cb in ALL_PATTERNS}
    # The walk sees the project's own URLs and the admin.
    assert {"core:home", "clients:client-detail", "portal:home", "admin:index"} <= names


@pytest.mark.parametrize("method", ["get", "get-filtered", "post"])
def test_anonymous_is_asked_to_sign_in_and_changes_nothing(world, method):
    browser, failures = Browser(), []
    # Samples may build their objects lazily: build every URL before counting.
    urls = _concrete_urls(world)
    before = _fingerprint()
    for path, name, _target in urls:
        status = browser.fetch(None, method, path, name).status_code
        if status >= 500 or (status == 200 and name not in PUBLIC):
            failures.append(f"anonymous {method} {path} ({name}) -> {status}")
    assert failures == []
    if method == "post":
        after = _fingerprint()
        # A refused push is kept for review as an import run (its one row each).
        for name, label in KEEPS_REFUSED.items():
            pushed = sum(1 for _path, n, _t in urls if n == name)
            after[label] -= pushed
        assert after == before


@pytest.mark.parametrize("method", ["get", "get-filtered", "post"])
def test_staff_never_meet_a_server_error(world, method):
    browser, failures = Browser(), []
    for path, name, _target in _concrete_urls(world):
        for user in (world["staff"], world["specialist"]):
            status = browser.fetch(user, method, path, name).status_code
            if status >= 500:
                failures.append(f"{user.full_name} {method} {path} -> {status}")
    assert failures == []


@pytest.mark.parametrize("method", ["get", "get-filtered", "post"])
def test_contacts_never_see_or_touch_another_clients_data(world, method):
    browser, failures = Browser(), []
    a, b = world["a"], world["b"]
    urls = _concrete_urls(world)
    for viewer, other in ((a, b), (b, a)):
        who = viewer.contact.user
        # Their own objects first: no server error and nothing of the other side.
        # Then the other side's objects: never a success, and no data changed.
        for phase in ("own", "other"):
            before = _fingerprint()
            for path, name, target in urls:
                if (target is other) != (phase == "other") or (
                    phase == "other" and name in BEARER
                ):
                    continue
                response = browser.fetch(who, method, path, name)
                body = _body(response)
                status = response.status_code
                if status >= 500:
                    failures.append(f"{who.full_name} {method} {path} -> {status}")
                leaked = [m for m in (*other.markers, viewer.internal) if m in body]
                if leaked:
                    failures.append(f"{who.full_name} {method} {path} shows {leaked}")
                if phase == "other" and not _refused(response):
                    failures.append(f"{who.full_name} {method} {path} -> {status}")
            if method == "post" and phase == "other" and _fingerprint() != before:
                failures.append(f"{who.full_name} POSTs to the other side changed data")
    assert failures == []


def test_contact_sees_own_marker_on_portal(world):
    # Guards the walk itself: markers are really rendered where they belong.
    response = Browser().fetch(world["a"].contact.user, "get", "/portal/", "")
    assert world["a"].client.name in response.content.decode()


# --- Need-to-know: staff limited to the clients they work on -------------------


# A person's week and leave are that person's, not a client's: staff limited to
# their clients still open them (showing nothing of another client).
PERSON_PAGES = {"planning:cell", "planning:leave-decide"}


# The Django admin has its own part of issue #19; this walk covers the pages.
def _page(name: str) -> bool:
    return not name.startswith("admin:")


@pytest.fixture
def own_scope(world):
    """The agency limits specialists and finance to their clients; the walk's
    specialist is on Alpha's team only."""
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    team_member_add(
        actor=None,
        client=world["a"].client,
        user=world["specialist"],
        role=TeamMember.Role.SPECIALIST,
    )
    return world


@pytest.mark.parametrize("method", ["get", "get-filtered", "post"])
def test_need_to_know_staff_never_see_or_touch_another_clients_data(own_scope, method):
    world = own_scope
    browser, failures = Browser(), []
    who, b = world["specialist"], world["b"]
    urls = [(p, n, t) for p, n, t in _concrete_urls(world) if _page(n)]
    # Pages of Alpha and pages naming no client first: no server error and
    # nothing of Bravo. Then Bravo's objects: refused, and no data changed.
    for phase in ("own", "other"):
        before = _fingerprint()
        for path, name, target in urls:
            if (target is b) != (phase == "other") or (
                phase == "other" and name in BEARER
            ):
                continue
            response = browser.fetch(who, method, path, name)
            status = response.status_code
            if status >= 500:
                failures.append(f"{method} {path} -> {status}")
            leaked = [m for m in (*b.markers, b.internal) if m in _body(response)]
            if leaked:
                failures.append(f"{method} {path} shows {leaked}")
            refusal_due = phase == "other" and name not in PERSON_PAGES
            if refusal_due and not _refused(response):
                failures.append(f"{method} {path} -> {status}")
        if method == "post" and phase == "other" and _fingerprint() != before:
            failures.append("POSTs to Bravo's objects changed data")
    assert failures == [], "\n".join(failures)


def test_need_to_know_walk_sees_the_own_clients_data(own_scope):
    # Guards the walk itself: the specialist does reach Alpha's ticket.
    a = own_scope["a"]
    response = Browser().fetch(
        own_scope["specialist"], "get", a.ticket.get_absolute_url(), ""
    )
    assert response.status_code == 200
    assert a.ticket.title in response.content.decode()


def test_an_account_manager_of_another_client_is_refused_the_secrets(world, settings):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    a, b = world["a"], world["b"]
    manager = make_staff(Role.ACCOUNT_MANAGER, full_name="Walk Manager")
    team_member_add(
        actor=None, client=a.client, user=manager, role=TeamMember.Role.ACCOUNT_MANAGER
    )
    entries = {}
    for side in (a, b):
        entries[side.client.slug] = access_inventory.access_entry_create(
            actor=None,
            client=side.client,
            platform="Walk Ads",
            secret=f"{side.client.slug}-s3cret",
        )
    browser, answers = Browser(), {}
    for side in (a, b):
        entry = entries[side.client.slug]
        listed = browser.fetch(
            manager, "get", reverse("clients:access-list", args=[side.client.slug]), ""
        )
        revealed = browser.fetch(
            manager,
            "post",
            reverse("clients:access-reveal", args=[side.client.slug, entry.pk]),
            "",
        )
        answers[side.client.slug] = (
            "Reveal" in listed.content.decode(),
            revealed.status_code,
            f"{side.client.slug}-s3cret" in _body(revealed),
        )

    # Their own client's secret: the button and the value; the other's: neither.
    assert answers == {
        a.client.slug: (True, 200, True),
        b.client.slug: (False, 403, False),
    }
    revealed = Event.objects.filter(verb="client.access_secret_revealed")
    assert list(revealed.values_list("client_id", flat=True)) == [a.client.pk]
