"""The import pages: upload and check, the rows, the Import button, refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencydesk.clients.models import Client
from agencydesk.imports import services
from agencydesk.imports.models import ImportRun
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .files import csv_upload, xlsx_upload

LIST_QUERIES = 3
DETAIL_QUERIES = 2
CLIENTS = (
    "name,slug,country,timezone,currency\n"
    "Gamma Tea,gamma-tea,ID,Asia/Jakarta,IDR\n"
    "Bad Row,bad-row,XX,Asia/Jakarta,IDR\n"
)


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Lee Lead")


def test_a_lead_checks_a_file_sees_each_row_then_imports_it(lead, as_user):
    http = as_user(lead)

    checked = http.post(
        reverse("imports:create"),
        {"kind": "clients", "file": csv_upload(CLIENTS.rsplit("Bad", 1)[0])},
    )
    run = ImportRun.objects.get()
    page = http.get(checked["Location"])
    imported = http.post(reverse("imports:apply", args=[run.pk]), follow=True)

    assert checked.status_code == 302
    assert "Would create" in page.content.decode()
    assert 'id="import-apply-form"' in page.content.decode()
    assert "Imported 1 row." in imported.content.decode()
    assert Client.objects.filter(slug="gamma-tea").count() == 1


def test_a_row_error_is_shown_and_no_import_offered(lead, as_user):
    http = as_user(lead)
    http.post(
        reverse("imports:create"), {"kind": "clients", "file": csv_upload(CLIENTS)}
    )
    run = ImportRun.objects.get()

    page = http.get(reverse("imports:detail", args=[run.pk]), {"show": "errors"})
    refused = http.post(reverse("imports:apply", args=[run.pk]), follow=True)

    body = page.content.decode()
    assert "Select a valid choice. XX is not one of the available choices." in body
    assert "Gamma Tea" not in body
    assert 'id="import-apply-form"' not in body
    assert "Only a checked file without errors can be imported." in (
        refused.content.decode()
    )
    assert not Client.objects.filter(slug="gamma-tea").exists()


def test_an_oversize_file_is_refused_with_a_clear_message(lead, as_user, settings):
    settings.IMPORT_MAX_BYTES = 50

    answer = as_user(lead).post(
        reverse("imports:create"),
        {"kind": "clients", "file": csv_upload(CLIENTS)},
        follow=True,
    )

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REFUSED
    assert not run.file
    assert (
        "The file is larger than the limit of 50\xa0bytes." in answer.content.decode()
    )


def test_a_lead_is_not_offered_staff_and_may_not_post_it(lead, as_user):
    http = as_user(lead)

    form = http.get(reverse("imports:create"))
    posted = http.post(
        reverse("imports:create"),
        {
            "kind": "staff",
            "file": csv_upload("email,full_name,role\na@b.test,A,admin\n"),
        },
    )

    assert 'value="staff"' not in form.content.decode()
    assert posted.status_code == 422
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.ACCOUNT_MANAGER, Role.FINANCE])
def test_other_roles_are_refused_every_page(role, lead, as_user):
    run = services.import_check(actor=lead, kind="clients", upload=csv_upload(CLIENTS))
    http = as_user(make_staff(role))

    pages = [
        http.get(reverse("imports:list")),
        http.get(reverse("imports:create")),
        http.get(reverse("imports:detail", args=[run.pk])),
        http.get(reverse("imports:file", args=[run.pk])),
        http.post(reverse("imports:apply", args=[run.pk])),
    ]

    # Who reads KPIs opens the KPI files of their clients: another run is
    # "not theirs" (404); the others are refused every page.
    reads_kpis = role != Role.FINANCE
    assert [p.status_code for p in pages] == [403] * 2 + [
        404 if reads_kpis else 403
    ] * 3
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED


def test_templates_download_in_both_formats(admin_user, as_user):
    http = as_user(admin_user)

    csv = http.get(reverse("imports:template", args=["contacts", "csv"]))
    xlsx = http.get(reverse("imports:template", args=["staff", "xlsx"]))
    unknown = http.get(reverse("imports:template", args=["tickets", "csv"]))

    assert csv.content.decode().splitlines()[0] == (
        "\ufeffclient,email,full_name,role,job_title,phone,language"
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert unknown.status_code == 404


def test_the_stored_file_is_downloaded_as_uploaded(lead, as_user):
    run = services.import_check(actor=lead, kind="clients", upload=csv_upload(CLIENTS))

    answer = as_user(lead).get(reverse("imports:file", args=[run.pk]))

    assert b"".join(answer.streaming_content).decode() == CLIENTS
    assert answer["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("runs", [1, 12])
def test_the_list_costs_the_same_queries_at_any_size(
    runs, lead, as_user, django_assert_num_queries
):
    for _n in range(runs):
        services.import_check(actor=lead, kind="clients", upload=csv_upload(CLIENTS))
    http = as_user(lead)
    http.get(reverse("imports:list"))

    with django_assert_num_queries(LIST_QUERIES):
        answer = http.get(reverse("imports:list"))

    assert answer.content.decode().count("rows.csv") == runs


@pytest.mark.parametrize("rows", [1, 40])
def test_a_run_costs_the_same_queries_at_any_size(
    rows, lead, as_user, django_assert_num_queries
):
    lines = [["name", "slug", "country", "timezone", "currency"]] + [
        [f"Client {n}", f"client-{n}", "ID", "Asia/Jakarta", "IDR"] for n in range(rows)
    ]
    run = services.import_check(actor=lead, kind="clients", upload=xlsx_upload(lines))
    http = as_user(lead)
    http.get(reverse("imports:detail", args=[run.pk]))

    with django_assert_num_queries(DETAIL_QUERIES):
        answer = http.get(reverse("imports:detail", args=[run.pk]))

    assert answer.content.decode().count(">Create<") == rows
