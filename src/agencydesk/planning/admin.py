"""Read-mostly admin of planning; the pages and services do the writing."""

from django.contrib import admin

from .models import Allocation, Leave


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "start", "end", "status"]
    list_filter = ["kind", "status"]
    date_hierarchy = "start"


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["week", "user", "client", "project", "minutes", "is_tentative"]
    list_filter = ["is_tentative"]
    date_hierarchy = "week"
