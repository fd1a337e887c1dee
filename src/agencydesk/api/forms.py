"""The token page's form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form

from .models import Scope

# What a client contact's token may do: the portal's reach, nothing internal.
CONTACT_SCOPES = (
    Scope.TICKETS_READ,
    Scope.TICKETS_WRITE,
    Scope.CLIENTS_READ,
    Scope.CONTACTS_READ,
    Scope.NOTIFICATIONS_READ,
    Scope.NOTIFICATIONS_WRITE,
    Scope.APPROVALS_READ,
    Scope.APPROVALS_WRITE,
)
# A staff member is offered a scope when they hold the permission its pages
# need (None: everyone's own, e.g. their notifications).
STAFF_SCOPES = {
    Scope.TICKETS_READ: "desk.view_ticket",
    Scope.TICKETS_WRITE: "desk.view_ticket",
    Scope.CLIENTS_READ: "clients.view_client",
    Scope.CONTACTS_READ: "clients.view_contact",
    Scope.CONTACTS_WRITE: "clients.add_contact",
    Scope.NOTIFICATIONS_READ: None,
    Scope.NOTIFICATIONS_WRITE: None,
    Scope.TIMELINE_READ: "clients.view_client",
    Scope.WEBHOOKS_WRITE: "api.change_webhooksubscription",
    Scope.TIME_READ: "timesheets.view_timeentry",
    Scope.TIME_WRITE: "timesheets.add_timeentry",
    Scope.PLANNING_READ: "planning.view_allocation",
    Scope.PLANNING_WRITE: "planning.add_allocation",
    Scope.MEETINGS_READ: "meetings.view_meeting",
    Scope.PROJECTS_READ: "work.view_project",
    Scope.PROJECTS_WRITE: "work.add_task",
    Scope.APPROVALS_READ: "work.view_task",
}


def scope_choices_for(viewer) -> list[tuple[str, str]]:
    """The scopes a person's token can use: a scope that would only ever answer
    403 is not offered."""
    if viewer is None:
        return []
    if not viewer.is_staff:
        allowed = set(CONTACT_SCOPES)
    else:
        allowed = {
            scope
            for scope, perm in STAFF_SCOPES.items()
            if perm is None or viewer.has_perm(perm)
        }
    return [(value, label) for value, label in Scope.choices if value in allowed]


EXPIRY_CHOICES = [
    (7, _("7 days")),
    (30, _("30 days")),
    (90, _("90 days")),
    (365, _("1 year")),
]


class TokenCreateForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the client's task manager."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"), choices=EXPIRY_CHOICES, coerce=int, initial=90
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices_for(self.viewer)
