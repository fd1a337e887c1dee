"""The common metrics of the catalogue, and who may see and manage KPIs:
admins and agency leads every client's, account managers their own clients'
(reports.selectors.kpis_manageable), specialists read."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

# slug, name, unit, higher is better, a month is the sum (or the average)
METRICS = [
    ("sessions", "Sessions", "number", True, "sum"),
    ("users", "Users", "number", True, "sum"),
    ("leads", "Leads", "number", True, "sum"),
    ("conversions", "Conversions", "number", True, "sum"),
    ("cpl", "Cost per lead (CPL)", "money", False, "average"),
    ("cpc", "Cost per click (CPC)", "money", False, "average"),
    ("ctr", "Click-through rate (CTR)", "percent", True, "average"),
    ("roas", "Return on ad spend (ROAS)", "ratio", True, "average"),
    ("impressions", "Impressions", "number", True, "sum"),
    ("clicks", "Clicks", "number", True, "sum"),
    ("spend", "Spend", "money", False, "sum"),
    ("followers", "Followers", "number", True, "average"),
    ("engagement-rate", "Engagement rate", "percent", True, "average"),
]

MANAGERS = [
    *crud("reports.kpi"),
    *crud("reports.datapoint"),
    *crud("reports.columnmapping", "view add change"),
    "reports.view_metric",
]
MATRIX = {
    "admin": [
        *MANAGERS,
        "reports.manage_every_kpi",
        *crud("reports.metric", "view add change"),
    ],
    "agency_lead": [
        *MANAGERS,
        "reports.manage_every_kpi",
        *crud("reports.metric", "view add change"),
    ],
    "account_manager": MANAGERS,
    "specialist": [
        "reports.view_kpi",
        "reports.view_datapoint",
        "reports.view_metric",
    ],
}


def seed(apps, schema_editor):
    metric = apps.get_model("reports", "Metric")
    for slug, name, unit, higher, aggregation in METRICS:
        # Kept as edited: a name or unit changed in the catalogue stays.
        metric.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "unit": unit,
                "higher_is_better": higher,
                "aggregation": aggregation,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_kpis"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        ),
    ]
