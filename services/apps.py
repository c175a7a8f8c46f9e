from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

READ = [
    "services.view_department",
    "services.view_servicecategory",
    "services.view_serviceitem",
    "services.view_servicerequest",
    "services.view_requestevent",
    "services.view_requestattachment",
]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    desk = [*READ, "services.add_servicerequest", "services.change_servicerequest"]
    grant(Role.WINDOW_STAFF, desk)
    grant(
        Role.COMMUNITY_ADMIN,
        [*desk, "services.change_serviceitem", "services.change_department", "services.view_supervision"],
    )
    grant(Role.GRID_WORKER, [*READ, "services.add_servicerequest", "services.report_incident"])
    grant(Role.DEPARTMENT_LIAISON, READ)
    grant(Role.OFFICIAL, [*READ, "services.view_supervision", "services.supervise_servicerequest"])


class ServicesConfig(AppConfig):
    name = "services"
    registers = "services.exports.REGISTERS"  # see exports.registers
    verbose_name = _("Service requests")
    home_panel = "services.home.panel"  # what the home page shows of the app: see portal.views.HomeView
    # 办理事项: intake with the resident chosen, from the resident's page and every resident search result.
    resident_actions = [
        {
            "label": _("Take a request"),
            "url": "services:request-create",
            "permission": "services.change_servicerequest",
        }
    ]
    nav = [
        {"label": _("Requests"), "url": "services:request-list", "permission": "services.view_servicerequest"},
        {"label": _("New request"), "url": "services:request-create", "permission": "services.change_servicerequest"},
        {"label": _("Report an incident"), "url": "services:grid-report", "permission": "services.report_incident"},
        {"label": _("Supervision"), "url": "services:supervision", "permission": "services.view_supervision"},
        {"label": _("Catalogue"), "url": "services:catalogue", "permission": "services.view_serviceitem"},
    ]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
