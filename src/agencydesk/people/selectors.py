"""Reads about people."""

from django.db.models import Prefetch, QuerySet

from agencydesk.core.access import Viewer

from .models import User


def staff_list_for_directory(
    *, viewer: Viewer, query: str = "", role: str = "", deactivated: bool = False
) -> QuerySet[User]:
    """Active (or, asked, deactivated) staff with profile and roles, by name,
    for the staff directory."""
    if not viewer.is_staff:
        return User.objects.none()
    staff = (
        User.objects.filter(is_staff=True, is_active=not deactivated)
        .select_related("staff_profile")
        .prefetch_related(Prefetch("groups"))
        .order_by("full_name", "pk")
    )
    if query:
        staff = staff.filter(full_name__icontains=query) | staff.filter(
            email__icontains=query
        )
    if role:
        staff = staff.filter(groups__name=role)
    return staff
