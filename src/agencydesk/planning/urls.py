from django.urls import path

from .views import accounts, budgets, leave, planner, reports

app_name = "planning"

urlpatterns = [
    path("", planner.planner, name="planner"),
    path("cells/<int:user_id>/<str:week>/", planner.cell, name="cell"),
    path(
        "allocations/<int:allocation_id>/",
        planner.allocation_action,
        name="allocation-action",
    ),
    path("copy-week/", planner.copy_week, name="copy-week"),
    path("plan-range/", planner.plan_range, name="plan-range"),
    path("overload/", accounts.overload, name="overload"),
    path("clients/<slug:client_slug>/", accounts.client_view, name="client"),
    path("portfolio/", accounts.portfolio, name="portfolio"),
    path("leave/", leave.leave, name="leave"),
    path("leave/<int:leave_id>/", leave.leave_decide, name="leave-decide"),
    path("budgets/", budgets.budgets, name="budgets"),
    path("budgets/edit/", budgets.budget_edit, name="budget-edit"),
    path("reports/utilisation/", reports.report_utilisation, name="report-utilisation"),
    path(
        "reports/profitability/",
        reports.report_profitability,
        name="report-profitability",
    ),
]
