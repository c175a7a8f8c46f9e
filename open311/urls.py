from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"
urlpatterns = [
    path("services.<fmt:fmt>", views.ServiceListView.as_view(), name="services"),
    path("services/<str:code>.<fmt:fmt>", views.ServiceDefinitionView.as_view(), name="service"),
    path("requests.<fmt:fmt>", views.RequestListView.as_view(), name="requests"),
    path("requests/<str:number>.<fmt:fmt>", views.RequestDetailView.as_view(), name="request"),
    path("requests/<str:number>/callback.<fmt:fmt>", views.CallbackView.as_view(), name="callback"),
]
