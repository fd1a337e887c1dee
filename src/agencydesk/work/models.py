"""Projects per client, their phases, milestones and tasks, and the templates
projects are made from."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.core.models import ClientOwned
from agencydesk.desk.models import Ticket
from agencydesk.people.roles import Role


class Area(models.Model):
    """A kind of work a task belongs to (content, ads, SEO…): an editable list.

    The shipped names are message ids, shown translated; an admin's own names
    are shown as typed."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered for new tasks"), default=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return gettext(self.name)


class Method(models.TextChoices):
    AGILE = "agile", _("Agile board")
    WATERFALL = "waterfall", _("Waterfall phases")


class ProjectTemplate(models.Model):
    """A reusable plan: phases, milestones and tasks placed in business days
    from the project's start, owned by team roles."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.WATERFALL
    )

    class Meta:
        verbose_name = _("project template")
        verbose_name_plural = _("project templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return gettext(self.name)


class TemplateItem(models.Model):
    """One phase, milestone or task of a template."""

    class Kind(models.TextChoices):
        PHASE = "phase", _("Phase")
        MILESTONE = "milestone", _("Milestone")
        TASK = "task", _("Task")

    template = models.ForeignKey(
        ProjectTemplate, on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    offset_days = models.PositiveSmallIntegerField(
        _("starts after (business days)"), default=0
    )
    duration_days = models.PositiveSmallIntegerField(
        _("lasts (business days)"),
        default=1,
        help_text=_("Phases and tasks; a milestone is one day."),
    )
    owner_role = models.CharField(
        _("owner (team role)"),
        max_length=20,
        choices=TeamMember.Role.choices,
        blank=True,
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area")
    )
    # A task of a template may sit in one of its phases.
    phase = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "phase"},
        verbose_name=_("phase"),
    )
    needs_client_approval = models.BooleanField(
        _("needs the client's approval"), default=False, help_text=_("Milestones.")
    )
    # Tasks: copied to the task's estimate; the planner's "what if" adds it
    # to the owner's week.
    estimate_minutes = models.PositiveIntegerField(
        _("estimate (minutes)"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.title)


class Project(ClientOwned):
    """A piece of work for one client, with a start, an owner and a status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("client"),
    )
    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.WATERFALL
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_projects",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    template = models.ForeignKey(
        ProjectTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="work_project_ends_after_start",
            )
        ]
        indexes = [
            # The project list: newest first, per client and status.
            models.Index(fields=["client", "status"], name="work_p_client_status"),
            models.Index(fields=["-created_at"], name="work_p_created"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("work:project-detail", args=[self.pk])


class ProjectChild(ClientOwned):
    """A row of one project, scoped through the project's client."""

    client_path = "project__client"

    class Meta:
        abstract = True


class Phase(ProjectChild):
    """A stretch of a waterfall project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="phases"
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="work_phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return gettext(self.title)


class Milestone(ProjectChild):
    """A date the project promises; the client may have to approve it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due"))
    needs_client_approval = models.BooleanField(
        _("needs the client's approval"), default=False
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return gettext(self.title)


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_REVIEW = "in_review", _("In review")
    WAITING = "waiting", _("Waiting on client")
    DONE = "done", _("Done")


class Task(ProjectChild):
    """A piece of work of a project with an owner, dates and a status."""

    # Tasks are internal until the portal shows a client its projects.
    contact_visible = False

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("phase"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("milestone"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_tasks",
        verbose_name=_("owner"),
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="collaborating_tasks",
        verbose_name=_("collaborators"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    estimate_minutes = models.PositiveIntegerField(
        _("estimate (minutes)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    order = models.PositiveIntegerField(default=0)
    # Optimistic lock: every change bumps it; a move based on an older
    # version is refused instead of undoing someone else's.
    version = models.PositiveIntegerField(default=1)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("ticket"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the task last moved to Done (the scope meter counts deliveries).
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(due__isnull=True)
                | Q(due__gte=F("start")),
                name="work_task_due_after_start",
            )
        ]
        indexes = [
            # A project's board and list read this index.
            models.Index(fields=["project", "status", "order"], name="work_t_board"),
            # A person's work by due date.
            models.Index(fields=["owner", "status", "due"], name="work_t_owner"),
            # The scope meter: a project's deliveries in a period.
            models.Index(fields=["project", "done_at"], name="work_t_done"),
        ]

    def __str__(self) -> str:
        # Titles copied from a shipped template are message ids (shown in the
        # reader's language, as phases and milestones); a typed one as typed.
        return gettext(self.title)

    def get_absolute_url(self) -> str:
        return reverse("work:task-detail", args=[self.pk])

    @property
    def estimate_hours(self) -> float | None:
        if self.estimate_minutes is None:
            return None
        return round(self.estimate_minutes / 60, 2)


class TicketProject(ClientOwned):
    """The project a ticket's production goes to, chosen by the account
    manager (desk knows no projects, so the choice is kept here). Without
    one, a ticket's tasks go to the client's current project."""

    client_path = "ticket__client"
    contact_visible = False

    # Projects that take a ticket's production tasks.
    TAKES_TASKS = (Project.Status.PLANNED, Project.Status.ACTIVE)

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="work_project",
        verbose_name=_("ticket"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("project"),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now=True)

    class Meta:
        verbose_name = _("project of a ticket")
        verbose_name_plural = _("projects of tickets")

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.project}"


class TaskDependency(ClientOwned):
    """Finish-to-start: ``task`` starts once ``depends_on`` is done."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="waits_for")
    depends_on = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="blocks"
    )

    class Meta:
        verbose_name = _("task dependency")
        verbose_name_plural = _("task dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "depends_on"], name="work_dependency_once"
            ),
            models.CheckConstraint(
                condition=~Q(task=F("depends_on")), name="work_dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} ← {self.depends_on}"


class ChecklistItem(ClientOwned):
    """One line of a task's checklist."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("item"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class TaskComment(ClientOwned):
    """A remark on a task, plain text, that may mention people by @handle.

    Every comment is internal while tasks are staff-only; the flag is kept so
    the portal can show a client the others once it shows tasks."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"))
    is_internal = models.BooleanField(_("internal"), default=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("mentioned"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("task comment")
        verbose_name_plural = _("task comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["task", "created_at"], name="work_comment_task")
        ]

    def __str__(self) -> str:
        return self.body[:40]


def task_file_path(instance: TaskFile, filename: str) -> str:
    # By content, as tickets' attachments: the same file twice is one object.
    return f"tasks/{instance.sha256[:2]}/{instance.sha256}"


class TaskFile(ClientOwned):
    """A file attached to a task (briefs, drafts, references)."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    file = models.FileField(upload_to=task_file_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("task file")
        verbose_name_plural = _("task files")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["task", "created_at"], name="work_file_task")]

    def __str__(self) -> str:
        return self.filename


# --- Client approvals -----------------------------------------------------------
# A deliverable of a task (files with versions, or a link) is sent to contacts
# of the task's client in numbered rounds; each contact approves or asks for
# changes (work/services/approvals.py).


def deliverable_path(instance: DeliverableVersion, filename: str) -> str:
    # Content-addressed like desk attachments: the name a person sees is
    # ``filename``, never the stored one.
    return f"deliverables/{instance.sha256[:2]}/{instance.sha256}"


class Deliverable(ClientOwned):
    """Something made for the client that it approves: versions of a file or
    a link, sent in rounds."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="deliverables"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("milestone"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["pk"]
        permissions = [
            (
                "send_for_approval",
                "Can add deliverables and send them for the client's approval",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DeliverableVersion(ClientOwned):
    """One upload (or link) of a deliverable; numbered from 1."""

    client_path = "deliverable__task__project__client"
    contact_visible = False

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=deliverable_path, max_length=200, blank=True)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("deliverable version")
        verbose_name_plural = _("deliverable versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "number"], name="work_version_number_once"
            ),
            models.CheckConstraint(
                condition=~Q(filename="") | ~Q(link=""),
                name="work_version_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class ApprovalRound(ClientOwned):
    """One sending of a version to contacts for their decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting on the client")
        APPROVED = "approved", _("Approved")
        CHANGES = "changes", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a newer round")

    client_path = "deliverable__task__project__client"
    contact_visible = False

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveIntegerField(_("round"))
    version = models.ForeignKey(
        DeliverableVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    message = models.TextField(_("message to the client"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # This round moved the task's ticket to "waiting on customer" (its SLA
    # clock stopped) and moves it back when it closes.
    holds_ticket = models.BooleanField(default=False)
    # The client's local date from which the round is overdue and its
    # contacts are reminded (the reminder delay in business days of the
    # client's calendar, counted when it is sent).
    remind_on = models.DateField(_("overdue from"))
    # The client's local date of the last reminder: at most one a day.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("approval round")
        verbose_name_plural = _("approval rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "number"], name="work_round_number_once"
            )
        ]
        indexes = [
            # The approvals page reads rounds by status, oldest sent first;
            # the reminder sweep pending ones by the day they fall due.
            models.Index(fields=["status", "sent_at"], name="work_round_status"),
            models.Index(fields=["status", "remind_on"], name="work_round_remind"),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} #{self.number}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ApprovalRequest(ClientOwned):
    """What one contact is asked in a round, and their decision."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES = "changes", _("Changes requested")

    class Via(models.TextChoices):
        PORTAL = "portal", _("the portal")
        LINK = "link", _("the e-mailed link")

    client_path = "round__deliverable__task__project__client"
    # Contacts see the requests of their client (the portal narrows them to
    # their own); nothing else of a deliverable is theirs to list.
    contact_visible = True

    round = models.ForeignKey(
        ApprovalRound, on_delete=models.CASCADE, related_name="requests"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="approval_requests"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "contact"], name="work_request_once_per_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} → {self.contact}"


# --- Scope: statements of work and change requests (issue #13 items 6–7) ---


class ScopePeriod(models.TextChoices):
    MONTH = "month", _("per month")
    WEEK = "week", _("per week")
    PROJECT = "project", _("per project")


class ScopeUnit(models.TextChoices):
    DELIVERABLES = "deliverables", _("deliverables (tasks done)")
    REVISIONS = "revisions", _("revision rounds per deliverable")
    HOURS = "hours", _("hours")


class Sow(ClientOwned):
    """A statement of work for a client (a retainer) or one of its projects,
    in numbered versions: editable while a draft, then sent, then confirmed
    by the client; a confirmed one changes only through an approved change
    request or a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the client")
        CONFIRMED = "confirmed", _("Confirmed")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    contact_actions = frozenset({"confirm"})

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="sows", verbose_name=_("client")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sows",
        verbose_name=_("project"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    exclusions = models.TextField(_("not included"), blank=True)
    phase_two = models.TextField(_("phase 2 wish list"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent to"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement of work")
        verbose_name_plural = _("statements of work")
        indexes = [models.Index(fields=["client", "status"], name="work_sow_client")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("work:sow-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ScopeLineFields(models.Model):
    """What a line of scope promises: a quantity of a unit per period."""

    what = models.CharField(_("what"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    period = models.CharField(
        _("period"), max_length=8, choices=ScopePeriod.choices, default="month"
    )
    unit = models.CharField(_("unit"), max_length=14, choices=ScopeUnit.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Deliverables: count only tasks of this area."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.what


class SowLine(ScopeLineFields, ClientOwned):
    client_path = "sow__client"

    sow = models.ForeignKey(Sow, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scope line")
        verbose_name_plural = _("scope lines")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="work_sowline_quantity_positive"
            )
        ]


class ScopeAlert(models.Model):
    """A scope line reached a threshold in a period; the row makes the
    warning go out once per line, period and threshold."""

    line = models.ForeignKey(SowLine, on_delete=models.CASCADE, related_name="alerts")
    period_start = models.DateField()
    threshold = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period_start", "threshold"],
                name="work_scope_alert_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.period_start} {self.threshold}%"


class ChangeRequest(ClientOwned):
    """Extra work the client is asked to approve: its impact in hours by
    role, cost (in the client's currency) and milestone shift."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Waiting for the client")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    contact_actions = frozenset({"decide"})

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("client"),
    )
    sow = models.ForeignKey(
        Sow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("statement of work"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("project"),
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("ticket"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # {role: minutes}: the hours the work needs, by staff role.
    hours_by_role = models.JSONField(_("hours by role"), default=dict, blank=True)
    cost_amount = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_currency = models.CharField(_("currency"), max_length=3, blank=True)
    shift_days = models.PositiveSmallIntegerField(
        _("deadline shift (business days)"), default=0
    )
    milestones = models.ManyToManyField(
        Milestone, blank=True, related_name="+", verbose_name=_("affected milestones")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [
            models.Index(fields=["client", "status"], name="work_cr_client"),
        ]

    def __str__(self) -> str:
        return f"CR-{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("work:cr-detail", args=[self.pk])

    @property
    def total_minutes(self) -> int:
        return sum(int(m) for m in (self.hours_by_role or {}).values())

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 2)

    @property
    def hours_rows(self) -> list[tuple[Any, float]]:
        """(role label, hours) of the estimate, for staff pages."""
        return [
            (Role(role).label if role in Role.values else role, round(int(m) / 60, 2))
            for role, m in (self.hours_by_role or {}).items()
        ]


class ChangeRequestLine(ScopeLineFields, ClientOwned):
    """A line the change request adds to the SOW, or adds to (``sow_line``)."""

    client_path = "change_request__client"

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="lines"
    )
    sow_line = models.ForeignKey(
        SowLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adds to the line"),
    )

    class Meta:
        verbose_name = _("change request line")
        verbose_name_plural = _("change request lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="work_crline_quantity_positive"
            )
        ]
