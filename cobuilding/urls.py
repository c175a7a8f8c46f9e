from django.urls import path

from .views import lists, pairings

app_name = "cobuilding"
urlpatterns = [
    path("", lists.HomeView.as_view(), name="home"),
    path("resources/", lists.ResourceListView.as_view(), name="resource-list"),
    path("resources/add/", lists.ResourceCreateView.as_view(), name="resource-create"),
    path("resources/<int:pk>/edit/", lists.ResourceUpdateView.as_view(), name="resource-update"),
    path("resources/<int:pk>/status/", lists.ResourceStatusView.as_view(), name="resource-status"),
    path("needs/", lists.NeedListView.as_view(), name="need-list"),
    path("needs/unmatched/", lists.UnmatchedNeedListView.as_view(), name="need-unmatched"),
    path("needs/add/", lists.NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/edit/", lists.NeedUpdateView.as_view(), name="need-update"),
    path("needs/<int:pk>/close/", lists.NeedCloseView.as_view(), name="need-close"),
    path("projects/", lists.ProjectListView.as_view(), name="project-list"),
    path("projects/add/", lists.ProjectCreateView.as_view(), name="project-create"),
    path("projects/<int:pk>/", lists.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", lists.ProjectUpdateView.as_view(), name="project-update"),
    path("projects/<int:pk>/match/", lists.ProjectMatchView.as_view(), name="project-match"),
    path("projects/<int:pk>/status/", lists.ProjectStatusView.as_view(), name="project-status"),
    path("pairings/", pairings.PairingListView.as_view(), name="pairing-list"),
    path("pairings/unpaired/", pairings.UnpairedListView.as_view(), name="pairing-unpaired"),
    path("pairings/add/", pairings.PairingCreateView.as_view(), name="pairing-create"),
    path("pairings/<int:pk>/", pairings.PairingDetailView.as_view(), name="pairing-detail"),
    path("pairings/<int:pk>/end/", pairings.PairingEndView.as_view(), name="pairing-end"),
    path("pairings/<int:pk>/visits/add/", pairings.HelpVisitCreateView.as_view(), name="helpvisit-create"),
]
