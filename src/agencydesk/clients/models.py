"""Client accounts, their contacts (portal users) and the agency team on them."""

from __future__ import annotations

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
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    business_description = models.TextField(_("business description"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    target_audience = models.TextField(_("target audience"), blank=True)
    social_accounts = models.TextField(
        _("social accounts"), blank=True, help_text=_("One address per line.")
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
    # The API's lists filter on it (``updated_since``, for syncing).
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        # Need-to-know (clients.scope): without it, and with the agency's
        # staff scope on "own", a person sees only the clients they work on.
        permissions = [
            ("view_every_client", _("Can see every client, whatever the staff scope")),
            ("change_every_team", _("Can change the team of every client")),
        ]
        indexes = [models.Index(fields=["status", "name"], name="clients_status_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clients:client-detail", args=[self.slug])

    @property
    def is_archived(self) -> bool:
        """An archived account is read-only."""
        return self.status == self.Status.ARCHIVED

    @property
    def social_account_list(self) -> list[str]:
        return [
            line.strip() for line in self.social_accounts.splitlines() if line.strip()
        ]


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
    # E.164 ("+6281234567890") when it could be read (``core.phones``), so
    # a WhatsApp sender is found with one indexed lookup; else as typed.
    phone = models.CharField(_("phone"), max_length=40, blank=True, db_index=True)
    sees_all_tickets = models.BooleanField(
        _("sees all tickets of the client"),
        default=True,
        help_text=_("Otherwise only the tickets they requested or are copied on."),
    )
    # Made by intake from an unknown address at the client's e-mail domain:
    # shown flagged until a person confirms who it is.
    from_mail_unconfirmed = models.BooleanField(
        _("created from an e-mail, not confirmed yet"), default=False
    )
    # Also moved when the contact's user account changes what the API shows
    # of them (name, address, active): a sync asks ``updated_since``.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

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


class Material(ClientOwned):
    """A key document of a client (brand book, media plan…), kept in versions."""

    contact_visible = False

    class Kind(models.TextChoices):
        BRAND_STRATEGY = "brand_strategy", _("Brand strategy")
        MEDIA_PLAN = "media_plan", _("Media plan")
        BRAND_BOOK = "brand_book", _("Brand book")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="materials"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("key material")
        verbose_name_plural = _("key materials")
        ordering = ["kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title


def material_path(instance: MaterialVersion, filename: str) -> str:
    return f"materials/{instance.material.client_id}/{instance.material_id}/{filename}"


class MaterialVersion(ClientOwned):
    """One uploaded version of a key material; old versions are kept."""

    client_path = "material__client"
    contact_visible = False

    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=material_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "number"], name="clients_material_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} (v{self.number})"


class AccessEntry(ClientOwned):
    """A platform the team needs access to, with its state and an optional
    encrypted secret (never shown in lists, exports or logs)."""

    contact_visible = False

    class Kind(models.TextChoices):
        ADS = "ads", _("Ad account")
        ANALYTICS = "analytics", _("Analytics")
        TAG_MANAGER = "tag_manager", _("Tag manager")
        CMS = "cms", _("CMS")
        SOCIAL = "social", _("Social media")
        HOSTING = "hosting", _("Hosting")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REVOKED = "revoked", _("Revoked")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="access_entries"
    )
    platform = models.CharField(_("platform"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    account_id = models.CharField(_("account id"), max_length=200, blank=True)
    access_level = models.CharField(_("access level"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REQUESTED
    )
    state_changed_at = models.DateTimeField(_("state changed"), null=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # Fernet token (core.secrets); empty when there is no secret.
    secret_encrypted = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("access entry")
        verbose_name_plural = _("access inventory")
        ordering = ["platform", "pk"]
        # Revealing needs the first on a client whose team one is on, the
        # second on any client (agency leads and admins).
        permissions = [
            ("reveal_accessentry", _("Can reveal access secrets")),
            (
                "reveal_every_accessentry",
                _("Can reveal the access secrets of every client"),
            ),
        ]

    def __str__(self) -> str:
        return self.platform

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_encrypted)


class CredentialRequest(ClientOwned):
    """A one-time link on which a contact enters the accesses the agency needs.

    Only the SHA-256 of the link's random part is stored: a leaked database
    gives no usable link. The link works once (``used_at``), until
    ``expires_at`` and unless the agency withdrew it (``withdrawn_at``)."""

    contact_visible = False

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="credential_requests"
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        related_name="credential_requests",
        verbose_name=_("contact"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("credential request")
        verbose_name_plural = _("credential requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Access request to %(contact)s") % {"contact": self.contact})
