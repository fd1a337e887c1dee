"""Read-mostly admin of time and budgets; writes with rules go through services."""

from django.contrib import admin

from .models import (
    Budget,
    BudgetAlert,
    ExchangeRate,
    Rate,
    TimeEntry,
    TimesheetWeek,
)


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "role", "client", "effective_from", "hourly_amount"]
    list_filter = ["kind", "role"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["from_currency", "to_currency", "rate", "valid_from"]
    list_filter = ["from_currency", "to_currency"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "client", "project", "minutes", "is_billable"]
    list_filter = ["is_billable"]
    date_hierarchy = "date"
    readonly_fields = [f.name for f in TimeEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        # Entries carry frozen rates and lock rules: they come from the service.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TimesheetWeek)
class TimesheetWeekAdmin(admin.ModelAdmin):
    list_display = ["week", "user", "status"]
    list_filter = ["status"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["client", "kind", "month", "project", "minutes", "amount"]
    list_filter = ["kind"]


admin.site.register(BudgetAlert)
