from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.planner, name="planner"),
    path("cells/<int:user_id>/<str:week>/", views.cell, name="cell"),
    path(
        "allocations/<int:allocation_id>/",
        views.allocation_action,
        name="allocation-action",
    ),
    path("copy-week/", views.copy_week, name="copy-week"),
    path("plan-range/", views.plan_range, name="plan-range"),
    path("overload/", views.overload, name="overload"),
    path("clients/<slug:client_slug>/", views.client_view, name="client"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("leave/", views.leave, name="leave"),
    path("leave/<int:leave_id>/", views.leave_decide, name="leave-decide"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/edit/", views.budget_edit, name="budget-edit"),
    path("reports/utilisation/", views.report_utilisation, name="report-utilisation"),
    path(
        "reports/profitability/",
        views.report_profitability,
        name="report-profitability",
    ),
]
