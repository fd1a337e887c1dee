"""Admin of planning: leave and allocations have rules (who may decide,
overload confirmation, no booking on leave) that live in the services, so the
admin only shows them."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin

from .models import Allocation, Leave


@admin.register(Leave)
class LeaveAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "start", "end", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    date_hierarchy = "start"


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["week", "user", "client", "project", "minutes", "is_tentative"]
    list_filter = ["is_tentative"]
    list_select_related = ["user", "client"]
    date_hierarchy = "week"
