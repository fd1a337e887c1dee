"""The shipped templates: the seven-step onboarding checklist (seed 003), the
closing checklist (seed 000, "Penutupan Akun Klien") and the default
questionnaire. Names are message ids, shown translated.

``install(apps)`` is called by a data migration with the historical apps and
is idempotent (browser tests replay it).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

AM, SPEC, LEAD = "account_manager", "specialist", "lead"

# section, [(key, title, owner role, due days, depends on, gate, generates)]
ONBOARDING = (
    _("Default onboarding (seven steps)"),
    [
        (
            _("1. Contract and payment"),
            [
                ("contract-sent", _("Send the contract"), AM, 1, [], False, ""),
                (
                    "contract-signed",
                    _("Receive the signed contract"),
                    AM,
                    3,
                    ["contract-sent"],
                    False,
                    "",
                ),
                (
                    "deposit",
                    _("Receive the deposit payment"),
                    AM,
                    5,
                    ["contract-signed"],
                    False,
                    "",
                ),
            ],
        ),
        (
            _("2. Internal kickoff"),
            [
                (
                    "internal-scope",
                    _("Review the project scope"),
                    LEAD,
                    3,
                    [],
                    False,
                    "",
                ),
                (
                    "internal-roles",
                    _("Assign roles and responsibilities"),
                    LEAD,
                    3,
                    [],
                    False,
                    "",
                ),
                (
                    "internal-info",
                    _(
                        "Share key client information: website, social "
                        "accounts, contacts, logins, materials"
                    ),
                    AM,
                    4,
                    [],
                    False,
                    "",
                ),
                (
                    "internal-next-steps",
                    _("Agree the next steps"),
                    AM,
                    4,
                    [],
                    False,
                    "",
                ),
            ],
        ),
        (
            _("3. Onboarding questionnaire"),
            [
                (
                    "questionnaire-sent",
                    _("Send the onboarding questionnaire"),
                    AM,
                    4,
                    [],
                    False,
                    "",
                ),
                (
                    "questionnaire-returned",
                    _("Receive the questionnaire back"),
                    AM,
                    14,
                    ["questionnaire-sent"],
                    False,
                    "",
                ),
            ],
        ),
        (
            _("4. Technical setup"),
            [
                (
                    "access-list",
                    _("List every platform and request access"),
                    SPEC,
                    5,
                    [],
                    False,
                    "",
                ),
                (
                    "platform-linking",
                    _("Link the platforms to reporting and analytics"),
                    SPEC,
                    8,
                    ["access-list"],
                    False,
                    "",
                ),
                (
                    "stack-review",
                    _("Review the current technology stack"),
                    SPEC,
                    8,
                    [],
                    False,
                    "",
                ),
                (
                    "tasks-owners",
                    _("Set up tasks, owners and milestones"),
                    AM,
                    8,
                    [],
                    False,
                    "",
                ),
            ],
        ),
        (
            _("5. Reporting setup"),
            [
                (
                    "kpis",
                    _("Agree the KPIs with the client"),
                    AM,
                    10,
                    ["questionnaire-returned"],
                    False,
                    "",
                ),
                (
                    "report-setup",
                    _("Set up the client report and dashboard"),
                    SPEC,
                    12,
                    ["kpis", "platform-linking"],
                    False,
                    "",
                ),
            ],
        ),
        (
            _("6. Client kickoff meeting"),
            [
                (
                    "kickoff-scheduled",
                    _("Schedule the client kickoff meeting"),
                    AM,
                    10,
                    [],
                    False,
                    "",
                ),
                (
                    "client-kickoff",
                    _("Hold the client kickoff meeting"),
                    AM,
                    12,
                    ["deposit", "kickoff-scheduled"],
                    True,
                    "",
                ),
            ],
        ),
        (
            _("7. Scope protection"),
            [
                (
                    "statement-of-work",
                    _("Sign off the statement of work with the client"),
                    AM,
                    12,
                    ["questionnaire-returned"],
                    False,
                    "",
                ),
                (
                    "phase-two",
                    _("List the phase-2 services the client is interested in"),
                    AM,
                    15,
                    [],
                    False,
                    "",
                ),
                (
                    "change-requests",
                    _("Explain how change requests work"),
                    AM,
                    15,
                    [],
                    False,
                    "",
                ),
            ],
        ),
    ],
)

OFFBOARDING = (
    _("Default offboarding"),
    [
        (_("Final review"), [
            ("final-review", _("Hold the final project review"), AM, 3, [], False, ""),
        ]),
        (_("Final report"), [
            ("final-report", _("Deliver the final report"), SPEC, 5, [], False, ""),
        ]),
        (_("Access"), [
            ("revoke-access", _("Revoke access"), SPEC, 5, [], False,
             "access_revocations"),
        ]),
        (_("Feedback"), [
            ("feedback", _("Send the feedback survey"), AM, 5, [], False, ""),
        ]),
        (_("Archive"), [
            ("archive", _("Archive the account and its export"), AM, 7,
             ["final-review", "final-report", "revoke-access", "feedback"], True, ""),
        ]),
    ],
)  # fmt: skip

# text, kind, choices, required, profile field
QUESTIONS = [
    (_("What does your business do?"), "text", [], True, "business_description"),
    (_("Which industry are you in?"), "text", [], False, "industry"),
    (_("What is your website address?"), "url", [], False, "website"),
    (_("Which social media accounts do you have? (one address per line)"), "text",
     [], False, "social_accounts"),
    (_("What are your main goals for the next 12 months?"), "text", [], True,
     "goals"),
    (_("Who is your target audience?"), "text", [], True, "target_audience"),
    (_("Who are your main competitors?"), "text", [], False, ""),
    (_("What makes you different from them?"), "text", [], False, ""),
    (_("Which marketing channels do you use today?"), "multi",
     [_("Search ads"), _("Social ads"), _("SEO"), _("E-mail"), _("Content"),
      _("Offline")], False, ""),
    (_("Which analytics tools do you use?"), "multi",
     [_("Google Analytics"), _("Yandex Metrica"), _("Baidu Tongji"),
      _("Meta Pixel"), _("Other"), _("None")], False, ""),
    (_("Which results matter most to you?"), "multi",
     [_("Leads"), _("Sales"), _("Revenue"), _("Traffic"), _("Brand awareness"),
      _("Cost per acquisition")], False, ""),
    (_("What is your monthly marketing budget?"), "choice",
     [_("Under 1,000 USD"), _("1,000–5,000 USD"), _("5,000–20,000 USD"),
      _("Over 20,000 USD")], False, ""),
    (_("Who answers our day-to-day questions, and how do we reach them?"), "text",
     [], False, ""),
    (_("How often would you like a progress report?"), "choice",
     [_("Weekly"), _("Every two weeks"), _("Monthly")], False, ""),
    (_("Which services might you want later (phase 2)?"), "text", [], False, ""),
    (_("Your brand book or logo files"), "file", [], False, ""),
    (_("Is there a launch date or deadline we should know about?"), "date", [],
     False, ""),
]  # fmt: skip


def _install_template(apps, kind: str, spec) -> None:
    template_model = apps.get_model("onboarding", "ChecklistTemplate")
    name, sections = spec
    template, created = template_model.objects.get_or_create(
        name=name, kind=kind, defaults={"is_default": True}
    )
    if not created:
        return
    items = {}
    order = 0
    for s_order, (title, rows) in enumerate(sections, 1):
        section = template.sections.create(title=title, order=s_order)
        for key, item_title, role, days, depends, gate, generates in rows:
            order += 1
            items[key] = section.items.create(
                key=key,
                title=item_title,
                owner_role=role,
                due_days=days,
                is_gate=gate,
                generates=generates,
                order=order,
            )
            items[key].depends_on.set([items[d] for d in depends])


def install(apps, schema_editor=None) -> None:
    """Create the default templates and questionnaire when they are missing."""
    _install_template(apps, "onboarding", ONBOARDING)
    _install_template(apps, "offboarding", OFFBOARDING)
    questionnaire_model = apps.get_model("onboarding", "Questionnaire")
    questionnaire, created = questionnaire_model.objects.get_or_create(
        name=_("Onboarding questionnaire"), defaults={"is_default": True}
    )
    if created:
        for order, (text, kind, choices, required, field) in enumerate(QUESTIONS, 1):
            questionnaire.questions.create(
                text=text,
                kind=kind,
                choices="\n".join(choices),
                is_required=required,
                profile_field=field,
                order=order,
            )
