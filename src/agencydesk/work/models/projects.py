"""Projects per client, their phases, milestones, tasks and the templates
projects are made from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.models import ClientOwned
from agencydesk.core.money import CurrencyField
from agencydesk.desk.models import Ticket


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
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

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
    # What reaching it is billed (finance invoices a done milestone once, in
    # its contract's currency: a milestone priced in another is refused there).
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = CurrencyField(_("currency"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gt=0) & ~Q(currency="")),
                name="work_milestone_priced_with_currency",
            )
        ]

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
