"""core.models.FastChoiceLabels: get_FOO_display made once per language."""

import pytest
from django.db.models import Model
from django.utils import translation

from agencydesk.desk.models import Priority, Stage, Ticket


def _django_display(ticket, name):
    # Django's own answer, bypassing the mixin.
    return Model._get_FIELD_display(ticket, ticket._meta.get_field(name))


@pytest.mark.parametrize("language", ["en", "id", "ru", "zh-hans"])
def test_labels_are_djangos_in_every_language(language):
    with translation.override(language):
        for stage in Stage.values:
            ticket = Ticket(stage=stage, priority=Priority.HIGH)
            assert ticket.get_stage_display() == _django_display(ticket, "stage")
            assert ticket.get_priority_display() == _django_display(ticket, "priority")


def test_the_label_follows_the_language_after_the_first_use():
    ticket = Ticket(stage=Stage.PRODUCTION)
    with translation.override("en"):
        english = ticket.get_stage_display()
    with translation.override("ru"):
        russian = ticket.get_stage_display()
    assert english == "Production" and russian != english
    with translation.override("en"):
        assert ticket.get_stage_display() == english


def test_an_unknown_value_shows_as_it_is():
    assert Ticket(stage="not-a-stage").get_stage_display() == "not-a-stage"
