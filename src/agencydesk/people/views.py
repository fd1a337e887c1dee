"""Sign-in, sign-out, language and the staff directory."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.errors import DomainError, RateLimitedError
from agencydesk.core.pagination import paginate

from . import services
from .forms import LanguageForm, LoginForm, StaffFilterForm, StaffInviteForm
from .models import User
from .roles import Role
from .selectors import staff_list_for_directory


def _safe_next(request: HttpRequest, target: str, fallback: str = "/") -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


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
                    target = _safe_next(request, request.GET.get("next", ""))
                    return _with_language(redirect(target), user.language)
                form.add_error(
                    None, _("The e-mail address or the password is not correct.")
                )
    response = render(request, "people/login.html", {"form": form}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("people:login")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown language."), status=400)
    language = form.cleaned_data["language"]
    services.user_set_language(user=request.user, language=language)
    target = _safe_next(request, form.cleaned_data["next"])
    return _with_language(redirect(target), language)


@staff_required("people.view_user")
def staff_list(
    request: HttpRequest, invite_form: StaffInviteForm | None = None, status: int = 200
) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    staff = staff_list_for_directory(
        viewer=request.viewer, query=filters.get("q", ""), role=filters.get("role", "")
    )
    page = paginate(request, staff)
    role_labels = dict(Role.choices)
    for person in page:
        person.role_labels = [
            role_labels.get(g.name, g.name) for g in person.groups.all()
        ]
    context = {
        "page": page,
        "form": form,
        "invite_form": invite_form or StaffInviteForm(),
        "can_invite": request.viewer.has_perm("people.add_user"),
        "can_manage": request.viewer.has_perm("people.change_user"),
    }
    return render(request, "people/staff_list.html", context, status=status)


@require_POST
@staff_required("people.add_user")
def staff_invite(request: HttpRequest) -> HttpResponse:
    """Add a member of staff and e-mail them their invitation."""
    form = StaffInviteForm(request.POST)
    if form.is_valid():
        try:
            services.staff_create(actor=request.user, invite=True, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("people:staff-list")
    return staff_list(request, invite_form=form, status=422)


def _staff_person(request: HttpRequest, user_id: int) -> User:
    staff = User.objects.filter(is_staff=True, is_active=True)
    return access_object(request.viewer, staff, user_id, action="change")


@require_POST
@staff_required("people.change_user")
def staff_invitation_send(request: HttpRequest, user_id: int) -> HttpResponse:
    """E-mail a member of staff without a password their invitation again."""
    person = _staff_person(request, user_id)
    try:
        services.invitation_send(actor=request.user, user=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was sent."))
    return redirect("people:staff-list")


@require_POST
@staff_required("people.change_user")
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """Stop a member of staff signing in; their history stays."""
    person = _staff_person(request, user_id)
    try:
        services.person_deactivate(actor=request.user, user=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s can no longer sign in.") % {"name": person.display_name},
        )
    return redirect("people:staff-list")
