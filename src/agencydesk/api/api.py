"""The one NinjaAPI at /api/v1/: each domain adds its router here."""

from ninja import NinjaAPI

from .errors import refuse_unknown_query_parameters, register_error_handlers
from .routers import (
    approvals,
    billing,
    clients,
    contacts,
    finance,
    kpis,
    meetings,
    notifications,
    onboarding,
    planning,
    rates,
    request_types,
    risks,
    scope,
    tickets,
    time,
    timeline,
    webhooks,
    work,
)
from .routers._shared import RENDERER

api = NinjaAPI(
    title="Agency Desk API",
    version="1",
    description=(
        "Bearer-token API of Agency Desk. Every 4xx answer has the body "
        '{"code", "message", "fields"}. See docs/api.md.'
    ),
    urls_namespace="api-v1",
    renderer=RENDERER,
)
register_error_handlers(api)
api.add_decorator(refuse_unknown_query_parameters, mode="view")
api.add_router("/tickets", tickets.router)
api.add_router("/clients", clients.router)
api.add_router("/contacts", contacts.router)
api.add_router("/request-types", request_types.router)
api.add_router("/notifications", notifications.router)
api.add_router("/timeline", timeline.router)
api.add_router("/webhooks", webhooks.router)
api.add_router("/time-entries", time.router)
api.add_router("/timer", time.timer_router)
api.add_router("/allocations", planning.router)
api.add_router("/capacity", planning.capacity_router)
api.add_router("/meetings", meetings.router)
api.add_router("/projects", work.projects)
api.add_router("/tasks", work.tasks)
api.add_router("/approvals", approvals.router)
api.add_router("/sows", scope.sows)
api.add_router("/change-requests", scope.change_requests)
api.add_router("/onboarding-runs", onboarding.router)
api.add_router("/contracts", finance.contracts)
api.add_router("/contractors", finance.contractors)
api.add_router("/documents", finance.documents)
api.add_router("/invoices", billing.invoices)
api.add_router("/payments", billing.payments)
api.add_router("/acts", billing.acts)
api.add_router("/bills", billing.bills)
api.add_router("/exchange-rates", rates.router)
api.add_router("/kpis", kpis.router)
api.add_router("/kpi-push", kpis.push_router)
api.add_router("/complaints", risks.complaints)
api.add_router("/risks", risks.risks)
api.add_router("/escalations", risks.escalations)
