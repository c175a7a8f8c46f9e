from django.urls import path

from .views import nominations

app_name = "honours"
urlpatterns = [
    path("", nominations.NominationListView.as_view(), name="nomination-list"),
    path("new/", nominations.NominationCreateView.as_view(), name="nomination-create"),
    path("<int:pk>/", nominations.NominationDetailView.as_view(), name="nomination-detail"),
    path("<int:pk>/appraise/", nominations.AppraiseView.as_view(), name="nomination-appraise"),
    path("<int:pk>/notice/", nominations.NoticeView.as_view(), name="nomination-notice"),
    path("<int:pk>/objections/new/", nominations.ObjectionView.as_view(), name="objection-create"),
    path("<int:pk>/award/", nominations.AwardView.as_view(), name="nomination-award"),
    path("<int:pk>/reject/", nominations.RejectView.as_view(), name="nomination-reject"),
]
