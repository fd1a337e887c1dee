"""Forms of the account pages: profile, materials, access inventory, log."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form
from agencydesk.people.models import User

from .models import AccessEntry, Contact, Material, TeamMember


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
    holder = forms.ModelChoiceField(
        label=_("Held by"),
        queryset=User.objects.filter(is_staff=True, is_active=True).order_by(
            "full_name"
        ),
        required=False,
    )
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


class TeamMemberForm(Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_staff=True, is_active=True).order_by(
            "full_name"
        ),
    )
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
