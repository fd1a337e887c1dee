"""Forms of the clients app: the list and the client page, the account pages
(profile, people, materials, access inventory, log) and the contact's
credential link."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agencydesk.core.forms import Form
from agencydesk.core.money import CURRENCY_CHOICES
from agencydesk.core.phones import to_e164
from agencydesk.core.pickers import PickerField
from agencydesk.core.timeline import KIND_LABELS

from .models import AccessEntry, Client, Contact, Material, TeamMember


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


class ProfileForm(Form):
    industry = forms.CharField(label=_("Industry"), max_length=120, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    business_description = forms.CharField(
        label=_("Business description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    goals = forms.CharField(
        label=_("Goals"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    target_audience = forms.CharField(
        label=_("Target audience"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    social_accounts = forms.CharField(
        label=_("Social accounts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("One address per line."),
    )


class MaterialForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Material.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )
    file = forms.FileField(label=_("File"))


class MaterialVersionForm(Form):
    file = forms.FileField(label=_("New version"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class AccessEntryForm(Form):
    platform = forms.CharField(label=_("Platform"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=AccessEntry.Kind.choices)
    url = forms.URLField(
        label=_("Address"), max_length=500, required=False, assume_scheme="https"
    )
    account_id = forms.CharField(label=_("Account id"), max_length=200, required=False)
    access_level = forms.CharField(
        label=_("Access level"), max_length=120, required=False
    )
    holder = PickerField("staff", label=_("Held by"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=AccessEntry.State.choices)
    secret = forms.CharField(
        label=_("Secret (optional)"),
        required=False,
        max_length=2000,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted; shown only to people allowed to reveal it."),
    )


class AccessStateForm(Form):
    state = forms.ChoiceField(label=_("State"), choices=AccessEntry.State.choices)


class AccessSecretForm(Form):
    """Store, replace or (empty) remove the secret of an access entry."""

    secret = forms.CharField(
        label=_("Secret"), required=False, max_length=2000, strip=False
    )


class CommLogForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("call", _("Call")),
            ("chat", _("Chat")),
            ("meeting-note", _("Meeting note")),
        ],
    )
    summary = forms.CharField(
        label=_("What was said"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactAddForm(Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Contact.Role.choices)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("The client's language")), *settings.LANGUAGES],
        help_text=_("Of the portal and of every e-mail they receive."),
    )
    invite = forms.BooleanField(
        label=_("Send an invitation e-mail to choose a password"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, client: Client | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A number without its country code is read in the client's country.
        self.region = client.country.code if client is not None else None

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and to_e164(phone, self.region) is None:
            raise forms.ValidationError(
                _("Enter a phone number with its country code, e.g. +62 812 3456 7890.")
            )
        return phone


class TeamMemberForm(Form):
    user = PickerField("staff", label=_("Person"))
    role = forms.ChoiceField(label=_("Role"), choices=TeamMember.Role.choices)


class CredentialRequestForm(Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none()
    )
    days = forms.IntegerField(
        label=_("Link valid for (days)"), min_value=1, max_value=30, initial=7
    )

    def __init__(self, *args, client=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the client's own contacts: a POST cannot name another's.
        self.fields["contact"].queryset = (
            Contact.objects.filter(client=client)
            .select_related("user")
            .order_by("user__full_name")
        )


class CredentialRowForm(Form):
    """One access the contact enters on the credential link's page."""

    platform = forms.CharField(label=_("Platform"), max_length=120, required=False)
    login = forms.CharField(
        label=_("Login or account id"), max_length=200, required=False
    )
    secret = forms.CharField(
        label=_("Password or key"),
        required=False,
        max_length=2000,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) for name in ("login", "secret", "notes"))
        if filled and not (data.get("platform") or "").strip():
            self.add_error("platform", _("Name the platform of this access."))
        return data


class CredentialFillForm(Form):
    """The rows of the contact's credential page as one form: valid when every
    row is; ``cleaned_data["accesses"]`` holds the rows' values."""

    def __init__(self, *args, rows: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = [
            CredentialRowForm(*args, prefix=f"a{n}", **kwargs) for n in range(rows)
        ]

    def is_valid(self) -> bool:
        rows_valid = all(row.is_valid() for row in self.rows)
        return super().is_valid() and rows_valid

    def clean(self):
        data = super().clean()
        data["accesses"] = [row.cleaned_data for row in self.rows if row.is_valid()]
        return data


class EmptyForm(Form):
    """A button's form: nothing to fill, so only the service can refuse."""
