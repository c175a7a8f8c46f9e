from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Shared infrastructure with no domain of its own (paging, rate limits); imports no other app."""

    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.conf import settings

        from . import lookups  # noqa: F401 - registers field__any
        from .clientaddress import trusted_networks

        # A mistyped proxy address stops the portal at start rather than on its first request.
        trusted_networks(tuple(settings.TRUSTED_PROXIES))
