from django.urls import path

from exports.views import export_path, register_paths

from .exports import REGISTERS
from .views import activities, check_in, compliance, members, organisations, units

app_name = "partybuilding"
urlpatterns = [
    path("", organisations.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", organisations.OrganisationEditView.as_view(), name="organisation-create"),
    path("organisations/<int:pk>/", organisations.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/edit/", organisations.OrganisationEditView.as_view(), name="organisation-update"),
    path("members/", members.MemberListView.as_view(), name="member-list"),
    export_path("members/", members.MemberListView, name="member-export"),
    *register_paths(members.MemberListView, REGISTERS),
    path("members/new/", members.MemberCreateView.as_view(), name="member-create"),
    path("members/<int:pk>/", members.MemberDetailView.as_view(), name="member-detail"),
    path("members/<int:pk>/edit/", members.MemberUpdateView.as_view(), name="member-update"),
    path("members/<int:pk>/leave/", members.MemberLeaveView.as_view(), name="member-leave"),
    path("members/<int:pk>/confirm/", members.MemberConfirmView.as_view(), name="member-confirm"),
    path("members/<int:pk>/points/new/", members.PointsCreateView.as_view(), name="points-create"),
    path("points/", members.PointsListView.as_view(), name="points-list"),
    export_path("points/", members.PointsListView, name="points-export"),
    path("points/<int:pk>/correct/", members.PointsCorrectView.as_view(), name="points-correct"),
    path("activities/", activities.ActivityListView.as_view(), name="activity-list"),
    export_path("activities/", activities.ActivityListView, name="activity-export"),
    path("activities/new/", activities.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/attendance/", activities.AttendanceView.as_view(), name="activity-attendance"),
    path("activities/<int:pk>/attendance/record/", activities.AttendanceRecordView.as_view(), name="attendance-record"),
    path("activities/<int:pk>/expected/", activities.ActivityExpectedView.as_view(), name="activity-expected"),
    path("activities/<int:pk>/minutes/", activities.ActivityMinutesView.as_view(), name="activity-minutes"),
    path("activities/<int:pk>/qr/", check_in.ActivityQRView.as_view(), name="activity-qr"),
    path("activities/<int:pk>/qr/<str:token>.svg", check_in.ActivityQRImageView.as_view(), name="activity-qr-image"),
    path("attendance/", activities.CheckInListView.as_view(), name="checkin-list"),
    export_path("attendance/", activities.CheckInListView, name="checkin-export"),
    path("check-ins/<int:pk>/hours/", activities.ConfirmHoursView.as_view(), name="check-in-hours"),
    path("check-in/<str:token>/", check_in.CheckInView.as_view(), name="check-in"),
    path("compliance/", compliance.ComplianceView.as_view(), name="compliance"),
    path("units/", units.UnitListView.as_view(), name="unit-list"),
    export_path("units/", units.UnitListView, name="unit-export"),
    path("units/new/", units.UnitCreateView.as_view(), name="unit-create"),
    path("units/<int:pk>/", units.UnitDetailView.as_view(), name="unit-detail"),
    path("units/<int:pk>/edit/", units.UnitUpdateView.as_view(), name="unit-update"),
]
