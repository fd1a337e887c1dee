"""The webhook pages' form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField

from ..models import WebhookEventType

EVENT_CHOICES = [c for c in WebhookEventType.choices if c[0] != WebhookEventType.PING]


class SubscriptionForm(Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Events are POSTed here as signed JSON. Public addresses only."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    client = PickerField(
        "clients",
        label=_("Client"),
        required=False,
        help_text=_("Only this client's events; leave empty for every client."),
        attrs={"placeholder": _("Every client")},
    )
