from django.urls import path

from .views import plans, supplies, teams

app_name = "readiness"
urlpatterns = [
    path("", supplies.SupplyListView.as_view(), name="supply-list"),
    path("supplies/new/", supplies.SupplyCreateView.as_view(), name="supply-create"),
    path("supplies/<int:pk>/", supplies.SupplyDetailView.as_view(), name="supply-detail"),
    path("supplies/<int:pk>/edit/", supplies.SupplyUpdateView.as_view(), name="supply-update"),
    path("supplies/<int:pk>/movements/new/", supplies.MovementCreateView.as_view(), name="movement-create"),
    path("plans/", plans.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan-update"),
    path("plans/<int:pk>/drills/new/", plans.DrillCreateView.as_view(), name="drill-create"),
    path("teams/", teams.TeamListView.as_view(), name="team-list"),
    path("teams/new/", teams.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", teams.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:pk>/edit/", teams.TeamUpdateView.as_view(), name="team-update"),
    path("teams/<int:pk>/members/new/", teams.MemberCreateView.as_view(), name="member-create"),
    path("members/<int:pk>/edit/", teams.MemberUpdateView.as_view(), name="member-update"),
]
