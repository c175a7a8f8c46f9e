from django.urls import path

from exports.views import ListExportView

from . import views

app_name = "residents"
urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    path(
        "export.<str:file_format>",
        ListExportView.as_view(list_view=views.ResidentListView),
        name="resident-export",
    ),
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
    path(
        "households/export.<str:file_format>",
        ListExportView.as_view(list_view=views.HouseholdListView),
        name="household-export",
    ),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path("households/<int:household_pk>/visits/new/", views.VisitCreateView.as_view(), name="household-visit-create"),
    path("my-grids/", views.MyGridsView.as_view(), name="my-grids"),
]
