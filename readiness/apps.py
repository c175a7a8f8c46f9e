from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

MODELS = ["supply", "movement", "plan", "drill", "team", "member"]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    # As volunteering: party secretaries and officials read their area; community admins keep their
    # community (a movement is added, never changed).
    view = [f"readiness.view_{model}" for model in MODELS]
    keep = [f"readiness.{verb}_{model}" for model in MODELS for verb in ("add", "change") if model != "movement"]
    for role in (Role.PARTY_SECRETARY, Role.OFFICIAL):
        grant(role, view)
    grant(Role.COMMUNITY_ADMIN, [*view, *keep, "readiness.add_movement"])


class ReadinessConfig(AppConfig):
    """应急准备: the community's emergency supplies with their movements, its emergency plans with their versions and
    drills, and its emergency teams with their members and call order."""

    name = "readiness"
    verbose_name = _("Emergency readiness")
    nav = [
        {
            "label": _("Emergency readiness"),
            "url": "readiness:supply-list",
            "permission": "readiness.view_supply",
            "group": _("Co-governance"),
        }
    ]
    dashboard_panel = "readiness.dashboard.panel"

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
