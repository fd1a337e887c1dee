"""Forms of the complaint and risk pages; the choices of clients and people
are narrowed to what the viewer may use."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form

from .models import SCALE, Complaint, Risk
from .selectors import clients_for_choice, staff_for_choice

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _people_field(label, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=staff_for_choice(), required=required
    )


class ComplaintForm(Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the client said"), widget=forms.Textarea, max_length=10000
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (Complaint.Source.CALL, Complaint.Source.CALL.label),
            (Complaint.Source.OTHER, Complaint.Source.OTHER.label),
        ],
    )
    owner = _people_field(_("Owner"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients_for_choice(self.viewer)
        self.fields["owner"].help_text = _("Empty: you.")


class ComplaintFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Complaint.Status.choices],
    )
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=None, required=False, empty_label=_("All")
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients_for_choice(self.viewer)
        self.fields["owner"].queryset = staff_for_choice()

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid filter filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "client_id": data["client"].pk if data["client"] else None,
            "owner_id": data["owner"].pk if data["owner"] else None,
        }


class ResolveForm(Form):
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea, max_length=10000
    )


class CloseForm(Form):
    client_confirmed = forms.BooleanField(
        label=_("The client confirmed the resolution"), required=False
    )
    client_confirmed_on = forms.DateField(
        label=_("Confirmed on"), required=False, **_DATE
    )


class EscalateForm(Form):
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea, max_length=5000)


class RiskForm(Form):
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=None,
        required=False,
        empty_label=_("The agency (no client)"),
    )
    title = forms.CharField(label=_("Risk"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Risk.Category.choices)
    probability = forms.TypedChoiceField(
        label=_("Probability (1–5)"), choices=SCALE, coerce=int
    )
    impact = forms.TypedChoiceField(label=_("Impact (1–5)"), choices=SCALE, coerce=int)
    owner = _people_field(_("Owner"), required=False)
    mitigation = forms.CharField(
        label=_("Mitigation"), widget=forms.Textarea, required=False, max_length=10000
    )
    contingency = forms.CharField(
        label=_("Contingency plan"),
        widget=forms.Textarea,
        required=False,
        max_length=10000,
    )
    review_date = forms.DateField(label=_("Review date"), required=False, **_DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Risk.Status.choices)
    what_happened = forms.CharField(
        label=_("What happened (a materialised risk)"),
        widget=forms.Textarea,
        required=False,
        max_length=10000,
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["client"]
        else:
            self.fields["client"].queryset = clients_for_choice(self.viewer)


class RiskFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Risk.Status.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All")), *Risk.Category.choices],
    )
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients_for_choice(self.viewer)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "category": data["category"],
            "client_id": data["client"].pk if data["client"] else None,
        }
