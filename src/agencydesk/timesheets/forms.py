"""Forms of time tracking: shape and choices only; rules live in the services."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer
from agencydesk.core.forms import Form
from agencydesk.core.money import CURRENCY_CHOICES
from agencydesk.people.models import User
from agencydesk.people.roles import Role

from .models import Budget, Rate

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


def client_choices(blank_label, viewer: Viewer | None = None) -> list[tuple[str, str]]:
    """Active clients to choose from: those the viewer may see, when given."""
    clients = Client.objects.exclude(status=Client.Status.ARCHIVED)
    if viewer is not None:
        clients = clients.visible_to(viewer)
    clients = clients.order_by("name").values_list("pk", "name")
    return [("", blank_label), *((str(pk), name) for pk, name in clients)]


class ClientChoiceField(forms.TypedChoiceField):
    """A client by id; the empty choice is internal time."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


def client_by_id(client_id):
    """The client of an id chosen in a form, or None (internal)."""
    return Client.objects.filter(pk=client_id).first() if client_id else None


class TimeEntryForm(Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    client = ClientChoiceField(label=_("Client"))
    project = forms.CharField(label=_("Project"), required=False, max_length=120)
    duration = DurationField(label=_("Duration"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    is_billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = client_choices(_("Internal"), self.viewer)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "day": data["day"],
            "client": client_by_id(data["client"]),
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
    ticket = forms.IntegerField(
        label=_("Ticket number"), required=False, min_value=1, max_value=2**31 - 1
    )
    is_billable = forms.BooleanField(label=_("Billable"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = client_choices(_("Internal"), self.viewer)


class EntryFilterForm(Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    client = forms.ChoiceField(label=_("Client"), required=False)
    person = forms.TypedChoiceField(
        label=_("Person"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [
            *client_choices(_("All clients"), self.viewer),
            ("internal", _("Internal")),
        ]
        self.fields["person"].choices = [
            ("", _("Everyone")),
            *User.objects.filter(is_staff=True)
            .order_by("full_name")
            .values_list("pk", "full_name"),
        ]


class RateForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Rate.Kind.choices)
    person = forms.TypedChoiceField(
        label=_("Person"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", "—"), *Role.choices]
    )
    client = ClientChoiceField(label=_("Client (override)"))
    hourly_amount = forms.DecimalField(
        label=_("Per hour"), max_digits=12, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *CURRENCY_CHOICES], required=False
    )
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = client_choices(_("Any client"), self.viewer)
        self.fields["person"].choices = [
            ("", "—"),
            *User.objects.filter(is_staff=True)
            .order_by("full_name")
            .values_list("pk", "full_name"),
        ]


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
    client = forms.TypedChoiceField(label=_("Client"), coerce=int)
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = client_choices("—", self.viewer)[1:]
