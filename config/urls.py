from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

accounts = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("", include("portal.urls")),
    path("accounts/", include(accounts)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("grids/", include("grids.urls")),
    path("residents/", include("residents.urls")),
    path("services/", include("services.urls")),
    path("queue/", include("callqueue.urls")),
    path("party/", include("partybuilding.urls")),
    path("deliberation/", include("deliberation.urls")),
    path("cobuilding/", include("cobuilding.urls")),
    path("volunteers/", include("volunteering.urls")),
    path("readiness/", include("readiness.urls")),
    path("honours/", include("honours.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("imports/", include("imports.urls")),
    path("exports/", include("exports.urls")),
    path("open311/v2/", include("open311.urls")),
    path("admin/", admin.site.urls),
]

# A request the database could not serve in time gets "please retry" (503) rather than the 500 page.
handler500 = "portal.views.service_unavailable"
