from django.contrib import admin
from django.db import models

from .models import Client, Contact, TeamMember


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["user"]


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    # Addresses typed without a scheme are https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "slug", "country", "status", "currency"]
    list_filter = ["status", "country"]
    search_fields = ["name", "slug"]
    inlines = [TeamInline, ContactInline]
    raw_id_fields = ["calendar"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["user", "client", "role", "sees_all_tickets"]
    list_filter = ["role", "sees_all_tickets"]
    list_select_related = ["user", "client"]
    raw_id_fields = ["user", "client"]
