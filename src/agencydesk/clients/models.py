"""Client accounts, their contacts (portal users) and the agency team on them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from agencydesk.core.models import ClientOwned, WorkingCalendar
from agencydesk.core.money import CurrencyField


class Client(ClientOwned):
    """A client account of the agency."""

    client_path = "pk"

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ONBOARDING = "onboarding", _("Onboarding")
        ACTIVE = "active", _("Active")
        OFFBOARDING = "offboarding", _("Offboarding")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    country = CountryField(_("country"))
    timezone = models.CharField(_("timezone"), max_length=64)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    currency = CurrencyField()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROSPECT
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated, e.g. kopinusantara.co.id. Mail from an unknown address "
            "at these domains becomes a new contact of this client."
        ),
    )
    calendar = models.ForeignKey(
        WorkingCalendar,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("working hours"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"], name="clients_status_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clients:client-detail", args=[self.slug])


class Contact(ClientOwned):
    """A person at a client who uses the portal; belongs to exactly one client."""

    class Role(models.TextChoices):
        DECISION_MAKER = "decision_maker", _("Decision maker")
        BILLING = "billing", _("Billing")
        TECHNICAL = "technical", _("Technical")
        DAY_TO_DAY = "day_to_day", _("Day-to-day")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact"
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("client"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.DAY_TO_DAY
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    sees_all_tickets = models.BooleanField(
        _("sees all tickets of the client"),
        default=True,
        help_text=_("Otherwise only the tickets they requested or are copied on."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return str(self.user)


class TeamMember(ClientOwned):
    """A member of staff working on a client account, in a role."""

    class Role(models.TextChoices):
        ACCOUNT_MANAGER = "account_manager", _("Account manager")
        SPECIALIST = "specialist", _("Specialist")
        LEAD = "lead", _("Agency lead")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_teams"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "user"], name="clients_team_one_role_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.client}"
