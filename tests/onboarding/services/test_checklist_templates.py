"""Issue #11: leads edit checklist templates in the product, not the admin."""

import datetime
from html.parser import HTMLParser

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from agencydesk.core.calendar import business_days_after
from agencydesk.onboarding import services
from agencydesk.onboarding.models import (
    ChecklistTemplate,
    RunItem,
    TemplateItem,
    TemplateSection,
)
from agencydesk.people.roles import Role
from tests.factories.clients import make_client
from tests.factories.people import make_staff

from ..helpers import put_on_team

pytestmark = pytest.mark.django_db

LIST = reverse("onboarding:checklist-template-list")
CREATE = reverse("onboarding:checklist-template-create")
MONDAY = datetime.date(2026, 11, 2)


def _signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Lena Lead")


def _post_data(template_fields, rows, *, initial=0, extra=1):
    """The POST the template page sends: its fields and one row per item,
    plus ``extra`` untouched blank rows as the page shows."""
    data = {
        "items-TOTAL_FORMS": str(len(rows) + extra),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
        **template_fields,
    }
    blank = {"owner_role": "account_manager", "due_days": "5"}
    for i, row in enumerate([*rows, *[blank] * extra]):
        for name, value in row.items():
            data[f"items-{i}-{name}"] = value
    return data


def _edit_rows(template):
    """The rows as the edit page shows them (ids, order 1…), to be changed."""
    rows = []
    for item in TemplateItem.objects.filter(section__template=template).order_by(
        "section__order", "order", "pk"
    ):
        row = {
            "item": str(item.pk),
            "order": str(len(rows) + 1),
            "section": item.section.title,
            "title": item.title,
            "owner_role": item.owner_role,
            "due_days": str(item.due_days),
        }
        if item.is_gate:
            row["is_gate"] = "on"
        rows.append(row)
    return rows


def _snapshot():
    return sorted(
        TemplateItem.objects.values_list(
            "section__template__name", "section__title", "title", "due_days", "order"
        )
    )


def _run_titles(run):
    return list(
        RunItem.objects.filter(run=run)
        .order_by("order")
        .values_list("section", "title", "due_date", "owner")
    )


def test_a_lead_creates_a_template_and_a_new_checklist_uses_it(lead, manager):
    client = make_client("Gamma Tea", slug="gamma-tea")
    put_on_team(client, manager)
    fields = {"name": "Quick onboarding", "kind": "onboarding", "is_default": "on"}
    rows = [
        {
            "order": "2",
            "section": "Start",
            "title": "Kick off",
            "owner_role": "lead",
            "due_days": "2",
        },
        {
            "order": "1",
            "section": "Paperwork",
            "title": "Sign the contract",
            "owner_role": "account_manager",
            "due_days": "0",
        },
    ]

    response = _signed_in(lead).post(CREATE, _post_data(fields, rows))

    template = ChecklistTemplate.objects.get(name="Quick onboarding")
    assert response.status_code == 302
    assert response.url == reverse(
        "onboarding:checklist-template-edit", args=[template.pk]
    )
    # The only default of its kind now: the shipped one gave way.
    assert list(
        ChecklistTemplate.objects.filter(kind="onboarding", is_default=True)
    ) == [template]
    run = services.run_start(actor=manager, client=client)
    assert run.template == template
    assert [(i.section, i.title, i.owner) for i in run.items.order_by("order")] == [
        ("Paperwork", "Sign the contract", manager),
        ("Start", "Kick off", manager),  # no lead on the team: the AM stands in
    ]
    assert run.items.get(title="Sign the contract").due_date == run.start_date


def test_editing_a_template_changes_new_checklists_only(lead, manager):
    first, second = make_client("Gamma Tea"), make_client("Delta Rice")
    put_on_team(first, manager)
    put_on_team(second, manager)
    template = services.default_template("onboarding")
    running = services.run_start(actor=manager, client=first)
    before = _run_titles(running)
    rows = _edit_rows(template)
    kept = [r for r in rows if r["title"] != "Send the contract"]
    kept[0]["title"] = "Receive the contract, signed"
    kept[0]["due_days"] = "7"
    kept[0]["order"] = "99"  # now the last item
    kept.append(
        {
            "order": "0",
            "section": "0. Welcome",
            "title": "Send the welcome pack",
            "owner_role": "account_manager",
            "due_days": "1",
        }
    )
    fields = {"name": template.name, "kind": "onboarding", "is_default": "on"}

    response = _signed_in(lead).post(
        reverse("onboarding:checklist-template-edit", args=[template.pk]),
        _post_data(fields, kept, initial=len(rows)),
    )

    assert response.status_code == 302
    assert _run_titles(running) == before
    assert running.items.filter(key="contract-sent").exists()
    fresh = services.run_start(actor=manager, client=second, start_date=MONDAY)
    items = list(fresh.items.order_by("order"))
    assert (items[0].section, items[0].title) == ("0. Welcome", "Send the welcome pack")
    assert items[0].key == "send-the-welcome-pack"
    # Sections keep their place (by their first item); the moved item is now
    # the last of its section.
    contract = [(i.key, i.title) for i in items if i.section == items[1].section]
    assert contract == [
        ("deposit", "Receive the deposit payment"),
        ("contract-signed", "Receive the contract, signed"),
    ]
    calendar = second.calendar.as_business_calendar()
    assert fresh.items.get(key="contract-signed").due_date == business_days_after(
        calendar, MONDAY, 7
    )
    assert not fresh.items.filter(key="contract-sent").exists()
    assert len(items) == len(before)  # one removed, one added
    # The shipped dependencies of the items kept still hold.
    deposit = fresh.items.get(key="deposit")
    assert [i.key for i in deposit.depends_on.all()] == ["contract-signed"]


def test_a_specialist_is_refused_and_shown_no_link(specialist, lead):
    template = services.default_template("onboarding")
    before = _snapshot()
    http = _signed_in(specialist)

    overview = http.get(reverse("onboarding:overview"))
    edit = reverse("onboarding:checklist-template-edit", args=[template.pk])

    assert overview.status_code == 200
    assert LIST not in overview.content.decode()
    assert http.get(LIST).status_code == 403
    assert http.get(edit).status_code == 403
    fields = {"name": "Mine", "kind": "onboarding"}
    row = {"section": "S", "title": "T", "owner_role": "lead", "due_days": "1"}
    assert http.post(CREATE, _post_data(fields, [row])).status_code == 403
    assert http.post(edit, _post_data(fields, [row])).status_code == 403
    delete = reverse("onboarding:checklist-template-delete", args=[template.pk])
    assert http.post(delete).status_code == 403
    assert ChecklistTemplate.objects.count() == 2
    assert _snapshot() == before
    assert LIST in _signed_in(lead).get(reverse("onboarding:overview")).content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"items-0-due_days": "-3"}, "greater than or equal to 0"),
        ({"items-0-item": "999999"}, "Select a valid choice."),
        ({"items-0-item": "garbage"}, "Select a valid choice."),
        ({"items-0-owner_role": "boss"}, "Select a valid choice."),
        ({"items-0-section": ""}, "This field is required."),
        ({"items-TOTAL_FORMS": "x"}, "ManagementForm data is missing"),
    ],
)
def test_bad_input_shows_the_form_again_and_changes_nothing(lead, change, message):
    template = services.default_template("onboarding")
    rows = _edit_rows(template)
    fields = {"name": "Renamed", "kind": "onboarding"}
    data = {**_post_data(fields, rows, initial=len(rows)), **change}
    before = _snapshot()

    response = _signed_in(lead).post(
        reverse("onboarding:checklist-template-edit", args=[template.pk]), data
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'id="checklist-template-form"' in response.content.decode()
    assert _snapshot() == before
    template.refresh_from_db()
    assert template.name == "Default onboarding (seven steps)"


def test_an_item_of_another_template_cannot_be_taken_over(lead):
    onboarding = services.default_template("onboarding")
    offboarding = services.default_template("offboarding")
    rows = _edit_rows(onboarding)
    rows[0]["item"] = str(
        TemplateItem.objects.filter(section__template=offboarding).first().pk
    )
    before = _snapshot()

    response = _signed_in(lead).post(
        reverse("onboarding:checklist-template-edit", args=[onboarding.pk]),
        _post_data({"name": "X", "kind": "onboarding"}, rows, initial=len(rows)),
    )

    assert response.status_code == 422
    assert _snapshot() == before


def test_a_template_without_items_is_refused(lead):
    response = _signed_in(lead).post(
        CREATE, _post_data({"name": "Empty", "kind": "offboarding"}, [], extra=3)
    )

    assert response.status_code == 422
    assert "A checklist needs at least one item." in response.content.decode()
    assert not ChecklistTemplate.objects.filter(name="Empty").exists()


def test_a_used_template_is_kept_and_an_unused_one_deleted(lead, manager, client_a):
    put_on_team(client_a, manager)
    used = services.default_template("onboarding")
    services.run_start(actor=manager, client=client_a)
    http = _signed_in(lead)
    fields = {"name": "Spare", "kind": "offboarding"}
    row = {"section": "S", "title": "T", "owner_role": "lead", "due_days": "1"}
    http.post(CREATE, _post_data(fields, [row]))
    spare = ChecklistTemplate.objects.get(name="Spare")

    refused = http.post(
        reverse("onboarding:checklist-template-delete", args=[used.pk]), follow=True
    )
    deleted = http.post(
        reverse("onboarding:checklist-template-delete", args=[spare.pk])
    )

    assert "This template was used by 1 checklist" in refused.content.decode()
    assert ChecklistTemplate.objects.filter(pk=used.pk).exists()
    assert deleted.status_code == 302
    assert not ChecklistTemplate.objects.filter(pk=spare.pk).exists()
    assert not TemplateSection.objects.filter(template_id=spare.pk).exists()


class _FormFields(HTMLParser):
    """What a browser sends for the page's template form, untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == "checklist-template-form"
        if not self._in_form or not attrs.get("name"):
            if tag == "option" and self._select and "selected" in attrs:
                self.data[self._select] = attrs["value"]
            return
        name = attrs["name"]
        if tag == "input" and attrs.get("type") == "checkbox":
            if "checked" in attrs:
                self.data[name] = "on"
        elif tag == "input":
            self.data[name] = attrs.get("value") or ""
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.strip("\n")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def test_saving_the_page_untouched_keeps_the_template_as_it_was(lead):
    template = services.default_template("offboarding")
    page = reverse("onboarding:checklist-template-edit", args=[template.pk])
    http = _signed_in(lead)
    before = _snapshot()
    form = _FormFields()
    form.feed(http.get(page).content.decode())

    response = http.post(page, form.data)

    assert response.status_code == 302
    assert _snapshot() == before
    assert TemplateItem.objects.filter(
        section__template=template, generates="access_revocations"
    ).exists()
