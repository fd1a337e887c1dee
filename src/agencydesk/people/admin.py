from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from agencydesk.core.perm_cache import permissions_epoch_bump

from .models import StaffProfile, User


class StaffProfileInline(admin.StackedInline):
    """A staff profile is configuration (job title, country, weekly hours,
    cost and rates) that no service rule governs: editable here."""

    model = StaffProfile
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # A profile is made with the person, by people.services.staff_create.
        return False


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """People are made, given roles, deactivated and reactivated through the
    people services (the staff directory, a client's contacts page), which
    hold the rules: one account per address, only an admin makes an admin,
    deactivation ends every session, nobody deactivates themselves. So the
    admin adds and deletes nobody and shows those fields read-only; it edits
    only a person's name, language and timezone and their staff profile.
    A forgotten password goes through the e-mailed reset link (or, for who
    never had one, the invitation sent again from the staff directory); the
    admin's own set-password page is kept for operators."""

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "language"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [StaffProfileInline]
    readonly_fields = [
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "last_login",
        "date_joined",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language", "timezone"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        ),
    ]


class RoleAdmin(GroupAdmin):
    """Roles are groups: giving one other permissions makes every person's
    cached permissions stale (core.perm_cache)."""

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        permissions_epoch_bump()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        permissions_epoch_bump()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        permissions_epoch_bump()


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
