from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartybuildingConfig(AppConfig):
    name = "partybuilding"
    verbose_name = _("Party building")
