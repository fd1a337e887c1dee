"""Writes of planning: leave requests and decisions, allocations.

One module per concept; callers use ``planning.services.<name>`` as before."""

from .allocations import (
    MAX_RANGE_WEEKS,
    allocation_confirm,
    allocation_create,
    allocation_delete,
    allocation_plan_range,
    allocation_release,
    allocation_update,
    allocations_copy_week,
)
from .leave import (
    MAX_LEAVE_DAYS,
    leave_approve,
    leave_cancel,
    leave_reject,
    leave_request,
)

__all__ = [
    "MAX_LEAVE_DAYS",
    "MAX_RANGE_WEEKS",
    "allocation_confirm",
    "allocation_create",
    "allocation_delete",
    "allocation_plan_range",
    "allocation_release",
    "allocation_update",
    "allocations_copy_week",
    "leave_approve",
    "leave_cancel",
    "leave_reject",
    "leave_request",
]
