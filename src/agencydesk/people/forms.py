import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form, StyledFormMixin

from .roles import Role


class LoginForm(Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LanguageForm(Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)


class StaffFilterForm(Form):
    DEACTIVATED = "deactivated"

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Active")), (DEACTIVATED, _("Deactivated"))],
    )


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class PasswordResetRequestForm(Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class SetPasswordForm(StyledFormMixin, auth_forms.SetPasswordForm):
    """Choose a password (invitation or reset link)."""


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    """Change one's own password, knowing the current one."""


class ProfileForm(Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Timezone"), choices=_timezone_choices)
    notify_by_email = forms.BooleanField(
        label=_("Also send my notifications by e-mail"), required=False
    )


class StaffInviteForm(Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(
        label=_("Timezone"), choices=_timezone_choices, initial="UTC"
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
