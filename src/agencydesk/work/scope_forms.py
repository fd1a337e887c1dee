"""Forms of the scope and change-request pages: shape only."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Contact
from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField
from agencydesk.people.roles import Role

from .models import (
    Area,
    ChangeRequest,
    Milestone,
    Project,
    ScopePeriod,
    ScopeUnit,
    Sow,
    SowLine,
)

TEXT = {"rows": 3}
CR_ROLES = [Role.ACCOUNT_MANAGER, Role.SPECIALIST, Role.AGENCY_LEAD]


class SowFilterForm(Form):
    client = PickerField(
        "clients",
        label=_("Client"),
        required=False,
        attrs={"placeholder": _("Any client")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Sow.Status.choices],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class ChangeRequestFilterForm(SowFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ChangeRequest.Status.choices],
    )


class SowEditForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    exclusions = forms.CharField(
        label=_("Not included"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    phase_two = forms.CharField(
        label=_("Phase 2 wish list"), required=False, widget=forms.Textarea(attrs=TEXT)
    )


class SowCreateForm(SowEditForm):
    client = PickerField("active-clients", label=_("Client"))

    field_order = ["client", "title", "exclusions", "phase_two"]


class LineForm(Form):
    what = forms.CharField(label=_("What"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100000),
        decimal_places=2,
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=ScopeUnit.choices)
    period = forms.ChoiceField(label=_("Period"), choices=ScopePeriod.choices)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label=_("Any area"),
    )


class ContactChoiceForm(Form):
    """A contact of one client (a short list: a select)."""

    contact = forms.ModelChoiceField(
        label=_("Send to"), queryset=Contact.objects.none()
    )

    def __init__(self, *args, client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.filter(client=client, user__is_active=True)
            .select_related("user")
            .order_by("user__full_name")
        )


class ChangeRequestForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    shift_days = forms.IntegerField(
        label=_("Deadline shift (business days)"),
        min_value=0,
        max_value=250,
        initial=0,
    )
    milestones = forms.ModelMultipleChoiceField(
        label=_("Affected milestones"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project: Project | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["milestones"].queryset = Milestone.objects.filter(
                project=project
            )
        for role in CR_ROLES:
            self.fields[f"hours_{role.value}"] = forms.DecimalField(
                label=_("Hours: %(role)s") % {"role": role.label},
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(10000),
                decimal_places=2,
            )

    def clean(self) -> dict:
        data = super().clean()
        data["hours_by_role"] = {
            role.value: data.pop(f"hours_{role.value}", None) for role in CR_ROLES
        }
        return data


def change_request_initial(change_request: ChangeRequest) -> dict:
    initial = {
        "title": change_request.title,
        "description": change_request.description,
        "reason": change_request.reason,
        "shift_days": change_request.shift_days,
        "milestones": list(change_request.milestones.all()),
    }
    for role, minutes in (change_request.hours_by_role or {}).items():
        initial[f"hours_{role}"] = round(Decimal(minutes) / 60, 2)
    return initial


class ChangeRequestLineForm(LineForm):
    sow_line = forms.ModelChoiceField(
        label=_("Adds to the line"),
        queryset=SowLine.objects.none(),
        required=False,
        empty_label=_("None: a new line"),
    )
    what = forms.CharField(label=_("What"), max_length=200, required=False)

    def __init__(self, *args, sow: Sow | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if sow is not None:
            self.fields["sow_line"].queryset = SowLine.objects.filter(sow=sow)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("sow_line") and not data.get("what"):
            self.add_error("what", _("Say what the new line is."))
        return data


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
    )

    def clean(self) -> dict:
        data = super().clean()
        data["approve"] = data.pop("decision", "") == "approve"
        return data


class ConfirmForm(Form):
    confirm = forms.BooleanField(
        label=_("I have read the statement of work and confirm it"), required=True
    )

    def clean(self) -> dict:
        data = super().clean()
        data.pop("confirm", None)
        return data
