"""The roles of docs/design.md ("Who uses it"), each a Django group holding its model permissions, and the audiences
that read or keep the rows of an area.

Groups are created after every migrate; each app grants its own permissions to the roles that
need them by calling `grant()` from a post_migrate handler, so no group is ever set up by hand.
"""

import enum
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WINDOW_STAFF = "window_staff", _("Window staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    PARTY_SECRETARY = "party_secretary", _("Party branch secretary")
    COMMUNITY_ADMIN = "community_admin", _("Community administrator")
    OFFICIAL = "official", _("Official")
    # A liaison answers for a department (services app), not for an area: no staff post.
    DEPARTMENT_LIAISON = "department_liaison", _("Department liaison")

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self]


class Audience(enum.Enum):
    """Who a scope is for: the posts of which roles count when the areas a user may see are worked
    out (grids/scope.py holds the roles of each). Querysets name an audience, never a list of roles."""

    ANYONE = "anyone"  # every post the user holds
    # The register of places and people: grid workers keep their own grids, community admins their
    # community; window staff and officials read it.
    REGISTER_READERS = "register_readers"
    REGISTER_KEEPERS = "register_keepers"
    DESK = "desk"  # window staff and community admins: the desk of a community's service centre
    WALKERS = "walkers"  # grid workers, in the grids they walk
    ADMINS = "admins"  # community admins
    OVERSEERS = "overseers"  # community admins and officials, who read an area's figures and party work


# Group names are data shown in the admin, so they are stored in Chinese, as the district uses them.
GROUP_NAMES = {
    Role.WINDOW_STAFF: "窗口工作人员",
    Role.GRID_WORKER: "网格员",
    Role.PARTY_SECRETARY: "支部书记",
    Role.COMMUNITY_ADMIN: "社区管理员",
    Role.OFFICIAL: "街道/区领导",
    Role.DEPARTMENT_LIAISON: "部门联络员",
}


def grant(role: Role, permissions: Iterable[str]) -> None:
    """Give `role`'s group the permissions named "app_label.codename" (created on demand)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=role.group_name)
    for name in permissions:
        app_label, codename = name.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        group.permissions.add(permission)


def create_groups() -> None:
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role.group_name)
