"""`manage.py bench_export`: the export of a whole street's residents (about 100,000 of the
1,000,000 of `seed_scale`) by a street official, built as the task worker builds it, in a process of
its own, with its time and peak memory; and, for scale, the bare query of the same rows."""

import json
import os
import resource
import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory, override_settings

from exports import actions
from exports.models import Export
from grids.actions import staff_post_assign
from grids.models import Street
from grids.roles import Role
from residents.models import Resident
from residents.views import ResidentListView

SCALE_DISTRICT = "西城区"


class Command(BaseCommand):
    help = "Time the export of a whole street's residents (xlsx and csv) at district scale."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="file_format", choices=["xlsx", "csv"], action="append")
        parser.add_argument("--build", type=int, help="(internal) build this export and report")

    def handle(self, *args, file_format=None, build=None, **options):
        if build:
            return self.build(build, file_format[0])
        street = Street.objects.filter(district__name=SCALE_DISTRICT).order_by("code").first()
        if street is None:
            raise CommandError("No scale district: run seed_scale first.")
        user, _ = get_user_model().objects.get_or_create(username="bench_export", defaults={"first_name": "测试"})
        staff_post_assign(user=user, role=Role.OFFICIAL, area=street)
        rows = Resident.objects.visible_to(user).filter(status="active").count()
        self.stdout.write(f"{street}: {rows} residents on the register")
        results = {"street": str(street), "rows": rows, "load": _load()}
        results["bare_query_seconds"] = self.bare_query(user)
        results["orm_read_seconds"] = self.orm_read(user)
        for name in file_format or ["xlsx", "csv"]:
            export = self.start(user, name)
            command = [sys.executable, "manage.py", "bench_export", "--build", str(export.pk), "--format", name]
            # As the worker runs in production: DEBUG off (with it on, every query's text is kept).
            env = {**os.environ, "DEBUG": "false", "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-export-only"}
            output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout  # noqa: S603
            results[name] = json.loads(output.strip().splitlines()[-1])
            self.stdout.write(f"  {name}: {results[name]}")
        results["load_after"] = _load()
        self.stdout.write(json.dumps(results, ensure_ascii=False))

    def start(self, user, file_format) -> Export:
        """The export as the list's export link starts it: recorded, left to the worker."""
        request = RequestFactory().get(f"/residents/export.{file_format}")
        request.user = user
        lister = ResidentListView()
        lister.setup(request)
        with override_settings(EXPORT_INLINE_ROWS=0):
            from unittest import mock

            # The worker is run here, in a process of its own, not through the queue.
            with mock.patch("exports.tasks.export_build.defer"):
                export, _content = actions.export_start(
                    lister=lister, definition=lister.export_class(), file_format=file_format
                )
        return export

    def build(self, export_id, file_format):
        export = Export.objects.select_related("created_by").get(pk=export_id)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.monotonic()
        export = actions.export_build(export=export, file_format=file_format)
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = {
            "rows": export.total_rows,
            "seconds": round(seconds, 1),
            "peak_mib": round(peak),
            "before_mib": round(baseline),  # the process with Django and the portal loaded, before the export
            "file_mb": round(export.file.size / 1e6, 1),
        }
        self.stdout.write(json.dumps(result))

    def orm_read(self, user) -> float:
        """The export's rows as it reads them (its joins and prefetches, chunk by chunk), not written."""
        from exports.writing import Context, rows_of
        from residents.exports import ResidentExport

        definition = ResidentExport()
        queryset = definition.prepare(Resident.objects.visible_to(user).filter(status="active"), Context(user, False))
        started = time.monotonic()
        for _row in rows_of(queryset):
            pass
        return round(time.monotonic() - started, 1)

    def bare_query(self, user) -> float:
        """The rows' columns read by the ORM with no writing: what the export costs beyond the database."""
        queryset = Resident.objects.visible_to(user).filter(status="active")
        started = time.monotonic()
        with connection.cursor():
            for _row in queryset.values_list("name", "id_number", "phone", "dwelling__room").iterator(chunk_size=2000):
                pass
        return round(time.monotonic() - started, 1)


def _load() -> str:
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])
