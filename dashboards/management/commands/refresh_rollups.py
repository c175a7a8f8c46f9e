from django.core.management.base import BaseCommand

from dashboards import rollups


class Command(BaseCommand):
    help = "Bring the dashboard rollups up to date (run every few minutes from a timer in production)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Refresh even if the figures are recent.")

    def handle(self, *args, force=False, **options):
        done = rollups.refresh(force=force)
        self.stdout.write("Refreshed." if done else "Fresh enough, or another process is refreshing.")
