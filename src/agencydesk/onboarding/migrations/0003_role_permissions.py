"""Grant the staff roles their permissions on the client lifecycle."""

from django.db import migrations

from agencydesk.core.migration_helpers import crud, grant, revoke

MANAGE = [
    *crud("onboarding.checklisttemplate", "view add change"),
    *crud("onboarding.templatesection", "view add change delete"),
    *crud("onboarding.templateitem", "view add change delete"),
    *crud("onboarding.run", "view add change"),
    *crud("onboarding.runitem", "view change"),
    *crud("onboarding.questionnaire", "view add change"),
    *crud("onboarding.question", "view add change delete"),
    *crud("onboarding.questionnairerequest", "view add"),
    *crud("onboarding.answer", "view"),
    *crud("onboarding.feedbackrequest", "view add"),
    *crud("onboarding.archive", "view add"),
]
MATRIX = {
    "admin": [
        *crud("onboarding.checklisttemplate"),
        *crud("onboarding.templatesection"),
        *crud("onboarding.templateitem"),
        *crud("onboarding.run"),
        *crud("onboarding.runitem"),
        *crud("onboarding.questionnaire"),
        *crud("onboarding.question"),
        *crud("onboarding.questionnairerequest"),
        *crud("onboarding.answer"),
        *crud("onboarding.feedbackrequest"),
        *crud("onboarding.archive"),
    ],
    "agency_lead": MANAGE,
    "account_manager": MANAGE,
    "specialist": [
        *crud("onboarding.checklisttemplate", "view"),
        *crud("onboarding.run", "view"),
        *crud("onboarding.runitem", "view change"),
        *crud("onboarding.questionnaire", "view"),
        *crud("onboarding.questionnairerequest", "view"),
        *crud("onboarding.answer", "view"),
    ],
    "finance": [
        *crud("onboarding.run", "view"),
        *crud("onboarding.runitem", "view change"),
        *crud("onboarding.archive", "view"),
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0002_default_templates"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: grant(apps, MATRIX),
            lambda apps, schema_editor: revoke(apps, MATRIX),
        )
    ]
