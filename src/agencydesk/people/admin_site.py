"""The Django admin, for the Admin role only.

This module is imported while the app registry loads (INSTALLED_APPS names its
AdminConfig), so it imports no models.

Every role is staff (``is_staff``), so Django's own rule would open the admin to
all of them. The admin also has no sign-in form of its own: its login page sends
people to the product's, which counts attempts (``people.throttle``).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .roles import Role


class AgencyAdminSite(admin.AdminSite):
    """Django's admin site, open to active admins and superusers only."""

    site_header = _("Agency Desk administration")
    site_title = _("Agency Desk")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or user.groups.filter(name=Role.ADMIN).exists()

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return redirect(index)
        if request.user.is_authenticated:
            # Signed in, but not an admin: another sign-in would not help.
            raise PermissionDenied
        target = request.GET.get(REDIRECT_FIELD_NAME) or index
        # The product's sign-in checks that the target is a local path.
        query = urlencode({REDIRECT_FIELD_NAME: target})
        return redirect(f"{reverse('people:login')}?{query}")


class AgencyAdminConfig(AdminConfig):
    """``django.contrib.admin`` with AgencyAdminSite as ``admin.site``."""

    default_site = "agencydesk.people.admin_site.AgencyAdminSite"
