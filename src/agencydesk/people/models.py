"""People: users who log in with their e-mail, and the staff profile."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from agencydesk.core.money import CurrencyField


def normalize_email(email: str) -> str:
    """E-mail addresses are compared without case and surrounding spaces."""
    return (email or "").strip().lower()


def display_name_of(*, full_name: str, email: str) -> str:
    """How a person is named wherever they are shown: their name, else e-mail
    (for a name read as a plain value, without the model)."""
    return full_name or email


class UserManager(BaseUserManager):
    """Creates users keyed by e-mail."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email: str):
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: agency staff (``is_staff``) or a client contact;
    or an integration: an account of the agency for another system, which
    never signs in to the site and acts only through its API tokens."""

    class Integration(models.TextChoices):
        NONE = "", _("Not an integration")
        # Staff-like: acts under its one role, every client the role sees.
        AGENCY = "agency", _("Agency-wide")
        # Staff-like, only the clients whose team it is on (always, whatever
        # the agency's need-to-know setting or the role's reach).
        CLIENTS = "clients", _("Some clients")
        # Contact-like: a contact of one client, seeing what a contact sees.
        CONTACT = "contact", _("A client's contact")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC")
    is_staff = models.BooleanField(
        _("agency staff"),
        default=False,
        help_text=_("Staff work in the agency; everyone else is a client contact."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    notify_by_email = models.BooleanField(
        _("e-mail notifications"),
        default=True,
        help_text=_("Also send notifications and ticket updates by e-mail."),
    )
    date_joined = models.DateTimeField(_("joined"), default=dj_timezone.now)
    integration = models.CharField(
        _("integration"),
        max_length=10,
        choices=Integration.choices,
        default="",
        blank=True,
        help_text=_("An integration never signs in; it uses the API with tokens."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_integration(self) -> bool:
        return bool(self.integration)

    @property
    def display_name(self) -> str:
        return display_name_of(full_name=self.full_name, email=self.email)

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)


class StaffProfile(models.Model):
    """What planning and billing need to know about a member of staff."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="staff_profile"
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    country = CountryField(_("country (public holidays)"), blank=True)
    weekly_capacity_hours = models.DecimalField(
        _("weekly capacity (hours)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("80"))],
    )
    hourly_cost = models.DecimalField(
        _("hourly cost"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    default_bill_rate = models.DecimalField(
        _("default bill rate"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    rate_currency = CurrencyField(_("currency of cost and rate"), default="USD")

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_capacity_hours__gte=0)
                & models.Q(weekly_capacity_hours__lte=80),
                name="people_staff_capacity_range",
            ),
            models.CheckConstraint(
                condition=models.Q(hourly_cost__gte=0)
                & models.Q(default_bill_rate__gte=0),
                name="people_staff_rates_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class SignInThrottle(models.Model):
    """Sign-in attempts counted for one (e-mail × address) pair or one address,
    in a window that opens with the first attempt; written only by
    ``people.throttle`` in single conditional UPDATEs, so concurrent attempts
    are counted exactly."""

    # SHA-256 of the scope ("pair", e-mail, address or "address", address):
    # fixed length, and no e-mail address is kept in this table.
    key = models.CharField(max_length=64, unique=True)
    # Failures plus attempts still being checked (given back on success).
    attempts = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    # An address over its limit may try again only from this instant.
    not_before = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in limit")
        verbose_name_plural = _("sign-in limits")
        indexes = [
            # The purge looks for windows that have ended.
            models.Index(
                fields=["window_started_at"], name="people_throttle_window_idx"
            )
        ]

    def __str__(self) -> str:
        return self.key
