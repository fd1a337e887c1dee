"""Admin of time and budgets. Logged time, weeks, budgets and their alerts have
rules (frozen rates, locked weeks, approval, alerts once) that live in the
services: the admin only shows them. The rate tables stay editable: every rule
of a rate is a database constraint the admin's form validates (one person or
one role, a currency, a cost rate per person, positive exchange rates between
two currencies), and a rate changes no logged entry."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin

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
class TimeEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "client", "project", "minutes", "is_billable"]
    list_filter = ["is_billable"]
    list_select_related = ["user", "client"]
    date_hierarchy = "date"


@admin.register(TimesheetWeek)
class TimesheetWeekAdmin(ReadOnlyAdmin):
    list_display = ["week", "user", "status"]
    list_filter = ["status"]
    list_select_related = ["user"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["client", "kind", "month", "project", "minutes", "amount"]
    list_filter = ["kind"]
    list_select_related = ["client"]


@admin.register(BudgetAlert)
class BudgetAlertAdmin(ReadOnlyAdmin):
    list_display = ["budget", "threshold"]
    list_filter = ["threshold"]
