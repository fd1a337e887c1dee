"""Admin of projects and tasks. Areas and project templates are configuration
whose rules are the admin form's own (a unique name): editable. Projects and
tasks have rules (working days, owners, versions, no circles) that live in the
services: the admin only shows them."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin

from .models import Area, Project, ProjectTemplate, Task, TemplateItem


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    fk_name = "template"
    extra = 1
    fields = [
        "order",
        "kind",
        "title",
        "offset_days",
        "duration_days",
        "owner_role",
        "estimate_minutes",
        "area",
        "phase",
        "needs_client_approval",
    ]


@admin.register(ProjectTemplate)
class ProjectTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "method"]
    inlines = [TemplateItemInline]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "client", "status", "start", "end", "owner"]
    list_filter = ["status"]
    list_select_related = ["client", "owner"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "status", "owner", "due"]
    list_filter = ["status"]
    list_select_related = ["project", "owner"]
    raw_id_fields = ["project", "owner", "ticket", "phase", "milestone"]
