"""The client lifecycle in the admin: what the services write is shown, never
changed there; checklist templates stay editable without what breaks a rule."""

import pytest
from django.urls import reverse

from agencydesk.onboarding.models import (
    ChecklistTemplate,
    FeedbackRequest,
    QuestionnaireRequest,
    Run,
    RunItem,
    TemplateItem,
)
from agencydesk.onboarding.services import offboarding, questionnaires, runs
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_http(as_user):
    return as_user(make_staff(Role.ADMIN, full_name="Ada Admin"))


@pytest.fixture
def lifecycle(client_a, contact_a, manager):
    run = runs.run_start(actor=manager, client=client_a)
    return {
        Run: run,
        RunItem: run.items.order_by("pk").first(),
        QuestionnaireRequest: questionnaires.questionnaire_send(
            actor=manager, client=client_a, contact=contact_a
        ),
        FeedbackRequest: offboarding.feedback_send(
            actor=manager, client=client_a, contact=contact_a
        ),
    }


def _url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", [Run, RunItem, QuestionnaireRequest, FeedbackRequest])
def test_what_the_services_write_is_shown_without_a_save_button(
    model, lifecycle, admin_http
):
    obj = lifecycle[model]

    page = admin_http.get(_url(model, "change", obj.pk))

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_http.get(_url(model, "changelist")).status_code == 200


def test_a_post_to_a_runs_add_or_change_page_is_refused_and_changes_nothing(
    lifecycle, admin_http, client_b
):
    run = lifecycle[Run]
    before = Run.objects.count()

    added = admin_http.post(
        _url(Run, "add"), {"client": client_b.pk, "kind": "onboarding"}
    )
    changed = admin_http.post(
        _url(Run, "change", run.pk), {"kind": "offboarding", "completed_at": ""}
    )
    deleted = admin_http.post(_url(Run, "delete", run.pk), {"post": "yes"})

    assert [added.status_code, changed.status_code, deleted.status_code] == [403] * 3
    assert Run.objects.count() == before
    assert Run.objects.get(pk=run.pk).kind == "onboarding"


def test_a_checklist_template_stays_editable_but_not_deletable(admin_http):
    template = ChecklistTemplate.objects.get(kind="onboarding", is_default=True)
    item = TemplateItem.objects.filter(section__template=template).first()

    page = admin_http.get(_url(ChecklistTemplate, "change", template.pk)).content
    item_page = admin_http.get(_url(TemplateItem, "change", item.pk)).content
    deleted = admin_http.post(
        _url(ChecklistTemplate, "delete", template.pk), {"post": "yes"}
    )

    assert b'name="_save"' in page and b'name="is_default"' not in page
    assert b'name="_save"' in item_page and b'name="key"' not in item_page
    assert deleted.status_code == 403
    assert ChecklistTemplate.objects.filter(pk=template.pk).exists()
