from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Exports")
    # Lists offer their export through ListExportView (exports/views.py); this app knows no domain app.
