"""Who may see and do what: the one access mechanism every view and API uses.

A ``Viewer`` is built once per request (``clients.middleware``) and passed
explicitly. Objects are fetched only through ``access_object`` (or an app's
``access_<entity>`` built on it), which answers 404 alike for "missing" and
"not yours", and 403 only when the viewer may see the object but not act on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Viewer:
    """The person behind a request and the clients they may see."""

    user: Any = None
    is_staff: bool = False
    client_ids: frozenset[int] = field(default_factory=frozenset)
    # A contact limited to what they requested or are copied on, rather than
    # everything of their client.
    limited_to_own: bool = False
    # A contact's roles at their client ("billing"…): the parts of the portal
    # only some contacts use (the billing pages) ask here, with no query.
    contact_roles: frozenset[str] = field(default_factory=frozenset)
    # Staff under need-to-know: returns the ids of the only clients they may
    # see, or None for every client. Called on first need (most pages never
    # ask) and kept for the request, so the scope costs one query at most.
    staff_scope: Callable[[], frozenset[int] | None] | None = field(
        default=None, compare=False, repr=False
    )
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def is_contact(self) -> bool:
        return self.is_authenticated and not self.is_staff and bool(self.client_ids)

    def has_contact_role(self, role: str) -> bool:
        """A client contact holding ``role`` at their client; staff hold none."""
        return self.is_contact and role in self.contact_roles

    def has_perm(self, perm: str) -> bool:
        """Staff permission from the person's roles; contacts hold none."""
        return self.is_staff and self.user.is_active and self.user.has_perm(perm)

    @property
    def staff_client_ids(self) -> frozenset[int] | None:
        """The clients a member of staff may see; None means every client."""
        if not self.is_staff or self.staff_scope is None:
            return None
        if "staff_client_ids" not in self._memo:
            self._memo["staff_client_ids"] = self.staff_scope()
        return self._memo["staff_client_ids"]

    def can_see_client(self, client_id: int) -> bool:
        if self.is_staff:
            scope = self.staff_client_ids
            return scope is None or client_id in scope
        return client_id in self.client_ids


def client_scoped(
    queryset: models.QuerySet[M],
    viewer: Viewer,
    path: str = "client",
    *,
    also: models.Q | None = None,
) -> models.QuerySet[M]:
    """Rows of a model that is not ``ClientOwned`` (time, budgets, bookings)
    that a member of staff may see: all, or under need-to-know those of their
    clients, of no client (internal) and those matching ``also``."""
    scope = viewer.staff_client_ids
    if scope is None:
        return queryset
    allowed = models.Q(**{f"{path}__isnull": True}) | models.Q(**{f"{path}__in": scope})
    return queryset.filter(allowed | also if also is not None else allowed)


ANONYMOUS = Viewer()
# The system itself (demo loader, worker, migrations): a service called with
# ``actor=None`` acts as staff without a person behind it.
SYSTEM = Viewer(is_staff=True)


def viewer_for(
    user: Any,
    contact_client_ids: Iterable[int] = (),
    *,
    limited_to_own: bool = False,
    staff_scope: Callable[[], frozenset[int] | None] | None = None,
    contact_roles: Iterable[str] = (),
) -> Viewer:
    """Build the viewer of a user; contacts pass the ids of their client, staff
    the loader of their need-to-know scope."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    if user.is_staff:
        return Viewer(user=user, is_staff=True, staff_scope=staff_scope)
    return Viewer(
        user=user,
        client_ids=frozenset(contact_client_ids),
        limited_to_own=limited_to_own,
        contact_roles=frozenset(contact_roles),
    )


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def require(viewer: Viewer, perm: str) -> None:
    """Raise PermissionDenied unless the viewer is staff holding ``perm``."""
    if not viewer.has_perm(perm):
        raise PermissionDenied


def require_actor(actor: Any, perm: str) -> None:
    """Services' permission check: ``actor`` must be staff holding ``perm``.

    ``None`` is the system itself (demo loader, migrations, the worker)."""
    if actor is not None:
        require(Viewer(user=actor, is_staff=bool(actor.is_staff)), perm)


def require_action(viewer: Viewer, obj: models.Model, action: str) -> None:
    """Raise PermissionDenied unless the viewer may perform ``action`` on ``obj``."""
    require_model_action(viewer, type(obj), action)


def require_model_action(
    viewer: Viewer, model: type[models.Model], action: str
) -> None:
    """Raise PermissionDenied unless the viewer may perform ``action`` on the
    objects of ``model`` they see."""
    if viewer.is_staff:
        require(viewer, _perm(model, action))
        return
    if action == "view" or action in getattr(model, "contact_actions", ()):
        return
    raise PermissionDenied


def access_object(
    viewer: Viewer,
    source: type[M] | models.QuerySet[M],
    lookup: Any,
    *,
    action: str = "view",
    field_name: str = "pk",
) -> M:
    """The object the viewer asked for, or Http404 when missing or not theirs."""
    queryset = _visible(viewer, source)
    try:
        obj = queryset.get(**{field_name: lookup})
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    require_action(viewer, obj, action)
    return obj


def access_row(
    viewer: Viewer,
    source: type[M] | models.QuerySet[M],
    lookup: Any,
    *,
    fields: tuple[str, ...],
    action: str = "view",
    field_name: str = "pk",
) -> dict[str, Any]:
    """As ``access_object``, read as a row of ``fields`` (a dict): for a read
    that shows columns and needs no model instance."""
    queryset = _visible(viewer, source)
    try:
        row = queryset.values(*fields).get(**{field_name: lookup})
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    require_model_action(viewer, queryset.model, action)
    return row


def _visible(
    viewer: Viewer, source: type[M] | models.QuerySet[M]
) -> models.QuerySet[M]:
    queryset = (
        source if isinstance(source, models.QuerySet) else source._default_manager
    )
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(viewer)
    if not viewer.is_staff:
        raise Http404
    return queryset


ViewFunc = Callable[..., HttpResponse]


def staff_required(perm: str | None = None) -> Callable[[ViewFunc], ViewFunc]:
    """Guard a staff page: log in first, contacts get 403, and so does staff
    lacking ``perm``."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            viewer: Viewer = request.viewer
            if not viewer.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not viewer.is_staff or (perm and not viewer.has_perm(perm)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def contact_required(view: ViewFunc) -> ViewFunc:
    """Guard a portal page: contacts only (staff are sent to their own home)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        viewer: Viewer = request.viewer
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not viewer.is_contact:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def login_required(view: ViewFunc) -> ViewFunc:
    """Guard a page any signed-in person may open."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
