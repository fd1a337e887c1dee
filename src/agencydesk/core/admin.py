from django.contrib import admin

from .models import Agency, ClosedDay, Event, WorkingCalendar


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 1


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "country", "weekdays", "opens", "closes"]
    inlines = [ClosedDayInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "currency", "calendar", "staff_scope"]

    def has_add_permission(self, request) -> bool:
        return not Agency.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The timeline is append-only: the admin only reads it."""

    list_display = ["created_at", "client", "actor", "verb", "target_repr"]
    list_filter = ["verb"]
    list_select_related = ["client", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
