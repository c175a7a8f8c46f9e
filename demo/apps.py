from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo district of `manage.py seed_demo` (run by `make run`): areas, a login for every role,
    residents, party building and a year of service requests.

    The data modules (district, residents, services, party) import the domain apps and one another,
    never the command; the command imports them. No models: nothing here reaches the schema."""

    name = "demo"
    label = "demo"
    verbose_name = _("Demo data")
