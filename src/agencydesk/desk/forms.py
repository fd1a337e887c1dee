"""Forms of the staff desk: shape and choices only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form, KeptModelChoiceField
from agencydesk.core.pickers import PickerField

from .models import (
    REQUEST_TYPES,
    Channel,
    Priority,
    RequestType,
    SlaState,
    Stage,
    Status,
    Ticket,
)
from .selectors import SAVED_VIEWS

SAVED_VIEW_LABELS = {
    "mine": _("Mine"),
    "waiting": _("Waiting on customer"),
    "breaching": _("Breaching soon"),
    "unassigned": _("Unassigned"),
}


def _blank(label):
    return [("", label)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class QueueFilterForm(Form):
    view = forms.ChoiceField(
        required=False, choices=[("", _("All")), *SAVED_VIEW_LABELS.items()]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    client = PickerField(
        "clients",
        label=_("Client"),
        required=False,
        attrs={"placeholder": _("Any client")},
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=_blank(_("Any stage")) + Stage.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active")), *Status.choices, ("all", _("Any status"))],
    )
    assignee = PickerField(
        "all-staff",
        label=_("Assignee"),
        required=False,
        attrs={"placeholder": _("Anyone")},
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=_blank(_("Any priority")) + Priority.choices,
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=_blank(_("Any channel")) + Channel.choices,
    )
    sla = forms.ChoiceField(
        label=_("SLA"),
        required=False,
        choices=_blank(_("Any SLA state")) + SlaState.choices,
    )
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("Tag")}),
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("updated", _("Recently updated")),
            ("created", _("Newest")),
            ("due", _("Due soonest")),
            ("number", _("Number")),
        ],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        # The queue filters by id; the pickers clean to the row.
        for name in ("client", "assignee"):
            if name in data:
                data[name] = data[name].pk
        if data.get("view") not in SAVED_VIEWS:
            data.pop("view", None)
        return data


class TicketCreateForm(Form):
    """A request taken by phone, in a meeting or otherwise on a contact's behalf."""

    requester = PickerField(
        "contacts",
        label=_("Requester"),
        help_text=_("Type a name, an e-mail address or the client's name."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (c.value, c.label)
            for c in (
                Channel.PHONE,
                Channel.MEETING,
                Channel.EMAIL,
                Channel.WHATSAPP,
                Channel.INTERNAL,
            )
        ],
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    request_type = KeptModelChoiceField(
        RequestType.objects.filter(is_active=True),
        group=REQUEST_TYPES,
        label=_("Request type"),
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20000,
    )
    attachments = MultipleFileField(label=_("Attachments"))


class VersionedForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class MoveForm(VersionedForm):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AssignForm(VersionedForm):
    analyst = PickerField("staff", label=_("Responsible analyst"), required=False)
    production_owner = PickerField("staff", label=_("Production owner"), required=False)


class PromiseForm(VersionedForm):
    promised_date = forms.DateField(
        label=_("Promised delivery"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class UpdateForm(VersionedForm):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    estimate_hours = forms.DecimalField(
        label=_("Estimate (hours)"),
        required=False,
        min_value=0,
        max_value=2000,
        decimal_places=2,
    )
    request_type = KeptModelChoiceField(
        RequestType.objects.filter(is_active=True),
        group=REQUEST_TYPES,
        label=_("Request type"),
        required=False,
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Comma-separated.")
    )

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class MessageForm(Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=50000
    )
    is_internal = forms.BooleanField(
        label=_("Internal note (never shown to the client)"), required=False
    )
    attachments = MultipleFileField(label=_("Attachments"))
    # Sent with the reply, so the client gets one mail with both.
    status = forms.ChoiceField(
        label=_("Then set the status"),
        required=False,
        choices=_blank(_("Keep the status")) + Status.choices,
    )


class BulkForm(Form):
    """The queue's bulk bar: tickets are looked up among those the viewer's
    queue shows, so a posted number of another client's ticket is refused."""

    tickets = forms.ModelMultipleChoiceField(
        queryset=Ticket.objects.none(), to_field_name="number"
    )
    action = forms.ChoiceField(choices=[("assign", _("Assign")), ("move", _("Move"))])
    analyst = PickerField("staff", required=False)
    stage = forms.ChoiceField(required=False, choices=_blank("—") + Stage.choices)
    status = forms.ChoiceField(required=False, choices=_blank("—") + Status.choices)

    def __init__(self, *args, tickets=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if tickets is not None:
            self.fields["tickets"].queryset = tickets

    def clean(self):
        data = super().clean()
        if data.get("action") == "assign" and not data.get("analyst"):
            self.add_error("analyst", _("Choose whom to assign the tickets to."))
        if data.get("action") == "move" and not (
            data.get("stage") or data.get("status")
        ):
            self.add_error("stage", _("Choose a stage or a status to move them to."))
        data["stage"] = data.get("stage") or None
        data["status"] = data.get("status") or None
        return data


class SlaReportForm(Form):
    client = PickerField("clients", label=_("Client"))
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class TriageForm(Form):
    client = PickerField("clients", label=_("Client"))


class ReviewForm(Form):
    """Accept or discard mail held because its sender was not verified."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("discard", _("Discard"))],
        error_messages={"required": _("Choose accept or discard.")},
    )


class StepDoneForm(Form):
    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", empty_value=False
    )


class ReleaseForm(Form):
    """Let a held inbound message through, or discard it (kept either way)."""

    decision = forms.ChoiceField(
        required=False, choices=[("release", _("Release")), ("discard", _("Discard"))]
    )
