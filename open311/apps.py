from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    # Community admins keep the API clients of their community in the back office (open311/admin.py).
    grant(
        Role.COMMUNITY_ADMIN,
        [
            "open311.view_apiclient",
            "open311.add_apiclient",
            "open311.change_apiclient",
            "open311.view_apikey",
            "open311.change_apikey",
            "open311.view_apicall",
        ],
    )


class Open311Config(AppConfig):
    """The Open311 GeoReport v2 API: other systems (the 12345 hotline) send requests and read them."""

    name = "open311"
    verbose_name = _("Open311 API")

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
