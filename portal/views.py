from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from grids.models import StaffPost


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        posts = (
            StaffPost.objects.current()
            .filter(user=self.request.user)
            .select_related("district", "street", "community", "grid__community")
        )
        return super().get_context_data(posts=posts, **kwargs)


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
