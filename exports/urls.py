from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.ExportListView.as_view(), name="list"),
    path("registers/", views.RegistersView.as_view(), name="registers"),
    path("<int:pk>/", views.ExportDetailView.as_view(), name="detail"),
    path("<int:pk>/download/", views.ExportDownloadView.as_view(), name="download"),
]
