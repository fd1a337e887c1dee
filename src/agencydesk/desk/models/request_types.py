"""What clients ask for (request types and their production steps) and tags."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The request types' drop-down options are kept between requests under this
# group (core.kept), forgotten when a type is saved or deleted.
REQUEST_TYPES = "request-types"


class RequestType(models.Model):
    """A kind of request with its production steps (admin-editable)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("request type")
        verbose_name_plural = _("request types")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Shipped names are message ids (translated); an admin's own name is
        # shown as typed.
        return gettext(self.name)


class RequestTypeStep(models.Model):
    """A production step of a request type, in order."""

    request_type = models.ForeignKey(
        RequestType, on_delete=models.CASCADE, related_name="steps"
    )
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    due_in_days = models.PositiveSmallIntegerField(
        _("due in business days"), default=2, validators=[MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("production step")
        verbose_name_plural = _("production steps")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.name)


class Tag(models.Model):
    """A free label on tickets."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
