from django.urls import path

from .views import topics, work

app_name = "deliberation"
urlpatterns = [
    path("", topics.TopicListView.as_view(), name="topic-list"),
    path("disputes/", topics.DisputeView.as_view(), name="topic-disputes"),
    path("topics/new/", topics.TopicCreateView.as_view(), name="topic-create"),
    path("topics/<int:pk>/", topics.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<int:pk>/edit/", topics.TopicUpdateView.as_view(), name="topic-update"),
    path("topics/<int:pk>/<slug:action>/", topics.TopicStepView.as_view(), name="topic-step"),
    path("topics/<int:pk>/meetings/new/", work.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/edit/", work.MeetingUpdateView.as_view(), name="meeting-update"),
    path("meetings/<int:pk>/decision/", work.DecisionCreateView.as_view(), name="decision-create"),
    path("decisions/<int:pk>/edit/", work.DecisionUpdateView.as_view(), name="decision-update"),
    path("decisions/<int:pk>/tasks/new/", work.TaskCreateView.as_view(), name="task-create"),
    path("tasks/<int:pk>/done/", work.TaskDoneView.as_view(), name="task-done"),
]
