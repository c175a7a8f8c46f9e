"""The register's pages: people.py (residents, their searches and changes), households.py (households,
visits, the special-group and visit lists, a grid worker's own grids)."""

from .households import HouseholdDetailView, HouseholdListView, MyGridsView, TagListView, VisitCreateView, VisitListView
from .people import (
    RESULTS,
    ResidentCreateView,
    ResidentDetailView,
    ResidentEditView,
    ResidentIdSearchView,
    ResidentLeaveView,
    ResidentListView,
    ResidentUpdateView,
    RevealView,
    TagCreateView,
    TagEndView,
)

__all__ = [
    "RESULTS",
    "HouseholdDetailView",
    "HouseholdListView",
    "MyGridsView",
    "ResidentCreateView",
    "ResidentDetailView",
    "ResidentEditView",
    "ResidentIdSearchView",
    "ResidentLeaveView",
    "ResidentListView",
    "ResidentUpdateView",
    "RevealView",
    "TagCreateView",
    "TagEndView",
    "TagListView",
    "VisitCreateView",
    "VisitListView",
]
