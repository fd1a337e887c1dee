"""Reads of checklist templates: the list with counts, a template with its
sections and items, and its items as the edit form's rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from ..models import ChecklistTemplate, TemplateItem, TemplateSection


def checklist_templates_for_list() -> QuerySet[ChecklistTemplate]:
    """Every checklist template with its item and run counts, by kind and name."""
    return ChecklistTemplate.objects.annotate(
        item_count=Count("sections__items", distinct=True),
        run_count=Count("runs", distinct=True),
    ).order_by("kind", "name", "pk")


def checklist_template_for_edit() -> QuerySet[ChecklistTemplate]:
    """Templates with their sections and items prefetched in run order."""
    return ChecklistTemplate.objects.prefetch_related(
        Prefetch(
            "sections",
            TemplateSection.objects.order_by("order", "pk").prefetch_related(
                Prefetch("items", TemplateItem.objects.order_by("order", "pk"))
            ),
        )
    )


def checklist_template_rows(template: ChecklistTemplate) -> list[dict[str, Any]]:
    """The template's items as form rows, numbered 1… in the order runs use."""
    rows = []
    for section in template.sections.all():
        for item in section.items.all():
            rows.append(
                {
                    "item": item,
                    "section": section.title,
                    "title": item.title,
                    "owner_role": item.owner_role,
                    "due_days": item.due_days,
                    "is_gate": item.is_gate,
                    "order": len(rows) + 1,
                }
            )
    return rows
