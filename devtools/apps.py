from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevtoolsConfig(AppConfig):
    """Tools for measuring the portal at district scale: `manage.py seed_scale` (scale/) generates a
    district of a million residents, `manage.py bench` (bench/) times the pages against it (`make bench`).

    Always in INSTALLED_APPS, in production too: the app has no models, URLs, middleware or signals, so
    it does nothing until one of its commands is typed, and the portal imports nothing of it. A setting
    that leaves it out would have to be switched on again by `make bench` and the tests, for no gain.
    It builds on the demo district's names and departments (it imports `demo`, never the other way)."""

    name = "devtools"
    label = "devtools"
    verbose_name = _("Developer tools")
