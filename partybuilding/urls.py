from django.urls import path

from .views import activities as views

app_name = "partybuilding"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationEditView.as_view(), name="organisation-create"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationEditView.as_view(), name="organisation-update"),
    path("members/", views.MemberListView.as_view(), name="member-list"),
    path("members/new/", views.MemberCreateView.as_view(), name="member-create"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member-detail"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member-update"),
    path("members/<int:pk>/leave/", views.MemberLeaveView.as_view(), name="member-leave"),
    path("members/<int:pk>/confirm/", views.MemberConfirmView.as_view(), name="member-confirm"),
    path("members/<int:pk>/points/new/", views.PointsCreateView.as_view(), name="points-create"),
    path("points/<int:pk>/correct/", views.PointsCorrectView.as_view(), name="points-correct"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/attendance/", views.AttendanceView.as_view(), name="activity-attendance"),
    path("activities/<int:pk>/attendance/record/", views.AttendanceRecordView.as_view(), name="attendance-record"),
    path("activities/<int:pk>/expected/", views.ActivityExpectedView.as_view(), name="activity-expected"),
    path("activities/<int:pk>/minutes/", views.ActivityMinutesView.as_view(), name="activity-minutes"),
    path("activities/<int:pk>/qr/", views.ActivityQRView.as_view(), name="activity-qr"),
    path("activities/<int:pk>/qr/<str:token>.svg", views.ActivityQRImageView.as_view(), name="activity-qr-image"),
    path("check-ins/<int:pk>/hours/", views.ConfirmHoursView.as_view(), name="check-in-hours"),
    path("check-in/<str:token>/", views.CheckInView.as_view(), name="check-in"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("units/", views.UnitListView.as_view(), name="unit-list"),
    path("units/new/", views.UnitCreateView.as_view(), name="unit-create"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit-update"),
]
