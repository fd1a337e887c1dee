from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, Contact
from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField, PickerMultipleField
from agencydesk.work.models import Project
from agencydesk.work.selectors import open_projects_of

from .models import MeetingKind


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes long"), min_value=5, max_value=600, initial=60
    )
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    rrule = forms.CharField(
        label=_("Repeats (RRULE)"),
        max_length=200,
        required=False,
        help_text=_("e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10 — empty for a single meeting."),
    )
    staff = PickerMultipleField(
        "staff",
        label=_("Agency attendees"),
        add_label=_("Add a person"),
        required=False,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Client attendees"), queryset=Contact.objects.none(), required=False
    )

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = (
            Contact.objects.filter(client=client)
            .select_related("user")
            .order_by("user__full_name")
        )


def meeting_initial(meeting) -> dict:
    """The edit form as the meeting stands."""
    return {
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "rrule": meeting.rrule,
        "staff": list(meeting.staff.all()),
        "contacts": list(meeting.contacts.all()),
    }


class MinutesForm(Form):
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionItemForm(Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = PickerField("staff", label=_("Owner"), required=False)
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AgendaTemplateForm(Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One point per line."),
    )


class ActionTaskForm(Form):
    """ "Make a task" of an action item: a project of the meeting's client."""

    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none()
    )

    def __init__(self, *args, client: Any, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        projects = open_projects_of(client)
        if self.viewer is not None:
            projects = projects.visible_to(self.viewer)
        self.fields["project"].queryset = projects
