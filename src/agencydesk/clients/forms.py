import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agencydesk.core.forms import Form
from agencydesk.core.money import CURRENCY_CHOICES
from agencydesk.core.timeline import KIND_LABELS

from .models import Client


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class ClientForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_("Used in addresses; leave empty to derive it from the name."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=countries)
    timezone = forms.ChoiceField(label=_("Timezone"), choices=timezone_choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    status = forms.ChoiceField(
        label=_("Status"), choices=Client.Status.choices, initial=Client.Status.PROSPECT
    )


class ClientFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Client.Status.choices],
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[("", _("All countries")), *countries],
    )


class TimelineFilterForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything")), *KIND_LABELS.items()]
