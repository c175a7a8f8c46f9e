from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from grids.models import StaffPost


class HomeView(TemplateView):
    """The user's work for today: a panel from each app that has one for them (the requests of their queue,
    the lookup box and their grids, their branch's coming activities, their area's dashboard), then their
    posts and sections.

    An app offers a panel by naming a function in `home_panel` on its AppConfig; the function takes the
    request and returns None or a dict with the panel's `template` and what it shows, so that the site
    shell imports none of the apps (as with `nav`, portal.context_processors)."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        panels = []
        for config in apps.get_app_configs():
            if getattr(config, "home_panel", None):
                panel = import_string(config.home_panel)(self.request)
                if panel is not None:
                    panels.append(panel)
        posts = (
            StaffPost.objects.current()
            .filter(user=self.request.user)
            .select_related("district", "street", "community", "grid__community")
        )
        return super().get_context_data(panels=panels, posts=posts, **kwargs)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 "ok" while the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers once a user name has failed to log in too often from one address."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)
