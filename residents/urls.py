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
]
