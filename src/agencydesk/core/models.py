"""Core models: scoping base, business calendars, agency, timeline, notifications."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .calendar import BusinessCalendar
from .money import CurrencyField

if TYPE_CHECKING:
    from .access import Viewer

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ClientScopedQuerySet(models.QuerySet):
    """Queryset of rows that belong to a client, narrowed to what a viewer may see."""

    def visible_to(self, viewer: Viewer) -> ClientScopedQuerySet:
        """Staff see every row, or only their clients' under need-to-know; a
        contact only its client's rows; anyone else none."""
        path = f"{self.model.client_path}__in"
        if viewer.is_staff:
            scope = viewer.staff_client_ids
            return self.all() if scope is None else self.filter(**{path: scope})
        if viewer.is_contact and self.model.contact_visible:
            return self.filter(**{path: viewer.client_ids})
        return self.none()


_CHOICE_LABELS: dict[tuple[int, str | None], dict] = {}


def choice_label(field: models.Field, value):
    """The label of ``value`` among ``field``'s choices in the active language.

    Django's ``get_FOO_display`` builds a dict of every choice on each call,
    hashing each lazy label (a translation lookup per choice): a queue page
    of 25 rows spent almost half its rendering there. The labels of a field
    in a language never change while the process runs, so they are made once.
    """
    key = (id(field), get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = {
            make_hashable(choice): str(label) for choice, label in field.flatchoices
        }
        _CHOICE_LABELS[key] = labels
    return labels.get(make_hashable(value), value)


class FastChoiceLabels:
    """Mixin for models shown in long lists: ``get_FOO_display`` through
    ``choice_label`` (same answer as Django's, made once per language)."""

    def _get_FIELD_display(self, field):
        return force_str(
            choice_label(field, getattr(self, field.attname)), strings_only=True
        )


class ClientOwned(FastChoiceLabels, models.Model):
    """Base of every model a client contact might reach.

    ``client_path`` is the lookup from the model to its client id
    (``"client"``, ``"project__client"``, ``"pk"`` for the client itself);
    ``contact_visible`` says whether contacts may see such rows at all.
    """

    client_path: ClassVar[str] = "client"
    contact_visible: ClassVar[bool] = True
    contact_actions: ClassVar[frozenset[str]] = frozenset()

    objects = ClientScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class WorkingCalendar(models.Model):
    """Working hours of the agency or of one client, with public holidays by country."""

    name = models.CharField(_("name"), max_length=120)
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC")
    country = CountryField(_("country (public holidays)"), blank=True)
    subdivision = models.CharField(_("region"), max_length=10, blank=True)
    weekdays = models.CharField(
        _("working days"),
        max_length=13,
        default="0,1,2,3,4",
        help_text=_("Comma-separated weekday numbers, Monday = 0."),
    )
    opens = models.TimeField(_("opens"), default=datetime.time(9, 0))
    closes = models.TimeField(_("closes"), default=datetime.time(17, 0))

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")

    def __str__(self) -> str:
        return self.name

    @property
    def weekday_numbers(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.weekdays.split(",") if d.strip())

    def clean(self) -> None:
        try:
            self.as_business_calendar(closed_dates=frozenset())
        except (ValueError, TypeError) as error:
            raise ValidationError(str(error)) from error

    def as_business_calendar(
        self, closed_dates: frozenset | None = None
    ) -> BusinessCalendar:
        """The pure calendar used for SLA and capacity arithmetic."""
        if closed_dates is None:
            closed_dates = frozenset(self.closed_days.values_list("date", flat=True))
        return BusinessCalendar(
            timezone=self.timezone,
            weekdays=self.weekday_numbers,
            opens=self.opens,
            closes=self.closes,
            country=str(self.country or ""),
            subdivision=self.subdivision,
            closed_dates=closed_dates,
        )


class ClosedDay(models.Model):
    """An extra day a calendar is closed (agency retreat, local event)."""

    calendar = models.ForeignKey(
        WorkingCalendar, on_delete=models.CASCADE, related_name="closed_days"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="core_closedday_unique_date"
            )
        ]
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.calendar}: {self.date}"


class Agency(models.Model):
    """The agency running this installation (one row)."""

    name = models.CharField(_("name"), max_length=200, default="Agency")
    currency = CurrencyField(default="USD")
    calendar = models.ForeignKey(
        WorkingCalendar, on_delete=models.PROTECT, related_name="+"
    )

    class StaffScope(models.TextChoices):
        ALL_CLIENTS = "all", _("Every client")
        OWN_CLIENTS = "own", _("Only the clients they work on")

    # Need-to-know: whether specialists and finance see every client or only
    # those they work on (clients.scope); leads, admins and AMs see every client.
    staff_scope = models.CharField(
        _("specialists and finance see"),
        max_length=8,
        choices=StaffScope.choices,
        default=StaffScope.ALL_CLIENTS,
    )
    # An unknown address at a client's e-mail domain becomes a (flagged)
    # contact only when the agency opts in: a domain is easy to claim in From:.
    mail_creates_contacts = models.BooleanField(
        _("mail from a client's domain creates a contact"), default=False
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agency")

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A gap-free sequence for human numbers (tickets, invoices, contracts)."""

    name = models.CharField(max_length=64, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class AppendOnlyError(Exception):
    """An append-only row was asked to change."""


class EventQuerySet(ClientScopedQuerySet):
    """Events are history: bulk changes are refused like single-row ones."""

    def update(self, **kwargs):
        raise AppendOnlyError("Timeline events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Timeline events cannot be deleted.")


class Event(ClientOwned):
    """One thing that happened to a client: the append-only timeline."""

    contact_visible = False

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("client"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("what happened"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("about"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Lower-cased words of the target and the data values: the timeline search
    # reads this, not the JSON (whose keys and escapes would match wrongly).
    search_text = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(
                fields=["client", "-created_at"], name="core_event_client_time"
            ),
            # A ticket's (or any object's) own history reads this index.
            models.Index(fields=["target_type", "target_id"], name="core_event_target"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} @ {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        # History is append-only: an existing row never changes.
        if self.pk is not None:
            raise AppendOnlyError("Timeline events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Timeline events cannot be deleted.")


class Notification(models.Model):
    """An in-app message to one person."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The unread badge on every page reads this index.
            models.Index(fields=["recipient", "read_at"], name="core_notif_unread"),
            models.Index(fields=["recipient", "-created_at"], name="core_notif_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class Heartbeat(models.Model):
    """Last time a background process showed it was alive (read by /healthz
    and /metrics): the queue ("worker"), one consumer process
    ("worker@host:pid") or a periodic task's last run, with its duration."""

    name = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()
    duration = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at}"


class ScheduledRun(models.Model):
    """One run of a periodic task for one slot of its schedule (core.schedule).

    Every worker's scheduler enqueues each periodic task; the unique slot lets
    the first copy run and the others skip, however many workers there are."""

    task = models.CharField(max_length=200)
    # The minute of the schedule this run is for (UTC).
    slot = models.DateTimeField()
    worker = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "slot"], name="core_scheduled_run_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} @ {self.slot:%Y-%m-%d %H:%M}"
