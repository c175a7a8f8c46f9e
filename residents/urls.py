from django.urls import path

from exports.views import export_path, register_paths

from . import views
from .exports import RESIDENT_REGISTERS, TAG_REGISTERS

app_name = "residents"
urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    export_path("", views.ResidentListView, name="resident-export"),
    path("search/", views.ResidentIdSearchView.as_view(), name="resident-id-search"),
    path("new/", views.ResidentCreateView.as_view(), name="resident-create"),
    path("<int:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("<int:pk>/edit/", views.ResidentUpdateView.as_view(), name="resident-update"),
    path("<int:pk>/leave/", views.ResidentLeaveView.as_view(), name="resident-leave"),
    path("<int:pk>/reveal/<str:field>/", views.RevealView.as_view(), name="resident-reveal"),
    path("<int:pk>/tags/new/", views.TagCreateView.as_view(), name="tag-create"),
    path("tags/<int:pk>/end/", views.TagEndView.as_view(), name="tag-end"),
    path("<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="resident-visit-create"),
    path("households/", views.HouseholdListView.as_view(), name="household-list"),
    export_path("households/", views.HouseholdListView, name="household-export"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path("households/<int:household_pk>/visits/new/", views.VisitCreateView.as_view(), name="household-visit-create"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    export_path("tags/", views.TagListView, name="tag-export"),
    path("visits/", views.VisitListView.as_view(), name="visit-list"),
    export_path("visits/", views.VisitListView, name="visit-export"),
    *register_paths(views.TagListView, TAG_REGISTERS),
    *register_paths(views.ResidentListView, RESIDENT_REGISTERS),
    path("my-grids/", views.MyGridsView.as_view(), name="my-grids"),
    path(
        "places/dwellings/<int:dwelling_pk>/households/new/",
        views.HouseholdRegisterView.as_view(),
        name="household-create",
    ),
    path("households/<int:pk>/members/new/", views.HouseholdJoinView.as_view(), name="household-join"),
    path("households/<int:pk>/head/", views.HeadChangeView.as_view(), name="household-head"),
    path("households/<int:pk>/split/", views.HouseholdSplitView.as_view(), name="household-split"),
    path("households/<int:pk>/merge/", views.HouseholdMergeView.as_view(), name="household-merge"),
    path("households/<int:pk>/move/", views.HouseholdMoveView.as_view(), name="household-move"),
    path("places/", views.PlaceListView.as_view(), name="place-list"),
    path("places/rentals/", views.RentalListView.as_view(), name="rental-list"),
    path("places/compounds/new/", views.CompoundCreateView.as_view(), name="compound-create"),
    path("places/compounds/<int:pk>/edit/", views.CompoundUpdateView.as_view(), name="compound-update"),
    path("places/buildings/new/", views.BuildingCreateView.as_view(), name="building-create"),
    path("places/buildings/<int:pk>/", views.BuildingDetailView.as_view(), name="building-detail"),
    path("places/buildings/<int:pk>/edit/", views.BuildingUpdateView.as_view(), name="building-update"),
    path(
        "places/buildings/<int:building_pk>/dwellings/new/", views.DwellingCreateView.as_view(), name="dwelling-create"
    ),
    path("places/dwellings/<int:pk>/edit/", views.DwellingUpdateView.as_view(), name="dwelling-update"),
    path("places/dwellings/<int:pk>/move/", views.DwellingMoveView.as_view(), name="dwelling-move"),
]
