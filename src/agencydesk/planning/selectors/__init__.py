"""Reads of planning: capacity, the planner grid, overload, a client's plan and
a manager's portfolio, budgets with plans, the reports, leave, a person's week.

One module per concept; callers may use ``planning.selectors.<name>``."""

from .budgets import BUDGET_WARNING_PERCENT, budget_burns_with_plans, budgets_past
from .capacity import WeekCapacity, heat, percent, week_capacity, weekly_minutes
from .leave import leave_list
from .my_week import MyWeek, my_week
from .overload import Overload, overload_list
from .planner import (
    PLANNER_WEEKS,
    Cell,
    CellDetail,
    PlannerRow,
    allocation_list,
    capacities_by_week,
    cell_detail,
    planner_rows,
    staff_for_planning,
)
from .portfolio import (
    ClientPersonRow,
    Portfolio,
    PortfolioLine,
    client_plan,
    portfolio_for,
)
from .reports import (
    Profitability,
    TeamUtilisation,
    Utilisation,
    profitability_report,
    utilisation_by_team,
    utilisation_report,
)
from .what_if import WhatIf, what_if_for, what_if_rows

__all__ = [
    "BUDGET_WARNING_PERCENT",
    "PLANNER_WEEKS",
    "Cell",
    "CellDetail",
    "ClientPersonRow",
    "MyWeek",
    "Overload",
    "PlannerRow",
    "Portfolio",
    "PortfolioLine",
    "Profitability",
    "TeamUtilisation",
    "Utilisation",
    "WeekCapacity",
    "WhatIf",
    "allocation_list",
    "budget_burns_with_plans",
    "budgets_past",
    "capacities_by_week",
    "cell_detail",
    "client_plan",
    "heat",
    "leave_list",
    "my_week",
    "overload_list",
    "percent",
    "planner_rows",
    "portfolio_for",
    "profitability_report",
    "staff_for_planning",
    "utilisation_by_team",
    "utilisation_report",
    "week_capacity",
    "weekly_minutes",
    "what_if_for",
    "what_if_rows",
]
