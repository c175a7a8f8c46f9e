"""The registers a community sends upward (低保 list, 待就业人员登记表, 工单台账, 党员花名册 …): each a
named export of one list, with fixed columns and preset filters, at `<app>/registers/<slug>/export.xlsx`.

An app lists its registers in its AppConfig (`registers = "residents.exports.REGISTERS"`) and routes
them with `exports.views.register_paths(list_view, registers)`; /exports/registers/ offers those the
user may take. What a register holds is still what its list shows the user with those filters.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.http import QueryDict
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Register:
    slug: str
    title: str
    description: str
    export_class: type
    permission: str  # the list's permission_required
    preset: dict = field(default_factory=dict)  # filter → value (or list of values)
    # The list's filters for the registers page's choices: "community", "grid", and "month" → (from, to).
    params: dict = field(default_factory=dict)

    def preset_on(self, query: QueryDict) -> QueryDict:
        """The request's filters with the register's own set over them."""
        query = query.copy()
        for name, value in self.preset.items():
            query.setlist(name, value if isinstance(value, list) else [value])
        return query


def registers_of_apps():
    """(app label, register) for every register the installed apps declare, in their order."""
    found = []
    for config in apps.get_app_configs():
        if getattr(config, "registers", None):
            found.extend((config.label, register) for register in import_string(config.registers))
    return found
