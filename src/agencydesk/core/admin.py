from django.contrib import admin

from .models import Agency, ClosedDay, Event, WorkingCalendar


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model whose writes have rules lives in its services: the admin shows
    it for looking up and support, and never adds, changes or deletes a row,
    so nothing in the admin can put data into a state the product refuses."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline of a read-only model: shown, never edited."""

    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
class EventAdmin(ReadOnlyAdmin):
    """The timeline is append-only: the admin only reads it."""

    list_display = ["created_at", "client", "actor", "verb", "target_repr"]
    list_filter = ["verb"]
    list_select_related = ["client", "actor"]
