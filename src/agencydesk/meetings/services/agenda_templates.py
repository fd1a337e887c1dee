"""Writes of agenda templates: save one per kind, delete."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from agencydesk.core.access import require_actor

from ..errors import AgendaKindTakenError
from ..models import AgendaTemplate


def agenda_template_save(
    *, actor: Any, template: AgendaTemplate | None, kind: str, agenda: str
) -> AgendaTemplate:
    """Create or change the agenda a kind of meeting starts with (one per kind);
    a meeting copies it when scheduled, so only later meetings see a change."""
    require_actor(
        actor,
        "meetings.add_agendatemplate"
        if template is None
        else "meetings.change_agendatemplate",
    )
    try:
        # The unique kind decides a race between two saves, not a read first.
        with transaction.atomic():
            if template is None:
                return AgendaTemplate.objects.create(kind=kind, agenda=agenda)
            template.kind, template.agenda = kind, agenda
            template.save(update_fields=["kind", "agenda"])
            return template
    except IntegrityError:
        raise AgendaKindTakenError from None


@transaction.atomic
def agenda_template_delete(*, actor: Any, template: AgendaTemplate) -> None:
    """Delete an agenda template: new meetings of its kind start empty."""
    require_actor(actor, "meetings.delete_agendatemplate")
    AgendaTemplate.objects.filter(pk=template.pk).delete()
