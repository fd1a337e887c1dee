"""Checklist templates edited in the product: a template's fields and its
items (section, title, owner role, due offset, gate, order) saved as one list.

Runs copy every item when they start (``services.runs.run_start``), so a
change here shapes only the checklists started afterwards. The pages read
templates through ``selectors.checklist_templates``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from agencydesk.core.access import require_actor

from ..errors import TemplateInUseError, TemplateInvalidError
from ..models import ChecklistTemplate, TemplateItem, TemplateSection

KEY_LENGTH = TemplateItem._meta.get_field("key").max_length


def _unique_key(title: str, taken: set[str]) -> str:
    base = slugify(title, allow_unicode=True)[: KEY_LENGTH - 4] or "item"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


@transaction.atomic
def checklist_template_save(
    *,
    actor: Any,
    template: ChecklistTemplate | None,
    name: str,
    kind: str,
    description: str = "",
    is_default: bool = False,
    items: Sequence[Mapping[str, Any]],
) -> ChecklistTemplate:
    """Create a template, or replace an existing one's fields and item list.

    ``items`` is the whole list: an existing item (``item``) missing from it is
    deleted; a row without one is a new item with a key made from its title.
    Sections follow the items' order, named by their rows; an emptied section
    goes. Rows sort by ``order`` (ties keep their place)."""
    require_actor(
        actor,
        "onboarding.add_checklisttemplate"
        if template is None
        else "onboarding.change_checklisttemplate",
    )
    if not items:
        raise TemplateInvalidError(gettext("A checklist needs at least one item."))
    if template is None:
        template = ChecklistTemplate.objects.create(
            name=name, kind=kind, description=description, is_default=is_default
        )
    else:
        template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        template.name, template.kind = name, kind
        template.description, template.is_default = description, is_default
        template.save(update_fields=["name", "kind", "description", "is_default"])
    if is_default:
        ChecklistTemplate.objects.filter(kind=kind, is_default=True).exclude(
            pk=template.pk
        ).update(is_default=False)
    _items_replace(template, items)
    return template


def _items_replace(
    template: ChecklistTemplate, rows: Sequence[Mapping[str, Any]]
) -> None:
    existing = {
        item.pk: item
        for item in TemplateItem.objects.filter(section__template=template)
    }
    kept = {row["item"].pk for row in rows if row.get("item") is not None}
    if not kept <= existing.keys():
        # The form only offers this template's items; anything else is forged.
        raise TemplateInvalidError(gettext("An item does not belong to this template."))
    TemplateItem.objects.filter(pk__in=existing.keys() - kept).delete()
    taken = {item.key for pk, item in existing.items() if pk in kept}
    sections = {s.title: s for s in TemplateSection.objects.filter(template=template)}
    used: list[int] = []
    ordered = sorted(enumerate(rows), key=lambda pair: (pair[1]["order"], pair[0]))
    for rank, (_place, row) in enumerate(ordered, start=1):
        title = row["section"]
        section = sections.get(title)
        if section is None:
            section = sections[title] = TemplateSection.objects.create(
                template=template, title=title, order=0
            )
        if section.pk not in used:
            used.append(section.pk)
            TemplateSection.objects.filter(pk=section.pk).update(order=len(used))
        values = {
            "section": section,
            "title": row["title"],
            "owner_role": row["owner_role"],
            "due_days": row["due_days"],
            "is_gate": row["is_gate"],
            "order": rank,
        }
        item = row.get("item")
        if item is None:
            TemplateItem.objects.create(key=_unique_key(row["title"], taken), **values)
        else:
            item = existing[item.pk]
            for field, value in values.items():
                setattr(item, field, value)
            item.save(update_fields=list(values))
    TemplateSection.objects.filter(template=template).exclude(pk__in=used).delete()


@transaction.atomic
def checklist_template_delete(*, actor: Any, template: ChecklistTemplate) -> None:
    """Delete a template no checklist ever used (runs keep theirs referenced)."""
    require_actor(actor, "onboarding.delete_checklisttemplate")
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    runs = template.runs.count()
    if runs:
        raise TemplateInUseError(runs)
    template.delete()
