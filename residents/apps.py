from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

READ = [
    "grids.view_compound",
    "grids.view_building",
    "grids.view_dwelling",
    "residents.view_resident",
    "residents.view_household",
    "residents.view_householdmembership",
    "residents.view_residenttag",
    "residents.view_visit",
]
KEEP_RECORDS = [
    "grids.add_compound",
    "grids.change_compound",
    "grids.add_building",
    "grids.change_building",
    "grids.add_dwelling",
    "grids.change_dwelling",
    "residents.add_resident",
    "residents.change_resident",
    "residents.add_household",
    "residents.change_household",
    "residents.add_householdmembership",
    "residents.change_householdmembership",
    "residents.add_residenttag",
    "residents.change_residenttag",
    "residents.add_visit",
]
FULL_PERSONAL_DATA = ["residents.view_full_personal_data"]
SENSITIVE_TAGS = ["residents.view_sensitive_tags"]
# Keepers of the register bring in their Excel registers (imports/, the kinds below).
IMPORT = ["imports.add_importbatch", "imports.view_importbatch"]


def grant_permissions(sender, **kwargs):
    from grids.roles import Role, grant

    grant(Role.GRID_WORKER, READ + KEEP_RECORDS + FULL_PERSONAL_DATA + SENSITIVE_TAGS + IMPORT)
    grant(Role.COMMUNITY_ADMIN, READ + KEEP_RECORDS + FULL_PERSONAL_DATA + SENSITIVE_TAGS + IMPORT)
    grant(Role.WINDOW_STAFF, READ + FULL_PERSONAL_DATA)
    grant(Role.OFFICIAL, READ)


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("Residents and households")
    home_panel = "residents.home.panel"  # see portal.views.HomeView
    import_kinds = [
        "residents.importers.ResidentImport",
        "residents.importers.TagImport",
        "residents.importers.VisitImport",
    ]  # see imports.kinds
    registers = "residents.exports.REGISTERS"  # see exports.registers
    nav = [
        {"label": _("Residents"), "url": "residents:resident-list", "permission": "residents.view_resident"},
        {"label": _("My grids"), "url": "residents:my-grids", "permission": "residents.add_visit"},
        {"label": _("Places"), "url": "residents:place-list", "permission": "grids.add_dwelling"},
        {"label": _("Imports"), "url": "imports:index", "permission": "imports.add_importbatch"},
    ]

    def ready(self):
        post_migrate.connect(grant_permissions, sender=self)
