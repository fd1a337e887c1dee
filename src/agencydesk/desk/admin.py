"""Admin of the desk's settings: request types with their steps, SLA targets."""

from django.contrib import admin

from .models import RequestType, RequestTypeStep, SlaPolicy, Tag


class StepInline(admin.TabularInline):
    model = RequestTypeStep
    extra = 1


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "order"]
    list_editable = ["is_active", "order"]
    inlines = [StepInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_response_minutes", "resolution_minutes"]
    list_filter = ["priority"]
    list_select_related = ["client"]
    raw_id_fields = ["client"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
