"""Meeting pages, .ics invitations and the private calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, login_required, staff_required
from agencydesk.core.errors import DomainError

from . import ical, services
from .errors import FeedLinkInvalidError
from .forms import (
    ActionItemForm,
    AgendaTemplateForm,
    MeetingForm,
    MinutesForm,
    meeting_initial,
)
from .models import ActionItem, AgendaTemplate, Meeting
from .recurrence import describe_rule
from .selectors import meetings_for_page


def _meeting(request: HttpRequest, meeting_id: int, action: str = "view") -> Meeting:
    return access_object(request.viewer, meetings_for_page(), meeting_id, action=action)


@staff_required("meetings.add_meeting")
def meeting_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = access_object(request.viewer, Client, client_slug, field_name="slug")
    post = request.method == "POST"
    initial = {"kind": request.GET.get("kind", "regular")}
    form = MeetingForm(request.POST if post else None, client=client, initial=initial)
    if post and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting was scheduled."))
            return redirect(meeting)
    context = {"client": client, "form": form}
    status = 422 if post else 200
    return render(request, "meetings/meeting_form.html", context, status=status)


def _detail(request, meeting, *, status=200, minutes_form=None, action_form=None):
    context = {
        "meeting": meeting,
        "client": meeting.client,
        "minutes_form": minutes_form
        or MinutesForm(
            initial={
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
            }
        ),
        "action_form": action_form or ActionItemForm(),
        "repeats": describe_rule(meeting.rrule, meeting.starts_at),
        "is_past": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@staff_required("meetings.view_meeting")
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _detail(request, _meeting(request, meeting_id))


@staff_required("meetings.change_meeting")
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Edit or reschedule: attendees are sent the updated invitation."""
    meeting = _meeting(request, meeting_id, action="change")
    post = request.method == "POST"
    form = MeetingForm(
        request.POST if post else None,
        client=meeting.client,
        initial=meeting_initial(meeting),
    )
    if post and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting was updated."))
            return redirect(meeting)
    context = {"client": meeting.client, "form": form, "meeting": meeting}
    status = 422 if post else 200
    return render(request, "meetings/meeting_form.html", context, status=status)


@require_POST
@staff_required("meetings.change_meeting")
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id, action="change")
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return _detail(request, meeting, status=409)
    messages.success(request, _("The meeting was cancelled."))
    return redirect(meeting)


@require_POST
@staff_required("meetings.change_meeting")
def meeting_recap(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id, action="change")
    try:
        sent = services.meeting_send_recap(actor=request.user, meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return _detail(request, meeting, status=409)
    messages.success(
        request,
        ngettext(
            "The recap was sent to %(count)d attendee.",
            "The recap was sent to %(count)d attendees.",
            sent,
        )
        % {"count": sent},
    )
    return redirect(meeting)


@require_POST
@staff_required("meetings.change_meeting")
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id, action="change")
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_record_minutes(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(meeting)
    return _detail(request, meeting, status=422, minutes_form=form)


@require_POST
@staff_required("meetings.add_actionitem")
def action_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_add(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(meeting)
    return _detail(request, meeting, status=422, action_form=form)


@require_POST
@staff_required("meetings.change_actionitem")
def action_item_done(
    request: HttpRequest, meeting_id: int, action_id: int
) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    item = access_object(
        request.viewer,
        ActionItem.objects.filter(meeting=meeting),
        action_id,
        action="change",
    )
    try:
        services.action_item_done(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(meeting)


@staff_required("meetings.view_meeting")
def meeting_invitation(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    response = HttpResponse(
        ical.invitation_for_meeting(meeting),
        content_type="text/calendar; method=REQUEST",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def feed_page(request: HttpRequest) -> HttpResponse:
    """Where a person finds their private calendar address."""
    url = request.build_absolute_uri(ical.feed_url(request.user))
    return render(request, "meetings/feed.html", {"feed_url": url})


@require_safe
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The private calendar feed (no sign-in: the signed token is the key)."""
    try:
        user = ical.user_from_feed_token(feed_token)
    except FeedLinkInvalidError:
        raise Http404 from None
    response = HttpResponse(ical.feed_for_user(user), content_type="text/calendar")
    response["Cache-Control"] = "private, max-age=300"
    return response


@staff_required("meetings.change_agendatemplate")
def agenda_template_list(request: HttpRequest) -> HttpResponse:
    templates = AgendaTemplate.objects.order_by("kind")
    return render(
        request, "meetings/agenda_template_list.html", {"templates": templates}
    )


def _agenda_page(request: HttpRequest, template: AgendaTemplate | None) -> HttpResponse:
    post = request.method == "POST"
    initial = {"kind": template.kind, "agenda": template.agenda} if template else {}
    form = AgendaTemplateForm(request.POST if post else None, initial=initial)
    if post and form.is_valid():
        try:
            services.agenda_template_save(
                actor=request.user, template=template, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The agenda template was saved; meetings scheduled from now on "
                    "start with it."
                ),
            )
            return redirect("meetings:agenda-template-list")
    context = {"template": template, "form": form}
    status = 422 if post else 200
    return render(request, "meetings/agenda_template_form.html", context, status=status)


@staff_required("meetings.add_agendatemplate")
def agenda_template_create(request: HttpRequest) -> HttpResponse:
    return _agenda_page(request, None)


@staff_required("meetings.change_agendatemplate")
def agenda_template_edit(request: HttpRequest, agenda_template_id: int) -> HttpResponse:
    template = access_object(
        request.viewer, AgendaTemplate, agenda_template_id, action="change"
    )
    return _agenda_page(request, template)


@require_POST
@staff_required("meetings.delete_agendatemplate")
def agenda_template_delete(
    request: HttpRequest, agenda_template_id: int
) -> HttpResponse:
    template = access_object(
        request.viewer, AgendaTemplate, agenda_template_id, action="delete"
    )
    services.agenda_template_delete(actor=request.user, template=template)
    messages.success(request, _("The agenda template was deleted."))
    return redirect("meetings:agenda-template-list")
