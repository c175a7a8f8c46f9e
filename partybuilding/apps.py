from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

READ = [
    "partybuilding.view_organisation",
    "partybuilding.view_unit",
    "partybuilding.view_member",
    "partybuilding.view_transfer",
    "partybuilding.view_activity",
    "partybuilding.view_checkin",
    "partybuilding.view_pointsentry",
    "partybuilding.view_pointsrule",
]
# Branch work: the roll, activities, attendance and points. Entries of the points ledger are only ever added.
KEEP_BRANCH = [
    "partybuilding.add_member",
    "partybuilding.change_member",
    "partybuilding.add_transfer",
    "partybuilding.add_activity",
    "partybuilding.change_activity",
    "partybuilding.add_checkin",
    "partybuilding.change_checkin",
    "partybuilding.add_pointsentry",
]
KEEP_COMMUNITY = [
    "partybuilding.add_organisation",
    "partybuilding.change_organisation",
    "partybuilding.add_unit",
    "partybuilding.change_unit",
]


# Secretaries bring in their branch's roll from Excel (imports/, partybuilding.importers).
IMPORT = ["imports.add_importbatch", "imports.view_importbatch"]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    grant(Role.PARTY_SECRETARY, READ + KEEP_BRANCH + IMPORT)
    grant(Role.COMMUNITY_ADMIN, READ + KEEP_BRANCH + KEEP_COMMUNITY)
    grant(Role.OFFICIAL, READ)


class PartybuildingConfig(AppConfig):
    name = "partybuilding"
    registers = "partybuilding.exports.REGISTERS"  # see exports.registers
    verbose_name = _("Party building")
    home_panel = "partybuilding.home.panel"  # see portal.views.HomeView
    import_kinds = ["partybuilding.importers.MemberImport"]  # see imports.kinds
    nav = [
        {
            "label": _("Party building"),
            "url": "partybuilding:organisation-list",
            "permission": "partybuilding.view_organisation",
        },
    ]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
