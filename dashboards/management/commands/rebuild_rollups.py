import time

from django.core.management.base import BaseCommand

from dashboards import rollups


class Command(BaseCommand):
    help = "Recompute every dashboard rollup from the source tables."

    def handle(self, *args, **options):
        started = time.monotonic()
        rollups.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rollups rebuilt in {time.monotonic() - started:.1f} s."))
