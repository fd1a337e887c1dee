"""Two more shipped project templates: "Monthly social media retainer" and
"Ads campaign setup" (issue #13 item 1). Names are message ids, shown
translated; the rows are made once, and an admin's edits are kept."""

from django.db import migrations
from django.utils.translation import gettext_noop as _

AM, SPECIALIST = "account_manager", "specialist"
# kind, title, offset and duration in business days, owner's team role, area,
# phase (tasks), needs the client's approval (milestones)
SOCIAL_RETAINER = [
    ("phase", _("Plan the month"), 0, 5, "", "", "", False),
    ("task", _("Review last month's results"), 0, 1, AM, _("Other"),
     _("Plan the month"), False),
    ("task", _("Content calendar"), 1, 3, SPECIALIST, _("Content"),
     _("Plan the month"), False),
    ("milestone", _("Content calendar approved"), 4, 1, "", "", "", True),
    ("phase", _("Create"), 5, 8, "", "", "", False),
    ("task", _("Write the posts"), 5, 5, SPECIALIST, _("Content"), _("Create"),
     False),
    ("task", _("Design the visuals"), 5, 6, SPECIALIST, _("Creative"), _("Create"),
     False),
    ("milestone", _("Posts approved"), 12, 1, "", "", "", True),
    ("phase", _("Publish and engage"), 13, 7, "", "", "", False),
    ("task", _("Schedule the posts"), 13, 1, SPECIALIST, _("Promotion"),
     _("Publish and engage"), False),
    ("task", _("Community management"), 13, 7, SPECIALIST, _("Promotion"),
     _("Publish and engage"), False),
    ("task", _("Monthly report"), 19, 1, AM, _("Other"), _("Publish and engage"),
     False),
    ("milestone", _("Month reported"), 20, 1, "", "", "", False),
]  # fmt: skip

ADS_CAMPAIGN = [
    ("phase", _("Strategy"), 0, 4, "", "", "", False),
    ("task", _("Goals, budget and audiences"), 0, 2, AM, _("Ads"), _("Strategy"),
     False),
    ("task", _("Tracking and conversions set-up"), 1, 3, SPECIALIST, _("Ads"),
     _("Strategy"), False),
    ("milestone", _("Media plan approved"), 4, 1, "", "", "", True),
    ("phase", _("Build the campaign"), 4, 6, "", "", "", False),
    ("task", _("Ad copy"), 4, 3, SPECIALIST, _("Content"), _("Build the campaign"),
     False),
    ("task", _("Ad creatives"), 4, 4, SPECIALIST, _("Creative"),
     _("Build the campaign"), False),
    ("task", _("Campaigns, ad sets and keywords"), 6, 4, SPECIALIST, _("Ads"),
     _("Build the campaign"), False),
    ("milestone", _("Ads approved"), 10, 1, "", "", "", True),
    ("phase", _("Launch and optimise"), 10, 10, "", "", "", False),
    ("task", _("Launch"), 10, 1, SPECIALIST, _("Ads"), _("Launch and optimise"),
     False),
    ("task", _("First optimisation"), 15, 2, SPECIALIST, _("Ads"),
     _("Launch and optimise"), False),
    ("task", _("Results report"), 19, 1, AM, _("Other"), _("Launch and optimise"),
     False),
    ("milestone", _("Campaign live"), 10, 1, "", "", "", False),
]  # fmt: skip

TEMPLATES = [
    (
        _("Monthly social media retainer"),
        "waterfall",
        _(
            "A month of social media: plan and approve the content calendar, "
            "create and approve the posts, publish, engage and report."
        ),
        SOCIAL_RETAINER,
    ),
    (
        _("Ads campaign setup"),
        "waterfall",
        _(
            "Set up a paid ads campaign: strategy and tracking, the media plan "
            "and the ads approved by the client, launch and first optimisation."
        ),
        ADS_CAMPAIGN,
    ),
]


def create(apps, schema_editor):
    area_model = apps.get_model("work", "Area")
    template_model = apps.get_model("work", "ProjectTemplate")
    item_model = apps.get_model("work", "TemplateItem")
    areas = {area.name: area for area in area_model.objects.all()}
    for name, method, description, rows in TEMPLATES:
        template, created = template_model.objects.get_or_create(
            name=name, defaults={"method": method, "description": description}
        )
        if not created:
            continue
        phases = {}
        for order, row in enumerate(rows):
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


class Migration(migrations.Migration):
    dependencies = [("work", "0006_demand")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
