"""Reads about people."""

from django.db.models import Prefetch, Q, QuerySet

from agencydesk.core.access import Viewer
from agencydesk.core.pickers import resolve_typed

from .models import User, normalize_email


def staff_list_for_directory(
    *, viewer: Viewer, query: str = "", role: str = "", deactivated: bool = False
) -> QuerySet[User]:
    """Active (or, asked, deactivated) staff with profile and roles, by name,
    for the staff directory."""
    if not viewer.is_staff:
        return User.objects.none()
    staff = (
        User.objects.filter(is_staff=True, is_active=not deactivated, integration="")
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


def _staff(*, active: bool) -> QuerySet[User]:
    # Integrations are no one's colleague: never offered as owner or assignee.
    staff = User.objects.filter(is_staff=True, integration="")
    return staff.filter(is_active=True) if active else staff


def staff_pick_search(
    viewer: Viewer, query: str, limit: int, *, active: bool = True
) -> list[tuple[str, str]]:
    """Staff whose name or e-mail holds ``query``, by name; key = e-mail."""
    if not viewer.is_staff:
        return []
    staff = _staff(active=active)
    if query:
        staff = staff.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    rows = staff.order_by("full_name", "pk").values_list("email", "full_name")
    return [(email, name or email) for email, name in rows[:limit]]


def staff_pick_resolve(viewer: Viewer, text: str, *, active: bool = True):
    """The member of staff ``text`` names (e-mail, id or exact full name)."""
    if not viewer.is_staff:
        return None
    return resolve_typed(
        _staff(active=active),
        text,
        key="email",
        labels=["full_name"],
        normalize=normalize_email,
    )


def staff_pick_present(user: User) -> tuple[str, str]:
    return user.email, user.full_name or user.email


def all_staff_pick_search(viewer: Viewer, query: str, limit: int) -> list:
    """As ``staff_pick_search``, deactivated staff too (filters over history)."""
    return staff_pick_search(viewer, query, limit, active=False)


def all_staff_pick_resolve(viewer: Viewer, text: str):
    """As ``staff_pick_resolve``, deactivated staff too."""
    return staff_pick_resolve(viewer, text, active=False)
