from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("definitions/", views.DefinitionsView.as_view(), name="definitions"),
    path("<slug:level>/<int:pk>/", views.AreaView.as_view(), name="area"),
    path("<slug:level>/<int:pk>/report/", views.ReportView.as_view(), name="report"),
    path("<slug:level>/<int:pk>/ranking/", views.RankingView.as_view(), name="ranking"),
    path("<slug:level>/<int:pk>/export.xlsx", views.ExportView.as_view(), name="export"),
]
