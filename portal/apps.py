from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site shell: home page, health check, navigation, the lock-out page. Demo data lives in `demo`,
    the scale generator and the benchmark in `devtools`."""

    name = "portal"
    verbose_name = _("Portal")
