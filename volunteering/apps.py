from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

MODELS = [
    "team",
    "volunteer",
    "membership",
    "servicerecord",
    "servicehours",
    "socialorganisation",
    "organisationactivity",
    "starrating",
]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    # Party secretaries and officials read their area; community admins keep their community and
    # confirm the hours the team leaders report.
    view = [f"volunteering.view_{model}" for model in MODELS]
    keep = [f"volunteering.{verb}_{model}" for model in MODELS for verb in ("add", "change")]
    for role in (Role.PARTY_SECRETARY, Role.OFFICIAL):
        grant(role, view)
    grant(Role.COMMUNITY_ADMIN, [*view, *keep, "volunteering.confirm_servicerecord"])


class VolunteeringConfig(AppConfig):
    """志愿服务 and 社会组织: volunteer teams, their volunteers and confirmed service hours; the community's social
    organisations and their yearly star rating."""

    name = "volunteering"
    verbose_name = _("Volunteers and social organisations")
    # One entry: the app's tabs lead to teams, service records and social organisations.
    nav = [
        {
            "label": _("Volunteers"),
            "url": "volunteering:volunteer-list",
            "permission": "volunteering.view_volunteer",
            "group": _("Co-governance"),
        }
    ]
    dashboard_panel = "volunteering.dashboard.panel"
    resident_panels = ["volunteering.panels.resident_panel"]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
