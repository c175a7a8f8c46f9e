from django.urls import path

from .views import organisations, records, volunteers

app_name = "volunteering"
urlpatterns = [
    path("", volunteers.VolunteerListView.as_view(), name="volunteer-list"),
    path("new/", volunteers.VolunteerCreateView.as_view(), name="volunteer-create"),
    path("<int:pk>/", volunteers.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path("<int:pk>/edit/", volunteers.VolunteerUpdateView.as_view(), name="volunteer-update"),
    path("teams/", volunteers.TeamListView.as_view(), name="team-list"),
    path("teams/new/", volunteers.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", volunteers.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:pk>/edit/", volunteers.TeamUpdateView.as_view(), name="team-update"),
    path("teams/<int:pk>/members/new/", volunteers.MembershipAddView.as_view(), name="membership-create"),
    path("memberships/<int:pk>/end/", volunteers.MembershipEndView.as_view(), name="membership-end"),
    path("records/", records.RecordListView.as_view(), name="record-list"),
    path("records/new/", records.RecordCreateView.as_view(), name="record-create"),
    path("records/<int:pk>/", records.RecordDetailView.as_view(), name="record-detail"),
    path("records/<int:pk>/edit/", records.RecordUpdateView.as_view(), name="record-update"),
    path("records/<int:pk>/hours/", records.HoursSetView.as_view(), name="hours-set"),
    path("hours/<int:pk>/remove/", records.HoursRemoveView.as_view(), name="hours-remove"),
    path("records/<int:pk>/confirm/", records.RecordConfirmView.as_view(), name="record-confirm"),
    path("records/<int:pk>/reopen/", records.RecordReopenView.as_view(), name="record-reopen"),
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", organisations.OrganisationCreateView.as_view(), name="organisation-create"),
    path("organisations/<int:pk>/", organisations.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/edit/", organisations.OrganisationUpdateView.as_view(), name="organisation-update"),
    path(
        "organisations/<int:pk>/activities/new/",
        organisations.OrganisationActivityAddView.as_view(),
        name="organisation-activity-create",
    ),
    path("organisations/<int:pk>/ratings/new/", organisations.RatingCreateView.as_view(), name="rating-create"),
    path("ratings/<int:pk>/edit/", organisations.RatingUpdateView.as_view(), name="rating-update"),
]
