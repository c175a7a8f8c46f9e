from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

READ = [
    "deliberation.view_topic",
    "deliberation.view_meeting",
    "deliberation.view_decision",
    "deliberation.view_task",
]
# The desk runs a topic: its meetings, the decisions, the follow-up and the steps.
RUN = [
    "deliberation.add_topic",
    "deliberation.change_topic",
    "deliberation.add_meeting",
    "deliberation.change_meeting",
    "deliberation.add_decision",
    "deliberation.change_decision",
    "deliberation.add_task",
    "deliberation.change_task",
]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    grant(Role.WINDOW_STAFF, READ + RUN)
    grant(Role.COMMUNITY_ADMIN, READ + RUN)
    grant(Role.GRID_WORKER, [*READ, "deliberation.add_topic"])  # raises topics from their grids
    grant(Role.PARTY_SECRETARY, READ)
    grant(Role.OFFICIAL, READ)


class DeliberationConfig(AppConfig):
    """居民议事: topics raised by residents, requests or grid reports, the meetings that discuss them, their decisions
    and the follow-up."""

    name = "deliberation"
    verbose_name = _("Resident deliberation")
    nav = [
        {
            "label": _("Deliberation"),
            "url": "deliberation:topic-list",
            "permission": "deliberation.view_topic",
            "group": _("Co-governance"),  # one menu with co-building and volunteers (portal.context_processors)
        }
    ]
    dashboard_panel = "deliberation.dashboard.panel"  # see dashboards.views.app_panels
    request_panels = ["deliberation.hooks.request_panel"]  # see common/templatetags/app_panels.py

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
