"""Reads of checklist templates (onboarding.selectors.checklist_templates)."""

import pytest

from agencydesk.onboarding.models import ChecklistTemplate
from agencydesk.onboarding.selectors.checklist_templates import (
    checklist_template_for_edit,
    checklist_template_rows,
    checklist_templates_for_list,
)
from agencydesk.onboarding.services import runs

pytestmark = pytest.mark.django_db


def test_the_list_counts_items_and_runs(client_a, manager):
    runs.run_start(actor=manager, client=client_a)

    counts = {
        t.kind: (t.item_count, t.run_count) for t in checklist_templates_for_list()
    }

    assert counts["onboarding"] == (20, 1)
    assert counts["offboarding"][1] == 0


def test_rows_number_the_items_in_run_order():
    template = checklist_template_for_edit().get(kind="onboarding", is_default=True)

    rows = checklist_template_rows(template)

    assert [row["order"] for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["item"].key == "contract-sent"
    assert {row["section"] for row in rows} == {
        s.title for s in template.sections.all()
    }
    assert ChecklistTemplate.objects.count() >= 2
