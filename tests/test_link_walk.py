"""Issue #11: no link leads to a refusal.

Signs in as every staff role and as a client contact on the demo agency, starts
at "/", and follows breadth-first every same-site link (and GET form) each page
shows. A link that answers 403, 404 or 5xx, or sends the viewer to the sign-in
page, is a link the page should not have shown (or a permission the role lacks).
"""

from __future__ import annotations

import io
import re
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.test.utils import override_settings

from agencydesk.core.models import Agency
from agencydesk.demo import DEMO_PASSWORD, load

pytestmark = pytest.mark.django_db

MAX_PAGES = 150
# How many URLs of one shape (ids replaced) are followed: enough to meet every
# kind of object, few enough to stay quick.
PER_SHAPE = 3
SKIP = ("/logout/", "/static/", "/media/", "/admin/logout/")
LOGINS = [
    "admin@agency.example",
    "lead@agency.example",
    "rina@agency.example",
    "anna@agency.example",
    "olga@agency.example",
    "maya@kopinusantara.example",
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.links.append(attrs.get("action") or "")


def _shape(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"/(\d+|[0-9a-f-]{32,36}|AD-\d+)(?=/|$)", "/#", path)


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    # Loading the demo is the slow part: once for every role. It archives a
    # client, which writes its export ZIP: into a scratch media folder.
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        load(out=io.StringIO())
        yield
        transaction.set_rollback(True)


def walk(http: HttpClient, start: str = "/") -> tuple[list[str], int]:
    """Follow the links reached from ``start``; answer the refused ones."""
    queue = deque([(start, "(start)")])
    seen = {start}
    shapes: dict[str, int] = {}
    refused: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        url, source = queue.popleft()
        response = http.get(url)
        pages += 1
        if response.status_code in (301, 302, 303, 307, 308):
            target = response["Location"]
            if urlsplit(target).path.startswith("/login/"):
                refused.append(f"{url} (from {source}) → sign-in page")
            elif target not in seen:
                seen.add(target)
                queue.appendleft((target, source))
            continue
        if response.status_code in (403, 404) or response.status_code >= 500:
            refused.append(f"{url} (from {source}) → {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", "") or url.startswith(
            "/admin/"
        ):
            # Django's admin shows only what its permissions allow: its door is
            # checked, its own pages are not walked.
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in (
                "",
                "testserver",
            ):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or target.startswith(SKIP):
                continue
            seen.add(target)
            shape = _shape(target)
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append((target, url))
    return refused, pages


@pytest.mark.parametrize(
    ("email", "scope"),
    [(email, "all") for email in LOGINS]
    # Need-to-know: a specialist and finance limited to the clients they work on.
    + [("anna@agency.example", "own"), ("olga@agency.example", "own")],
)
def test_every_link_a_role_is_shown_opens(email, scope, _demo):
    Agency.objects.update(staff_scope=scope)
    http = HttpClient()
    started = time.monotonic()
    response = http.post("/login/", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email

    refused, pages = walk(http)

    assert pages > 5, f"{email} reached only {pages} pages"
    assert not refused, f"{email} is shown links it may not open:\n" + "\n".join(
        refused
    )
    assert time.monotonic() - started < 30
