"""Forms of deliverables and approvals: shape only; the rules are the
services' (work/services/approvals.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Contact
from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField

from .models import ApprovalRequest, Milestone, Task


class VersionForm(Form):
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("Or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A page, a shared folder or a preview address."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeliverableForm(VersionForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    milestone = forms.ModelChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("No milestone"),
    )
    field_order = ["title", "milestone", "file", "link", "note"]

    def __init__(self, *args, task: Task, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(
            project_id=task.project_id
        )


def client_contacts(client_id: int):
    """The active contacts of a client, by name (those a round may ask)."""
    return (
        Contact.objects.filter(client_id=client_id, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


class SendForm(Form):
    contacts = forms.ModelMultipleChoiceField(
        label=_("Send to"),
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message to the client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, client_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = client_contacts(client_id)


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=ApprovalRequest.Decision.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for changes."),
    )


class ApprovalFilterForm(Form):
    client = PickerField(
        "clients",
        label=_("Client"),
        required=False,
        attrs={"placeholder": _("Any client")},
    )
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("waiting", _("Waiting on the client")),
            ("overdue", _("Overdue")),
            ("decided", _("Decided")),
            ("all", _("All")),
        ],
    )
    mine = forms.BooleanField(label=_("Only my clients"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
