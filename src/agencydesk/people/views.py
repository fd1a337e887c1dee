"""Sign-in, sign-out, language and the staff directory."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import (
    button,
    endpoint,
    perform,
    posted,
    reads,
    safe_next,
    submit,
)
from agencydesk.core.errors import RateLimitedError
from agencydesk.core.pagination import paginate

from . import services
from .forms import LanguageForm, LoginForm, StaffFilterForm, StaffInviteForm
from .models import User
from .roles import Role
from .selectors import staff_list_for_directory


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


@never_cache
@csrf_protect
@endpoint("sign-in: answers 400 on wrong credentials and 429 with Retry-After")
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("core:home")
    form = LoginForm(request.POST if request.method == "POST" else None)
    status, retry_after = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = services.login_attempt(request=request, **form.cleaned_data)
            except RateLimitedError as error:
                form.add_error(None, error.message)
                status = 429
                retry_after = error.extra.get("retry_after")
            else:
                if user is not None:
                    login(request, user)
                    target = safe_next(request, "/")
                    return _with_language(redirect(target), user.language)
                form.add_error(
                    None, _("The e-mail address or the password is not correct.")
                )
    response = render(request, "people/login.html", {"form": form}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@button
def logout_view(request: HttpRequest) -> HttpResponse:
    def sign_out() -> None:
        logout(request)
        messages.info(request, _("You have signed out."))

    return perform(request, sign_out, redirect_to="people:login")


@endpoint("the language switch: signed out too, answers 400 and sets a cookie")
def language_set(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown language."), status=400)
    language = form.cleaned_data["language"]
    services.user_set_language(user=request.user, language=language)
    return _with_language(redirect(safe_next(request, "/")), language)


def _staff_context(request: HttpRequest, invite_form: StaffInviteForm) -> dict:
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    staff = staff_list_for_directory(
        viewer=request.viewer,
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        deactivated=filters.get("state") == StaffFilterForm.DEACTIVATED,
    )
    page = paginate(request, staff)
    role_labels = dict(Role.choices)
    for person in page:
        person.role_labels = [
            role_labels.get(g.name, g.name) for g in person.groups.all()
        ]
    return {
        "page": page,
        "form": form,
        "invite_form": invite_form,
        "can_invite": request.viewer.has_perm("people.add_user"),
        "can_manage": request.viewer.has_perm("people.change_user"),
    }


@staff_required("people.view_user")
@reads
def staff_list(request: HttpRequest) -> HttpResponse:
    context = _staff_context(request, StaffInviteForm())
    return render(request, "people/staff_list.html", context)


@staff_required("people.add_user")
@button
def staff_invite(request: HttpRequest) -> HttpResponse:
    """Add a member of staff and e-mail them their invitation."""
    return submit(
        request,
        StaffInviteForm(**posted(request)),
        lambda data: services.staff_create(actor=request.user, invite=True, **data),
        template="people/staff_list.html",
        form_name="invite_form",
        context=lambda form: _staff_context(request, form),
        success=_("The invitation was sent."),
        redirect_to="people:staff-list",
    )


def _staff_person(request: HttpRequest, user_id: int, *, active: bool = True) -> User:
    staff = User.objects.filter(is_staff=True, is_active=active, integration="")
    return access_object(request.viewer, staff, user_id, action="change")


@staff_required("people.change_user")
@button
def staff_invitation_send(request: HttpRequest, user_id: int) -> HttpResponse:
    """E-mail a member of staff without a password their invitation again."""
    person = _staff_person(request, user_id)
    return perform(
        request,
        lambda: services.invitation_send(actor=request.user, user=person),
        success=_("The invitation was sent."),
        redirect_to="people:staff-list",
    )


@staff_required("people.change_user")
@button
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """Stop a member of staff signing in; their history stays."""
    person = _staff_person(request, user_id)
    return perform(
        request,
        lambda: services.person_deactivate(actor=request.user, user=person),
        success=_("%(name)s can no longer sign in.") % {"name": person.display_name},
        redirect_to="people:staff-list",
    )


@staff_required("people.change_user")
@button
def staff_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """Let a deactivated member of staff sign in again."""
    person = _staff_person(request, user_id, active=False)
    return perform(
        request,
        lambda: services.person_reactivate(actor=request.user, user=person),
        success=_("%(name)s can sign in again.") % {"name": person.display_name},
        redirect_to="people:staff-list",
    )
