from django.urls import path

from exports.views import export_path, register_paths

from . import views
from .exports import REGISTERS

app_name = "services"
urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("requests/", views.RequestListView.as_view(), name="request-list"),
    export_path("requests/", views.RequestListView, name="request-export"),
    *register_paths(views.RequestListView, REGISTERS),
    path("requests/new/", views.IntakeView.as_view(), name="request-create"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("requests/<int:pk>/receipt/", views.ReceiptView.as_view(), name="request-receipt"),
    path("requests/<int:pk>/photos/", views.RequestPhotosView.as_view(), name="request-photos"),
    path(
        "requests/<int:pk>/photos/<int:attachment_pk>/",
        views.RequestAttachmentView.as_view(),
        name="request-attachment",
    ),
    path("requests/<int:pk>/<slug:action>/", views.RequestTransitionView.as_view(), name="request-transition"),
    path("supervision/", views.SupervisionListView.as_view(), name="supervision"),
    path("intake/residents/", views.IntakeResidentSearchView.as_view(), name="intake-residents"),
    path("intake/residents/<int:pk>/", views.IntakeResidentChosenView.as_view(), name="intake-resident"),
    path("intake/items/", views.IntakeItemSearchView.as_view(), name="intake-items"),
    path("intake/items/<int:pk>/", views.IntakeItemChosenView.as_view(), name="intake-item"),
    path("report/", views.GridReportView.as_view(), name="grid-report"),
    path("status/", views.PublicStatusView.as_view(), name="status-lookup"),
]
