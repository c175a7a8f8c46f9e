from django.urls import path

from . import views

app_name = "grids"
urlpatterns = [
    path("", views.GridListView.as_view(), name="grid-list"),
    path("<int:pk>/", views.GridDetailView.as_view(), name="grid-detail"),
]
