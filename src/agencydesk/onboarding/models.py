"""Client lifecycle: checklist templates and runs (onboarding, offboarding),
the onboarding questionnaire and the closing feedback survey."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import AccessEntry, Client, Contact, TeamMember
from agencydesk.core.models import ClientOwned


class Kind(models.TextChoices):
    ONBOARDING = "onboarding", _("Onboarding")
    OFFBOARDING = "offboarding", _("Offboarding")


class ChecklistTemplate(models.Model):
    """A reusable checklist: sections of items with owners, due days and gates."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default for its kind"), default=False)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return gettext(self.name)


class TemplateSection(models.Model):
    """A step of a checklist template (e.g. "Contract and payment")."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.title)


class TemplateItem(models.Model):
    """One item of a template section."""

    class Generates(models.TextChoices):
        NOTHING = "", _("One item")
        ACCESS_REVOCATIONS = "access_revocations", _("One item per granted access")

    section = models.ForeignKey(
        TemplateSection, on_delete=models.CASCADE, related_name="items"
    )
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    owner_role = models.CharField(
        _("owner role"),
        max_length=20,
        choices=TeamMember.Role.choices,
        default=TeamMember.Role.ACCOUNT_MANAGER,
    )
    due_days = models.PositiveSmallIntegerField(
        _("due (business days from the start)"), default=5
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("depends on")
    )
    is_gate = models.BooleanField(
        _("gate"),
        default=False,
        help_text=_("Cannot be completed before the items it depends on."),
    )
    generates = models.CharField(
        _("generates"), max_length=30, choices=Generates.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.title)


class Run(ClientOwned):
    """A checklist started for one client, with owners and due dates."""

    contact_visible = False

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="checklist_runs"
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="runs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("start"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        indexes = [
            models.Index(fields=["kind", "completed_at"], name="onboarding_run_open")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("onboarding:run-detail", args=[self.pk])


class RunItem(ClientOwned):
    """One item of a run: owner, due date, dependencies, done or not."""

    client_path = "run__client"
    contact_visible = False

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=80)
    section = models.CharField(_("section"), max_length=200)
    title = models.CharField(_("item"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due"))
    is_gate = models.BooleanField(_("gate"), default=False)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by"
    )
    access_entry = models.ForeignKey(
        AccessEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the system ticked the item off because this invoice (the
    # deposit) was paid; a reversal re-opens only an item ticked off this way,
    # never one a person closed by hand.
    done_by_invoice = models.ForeignKey(
        "finance.Invoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid with invoice"),
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]
        indexes = [
            # The across-clients overview and the calendar feeds read this.
            models.Index(
                fields=["owner", "done_at", "due_date"], name="onb_item_owner"
            ),
        ]

    def __str__(self) -> str:
        return gettext(self.title)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today=None) -> bool:
        """The rule of an overdue item: still open after its due date (today
        by default); the checklist's badge and the progress counts ask it."""
        today = today or timezone.localdate()
        return self.done_at is None and self.due_date < today

    def blockers(self) -> list[RunItem]:
        """Items this one waits for (reads the prefetched dependencies)."""
        return [item for item in self.depends_on.all() if item.done_at is None]


class Questionnaire(models.Model):
    """A set of questions sent to a client contact."""

    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return gettext(self.name)


class Question(models.Model):
    """One question; an answer may land in a profile field of the client."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice")
        MULTI = "multi", _("Several choices")
        URL = "url", _("Web address")
        FILE = "file", _("File")
        DATE = "date", _("Date")

    class ProfileField(models.TextChoices):
        NONE = "", _("None")
        INDUSTRY = "industry", _("Industry")
        WEBSITE = "website", _("Website")
        BUSINESS = "business_description", _("Business description")
        GOALS = "goals", _("Goals")
        AUDIENCE = "target_audience", _("Target audience")
        SOCIAL = "social_accounts", _("Social accounts")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT
    )
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One per line (choice questions).")
    )
    is_required = models.BooleanField(_("required"), default=False)
    profile_field = models.CharField(
        _("fills the profile field"),
        max_length=30,
        choices=ProfileField.choices,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.text)

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class QuestionnaireRequest(ClientOwned):
    """A questionnaire sent to one contact through a signed link."""

    contact_visible = False

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="questionnaire_requests"
    )
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="requests"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    due_date = models.DateField(_("due"))
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("questionnaire sent")
        verbose_name_plural = _("questionnaires sent")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.questionnaire} → {self.contact}"

    def get_absolute_url(self) -> str:
        return reverse("onboarding:questionnaire-detail", args=[self.pk])


def answer_path(instance: Answer, filename: str) -> str:
    return (
        f"questionnaires/{instance.request.client_id}/{instance.request_id}/{filename}"
    )


class Answer(ClientOwned):
    """A contact's answer to one question."""

    client_path = "request__client"
    contact_visible = False

    request = models.ForeignKey(
        QuestionnaireRequest, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(default=str, blank=True)
    file = models.FileField(upload_to=answer_path, max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "question"], name="onboarding_one_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"

    @property
    def display(self) -> str:
        if self.filename:
            return self.filename
        if isinstance(self.value, list):
            return ", ".join(self.value)
        return str(self.value or "")


class FeedbackRequest(ClientOwned):
    """The closing survey (NPS 0–10 and a comment), answered by a signed link."""

    contact_visible = False

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="feedback_requests"
    )
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=10),
                name="onboarding_nps_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.score}"


class Archive(ClientOwned):
    """The export ZIP produced when an account is archived."""

    contact_visible = False

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="archives/", max_length=300)
    size = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account archive")
        verbose_name_plural = _("account archives")

    def __str__(self) -> str:
        return f"{self.client} @ {self.created_at:%Y-%m-%d}"
