"""Deliverables with versions, approval rounds and each contact's decision;
the roles' permissions on them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import agencydesk.core.models
import agencydesk.work.models
from agencydesk.core.migration_helpers import grant, revoke

# Every role reads them; those who make the work send it for approval.
VIEW = [
    "work.view_deliverable",
    "work.view_deliverableversion",
    "work.view_approvalround",
    "work.view_approvalrequest",
]
MATRIX = {
    role: [*VIEW, "work.send_for_approval"]
    for role in ("admin", "agency_lead", "account_manager", "specialist")
}
MATRIX["finance"] = VIEW


def grant_roles(apps, schema_editor):
    grant(apps, MATRIX)


def revoke_roles(apps, schema_editor):
    revoke(apps, MATRIX)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0014_contact_phone_normalise"),
        ("work", "0003_collab"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Deliverable",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "milestone",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="deliverables",
                        to="work.milestone",
                        verbose_name="milestone",
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliverables",
                        to="work.task",
                    ),
                ),
            ],
            options={
                "verbose_name": "deliverable",
                "verbose_name_plural": "deliverables",
                "ordering": ["pk"],
                "permissions": [
                    (
                        "send_for_approval",
                        "Can add deliverables and send them for the client's approval",
                    )
                ],
            },
            bases=(agencydesk.core.models.FastChoiceLabels, models.Model),
        ),
        migrations.CreateModel(
            name="DeliverableVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=agencydesk.work.models.deliverable_path,
                    ),
                ),
                (
                    "filename",
                    models.CharField(blank=True, max_length=255, verbose_name="file"),
                ),
                ("content_type", models.CharField(blank=True, max_length=120)),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("sha256", models.CharField(blank=True, max_length=64)),
                (
                    "link",
                    models.URLField(blank=True, max_length=500, verbose_name="link"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "deliverable",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="work.deliverable",
                    ),
                ),
            ],
            options={
                "verbose_name": "deliverable version",
                "verbose_name_plural": "deliverable versions",
                "ordering": ["number"],
            },
            bases=(agencydesk.core.models.FastChoiceLabels, models.Model),
        ),
        migrations.CreateModel(
            name="ApprovalRound",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="round")),
                (
                    "message",
                    models.TextField(blank=True, verbose_name="message to the client"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting on the client"),
                            ("approved", "Approved"),
                            ("changes", "Changes requested"),
                            ("withdrawn", "Withdrawn"),
                            ("superseded", "Replaced by a newer round"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("sent_at", models.DateTimeField(verbose_name="sent")),
                (
                    "closed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="closed"),
                ),
                ("holds_ticket", models.BooleanField(default=False)),
                ("remind_on", models.DateField(verbose_name="overdue from")),
                ("reminded_on", models.DateField(blank=True, null=True)),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "deliverable",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rounds",
                        to="work.deliverable",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rounds",
                        to="work.deliverableversion",
                    ),
                ),
            ],
            options={
                "verbose_name": "approval round",
                "verbose_name_plural": "approval rounds",
                "ordering": ["number"],
            },
            bases=(agencydesk.core.models.FastChoiceLabels, models.Model),
        ),
        migrations.CreateModel(
            name="ApprovalRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("approved", "Approved"),
                            ("changes", "Changes requested"),
                        ],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided"),
                ),
                (
                    "via",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("portal", "the portal"),
                            ("link", "the e-mailed link"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="approval_requests",
                        to="clients.contact",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="requests",
                        to="work.approvalround",
                    ),
                ),
            ],
            options={
                "verbose_name": "approval request",
                "verbose_name_plural": "approval requests",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("round", "contact"),
                        name="work_request_once_per_contact",
                    )
                ],
            },
            bases=(agencydesk.core.models.FastChoiceLabels, models.Model),
        ),
        migrations.AddConstraint(
            model_name="deliverableversion",
            constraint=models.UniqueConstraint(
                fields=("deliverable", "number"), name="work_version_number_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="deliverableversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("filename", ""), _negated=True),
                    models.Q(("link", ""), _negated=True),
                    _connector="OR",
                ),
                name="work_version_file_or_link",
            ),
        ),
        migrations.AddIndex(
            model_name="approvalround",
            index=models.Index(fields=["status", "sent_at"], name="work_round_status"),
        ),
        migrations.AddIndex(
            model_name="approvalround",
            index=models.Index(
                fields=["status", "remind_on"], name="work_round_remind"
            ),
        ),
        migrations.AddConstraint(
            model_name="approvalround",
            constraint=models.UniqueConstraint(
                fields=("deliverable", "number"), name="work_round_number_once"
            ),
        ),
        migrations.RunPython(grant_roles, revoke_roles),
    ]
