"""The shipped areas of work, the "Website launch" template, and the roles'
permissions on projects and tasks."""

from django.db import migrations
from django.utils.translation import gettext_noop as _

from agencydesk.core.migration_helpers import crud, grant, revoke

AREAS = [
    _("Content"),
    _("Promotion"),
    _("Creative"),
    _("Ads"),
    _("SEO"),
    _("Development"),
    _("Other"),
]

AM, SPECIALIST = "account_manager", "specialist"
# kind, title, offset and duration in business days, owner's team role, area,
# phase (tasks), needs the client's approval (milestones)
WEBSITE_LAUNCH = [
    ("phase", _("Discovery"), 0, 5, "", "", "", False),
    ("task", _("Kickoff and brief"), 0, 1, AM, _("Other"), _("Discovery"), False),
    ("task", _("Sitemap and content plan"), 1, 4, SPECIALIST, _("Content"),
     _("Discovery"), False),
    ("milestone", _("Sitemap approved"), 5, 1, "", "", "", True),
    ("phase", _("Design"), 5, 10, "", "", "", False),
    ("task", _("Wireframes"), 5, 5, SPECIALIST, _("Creative"), _("Design"), False),
    ("task", _("Visual design"), 10, 5, SPECIALIST, _("Creative"), _("Design"), False),
    ("task", _("Page copy"), 10, 5, SPECIALIST, _("Content"), _("Design"), False),
    ("milestone", _("Design approved"), 15, 1, "", "", "", True),
    ("phase", _("Build"), 15, 15, "", "", "", False),
    ("task", _("Build the pages"), 15, 10, SPECIALIST, _("Development"), _("Build"),
     False),
    ("task", _("SEO basics"), 25, 3, SPECIALIST, _("SEO"), _("Build"), False),
    ("task", _("Testing"), 28, 2, AM, _("Development"), _("Build"), False),
    ("phase", _("Launch"), 30, 5, "", "", "", False),
    ("milestone", _("Site live"), 30, 1, "", "", "", False),
    ("task", _("Go live"), 30, 1, AM, _("Development"), _("Launch"), False),
    ("task", _("Launch campaign"), 31, 4, SPECIALIST, _("Promotion"), _("Launch"),
     False),
]  # fmt: skip


def create(apps, schema_editor):
    area_model = apps.get_model("work", "Area")
    template_model = apps.get_model("work", "ProjectTemplate")
    item_model = apps.get_model("work", "TemplateItem")
    areas = {}
    for order, name in enumerate(AREAS):
        areas[name], _created = area_model.objects.get_or_create(
            name=name, defaults={"order": order}
        )
    template, created = template_model.objects.get_or_create(
        name=_("Website launch"),
        defaults={
            "method": "waterfall",
            "description": _(
                "Discovery, design, build and launch of a website, with the "
                "client's approval of the sitemap and the design."
            ),
        },
    )
    if not created:
        return
    phases = {}
    for order, row in enumerate(WEBSITE_LAUNCH):
        kind, title, offset, duration, role, area, phase, approval = row
        item = item_model.objects.create(
            template=template,
            kind=kind,
            title=title,
            offset_days=offset,
            duration_days=duration,
            owner_role=role,
            area=areas.get(area),
            phase=phases.get(phase),
            needs_client_approval=approval,
            order=order,
        )
        if kind == "phase":
            phases[title] = item


PROJECT_WORK = [
    *crud("work.project"),
    *crud("work.phase"),
    *crud("work.milestone"),
    *crud("work.task"),
    *crud("work.taskdependency"),
    *crud("work.checklistitem"),
]
CONFIGURATION = [
    *crud("work.area"),
    *crud("work.projecttemplate"),
    *crud("work.templateitem"),
]
VIEW = [
    *crud("work.project", "view"),
    *crud("work.phase", "view"),
    *crud("work.milestone", "view"),
    *crud("work.task", "view"),
    *crud("work.taskdependency", "view"),
    *crud("work.checklistitem", "view"),
    *crud("work.area", "view"),
    *crud("work.projecttemplate", "view"),
    *crud("work.templateitem", "view"),
]
MATRIX = {
    "admin": [*PROJECT_WORK, *CONFIGURATION],
    "agency_lead": [*PROJECT_WORK, *CONFIGURATION],
    "account_manager": [*PROJECT_WORK, *CONFIGURATION],
    # A task's checklist and dependencies are part of the task: changing a
    # task covers them.
    "specialist": [*VIEW, "work.change_task"],
    "finance": VIEW,
}


def grant_roles(apps, schema_editor):
    grant(apps, MATRIX)


def revoke_roles(apps, schema_editor):
    revoke(apps, MATRIX)


class Migration(migrations.Migration):
    dependencies = [
        ("work", "0001_projects_tasks_templates"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, revoke_roles),
    ]
