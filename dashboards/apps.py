from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    for role in (Role.OFFICIAL, Role.COMMUNITY_ADMIN):
        grant(role, ["dashboards.view_dashboard"])


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")
    nav = [{"label": _("Dashboard"), "url": "dashboards:home", "permission": "dashboards.view_dashboard"}]
    home_panel = "dashboards.home.panel"  # see portal.views.HomeView

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
