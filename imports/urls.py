from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("<slug:kind>/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/", views.BatchDetailView.as_view(), name="batch-detail"),
    path("<int:pk>/confirm/", views.BatchConfirmView.as_view(), name="batch-confirm"),
    path("<int:pk>/errors.xlsx", views.ErrorReportView.as_view(), name="batch-errors"),
]
