"""The default onboarding (seed 003's seven steps) and offboarding checklists
and the default questionnaire."""

from django.db import migrations

from agencydesk.onboarding.defaults import install


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0001_checklists_questionnaire_feedback")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
