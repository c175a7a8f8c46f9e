import functools
import sys

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error
from django.views.generic import TemplateView

from common.worker import last_heartbeat, worker_alive
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
        # Roles that are not posts on an area (a department's liaison), as the apps' panels name them.
        other_posts = [post for panel in panels for post in panel.get("posts", ())]
        return super().get_context_data(panels=panels, posts=posts, other_posts=other_posts, **kwargs)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness: 200 "ok" while this process serves and the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Readiness: 200 only when the database answers, its schema has every migration of this code,
    and (unless READY_NEEDS_WORKER is off) a task worker is alive; 503 with the reasons otherwise."""
    problems = []
    try:
        missing = unapplied_migrations()
        if missing:
            problems.append(f"{len(missing)} migrations not applied, e.g. {missing[0]}")
        if settings.READY_NEEDS_WORKER:
            heartbeat = last_heartbeat()
            if heartbeat is None or not worker_alive():
                problems.append(f"no task worker alive (last heartbeat: {heartbeat or 'none'})")
    except DatabaseError as error:
        problems.append(f"database unavailable: {type(error.__cause__ or error).__name__}")
    if problems:
        return HttpResponse("\n".join(problems), status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")


@functools.cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    # The code of a running process does not change: read its migration files once.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unapplied_migrations() -> list[str]:
    """The migrations of this code that the database has not applied, as "app.name", sorted."""
    applied = set(MigrationRecorder(connection).migration_qs.values_list("app", "name"))
    return sorted(f"{app}.{name}" for app, name in _migrations_on_disk() - applied)


def service_unavailable(request):
    """The page of a request that the database could not serve in time or at all (a statement or
    lock timeout, a restart under way); any other error gets the ordinary 500 page.

    Django calls handler500 while the exception is being handled, so it is there to be looked at."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response
    return server_error(request)


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers once a user name has failed to log in too often from one address."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)
