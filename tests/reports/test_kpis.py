"""KPIs: the catalogue, a client's KPIs, values typed in, files imported
(GA4, Google Ads, Meta) with a dry run, the signed push, the API."""

from __future__ import annotations

import json
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencydesk.core.signing import body_signature
from agencydesk.imports import services as imports
from agencydesk.imports.models import ImportRun
from agencydesk.reports import selectors, services
from agencydesk.reports.models import DataPoint, Kpi, Metric
from tests.api.conftest import api_for

from .conftest import sample

KPI_PAGE_QUERIES = 5


def _kpi(client, slug, target=None):
    return services.kpi_create(
        actor=None, client=client, metric=Metric.objects.get(slug=slug), target=target
    )


def _points(client):
    return {
        (kpi_slug, day): value
        for kpi_slug, day, value in DataPoint.objects.filter(
            kpi__client=client
        ).values_list("kpi__metric__slug", "day", "value")
    }


def test_the_catalogue_holds_the_common_metrics(db):
    slugs = set(Metric.objects.values_list("slug", flat=True))
    assert slugs >= {
        "sessions", "users", "leads", "conversions", "cpl", "cpc", "ctr", "roas",
        "impressions", "clicks", "spend", "followers", "engagement-rate",
    }  # fmt: skip
    assert Metric.objects.get(slug="cpl").higher_is_better is False


def test_a_value_typed_in_shows_against_the_target(as_user, own_manager, client_a):
    kpi = _kpi(client_a, "leads", target=Decimal("100"))
    _kpi(client_a, "sessions")
    http = as_user(own_manager)
    today = date.today()
    answer = http.post(
        reverse("reports:point-add", args=[client_a.slug]),
        {"kpi": kpi.pk, "day": today.isoformat(), "value": "42"},
    )
    assert answer.status_code == 302
    assert DataPoint.objects.get(kpi=kpi, day=today).value == Decimal("42")
    page = http.get(reverse("reports:kpi-list", args=[client_a.slug]))
    text = page.content.decode()
    assert "no target" in text  # sessions has none
    assert "behind" in text  # 42 of 100 leads


def test_a_specialist_reads_but_cannot_type_in(as_user, specialist, client_a):
    kpi = _kpi(client_a, "leads")
    http = as_user(specialist)
    page = http.get(reverse("reports:kpi-list", args=[client_a.slug]))
    assert page.status_code == 200
    answer = http.post(
        reverse("reports:point-add", args=[client_a.slug]),
        {"kpi": kpi.pk, "day": "2026-11-01", "value": "1"},
    )
    assert answer.status_code == 403
    assert not DataPoint.objects.exists()


def test_an_account_manager_off_the_team_cannot_change_kpis(manager, client_a):
    with pytest.raises(Exception) as refused:
        services.kpi_create(
            actor=manager, client=client_a, metric=Metric.objects.get(slug="leads")
        )
    assert refused.type.__name__ == "PermissionDenied"
    assert not Kpi.objects.exists()


def test_a_contact_sees_nothing_of_kpis(as_user, contact_a, client_a):
    _kpi(client_a, "leads")
    answer = as_user(contact_a.user).get(
        reverse("reports:kpi-list", args=[client_a.slug])
    )
    assert answer.status_code == 403


def test_another_clients_kpi_url_is_404(as_user, own_manager, client_a, client_b):
    other = _kpi(client_b, "leads")
    http = as_user(own_manager)
    answer = http.get(reverse("reports:kpi-update", args=[client_a.slug, other.pk]))
    assert answer.status_code == 404


@pytest.mark.parametrize("days", [1, 40])
def test_the_kpi_page_costs_the_same_queries_at_any_size(
    days, as_user, lead, client_a, django_assert_num_queries
):
    for slug in ("leads", "sessions", "cpl")[: 1 if days == 1 else 3]:
        kpi = _kpi(client_a, slug, target=Decimal("10"))
        services.data_points_upsert(
            actor=None,
            kpi=kpi,
            points=[(date(2026, 10, d % 28 + 1), Decimal(d)) for d in range(days)],
            source="manual",
        )
    http = as_user(lead)
    http.get(reverse("reports:kpi-list", args=[client_a.slug]))
    with django_assert_num_queries(KPI_PAGE_QUERIES):
        http.get(reverse("reports:kpi-list", args=[client_a.slug]))


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        (
            "ga4",
            "ga4_traffic.csv",
            {
                ("sessions", date(2026, 11, 2)): Decimal("1350"),
                ("users", date(2026, 11, 3)): Decimal("801"),
                ("conversions", date(2026, 11, 1)): Decimal("14"),
                ("engagement-rate", date(2026, 11, 3)): Decimal("0.6402"),
            },
        ),
        (
            "google-ads",
            "google_ads_campaign.csv",
            {
                ("impressions", date(2026, 11, 3)): Decimal("40002"),
                ("clicks", date(2026, 11, 3)): Decimal("1021"),
                ("ctr", date(2026, 11, 1)): Decimal("2.43"),
                ("spend", date(2026, 11, 2)): Decimal("131.12"),
                ("cpl", date(2026, 11, 3)): Decimal("12.84"),
            },
        ),
        (
            "meta-ads",
            "meta_ads_daily.csv",
            {
                ("spend", date(2026, 11, 1)): Decimal("54.20"),
                ("leads", date(2026, 11, 2)): Decimal("8"),
                ("cpl", date(2026, 11, 3)): Decimal("9.62"),
                ("clicks", date(2026, 11, 3)): Decimal("119"),
            },
        ),
    ],
)
def test_a_standard_export_is_checked_then_imported_once(
    source, name, expected, own_manager, client_a
):
    # given: a dry run changes nothing and says what each row would do
    run = imports.kpi_import_check(
        actor=own_manager, client=client_a, source=source, upload=sample(name)
    )
    assert (run.status, run.rows, run.created, run.errors) == ("checked", 3, 3, 0)
    assert not DataPoint.objects.exists() and not Kpi.objects.exists()
    # when: imported
    run = imports.import_apply(actor=own_manager, run=run)
    assert run.status == "imported"
    points = _points(client_a)
    for key, value in expected.items():
        assert points[key] == value
    count = len(points)
    # then: the same file again changes nothing
    again = imports.kpi_import_check(
        actor=own_manager, client=client_a, source=source, upload=sample(name)
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    imports.import_apply(actor=own_manager, run=again)
    assert len(_points(client_a)) == count
    assert set(Kpi.objects.values_list("source", flat=True)) == {"upload"}


def test_a_broken_file_shows_each_rows_errors_and_is_not_imported(
    own_manager, client_a
):
    run = imports.kpi_import_check(
        actor=own_manager,
        client=client_a,
        source="ga4",
        upload=sample("ga4_broken.csv"),
    )
    errors = {row["row"]: row["messages"] for row in run.results if row["messages"]}
    assert run.status == "checked" and run.errors == 2 and not run.can_be_imported
    assert errors == {
        3: ["Date: “2026-13-45” is not a date written as 20261201."],
        4: ["Sessions: “lots” is not a number."],
    }
    with pytest.raises(imports.ImportNotReadyError):
        imports.import_apply(actor=own_manager, run=run)
    assert not DataPoint.objects.exists()


def test_dates_are_read_as_the_mapping_says(own_manager, client_a):
    services.mapping_save(
        actor=own_manager,
        client=client_a,
        source="ga4",
        date_column="Date",
        date_format="mdy",
        columns={"Sessions": "sessions"},
    )
    upload = SimpleUploadedFile(
        "us.csv", b"Date,Sessions\n12/01/2026,5\n2026-12-02,6\n20261203,7\n"
    )
    run = imports.kpi_import_check(
        actor=own_manager, client=client_a, source="ga4", upload=upload
    )
    assert [row["action"] for row in run.results] == ["create", "create", "error"]
    imports.import_apply(actor=own_manager, run=run) if run.can_be_imported else None
    assert not DataPoint.objects.exists()  # nothing half-imported


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("wrong.csv", (b"Date,Pageviews\n20261101,3\n"), "none of the columns"),
        ("nodate.csv", b"Day,Sessions\n2026-11-01,3\n", "no header row"),
        ("big.csv", b"Date,Sessions\n" + b"20261101,1\n" * 40, "larger than"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_nothing_changed(
    name, content, message, own_manager, client_a, settings
):
    settings.IMPORT_MAX_BYTES = 400
    run = imports.kpi_import_check(
        actor=own_manager,
        client=client_a,
        source="ga4",
        upload=SimpleUploadedFile(name, content),
    )
    assert run.status == "refused"
    assert message in run.message
    assert not Kpi.objects.exists() and not DataPoint.objects.exists()


def test_the_upload_page_checks_and_shows_the_dry_run(as_user, own_manager, client_a):
    http = as_user(own_manager)
    answer = http.post(
        reverse("imports:kpi-upload", args=[client_a.slug]),
        {"source": "ga4", "file": sample("ga4_traffic.csv")},
    )
    run = ImportRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == run.get_absolute_url()
    page = http.get(run.get_absolute_url())
    assert page.status_code == 200, page.status_code
    page = page.content.decode()
    assert "Import every row now?" in page
    http.post(reverse("imports:apply", args=[run.pk]))
    assert DataPoint.objects.filter(kpi__client=client_a).count() == 12


def _push(http, client, body: bytes, *, secret=None, token=None, stamp=None):
    real_token, real_secret = selectors.push_address(client=client)
    stamp = stamp or str(int(time.time()))
    return http.post(
        f"/api/v1/kpi-push/{token or real_token}",
        body,
        content_type="application/json",
        headers={
            "X-AgencyDesk-Timestamp": stamp,
            "X-AgencyDesk-Signature": body_signature(
                secret or real_secret, stamp, body
            ),
        },
    )


def test_a_signed_push_stores_its_points(client, client_a):
    body = json.dumps(
        {
            "kpi": "followers",
            "points": [
                {"day": "2026-11-01", "value": 1500},
                {"day": "2026-11-02", "value": "1512.5"},
            ],
        }
    ).encode()
    answer = _push(client, client_a, body)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "status": "imported", "created": 2, "updated": 0, "unchanged": 0,
    }  # fmt: skip
    assert _points(client_a) == {
        ("followers", date(2026, 11, 1)): Decimal("1500"),
        ("followers", date(2026, 11, 2)): Decimal("1512.5"),
    }
    assert Kpi.objects.get().source == "push"
    assert _push(client, client_a, body).json()["unchanged"] == 2


def test_a_badly_signed_push_is_refused_and_kept_for_review(client, client_a):
    body = b'{"kpi": "followers", "points": [{"day": "2026-11-01", "value": 1}]}'
    answer = _push(client, client_a, body, secret="kpush_guessed")
    assert answer.status_code == 403
    assert answer.json()["code"] == "kpi_push_signature"
    assert not DataPoint.objects.exists() and not Kpi.objects.exists()
    kept = ImportRun.objects.get()
    assert (kept.status, kept.options["refused"]) == ("refused", "signature")
    assert kept.file.read() == body


def test_a_renewed_address_closes_the_old_one(client, client_a, lead):
    body = b'{"kpi": "followers", "points": [{"day": "2026-11-01", "value": 1}]}'
    old_token, old_secret = selectors.push_address(client=client_a)
    services.push_address_renew(actor=lead, client=client_a)
    answer = _push(client, client_a, body, token=old_token, secret=old_secret)
    assert answer.status_code == 403
    assert _push(client, client_a, body).status_code == 200


def test_a_push_with_a_bad_point_records_none(client, client_a, settings):
    body = json.dumps(
        {
            "kpi": "followers",
            "points": [
                {"day": "2026-11-01", "value": 1},
                {"day": "2026-11-02", "value": "many"},
            ],
        }
    ).encode()
    answer = _push(client, client_a, body)
    assert answer.status_code == 422
    assert answer.json()["fields"] == {"points[1]": ["value: “many” is not a number."]}
    assert not DataPoint.objects.exists()
    settings.KPI_PUSH_MAX_BYTES = 50
    assert _push(client, client_a, body).status_code == 413
    settings.KPI_PUSH_MAX_BYTES = 10_000
    settings.KPI_PUSH_MAX_POINTS = 1
    assert _push(client, client_a, body).status_code == 400
    assert not DataPoint.objects.exists()


def test_the_api_lists_and_creates_kpis_and_points(lead, client_a, client_b):
    api = api_for(lead, scopes=["kpis:read", "kpis:write"])
    made = api.post(
        "/kpis", {"client": client_a.slug, "metric": "roas", "target": "4.5"}
    )
    assert made.status_code == 201, made.content
    kpi_id = made.json()["id"]
    assert made.json()["target"] in ("4.5000", 4.5, "4.5")
    _kpi(client_b, "leads")
    listed = api.get("/kpis", {"client": client_a.slug}).json()["items"]
    assert [(k["client"], k["metric"]) for k in listed] == [(client_a.slug, "roas")]
    points = {"points": [{"day": "2026-11-01", "value": "3.2"}]}
    assert api.post(f"/kpis/{kpi_id}/points", points).json() == {
        "created": 1, "updated": 0, "unchanged": 0,
    }  # fmt: skip
    read = api.get(f"/kpis/{kpi_id}/points").json()["items"]
    assert [(p["day"], Decimal(str(p["value"]))) for p in read] == [
        ("2026-11-01", Decimal("3.2"))
    ]
