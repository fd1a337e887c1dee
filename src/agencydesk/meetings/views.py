"""Meeting pages, .ics invitations and the private calendar feed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, login_required, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes

from . import ical, services
from .forms import (
    ActionItemForm,
    ActionTaskForm,
    AgendaTemplateForm,
    MeetingForm,
    MinutesForm,
    meeting_initial,
)
from .models import ActionItem, AgendaTemplate, Meeting
from .recurrence import describe_rule
from .selectors import meetings_for_page, projects_for_action_tasks

DETAIL = "meetings/meeting_detail.html"


def _meeting(request: HttpRequest, meeting_id: int, action: str = "view") -> Meeting:
    return access_object(request.viewer, meetings_for_page(), meeting_id, action=action)


@staff_required("meetings.add_meeting")
@writes
def meeting_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = access_object(request.viewer, Client, client_slug, field_name="slug")
    initial = {"kind": request.GET.get("kind", "regular")}
    return submit(
        request,
        MeetingForm(
            **posted(request), client=client, initial=initial, viewer=request.viewer
        ),
        lambda data: services.meeting_schedule(
            actor=request.user, client=client, **data
        ),
        template="meetings/meeting_form.html",
        context={"client": client},
        success=_("The meeting was scheduled."),
        redirect_to=lambda meeting: meeting,
    )


def _detail_context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    return {
        "meeting": meeting,
        "client": meeting.client,
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(
            initial={
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
            }
        ),
        "action_form": forms.get("action_form")
        or ActionItemForm(viewer=request.viewer),
        "repeats": describe_rule(meeting.rrule, meeting.starts_at),
        # "Make a task": the client's open projects, the current one first.
        "task_projects": projects_for_action_tasks(
            viewer=request.viewer, meeting=meeting
        ),
    }


@staff_required("meetings.view_meeting")
@reads
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    return render(request, DETAIL, _detail_context(request, meeting))


@staff_required("meetings.change_meeting")
@writes
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Edit or reschedule: attendees are sent the updated invitation."""
    meeting = _meeting(request, meeting_id, action="change")
    form = MeetingForm(
        **posted(request),
        client=meeting.client,
        initial=meeting_initial(meeting),
        viewer=request.viewer,
    )
    return submit(
        request,
        form,
        lambda data: services.meeting_update(
            actor=request.user, meeting=meeting, **data
        ),
        template="meetings/meeting_form.html",
        context={"client": meeting.client, "meeting": meeting},
        success=_("The meeting was updated."),
        redirect_to=meeting,
    )


@staff_required("meetings.change_meeting")
@button
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id, action="change")
    return perform(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        success=_("The meeting was cancelled."),
        redirect_to=meeting,
    )


@staff_required("meetings.change_meeting")
@button
def meeting_recap(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id, action="change")
    return perform(
        request,
        lambda: services.meeting_send_recap(actor=request.user, meeting=meeting),
        success=lambda sent: (
            ngettext(
                "The recap was sent to %(count)d attendee.",
                "The recap was sent to %(count)d attendees.",
                sent,
            )
            % {"count": sent}
        ),
        redirect_to=meeting,
    )


@staff_required("meetings.change_meeting")
@button
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id, action="change")
    return submit(
        request,
        MinutesForm(request.POST),
        lambda data: services.meeting_record_minutes(
            actor=request.user, meeting=meeting, **data
        ),
        template=DETAIL,
        form_name="minutes_form",
        context=lambda form: _detail_context(request, meeting, minutes_form=form),
        success=_("The minutes were saved."),
        redirect_to=meeting,
    )


@staff_required("meetings.add_actionitem")
@button
def action_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    return submit(
        request,
        ActionItemForm(request.POST, viewer=request.viewer),
        lambda data: services.action_item_add(
            actor=request.user, meeting=meeting, **data
        ),
        template=DETAIL,
        form_name="action_form",
        context=lambda form: _detail_context(request, meeting, action_form=form),
        redirect_to=meeting,
    )


@staff_required("meetings.change_actionitem")
@button
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
    return perform(
        request,
        lambda: services.action_item_done(actor=request.user, item=item),
        redirect_to=meeting,
    )


@staff_required("work.add_task")
@button
def action_item_to_task(
    request: HttpRequest, meeting_id: int, action_id: int
) -> HttpResponse:
    """Make an action item a task of one of the client's projects; back to the
    meeting, where the item links its task."""
    meeting = _meeting(request, meeting_id)
    item = access_object(
        request.viewer,
        ActionItem.objects.filter(meeting=meeting),
        action_id,
        action="change",
    )
    return submit(
        request,
        ActionTaskForm(request.POST, client=meeting.client, viewer=request.viewer),
        lambda data: services.action_item_to_task(
            actor=request.user, item=item, project=data["project"]
        ),
        success=lambda task: (
            _("The task %(task)s was added to %(project)s.")
            % {"task": task, "project": task.project.name}
        ),
        redirect_to=meeting,
    )


@staff_required("meetings.view_meeting")
@reads
def meeting_invitation(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    response = HttpResponse(
        ical.invitation_for_meeting(meeting),
        content_type="text/calendar; method=REQUEST",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@reads
def feed_page(request: HttpRequest) -> HttpResponse:
    """Where a person finds their private calendar address."""
    url = request.build_absolute_uri(ical.feed_url(request.user))
    return render(request, "meetings/feed.html", {"feed_url": url})


@login_required
@button
def feed_reset(request: HttpRequest) -> HttpResponse:
    """A new private calendar address; the old one stops working."""
    return perform(
        request,
        lambda: services.feed_link_reset(actor=request.user),
        success=_(
            "Your calendar has a new address; the old one no longer works. "
            "Subscribe again with the new one."
        ),
        redirect_to="meetings:feed-page",
    )


@reads
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The private calendar feed (no sign-in: the signed token is the key)."""
    user = ical.feed_owner(feed_token)
    response = HttpResponse(ical.feed_for_user(user), content_type="text/calendar")
    response["Cache-Control"] = "private, max-age=300"
    return response


@staff_required("meetings.change_agendatemplate")
@reads
def agenda_template_list(request: HttpRequest) -> HttpResponse:
    templates = AgendaTemplate.objects.order_by("kind")
    return render(
        request, "meetings/agenda_template_list.html", {"templates": templates}
    )


def _agenda_page(request: HttpRequest, template: AgendaTemplate | None) -> HttpResponse:
    initial = {"kind": template.kind, "agenda": template.agenda} if template else {}
    return submit(
        request,
        AgendaTemplateForm(**posted(request), initial=initial),
        lambda data: services.agenda_template_save(
            actor=request.user, template=template, **data
        ),
        template="meetings/agenda_template_form.html",
        context={"template": template},
        success=_(
            "The agenda template was saved; meetings scheduled from now on "
            "start with it."
        ),
        redirect_to="meetings:agenda-template-list",
    )


@staff_required("meetings.add_agendatemplate")
@writes
def agenda_template_create(request: HttpRequest) -> HttpResponse:
    return _agenda_page(request, None)


@staff_required("meetings.change_agendatemplate")
@writes
def agenda_template_edit(request: HttpRequest, agenda_template_id: int) -> HttpResponse:
    template = access_object(
        request.viewer, AgendaTemplate, agenda_template_id, action="change"
    )
    return _agenda_page(request, template)


@staff_required("meetings.delete_agendatemplate")
@button
def agenda_template_delete(
    request: HttpRequest, agenda_template_id: int
) -> HttpResponse:
    template = access_object(
        request.viewer, AgendaTemplate, agenda_template_id, action="delete"
    )
    return perform(
        request,
        lambda: services.agenda_template_delete(actor=request.user, template=template),
        success=_("The agenda template was deleted."),
        redirect_to="meetings:agenda-template-list",
    )
