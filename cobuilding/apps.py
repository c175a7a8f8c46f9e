from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _perms(model: str, *actions: str) -> list[str]:
    return [f"cobuilding.{action}_{model}" for action in actions]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    lists = [
        *_perms("resource", "view", "add", "change"),
        *_perms("need", "view", "add", "change"),
        *_perms("project", "view", "add", "change"),
    ]
    read_lists = [*_perms("resource", "view"), *_perms("project", "view")]
    read_pairings = [*_perms("pairing", "view"), *_perms("helpvisit", "view")]
    # The admin keeps the community's three lists and pairs households with branches and units; the window
    # reads them and records the needs it meets in requests.
    grant(Role.WINDOW_STAFF, [*read_lists, *_perms("need", "view", "add", "change"), *read_pairings])
    grant(
        Role.COMMUNITY_ADMIN,
        [*lists, *_perms("pairing", "view", "add", "change"), *_perms("helpvisit", "view", "add")],
    )
    # Grid workers record the needs they find on their visits; they read the pairings of their households.
    grant(Role.GRID_WORKER, [*_perms("need", "view", "add", "change"), *read_pairings])
    # Secretaries keep their branches' pairings and record the help visits.
    grant(Role.PARTY_SECRETARY, [*_perms("pairing", "view", "change"), *_perms("helpvisit", "view", "add")])
    grant(
        Role.OFFICIAL,
        [*read_lists, *_perms("need", "view"), *read_pairings],
    )


class CobuildingConfig(AppConfig):
    """共建: the three lists (resources offered, needs found, projects matching them) and the pairing of branches and
    units with households in need (结对帮扶)."""

    name = "cobuilding"
    verbose_name = _("Co-building")
    # One entry: it opens on the needs, or on the pairings for party secretaries (who do not read the lists).
    nav = [
        {
            "label": _("Co-building"),
            "url": "cobuilding:home",
            "permission": "cobuilding.view_pairing",
            "group": _("Co-governance"),
        }
    ]
    dashboard_panel = "cobuilding.dashboard.panel"
    household_panels = ["cobuilding.panels.household_panel"]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
