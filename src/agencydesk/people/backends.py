"""Authentication by e-mail, case-insensitive."""

from django.contrib.auth.backends import ModelBackend

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
