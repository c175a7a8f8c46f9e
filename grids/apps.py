from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_permissions(sender, **kwargs):
    from .roles import Role, create_groups, grant

    create_groups()
    for role in Role:
        if role == Role.DEPARTMENT_LIAISON:
            continue  # a liaison answers for a department, not an area
        grant(role, ["grids.view_district", "grids.view_street", "grids.view_community", "grids.view_grid"])
    grant(Role.COMMUNITY_ADMIN, ["grids.view_staffpost"])


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Areas and staff posts")
    nav = [{"label": _("Areas"), "url": "grids:grid-list", "permission": "grids.view_grid"}]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
