"""Helpers for data migrations that grant permissions to roles.

Migrations may import only this module of the project: it touches no model
class and works on the historical ``apps`` a migration receives.
"""

from collections.abc import Mapping, Sequence


def ensure_permissions(apps) -> None:
    """Create content types and permissions now (Django makes them only after
    ``migrate`` ends), so a data migration can grant them."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def grant(apps, matrix: Mapping[str, Sequence[str]]) -> None:
    """Give each role (group name) the listed ``app_label.codename`` permissions."""
    ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perms in matrix.items():
        group, _created = group_model.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            group.permissions.add(
                permission_model.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
    _roles_changed()


def revoke(apps, matrix: Mapping[str, Sequence[str]]) -> None:
    """Undo ``grant`` (the reverse of a granting migration)."""
    group_model = apps.get_model("auth", "Group")
    for role, perms in matrix.items():
        group = group_model.objects.filter(name=role).first()
        if group is None:
            continue
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            group.permissions.remove(
                *group.permissions.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
    _roles_changed()


def _roles_changed() -> None:
    # Roles got other permissions: people's cached permissions are stale.
    from .perm_cache import permissions_epoch_bump

    permissions_epoch_bump()


def crud(model: str, actions: str = "view add change delete") -> list[str]:
    """``crud("clients.client", "view change")`` → the permission names."""
    app_label, name = model.split(".")
    return [f"{app_label}.{action}_{name}" for action in actions.split()]
