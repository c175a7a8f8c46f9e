from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")
    # Its section in the navigation is offered by residents (after the register's own), where the
    # people who import work; the kinds come from the apps' `import_kinds`.
