"""Forms of time tracking: shape and choices only; rules live in the services."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencydesk.core.forms import Form
from agencydesk.core.money import CURRENCY_CHOICES
from agencydesk.core.pickers import PickerField
from agencydesk.desk.selectors import tickets_for_page
from agencydesk.people.roles import Role
from agencydesk.work.models import Task

from .models import Budget, Rate, TimesheetWeek
from .weeks import parse_month, parse_week

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d{1,4})\s*[:h]\s*(?P<m>\d{1,2})?\s*m?"
    r"|(?P<dec>\d{1,4}(?:[.,]\d{1,2})?)\s*h?"
    r"|(?P<min>\d{1,6})\s*m(?:in)?)\s*$",
    re.IGNORECASE,
)


def parse_duration(value: str) -> int | None:
    """``1:30``, ``1h30``, ``1.5``, ``1.5h`` or ``90m`` → 90; None if not a
    duration (a sign makes it not one)."""
    match = _DURATION.match(value or "")
    if not match:
        return None
    if match["min"]:
        return int(match["min"])
    if match["h"]:
        return int(match["h"]) * 60 + int(match["m"] or 0)
    hours, _sep, fraction = match["dec"].replace(",", ".").partition(".")
    fraction = (fraction + "00")[:2]
    return int(hours) * 60 + (int(fraction) * 60 + 50) // 100


class DurationField(forms.CharField):
    """A duration typed as hours and minutes; cleaned to whole minutes."""

    def __init__(self, *args, **kwargs) -> None:
        # The cleaned value is an int: a length validator would choke on it.
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.widget.attrs["maxlength"] = "20"

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        minutes = parse_duration(value[:20])
        if minutes is None:
            raise ValidationError(_("Enter a duration like 1:30, 1.5h or 90m."))
        return minutes


class WeekField(forms.CharField):
    """A week as any of its days (``YYYY-MM-DD``) or ``YYYY-Www``; cleaned to
    its Monday."""

    def __init__(self, *args, **kwargs) -> None:
        # The cleaned value is a date: a length validator would choke on it.
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        week = parse_week(value[:12])
        if week is None:
            raise ValidationError(_("Enter a week as a date, e.g. 2026-11-23."))
        return week


INTERNAL_LABEL = _("Internal")


class ClientChoiceField(PickerField):
    """An active (not archived) client, searched as one types; left empty, it
    is internal time (``empty_label`` is the input's placeholder). A form
    given the ``viewer`` resolves only the clients that person may see."""

    def __init__(self, *args, empty_label=INTERNAL_LABEL, **kwargs) -> None:
        kwargs.setdefault("required", False)
        attrs = {"placeholder": empty_label} if empty_label else None
        super().__init__("active-clients", *args, attrs=attrs, **kwargs)


class PersonChoiceField(PickerField):
    """A member of staff, searched by name or e-mail address as one types
    (only active staff with ``active_only``)."""

    def __init__(
        self, *args, active_only: bool = False, empty_label=None, **kwargs
    ) -> None:
        attrs = {"placeholder": empty_label} if empty_label else None
        name = "staff" if active_only else "all-staff"
        super().__init__(name, *args, attrs=attrs, **kwargs)


class ClientFilterField(PickerField):
    """A client of a list's filter (archived ones too), or "internal" for
    time of no client."""

    INTERNAL = "internal"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(
            "clients", *args, attrs={"placeholder": _("All clients")}, **kwargs
        )

    def to_python(self, value):
        typed = value.strip().lower() if isinstance(value, str) else value
        if typed in (self.INTERNAL, str(INTERNAL_LABEL).lower()):
            return self.INTERNAL
        return super().to_python(value)

    def prepare_value(self, value):
        if value == self.INTERNAL:
            return value
        return super().prepare_value(value)


class TimeEntryForm(Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    client = ClientChoiceField(label=_("Client"))
    project = forms.CharField(label=_("Project"), required=False, max_length=120)
    duration = DurationField(label=_("Duration"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    is_billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "day": data["day"],
            "client": data["client"],
            "project": data["project"],
            "minutes": data["duration"],
            "note": data["note"],
            "is_billable": data["is_billable"],
        }


class TimerForm(Form):
    client = ClientChoiceField(label=_("Client"))
    project = forms.CharField(label=_("Project"), required=False, max_length=120)
    note = forms.CharField(
        label=_("What are you working on?"), required=False, max_length=500
    )
    # A ticket by its number, among those the viewer may see (the form narrows
    # the queryset); typed, not picked from a list of every ticket.
    ticket = forms.ModelChoiceField(
        label=_("Ticket number"),
        required=False,
        queryset=tickets_for_page(),
        to_field_name="number",
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("No ticket you can see has that number.")},
    )
    # A project's task (the task page's button), among those the viewer sees.
    task = forms.ModelChoiceField(
        label=_("Task"),
        required=False,
        queryset=Task.objects.select_related("project__client", "ticket__client"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("No task you can see has that number.")},
    )
    is_billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)


class TaskTimeForm(Form):
    """Time logged from a task's page: the task gives the client and ticket."""

    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    duration = DurationField(label=_("Duration"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    is_billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)


class EntryFilterForm(Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    client = ClientFilterField(
        label=_("Client"),
        help_text=_("A client, or “internal” for time of no client."),
    )
    person = PersonChoiceField(
        label=_("Person"), required=False, empty_label=_("Everyone")
    )


class RateForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Rate.Kind.choices)
    person = PersonChoiceField(label=_("Person"), required=False, empty_label="—")
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", "—"), *Role.choices]
    )
    client = ClientChoiceField(
        label=_("Client (override)"), empty_label=_("Any client")
    )
    hourly_amount = forms.DecimalField(
        label=_("Per hour"), max_digits=12, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *CURRENCY_CHOICES], required=False
    )
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["user"] = data.pop("person")
        return data


class ExchangeRateForm(Form):
    from_currency = forms.ChoiceField(
        label=pgettext_lazy("currency", "From"), choices=CURRENCY_CHOICES
    )
    to_currency = forms.ChoiceField(
        label=pgettext_lazy("currency", "To"), choices=CURRENCY_CHOICES
    )
    rate = forms.DecimalField(
        label=_("Rate (1 unit of From in To)"),
        max_digits=20,
        decimal_places=8,
        min_value=0,
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class BudgetForm(Form):
    client = ClientChoiceField(label=_("Client"), required=True, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Budget.Kind.choices)
    month = forms.CharField(
        label=_("Month (retainer)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    project = forms.CharField(label=_("Project"), required=False, max_length=120)
    hours = DurationField(label=_("Hours"), required=False, max_length=20)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *CURRENCY_CHOICES], required=False
    )
    rolls_over = forms.BooleanField(label=_("Unused hours roll over"), required=False)
    client_alert_percent = forms.IntegerField(
        # xgettext:no-python-format
        label=_("Tell the client at (% of hours used)"),
        help_text=_(
            "Retainers: an e-mail to the client's billing contacts and decision "
            "makers, once a month. Empty: the client is not told."
        ),
        min_value=1,
        max_value=100,
        required=False,
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "client": data["client"],
            "kind": data["kind"],
            "month": parse_month(data["month"]),
            "project": data["project"],
            "minutes": data["hours"] or 0,
            "amount": data["amount"] or 0,
            "currency": data["currency"],
            "rolls_over": data["rolls_over"],
            "client_alert_percent": data["client_alert_percent"],
        }


class WeekDecideForm(Form):
    """Approve or reopen one week from the approvals list."""

    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reopen", _("Reopen"))],
        error_messages={
            "required": _("Choose approve or reopen."),
            "invalid_choice": _("Choose approve or reopen."),
        },
    )


class WeeksDecideForm(Form):
    """The ticked weeks of the approvals page or the home: the service says what
    is wrong with a choice (none, gone, no longer waiting)."""

    week = forms.ModelMultipleChoiceField(
        queryset=TimesheetWeek.objects.all(),
        required=False,
        error_messages={
            "invalid_pk_value": _("Choose weeks from the list."),
            "invalid_choice": _(
                "Some of the chosen weeks no longer exist; nothing was changed."
            ),
        },
    )
    action = forms.CharField(required=False, max_length=20)
    reason = forms.CharField(required=False, max_length=500)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "timesheet_ids": [week.pk for week in data["week"]],
            "action": data["action"],
            "reason": data["reason"],
        }


class WeekSubmitForm(Form):
    week = WeekField(error_messages={"required": _("Choose a week.")})
