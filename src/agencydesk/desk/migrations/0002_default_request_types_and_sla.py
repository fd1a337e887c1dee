"""The seed's three request types with their production steps, and the agency's
default SLA targets."""

from django.db import migrations
from django.utils.translation import gettext_noop as _

REQUEST_TYPES = [
    (_("Banner for a campaign"), [_("Concept"), _("Copy"), _("Design"), _("Approval")]),
    (
        _("Landing page"),
        [_("Concept"), _("Design"), _("Build"), _("Approval"), _("Publication")],
    ),
    (_("Logo files"), []),
]
# priority: (first response, resolution) in business minutes
DEFAULT_SLA = {
    "urgent": (60, 8 * 60),
    "high": (4 * 60, 3 * 8 * 60),
    "normal": (8 * 60, 5 * 8 * 60),
    "low": (2 * 8 * 60, 10 * 8 * 60),
}


def create(apps, schema_editor):
    request_type_model = apps.get_model("desk", "RequestType")
    step_model = apps.get_model("desk", "RequestTypeStep")
    policy_model = apps.get_model("desk", "SlaPolicy")
    for order, (name, steps) in enumerate(REQUEST_TYPES):
        request_type, created = request_type_model.objects.get_or_create(
            name=name, defaults={"order": order}
        )
        if created:
            for step_order, step in enumerate(steps):
                step_model.objects.create(
                    request_type=request_type,
                    name=step,
                    order=step_order,
                    due_in_days=2,
                )
    for priority, (first, resolution) in DEFAULT_SLA.items():
        policy_model.objects.get_or_create(
            client=None,
            priority=priority,
            defaults={
                "first_response_minutes": first,
                "resolution_minutes": resolution,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
