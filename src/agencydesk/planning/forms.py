"""Forms of planning: shape and choices only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import TeamMember
from agencydesk.core.forms import Form
from agencydesk.people.roles import Role
from agencydesk.timesheets.forms import (
    ClientChoiceField,
    DurationField,
    PersonChoiceField,
    WeekField,
)
from agencydesk.work.models import Project, ProjectTemplate

from .models import Leave


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
    client = ClientChoiceField(label=_("Client"), empty_label=_("All clients"))
    team = ClientChoiceField(label=_("Team of"), empty_label=_("Any team"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v}
        # The planner narrows by id; the pickers clean to the client.
        for name in ("client", "team"):
            if name in data:
                data[name] = data[name].pk
        return data


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
    # Sent by "Book anyway" after an overload refusal, which lands here.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if (data.get("hours") is None) == (data.get("percent") is None):
            raise ValidationError(_("Enter either hours or a percentage."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "client": data["client"],
            "project": data["project"],
            "minutes": data["hours"],
            "percent": data["percent"],
            "is_tentative": data["is_tentative"],
            "note": data["note"],
            "confirm": data["confirm"],
        }


class AllocationActionForm(Form):
    """A booking's buttons in the cell editor: confirm, release, delete, or
    change its hours (or percent); ``confirm`` after an overload refusal."""

    action = forms.ChoiceField(
        choices=[
            ("confirm", _("Confirm")),
            ("release", _("Release")),
            ("delete", _("Delete")),
            ("update", _("Change")),
        ],
        error_messages={
            "required": _("Choose confirm, release, change or delete."),
            "invalid_choice": _("Choose confirm, release, change or delete."),
        },
    )
    hours = DurationField(label=_("Hours"), required=False)
    percent = forms.DecimalField(
        # xgettext:no-python-format
        label=_("or % of the week"),
        required=False,
        min_value=0,
        max_value=200,
        decimal_places=2,
    )
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "update" and (
            (data.get("hours") is None) == (data.get("percent") is None)
        ):
            raise ValidationError(_("Enter either hours or a percentage."))
        return data


class PlanRangeForm(AllocationForm):
    person = PersonChoiceField(label=_("Person"), active_only=True, empty_label=None)
    first_week = WeekField(
        label=_("First week"),
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52, initial=4)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **super().service_kwargs(),
            "user": data["person"],
            "first_week": data["first_week"],
            "weeks": data["weeks"],
        }


class CopyWeekForm(Form):
    source = WeekField(
        error_messages={"required": _("Choose the week to copy.")},
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
    person = PersonChoiceField(
        label=_("Person"), required=False, active_only=True, empty_label=_("Myself")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Leave.Kind.choices)
    start = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class LeaveDecideForm(Form):
    """A leave row's buttons: approve, reject or cancel."""

    action = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("cancel", _("Cancel")),
        ],
        error_messages={
            "required": _("Choose approve, reject or cancel."),
            "invalid_choice": _("Choose approve, reject or cancel."),
        },
    )


class MonthForm(Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.client.name} · {obj.name}"


# How far from today a what-if may start: keeps the date arithmetic sane.
WHAT_IF_YEARS = 5


class WhatIfForm(Form):
    """The planner's "what if" (GET, nothing saved): a project template or a
    planned project, the day it would start, and for a template who takes each
    team role."""

    template = forms.ModelChoiceField(
        label=_("Project template"),
        queryset=ProjectTemplate.objects.order_by("name"),
        required=False,
        empty_label=_("No template"),
        error_messages={"invalid_choice": _("Choose one of the project templates.")},
    )
    project = ProjectChoiceField(
        label=_("or a planned project"),
        queryset=Project.objects.filter(status=Project.Status.PLANNED)
        .select_related("client")
        .order_by("client__name", "name", "pk"),
        required=False,
        empty_label=_("No project"),
        error_messages={
            "invalid_choice": _("Choose one of the planned projects you may see.")
        },
    )
    start = forms.DateField(
        label=_("Starting on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the day the project would start."),
            "invalid": _("Enter the start as a date, e.g. 2026-11-23."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for role, label in TeamMember.Role.choices:
            field = PersonChoiceField(label=label, required=False, active_only=True)
            field.viewer = self.viewer or field.viewer
            self.fields[role] = field

    def team_fields(self) -> list:
        return [self[role] for role in TeamMember.Role.values]

    def clean(self):
        data = super().clean()
        if bool(data.get("template")) == bool(data.get("project")):
            raise ValidationError(
                _("Choose either a project template or a planned project.")
            )
        start = data.get("start")
        today = timezone.localdate()
        if start and abs((start - today).days) > WHAT_IF_YEARS * 366:
            self.add_error(
                "start",
                _("Choose a start within %(years)d years of today.")
                % {"years": WHAT_IF_YEARS},
            )
        return data

    def what_if_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "start": data["start"],
            "template": data["template"],
            "project": data["project"],
            "team": {
                role: data[role] for role in TeamMember.Role.values if data.get(role)
            },
        }
