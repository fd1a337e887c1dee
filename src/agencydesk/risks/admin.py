"""Complaints, risks and escalations have services with rules: the admin
shows them read-only."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin

from .models import Complaint, Escalation, Risk


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("title", "client", "status", "owner", "opened_at")
    list_select_related = ("client", "owner")
    list_filter = ("status",)


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ("title", "client", "category", "probability", "impact", "status")
    list_select_related = ("client",)
    list_filter = ("status", "category")


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "client", "escalated_by", "automatic")
    list_select_related = ("client", "escalated_by")
