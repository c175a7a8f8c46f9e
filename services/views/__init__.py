"""The request pages: requests.py (the queue, a request's page and its steps, intake, the receipt, the
grid report, the public status page), photos.py (a request's photos), supervision.py (督办)."""

from .photos import RequestAttachmentView, RequestPhotosView
from .requests import (
    CatalogueView,
    GridReportView,
    IntakeItemChosenView,
    IntakeItemSearchView,
    IntakeResidentChosenView,
    IntakeResidentSearchView,
    IntakeView,
    PublicStatusView,
    ReceiptView,
    RequestDetailView,
    RequestListView,
    RequestTransitionView,
)
from .supervision import SupervisionListView

__all__ = [
    "CatalogueView",
    "GridReportView",
    "IntakeItemChosenView",
    "IntakeItemSearchView",
    "IntakeResidentChosenView",
    "IntakeResidentSearchView",
    "IntakeView",
    "PublicStatusView",
    "ReceiptView",
    "RequestAttachmentView",
    "RequestDetailView",
    "RequestListView",
    "RequestPhotosView",
    "RequestTransitionView",
    "SupervisionListView",
]
