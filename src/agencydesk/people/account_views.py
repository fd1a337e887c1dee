"""A person's own account: invitation and reset links, forgotten and changed
passwords (Django's auth views with our templates, throttle and mail), the
profile page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencydesk.core.access import login_required
from agencydesk.core.actions import endpoint, posted, submit, writes
from agencydesk.core.errors import RateLimitedError

from . import services
from .forms import (
    PasswordChangeForm,
    PasswordResetRequestForm,
    ProfileForm,
    SetPasswordForm,
)
from .models import User
from .views import _with_language


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot password": the same answer for every address, within limits."""

    form_class = PasswordResetRequestForm
    template_name = "people/password_reset.html"
    success_url = reverse_lazy("people:password-reset-done")

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:
        try:
            services.password_reset_request(
                request=self.request, email=form.cleaned_data["email"]
            )
        except RateLimitedError as error:
            form.add_error(None, error.message)
            response = self.render_to_response(
                self.get_context_data(form=form), status=429
            )
            response["Retry-After"] = str(error.extra.get("retry_after", 60))
            return response
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "people/password_reset_done.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Choose a password from a one-time link (reset). A used, expired or
    mangled link, or one of a deactivated person, answers 400 and changes
    nothing."""

    form_class = SetPasswordForm
    template_name = "people/password_set.html"
    success_url = reverse_lazy("people:login")
    title = gettext_lazy("Choose a new password")
    done_message = gettext_lazy("Your new password is set. Please sign in.")

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        if user is None or not user.is_active or user.is_integration:
            return None
        # The page speaks the language its e-mail was written in, whatever
        # browser the link is opened in.
        translation.activate(user.language)
        return user

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, str(self.done_message))
        return _with_language(response, self.user.language)

    def render_to_response(self, context: dict, **kwargs: Any) -> HttpResponse:
        if not context.get("validlink"):
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class InvitationAcceptView(PasswordSetView):
    """Choose one's first password from the invitation e-mail."""

    title = gettext_lazy("Welcome to Agency Desk: choose your password")
    done_message = gettext_lazy("Your password is set. Please sign in.")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "people/password_change.html"
    success_url = reverse_lazy("people:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
@writes
def profile(request: HttpRequest) -> HttpResponse:
    """The person's own name, language, timezone and notification choice."""
    user = request.user
    initial = {
        "full_name": user.full_name,
        "language": user.language,
        "timezone": user.timezone,
        "notify_by_email": user.notify_by_email,
    }
    return submit(
        request,
        ProfileForm(**posted(request), initial=initial),
        lambda data: services.user_update_profile(user=user, **data),
        template="people/profile.html",
        success=_("Your profile was saved."),
        answer=lambda saved: _with_language(redirect("people:profile"), saved.language),
    )


# Django's own account views (one-time tokens, password validation, the
# session kept signed in after a change) with our templates, throttle and
# mail; they answer on their terms (400 for a spent link, 429 with
# Retry-After), so they are endpoints rather than ``submit`` pages.
_AUTH = "Django's password views: token checks, 400/429 answers of their own"
password_reset = endpoint(_AUTH)(PasswordResetView.as_view())
password_reset_done = endpoint(_AUTH)(PasswordResetDoneView.as_view())
password_set = endpoint(_AUTH)(PasswordSetView.as_view())
invitation_accept = endpoint(_AUTH)(InvitationAcceptView.as_view())
password_change = endpoint(_AUTH)(PasswordChangeView.as_view())
