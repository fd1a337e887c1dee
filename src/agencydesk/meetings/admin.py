from django.contrib import admin

from .models import AgendaTemplate


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind"]
