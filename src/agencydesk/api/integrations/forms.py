"""The integration pages' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField, PickerMultipleField
from agencydesk.people.models import User

from .services import ROLES

KIND_CHOICES = [
    (User.Integration.AGENCY.value, _("Agency-wide: every client its role sees")),
    (User.Integration.CLIENTS.value, _("Only the clients chosen below")),
    (
        User.Integration.CONTACT.value,
        _("A client's contact: sees what a contact of that client sees"),
    ),
]


class IntegrationForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("The system it is for, e.g. the client's task manager."),
    )
    kind = forms.ChoiceField(
        label=_("Acts as"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        initial=User.Integration.AGENCY.value,
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", "—"), *((r.value, r.label) for r in ROLES)],
        required=False,
        help_text=_("What it may do, as a person of this role (not for contacts)."),
    )
    clients = PickerMultipleField(
        "active-clients",
        label=_("Clients"),
        add_label=_("Add a client"),
        required=False,
        help_text=_("For “only the clients chosen”: it sees no other client."),
    )
    client = PickerField(
        "active-clients",
        label=_("Client of the contact"),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind in (User.Integration.AGENCY, User.Integration.CLIENTS) and not data.get(
            "role"
        ):
            self.add_error("role", _("Choose the role it acts under."))
        if kind == User.Integration.CLIENTS and not data.get("clients"):
            self.add_error("clients", _("Choose the clients it may work on."))
        if kind == User.Integration.CONTACT and not data.get("client"):
            self.add_error("client", _("Choose the client it is a contact of."))
        return data


class IntegrationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("Search by name")}
        ),
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("Active")),
            ("deactivated", _("Deactivated")),
            ("all", _("All")),
        ],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
