"""Forms of the project and task pages: shape only; the rules are the
services'."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField, PickerMultipleField

from .models import (
    Area,
    Method,
    Milestone,
    Phase,
    Project,
    ProjectTemplate,
    Task,
    TaskStatus,
)

DATE = {"type": "date"}


class ProjectFilterForm(Form):
    client = PickerField(
        "clients",
        label=_("Client"),
        required=False,
        attrs={"placeholder": _("Any client")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Project.Status.choices],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class ProjectCreateForm(Form):
    client = PickerField("active-clients", label=_("Client"))
    name = forms.CharField(label=_("Name"), max_length=200)
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ProjectTemplate.objects.order_by("name"),
        required=False,
        empty_label=_("No template: an empty project"),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    start = forms.DateField(
        label=_("Start"),
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Dates from a template land on the client's working days."),
    )
    owner = PickerField("staff", label=_("Owner (account manager)"))


class ProjectEditForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    owner = PickerField("staff", label=_("Owner (account manager)"))


class TaskForm(Form):
    """A task's fields; the phase and milestone are the project's."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label=_("No area"),
    )
    owner = PickerField("staff", label=_("Owner"), required=False)
    collaborators = PickerMultipleField(
        "staff",
        label=_("Collaborators"),
        add_label=_("Add a person"),
        required=False,
    )
    start = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    estimate_hours = forms.DecimalField(
        label=_("Estimate (hours)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10000),
        decimal_places=2,
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.none(),
        required=False,
        empty_label=_("No phase"),
    )
    milestone = forms.ModelChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("No milestone"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.filter(project=project)
        self.fields["milestone"].queryset = Milestone.objects.filter(project=project)

    def clean(self) -> dict:
        data = super().clean()
        hours = data.pop("estimate_hours", None)
        data["estimate_minutes"] = None if hours is None else int(hours * 60)
        return data


def task_initial(task: Task) -> dict:
    """The edit form as the task stands."""
    return {
        "title": task.title,
        "description": task.description,
        "area": task.area_id,
        "owner": task.owner,
        "collaborators": list(task.collaborators.all()),
        "start": task.start,
        "due": task.due,
        "estimate_hours": task.estimate_hours,
        "phase": task.phase_id,
        "milestone": task.milestone_id,
        "version": task.version,
    }


class MoveForm(Form):
    status = forms.ChoiceField(label=_("Move to"), choices=TaskStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DependencyForm(Form):
    depends_on = forms.ModelChoiceField(
        label=_("Waits for"), queryset=Task.objects.none()
    )

    def __init__(self, *args, task: Task, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].queryset = (
            Task.objects.filter(project_id=task.project_id)
            .exclude(pk=task.pk)
            .order_by("order", "pk")
        )


class ChecklistForm(Form):
    text = forms.CharField(label=_("New item"), max_length=300)


class BulkEditForm(Form):
    """The list tab's bulk bar: the ticked tasks (each posted with the version
    the page showed as ``version-<id>``) and what to change in them."""

    tasks = forms.ModelMultipleChoiceField(
        label=_("Tasks"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("Set the status"),
        required=False,
        choices=[("", _("Keep the status")), *TaskStatus.choices],
    )
    owner = PickerField("staff", label=_("Set the owner"), required=False)
    shift_days = forms.IntegerField(
        label=_("Move the dates by (days)"),
        required=False,
        min_value=-365,
        max_value=365,
        help_text=_("Negative moves them earlier."),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = Task.objects.filter(project=project).only(
            "pk", "title", "project_id", "status", "owner_id", "start", "due", "version"
        )

    def clean(self) -> dict:
        data = super().clean()
        pairs = []
        for task in data.pop("tasks", None) or []:
            raw = self.data.get(f"version-{task.pk}")
            try:
                version = int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                version = None
            pairs.append((task, version))
        data["tasks"] = pairs
        data["status"] = data.get("status") or ""
        return data


class MyWorkFilterForm(Form):
    """The filters of "my work": when the task is due, client, project, area."""

    period = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("overdue", _("Overdue")),
            ("today", _("Today")),
            ("week", _("This week")),
            ("month", _("This month")),
        ],
    )
    client = PickerField(
        "clients",
        label=_("Client"),
        required=False,
        attrs={"placeholder": _("Any client")},
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("Any project"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("Any area"),
    )

    def __init__(self, *args, projects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class CommentForm(Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mention someone of the client's team with @ and their e-mail "
            "address or the part before its @ (they are notified)."
        ),
    )


class TaskFileForm(Form):
    upload = forms.FileField(label=_("File"), allow_empty_file=True)


class TicketProjectForm(Form):
    """The ticket page's "Production goes to project": any project the viewer
    may see (whose client and status the service checks, with a sentence)."""

    project = forms.ModelChoiceField(
        label=_("Production goes to project"),
        queryset=Project.objects.all(),
        error_messages={"invalid_choice": _("Choose one of the listed projects.")},
    )
