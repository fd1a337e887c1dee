"""Checklist templates in the admin (admins only): sections inline, item
dependencies and "generates", which the product page (checklist_templates.py)
does not edit."""

from django.contrib import admin

from .models import ChecklistTemplate, TemplateItem, TemplateSection


class SectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_default"]
    inlines = [SectionInline]


@admin.register(TemplateItem)
class TemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "owner_role", "due_days", "is_gate"]
    list_filter = ["section__template", "owner_role", "is_gate"]
    filter_horizontal = ["depends_on"]
