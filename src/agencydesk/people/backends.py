"""Authentication by e-mail, case-insensitive."""

from django.contrib.auth.backends import ModelBackend

from agencydesk.core.perm_cache import permissions_cached

from .models import User, normalize_email


class EmailBackend(ModelBackend):
    """Log in with e-mail and password."""

    def authenticate(self, request, username=None, password=None, email=None, **kw):
        email = normalize_email(email or username or "")
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email=email)
        except User.DoesNotExist:
            # Spend the same time as a real check so timing reveals nothing.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user) -> bool:
        """An integration never signs in (nor keeps a session): it acts only
        through its API tokens."""
        return super().user_can_authenticate(user) and not getattr(
            user, "integration", ""
        )

    def get_all_permissions(self, user_obj, obj=None):
        """The person's permissions, kept between requests (core.perm_cache):
        two queries fewer on every page."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = permissions_cached(
                user_obj.pk,
                lambda: super(EmailBackend, self).get_all_permissions(user_obj),
            )
        return user_obj._perm_cache
