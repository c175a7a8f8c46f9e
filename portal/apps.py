from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site itself: home page, health check, navigation, demo data."""

    name = "portal"
    verbose_name = _("Portal")
