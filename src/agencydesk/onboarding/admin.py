"""The client lifecycle in the admin (admins only).

Runs, their items, sent questionnaires and their answers, feedback surveys
and archives are written by the services (gates, owners, the timeline, the
account's status): the admin only shows them (``ReadOnlyAdmin``).

Checklist templates stay editable here, because they are configuration: a run
copies its template's items when it starts, so an edit shapes only checklists
started afterwards, and the admin is where item dependencies and "generates"
are set (the product page does not edit them). What the admin could break is
kept out of it: an item's key (the services tick "questionnaire-sent",
"feedback" and "archive" by it) is read-only, the default flag is set on the
product page (which keeps one default per kind), and nothing is deleted here
(the product page refuses to delete a template a checklist used and keeps at
least one item)."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Answer,
    Archive,
    ChecklistTemplate,
    FeedbackRequest,
    QuestionnaireRequest,
    Run,
    RunItem,
    TemplateItem,
    TemplateSection,
)


class SectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0
    can_delete = False


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_default"]
    readonly_fields = ["is_default"]
    inlines = [SectionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TemplateItem)
class TemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "owner_role", "due_days", "is_gate"]
    list_filter = ["section__template", "owner_role", "is_gate"]
    filter_horizontal = ["depends_on"]

    def get_readonly_fields(self, request, obj=None):
        return ["key"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RunItemInline(ReadOnlyInline):
    model = RunItem
    fields = ["section", "title", "owner", "due_date", "is_gate", "done_at"]


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ["client", "kind", "template", "start_date", "completed_at"]
    list_filter = ["kind"]
    list_select_related = ["client", "template"]
    inlines = [RunItemInline]


@admin.register(RunItem)
class RunItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "run", "owner", "due_date", "is_gate", "done_at"]
    list_select_related = ["run__client", "owner"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "value", "filename"]


@admin.register(QuestionnaireRequest)
class QuestionnaireRequestAdmin(ReadOnlyAdmin):
    list_display = ["client", "contact", "sent_at", "due_date", "submitted_at"]
    list_select_related = ["client", "contact__user"]
    inlines = [AnswerInline]


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(ReadOnlyAdmin):
    list_display = ["client", "contact", "sent_at", "score", "answered_at"]
    list_select_related = ["client", "contact__user"]


@admin.register(Archive)
class ArchiveAdmin(ReadOnlyAdmin):
    list_display = ["client", "created_at", "size", "created_by"]
    list_select_related = ["client", "created_by"]
