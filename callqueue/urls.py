from django.urls import path

from . import views

app_name = "callqueue"
urlpatterns = [
    path("", views.DeskView.as_view(), name="desk"),
    path("lines/<int:pk>/issue/", views.TicketIssueView.as_view(), name="issue"),
    path("call/", views.CallNextView.as_view(), name="call"),
    path("tickets/<int:pk>/close/", views.TicketCloseView.as_view(), name="close"),
    path("kiosk/<int:community>/", views.KioskView.as_view(), name="kiosk"),
    path("display/<int:community>/", views.DisplayView.as_view(), name="display"),
]
