"""Forms of planning: shape and choices only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.timesheets.forms import (
    ClientChoiceField,
    DurationField,
    client_by_id,
    client_choices,
)
from agencydesk.timesheets.weeks import parse_week

from .models import Leave


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


def staff_choices(blank) -> list:
    return [
        ("", blank),
        *User.objects.filter(is_staff=True, is_active=True)
        .order_by("full_name")
        .values_list("pk", "full_name"),
    ]


class PlannerFilterForm(Form):
    start = WeekField(
        label=_("From week"),
        required=False,
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    client = forms.TypedChoiceField(
        label=_("Client"), required=False, coerce=int, empty_value=None
    )
    team = forms.TypedChoiceField(
        label=_("Team of"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = client_choices(_("All clients"), self.viewer)
        self.fields["team"].choices = client_choices(_("Any team"), self.viewer)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class AllocationForm(Form):
    client = ClientChoiceField(label=_("Client"))
    project = forms.CharField(label=_("Project"), required=False, max_length=120)
    hours = DurationField(label=_("Hours"), required=False, max_length=20)
    percent = forms.DecimalField(
        # xgettext:no-python-format
        label=_("or % of the week"),
        required=False,
        min_value=0,
        max_value=200,
        decimal_places=2,
    )
    is_tentative = forms.BooleanField(label=_("Tentative"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = client_choices(_("Internal"), self.viewer)

    def clean(self):
        data = super().clean()
        if (data.get("hours") is None) == (data.get("percent") is None):
            raise ValidationError(_("Enter either hours or a percentage."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "client": client_by_id(data["client"]),
            "project": data["project"],
            "minutes": data["hours"],
            "percent": data["percent"],
            "is_tentative": data["is_tentative"],
            "note": data["note"],
        }


class AllocationResizeForm(Form):
    hours = DurationField(label=_("Hours"), required=False)
    percent = forms.DecimalField(
        # xgettext:no-python-format
        label=_("or % of the week"),
        required=False,
        min_value=0,
        max_value=200,
        decimal_places=2,
    )

    def clean(self):
        data = super().clean()
        if (data.get("hours") is None) == (data.get("percent") is None):
            raise ValidationError(_("Enter either hours or a percentage."))
        return data


class PlanRangeForm(AllocationForm):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    first_week = WeekField(
        label=_("First week"),
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52, initial=4)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = staff_choices("—")[1:]


class CopyWeekForm(Form):
    source = WeekField(
        label=_("Copy the week of"),
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    target = WeekField(
        label=_("Into the week of"),
        required=False,
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class LeaveForm(Form):
    person = forms.TypedChoiceField(
        label=_("Person"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Leave.Kind.choices)
    start = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = staff_choices(_("Myself"))


class MonthForm(Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
