"""Imports end to end through the service: check (a dry run) then import."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.clients.models import Client, Contact
from agencydesk.imports import services
from agencydesk.imports.errors import ImportNotReadyError
from agencydesk.imports.models import ImportRun
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.timesheets.models import TimeEntry
from tests.factories.people import make_staff

from .files import csv_upload, xlsx_upload

CLIENTS_CSV = (
    "Name;Short name;Country;Timezone;Currency;Status;Industry\n"
    "Gamma Tea;gamma-tea;ID;Asia/Jakarta;IDR;active;Drinks\n"
    "Delta Rice;;Indonesia;Asia/Jakarta;IDR;Prospect;\n"
)


def actions(run: ImportRun) -> list[tuple[int, str]]:
    return [(row["row"], row["action"]) for row in run.results]


def check_and_import(actor, kind: str, upload) -> ImportRun:
    run = services.import_check(actor=actor, kind=kind, upload=upload)
    return services.import_apply(actor=actor, run=run)


def test_a_check_changes_nothing_and_says_what_each_row_would_do(admin_user):
    run = services.import_check(
        actor=admin_user, kind="clients", upload=csv_upload(CLIENTS_CSV)
    )

    assert run.status == ImportRun.Status.CHECKED
    assert actions(run) == [(2, "create"), (3, "create")]
    assert (run.rows, run.created, run.errors) == (2, 2, 0)
    assert not Client.objects.filter(slug__in=["gamma-tea", "delta-rice"]).exists()
    assert run.file.read().decode() == CLIENTS_CSV


def test_an_import_creates_and_a_reimport_updates_without_duplicates(admin_user):
    first = check_and_import(admin_user, "clients", csv_upload(CLIENTS_CSV))
    changed = CLIENTS_CSV.replace("active;Drinks", "active;Tea and drinks")
    second = check_and_import(admin_user, "clients", csv_upload(changed))

    gamma = Client.objects.get(slug="gamma-tea")
    assert first.status == ImportRun.Status.IMPORTED
    assert actions(second) == [(2, "update"), (3, "unchanged")]
    assert Client.objects.filter(name__in=["Gamma Tea", "Delta Rice"]).count() == 2
    assert (gamma.status, gamma.industry) == ("active", "Tea and drinks")
    assert Client.objects.get(slug="delta-rice").country.code == "ID"


def test_a_changed_name_is_kept_and_noted(admin_user, client_a):
    upload = csv_upload(
        "name,slug,country,timezone,currency\n"
        "Alpha Coffee Renamed,alpha-coffee,ID,Asia/Jakarta,IDR\n"
    )

    run = services.import_check(actor=admin_user, kind="clients", upload=upload)

    assert actions(run) == [(2, "unchanged")]
    assert run.results[0]["messages"] == [
        "Name stays Alpha Coffee: an import does not change it."
    ]


def test_every_bad_row_is_reported_with_its_reason(admin_user, client_a):
    upload = csv_upload(
        "client,email,full_name,role\n"
        "alpha-coffee,not-an-address,Ina,billing\n"
        "no-such-client,ina@alpha.test,Ina,billing\n"
        "alpha-coffee,rudi@alpha.test,Rudi,Decision maker\n"
        "alpha-coffee,RUDI@alpha.test,Rudi again,billing\n"
    )

    run = services.import_check(actor=admin_user, kind="contacts", upload=upload)

    assert actions(run) == [(2, "error"), (3, "error"), (4, "create"), (5, "error")]
    assert run.results[0]["messages"] == ["E-mail: Enter a valid email address."]
    assert run.results[1]["messages"] == [
        "No client has the short name no-such-client."
    ]
    assert run.results[3]["messages"] == ["The same as row 4."]
    assert not run.can_be_imported
    assert not Contact.objects.filter(user__email="rudi@alpha.test").exists()


def test_a_file_with_errors_is_not_imported(admin_user, client_a):
    upload = csv_upload("client,email,full_name\nalpha-coffee,bad,Ina\n")
    run = services.import_check(actor=admin_user, kind="contacts", upload=upload)

    with pytest.raises(ImportNotReadyError):
        services.import_apply(actor=admin_user, run=run)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED


def test_an_import_is_all_or_nothing(admin_user, client_a):
    upload = csv_upload(
        "client,email,full_name\n"
        "alpha-coffee,ina@alpha.test,Ina\n"
        "alpha-coffee,joko@alpha.test,Joko\n"
    )
    run = services.import_check(actor=admin_user, kind="contacts", upload=upload)
    # Someone adds Joko as staff between the check and the import.
    make_staff(Role.SPECIALIST, email="joko@alpha.test")

    done = services.import_apply(actor=admin_user, run=run)

    assert done.status == ImportRun.Status.FAILED
    assert actions(done) == [(2, "create"), (3, "error")]
    assert not Contact.objects.filter(user__email="ina@alpha.test").exists()


def test_contacts_are_updated_by_email_from_xlsx(admin_user, client_a):
    rows = [
        ["Client", "E-mail", "Full name", "Role", "Job title"],
        ["alpha-coffee", "ina@alpha.test", "Ina", "billing", '=HYPERLINK("x")'],
    ]
    check_and_import(admin_user, "contacts", xlsx_upload(rows))
    rows[1][4] = "Finance lead"
    again = check_and_import(admin_user, "contacts", xlsx_upload(rows))

    contact = Contact.objects.get(user__email="ina@alpha.test")
    assert actions(again) == [(2, "update")]
    assert contact.job_title == "Finance lead"
    assert (
        Contact.objects.filter(client=client_a, user__email="ina@alpha.test").count()
        == 1
    )


def test_a_formula_cell_is_imported_as_its_text(admin_user, client_a):
    rows = [
        ["client", "email", "full_name", "job_title"],
        ["alpha-coffee", "ina@alpha.test", "Ina", '=HYPERLINK("http://evil","x")'],
    ]

    check_and_import(admin_user, "contacts", xlsx_upload(rows))

    contact = Contact.objects.get(user__email="ina@alpha.test")
    assert contact.job_title == '=HYPERLINK("http://evil","x")'


def test_staff_are_imported_and_their_role_updated(admin_user):
    upload = (
        "email\tfull_name\trole\tjob_title\n"
        "budi@agency.test\tBudi\tspecialist\tDesigner\n"
    )
    check_and_import(admin_user, "staff", csv_upload(upload))
    changed = upload.replace("specialist", "Finance").replace("Budi\t", "Budi S\t")
    again = check_and_import(admin_user, "staff", csv_upload(changed))

    budi = User.objects.get(email="budi@agency.test")
    assert actions(again) == [(2, "update")]
    assert [g.name for g in budi.groups.all()] == ["finance"]
    assert (budi.full_name, budi.staff_profile.job_title) == ("Budi S", "Designer")


def test_time_entries_are_imported_once(admin_user, client_a):
    person = make_staff(Role.SPECIALIST, email="sam@agency.test")
    upload = (
        (
            "person,date,minutes,client,note\n"
            "sam@agency.test,2026-11-23,90,alpha-coffee,Wireframes\n"
            "sam@agency.test,2026-11-24,1:30,,Internal meeting\n"
        )
        .replace("1:30,", "")
        .replace("minutes,", "minutes,")
    )
    upload = (
        "person,date,minutes,duration,client,note\n"
        "sam@agency.test,2026-11-23,90,,alpha-coffee,Wireframes\n"
        "sam@agency.test,2026-11-24,,1:30,,Internal meeting\n"
    )
    first = check_and_import(admin_user, "time_entries", csv_upload(upload))
    again = check_and_import(admin_user, "time_entries", csv_upload(upload))

    entries = TimeEntry.objects.filter(user=person).order_by("date")
    assert first.status == ImportRun.Status.IMPORTED
    assert actions(again) == [(2, "unchanged"), (3, "unchanged")]
    assert [(e.date, e.minutes, e.client) for e in entries] == [
        (date(2026, 11, 23), 90, client_a),
        (date(2026, 11, 24), 90, None),
    ]


def test_time_entry_rows_name_people_and_durations_that_exist(admin_user):
    upload = csv_upload(
        "person,date,minutes\nnobody@agency.test,2026-11-23,90\n"
        f"{admin_user.email},someday,ninety\n"
    )

    run = services.import_check(actor=admin_user, kind="time_entries", upload=upload)

    assert run.results[0]["messages"] == [
        "No member of staff has the e-mail address nobody@agency.test."
    ]
    assert run.results[1]["action"] == "error"
    assert run.results[1]["messages"][0].startswith("Date:")


def test_a_missing_column_refuses_the_file(admin_user):
    run = services.import_check(
        actor=admin_user, kind="contacts", upload=csv_upload("email,name\na@b.test,A\n")
    )

    assert run.status == ImportRun.Status.REFUSED
    assert run.message == "The file has no column Client."
    assert bool(run.file)


def test_staff_are_imported_by_admins_only(db):
    lead = make_staff(Role.AGENCY_LEAD)
    upload = csv_upload("email,full_name,role\nx@agency.test,X,specialist\n")

    with pytest.raises(PermissionDenied):
        services.import_check(actor=lead, kind="staff", upload=upload)

    assert not ImportRun.objects.exists()


def test_an_account_manager_may_not_import(manager, client_a):
    with pytest.raises(PermissionDenied):
        services.import_check(
            actor=manager, kind="clients", upload=csv_upload(CLIENTS_CSV)
        )
