"""The metric catalogue is edited in the admin (its every rule is a
constraint the admin form checks); KPIs and their data have services and are
shown read-only."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin

from .models import ColumnMapping, DataPoint, Kpi, Metric


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "unit", "higher_is_better", "aggregation")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def has_delete_permission(self, request, obj=None) -> bool:
        # A metric in use is kept (KPIs protect it); none is deleted here.
        return False


@admin.register(Kpi)
class KpiAdmin(ReadOnlyAdmin):
    list_display = ("client", "metric", "target", "source")
    list_select_related = ("client", "metric")


@admin.register(DataPoint)
class DataPointAdmin(ReadOnlyAdmin):
    list_display = ("kpi", "day", "value", "source")
    list_select_related = ("kpi__client", "kpi__metric")
    raw_id_fields = ("kpi",)


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    list_display = ("client", "source", "date_column", "date_format")
