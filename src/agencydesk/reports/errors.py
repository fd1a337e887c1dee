"""Refusals of the KPI part of reports."""

from __future__ import annotations

from agencydesk.core.errors import DomainError


class KpiExistsError(DomainError):
    code = "kpi_exists"


class DataPointInvalidError(DomainError):
    code = "data_point_invalid"


class PushRefusedError(DomainError):
    """A push the address or signature does not prove, or too large."""

    code = "kpi_push_refused"
