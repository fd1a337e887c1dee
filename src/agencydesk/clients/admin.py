"""Clients, contacts and teams are governed by the clients services (archived
accounts are read-only, a contact's user is made by people's services, team
edits have a rule): the admin shows them for looking up, never writes."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Client, Contact, TeamMember


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ["user", "role", "job_title", "phone"]


class TeamInline(ReadOnlyInline):
    model = TeamMember
    fields = ["user", "role"]


@admin.register(Client)
class ClientAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "country", "status", "currency"]
    list_filter = ["status", "country"]
    search_fields = ["name", "slug"]
    inlines = [TeamInline, ContactInline]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["user", "client", "role", "sees_all_tickets"]
    list_filter = ["role", "sees_all_tickets"]
    list_select_related = ["user", "client"]
