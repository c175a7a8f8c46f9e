from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    # Honours are posted publicly: every post in the community reads its nominations (the scope is
    # the community's); community admins run the nominations, the kinds are kept in the back office.
    view = ["honours.view_nomination", "honours.view_objection", "honours.view_honourkind"]
    for role in (Role.WINDOW_STAFF, Role.GRID_WORKER, Role.PARTY_SECRETARY, Role.OFFICIAL):
        grant(role, view)
    keep = ["honours.add_nomination", "honours.change_nomination", "honours.add_objection"]
    grant(Role.COMMUNITY_ADMIN, [*view, *keep])


class HonoursConfig(AppConfig):
    """评选表彰: honours such as 星级文明家庭, 民族团结进步示范户 and 文明楼栋, their nominations,
    the democratic appraisal, the public notice period (公示) and the award, shown on the household's
    and the resident's pages."""

    name = "honours"
    verbose_name = _("Honours")
    nav = [
        {
            "label": _("Honours"),
            "url": "honours:nomination-list",
            "permission": "honours.view_nomination",
            "group": _("Co-governance"),
        }
    ]
    dashboard_panel = "honours.dashboard.panel"
    household_panels = ["honours.panels.household_panel"]
    resident_panels = ["honours.panels.resident_panel"]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
