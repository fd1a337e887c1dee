"""Staff pages of planning, one module per screen: the planner and cell
editor, load and accounts (overload, client, portfolio), leave, budgets,
reports."""
