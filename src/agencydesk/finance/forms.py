"""Forms of contracts, documents and contractors: shape and choices only;
the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agencydesk.core.forms import Form
from agencydesk.core.money import CURRENCY_CHOICES
from agencydesk.core.pickers import PickerField
from agencydesk.work.models import Project

from .models import Contract, Contractor, Document

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=14, decimal_places=2, min_value=0, **kwargs
    )


def _percent_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        initial=0,
    )


class ContractTermsForm(Form):
    """The terms of a contract (its party is chosen once, at creation)."""

    number = forms.CharField(label=_("Number"), max_length=60)
    date = forms.DateField(label=_("Date"), **_DATE)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    amount = _money_field(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    tax_rate = _percent_field(_("Tax rate %"))
    deposit_percent = _percent_field(_("Deposit %"))
    net_days = forms.IntegerField(
        label=_("Payment due in (days)"), min_value=0, max_value=365, initial=14
    )
    payment_schedule = forms.CharField(
        label=_("Payment schedule"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        # xgettext:no-python-format
        help_text=_("For example: 30% on signing, the rest monthly."),
    )
    start = forms.DateField(label=_("Start"), required=False, **_DATE)
    end = forms.DateField(label=_("End"), required=False, **_DATE)
    signature = forms.ChoiceField(
        label=_("Signature"), choices=Contract.Signature.choices
    )


class ContractCreateForm(ContractTermsForm):
    client = PickerField(
        "active-clients",
        label=_("Client"),
        required=False,
        attrs={"placeholder": _("A client, or leave empty for a contractor")},
    )
    contractor = forms.ModelChoiceField(
        label=_("Contractor"),
        queryset=Contractor.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    file = forms.FileField(label=_("Contract file"), required=False)

    field_order = ["client", "contractor"]


class ContractEditForm(ContractTermsForm):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, contract: Contract, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A client contract links that client's projects (a short list).
        if contract.client_id:
            self.fields["projects"].queryset = Project.objects.filter(
                client_id=contract.client_id
            ).order_by("name")
        else:
            del self.fields["projects"]


class ContractStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Contract.Status.choices)


class ContractFileForm(Form):
    file = forms.FileField(label=_("New version"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class DocumentForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), **_DATE)
    form = forms.ChoiceField(label=_("Form"), choices=Document.Form.choices)
    signed_by_us = forms.BooleanField(label=_("Signed by us"), required=False)
    signed_by_them = forms.BooleanField(label=_("Signed by them"), required=False)
    expected_from_them = forms.CharField(
        label=_("Expected from the other side"), max_length=500, required=False
    )
    expected_by = forms.DateField(label=_("Expected by"), required=False, **_DATE)
    original_holder = PickerField("staff", label=_("Original held by"), required=False)
    original_location = forms.CharField(
        label=_("Where the original is"), max_length=200, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Document.Status.choices)


class _FilterForm(Form):
    client = PickerField(
        "clients", label=_("Client"), required=False, attrs={"placeholder": _("All")}
    )
    contractor = forms.ModelChoiceField(
        label=_("Contractor"),
        queryset=Contractor.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    party = forms.ChoiceField(
        label=_("Party"),
        required=False,
        choices=[
            ("", _("Clients and contractors")),
            ("client", _("Clients")),
            ("contractor", _("Contractors")),
        ],
    )

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid filter filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "client_id": data["client"].pk if data["client"] else None,
            "contractor_id": data["contractor"].pk if data["contractor"] else None,
            "party_kind": data["party"],
            **self.more_filters(data),
        }

    def more_filters(self, data: dict) -> dict:
        return {}


class ContractFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Contract.Status.choices],
    )

    def more_filters(self, data: dict) -> dict:
        return {"status": data["status"]}


class DocumentFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), *Document.Kind.choices],
    )
    manager = PickerField(
        "staff",
        label=_("Account manager"),
        required=False,
        attrs={"placeholder": _("All")},
    )
    overdue = forms.BooleanField(
        label=_("Only overdue from the other side"), required=False
    )

    def more_filters(self, data: dict) -> dict:
        return {
            "kind": data["kind"],
            "manager_id": data["manager"].pk if data["manager"] else None,
            "overdue": data["overdue"],
        }


class ManagerForm(Form):
    manager = PickerField(
        "staff",
        label=_("Account manager"),
        required=False,
        attrs={"placeholder": _("All")},
    )


class ContractorForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", "—"), *countries], required=False
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    bank_details = forms.CharField(
        label=_("Bank details"),
        required=False,
        max_length=2000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_(
            "Stored encrypted. Left empty when changing a contractor, the "
            "stored details are kept."
        ),
    )
    clear_bank_details = forms.BooleanField(
        label=_("Remove the stored bank details"), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def service_kwargs(self, *, creating: bool) -> dict:
        data = dict(self.cleaned_data)
        clear = data.pop("clear_bank_details")
        details = data.pop("bank_details")
        if creating:
            data["bank_details"] = details
        elif clear or details:
            data["bank_details"] = "" if clear else details
        return data


class ProfitabilityForm(Form):
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    client = PickerField(
        "clients", label=_("Client"), required=False, attrs={"placeholder": _("All")}
    )
    manager = PickerField(
        "staff",
        label=_("Account manager"),
        required=False,
        attrs={"placeholder": _("All")},
    )
