"""Staff who see contracts see the signed scans clients send back from the
portal (the contract's visibility narrows the rows): admins, agency leads,
finance and account managers. Nobody adds, changes or deletes a scan by
hand; the portal's upload goes through the finance services."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

SCANS = crud("finance.signedscan", "view")
MATRIX = {
    "admin": SCANS,
    "agency_lead": SCANS,
    "finance": SCANS,
    "account_manager": SCANS,
}


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0010_signed_scans"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
