"""Root URLs: each app mounts its own."""

from django.contrib import admin
from django.urls import include, path, re_path

from agencydesk.api import views as api_views
from agencydesk.api.api import api
from agencydesk.core import views as core_views

# admin.site is people.admin_site.AgencyAdminSite (INSTALLED_APPS): admins only,
# signing in through the product's rate-limited form.

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("", include("agencydesk.core.urls")),
    path("", include("agencydesk.people.urls")),
    path("clients/", include("agencydesk.clients.urls")),
    path("desk/", include("agencydesk.desk.urls")),
    path("comms/", include("agencydesk.comms.urls")),
    path("work/", include("agencydesk.work.urls")),
    path("meetings/", include("agencydesk.meetings.urls")),
    path("time/", include("agencydesk.timesheets.urls")),
    path("planning/", include("agencydesk.planning.urls")),
    path("onboarding/", include("agencydesk.onboarding.urls")),
    path("finance/", include("agencydesk.finance.urls")),
    path("imports/", include("agencydesk.imports.urls")),
    path("kpis/", include("agencydesk.reports.urls")),
    path("risks/", include("agencydesk.risks.urls")),
    path("portal/", include("agencydesk.portal.urls")),
    path("profile/tokens/", include("agencydesk.api.urls")),
    path("webhooks/", include("agencydesk.api.webhooks.urls")),
    path("integrations/", include("agencydesk.api.integrations.urls")),
    path("api/v1/", api.urls),
    # [\s\S]: a path may hold a decoded newline (%0A), which "." would not match.
    re_path(r"^api/(?P<rest>[\s\S]*)$", api_views.api_not_found, name="api-not-found"),
    path("admin/", admin.site.urls),
]

handler400 = "agencydesk.core.errorviews.bad_request"
handler403 = "agencydesk.core.errorviews.permission_denied"
handler404 = "agencydesk.core.errorviews.page_not_found"
handler500 = "agencydesk.core.errorviews.server_error"
