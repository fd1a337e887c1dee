"""Staff pages of time tracking, one module per screen: the week and timer
(``sheet``), approvals, the entry list, and the rate tables."""
