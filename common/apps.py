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

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from .sessions import sessions_end_on_deactivation, sessions_note_account

        pre_save.connect(sessions_note_account, sender=get_user_model(), dispatch_uid="sessions_note_account")
        post_save.connect(sessions_end_on_deactivation, sender=get_user_model(), dispatch_uid="sessions_end")
