"""Admin of meetings. Meetings, their invitations and action items have rules
(attendees are sent every change, an action item makes a work task) that live
in the services: the admin only shows them. Agenda templates stay editable:
their one rule, one template per kind, is a unique column the admin's form
checks, and a template changes no meeting already scheduled."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import ActionItem, AgendaTemplate, Invitation, Meeting


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind"]


class ActionItemInline(ReadOnlyInline):
    model = ActionItem
    fields = ["title", "owner", "due_date", "done_at"]


class InvitationInline(ReadOnlyInline):
    model = Invitation
    fields = ["method", "sequence"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "client", "kind", "starts_at", "cancelled_at"]
    list_filter = ["kind"]
    list_select_related = ["client"]
    date_hierarchy = "starts_at"
    inlines = [ActionItemInline, InvitationInline]
